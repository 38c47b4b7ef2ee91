/*
 * fix_df_roles - sec.healthcheck's "one image, one role" precondition
 * (FIX-REVIEW.md R4, FIX-HOLDOUT7.md R1). A HEALTHCHECK baked into an image
 * holds for every container of it; when the repository also runs the image
 * as something that serves no port (a queue worker, a scheduler, a
 * migration), those containers are unhealthy for ever. The image has more
 * than one role when:
 *   - Compose services of the repository that run it (build this Dockerfile,
 *     or run its image by name) give it different commands or entrypoints,
 *     or different values of a switch the image declares (mediacms's
 *     ENABLE_UWSGI='yes' in the Dockerfile, 'no' on its celery services);
 *   - the repository's README or docs run it detached with another command
 *     (SimpleLogin's `docker run -d ... simplelogin/app python email_handler.py`);
 *   - the image served is built from an earlier stage of the final chain
 *     (a Compose `build.target`, a workflow's or bake file's target), so the
 *     probe would go into a variant built on it (mediacms's `full`, its worker
 *     image) and not into the served one.
 */
#include "fix_df.h"
#include "fix_compose.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dfa.h"
#include "yamldoc.h"

/* Switches (boolean ENV values of the final chain) compared across services, at most. */
#define FIX_ROLE_SWITCHES 32
/* Files read for a build target or a documented `docker run` (workflows, bake, Makefile, docs), at most. */
#define FIX_ROLE_FILES 64
/* Largest such file read. */
#define FIX_ROLE_FILE_MAX (512u * 1024u)
/* Words of a documented `docker run` looked at, at most. */
#define FIX_ROLE_RUN_WORDS 96

/* A value that turns something on or off. */
static int boolish(const char *v)
{
	static const char *const words[] = { "yes", "no", "true", "false", "on", "off", "0", "1", "enabled",
					     "disabled", "enable", "disable", NULL };
	for (size_t i = 0; v && words[i]; i++)
		if (str_ieq(v, words[i]))
			return 1;
	return 0;
}

/* 1 for yes/true/on/1/enable(d), 0 otherwise. */
static int truthy(const char *v)
{
	return v && (str_ieq(v, "yes") || str_ieq(v, "true") || str_ieq(v, "on") || !strcmp(v, "1") ||
		     str_ieq(v, "enabled") || str_ieq(v, "enable"));
}

struct roles {
	const char *keys[FIX_ROLE_SWITCHES];    /* the final chain's boolean ENVs */
	const char *dflt[FIX_ROLE_SWITCHES];
	size_t nkeys;
	char *wd;               /* the final WORKDIR, or NULL */
	int final;
	char *first_name;       /* the first service running the image: its command, entrypoint, switches */
	char *first_cmd, *first_ep, *first_sw;
	char *why;              /* the first difference found */
	int whole;              /* why is the whole note */
};

const char *fix_df_env_value(const struct ydoc_node *env, const char *key)
{
	size_t kl = strlen(key);
	for (size_t i = 0; env && env->type == YDOC_MAPPING && i < env->npairs; i++)
		if (ydoc_str(env->pairs[i].key) && !strcmp(ydoc_str(env->pairs[i].key), key))
			return ydoc_str(env->pairs[i].value) ? ydoc_str(env->pairs[i].value) : "";
	for (size_t i = 0; env && env->type == YDOC_SEQUENCE && i < env->nitems; i++) {
		const char *kv = ydoc_str(env->items[i]);
		if (kv && !strncmp(kv, key, kl) && kv[kl] == '=')
			return kv + kl + 1;
	}
	return NULL;
}

/* A key of the service as one string ("" when unset): command or entrypoint (malloc'd). */
static char *joined(const struct ydoc_node *svc, const char *key)
{
	const struct ydoc_node *v = ydoc_get(svc, key);
	struct buf b = BUF_INIT;
	if (v && ydoc_str(v))
		buf_puts(&b, ydoc_str(v));
	for (size_t i = 0; v && v->type == YDOC_SEQUENCE && i < v->nitems; i++)
		if (ydoc_str(v->items[i]))
			buf_printf(&b, "%s%s", i ? " " : "", ydoc_str(v->items[i]));
	return buf_detach(&b);
}

