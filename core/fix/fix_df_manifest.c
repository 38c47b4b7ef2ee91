/*
 * fix_df_manifest - which package.json a JavaScript install reads, for
 * size.prod-deps-only (FIX-HOLDOUT7.md R4, beyond CHECKLIST.md revision 4).
 * The fix may only say "no install script calls a devDependency" about a
 * manifest berth read: the file a COPY/ADD brought from the build context
 * to the folder the install runs in. Mautic's image runs `npm install` in
 * /var/www/html, which `COPY --from=builder` filled with what `composer
 * create-project` fetched: no file of the repository, so the fix is
 * withheld.
 */
#include "fix_df.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "dfa.h"

/* COPY/ADD sources read per instruction. */
#define MANIFEST_MAX_SRCS 32

/*
 * `rel` against folder `cwd`, normalised: absolute ("/a/b") when either is,
 * else relative to the base image's own WORKDIR, which berth may not know
 * ("" is that folder). NULL when it climbs above its root.
 */
static char *join(const char *cwd, const char *rel)
{
	int abs = rel[0] == '/' || (rel[0] != '/' && cwd[0] == '/');
	char *whole = rel[0] == '/' ? xstrdup(rel) : xasprintf("%s/%s", cwd, rel), *norm, *out;
	const char *p = whole;
	while (*p == '/')
		p++;
	norm = path_join_norm("", p);
	free(whole);
	if (!norm)
		return NULL;
	out = abs ? xasprintf("/%s", norm) : xstrdup(norm);
	free(norm);
	/* "/a/" and "/a" are one folder */
	for (size_t n = strlen(out); n > 1 && out[n - 1] == '/'; n--)
		out[n - 1] = '\0';
	return out;
}

/* `path` lies inside folder `dir` (both from join): the part after it, else NULL. */
static const char *inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (!strcmp(dir, "/"))
		return path[0] == '/' ? path + 1 : NULL;
	if (!n)
		return path[0] != '/' ? path : NULL;
	return strncmp(path, dir, n) == 0 && path[n] == '/' ? path + n + 1 : NULL;
}

/* The folder an instruction runs in: the chain's WORKDIRs before chain position k (malloc'd), or NULL. */
static char *cwd_before(const struct fix_ctx *c, const struct dfa *a, const size_t *idx, size_t k)
{
	char *cwd = xstrdup("");
	for (size_t i = 0; i < k && cwd; i++) {
		const struct df_instr *in = &c->df->instrs[idx[i]];
		int unresolved = 0;
		char *w, *next;
		if (in->kind != DF_WORKDIR)
			continue;
		w = dfa_expand(a, idx[i], dfa_instr_text(in), &unresolved);
		next = unresolved || !*w ? NULL : join(cwd, w);
		free(w);
		free(cwd);
		cwd = next;
	}
	return cwd;
}

/* The folder npm/yarn/pnpm reads its manifest from: cwd, `cd` earlier in the RUN, --prefix/--cwd/--dir/-C. */
static char *install_dir(const struct dfa *a, size_t instr, const char *cwd, const struct sh_script *sh, size_t j)
{
	static const char *const dir_opts[] = { "--prefix", "--cwd", "--dir", "-C", NULL };
	char *dir = xstrdup(cwd);
	for (size_t k = 0; k <= j && dir; k++) {
		const struct sh_cmd *cmd = &sh->cmds[k];
		const char *name = sh_cmd_name(cmd), *to = NULL;
		int unresolved = 0;
		char *t, *next;
		if (cmd->depth)
			continue;
		if (k < j && name && !strcmp(name, "cd"))     /* `cd` alone goes home: "~", which berth does not follow */
			to = sh_cmd_nargs(cmd) ? sh_cmd_arg(cmd, sh_cmd_nargs(cmd) - 1)->text : "~";
		for (size_t i = 0; k == j && i < sh_cmd_nargs(cmd); i++) {
			const char *w = sh_cmd_arg(cmd, i)->text;
			for (size_t o = 0; dir_opts[o]; o++) {
				size_t ol = strlen(dir_opts[o]);
				if (!strcmp(w, dir_opts[o]) && i + 1 < sh_cmd_nargs(cmd))
					to = sh_cmd_arg(cmd, i + 1)->text;
				else if (!strncmp(w, dir_opts[o], ol) && w[ol] == '=')
					to = w + ol + 1;
			}
		}
		if (!to)
			continue;
		t = dfa_expand(a, instr, to, &unresolved);
		next = unresolved || !*t || strpbrk(t, "$`~") ? NULL : join(dir, t);
		free(t);
		free(dir);
		dir = next;
	}
	return dir;
}

/* What wrote the manifest: read from the context (path), or not (why). */
struct writer {
	char *ctx_path;         /* the context's file */
	int line;               /* the COPY/ADD; 0 when none writes it */
	int other;              /* another stage, an image, a URL or an archive wrote it */
};

static int exists(const struct fix_ctx *c, const char *path)
{
	return path && fs_stat(c->in->fs, path) == FS_FILE;
}

