/*
 * fix_df_prod - production-only dependency installs (size.prod-deps-only):
 * `--omit=dev`/`--production`/`--prod` on project installs, a dev
 * requirements file swapped for the production one; withheld for test
 * images, when a compile step follows, and when a package script the image
 * runs (install hooks, the CMD's script) calls a devDependency.
 */
#include "fix_df.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfa.h"

static const char *const dev_words[] = { "dev", "develop", "development", "test", "tests", "testing",
					 "lint", "ci", NULL };

/* The build context's folder ("" for the root; malloc'd). */
static char *context_dir(const struct fix_ctx *c)
{
	if (c->in->ncontexts)
		return xstrdup(c->in->contexts[0]);
	return str_dirname(c->in->path);
}

static int exists_in(const struct fix_ctx *c, const char *dir, const char *file)
{
	char *p = path_join_norm(dir, file);
	int yes = p && fs_stat(c->in->fs, p) == FS_FILE;
	free(p);
	return yes;
}

/* The production counterpart of a dev requirements file that exists in the context (malloc'd). */
static char *prod_requirements(const struct fix_ctx *c, const char *file)
{
	static const char *const seps = "-_.";
	static const char *const folder_names[] = { "prod", "production", "base", "main", NULL };
	char *dir = context_dir(c), *found = NULL;
	const char *base = str_basename(file), *ext = strrchr(base, '.');
	for (size_t w = 0; dev_words[w] && !found; w++)
		for (const char *s = seps; *s && !found; s++) {
			char *pat[2] = { xasprintf("%c%s", *s, dev_words[w]), xasprintf("%s%c", dev_words[w], *s) };
			for (int k = 0; k < 2 && !found; k++) {
				const char *hit = strstr(base, pat[k]);
				char *cand;
				if (!hit || (k == 0 && hit[strlen(pat[k])] != '.' && hit[strlen(pat[k])] != '\0'))
					continue;
				cand = xasprintf("%.*s%.*s%s", (int)(base - file), file, (int)(hit - base), base,
						 hit + strlen(pat[k]));
				if (exists_in(c, dir, cand))
					found = cand;
				else
					free(cand);
			}
			free(pat[0]);
			free(pat[1]);
		}
	for (size_t k = 0; !found && base != file && folder_names[k]; k++) {
		char *cand = xasprintf("%.*s%s%s", (int)(base - file), file, folder_names[k], ext ? ext : "");
		if (exists_in(c, dir, cand))
			found = cand;
		else
			free(cand);
	}
	free(dir);
	return found;
}

/* The first compile step (CHECKLIST.md Terms) in the final chain at or after index `from`: its line, or 0. */
static int compile_after(const struct fix_ctx *c, size_t from)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	int line = 0;
	for (size_t k = 0; k < n && !line; k++) {
		struct sh_script sh;
		if (idx[k] < from || c->df->instrs[idx[k]].kind != DF_RUN || fix_df_sh(&c->df->instrs[idx[k]], &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds && !line; j++) {
			int js = 0;
			if (dfa_compile_step(&sh.cmds[j], &js) ||
			    (sh_cmd_name(&sh.cmds[j]) && !strcmp(sh_cmd_name(&sh.cmds[j]), "tsc")))
				line = c->df->instrs[idx[k]].line;
		}
		sh_free(&sh);
	}
	return line;
}

/* The effective CMD/ENTRYPOINT runs a test runner: a test image (CHECKLIST.md roles, rule 5). */
static const char *test_runner(const struct fix_ctx *c)
{
	static const char *const runners[] = { "pytest", "jest", "vitest", "mocha", "cypress", "playwright",
					       "rspec", "phpunit", NULL };
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		if ((in->kind != DF_CMD && in->kind != DF_ENTRYPOINT) || !in->args)
			continue;
		for (size_t r = 0; runners[r]; r++)
			if (strstr(in->args, runners[r]))
				return runners[r];
		if (strstr(in->args, "npm test") || strstr(in->args, "yarn test") || strstr(in->args, "pnpm test") ||
		    strstr(in->args, "\"test\"]"))
			return "a test script";
	}
	return NULL;
}

/* Bytes of a package.json read at most. */
#define FIX_MANIFEST_MAX (1024 * 1024)

