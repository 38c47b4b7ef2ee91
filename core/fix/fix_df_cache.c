/*
 * fix_df_cache - package caches: cache mounts for project dependency
 * installs (with the syntax directive they need), --no-cache-dir,
 * apk --no-cache, `yum|dnf clean all`; and the syntax directive alone.
 */
#include "fix_df.h"
#include "dfa.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum lang { L_NONE, L_PIP, L_NPM, L_YARN, L_PNPM };

static const char *const cache_target[] = {
	[L_PIP] = "/root/.cache/pip",
	[L_NPM] = "/root/.npm",
	[L_YARN] = "/usr/local/share/.cache/yarn",
	[L_PNPM] = "/root/.local/share/pnpm/store",
};

/* Index of the word after the command name that is `sub` (pip's "install" after "-m pip"). */
static const struct sh_word *sub_word(const struct sh_cmd *cmd, const char *sub)
{
	const struct sh_word *w = sh_cmd_subcommand(cmd, NULL);
	const char *name = sh_cmd_name(cmd);
	if (name && str_starts(name, "python") && w && strcmp(w->text, "pip") == 0) {
		for (size_t i = 0; i + 1 < sh_cmd_nargs(cmd); i++)
			if (strcmp(sh_cmd_arg(cmd, i)->text, "pip") == 0)
				return strcmp(sh_cmd_arg(cmd, i + 1)->text, sub) == 0 ? sh_cmd_arg(cmd, i + 1) : NULL;
	}
	return w && strcmp(w->text, sub) == 0 ? w : NULL;
}

static int is_pip(const struct sh_cmd *cmd)
{
	const char *name = sh_cmd_name(cmd);
	if (!name)
		return 0;
	if (strcmp(name, "pip") == 0 || str_starts(name, "pip3"))
		return 1;
	return str_starts(name, "python") && sh_cmd_nargs(cmd) >= 2 &&
	       strcmp(sh_cmd_arg(cmd, 0)->text, "-m") == 0 && strcmp(sh_cmd_arg(cmd, 1)->text, "pip") == 0;
}

/* Arguments after the subcommand that are not options: package names (or paths). */
static size_t operands_after(const struct sh_cmd *cmd, const struct sh_word *sub)
{
	size_t n = 0;
	int after = 0;
	for (size_t i = 0; i < sh_cmd_nargs(cmd); i++) {
		const struct sh_word *w = sh_cmd_arg(cmd, i);
		if (w == sub)
			after = 1;
		else if (after && w->text[0] != '-')
			n++;
	}
	return n;
}

/* Terms: project dependency install by pip/npm/yarn/pnpm; *lang set. */
static int project_install(const struct sh_cmd *cmd, enum lang *lang)
{
	const char *name = sh_cmd_name(cmd);
	const struct sh_word *w;
	*lang = L_NONE;
	if (!name)
		return 0;
	if (is_pip(cmd) && sub_word(cmd, "install")) {
		*lang = L_PIP;
		for (size_t i = 0; i < sh_cmd_nargs(cmd); i++) {
			const char *t = sh_cmd_arg(cmd, i)->text;
			if (strcmp(t, "-r") == 0 || str_starts(t, "--requirement") || str_starts(t, "-r") ||
			    strcmp(t, ".") == 0 || str_starts(t, "./") || str_starts(t, ".["))
				return 1;
		}
		return 0;
	}
	if (strcmp(name, "npm") == 0 && ((w = sub_word(cmd, "ci")) || (w = sub_word(cmd, "install")) ||
					 (w = sub_word(cmd, "i")))) {
		*lang = L_NPM;
		return strcmp(w->text, "ci") == 0 || operands_after(cmd, w) == 0;
	}
	if (strcmp(name, "yarn") == 0) {
		w = sh_cmd_subcommand(cmd, NULL);
		*lang = L_YARN;
		return !w || strcmp(w->text, "install") == 0;
	}
	/*
	 * `pnpm fetch` fills the store a later offline install reads: a mount on
	 * the install alone would hide what the fetch stored (hoppscotch), so the
	 * fetch gets the same mount.
	 */
	if (strcmp(name, "pnpm") == 0 && ((w = sub_word(cmd, "install")) || (w = sub_word(cmd, "i")) ||
					  (w = sub_word(cmd, "fetch")))) {
		*lang = L_PNPM;
		return 1;
	}
	return 0;
}