static int folder(const struct fix_ctx *c, const char *path)
{
	return path && fs_stat(c->in->fs, path) == FS_DIR;
}

/* One COPY/ADD of the chain, in the folder `cwd`: does it write `m`, and from where. */
static void copy_writes(const struct fix_ctx *c, const struct dfa *a, size_t instr, const char *ctx,
			const char *cwd, const char *m, struct writer *wr)
{
	const struct df_instr *in = &c->df->instrs[instr];
	const char *src[MANIFEST_MAX_SRCS], *dest;
	struct df_span spans[MANIFEST_MAX_SRCS], dsp;
	size_t ns = dfa_copy_sources(in, src, spans, ARRAY_SIZE(src));
	int from = df_flag_get(in, "from") != NULL, unresolved = 0, into;
	char *d, *dexp;
	if (!(dest = dfa_copy_dest(in, &dsp)))
		return;
	dexp = dfa_expand(a, instr, dest, &unresolved);
	d = unresolved ? NULL : join(cwd, dexp);
	into = ns > 1 || str_ends(dexp, "/") || !strcmp(dexp, ".") || !strcmp(dexp, "./");
	free(dexp);
	if (!d)
		return;
	for (size_t j = 0; j < ns; j++) {
		const char *s = src[j], *rest = inside(m, d), *base = str_basename(s);
		char *cs = NULL, *hit = NULL;
		int url = strstr(s, "://") != NULL, dir_src;
		if (strchr(s, '$'))
			continue;
		if (!from && !url)
			cs = path_join_norm(ctx, s);
		dir_src = !*s || !strcmp(s, ".") || str_ends(s, "/") || folder(c, cs);
		if (from || url || (in->kind == DF_ADD && !dir_src && (str_ends(s, ".tar") || str_ends(s, ".gz") ||
								   str_ends(s, ".tgz") || str_ends(s, ".xz")))) {
			/* not a file of the context: it writes m when m is its target or may be inside it */
			if ((rest && (into || !strchr(rest, '/'))) || !strcmp(d, m)) {
				free(wr->ctx_path);
				wr->ctx_path = NULL;
				wr->line = in->line;
				wr->other = 1;
			}
			free(cs);
			continue;
		}
		if (dir_src && rest)
			hit = cs ? path_join_norm(cs, rest) : NULL;     /* COPY . /app: /app/package.json */
		else if (!dir_src && into && rest && !strcmp(rest, "package.json") && !fnmatch(base, "package.json", 0)) {
			char *sd = str_dirname(s);
			char *p = path_join_norm(ctx, sd);
			hit = p ? path_join_norm(p, "package.json") : NULL;   /* COPY package*.json ./ */
			free(p);
			free(sd);
		} else if (!dir_src && !into && !strcmp(d, m)) {
			hit = cs;       /* COPY web.json /app/package.json: that file, whatever its name */
			cs = NULL;
		}
		if (exists(c, hit)) {
			free(wr->ctx_path);
			wr->ctx_path = hit;
			wr->line = in->line;
			wr->other = 0;
			hit = NULL;
		}
		free(hit);
		free(cs);
	}
	free(d);
}

char *fix_df_npm_manifest(const struct fix_ctx *c, size_t instr, const struct sh_script *sh, size_t j,
			  char **why)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx)), k;
	struct dfa a;
	struct writer wr = { NULL, 0, 0 };
	char *cwd, *dir = NULL, *m = NULL, *ctx;
	*why = NULL;
	for (k = 0; k < n && idx[k] != instr; k++)
		;
	if (k == n)
		return NULL;
	dfa_init(&a, c->df, c->in->path, c->in->fs, c->in->contexts, c->in->ncontexts);
	ctx = dfa_context(&a, 0);
	cwd = cwd_before(c, &a, idx, k);
	dir = cwd ? install_dir(&a, instr, cwd, sh, j) : NULL;
	m = dir ? join(dir, "package.json") : NULL;
	if (!m) {
		*why = xstrdup("berth cannot tell the folder the install runs in");
	} else {
		for (size_t i = 0; i < k; i++) {
			const struct df_instr *in = &c->df->instrs[idx[i]];
			char *here;
			if (in->kind != DF_COPY && in->kind != DF_ADD)
				continue;
			here = cwd_before(c, &a, idx, i);
			if (here)
				copy_writes(c, &a, idx[i], ctx, here, m, &wr);
			free(here);
		}
		if (wr.other)
			*why = xasprintf("%s comes from another stage, an image or a download (line %d), not from "
					 "the build context", m, wr.line);
		else if (!wr.ctx_path)
			*why = xasprintf("no COPY of the build context puts %s there (an earlier step fetches or "
					 "generates it, or the base image has it)", m);
	}
	free(m);
	free(dir);
	free(cwd);
	free(ctx);
	dfa_free(&a);
	if (*why) {
		free(wr.ctx_path);
		return NULL;
	}
	return wr.ctx_path;
}
