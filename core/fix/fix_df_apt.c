/*
 * fix_df_apt - the apt group: --no-install-recommends, the lists removed in
 * the same RUN, and `apt-get update` merged into the RUN that installs.
 */
#include "fix_df.h"

#include <stdlib.h>
#include <string.h>

#include "dfa.h"

static const char *const apt_with_value[] = { "-o", "-c", "-t", "--option", "--config-file",
					      "--target-release", NULL };

/* apt-get/apt with subcommand `sub` ("install", "update"), at the top level of the script. */
static const struct sh_word *apt_sub(const struct sh_cmd *cmd, const char *sub)
{
	const char *name = sh_cmd_name(cmd);
	const struct sh_word *w;
	if (cmd->depth != 0 || !name || (strcmp(name, "apt-get") != 0 && strcmp(name, "apt") != 0))
		return NULL;
	w = sh_cmd_subcommand(cmd, apt_with_value);
	return w && (!sub || strcmp(w->text, sub) == 0) ? w : NULL;
}

static int has_word_part(const struct sh_cmd *cmd, const char *needle)
{
	for (size_t i = 0; i < cmd->nwords; i++)
		if (strstr(cmd->words[i].text, needle))
			return 1;
	return 0;
}

static int removes_lists(const struct sh_script *sh)
{
	for (size_t i = 0; i < sh->ncmds; i++) {
		const struct sh_cmd *cmd = &sh->cmds[i];
		const char *name = sh_cmd_name(cmd);
		if (!name)
			continue;
		if (strcmp(name, "rm") == 0 && has_word_part(cmd, "/var/lib/apt/lists"))
			return 1;
		if ((strcmp(name, "apt-get") == 0 || strcmp(name, "apt") == 0) &&
		    sh_cmd_subcommand(cmd, apt_with_value) &&
		    strcmp(sh_cmd_subcommand(cmd, apt_with_value)->text, "dist-clean") == 0)
			return 1;
	}
	return 0;
}

static int lists_mounted(const struct df_instr *in)
{
	for (size_t i = 0; i < in->nflags; i++) {
		const char *t = strcmp(in->flags[i].name, "mount") == 0 ? df_flag_kv(&in->flags[i], "target") : NULL;
		const char *ty = t ? df_flag_kv(&in->flags[i], "type") : NULL;
		if (t && ty && strcmp(ty, "cache") == 0 &&
		    (strcmp(t, "/var/lib/apt") == 0 || strcmp(t, "/var/lib/apt/") == 0 ||
		     str_starts(t, "/var/lib/apt/lists")))
			return 1;
	}
	return 0;
}

static int in_scope(const struct fix_ctx *c, const struct df_instr *in, int chain_only)
{
	return in->kind == DF_RUN && in->stage >= 0 && (!chain_only || fix_df_in_chain(c->df, in->stage));
}

/* Packages that fetch over TLS and, without recommends, lose the CA bundle they rely on. */
static const char *const tls_pkgs[] = { "curl", "wget", "git", "gnupg", "gnupg2", "ca-certificates", NULL };
/* Packages whose recommends are commonly relied on. */
static const char *const recommends_relied[][2] = {
	{ "devscripts", "fakeroot, lintian" }, { "dpkg-dev", "fakeroot" }, { "build-essential", "fakeroot" },
};

static int names_pkg(const struct sh_cmd *cmd, const char *pkg)
{
	for (size_t i = 0; i < cmd->nwords; i++)
		if (strcmp(cmd->words[i].text, pkg) == 0)
			return 1;
	return 0;
}

/* The final chain fetches over https:// somewhere (RUN, ADD). */
static int chain_https(const struct fix_ctx *c)
{
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		if (in->stage >= 0 && fix_df_in_chain(c->df, in->stage) && (in->kind == DF_RUN || in->kind == DF_ADD) &&
		    in->args && strstr(in->args, "https://"))
			return 1;
	}
	return 0;
}

/* Absolute paths an instruction names (exec words or shell words), at most. */
#define FIX_APT_PATHS 16