/* The repository folder `p` is a build context of the Dockerfile (its folder when none is known). */
static int is_context(const struct fix_ctx *c, const char *p)
{
	struct dfa a;
	int yes = 0;
	dfa_init(&a, c->df, c->in->path, c->in->fs, c->in->contexts, c->in->ncontexts);
	for (size_t k = 0; k <= c->in->ncontexts && !yes; k++) {
		char *ctx = k < c->in->ncontexts ? dfa_context(&a, k) : str_dirname(c->in->path);
		yes = ctx && !strcmp(ctx, p);
		free(ctx);
	}
	dfa_free(&a);
	return yes;
}

/*
 * The service binds the Dockerfile's build context at the image's final
 * WORKDIR: the files the image copied there, mounted over them (mediacms's
 * `./:/home/mediacms.io/mediacms/`). Another folder at the same path is
 * another image's code (lago's `./api:/app`).
 */
static int binds_workdir(const struct fix_ctx *c, const char *file, const struct ydoc_node *svc, const char *wd)
{
	const struct ydoc_node *v = ydoc_get(svc, "volumes");
	size_t wl = wd ? strlen(wd) : 0;
	char *fdir = str_dirname(file);
	int yes = 0;
	for (size_t i = 0; wl > 1 && v && v->type == YDOC_SEQUENCE && i < v->nitems && !yes; i++) {
		char *src = NULL, *tgt = NULL, *p;
		int ro;
		if (cfile_volume_parts(v->items[i], &src, &tgt, &ro) == 0 && src[0] == '.') {
			size_t tl = strlen(tgt);
			while (tl > 1 && tgt[tl - 1] == '/')
				tl--;
			p = path_join_norm(fdir, src);
			yes = tl == wl && !strncmp(tgt, wd, wl) && p && is_context(c, p);
			free(p);
		}
		free(src);
		free(tgt);
	}
	free(fdir);
	return yes;
}

/*
 * A service that builds nothing runs this Dockerfile's image: by name
 * (fix_df_runs_image), or, for an image without facts, because it binds the
 * repository at the image's WORKDIR or sets a switch the image declares.
 */
static int runs_this(const struct fix_ctx *c, const struct roles *r, const char *file, const struct ydoc_node *svc)
{
	const char *image = ydoc_str(ydoc_get(svc, "image"));
	const struct ydoc_node *env = ydoc_get(svc, "environment");
	if (ydoc_get(svc, "build"))
		return 1;
	if (!image || strchr(image, '$'))
		return 0;
	if (fix_df_runs_image(c, file, image))
		return 1;
	if (fix_image_known(c->in->cfg, image))
		return 0;
	if (binds_workdir(c, file, svc, r->wd))
		return 1;
	for (size_t k = 0; k < r->nkeys; k++)
		if (fix_df_env_value(env, r->keys[k]))
			return 1;
	return 0;
}

/* One service near the Dockerfile: its role against the first one's. */
static int role_of(const struct fix_ctx *c, const char *file, const char *name, const struct ydoc_node *svc, void *arg)
{
	struct roles *r = arg;
	const struct ydoc_node *b = ydoc_get(svc, "build"), *env = ydoc_get(svc, "environment");
	const char *target = b && b->type == YDOC_MAPPING ? ydoc_str(ydoc_get(b, "target")) : NULL;
	struct buf sw = BUF_INIT;
	char *cmd, *ep;
	/* the walk may go on past a stop (the rest of that Compose file): the first reason stands */
	if (r->why)
		return 1;
	if (!runs_this(c, r, file, svc))
		return 0;
	if (target) {
		int st = df_stage_find(c->df, target, c->df->nstages);
		/* an earlier stage of the final chain is served: the probe would go into a variant built on it */
		if (st >= 0 && st != r->final && fix_df_in_chain(c->df, st)) {
			r->why = xasprintf("withheld: the Compose service %s (%s) runs the stage %s, which the final "
					   "stage builds on: a HEALTHCHECK at the end would not be in the image it serves, "
					   "and would be in the variant built on it, which may run as something else; add a "
					   "healthcheck to the serving service instead", name, file, target);
			r->whole = 1;
			return 1;
		}
		/* another stage altogether (a dev target): not this image */
		if (st >= 0 && st != r->final)
			return 0;
	}
	cmd = joined(svc, "command");
	ep = joined(svc, "entrypoint");
	/* options alone are arguments to the image's own entrypoint: the same program (LibreTranslate's --disable-web-ui) */
	if (cmd[0] == '-')
		cmd[0] = '\0';
	for (size_t k = 0; k < r->nkeys; k++) {
		const char *v = fix_df_env_value(env, r->keys[k]);
		buf_printf(&sw, "%s=%d\n", r->keys[k], truthy(v ? v : r->dflt[k]));
	}
	if (!r->first_name) {
		r->first_name = xasprintf("%s (%s)", name, file);
		r->first_cmd = cmd;
		r->first_ep = ep;
		r->first_sw = buf_detach(&sw);
		return 0;
	}
	if (strcmp(r->first_cmd, cmd) != 0 || strcmp(r->first_ep, ep) != 0 || strcmp(r->first_sw, buf_str(&sw)) != 0)
		r->why = xasprintf("the Compose services %s and %s (%s) run it with different %s", r->first_name, name,
				   file, strcmp(r->first_cmd, cmd) != 0 ? "commands" : strcmp(r->first_ep, ep) != 0 ?
				   "entrypoints" : "switches (environment that turns parts of it on or off)");
	buf_free(&sw);
	free(cmd);
	free(ep);
	return r->why != NULL;
}

