/*
 * fix_df_order - the build context: dependency manifests copied and
 * installed before the whole-context COPY (perf.layer-order, only when the
 * manifests exist in the context), and a .dockerignore created for the
 * languages seen in the context or completed with .env and .git
 * (perf.dockerignore).
 */
#include "fix_df.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "dfa.h"
#include "ignore.h"
#include "scan.h"

/* Manifests one install reads (first required, the rest copied when present). */
struct manifests {
	const char *tool;
	const char *files[4];
};

static const struct manifests table[] = {
	{ "npm", { "package.json", "package-lock.json", "npm-shrinkwrap.json", NULL } },
	{ "yarn", { "package.json", "yarn.lock", ".yarnrc.yml", NULL } },
	{ "pnpm", { "package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", NULL } },
	{ "go", { "go.mod", "go.sum", NULL, NULL } },
	{ "bundle", { "Gemfile", "Gemfile.lock", NULL, NULL } },
	{ "composer", { "composer.json", "composer.lock", NULL, NULL } },
};

static int ctx_has(const struct fix_ctx *c, const char *ctx, const char *file)
{
	char *p = path_join_norm(ctx, file);
	int yes = p && fs_stat(c->in->fs, p) == FS_FILE;
	free(p);
	return yes;
}

/* Add the manifests of one install to `list` (space separated); 0 when a required one is missing. */
static int manifests_of(const struct fix_ctx *c, const char *ctx, const struct sh_cmd *cmd,
			const struct dfa_install *inst, struct buf *list)
{
	const char *name = sh_cmd_name(cmd);
	if (inst->lang == DFA_LANG_PIP) {
		const char *r;
		if (!inst->req)
			return 0;       /* `pip install .` needs the sources, not only a manifest */
		r = inst->req->text;
		r = str_starts(r, "--requirement=") ? r + 14 : str_starts(r, "-r") ? r + 2 : r;
		if (str_starts(r, "./"))
			r += 2;
		if (!*r || strchr(r, '/') || strchr(r, '$') || !ctx_has(c, ctx, r))
			return 0;
		if (!strstr(buf_str(list), r))
			buf_printf(list, "%s%s", list->len ? " " : "", r);
		return 1;
	}
	for (size_t t = 0; name && t < ARRAY_SIZE(table); t++) {
		if (strcmp(name, table[t].tool) != 0)
			continue;
		if (!ctx_has(c, ctx, table[t].files[0]))
			return 0;
		for (size_t f = 0; f < 4 && table[t].files[f]; f++)
			if (ctx_has(c, ctx, table[t].files[f]) && !strstr(buf_str(list), table[t].files[f]))
				buf_printf(list, "%s%s", list->len ? " " : "", table[t].files[f]);
		return 1;
	}
	return 0;
}

/* The RUN only installs dependencies (nothing that needs the code): its manifests in `list`. */
static int install_only(const struct fix_ctx *c, const char *ctx, const struct df_instr *in, struct buf *list)
{
	struct sh_script sh;
	int ok = 1, project = 0;
	if (in->kind != DF_RUN || fix_df_sh(in, &sh) < 0)
		return 0;
	for (size_t j = 0; j < sh.ncmds && ok; j++) {
		struct dfa_install inst;
		if (!dfa_install_of(&sh.cmds[j], &inst) || (sh.cmds[j].op != SH_AND && sh.cmds[j].op != SH_END &&
							     sh.cmds[j].op != SH_SEQ))
			ok = 0;
		else if (inst.project) {
			ok = manifests_of(c, ctx, &sh.cmds[j], &inst, list);
			project = 1;
		}
	}
	sh_free(&sh);
	return ok && project;
}

static int dest_is_workdir(const struct df_instr *in)
{
	struct df_span sp;
	const char *d = dfa_copy_dest(in, &sp);
	return d && (strcmp(d, ".") == 0 || strcmp(d, "./") == 0);
}

static int has_project(const struct df_instr *in)
{
	struct sh_script sh;
	int yes = 0;
	if (in->kind != DF_RUN || fix_df_sh(in, &sh) < 0)
		return 0;
	for (size_t j = 0; j < sh.ncmds && !yes; j++) {
		struct dfa_install inst;
		yes = dfa_install_of(&sh.cmds[j], &inst) && inst.project;
	}
	sh_free(&sh);
	return yes;
}