/* Does the Dockerfile, or a script of the image it runs, name one of `words` (as a command word)? */
static const char *image_mentions(const struct fix_ctx *c, const char *const *words)
{
	struct dfa a;
	char *ctx;
	const char *hit = NULL;
	for (size_t i = 0; i < c->df->ninstrs && !hit; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		if ((in->kind == DF_RUN || in->kind == DF_CMD || in->kind == DF_ENTRYPOINT) && in->args)
			for (size_t w = 0; words[w] && !hit; w++)
				if (str_has_word(in->args, " \t;&|()\"'[],", (const char *const[]){ words[w], NULL }))
					hit = words[w];
	}
	if (hit)
		return hit;
	dfa_init(&a, c->df, c->in->path, c->in->fs, c->in->contexts, c->in->ncontexts);
	ctx = dfa_context(&a, 0);
	for (size_t i = 0; i < c->df->ninstrs && !hit; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		const char *p;
		if ((in->kind != DF_RUN && in->kind != DF_CMD && in->kind != DF_ENTRYPOINT) || !in->args)
			continue;
		for (p = in->args; (p = strchr(p, '/')) != NULL && !hit;) {
			size_t n = strcspn(p, " \t;&|()\"'[],");
			char *path = xstrndup(p, n), *text = fix_df_image_file(c, ctx, path);
			for (size_t w = 0; text && words[w] && !hit; w++)
				if (str_has_word(text, " \t\n;&|()\"'", (const char *const[]){ words[w], NULL }))
					hit = words[w];
			free(text);
			free(path);
			p += n ? n : 1;
		}
	}
	free(ctx);
	dfa_free(&a);
	return hit;
}

/*
 * What pip's package recommends that pip needs to build a package that has
 * no wheel: a compiler and the Python headers (Debian python-pip
 * debian/control, bookworm 23.0.1+dfsg-1: "Recommends: build-essential,
 * python3-dev (>= 3.2)"; python-pip: python-dev).
 */
static const char *const pip_recs[][3] = {
	{ "python3-pip", "build-essential", "python3-dev" },
	{ "python-pip", "build-essential", "python-dev" },
};

/* The Dockerfile names `word` in a RUN (a package installed elsewhere, a command). */
static int df_names(const struct fix_ctx *c, const char *word)
{
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		if (in->kind == DF_RUN && in->args &&
		    str_has_word(in->args, " \t\n\\;&|()\"'", (const char *const[]){ word, NULL }))
			return 1;
	}
	return 0;
}

/*
 * The install brings pip, whose recommends are the image's only compiler or
 * Python headers, and the image runs pip: what it builds from source (no
 * wheel) needs them. seafile-docker installs python3-pip, then pip-installs
 * mysqlclient, pylibmc and python-ldap, which build with gcc and Python.h
 * (FIX-HOLDOUT5.md R1). Naming them instead would keep a toolchain in the
 * final image on purpose (size.no-build-tools): berth leaves the install as
 * it is. The package, or NULL.
 */
static const char *pip_builds(const struct fix_ctx *c, const struct sh_cmd *cmd, int runs_pip)
{
	for (size_t p = 0; runs_pip && p < ARRAY_SIZE(pip_recs); p++) {
		int cc, hdr;
		if (!names_pkg(cmd, pip_recs[p][0]))
			continue;
		cc = df_names(c, pip_recs[p][1]) || df_names(c, "gcc");
		hdr = df_names(c, pip_recs[p][2]);
		if (!cc || !hdr)
			return pip_recs[p][0];
	}
	return NULL;
}

/*
 * Packages whose Recommends carry what they need to do their job: without
 * them the install works and the program runs, but does not do what the
 * image installs it for. From each package's Debian control data (bookworm,
 * `apt-cache show`):
 * - libreoffice 4:7.4.7-1+deb12u14: "Recommends: fonts-crosextra-caladea,
 *   fonts-crosextra-carlito, fonts-dejavu, fonts-liberation,
 *   fonts-liberation2, …, fonts-noto-core"; libreoffice-common: "Recommends:
 *   fonts-liberation2 | ttf-mscorefonts-installer"; libreoffice-core Depends
 *   only on fontconfig and fonts-opensymbol (a symbol font). Every
 *   libreoffice-* package pulls libreoffice-common, so without recommends
 *   documents render with no text font (seafile pro's office previews,
 *   FIX-HOLDOUT5.md).
 * - unoconv 0.7-2: "Depends: python3, python3-uno"; "Recommends:
 *   libreoffice-writer, libreoffice-draw, libreoffice-calc,
 *   libreoffice-impress": the office suite it converts with.
 * `pkg` ending in '-' matches the packages that start with it. The install
 * keeps its recommends unless the Dockerfile installs a package starting
 * with one of `given` itself.
 */