/* The final chain's ENV values that switch something (boolean), the last setting of each. */
static void gather_switches(const struct fix_ctx *c, struct roles *r)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		for (size_t p = 0; in->kind == DF_ENV && p < in->npairs; p++) {
			size_t j = 0;
			const char *v = in->pairs[p].value;
			if (!v || !boolish(v))
				continue;
			while (j < r->nkeys && strcmp(r->keys[j], in->pairs[p].key) != 0)
				j++;
			if (j == r->nkeys && r->nkeys < FIX_ROLE_SWITCHES)
				r->nkeys++;
			if (j < r->nkeys) {
				r->keys[j] = in->pairs[p].key;
				r->dflt[j] = v;
			}
		}
	}
}

/* Compose: services running the image with different roles, or serving an earlier stage. */
static char *compose_roles(const struct fix_ctx *c)
{
	struct roles r;
	char *why = NULL;
	memset(&r, 0, sizeof(r));
	r.final = fix_df_final_stage(c->df);
	r.wd = fix_df_final_workdir(c);
	gather_switches(c, &r);
	fix_df_each_runner(c, role_of, &r);
	if (r.why && r.whole)
		why = xstrdup(r.why);
	else if (r.why)
		why = xasprintf("withheld: %s: a HEALTHCHECK in the image would hold for all of them, and the "
				"ones that serve nothing would be unhealthy for ever; add a healthcheck to the serving "
				"service instead", r.why);
	free(r.why);
	free(r.first_name);
	free(r.first_cmd);
	free(r.first_ep);
	free(r.first_sw);
	free(r.wd);
	return why;
}

/* The text of a file of the repository (at most FIX_ROLE_FILE_MAX, no NUL), malloc'd, or NULL. */
static char *read_small(const struct fix_ctx *c, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	if (fs_read(c->in->fs, path, &data, &len) != 0 || len > FIX_ROLE_FILE_MAX || memchr(data, '\0', len)) {
		free(data);
		return NULL;
	}
	return data;
}

/* `text` names stage `st` as a build target: `target: st`, `--target st`, `--target=st`, `target = "st"`. */
static int names_target(const char *text, const char *st)
{
	size_t sl = strlen(st);
	for (const char *p = text; (p = strstr(p, "target")) != NULL; p += 6) {
		const char *q = p + 6;
		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		while (*q == ' ' || *q == '\t' || *q == ':' || *q == '=')
			q++;
		if (*q == '"' || *q == '\'')
			q++;
		if (!strncasecmp(q, st, sl) && !isalnum((unsigned char)q[sl]) && q[sl] != '-' && q[sl] != '_' &&
		    q[sl] != '.')
			return 1;
	}
	return 0;
}

/* Files that build images by target: workflows, bake files, Makefiles (paths malloc'd into out). */
static size_t build_files(const struct fix_ctx *c, char **out, size_t max)
{
	static const char *const top[] = { "docker-bake.hcl", "docker-bake.json", "Makefile", "makefile", NULL };
	char **names = NULL;
	size_t n = 0, k = 0;
	for (size_t i = 0; top[i] && k < max; i++)
		if (fs_stat(c->in->fs, top[i]) == FS_FILE)
			out[k++] = xstrdup(top[i]);
	if (fs_list(c->in->fs, ".github/workflows", &names, &n) == 0)
		for (size_t i = 0; i < n && k < max; i++)
			if (str_ends(names[i], ".yml") || str_ends(names[i], ".yaml"))
				out[k++] = xasprintf(".github/workflows/%s", names[i]);
	fs_names_free(names, n);
	return k;
}