static int has_cache_mount(const struct df_instr *in, const char *needle)
{
	for (size_t i = 0; i < in->nflags; i++) {
		const char *ty, *t;
		if (strcmp(in->flags[i].name, "mount") != 0)
			continue;
		ty = df_flag_kv(&in->flags[i], "type");
		t = df_flag_kv(&in->flags[i], "target");
		if (!t)
			t = df_flag_kv(&in->flags[i], "dst");
		if (!t)
			t = df_flag_kv(&in->flags[i], "destination");
		if (ty && strcmp(ty, "cache") == 0 && (!needle || (t && strstr(t, needle))))
			return 1;
	}
	return 0;
}

/* Remove the word (and one blank next to it) from a command line. */
static void drop_word(struct fix *f, const struct fix_ctx *c, const struct df_instr *in,
		      const struct sh_word *w)
{
	size_t s = fix_df_start(in, w->start), e = fix_df_end(in, w->end);
	const char *d = c->df->data;
	if (s > 0 && (d[s - 1] == ' ' || d[s - 1] == '\t'))
		s--;
	else if (e < c->df->len && (d[e] == ' ' || d[e] == '\t'))
		e++;
	fix_edit(f, c->in->path, s, e, "");
}

/* Stage `t` is `s` or built FROM it, directly or through other stages. */
static int same_or_built_on(const struct df_file *df, int t, int s)
{
	for (int n = 0; t >= 0 && n < FIX_DF_MAX_CHAIN; t = df->stages[t].parent, n++)
		if (t == s)
			return 1;
	return 0;
}

/*
 * The value an ENV or ARG default gives `name` before instruction i, in its
 * stage or the stages it is built on (the last one wins), or NULL.
 */
static const char *env_before(const struct fix_ctx *c, size_t i, const char *name)
{
	const char *v = NULL;
	for (size_t k = 0; k < i; k++) {
		const struct df_instr *in = &c->df->instrs[k];
		if ((in->kind != DF_ENV && in->kind != DF_ARG) || in->stage < 0 ||
		    !same_or_built_on(c->df, c->df->instrs[i].stage, in->stage))
			continue;
		for (size_t p = 0; p < in->npairs; p++)
			if (strcmp(in->pairs[p].key, name) == 0 && in->pairs[p].value)
				v = in->pairs[p].value;
	}
	return v;
}

/*
 * The cache folder the tool uses for root at instruction i, malloc'd; NULL
 * when an ENV moves it somewhere berth cannot tell (a variable, a relative
 * path). karakeep sets PNPM_HOME=/pnpm: pnpm's store is /pnpm/store, and a
 * mount at the default folder would never be used.
 */
static char *cache_folder(const struct fix_ctx *c, size_t i, enum lang l)
{
	static const struct { enum lang l; const char *var, *sub; } moved[] = {
		{ L_PIP, "PIP_CACHE_DIR", "" }, { L_PIP, "XDG_CACHE_HOME", "/pip" },
		{ L_NPM, "npm_config_cache", "" }, { L_NPM, "NPM_CONFIG_CACHE", "" },
		{ L_YARN, "YARN_CACHE_FOLDER", "" }, { L_YARN, "XDG_CACHE_HOME", "/yarn" },
		{ L_PNPM, "npm_config_store_dir", "" }, { L_PNPM, "NPM_CONFIG_STORE_DIR", "" },
		{ L_PNPM, "PNPM_HOME", "/store" }, { L_PNPM, "XDG_DATA_HOME", "/pnpm/store" },
	};
	for (size_t k = 0; k < ARRAY_SIZE(moved); k++) {
		const char *v = moved[k].l == l ? env_before(c, i, moved[k].var) : NULL;
		if (!v || !*v)
			continue;
		if (v[0] != '/' || strchr(v, '$') || strchr(v, ',') || strchr(v, ' '))
			return NULL;
		return xasprintf("%.*s%s", (int)(strlen(v) - (strlen(v) > 1 && str_ends(v, "/"))), v, moved[k].sub);
	}
	return xstrdup(cache_target[l]);
}

/*
 * The RUN empties the tool's cache itself (`yarn cache clean`, `npm cache
 * clean`, `pnpm store prune`, `pip cache purge`): a mount there would be
 * emptied at every build (anything-llm). 1 when it does.
 */
