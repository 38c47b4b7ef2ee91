/*
 * dfa_git - whether a build of the Dockerfile reads the context's .git
 * (perf.dockerignore: asking to exclude .git would drop what it reads). The
 * fixes ask it too (fix_df_order.c), so finding and fix never disagree.
 */
#include "dfa.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Bytes of a Makefile, magefile or build.rs read to look for git at most (larger ones are not read). */
#define DFA_GIT_PROBE_MAX (256 * 1024)
/* How deep under the context Cargo build scripts (build.rs) are looked for. */
#define DFA_GIT_BUILD_RS_DEPTH 3
/* Folders listed at most while looking for them. */
#define DFA_GIT_BUILD_RS_DIRS 200

/* git subcommands that do not read the repository the command runs in. */
static const char *const GIT_NO_REPO[] = { "clone", "init", "ls-remote", "config", "version", "help", "credential", NULL };
/* git options that take a value as the next word (`git -C dir describe`). */
static const char *const GIT_VALUE_OPTS[] = { "-C", "-c", "--git-dir", "--work-tree", "--namespace", NULL };

/* The context reaches instruction i of stage s: a whole-context COPY/ADD before it in s or a stage s is built FROM. */
static int context_before(const struct dfa *a, int s, size_t i)
{
	const struct df_file *df = a->df;
	for (int n = 0; s >= 0 && (size_t)s < df->nstages && n < DFA_MAX_CHAIN; n++) {
		const struct df_stage *st = &df->stages[s];
		for (size_t j = st->first; j < st->first + st->count && j < i && j < df->ninstrs; j++)
			if (dfa_whole_context_copy(&df->instrs[j]))
				return 1;
		s = st->parent;
	}
	return 0;
}

/* A RUN bind-mounts the context (`--mount=type=bind` without `from=`, of the whole context). */
static int binds_context(const struct df_instr *in)
{
	for (size_t f = 0; f < in->nflags; f++) {
		int bind = 0, from = 0, whole = 1;
		if (strcmp(in->flags[f].name, "mount") != 0)
			continue;
		for (size_t k = 0; k < in->flags[f].nkv; k++) {
			const char *key = in->flags[f].kv[k].key, *v = in->flags[f].kv[k].value;
			if (!key)
				continue;
			bind |= !strcmp(key, "type") && v && !strcmp(v, "bind");
			from |= !strcmp(key, "from");
			if ((!strcmp(key, "source") || !strcmp(key, "src")) && v)
				whole = !strcmp(v, ".") || !strcmp(v, "./") || !strcmp(v, "/");
		}
		if (bind && !from && whole)
			return 1;
	}
	return 0;
}

/* `git SUB` where SUB reads the repository (describe, rev-parse, log, ...). */
static int git_reads_repo(const struct sh_cmd *c)
{
	const struct sh_word *sub = sh_cmd_subcommand(c, GIT_VALUE_OPTS);
	if (!sub || !sub->text)
		return 0;
	for (size_t i = 0; GIT_NO_REPO[i]; i++)
		if (!strcmp(sub->text, GIT_NO_REPO[i]))
			return 0;
	return 1;
}

/* File `name` under `dir` calls git: `needle` found as a word (Makefile) or as text (Go, Rust sources). */
static int file_calls_git(const struct fsview *fs, const char *dir, const char *name, int word)
{
	char *p = path_join_norm(dir, name), *data = NULL;
	size_t len = 0;
	int git = 0;
	if (p && fs_read(fs, p, &data, &len) == 0 && len <= DFA_GIT_PROBE_MAX && !memchr(data, '\0', len))
		/* a backtick opens a word too: writefreely's Makefile stamps `git describe` */
		git = word ? str_has_word(data, " \t\n(;&|`", (const char *const[]){ "git", NULL })
			   : strstr(data, "\"git\"") != NULL;
	free(data);
	free(p);
	return git;
}

/*
 * A Cargo build script under `dir` runs git (openobserve's build.rs stamps
 * `git describe`). With `pkg` (the build names one binary or package: `cargo
 * build --bin atuin-server`) a crate folder counts only when its name starts
 * with pkg, or at the context's top (the workspace's own build.rs): atuin's
 * client crate stamps its hash, the server it builds does not.
 */