/*
 * An earlier stage of the final chain is built as an image of its own by a
 * workflow, bake file or Makefile (mediacms builds `target: base` for its
 * web image and `target: full`, the final stage, for its worker image).
 */
static char *target_roles(const struct fix_ctx *c)
{
	char *files[FIX_ROLE_FILES], *why = NULL;
	size_t nf = build_files(c, files, ARRAY_SIZE(files));
	int final = fix_df_final_stage(c->df);
	for (size_t i = 0; i < nf; i++) {
		char *text = why ? NULL : read_small(c, files[i]);
		for (size_t s = 0; text && s < c->df->nstages && !why; s++) {
			const char *st = c->df->stages[s].name;
			if ((int)s == final || !st || !*st || !fix_df_in_chain(c->df, (int)s) || !names_target(text, st))
				continue;
			why = xasprintf("withheld: %s builds the stage %s as an image of its own, and the final stage "
					"builds on it: a HEALTHCHECK at the end would not be in that image, and would be in "
					"the variant built on it, which may run as something else; add a healthcheck "
					"where each image runs instead", files[i], st);
		}
		free(text);
		free(files[i]);
	}
	return why;
}

/* Options of `docker run` that take no value (the rest take the next word unless written with '='). */
static int flag_alone(const char *w)
{
	static const char *const alone[] = { "--rm", "--detach", "--init", "--privileged", "--read-only",
					     "--interactive", "--tty", "--no-healthcheck", "--oom-kill-disable", NULL };
	if (w[0] == '-' && w[1] != '-')
		return strspn(w + 1, "dit") == strlen(w + 1) && w[1];
	for (size_t i = 0; alone[i]; i++)
		if (!strcmp(w, alone[i]))
			return 1;
	return strchr(w, '=') != NULL;
}

/* The program a command runs, skipping an interpreter: "python email_handler.py" -> email_handler.py. */
static const char *program_of(char **w, size_t n)
{
	static const char *const interp[] = { "python", "python3", "node", "sh", "bash", "ruby", "php", "java", NULL };
	for (size_t i = 0; i < n; i++) {
		int skip = 0;
		if (w[i][0] == '-')
			continue;
		for (size_t k = 0; interp[k] && !skip; k++)
			skip = !strcmp(str_basename(w[i]), interp[k]);
		if (!skip)
			return str_basename(w[i]);
	}
	return n ? str_basename(w[0]) : "";
}

/* The program the image's own ENTRYPOINT/CMD runs ("" when none). */
static char *image_program(const struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	long eff = -1;
	char *w[FIX_ROLE_RUN_WORDS], *out;
	size_t nw = 0;
	for (size_t k = 0; k < n; k++)
		if (c->df->instrs[idx[k]].kind == DF_CMD || c->df->instrs[idx[k]].kind == DF_ENTRYPOINT)
			eff = (long)idx[k];
	if (eff < 0)
		return xstrdup("");
	{
		const struct df_instr *in = &c->df->instrs[eff];
		for (size_t a = 0; in->json && a < in->argc && nw < ARRAY_SIZE(w); a++)
			w[nw++] = xstrdup(in->argv[a]);
		for (const char *p = in->json ? "" : in->args ? in->args : ""; *p && nw < ARRAY_SIZE(w);) {
			size_t k = strcspn(p, " \t");
			if (k)
				w[nw++] = xstrndup(p, k);
			p += k;
			p += *p != '\0';
		}
	}
	out = xstrdup(program_of(w, nw));
	for (size_t i = 0; i < nw; i++)
		free(w[i]);
	return out;
}

/* A file the command names exists in the build context the Dockerfile copies whole (COPY . ...). */
static int names_context_file(const struct fix_ctx *c, char **w, size_t n)
{
	char *dir = str_dirname(c->in->path);
	int whole = 0, yes = 0;
	for (size_t i = 0; i < c->df->ninstrs && !whole; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		const char *src[16];
		struct df_span spans[16];
		size_t ns;
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->stage < 0 || !fix_df_in_chain(c->df, in->stage) ||
		    df_flag_get(in, "from"))
			continue;
		ns = dfa_copy_sources(in, src, spans, ARRAY_SIZE(src));
		for (size_t j = 0; j < ns; j++)
			whole |= !strcmp(src[j], ".") || !strcmp(src[j], "./");
	}
	for (size_t i = 0; whole && i < n && !yes; i++) {
		char *p;
		if (w[i][0] == '-' || w[i][0] == '/' || !strchr(w[i], '.'))
			continue;
		p = path_join_norm(dir, w[i]);
		yes = p && fs_stat(c->in->fs, p) == FS_FILE;
		free(p);
	}
	free(dir);
	return yes;
}