struct rec_need {
	const char *pkg;
	const char *given[3];
	const char *what;
};
static const struct rec_need rec_needs[] = {
	{ "libreoffice", { "fonts-liberation", "fonts-crosextra-", "ttf-mscorefonts" },
	  "the metric-compatible text fonts documents render with" },
	{ "libreoffice-", { "fonts-liberation", "fonts-crosextra-", "ttf-mscorefonts" },
	  "the metric-compatible text fonts documents render with" },
	{ "unoconv", { "libreoffice", NULL, NULL }, "the office suite it converts with" },
};

/* A word of a RUN of the Dockerfile starts with `prefix`. */
static int df_names_prefix(const struct fix_ctx *c, const char *prefix)
{
	size_t n = strlen(prefix);
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		const char *seps = " \t\n\\;&|()\"'";
		for (const char *p = in->kind == DF_RUN && in->args ? in->args : ""; *p;) {
			size_t k = strcspn(p, seps);
			if (k >= n && !strncmp(p, prefix, n))
				return 1;
			p += k;
			p += *p != '\0';
		}
	}
	return 0;
}

/* The install brings a package of rec_needs whose needed recommends nothing else provides: its entry, or NULL. */
static const struct rec_need *recommends_needed(const struct fix_ctx *c, const struct sh_cmd *cmd, const char **pkg)
{
	for (size_t r = 0; r < ARRAY_SIZE(rec_needs); r++) {
		const struct rec_need *e = &rec_needs[r];
		size_t n = strlen(e->pkg);
		int given = 0;
		for (size_t g = 0; g < ARRAY_SIZE(e->given) && e->given[g]; g++)
			given |= df_names_prefix(c, e->given[g]);
		for (size_t i = 0; i < cmd->nwords && !given; i++) {
			const char *w = cmd->words[i].text;
			if (e->pkg[n - 1] == '-' ? !strncmp(w, e->pkg, n) && w[n] : !strcmp(w, e->pkg)) {
				*pkg = w;
				return e;
			}
		}
	}
	return NULL;
}

/*
 * Build tools a RUN may call and the packages that provide them when an
 * install names them (Debian: make and gcc/g++ come with build-essential;
 * ExtUtils::MakeMaker's `perl Makefile.PL` writes a Makefile for make).
 * A package `gcc` also matches its versions (`gcc-12`).
 */
static const struct build_tool {
	const char *tool;
	const char *pkgs[5];
} build_tools[] = {
	{ "make", { "make", "build-essential", NULL } },
	{ "gcc", { "gcc", "build-essential", NULL } },
	{ "cc", { "gcc", "build-essential", "clang", NULL } },
	{ "g++", { "g++", "build-essential", NULL } },
	{ "c++", { "g++", "build-essential", "clang", NULL } },
	{ "cmake", { "cmake", NULL } },
	{ "ld", { "binutils", "build-essential", "gcc", "g++", NULL } },
};

/* The build tool command `cmd` calls (`perl Makefile.PL` counts as make), or NULL. */
static const struct build_tool *calls_build_tool(const struct sh_cmd *cmd)
{
	const char *name = sh_cmd_name(cmd);
	if (!name)
		return NULL;
	name = str_basename(name);
	if (!strcmp(name, "perl") && sh_cmd_nargs(cmd) > 0 && !strcmp(sh_cmd_arg(cmd, 0)->text, "Makefile.PL"))
		return &build_tools[0];
	for (size_t t = 0; t < ARRAY_SIZE(build_tools); t++)
		if (!strcmp(name, build_tools[t].tool))
			return &build_tools[t];
	return NULL;
}

/* Word `w` names package `pkg` or a version of it (`gcc-12`, `gcc=4:12`). */
static int word_is_pkg(const char *w, const char *pkg)
{
	size_t n = strlen(pkg);
	return !strncmp(w, pkg, n) && (w[n] == '\0' || w[n] == '=' || (w[n] == '-' && w[n + 1] >= '0' && w[n + 1] <= '9'));
}