static int cleans_cache(const struct sh_script *sh, enum lang l)
{
	for (size_t j = 0; j < sh->ncmds; j++) {
		const struct sh_cmd *cmd = &sh->cmds[j];
		const char *name = sh_cmd_name(cmd);
		size_t na = sh_cmd_nargs(cmd);
		const char *a0 = na > 0 ? sh_cmd_arg(cmd, 0)->text : "", *a1 = na > 1 ? sh_cmd_arg(cmd, 1)->text : "";
		if (!name)
			continue;
		if ((l == L_YARN && strcmp(name, "yarn") == 0 && strcmp(a0, "cache") == 0 && strcmp(a1, "clean") == 0) ||
		    (l == L_NPM && strcmp(name, "npm") == 0 && strcmp(a0, "cache") == 0 && strcmp(a1, "clean") == 0) ||
		    (l == L_PNPM && strcmp(name, "pnpm") == 0 && strcmp(a0, "store") == 0 && strcmp(a1, "prune") == 0) ||
		    (l == L_PIP && is_pip(cmd) && sub_word(cmd, "cache")))
			return 1;
	}
	return 0;
}

/*
 * A later RUN of the same stage installs with `l` without a cache mount and
 * empties the cache (growthbook: `pnpm fetch` and `pnpm install --offline`,
 * then `rm -rf node_modules && pnpm install --prod && pnpm store prune`).
 * That RUN found the packages in the store of the layers before it; with
 * the earlier RUNs' store in a mount it downloads them all again on every
 * build (FIX-HOLDOUT4.md). 1 when one does.
 */
static int later_run_cleans(const struct fix_ctx *c, size_t i, enum lang l)
{
	int stage = c->df->instrs[i].stage, yes = 0;
	for (size_t k = i + 1; k < c->df->ninstrs && !yes && c->df->instrs[k].stage == stage; k++) {
		const struct df_instr *in = &c->df->instrs[k];
		struct sh_script sh;
		int installs = 0;
		if (in->kind != DF_RUN || has_cache_mount(in, NULL) || fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++) {
			enum lang m;
			installs |= sh.cmds[j].depth == 0 && project_install(&sh.cmds[j], &m) && m == l;
		}
		yes = installs && cleans_cache(&sh, l);
		sh_free(&sh);
	}
	return yes;
}

/* Bytes of an rm operand, once ~ or $HOME is spelled out, that berth compares with a mount target at most. */
#define FIX_RM_PATH_MAX 512

/* rm's -r, -R or --recursive among its options: it removes folders. */
static int rm_recursive(const struct sh_cmd *cmd)
{
	for (size_t k = 0; k < sh_cmd_nargs(cmd); k++) {
		const char *t = sh_cmd_arg(cmd, k)->text;
		if (strcmp(t, "--recursive") == 0)
			return 1;
		if (t[0] == '-' && t[1] != '-' && (strchr(t, 'r') || strchr(t, 'R')))
			return 1;
	}
	return 0;
}

/*
 * rm operand `op` removes folder `target` (an absolute path without a
 * trailing '/'): it names it, a folder holding it, or a glob matching
 * either as the shell would (a star matches no leading dot: a star under /root
 * leaves /root/.cache). `~`, `$HOME` and `${HOME}` are root's home: the
 * mount is only added to RUNs that run as root. Relative operands are not
 * judged (the RUN's folder may have changed with cd).
 */
static int rm_covers(const char *op, const char *target)
{
	static const char *const home[] = { "~", "$HOME", "${HOME}" };
	char path[FIX_RM_PATH_MAX], prefix[FIX_RM_PATH_MAX];
	size_t n, tl = strlen(target);
	int glob;
	snprintf(path, sizeof(path), "%s", op);
	for (size_t h = 0; h < ARRAY_SIZE(home); h++) {
		size_t hl = strlen(home[h]);
		if (!strncmp(op, home[h], hl) && (op[hl] == '\0' || op[hl] == '/'))
			snprintf(path, sizeof(path), "/root%s", op + hl);
	}
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	if (path[0] != '/' || tl >= sizeof(prefix))
		return 0;
	glob = strpbrk(path, "*?[") != NULL;
	/* every folder from / down to the target: the operand names one of them */
	for (size_t i = 1; i <= tl; i++) {
		if (i < tl && target[i] != '/')
			continue;
		memcpy(prefix, target, i);
		prefix[i] = '\0';
		if (glob ? fnmatch(path, prefix, FNM_PATHNAME | FNM_PERIOD) == 0 : strcmp(path, prefix) == 0)
			return 1;
	}
	return !glob && strcmp(path, "/") == 0;
}