/* The JSON object text following "key": in `json` ({...}, malloc'd), or NULL. Crude but bounded. */
static char *json_object(const char *json, const char *key)
{
	char *pat = xasprintf("\"%s\"", key);
	const char *p = strstr(json, pat), *q;
	int depth = 0, in_str = 0;
	free(pat);
	if (!p || !(p = strchr(p + strlen(key) + 2, '{')))
		return NULL;
	for (q = p; *q; q++) {
		if (in_str) {
			if (*q == '\\' && q[1])
				q++;
			else if (*q == '"')
				in_str = 0;
		} else if (*q == '"')
			in_str = 1;
		else if (*q == '{')
			depth++;
		else if (*q == '}' && --depth == 0)
			return xstrndup(p, (size_t)(q - p + 1));
	}
	return NULL;
}

/* The string value of "key" inside an object's text (malloc'd), or NULL. */
static char *json_string(const char *obj, const char *key)
{
	char *pat = xasprintf("\"%s\"", key);
	const char *p = strstr(obj, pat), *e;
	free(pat);
	if (!p)
		return NULL;
	p += strlen(key) + 2;
	p += strspn(p, " \t\r\n");
	if (*p != ':')
		return NULL;
	p++;
	p += strspn(p, " \t\r\n");
	if (*p != '"')
		return NULL;
	for (e = ++p; *e && *e != '"'; e++)
		if (*e == '\\' && e[1])
			e++;
	return xstrndup(p, (size_t)(e - p));
}

/*
 * A lifecycle script of the context's package.json (preinstall, install,
 * postinstall, prepare) that calls one of its devDependencies: that name
 * (malloc'd), else NULL.
 */
static char *lifecycle_dev(const struct fix_ctx *c, const char *manifest, const char *run_script, int *no_manifest)
{
	const char *hooks[] = { "preinstall", "install", "postinstall", "prepare", run_script, NULL };
	char *dir = context_dir(c), *data = NULL, *scripts, *dev;
	char *path = manifest ? xstrdup(manifest) : path_join_norm(dir, "package.json");
	char *hit = NULL;
	size_t len = 0;
	free(dir);
	*no_manifest = 0;
	if (!path || fs_read(c->in->fs, path, &data, &len) != 0 || len > FIX_MANIFEST_MAX) {
		*no_manifest = 1;
		free(path);
		free(data);
		return NULL;
	}
	free(path);
	scripts = json_object(data, "scripts");
	dev = json_object(data, "devDependencies");
	for (size_t h = 0; scripts && dev && hooks[h] && !hit; h++) {
		char *cmd = json_string(scripts, hooks[h]);
		/* every "name": key of devDependencies, looked for as a word of the script */
		for (const char *p = dev; cmd && (p = strchr(p, '"')) != NULL && !hit;) {
			const char *e = strchr(p + 1, '"');
			char *name;
			if (!e)
				break;
			name = xstrndup(p + 1, (size_t)(e - p - 1));
			p = e + 1;
			p += strspn(p, " \t\r\n");
			if (*p == ':') {
				const char *bin = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
				if (*bin && str_has_word(cmd, " \t;&|()", (const char *const[]){ bin, NULL }))
					hit = xasprintf("%s (%s)", name, hooks[h]);
				/* skip the version string */
				p = strchr(p + 1, '"');
				p = p ? strchr(p + 1, '"') : NULL;
				if (p)
					p++;
				else
					p = "";
			}
			free(name);
		}
		free(cmd);
	}
	free(scripts);
	free(dev);
	free(data);
	return hit;
}

/*
 * The package script a shell script runs (`npm run dev`, `pnpm run X`,
 * `yarn run X`, `npm start`): romm's entrypoint.sh ends with `npm run dev`
 * (vite, a devDependency). The first one, malloc'd, or NULL.
 */
static char *script_pkg_run(const char *text)
{
	static const char *const runs[] = { "npm run ", "pnpm run ", "yarn run ", "npm start", "npm test", NULL };
	const char *best = NULL;
	size_t which = 0;
	for (size_t r = 0; runs[r]; r++) {
		const char *p = strstr(text, runs[r]);
		if (p && (!best || p < best))
			best = p, which = r;
	}
	if (!best)
		return NULL;
	if (str_ends(runs[which], " ")) {
		const char *w = best + strlen(runs[which]);
		size_t n = strcspn(w, " \t\r\n;&|)\"'");
		return n ? xstrndup(w, n) : NULL;
	}
	return xstrdup(runs[which] + 4);
}