/* A package manager that installs what it names (a word of `make install` names no package). */
static int is_installer(const struct sh_cmd *cmd)
{
	static const char *const pms[] = { "apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper", "pip",
					   "pip3", NULL };
	const char *name = sh_cmd_name(cmd);
	for (size_t p = 0; name && pms[p]; p++)
		if (!strcmp(str_basename(name), pms[p]))
			return 1;
	return 0;
}

/* An install of the final chain names a package that provides `bt`. */
static int chain_names_tool(const struct fix_ctx *c, const struct build_tool *bt)
{
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct sh_script sh;
		int named = 0;
		if (!in_scope(c, in, 1) || fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds && !named; j++)
			for (size_t k = 0; is_installer(&sh.cmds[j]) && k < sh.cmds[j].nwords && !named; k++)
				for (size_t p = 0; p < ARRAY_SIZE(bt->pkgs) && bt->pkgs[p] && !named; p++)
					named = word_is_pkg(sh.cmds[j].words[k].text, bt->pkgs[p]);
		sh_free(&sh);
		if (named)
			return 1;
	}
	return 0;
}

/* The last call of a build tool in the final chain that no install names: where, and which. */
struct tool_call {
	size_t instr, cmd;
	int line;
	const char *tool;       /* NULL: none, or the image is a toolchain image */
};

/*
 * The final chain calls a build tool that no install of the chain names,
 * and the chain's image is no toolchain image: the tool may come only as a
 * recommend of an install before the call (LibrePhotos' GPU base:
 * python3-pip's recommended build-essential was the only make of `perl
 * Makefile.PL && make install`, FIX-HOLDOUT8.md R4). Found once per file:
 * the last such call holds every install before it.
 */
static void last_tool_call(const struct fix_ctx *c, struct tool_call *out)
{
	signed char named[ARRAY_SIZE(build_tools)];
	memset(named, -1, sizeof(named));
	memset(out, 0, sizeof(*out));
	for (size_t k = 0; k < c->df->ninstrs; k++) {
		const struct df_instr *in = &c->df->instrs[k];
		struct sh_script sh;
		if (!in_scope(c, in, 1) || fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t n = 0; n < sh.ncmds; n++) {
			const struct build_tool *bt = calls_build_tool(&sh.cmds[n]);
			size_t t = bt ? (size_t)(bt - build_tools) : 0;
			if (!bt)
				continue;
			if (named[t] < 0)
				named[t] = (signed char)chain_names_tool(c, bt);
			if (!named[t])
				*out = (struct tool_call){ k, n, in->line, bt->tool };
		}
		sh_free(&sh);
	}
	if (out->tool) {
		struct dfa a;
		dfa_init(&a, c->df, c->in->path, c->in->fs, c->in->contexts, c->in->ncontexts);
		if (a.final_image && dfa_toolchain_image(a.final_image, 0))
			out->tool = NULL;
		dfa_free(&a);
	}
}

/* size.no-install-recommends's precondition: a command only a Recommends provides, used by the image. */
static const char *withhold_recommends(const struct fix_ctx *c, int relies)
{
	static const char *const only_recommended[] = { "lintian", "fakeroot", "debuild", NULL };
	return relies ? image_mentions(c, only_recommended) : NULL;
}

/* Length of the part of a size.no-install-recommends note that names the installs left alone, at most. */
#define FIX_APT_HELD_NOTE_MAX 600

/* An install left with its recommends: the first is kept for a withheld note, each is named in the note. */
/* *pkg is a copy: p lives in the script's arena, freed before the note is written. */
static void hold_install(struct buf *note, int *held, char **pkg, const char **why, int line,
			 const char *p, const char *w)
{
	char *one = xasprintf("; not the install on line %d, which brings %s, whose recommends are %s", line, p, w);
	if (!*held)
		*held = line, *pkg = xstrdup(p), *why = w;
	/* one note per package and reason, and a few at most */
	if (!(strstr(buf_str(note), p) && strstr(buf_str(note), w)) && note->len + strlen(one) <= FIX_APT_HELD_NOTE_MAX)
		buf_puts(note, one);
	free(one);
}