/* Commands that may run before the code is copied: installs, users, folders, virtualenvs. */
static int needs_no_code(const struct sh_cmd *cmd)
{
	static const char *const names[] = { "apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper",
		"mkdir", "export", "echo", "true", "useradd", "adduser", "groupadd", "addgroup", "corepack", NULL };
	const char *name = sh_cmd_name(cmd);
	struct dfa_install inst;
	if (!name)
		return 1;       /* assignments only */
	for (size_t i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	if (str_starts(name, "python") && sh_cmd_nargs(cmd) >= 2 && !strcmp(sh_cmd_arg(cmd, 0)->text, "-m") &&
	    !strcmp(sh_cmd_arg(cmd, 1)->text, "venv"))
		return 1;
	return dfa_install_of(cmd, &inst) && !inst.project;
}

/* An instruction between the whole-context COPY and the install that does not need the code. */
static int movable_past(const struct df_instr *in)
{
	struct sh_script sh;
	int ok = 1;
	switch (in->kind) {
	case DF_ENV: case DF_ARG: case DF_LABEL: case DF_EXPOSE: case DF_USER:
		return 1;
	case DF_RUN:
		break;
	default:
		return 0;
	}
	if (fix_df_sh(in, &sh) < 0)
		return 0;
	for (size_t j = 0; j < sh.ncmds && ok; j++)
		ok = needs_no_code(&sh.cmds[j]);
	sh_free(&sh);
	return ok;
}

/*
 * COPY . . (with the comments over it) moves down past the first install
 * that reads manifests; a COPY of those manifests takes its place.
 */
static void reorder(struct fix **f, struct fix_ctx *c, const char *ctx, size_t ci)
{
	const struct df_file *df = c->df;
	const struct df_instr *cp = &df->instrs[ci];
	const char *d = df->data;
	struct buf list = BUF_INIT, moved = BUF_INIT;
	size_t ri = ci + 1, from = fix_df_before(c, ci), to = fix_line_next(d, df->len, cp->span.end);
	const struct df_stage *st = &df->stages[cp->stage];
	if (!dest_is_workdir(cp))
		return;
	for (; ri < st->first + st->count && ri < df->ninstrs; ri++) {
		if (install_only(c, ctx, &df->instrs[ri], &list))
			break;
		if (has_project(&df->instrs[ri]) || !movable_past(&df->instrs[ri]))
			ri = df->ninstrs;
	}
	if (ri >= st->first + st->count || ri >= df->ninstrs) {
		buf_free(&list);
		return;
	}
	if (!*f)
		*f = fix_new(c, ITEM_PERF_LAYER_ORDER, "deps-first",
			     "copy the dependency manifests and install before copying the code");
	buf_add(&moved, d + from, cp->span.end - from);
	buf_puts(&moved, c->nl);
	{
		struct buf cpy = BUF_INIT;
		buf_puts(&cpy, "COPY ");
		if (cp->nflags)
			buf_add(&cpy, d + cp->flags[0].span.start, cp->args_span.start - cp->flags[0].span.start);
		buf_printf(&cpy, "%s ./%s", buf_str(&list), c->nl);
		fix_edit(*f, c->in->path, from, to, buf_str(&cpy));
		buf_free(&cpy);
	}
	fix_df_insert_lines(*f, c, fix_df_after(c, ri), buf_str(&moved));
	buf_free(&list);
	buf_free(&moved);
}

/* Files that make the context a workspace (CHECKLIST.md "Fixes", perf.layer-order). */
static const char *const workspace_files[] = { "pnpm-workspace.yaml", "lerna.json", "nx.json", "turbo.json",
					       "go.work", NULL };

/* Bytes of a manifest read to look for a workspace at most. */
#define FIX_WORKSPACE_PROBE (1024 * 1024)

/* perf.layer-order's precondition: the context is a workspace (the file that says so), or NULL. */
static const char *withhold_layer_order(const struct fix_ctx *c, const char *ctx)
{
	static const char *const manifests[][2] = { { "package.json", "\"workspaces\"" },
						    { "Cargo.toml", "[workspace]" } };
	for (size_t i = 0; workspace_files[i]; i++)
		if (ctx_has(c, ctx, workspace_files[i]))
			return workspace_files[i];
	for (size_t i = 0; i < ARRAY_SIZE(manifests); i++) {
		char *p = path_join_norm(ctx, manifests[i][0]), *data = NULL;
		size_t len = 0;
		int hit = p && fs_read(c->in->fs, p, &data, &len) == 0 && len <= FIX_WORKSPACE_PROBE &&
			  strstr(data, manifests[i][1]);
		free(p);
		free(data);
		if (hit)
			return manifests[i][0];
	}
	return NULL;
}

void fix_df_layer_order(struct fix_ctx *c)
{
	struct dfa a;
	struct fix *f = NULL;
	char *ctx;
	const char *ws;
	dfa_init(&a, c->df, c->in->path, c->in->fs, c->in->contexts, c->in->ncontexts);
	ctx = dfa_context(&a, 0);
	for (size_t s = 0; s < c->df->nstages; s++) {
		const struct df_stage *st = &c->df->stages[s];
		for (size_t i = st->first; i + 1 < st->first + st->count && i + 1 < c->df->ninstrs; i++) {
			if (has_project(&c->df->instrs[i]))
				break;  /* dependencies already come first in this stage */
			if (dfa_whole_context_copy(&c->df->instrs[i])) {
				reorder(&f, c, ctx, i);
				break;
			}
		}
	}
	if (f && (ws = withhold_layer_order(c, ctx)) != NULL)
		fix_withhold(f, "withheld: the context is a workspace (%s): its install needs every member's "
			     "manifest, which one COPY of the top manifests does not bring", ws);
	else if (f)
		fix_set_note(f, "review: copies the manifests and installs before the code; check no install "
			     "step (postinstall, a local path dependency) reads files that now come later");
	free(ctx);
	dfa_free(&a);
}

/* ---- .dockerignore ---- */

struct lang_ignore {
	const char *marker;     /* a file name (or suffix with '*') that shows the language */
	const char *title;
	const char *patterns[7];
};

static const struct lang_ignore langs[] = {
	{ "requirements*", "Python", { "__pycache__/", "*.pyc", ".venv/", "venv/", ".pytest_cache/", "*.egg-info/", NULL } },
	{ "pyproject.toml", "Python", { "__pycache__/", "*.pyc", ".venv/", "venv/", ".pytest_cache/", "*.egg-info/", NULL } },
	{ "*.py", "Python", { "__pycache__/", "*.pyc", ".venv/", "venv/", ".pytest_cache/", "*.egg-info/", NULL } },
	{ "package.json", "Node", { "node_modules/", "npm-debug.log*", "yarn-error.log", NULL } },
	{ "Gemfile", "Ruby", { ".bundle/", "log/", "tmp/", NULL } },
	{ "composer.json", "PHP", { "vendor/", NULL } },
	{ "pom.xml", "Java", { ".gradle/", NULL } },
	{ "build.gradle*", "Java", { ".gradle/", NULL } },
};

static int name_matches(const char *name, const char *marker)
{
	size_t n = strlen(marker);
	if (marker[0] == '*')
		return str_ends(name, marker + 1);
	if (marker[n - 1] == '*')
		return strncmp(name, marker, n - 1) == 0;
	return strcmp(name, marker) == 0;
}

/* Dockerfiles built with a context (in its folder, then from the scan) whose sources a pattern must keep, at most. */
#define FIX_CONTEXT_DOCKERFILES 32

static int dockerfile_name(const char *n)
{
	return strcmp(n, "Dockerfile") == 0 || str_starts(n, "Dockerfile.") || strcmp(n, "Containerfile") == 0 ||
	       str_starts(n, "Containerfile.") || str_ends(n, ".Dockerfile") || str_ends(n, ".dockerfile");
}

/* The local COPY/ADD sources of one Dockerfile text, appended to `out` (malloc'd, relative to the context). */
static void sources_of(const char *data, size_t len, char ***out, size_t *n, size_t *cap)
{
	struct df_file df;
	df_parse(&df, data, len);
	for (size_t i = 0; i < df.ninstrs; i++) {
		const struct df_instr *in = &df.instrs[i];
		const char *src[32];
		struct df_span spans[32];
		size_t ns;
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || df_flag_get(in, "from"))
			continue;
		ns = dfa_copy_sources(in, src, spans, ARRAY_SIZE(src));
		for (size_t j = 0; j < ns; j++) {
			const char *t = src[j];
			while (str_starts(t, "./"))
				t += 2;
			if (*t && strcmp(t, ".") != 0 && !strstr(t, "://"))
				PUSH(*out, *n, *cap, xstrdup(t));
		}
	}
	df_free(&df);
}