/*
 * A recursive rm of the script removes `target` or a folder holding it
 * (Mailu core/base: `pip install … ; rm -rf /root/.cargo /tmp/… /root/.cache`,
 * FIX-HOLDOUT8.md S1). rm cannot remove a mount point ("Device or resource
 * busy"): with a cache mount there the RUN fails. A later RUN of the stage
 * that removes the folder is no obstacle: the mount is gone by then and rm
 * removes the empty mount-point folder (Mailu's first RUN, line 37, is GOOD).
 */
static int rm_removes(const struct sh_script *sh, const char *target)
{
	for (size_t j = 0; j < sh->ncmds; j++) {
		const struct sh_cmd *cmd = &sh->cmds[j];
		const char *name = sh_cmd_name(cmd);
		if (!name || strcmp(name, "rm") != 0 || !rm_recursive(cmd))
			continue;
		for (size_t k = 0; k < sh_cmd_nargs(cmd); k++)
			if (sh_cmd_arg(cmd, k)->text[0] != '-' && rm_covers(sh_cmd_arg(cmd, k)->text, target))
				return 1;
	}
	return 0;
}

/*
 * Cache mounts on a RUN with project installs; --no-cache-dir dropped (the
 * mount replaces it). *held gets HELD_CLEAN when an install of the RUN gets
 * none because its cache folder is unknown or the RUN empties it, HELD_RM
 * when an rm -r would remove the mount point.
 */
enum { HELD_CLEAN = 1, HELD_RM = 2 };
static int add_mounts(struct fix *f, const struct fix_ctx *c, const struct df_instr *in,
		      const struct sh_script *sh, int *held)
{
	unsigned char want[L_PNPM + 1] = { 0 };
	struct buf flags = BUF_INIT;
	int any = 0;
	for (size_t j = 0; j < sh->ncmds; j++) {
		enum lang l;
		if (sh->cmds[j].depth == 0 && project_install(&sh->cmds[j], &l))
			want[l] = 1;
	}
	for (int l = L_PIP; l <= L_PNPM; l++)
		if (want[l]) {
			size_t i = (size_t)(in - c->df->instrs);
			char *t = cache_folder(c, i, (enum lang)l);
			if (!t || cleans_cache(sh, (enum lang)l) || later_run_cleans(c, i, (enum lang)l) ||
			    rm_removes(sh, t)) {
				want[l] = 0;
				*held |= t && rm_removes(sh, t) ? HELD_RM : HELD_CLEAN;
				free(t);
				continue;
			}
			buf_printf(&flags, "%s--mount=type=cache,target=%s", any ? " " : "", t);
			free(t);
			any = 1;
		}
	if (any) {
		fix_df_add_flag(f, c, in, buf_str(&flags), 1);
		for (size_t j = 0; want[L_PIP] && j < sh->ncmds; j++)
			for (size_t k = 0; is_pip(&sh->cmds[j]) && k < sh->cmds[j].nwords; k++)
				if (strcmp(sh->cmds[j].words[k].text, "--no-cache-dir") == 0)
					drop_word(f, c, in, &sh->cmds[j].words[k]);
	}
	buf_free(&flags);
	return any;
}

