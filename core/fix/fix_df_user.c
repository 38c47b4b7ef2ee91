/*
 * fix_df_user - a non-root user that fits the base image, placed before the
 * CMD that starts the app (sec.non-root), and --chown on the COPYs that come
 * after the switch (corr.copy-ownership).
 */
#include "fix_df.h"

#include "dfa.h"

#include <stdlib.h>
#include <string.h>

enum family { FAM_NONE, FAM_DEBIAN, FAM_ALPINE, FAM_NODE, FAM_DISTROLESS, FAM_SCRATCH };

/* Images whose default variant is Debian- or Ubuntu-based (useradd is there). */
static const char *const debian_images[] = {
	"python", "ruby", "golang", "rust", "php", "perl", "openjdk", "eclipse-temurin", "maven",
	"gradle", "debian", "ubuntu", "buildpack-deps", "elixir", "erlang", "haskell", "gcc",
	"node", "nginx", "httpd", "postgres", "redis", "mysql", "mariadb", "tomcat", "amazoncorretto",
	"centos", "fedora", "rockylinux", "almalinux", "amazonlinux", NULL,
};

/* The repository path of an image without registry and "library/", tag and digest (malloc'd). */
static char *image_name(const char *ref)
{
	const char *p = ref, *slash = strchr(ref, '/');
	size_t n;
	if (slash && (memchr(ref, '.', (size_t)(slash - ref)) || memchr(ref, ':', (size_t)(slash - ref)) ||
		      str_starts(ref, "localhost/")))
		p = slash + 1;
	if (str_starts(p, "library/"))
		p += strlen("library/");
	n = strcspn(p, "@");
	for (size_t i = n; i-- > 0;)
		if (p[i] == '/')
			break;
		else if (p[i] == ':') {
			n = i;
			break;
		}
	return xstrndup(p, n);
}

static int uses_cmd(const struct fix_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct sh_script sh;
		int found = 0;
		if (in->kind != DF_RUN || in->stage < 0 || !fix_df_in_chain(c->df, in->stage) ||
		    fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++)
			found |= sh_cmd_name(&sh.cmds[j]) && strcmp(sh_cmd_name(&sh.cmds[j]), name) == 0;
		sh_free(&sh);
		if (found)
			return 1;
	}
	return 0;
}

static enum family family_of(const struct fix_ctx *c)
{
	int root = fix_df_chain_root(c->df);
	const char *ref;
	char *name;
	enum family fam = FAM_NONE;
	if (root < 0)
		return FAM_NONE;
	ref = c->df->stages[root].image_resolved;
	if (ref && str_ieq(ref, "scratch"))
		return FAM_SCRATCH;
	if (!ref)
		return uses_cmd(c, "apk") ? FAM_ALPINE : uses_cmd(c, "apt-get") ? FAM_DEBIAN : FAM_NONE;
	name = image_name(ref);
	if (strstr(ref, "distroless") || str_starts(ref, "cgr.dev/chainguard/"))
		fam = FAM_DISTROLESS;
	else if (strstr(ref, "alpine"))
		fam = strcmp(name, "node") == 0 ? FAM_NODE : FAM_ALPINE;
	else if (strcmp(name, "node") == 0)
		fam = FAM_NODE;
	else {
		static const char *const debian_tags[] = { "slim", "bookworm", "bullseye", "buster", "trixie",
			"jammy", "focal", "noble", NULL };
		for (size_t i = 0; debian_images[i]; i++)
			if (strcmp(name, debian_images[i]) == 0)
				fam = FAM_DEBIAN;
		/* Debian-based by their tag, or Microsoft's .NET images (Debian too) */
		for (size_t i = 0; fam == FAM_NONE && debian_tags[i]; i++)
			if (strrchr(ref, ':') && !strchr(strrchr(ref, ':'), '/') &&
			    strstr(strrchr(ref, ':'), debian_tags[i]))
				fam = FAM_DEBIAN;
		if (fam == FAM_NONE && str_starts(ref, "mcr.microsoft.com/dotnet/") && !strstr(ref, "windows") &&
		    !strstr(ref, "nanoserver"))
			fam = FAM_DEBIAN;
		if (fam == FAM_NONE)
			fam = uses_cmd(c, "apk") ? FAM_ALPINE : uses_cmd(c, "apt-get") ? FAM_DEBIAN : FAM_NONE;
	}
	free(name);
	return fam;
}