/* A context as the scan or a Compose file writes it ("." or "./x/"), as dfa_context gives it ("" or "x"). */
static char *context_norm(const char *ctx)
{
	char *p = path_join_norm("", ctx ? ctx : "");
	if (!p)
		return xstrdup(ctx ? ctx : "");
	if (strcmp(p, ".") == 0)
		p[0] = '\0';
	return p;
}

/* One more Dockerfile's sources, read at `path` (not the one being fixed): 1 when read. */
static int add_dockerfile(const struct fix_ctx *c, const char *path, char ***out, size_t *n, size_t *cap)
{
	char *data = NULL;
	size_t len = 0;
	int ok = strcmp(path, c->in->path) != 0 && fs_read(c->in->fs, path, &data, &len) == 0;
	if (ok)
		sources_of(data, len, out, n, cap);
	free(data);
	return ok;
}

/*
 * What every Dockerfile built with context `ctx` copies from it, whether the
 * source is in the clone or not (a gitignored .env): this one, those in the
 * folder, and those the scan found built with it from elsewhere (hoppscotch's
 * packages/hoppscotch-backend/Dockerfile, built with the root as context by a
 * Compose service, does `COPY .env .`).
 */
static size_t context_sources(const struct fix_ctx *c, const char *ctx, char ***out)
{
	char **names = NULL;
	size_t nn = 0, n = 0, cap = 0, seen = 0;
	char *want = context_norm(ctx);
	*out = NULL;
	sources_of(c->in->data, c->in->len, out, &n, &cap);
	fs_list(c->in->fs, ctx, &names, &nn);
	for (size_t i = 0; i < nn && seen < FIX_CONTEXT_DOCKERFILES; i++) {
		char *p;
		if (!dockerfile_name(names[i]))
			continue;
		p = *ctx ? xasprintf("%s/%s", ctx, names[i]) : xstrdup(names[i]);
		seen += add_dockerfile(c, p, out, &n, &cap);
		free(p);
	}
	fs_names_free(names, nn);
	for (size_t i = 0; c->in->scan && i < c->in->scan->nfiles && seen < FIX_CONTEXT_DOCKERFILES; i++) {
		const struct scan_file *f = &c->in->scan->files[i];
		char *dir = str_dirname(f->res.path);
		int same = 0;
		/* those of the context folder itself were read above */
		if (f->res.kind != KIND_DOCKERFILE || (strcmp(dir, want) == 0 && dockerfile_name(str_basename(f->res.path)))) {
			free(dir);
			continue;
		}
		free(dir);
		for (size_t k = 0; k < f->ncontexts && !same; k++) {
			char *have = context_norm(f->contexts[k]);
			same = strcmp(have, want) == 0;
			free(have);
		}
		if (same)
			seen += add_dockerfile(c, f->res.path, out, &n, &cap);
	}
	free(want);
	return n;
}