static int build_rs_git(const struct fsview *fs, const char *dir, int depth, size_t *dirs, const char *pkg)
{
	char **names = NULL;
	size_t n = 0;
	int git = 0;
	if (depth > DFA_GIT_BUILD_RS_DEPTH || (*dirs)++ >= DFA_GIT_BUILD_RS_DIRS || fs_list(fs, dir, &names, &n) != 0)
		return 0;
	for (size_t i = 0; i < n && !git; i++) {
		char *p = path_join_norm(dir, names[i]);
		enum fs_type t = p ? fs_stat(fs, p) : FS_MISSING;
		if (t == FS_DIR && names[i][0] != '.' && strcmp(names[i], "node_modules") != 0 &&
		    strcmp(names[i], "target") != 0)
			git = build_rs_git(fs, p, depth + 1, dirs, pkg);
		else if (t == FS_FILE && !strcmp(names[i], "build.rs") &&
			 (!pkg || depth == 0 || str_starts(str_basename(dir), pkg)))
			git = file_calls_git(fs, dir, names[i], 0);
		free(p);
	}
	fs_names_free(names, n);
	return git;
}

/*
 * git inside a command substitution the shell reader does not open (yopass:
 * VERSION=${VERSION:-$(git rev-parse --short HEAD)}): `$(git ` or `` `git ``.
 */
static int substitutes_git(const char *text)
{
	for (const char *p = text; p && (p = strstr(p, "git")) != NULL; p += 3)
		if (p > text && (p[-1] == '(' || p[-1] == '`') && strchr(" \t)`", p[3]) && p[3])
			return 1;
	return 0;
}

/* Command dc, run with the context at hand, reads .git: git itself, or a build tool whose build file calls it. */
static int cmd_reads_git(const struct dfa *a, const struct dfa_cmd *dc, const char *ctx)
{
	size_t dirs = 0;
	if (!dc->name)
		return 0;
	if (!strcmp(dc->name, "git"))
		return git_reads_repo(dc->c);
	if (!a->fs)
		return 0;
	if (!strcmp(dc->name, "make") || !strcmp(dc->name, "gmake"))
		return file_calls_git(a->fs, ctx, "Makefile", 1) || file_calls_git(a->fs, ctx, "makefile", 1) ||
		       file_calls_git(a->fs, ctx, "GNUmakefile", 1);
	if (!strcmp(dc->name, "mage"))
		return file_calls_git(a->fs, ctx, "magefile.go", 0);
	/* tonistiigi/xx's cross-compiling wrapper runs cargo (vaultwarden's Dockerfile.debian) */
	if (!strcmp(dc->name, "cargo") || !strcmp(dc->name, "xx-cargo")) {
		const char *pkg = NULL, *sub = NULL;
		size_t n = sh_cmd_nargs(dc->c);
		for (size_t i = 0; i < n && !sub; i++) {
			const char *w = dfa_arg(dc->c, i);
			if (*w != '-' && *w != '+')
				sub = w;
		}
		/* cargo-chef's prepare and cook read the recipe, not the workspace's build scripts */
		if (sub && !strcmp(sub, "chef"))
			return 0;
		for (size_t i = 0; i + 1 < n && !pkg; i++) {
			const char *w = dfa_arg(dc->c, i);
			if (!strcmp(w, "--bin") || !strcmp(w, "-p") || !strcmp(w, "--package"))
				pkg = dfa_arg(dc->c, i + 1);
		}
		if (pkg && (!*pkg || strchr(pkg, '$')))
			pkg = NULL;
		return build_rs_git(a->fs, ctx, 0, &dirs, pkg);
	}
	return 0;
}

int dfa_build_reads_git(const struct dfa *a, const char *ctx)
{
	for (size_t r = 0; r < a->nruns; r++) {
		const struct dfa_run *run = &a->runs[r];
		if (run->stage < 0 || !(context_before(a, run->stage, run->instr) || binds_context(&a->df->instrs[run->instr])))
			continue;
		if (substitutes_git(a->df->instrs[run->instr].args))
			return 1;
		for (size_t c = 0; c < run->ncmds; c++)
			if (cmd_reads_git(a, &run->cmds[c], ctx))
				return 1;
	}
	return 0;
}