/* The USER in effect at instruction i (its stage and the stages it is built on): non-root? */
static int runs_non_root(const struct fix_ctx *c, size_t i)
{
	int s = c->df->instrs[i].stage, depth = 0;
	size_t upto = i;
	while (s >= 0 && depth++ < FIX_DF_MAX_CHAIN) {
		const struct df_stage *st = &c->df->stages[s];
		for (size_t k = upto; k-- > st->first + 1;)
			if (k < c->df->ninstrs && c->df->instrs[k].kind == DF_USER) {
				const char *u = c->df->instrs[k].nwords ? c->df->instrs[k].words[0].text : "";
				size_t n = strcspn(u, ":");
				return !((n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0'));
			}
		s = st->parent;
		upto = s >= 0 ? c->df->stages[s].first + c->df->stages[s].count : 0;
	}
	return 0;
}

/* Bytes of a package.json read to find packageManager at most. */
#define FIX_PKG_PROBE (1024 * 1024)

/*
 * The Dockerfile itself shows Yarn 2 or later: it copies a `.yarnrc.yml`
 * (Yarn 1 reads `.yarnrc`; "starting from the v2, they must be written in
 * valid Yaml and have the right extension", yarnpkg.com/configuration/yarnrc)
 * or the `.yarn` folder a yarnPath release lives in, or a RUN runs `yarn set
 * version` or `corepack prepare yarn@N` with N >= 2. calcom/docker copies
 * calcom/.yarnrc.yml from a submodule a clone may lack (FIX-HOLDOUT4.md).
 */
static int df_shows_berry(const struct fix_ctx *c)
{
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		const char *src[16], *p;
		struct df_span sp[16];
		size_t ns;
		if (in->kind == DF_RUN && in->args &&
		    (strstr(in->args, "yarn set version") ||
		     ((p = strstr(in->args, "yarn@")) && p[5] >= '2' && p[5] <= '9' && strstr(in->args, "corepack"))))
			return 1;
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || df_flag_get(in, "from"))
			continue;
		ns = dfa_copy_sources(in, src, sp, ARRAY_SIZE(src));
		for (size_t j = 0; j < ns; j++)
			if (!strcmp(str_basename(src[j]), ".yarnrc.yml") || !strcmp(str_basename(src[j]), ".yarn"))
				return 1;
	}
	return 0;
}

/* Yarn 2 or later in the context: a .yarnrc.yml, or packageManager yarn@2+ in package.json. */
static int context_shows_berry(const struct fix_ctx *c)
{
	char *dir = c->in->ncontexts ? xstrdup(c->in->contexts[0]) : str_dirname(c->in->path);
	char *rc = path_join_norm(dir, ".yarnrc.yml"), *pj = path_join_norm(dir, "package.json"), *data = NULL;
	size_t len = 0;
	int berry = rc && fs_stat(c->in->fs, rc) == FS_FILE;
	if (!berry && pj && fs_read(c->in->fs, pj, &data, &len) == 0 && len <= FIX_PKG_PROBE) {
		const char *p = strstr(data, "\"yarn@");
		berry = p && p[6] >= '2' && p[6] <= '9';
	}
	free(data);
	free(rc);
	free(pj);
	free(dir);
	return berry;
}

/*
 * Yarn 2 or later, in the context or in the Dockerfile: its cache is
 * elsewhere, and where depends on its version and settings
 * (enableGlobalCache, cacheFolder: the project's .yarn/cache for Yarn 2 and 3
 * by default, ~/.yarn/berry/cache for Yarn 4), so berth mounts nothing for it.
 */
static int yarn_berry(const struct fix_ctx *c)
{
	return df_shows_berry(c) || context_shows_berry(c);
}

void fix_df_cache_mounts(struct fix_ctx *c)
{
	struct fix *f = NULL;
	int nonroot = 0, berry = -1, yarn_held = 0, other_held = 0;
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct sh_script sh;
		int yarn = 0;
		if (in->kind != DF_RUN || in->stage < 0 || has_cache_mount(in, NULL) || fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++) {
			enum lang l;
			yarn |= sh.cmds[j].depth == 0 && project_install(&sh.cmds[j], &l) && l == L_YARN;
		}
		if (!f)
			f = fix_new(c, ITEM_PERF_CACHE_MOUNTS, "cache-mount",
				    "add a cache mount to dependency installs");
		/* precondition: the cache folder the tool writes for the user the RUN runs as */
		if (runs_non_root(c, i))
			nonroot = 1;
		else if (yarn && (berry < 0 ? (berry = yarn_berry(c)) : berry))
			yarn_held = 1;
		else
			add_mounts(f, c, in, &sh, &other_held);
		sh_free(&sh);
	}
	if (f && f->nchanges)
		fix_df_need_syntax(f, c);
	if (f && !f->nchanges && (nonroot || yarn_held || other_held))
		fix_withhold(f, "withheld: %s%s%s%s%s%s%s", nonroot ? "the install runs as a non-root user, whose cache "
			     "folder berth does not know" : "", nonroot && (yarn_held || other_held) ? "; " : "",
			     yarn_held ? "yarn 2 or later keeps its cache where its version and .yarnrc.yml say (the project's .yarn/cache, or ~/.yarn/berry/cache), not in Yarn 1's folder" : "",
			     yarn_held && other_held ? "; " : "",
			     other_held & HELD_CLEAN ? "an install's RUN, or a later RUN of its stage that installs from the same "
			     "cache, empties the cache it would mount (yarn cache clean, npm cache clean, pnpm store "
			     "prune...) or an ENV moves the cache where berth cannot tell: drop the clean and "
			     "mount the cache folder yourself" : "", other_held == (HELD_CLEAN | HELD_RM) ? "; " : "",
			     other_held & HELD_RM ? "an rm -r of the install's RUN "
			     "removes the cache folder or a folder holding it, and rm cannot remove a mount point: "
			     "the RUN would fail (drop that rm, then mount the cache folder)" : "");
	else if (f && (nonroot || yarn_held || other_held)) {
		f->partial = 1;
		fix_set_note(f, "safe: cache mounts where the tool's cache folder is known; not on %s",
			     nonroot ? "installs run as a non-root user" : yarn_held ? "yarn 2 or later installs"
			     : other_held & HELD_CLEAN ? "installs whose RUN (or a later RUN of the stage installing "
			     "from that cache) empties it, or whose cache an ENV moves out of sight"
			     : "installs whose RUN removes the cache folder with rm -r: "
			     "rm cannot remove a mount point");
	}
}