/* The package script the effective CMD/ENTRYPOINT runs (`npm run dev`, `yarn serve`, `npm start`), or NULL (malloc'd). */
static char *cmd_script(const struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	static const char *const yarn_cmds[] = { "install", "add", "global", "node", "exec", "dlx", NULL };
	char *name = NULL;
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		const char *w[6];
		size_t nw = 0;
		if (in->kind != DF_CMD && in->kind != DF_ENTRYPOINT)
			continue;
		for (size_t a = 0; in->json && a < in->argc && nw < ARRAY_SIZE(w); a++)
			w[nw++] = in->argv[a];
		if (!in->json || nw == 0)
			continue;
		free(name);
		name = NULL;
		if ((!strcmp(w[0], "npm") || !strcmp(w[0], "pnpm") || !strcmp(w[0], "yarn")) && nw >= 3 &&
		    !strcmp(w[1], "run"))
			name = xstrdup(w[2]);
		else if ((!strcmp(w[0], "npm") || !strcmp(w[0], "pnpm") || !strcmp(w[0], "yarn")) && nw >= 2 &&
			 (!strcmp(w[1], "start") || !strcmp(w[1], "test")))
			name = xstrdup(w[1]);
		else if ((!strcmp(w[0], "yarn") || !strcmp(w[0], "pnpm")) && nw >= 2 && w[1][0] != '-') {
			int builtin = 0;
			for (size_t y = 0; yarn_cmds[y]; y++)
				builtin |= !strcmp(w[1], yarn_cmds[y]);
			if (!builtin)
				name = xstrdup(w[1]);
		}
	}
	if (!name)
		for (size_t k = 0; k < n && !name; k++) {
			const struct df_instr *in = &c->df->instrs[idx[k]];
			/* a shell-form CMD running a package script: berth does not parse it further */
			if ((in->kind == DF_CMD || in->kind == DF_ENTRYPOINT) && !in->json && in->args &&
			    (strstr(in->args, "npm run") || strstr(in->args, "yarn") || strstr(in->args, "pnpm") ||
			     strstr(in->args, "npm start")))
				name = xstrdup("(its command)");
		}
	/* a script the CMD/ENTRYPOINT runs, copied from the context: the package script it starts */
	for (size_t k = n; !name && k-- > 0;) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		char *text;
		if ((in->kind == DF_CMD || in->kind == DF_ENTRYPOINT) && (text = fix_df_entry_script(c, in)) != NULL) {
			name = script_pkg_run(text);
			free(text);
		}
	}
	return name;
}

/* JavaScript installs' manifests checked per file at most (more: the fix is withheld). */
#define FIX_PROD_MAX_MANIFESTS 8

/* The package.json files the edited JavaScript installs read (fix_df_npm_manifest), or why one is unknown. */
struct manifests {
	char *path[FIX_PROD_MAX_MANIFESTS];
	size_t n;
	char *why;              /* the first install whose manifest berth did not read (malloc'd) */
	int js;                 /* a JavaScript install was edited */
};

static void manifests_add(struct manifests *ms, const struct fix_ctx *c, const struct df_instr *in,
			  const struct sh_script *sh, size_t j)
{
	char *why = NULL, *path = fix_df_npm_manifest(c, (size_t)(in - c->df->instrs), sh, j, &why);
	ms->js = 1;
	if (!path && !ms->why)
		ms->why = xasprintf("line %d: %s", in->line, why ? why : "berth cannot tell which package.json it reads");
	else if (path && ms->n == FIX_PROD_MAX_MANIFESTS && !ms->why)
		ms->why = xasprintf("line %d: more JavaScript installs than berth checks", in->line);
	else if (path && ms->n < FIX_PROD_MAX_MANIFESTS)
		ms->path[ms->n++] = path, path = NULL;
	free(path);
	free(why);
}

static void manifests_free(struct manifests *ms)
{
	for (size_t i = 0; i < ms->n; i++)
		free(ms->path[i]);
	free(ms->why);
}

/* size.prod-deps-only's preconditions: why the fix is withheld (malloc'd), or NULL. */
static char *withhold_prod_deps(const struct fix_ctx *c, size_t first_install, const struct manifests *ms)
{
	const char *runner = test_runner(c);
	char *dev = NULL, *script = cmd_script(c);
	int line, no_manifest = 0;
	char *r = NULL;
	if (runner)
		r = xasprintf("withheld: the image runs %s: a test image needs its dev dependencies", runner);
	else if ((line = compile_after(c, first_install)) > 0)
		r = xasprintf("withheld: a compile step on line %d needs the dev dependencies; prune them "
			      "after it, or build in another stage", line);
	else if (ms->why)
		r = xasprintf("withheld: the package.json the install reads is not a file of the build context "
			      "berth read (%s), so its install scripts may call a devDependency unseen", ms->why);
	else if (!ms->js && (dev = lifecycle_dev(c, NULL, script && script[0] != '(' ? script : NULL,
						&no_manifest)) != NULL) {
		r = xasprintf("withheld: package.json's scripts call the devDependency %s", dev);
		free(dev);
	}
	for (size_t i = 0; !r && i < ms->n; i++)
		if ((dev = lifecycle_dev(c, ms->path[i], script && script[0] != '(' ? script : NULL,
					 &no_manifest)) != NULL) {
			r = xasprintf("withheld: %s's scripts call the devDependency %s", ms->path[i], dev);
			free(dev);
		}
	if (!r && script && (no_manifest || script[0] == '('))
		r = xasprintf("withheld: the CMD runs the package script %s and berth cannot read what it calls "
			      "(it may need a devDependency)", script);
	free(script);
	return r;
}