/* root, 0, root:..., 0:... */
static int is_root(const char *u)
{
	size_t n = strcspn(u, ":");
	return (n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

/* The last USER of the final chain (instruction index), or -1. */
static long last_user(const struct df_file *df)
{
	int s = fix_df_final_stage(df);
	for (int depth = 0; s >= 0 && depth < FIX_DF_MAX_CHAIN; depth++) {
		const struct df_stage *st = &df->stages[s];
		for (size_t i = st->first + st->count; i-- > st->first + 1;)
			if (i < df->ninstrs && df->instrs[i].kind == DF_USER)
				return (long)i;
		s = st->parent;
	}
	return -1;
}

static const char *user_of(const struct df_instr *in)
{
	return in->nwords ? in->words[0].text : in->args ? in->args : "";
}

/* A user created by useradd/adduser in the final chain: the last name given (malloc'd). */
static char *created_user(const struct fix_ctx *c)
{
	char *name = NULL;
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct sh_script sh;
		if (in->kind != DF_RUN || in->stage < 0 || !fix_df_in_chain(c->df, in->stage) ||
		    fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++) {
			const char *cmd = sh_cmd_name(&sh.cmds[j]);
			const struct sh_word *w = sh_cmd_nargs(&sh.cmds[j]) ?
				sh_cmd_arg(&sh.cmds[j], sh_cmd_nargs(&sh.cmds[j]) - 1) : NULL;
			if (cmd && (strcmp(cmd, "useradd") == 0 || strcmp(cmd, "adduser") == 0) && w &&
			    w->text[0] != '-' && !strchr(w->text, '$') && *w->text) {
				free(name);
				name = xstrdup(w->text);
			}
		}
		sh_free(&sh);
	}
	return name;
}

/* The lines creating and switching to the user (malloc'd), NULL when the base is unknown. */
static char *user_lines(const struct fix_ctx *c, enum family fam, const char *given, const char *made)
{
	const char *nl = c->nl;
	char esc = c->df->escape, *ind, *r;
	if (made)
		return xasprintf("USER %s%s", made, nl);
	if (fam == FAM_NODE && !given)
		return xasprintf("USER node%s", nl);
	if (fam == FAM_DISTROLESS)
		return xasprintf("USER nonroot%s", nl);
	if (fam == FAM_SCRATCH)
		return xasprintf("USER 65534:65534%s", nl);
	if (!given)
		given = "app";
	if (fam == FAM_ALPINE || (fam == FAM_NODE && c->df->stages[fix_df_chain_root(c->df)].image_resolved &&
				  strstr(c->df->stages[fix_df_chain_root(c->df)].image_resolved, "alpine")))
		return xasprintf("RUN addgroup -S %s && adduser -S -G %s %s%sUSER %s%s",
				 given, given, given, nl, given, nl);
	if (fam != FAM_DEBIAN && fam != FAM_NODE)
		return NULL;
	ind = fix_df_indent(c);
	r = xasprintf("RUN groupadd -g 1000 %s && %c%s%suseradd -m -u 1000 -g %s %s%sUSER %s%s",
		      given, esc, nl, ind, given, given, nl, given, nl);
	free(ind);
	return r;
}

void fix_df_user(struct fix_ctx *c)
{
	int final = fix_df_final_stage(c->df);
	long lu = last_user(c->df);
	const char *given = fix_value(c, "user");
	char *made, *lines;
	struct fix *f;

	if (final < 0 || (lu >= 0 && !is_root(user_of(&c->df->instrs[lu]))))
		return;
	if (fix_df_final_image(c->df) && strstr(fix_df_final_image(c->df), "nonroot"))
		return;
	made = given ? NULL : created_user(c);
	lines = user_lines(c, family_of(c), given, made);
	if (lines) {
		f = fix_new(c, ITEM_SEC_NON_ROOT, "non-root-user", "run as a non-root user");
		fix_df_insert_lines(f, c, fix_df_tail(c, final, NULL), lines);
	}
	free(lines);
	free(made);
}

/* Into /etc or /usr: system files that root should own. */
static int system_dest(const struct df_instr *in)
{
	struct df_span sp;
	const char *d = dfa_copy_dest(in, &sp);
	return d && (str_starts(d, "/etc") || str_starts(d, "/usr")) && (d[4] == '/' || d[4] == '\0');
}

void fix_df_chown(struct fix_ctx *c)
{
	struct fix *f = NULL;
	int chain[FIX_DF_MAX_CHAIN], n = 0;
	const char *user = NULL;
	for (int s = fix_df_final_stage(c->df); s >= 0 && n < FIX_DF_MAX_CHAIN; s = c->df->stages[s].parent)
		chain[n++] = s;
	/* build order: the root stage first; USER carries over into the stages built on it */
	while (n-- > 0) {
		const struct df_stage *st = &c->df->stages[chain[n]];
		for (size_t i = st->first + 1; i < st->first + st->count && i < c->df->ninstrs; i++) {
			const struct df_instr *in = &c->df->instrs[i];
			if (in->kind == DF_USER)
				user = is_root(user_of(in)) ? NULL : user_of(in);
			if ((in->kind != DF_COPY && in->kind != DF_ADD) || !user || df_flag_get(in, "chown") ||
			    system_dest(in))
				continue;
			if (!f)
				f = fix_new(c, ITEM_CORR_COPY_OWNERSHIP, "copy-chown",
					    "give copied files to the user that runs the app (--chown)");
			fix_insert(f, c->in->path, in->nflags ? in->flags[0].span.start : in->args_span.start,
				   "--chown=%s ", user);
		}
	}
}