/* PIP_NO_CACHE_DIR set by an ENV or ARG default before instruction i in the final chain. */
static int pip_env(const struct fix_ctx *c, size_t i)
{
	for (size_t k = 0; k < i; k++) {
		const struct df_instr *in = &c->df->instrs[k];
		if ((in->kind != DF_ENV && in->kind != DF_ARG) || in->stage < 0 || !fix_df_in_chain(c->df, in->stage))
			continue;
		for (size_t p = 0; p < in->npairs; p++)
			if (strcmp(in->pairs[p].key, "PIP_NO_CACHE_DIR") == 0 && in->pairs[p].value)
				return 1;
	}
	return 0;
}

static int rm_has(const struct sh_script *sh, const char *needle)
{
	for (size_t j = 0; j < sh->ncmds; j++) {
		const char *name = sh_cmd_name(&sh->cmds[j]);
		for (size_t k = 0; name && strcmp(name, "rm") == 0 && k < sh->cmds[j].nwords; k++)
			if (strstr(sh->cmds[j].words[k].text, needle))
				return 1;
	}
	return 0;
}

/* rm's -f or --force among the words before the first operand: a missing path is no error. */
static int rm_forced(const struct sh_cmd *cmd)
{
	for (size_t k = 0; k < sh_cmd_nargs(cmd); k++) {
		const char *t = sh_cmd_arg(cmd, k)->text;
		if (strcmp(t, "--force") == 0)
			return 1;
		if (t[0] == '-' && t[1] != '-' && strchr(t, 'f'))
			return 1;
	}
	return 0;
}

/* A path that is pip's cache folder or a .cache folder holding it (~/.cache/pip, /root/.cache). */
static int names_pip_cache(const char *t)
{
	size_t n = strlen(t);
	if (strstr(t, ".cache/pip"))
		return 1;
	while (n && (t[n - 1] == '*' || t[n - 1] == '/'))
		n--;
	return n >= 7 && strncmp(t + n - 7, "/.cache", 7) == 0;
}

/*
 * The script removes pip's cache with an rm without -f after command `j`
 * (seafile-docker: `pip3 install … && rm -r /root/.cache/pip`, FIX-HOLDOUT5.md
 * S1). --no-cache-dir stops pip making that folder, and a cache mount makes
 * it a mount point: either way the rm fails and the build stops. The RUN
 * keeps no cache already; the fix leaves such a pip alone.
 */
static int rm_needs_pip_cache(const struct sh_script *sh, size_t j)
{
	for (size_t i = j + 1; i < sh->ncmds; i++) {
		const struct sh_cmd *cmd = &sh->cmds[i];
		const char *name = sh_cmd_name(cmd);
		if (!name || strcmp(name, "rm") != 0 || rm_forced(cmd))
			continue;
		for (size_t k = 0; k < sh_cmd_nargs(cmd); k++)
			if (names_pip_cache(sh_cmd_arg(cmd, k)->text))
				return 1;
	}
	return 0;
}

/* `tool clean all` in the script? */
static int cleans(const struct sh_script *sh, const char *tool)
{
	for (size_t j = 0; j < sh->ncmds; j++) {
		const char *name = sh_cmd_name(&sh->cmds[j]);
		const struct sh_word *w = sh_cmd_subcommand(&sh->cmds[j], NULL);
		if (name && strcmp(name, tool) == 0 && w && strcmp(w->text, "clean") == 0)
			return 1;
	}
	return 0;
}