void fix_df_apt(struct fix_ctx *c)
{
	struct fix *f = NULL;
	int https = chain_https(c), added_ca = 0, relies = 0, git = 0, held = 0;
	/* pip runs in the image: what it builds from source needs pip's recommends */
	int runs_pip = df_names(c, "pip") || df_names(c, "pip3");
	char *held_pkg = NULL, *tool_why = NULL;
	const char *held_why = NULL;
	struct buf relied = BUF_INIT, held_note = BUF_INIT;
	const char *uses;
	struct tool_call call;
	last_tool_call(c, &call);
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct sh_script sh;
		if (!in_scope(c, in, 1) || fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++) {
			const struct sh_cmd *cmd = &sh.cmds[j];
			const struct sh_word *w = apt_sub(cmd, "install");
			int tls = 0;
			const char *pp;
			const struct rec_need *need;
			if (!w || sh_cmd_has_opt(cmd, "--no-install-recommends") ||
			    has_word_part(cmd, "Install-Recommends=false") ||
			    has_word_part(cmd, "Install-Recommends=0"))
				continue;
			if (call.tool && (i < call.instr || (i == call.instr && j < call.cmd))) {
				char *why = xasprintf("maybe the only %s the RUN on line %d calls "
						      "(no install of the image names one)", call.tool, call.line);
				hold_install(&held_note, &held, &held_pkg, &held_why, in->line, "its packages", why);
				if (held_why == why)
					tool_why = why;
				else
					free(why);
				continue;
			}
			if ((pp = pip_builds(c, cmd, runs_pip)) != NULL) {
				hold_install(&held_note, &held, &held_pkg, &held_why, in->line, pp,
					     "the compiler and headers pip builds packages without wheels with");
				continue;
			}
			if ((need = recommends_needed(c, cmd, &pp)) != NULL) {
				hold_install(&held_note, &held, &held_pkg, &held_why, in->line, pp, need->what);
				continue;
			}
			if (!f)
				f = fix_new(c, ITEM_SIZE_NO_INSTALL_RECOMMENDS, "apt-no-recommends",
					    "add --no-install-recommends to apt-get install");
			for (size_t t = 0; tls_pkgs[t]; t++)
				tls |= names_pkg(cmd, tls_pkgs[t]);
			for (size_t r = 0; r < ARRAY_SIZE(recommends_relied); r++)
				if (names_pkg(cmd, recommends_relied[r][0])) {
					relies = 1;
					if (!strstr(buf_str(&relied), recommends_relied[r][1]))
						buf_printf(&relied, "%s%s (of %s)", relied.len ? ", " : "",
							   recommends_relied[r][1], recommends_relied[r][0]);
				}
			{
				/* what came only as a recommend and is relied on stays: the CA bundle, git's ssh, pager, patch */
				struct buf keep = BUF_INIT;
				buf_puts(&keep, " --no-install-recommends");
				if ((tls || https) && !names_pkg(cmd, "ca-certificates")) {
					buf_puts(&keep, " ca-certificates");
					added_ca = 1;
				}
				if (names_pkg(cmd, "git")) {
					static const char *const git_recs[] = { "openssh-client", "less", "patch" };
					for (size_t g = 0; g < ARRAY_SIZE(git_recs); g++)
						if (!names_pkg(cmd, git_recs[g]))
							buf_printf(&keep, " %s", git_recs[g]), git = 1;
				}
				fix_insert(f, c->in->path, fix_df_end(in, w->end), "%s", buf_str(&keep));
				buf_free(&keep);
			}
		}
		sh_free(&sh);
	}
	if (held && !f) {
		fix_new_withheld(c, ITEM_SIZE_NO_INSTALL_RECOMMENDS, "apt-no-recommends",
				 "add --no-install-recommends to apt-get install",
				 "withheld: the install on line %d brings %s, whose recommends are %s, which "
				 "nothing else in the image provides: name them, or keep the recommends", held,
				 held_pkg, held_why);
		buf_free(&relied);
		buf_free(&held_note);
		free(held_pkg);
		free(tool_why);
		return;
	}
	if (f && held)
		f->partial = 1; /* the held install's finding stays */
	if (f && (uses = withhold_recommends(c, relies)) != NULL)
		fix_withhold(f, "withheld: the image runs %s, which only a Recommends of %s provides", uses,
			     buf_str(&relied));
	else if (f) {
		fix_set_note(f, "review: recommended packages are no longer installed%s%s%s%s%s; check nothing the "
			     "image runs relied on one", added_ca ? "; ca-certificates is kept where the install "
			     "fetches over TLS" : "", git ? "; git keeps openssh-client, less and patch" : "",
			     buf_str(&held_note), relied.len ? "; commonly relied on: " : "", buf_str(&relied));
	}
	buf_free(&held_note);
	buf_free(&relied);
	free(held_pkg);
	free(tool_why);
}