static void pip_files(struct fix **f, struct fix_ctx *c, const struct df_instr *in, const struct sh_cmd *cmd)
{
	for (size_t i = 0; i + 1 < sh_cmd_nargs(cmd); i++) {
		const struct sh_word *w = sh_cmd_arg(cmd, i + 1);
		char *prod;
		if ((strcmp(sh_cmd_arg(cmd, i)->text, "-r") != 0 && strcmp(sh_cmd_arg(cmd, i)->text, "--requirement") != 0) ||
		    !str_has_word(w->text, "-_./", dev_words) || w->quoted || !(prod = prod_requirements(c, w->text)))
			continue;
		if (!*f)
			*f = fix_new(c, ITEM_SIZE_PROD_DEPS_ONLY, "prod-deps", "install production dependencies only");
		fix_edit(*f, c->in->path, fix_df_start(in, w->start), fix_df_end(in, w->end), prod);
		free(prod);
	}
}

void fix_df_prod_deps(struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	int build = 0;
	struct fix *f = NULL;
	struct manifests ms;
	memset(&ms, 0, sizeof(ms));
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		const char *env;
		struct sh_script sh;
		struct dfa_install inst;
		if (in->kind == DF_ENV)
			for (size_t p = 0; p < in->npairs; p++)
				if (!strcmp(in->pairs[p].key, "NODE_ENV") && in->pairs[p].value &&
				    !strcmp(in->pairs[p].value, "production"))
					build = 1;      /* production already: nothing to add for JS */
		if (in->kind != DF_RUN || fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++) {
			const struct sh_cmd *cmd = &sh.cmds[j];
			const struct sh_word *sub = sh_cmd_subcommand(cmd, NULL);
			if (cmd->depth || !dfa_install_of(cmd, &inst) || !inst.project)
				continue;
			if (inst.lang == DFA_LANG_PIP) {
				pip_files(&f, c, in, cmd);
				continue;
			}
			env = inst.lang == DFA_LANG_NPM ? "--omit=dev" : inst.lang == DFA_LANG_YARN ? "--production"
			      : inst.lang == DFA_LANG_PNPM ? "--prod" : NULL;
			if (!env || build || sh_cmd_has_opt(cmd, "--production") || sh_cmd_has_opt(cmd, "--prod") ||
			    sh_cmd_has_opt(cmd, "-P") || sh_cmd_has_opt(cmd, "--omit") || sh_cmd_has_opt(cmd, "--only"))
				continue;
			if (!f)
				f = fix_new(c, ITEM_SIZE_PROD_DEPS_ONLY, "prod-deps", "install production dependencies only");
			fix_insert(f, c->in->path, sub ? fix_df_end(in, sub->end) : fix_df_end(in, cmd->words[cmd->nwords - 1].end),
				   " %s", env);
			/* an unknown context withholds the fix anyway, with that reason (fix_judge) */
			if (!c->in->context_unknown)
				manifests_add(&ms, c, in, &sh, j);
		}
		sh_free(&sh);
	}
	if (f) {
		size_t first = c->in->len;
		char *why;
		f->partial = 1;
		/* the first edited install: a compile step after it needs what it would drop */
		for (size_t k = 0; k < n && first == c->in->len; k++)
			for (size_t e = 0; f->nchanges && e < f->changes[0].nedits; e++)
				if (f->changes[0].edits[e].start >= c->df->instrs[idx[k]].span.start &&
				    f->changes[0].edits[e].start <= c->df->instrs[idx[k]].span.end)
					first = idx[k];
		if ((why = withhold_prod_deps(c, first == c->in->len ? 0 : first, &ms)) != NULL) {
			fix_withhold(f, "%s", why);
			free(why);
		} else
			fix_set_note(f, "review: installs production dependencies only; nothing after the install "
				     "compiles, and no install script calls a devDependency; check the app imports "
				     "none at run time");
	}
	manifests_free(&ms);
}