static struct fix *pkg_fix(struct fix_ctx *c, struct fix **f)
{
	if (!*f)
		*f = fix_new(c, ITEM_SIZE_NO_PKG_CACHE, "pkg-cache", "keep no package manager caches");
	return *f;
}

/* An apk command whose subcommand is `sub` at the top level of the script. */
static int apk_sub(const struct sh_cmd *cmd, const char *sub)
{
	const char *name = sh_cmd_name(cmd);
	return name && !strcmp(name, "apk") && cmd->depth == 0 && sub_word(cmd, sub) != NULL;
}

/*
 * `apk update` before an `apk add` that gets --no-cache (bigcapital's
 * migration image, FIX-HOLDOUT7.md): the index it fetched stays in
 * /var/cache/apk, so the layer keeps the cache the item is about. The fix
 * drops the `apk update` (with --no-cache each apk fetches the index
 * itself) and gives the apk upgrade/add/fix between it and the add
 * --no-cache too. 0: done or nothing to do; -1: the update cannot be cut
 * out cleanly (not one link of an && or ; chain, or a second one): leave
 * the RUN's apk alone.
 */
static int drop_apk_update(struct fix_ctx *c, struct fix **f, const struct df_instr *in, const struct sh_script *sh)
{
	static const char *const index_users[] = { "upgrade", "add", "fix", NULL };
	size_t u = sh->ncmds, last_add = sh->ncmds, nupd = 0;
	for (size_t j = 0; j < sh->ncmds; j++) {
		if (apk_sub(&sh->cmds[j], "update")) {
			if (!nupd++)
				u = j;
		} else if (u < sh->ncmds && apk_sub(&sh->cmds[j], "add") && !sh_cmd_has_opt(&sh->cmds[j], "--no-cache")) {
			last_add = j;
		}
	}
	if (u == sh->ncmds || last_add == sh->ncmds)
		return 0;
	if (nupd > 1 || (sh->cmds[u].op != SH_AND && sh->cmds[u].op != SH_SEQ) || sh->cmds[u].piped_in || u + 1 >= sh->ncmds ||
	    sh->cmds[u + 1].depth != 0)
		return -1;
	fix_edit(pkg_fix(c, f), c->in->path, fix_df_start(in, sh->cmds[u].start), fix_df_start(in, sh->cmds[u + 1].start),
		 "");
	for (size_t j = u + 1; j < last_add; j++)
		for (size_t k = 0; index_users[k]; k++)
			if (strcmp(index_users[k], "add") != 0 && apk_sub(&sh->cmds[j], index_users[k]) &&
			    !sh_cmd_has_opt(&sh->cmds[j], "--no-cache"))
				fix_insert(pkg_fix(c, f), c->in->path,
					   fix_df_end(in, sub_word(&sh->cmds[j], index_users[k])->end), " --no-cache");
	return 0;
}

/*
 * One RUN: pip, apk, yum/dnf/microdnf. Returns 1 when a cache mount was
 * added; *held is the RUN's line when a pip in it is left alone (its RUN
 * removes pip's cache with an rm that needs the folder).
 */