/* The last top-level apt command after which "&& rm -rf lists" can follow, or NULL. */
static const struct sh_cmd *last_apt(const struct sh_script *sh)
{
	const struct sh_cmd *last = NULL;
	for (size_t j = 0; j < sh->ncmds; j++)
		if (apt_sub(&sh->cmds[j], NULL))
			last = &sh->cmds[j];
	if (last && (last->op == SH_OR || last->op == SH_PIPE || last->op == SH_BG))
		return NULL;
	return last;
}

static int installs(const struct sh_script *sh)
{
	for (size_t j = 0; j < sh->ncmds; j++)
		if (apt_sub(&sh->cmds[j], "install"))
			return 1;
	return 0;
}

static int updates(const struct sh_script *sh)
{
	for (size_t j = 0; j < sh->ncmds; j++)
		if (apt_sub(&sh->cmds[j], "update"))
			return 1;
	return 0;
}

/* RUNs of stage `stage` that update and install. */
static size_t update_installs(const struct fix_ctx *c, int stage)
{
	size_t n = 0;
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		struct sh_script sh;
		if (c->df->instrs[i].stage != stage || c->df->instrs[i].kind != DF_RUN ||
		    fix_df_sh(&c->df->instrs[i], &sh) < 0)
			continue;
		n += installs(&sh) && updates(&sh);
		sh_free(&sh);
	}
	return n;
}

/* Stage `t` is built FROM `s`, directly or through other stages. */
static int built_on(const struct df_file *df, int t, int s)
{
	int n = 0;
	for (int p = df->stages[t].parent; p >= 0 && n < FIX_DF_MAX_CHAIN; p = df->stages[p].parent, n++)
		if (p == s)
			return 1;
	return 0;
}

/*
 * size.apt-lists-cleaned's precondition: a later stage built FROM `stage`
 * that runs an apt install with no `apt-get update` of its own before it
 * reads the lists this stage has. Its line, or 0.
 */
static int withhold_apt_lists(const struct fix_ctx *c, int stage)
{
	for (size_t t = (size_t)stage + 1; t < c->df->nstages; t++) {
		const struct df_stage *st = &c->df->stages[t];
		int updated = 0;
		if (!built_on(c->df, (int)t, stage))
			continue;
		for (size_t i = st->first; i < st->first + st->count && i < c->df->ninstrs; i++) {
			struct sh_script sh;
			if (c->df->instrs[i].kind != DF_RUN || fix_df_sh(&c->df->instrs[i], &sh) < 0)
				continue;
			for (size_t j = 0; j < sh.ncmds; j++) {
				if (apt_sub(&sh.cmds[j], "update"))
					updated = 1;
				else if (apt_sub(&sh.cmds[j], "install") && !updated) {
					sh_free(&sh);
					return c->df->instrs[i].line;
				}
			}
			sh_free(&sh);
		}
	}
	return 0;
}

/*
 * A later RUN of the same stage as instruction `i` that runs an apt install
 * before any apt-get update (its own or a RUN's between) reads the lists
 * RUN `i` leaves: its line, or 0. (linkding's linkding-plus installs gnupg2
 * in the RUN after the one that updates and installs chromium.)
 */