/*
 * One `docker run` of a document, its words after `run`: long-running (-d,
 * --detach or --restart, no --rm), this image, and a command whose program
 * is not the image's own. Why, or NULL.
 */
static char *doc_run(const struct fix_ctx *c, const char *doc, char **w, size_t n, const char *own)
{
	int detached = 0, rm = 0;
	size_t i = 0;
	const char *image;
	for (; i < n && w[i][0] == '-'; i++) {
		if (!strcmp(w[i], "--rm"))
			rm = 1;
		else if (!strcmp(w[i], "--detach") || (w[i][1] != '-' && strchr(w[i], 'd') && flag_alone(w[i])) ||
			 str_starts(w[i], "--restart"))
			detached = 1;
		if (!flag_alone(w[i]) && i + 1 < n)
			i++;
	}
	if (i >= n || !detached || rm)
		return NULL;
	image = w[i++];
	if (i >= n || strchr(image, '$') || (!fix_df_runs_image(c, doc, image) && !names_context_file(c, w + i, n - i)))
		return NULL;
	if (!strcmp(program_of(w + i, n - i), own))
		return NULL;
	return xasprintf("withheld: %s runs the image (%s) detached with another command (%s ...): a "
			 "HEALTHCHECK in the image would hold for that container too, which serves nothing the "
			 "probe reaches; add a healthcheck where the server runs instead", doc, image, w[i]);
}

/* Every `docker run` of a document (continuation lines joined). */
static char *scan_doc(const struct fix_ctx *c, const char *doc, const char *text, const char *own)
{
	char *why = NULL;
	for (const char *p = text; !why && (p = strstr(p, "docker run")) != NULL; p += 10) {
		char *w[FIX_ROLE_RUN_WORDS];
		size_t n = 0;
		const char *q = p + 10;
		while (*q && n < ARRAY_SIZE(w)) {
			size_t k;
			while (*q == ' ' || *q == '\t' || (*q == '\\' && (q[1] == '\n' || q[1] == '\r')) || *q == '\r' ||
			       (*q == '\n' && q > p && (q[-1] == '\\' || (q[-1] == '\r' && q[-2] == '\\'))))
				q++;
			if (!*q || *q == '\n' || *q == '`' || *q == '|' || *q == ';' || *q == '&')
				break;
			k = strcspn(q, " \t\r\n`|;&");
			if (k == 1 && *q == '\\') {
				q++;
				continue;
			}
			w[n++] = xstrndup(q, k);
			q += k;
		}
		why = doc_run(c, doc, w, n, own);
		for (size_t i = 0; i < n; i++)
			free(w[i]);
	}
	return why;
}

/* README and the Markdown files of docs/: a detached `docker run` of the image as another program. */
static char *docs_roles(const struct fix_ctx *c)
{
	static const char *const readmes[] = { "README.md", "README", "readme.md", "README.rst", NULL };
	char *files[FIX_ROLE_FILES], **names = NULL, *own, *why = NULL;
	size_t nf = 0, n = 0;
	for (size_t i = 0; readmes[i]; i++)
		if (fs_stat(c->in->fs, readmes[i]) == FS_FILE)
			files[nf++] = xstrdup(readmes[i]);
	if (fs_list(c->in->fs, "docs", &names, &n) == 0)
		for (size_t i = 0; i < n && nf < ARRAY_SIZE(files); i++)
			if (str_ends(names[i], ".md"))
				files[nf++] = xasprintf("docs/%s", names[i]);
	fs_names_free(names, n);
	own = image_program(c);
	for (size_t i = 0; i < nf; i++) {
		char *text = why ? NULL : read_small(c, files[i]);
		if (text)
			why = scan_doc(c, files[i], text, own);
		free(text);
		free(files[i]);
	}
	free(own);
	return why;
}

char *fix_df_health_roles(const struct fix_ctx *c)
{
	char *why;
	if (!c->in->fs)
		return NULL;
	if ((why = compose_roles(c)) != NULL)
		return why;
	if ((why = target_roles(c)) != NULL)
		return why;
	if ((why = docs_roles(c)) != NULL)
		return why;
	return fix_df_health_env_role(c);
}