/*
 * The context holds a .env the repository commits: git tracks it and no
 * .gitignore (the context's, the root's) ignores it. That is the project's
 * configuration, not a local secret: koillection's .env holds Symfony's
 * defaults, which symfony/dotenv loads at every boot and fails without
 * (FIX-HOLDOUT6.md R3). A local .env with secrets is gitignored. Only a
 * file that sets something (a NAME=value line) counts.
 */
static int holds_setting(const char *data, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t e = i;
		while (e < len && data[e] != '\n')
			e++;
		while (i < e && (data[i] == ' ' || data[i] == '\t'))
			i++;
		if (i < e && data[i] != '#' && memchr(data + i, '=', e - i))
			return 1;
		i = e + 1;
	}
	return 0;
}

static int committed_env(const struct fix_ctx *c, const char *ctx)
{
	char *env = *ctx ? xasprintf("%s/.env", ctx) : xstrdup(".env"), *text = NULL;
	size_t tlen = 0;
	/*
	 * tracked by git (an untracked one is a developer's local file, what the
	 * line is for); one with only comments (dashy's) sets nothing: leaving it
	 * out changes nothing
	 */
	int yes = c->in->fs && fs_tracked(c->in->fs, env) && fs_read(c->in->fs, env, &text, &tlen) == 0 &&
		  holds_setting(text, tlen);
	free(text);
	for (int b = 0; yes && b < 2; b++) {
		char *gi = path_join_norm(b ? "" : ctx, ".gitignore"), *data = NULL;
		size_t len = 0;
		if (gi && (b == 0 || *ctx) && fs_read(c->in->fs, gi, &data, &len) == 0) {
			struct dockerignore *d = dockerignore_parse(data, len);
			/* gitignore's name patterns match at any depth: the root's reaches ctx/.env as .env too */
			yes = !dockerignore_excludes(d, ".env") && !dockerignore_excludes(d, env);
			dockerignore_free(d);
		}
		free(data);
		free(gi);
	}
	free(env);
	return yes;
}