static int later_run_needs_lists(const struct fix_ctx *c, size_t i)
{
	const struct df_stage *st = &c->df->stages[c->df->instrs[i].stage];
	for (size_t k = i + 1; k < st->first + st->count && k < c->df->ninstrs; k++) {
		struct sh_script sh;
		if (c->df->instrs[k].kind != DF_RUN || fix_df_sh(&c->df->instrs[k], &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++) {
			int line = c->df->instrs[k].line;
			if (apt_sub(&sh.cmds[j], "update")) {
				sh_free(&sh);
				return 0;
			}
			if (apt_sub(&sh.cmds[j], "install")) {
				sh_free(&sh);
				return line;
			}
		}
		sh_free(&sh);
	}
	return 0;
}

/*
 * Add the lists removal to every RUN in scope that installs with apt; with
 * `need_update`, only to RUNs that also update, in stages with several.
 */
static void add_rm_lists(struct fix_ctx *c, struct fix **f, int item, int chain_only, int need_update)
{
	/* counted once per stage: a file may hold thousands of RUNs */
	size_t *per_stage = need_update ? xcalloc(c->df->nstages + 1, sizeof(*per_stage)) : NULL;
	int *later = xcalloc(c->df->nstages + 1, sizeof(*later)), held = 0, run_held = 0, run_needs = 0;
	/* the lists removal is size.apt-lists-cleaned's edit: never where the author suppressed it (DL3009) */
	unsigned char *kept = fix_df_suppressed(c, ITEM_SIZE_APT_LISTS_CLEANED);
	unsigned char *own = item != ITEM_SIZE_APT_LISTS_CLEANED ? fix_df_suppressed(c, item) : NULL;
	int supp_line = 0, supp_item = item;
	for (size_t s = 0; per_stage && s < c->df->nstages; s++)
		per_stage[s] = update_installs(c, (int)s);
	for (size_t s = 0; s < c->df->nstages; s++)
		later[s] = withhold_apt_lists(c, (int)s);
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		const struct sh_cmd *last;
		struct sh_script sh;
		if (!in_scope(c, in, chain_only) || (need_update && per_stage[in->stage] < 2) ||
		    fix_df_sh(in, &sh) < 0)
			continue;
		if (installs(&sh) && (!need_update || updates(&sh)) && !removes_lists(&sh) &&
		    !lists_mounted(in) && (kept[i] || (own && own[i]))) {
			if (!supp_line) {
				supp_line = in->line;
				supp_item = kept[i] ? ITEM_SIZE_APT_LISTS_CLEANED : item;
			}
		} else if (installs(&sh) && (!need_update || updates(&sh)) && !removes_lists(&sh) &&
		    !lists_mounted(in) && (last = last_apt(&sh)) != NULL && later[in->stage]) {
			held = later[in->stage];
		} else if (installs(&sh) && (!need_update || updates(&sh)) && !removes_lists(&sh) &&
		    !lists_mounted(in) && (last = last_apt(&sh)) != NULL &&
		    (run_needs = later_run_needs_lists(c, i)) != 0) {
			if (!run_held) {
				run_held = in->line;
				held = held ? held : -run_needs;
			}
		} else if (installs(&sh) && (!need_update || updates(&sh)) && !removes_lists(&sh) &&
		    !lists_mounted(in) && (last = last_apt(&sh)) != NULL) {
			if (!*f)
				*f = fix_new(c, item, "apt-lists", "remove the apt lists in the RUN that installs");
			fix_df_chain_cmd(*f, c, in, fix_df_end(in, last->end), "rm -rf /var/lib/apt/lists/*");
		}
		sh_free(&sh);
	}
	free(kept);
	free(own);
	if (supp_line && !*f && !held) {
		fix_new_withheld(c, item, "apt-lists", "remove the apt lists in the RUN that installs",
				 "withheld: the RUN on line %d keeps its apt lists under a pragma (or config) that "
				 "suppresses %s: berth does not remove what the author chose to keep", supp_line,
				 item_defs[supp_item].key);
		free(later);
		free(per_stage);
		return;
	}
	if (supp_line && *f) {
		(*f)->partial = 1; /* the suppressed RUN keeps its lists */
		if (!held)
			fix_set_note(*f, "safe: the lists go in the RUNs that install; not in the RUN on line %d, "
				     "which keeps them under a pragma (or config) that suppresses %s", supp_line,
				     item_defs[supp_item].key);
	}
	if (held < 0 && !*f)
		fix_new_withheld(c, item, "apt-lists", "remove the apt lists in the RUN that installs",
				 "withheld: the RUN on line %d installs with apt without an apt-get update of its own: "
				 "it needs the lists the RUN on line %d leaves (add apt-get update there first, "
				 "or merge the two RUNs)", -held, run_held);
	else if (held < 0) {
		fix_set_note(*f, "safe: the lists go in the RUNs that install; not in the RUN on line %d, whose "
			     "lists the RUN on line %d installs from without apt-get update (add it there first)",
			     run_held, -held);
		(*f)->partial = 1; /* the held RUN's finding stays */
	}
	else if (held && !*f)
		fix_new_withheld(c, item, "apt-lists", "remove the apt lists in the RUN that installs",
				 "withheld: the stage on line %d installs with apt without its own apt-get update: "
				 "it needs the lists this stage keeps (add apt-get update there first)", held);
	else if (held)
		fix_set_note(*f, "safe: the lists go in the RUNs that install; not in the stage a later stage "
			     "installs from without apt-get update (line %d)", held);
	free(later);
	free(per_stage);
}