static int pkg_cache_run(struct fix_ctx *c, struct fix **f, size_t i, const struct sh_script *sh, int *held,
			 int *apk_held)
{
	const struct df_instr *in = &c->df->instrs[i];
	const struct sh_cmd *last_rpm[3] = { NULL, NULL, NULL };
	static const char *const rpm[3] = { "yum", "dnf", "microdnf" };
	int mount = 0, apk_ok = 1;
	if (!has_cache_mount(in, "/var/cache/apk") && !rm_has(sh, "/var/cache/apk") && drop_apk_update(c, f, in, sh) < 0) {
		apk_ok = 0;
		if (!*apk_held)
			*apk_held = in->line;
	}
	for (size_t j = 0; j < sh->ncmds; j++) {
		const struct sh_cmd *cmd = &sh->cmds[j];
		const char *name = sh_cmd_name(cmd);
		const struct sh_word *w;
		enum lang l;
		if (!name || cmd->depth != 0)
			continue;
		if (is_pip(cmd) && (w = sub_word(cmd, "install")) && !sh_cmd_has_opt(cmd, "--no-cache-dir") &&
		    !has_cache_mount(in, "pip") && !pip_env(c, i) && rm_needs_pip_cache(sh, j)) {
			if (!*held)
				*held = in->line;
		} else if (is_pip(cmd) && (w = sub_word(cmd, "install")) && !sh_cmd_has_opt(cmd, "--no-cache-dir") &&
			   !has_cache_mount(in, "pip") && !pip_env(c, i)) {
			int unknown = 0;
			if (project_install(cmd, &l) && !has_cache_mount(in, NULL)) {
				if (!mount)
					mount |= add_mounts(pkg_fix(c, f), c, in, sh, &unknown);
				/* no mount where the cache folder is unknown: no cache at all, then */
				if (!mount && unknown)
					fix_insert(pkg_fix(c, f), c->in->path, fix_df_end(in, w->end), " --no-cache-dir");
			} else if (!mount)
				fix_insert(pkg_fix(c, f), c->in->path, fix_df_end(in, w->end), " --no-cache-dir");
		} else if (apk_ok && strcmp(name, "apk") == 0 && (w = sub_word(cmd, "add")) &&
			   !sh_cmd_has_opt(cmd, "--no-cache") && !has_cache_mount(in, "/var/cache/apk") &&
			   !rm_has(sh, "/var/cache/apk")) {
			fix_insert(pkg_fix(c, f), c->in->path, fix_df_end(in, w->end), " --no-cache");
		}
		for (int k = 0; k < 3; k++)
			if (strcmp(name, rpm[k]) == 0 && sub_word(cmd, "install"))
				last_rpm[k] = cmd;
	}
	for (int k = 0; k < 3; k++) {
		const struct sh_cmd *cmd = last_rpm[k];
		char *clean;
		if (!cmd || cleans(sh, rpm[k]) || has_cache_mount(in, "/var/cache/") ||
		    cmd->op == SH_OR || cmd->op == SH_PIPE || cmd->op == SH_BG)
			continue;
		clean = xasprintf("%s clean all", rpm[k]);
		fix_df_chain_cmd(pkg_fix(c, f), c, in, fix_df_end(in, cmd->end), clean);
		free(clean);
	}
	return mount;
}

void fix_df_pkg_cache(struct fix_ctx *c)
{
	struct fix *f = NULL;
	int mount = 0, held = 0, apk_held = 0;
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct sh_script sh;
		if (in->kind != DF_RUN || in->stage < 0 || !fix_df_in_chain(c->df, in->stage) ||
		    fix_df_sh(in, &sh) < 0)
			continue;
		mount |= pkg_cache_run(c, &f, i, &sh, &held, &apk_held);
		sh_free(&sh);
	}
	if (f && mount)
		fix_df_need_syntax(f, c);
	if (apk_held && !f)
		fix_new_withheld(c, ITEM_SIZE_NO_PKG_CACHE, "pkg-cache", "keep no package manager caches",
				 "withheld: the RUN on line %d runs apk update, whose index stays in /var/cache/apk "
				 "whatever --no-cache the apk add gets, and berth cannot cut it out of that RUN", apk_held);
	else if (apk_held) {
		fix_set_note(f, "safe: changes nothing the container does beyond the item; not the apk of the RUN "
			     "on line %d, whose apk update keeps the index in the layer and cannot be cut out", apk_held);
		f->partial = 1;
	} else if (held && !f)
		fix_new_withheld(c, ITEM_SIZE_NO_PKG_CACHE, "pkg-cache", "keep no package manager caches",
				 "withheld: the RUN on line %d removes pip's cache itself with rm -r, which fails once "
				 "--no-cache-dir (or a cache mount) leaves no folder to remove: it keeps no cache already",
				 held);
	else if (held) {
		fix_set_note(f, "safe: changes nothing the container does beyond the item; not the pip of the RUN "
			     "on line %d, which removes pip's cache itself with an rm that needs the folder", held);
		f->partial = 1; /* that RUN's finding stays */
	}
}

void fix_df_syntax(struct fix_ctx *c)
{
	struct fix *f;
	if (fix_df_has_syntax(c) || c->df->ninstrs == 0)
		return;
	f = fix_new(c, ITEM_CORR_SYNTAX_DIRECTIVE, "syntax-directive",
		    "declare the BuildKit syntax (# syntax=docker/dockerfile:1)");
	fix_df_need_syntax(f, c);
}