/* A pattern that would exclude a source some COPY/ADD of the context reads. */
static int hits_source(const char *pattern, char **src, size_t n)
{
	struct dockerignore *d = dockerignore_parse(pattern, strlen(pattern));
	char *lit = xstrdup(pattern);
	int hit = 0;
	for (size_t l = strlen(lit); l && lit[l - 1] == '/';)
		lit[--l] = '\0';
	for (size_t i = 0; i < n && !hit; i++) {
		char *plain = xstrndup(src[i], strcspn(src[i], "*?["));
		size_t pl = strlen(plain);
		while (pl && plain[pl - 1] == '/')
			plain[--pl] = '\0';
		/* a glob source: its literal head (COPY .env* . reads .env) */
		hit = dockerignore_excludes(d, src[i]) || (pl && dockerignore_excludes(d, plain)) ||
		      (pl && strncmp(pattern, plain, pl) == 0 && strcspn(src[i], "*?[") < strlen(src[i]));
		/* or the glob matches the pattern's name (COPY *.env ./ reads .env): '*' takes a leading dot */
		if (!hit && strcspn(src[i], "*?[") < strlen(src[i]) && !lit[strcspn(lit, "*?[")])
			hit = fnmatch(src[i], lit, FNM_PATHNAME) == 0;
		free(plain);
	}
	dockerignore_free(d);
	free(lit);
	return hit;
}

/* A COPY/ADD of the file copies something under `pattern` ("node_modules/"): then keep it. */
static int copied(const struct fix_ctx *c, const char *pattern)
{
	size_t n = strcspn(pattern, "/*");
	for (size_t i = 0; n && i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || df_flag_get(in, "from"))
			continue;
		for (size_t w = 0; w + 1 < in->nwords; w++) {
			const char *t = in->words[w].text;
			t += str_starts(t, "./") ? 2 : 0;
			if (strncmp(t, pattern, n) == 0 || strstr(t, pattern))
				return 1;
		}
	}
	return 0;
}

/* The text of a new .dockerignore for the languages found in the context folder (malloc'd). */
static char *new_ignore(const struct fix_ctx *c, const char *ctx, char **src, size_t nsrc, struct buf *kept,
			int git)
{
	char **names = NULL;
	size_t n = 0;
	unsigned char seen[ARRAY_SIZE(langs)] = { 0 };
	struct buf b = BUF_INIT;
	const char *nl = c->nl;
	if (git)
		buf_printf(kept, "%s.git (the build runs git)", kept->len ? ", " : "");
	else
		buf_printf(&b, "# Version control%s.git%s", nl, nl);
	if (committed_env(c, ctx))
		buf_printf(kept, "%s.env (the repository commits it: the app's settings)", kept->len ? ", " : "");
	else if (hits_source(".env", src, nsrc) || hits_source(".env.x", src, nsrc))
		buf_printf(kept, "%s.env", kept->len ? ", " : "");
	else
		buf_printf(&b, "%s# Secrets and local settings%s.env%s.env.*%s!.env.example%s", b.len ? nl : "", nl, nl, nl, nl);
	buf_printf(&b, "%s# Editors and OS files%s.vscode/%s.idea/%s*.swp%s.DS_Store%s", nl, nl, nl, nl, nl, nl);
	fs_list(c->in->fs, ctx, &names, &n);
	for (size_t l = 0; l < ARRAY_SIZE(langs); l++)
		for (size_t i = 0; i < n && !seen[l]; i++)
			seen[l] = name_matches(names[i], langs[l].marker);
	fs_names_free(names, n);
	for (size_t l = 0; l < ARRAY_SIZE(langs); l++) {
		int dup = 0;
		for (size_t k = 0; k < l; k++)
			dup |= seen[k] && strcmp(langs[k].title, langs[l].title) == 0;
		if (!seen[l] || dup)
			continue;
		buf_printf(&b, "%s# %s%s", nl, langs[l].title, nl);
		for (size_t p = 0; langs[l].patterns[p]; p++)
			if (copied(c, langs[l].patterns[p]) || hits_source(langs[l].patterns[p], src, nsrc))
				buf_printf(kept, "%s%s", kept->len ? ", " : "", langs[l].patterns[p]);
			else
				buf_printf(&b, "%s%s", langs[l].patterns[p], nl);
	}
	return buf_detach(&b);
}