void fix_df_apt_lists(struct fix_ctx *c)
{
	struct fix *f = NULL;
	add_rm_lists(c, &f, ITEM_SIZE_APT_LISTS_CLEANED, 1, 0);
}

/* A RUN whose only commands are apt-get update: the text of the first (malloc'd). */
static char *update_only(const struct df_instr *in)
{
	struct sh_script sh;
	char *text = NULL;
	int only = 1;
	if (fix_df_sh(in, &sh) < 0)
		return NULL;
	for (size_t j = 0; j < sh.ncmds; j++)
		only &= apt_sub(&sh.cmds[j], "update") != NULL && sh.cmds[j].nassign == 0;
	if (only && sh.ncmds > 0)
		text = xstrndup(fix_df_script(in) + sh.cmds[0].start, sh.cmds[0].end - sh.cmds[0].start);
	sh_free(&sh);
	return text;
}

/* The RUN's first top-level apt install: where it starts, and whether the RUN updates too. */
static int run_install(const struct df_instr *in, size_t *at, int *has_update)
{
	struct sh_script sh;
	int found = 0;
	if (in->kind != DF_RUN || fix_df_sh(in, &sh) < 0)
		return 0;
	for (size_t j = 0; j < sh.ncmds && !found; j++)
		if (apt_sub(&sh.cmds[j], "install") && (j == 0 || sh.cmds[j - 1].op != SH_PIPE)) {
			*at = fix_df_start(in, sh.cmds[j].start);
			*has_update = updates(&sh);
			found = 1;
		}
	sh_free(&sh);
	return found;
}

/*
 * An update-only RUN is removed and its update joins the next RUN of the
 * stage that installs. Walked backwards, so that each RUN is parsed once
 * and only the nearest update-only RUN gives the install its update.
 */
void fix_df_apt_layer(struct fix_ctx *c)
{
	struct fix *f = NULL;
	const char *d = c->df->data;
	size_t at = 0;
	int stage = -2, has_next = 0, has_update = 0;
	for (size_t i = c->df->ninstrs; i-- > 0;) {
		const struct df_instr *in = &c->df->instrs[i];
		char *upd;
		if (in->stage != stage) {
			stage = in->stage;
			has_next = 0;
		}
		if (!in_scope(c, in, 0))
			continue;
		if ((upd = update_only(in)) != NULL) {
			if (has_next) {
				if (!f)
					f = fix_new(c, ITEM_PERF_SINGLE_APT_LAYER, "apt-update-merge",
						    "merge apt-get update into the RUN that installs");
				fix_edit(f, c->in->path, fix_line_start(d, in->span.start),
					 fix_line_next(d, c->df->len, in->span.end), "");
				if (!has_update)
					fix_insert(f, c->in->path, at, "%s && ", upd);
				has_update = 1;
			}
			free(upd);
		} else if (run_install(in, &at, &has_update)) {
			has_next = 1;
		}
	}
	/* several RUNs that update and install: each removing its lists is fine (info) */
	add_rm_lists(c, &f, ITEM_PERF_SINGLE_APT_LAYER, 0, 1);
}