/* Bytes of a Makefile read to look for git at most. */
#define FIX_MAKEFILE_PROBE (256 * 1024)

/* What may stand before or after git as a command: a backtick or $( opens a substitution
 * (writefreely's Makefile: GITREV=`git describe | cut -c 2-`, FIX-HOLDOUT4.md). */
#define GIT_WORD_DELIMS " \t\n(;&|`"

/* A command substitution that runs git: `git …` or $(git …). */
static int substitutes_git(const char *text)
{
	for (const char *p = text; (p = strstr(p, "git")) != NULL; p += 3)
		if (p > text && (p[-1] == '(' || p[-1] == '`') && (p[3] == ' ' || p[3] == '\t' || p[3] == ')' ||
								  p[3] == '`'))
			return 1;
	return 0;
}

/*
 * The build runs git (CHECKLIST.md "Fixes", perf.dockerignore: never exclude
 * what the build reads): a RUN of any stage calls git, or runs make (or
 * copies the whole context) with a Makefile of the context (or the
 * repository root) that calls it.
 */
static int build_runs_git(const struct fix_ctx *c, const char *ctx)
{
	int git = 0, make = 0;
	for (size_t i = 0; i < c->df->ninstrs && !git; i++) {
		struct sh_script sh;
		/*
		 * The whole context copied in: whatever it runs later (a build.sh, a
		 * make of another Dockerfile of the same context) may read .git, so a
		 * Makefile that calls git counts as for make (miniflux's `ADD . /src`,
		 * then packaging/debian/build.sh and `git describe`).
		 */
		make |= dfa_whole_context_copy(&c->df->instrs[i]);
		if (c->df->instrs[i].kind != DF_RUN)
			continue;
		/*
		 * git in a command substitution the shell reader does not open
		 * (yopass: VERSION=${VERSION:-$(git rev-parse --short HEAD …)},
		 * FIX-HOLDOUT5.md)
		 */
		if (c->df->instrs[i].args && substitutes_git(c->df->instrs[i].args)) {
			git = 1;
			break;
		}
		if (fix_df_sh(&c->df->instrs[i], &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++) {
			const char *n = sh_cmd_name(&sh.cmds[j]);
			git |= n && strcmp(str_basename(n), "git") == 0;
			make |= n && strcmp(str_basename(n), "make") == 0;
		}
		sh_free(&sh);
	}
	/* cargo's build scripts are read by dfa_build_reads_git (the crates the build names) */
	for (int b = 0; make && !git && b < 2; b++) {
		char *p = path_join_norm(b ? "" : ctx, "Makefile"), *data = NULL;
		size_t len = 0;
		if (p && fs_read(c->in->fs, p, &data, &len) == 0 && len <= FIX_MAKEFILE_PROBE && !memchr(data, '\0', len))
			git = str_has_word(data, GIT_WORD_DELIMS, (const char *const[]){ "git", NULL });
		free(data);
		free(p);
	}
	return git;
}

static void ignore_context(struct fix **f, struct fix_ctx *c, const struct dfa *a, const char *ctx)
{
	char *own = xasprintf("%s.dockerignore", c->in->path), *file, *data = NULL, **src;
	size_t len = 0, nsrc = context_sources(c, ctx, &src);
	struct buf kept = BUF_INIT;
	/* the check's reading (vikunja's mage, xx-cargo, bind mounts), then the fix's wider one */
	int git = dfa_build_reads_git(a, ctx) || build_runs_git(c, ctx);
	if (fs_stat(c->in->fs, own) == FS_FILE)
		file = own;
	else {
		free(own);
		file = *ctx ? xasprintf("%s/.dockerignore", ctx) : xstrdup(".dockerignore");
	}
	if (!*f)
		*f = fix_new(c, ITEM_PERF_DOCKERIGNORE, "dockerignore", "exclude .git, .env and build junk from the context");
	if (fs_read(c->in->fs, file, &data, &len) != 0 && fs_stat(c->in->fs, file) == FS_FILE) {
		/* there, but not readable as itself: a link inside the repository (lemmy's
		 * .dockerignore -> .gitignore); berth never writes through one */
		fix_withhold(*f, "withheld: %s is a symlink; berth never writes through one: add .git and .env to "
			     "the file it leads to, or make %s a file of its own", file, file);
		goto out;
	}
	if (!data) {
		char *text = new_ignore(c, ctx, src, nsrc, &kept, git);
		fix_create(*f, file, text);
		free(text);
	} else {
		struct dockerignore *d = dockerignore_parse(data, len);
		const char *nl = fix_newline(data, len);
		struct buf add = BUF_INIT;
		if (!dockerignore_excludes(d, ".env") && committed_env(c, ctx))
			buf_printf(&kept, "%s.env (the repository commits it: the app's settings)", kept.len ? ", " : "");
		else if (!dockerignore_excludes(d, ".env") && hits_source(".env", src, nsrc))
			buf_printf(&kept, "%s.env", kept.len ? ", " : "");
		else if (!dockerignore_excludes(d, ".env"))
			buf_printf(&add, ".env%s", nl);
		if (!*ctx && !dockerignore_excludes(d, ".git") && dockerignore_reincludes_git(data, len))
			buf_printf(&kept, "%s.git (re-included by `!.git`: the build may read it)", kept.len ? ", " : "");
		else if (!*ctx && !dockerignore_excludes(d, ".git") && git)
			buf_printf(&kept, "%s.git (the build runs git)", kept.len ? ", " : "");
		else if (!*ctx && !dockerignore_excludes(d, ".git") && !hits_source(".git", src, nsrc))
			buf_printf(&add, ".git%s", nl);
		if (add.len)
			fix_insert(*f, file, len, "%s%s", len && data[len - 1] != '\n' ? nl : "", buf_str(&add));
		buf_free(&add);
		dockerignore_free(d);
	}
	fix_set_note(*f, "review: %s is the build context berth found; nothing any Dockerfile built with it "
		     "copies is excluded%s%s", *ctx ? ctx : "the repository root", kept.len ? "; left out: " : "",
		     buf_str(&kept));
	/* all it would add is read by a build of the context: nothing safe is left to write */
	if (!(*f)->nchanges && kept.len)
		fix_withhold(*f, "withheld: every pattern it would add to %s excludes what a Dockerfile built with "
			     "%s copies (left out: %s); exclude the rest by hand", file,
			     *ctx ? ctx : "the repository root", buf_str(&kept));
out:
	buf_free(&kept);
	for (size_t i = 0; i < nsrc; i++)
		free(src[i]);
	free(src);
	free(data);
	free(file);
}

void fix_df_dockerignore(struct fix_ctx *c)
{
	struct dfa a;
	struct fix *f = NULL;
	int any = 0;
	for (size_t i = 0; i < c->df->ninstrs && !any; i++)
		any = c->df->instrs[i].stage >= 0 && dfa_whole_context_copy(&c->df->instrs[i]);
	if (!any)
		return;
	dfa_init(&a, c->df, c->in->path, c->in->fs, c->in->contexts, c->in->ncontexts);
	for (size_t k = 0; k < (c->in->ncontexts ? c->in->ncontexts : 1); k++) {
		char *ctx = dfa_context(&a, k);
		int dup = 0;
		for (size_t j = 0; j < k; j++) {
			char *prev = dfa_context(&a, j);
			dup |= strcmp(prev, ctx) == 0;
			free(prev);
		}
		if (!dup)
			ignore_context(&f, c, &a, ctx);
		free(ctx);
	}
	dfa_free(&a);
}
