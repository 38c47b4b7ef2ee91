/*
 * fix_df_wdroot - which WORKDIR corr.workdir-before-copy may add
 * (FIX-HOLDOUT7.md S2, beyond CHECKLIST.md revision 4). A stage without a
 * WORKDIR copies relative destinations into `/`; a new `WORKDIR /app`
 * moves those files. When the stage (a later instruction, a stage built
 * FROM it, a `COPY --from` of it, or the script its CMD/ENTRYPOINT runs)
 * names one of them by its path under `/` — teedy's importer copies its
 * binary to `./` and its CMD runs `/teedy-importer` — the fix writes
 * `WORKDIR /`, which changes nothing.
 */
#include "fix_df.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfa.h"

/* Names a stage's relative copies put at `/` that are looked for (more: the first ones). */
#define WDROOT_MAX_NAMES 256
/* COPY/ADD sources read per instruction. */
#define WDROOT_MAX_SRCS 32

/* Top-level folders of a Linux image: a path under them is the system's, never what a COPY into `/` made. */
static const char *const system_dirs[] = { "bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "libx32",
	"media", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var", NULL };

/* What the relative copies put at `/`: top-level names, and whether other names may be there too. */
struct moved {
	char *names[WDROOT_MAX_NAMES];
	size_t n;
	int any;                        /* a folder's contents, a glob, an archive: names berth cannot list */
	char *made[WDROOT_MAX_NAMES];   /* top-level names absolute COPY/ADD destinations make */
	size_t nmade;
};

static void add_name(char **v, size_t *n, const char *s, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen(v[i]) == len && strncmp(v[i], s, len) == 0)
			return;
	if (len && *n < WDROOT_MAX_NAMES)
		v[(*n)++] = xstrndup(s, len);
}

static int has_name(char *const *v, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(v[i]) == len && strncmp(v[i], s, len) == 0)
			return 1;
	return 0;
}

/* The first component of a path (after any "./" and "/"): its length at *s. */
static size_t first_part(const char **s)
{
	while (**s == '/' || ((*s)[0] == '.' && (*s)[1] == '/'))
		*s += (**s == '/') ? 1 : 2;
	if ((*s)[0] == '.' && (*s)[1] == '\0')
		(*s)++;
	return strcspn(*s, "/");
}

static int archive(const char *s)
{
	return str_ends(s, ".tar") || str_ends(s, ".tgz") || str_ends(s, ".tar.gz") || str_ends(s, ".tar.xz") ||
	       str_ends(s, ".tar.bz2") || str_ends(s, ".txz") || str_ends(s, ".tbz2") || str_ends(s, ".tar.zst");
}

/* A COPY/ADD's destination (a dummy span: callers want the text only). */
static const char *copy_dest(const struct df_instr *in)
{
	struct df_span sp;
	return dfa_copy_dest(in, &sp);
}

/*
 * One COPY/ADD: the top-level names it puts at `/` — into m->names when
 * `moving` (its relative destination resolves against `/` now, against the
 * new WORKDIR after the fix), else into m->made (an absolute destination).
 */
static void note_copy(const struct fix_ctx *c, const char *ctx, const struct df_instr *in, int moving,
		      struct moved *m)
{
	const char *src[WDROOT_MAX_SRCS], *dest = copy_dest(in), *d;
	struct df_span spans[WDROOT_MAX_SRCS];
	size_t ns, dl;
	int from = df_flag_get(in, "from") != NULL;
	char **v;
	size_t *nv;
	if (!dest || strchr(dest, '$') || (dest[0] != '/' && !moving))
		return;
	v = dest[0] == '/' ? m->made : m->names;
	nv = dest[0] == '/' ? &m->nmade : &m->n;
	d = dest;
	dl = first_part(&d);
	if (dl) {
		add_name(v, nv, d, dl);         /* COPY x src/ : it lands in /src */
		return;
	}
	/* into `/` itself: each source by its name, a folder by its contents */
	ns = dfa_copy_sources(in, src, spans, ARRAY_SIZE(src));
	for (size_t j = 0; j < ns; j++) {
		const char *s = src[j];
		char *path, **list = NULL;
		size_t nl = 0;
		int folder = !*s || strcmp(s, ".") == 0 || str_ends(s, "/");
		if (strchr(s, '$'))
			continue;
		if (strpbrk(s, "*?[") || (!from && in->kind == DF_ADD && archive(s))) {
			m->any |= v == m->names;        /* a glob, an archive unpacked: names berth does not list */
			continue;
		}
		if (!folder)
			add_name(v, nv, str_basename(s), strlen(str_basename(s)));
		if (from) {
			m->any |= v == m->names;        /* another stage's path: maybe a folder, whose contents land here */
			continue;
		}
		/* a folder of the context: its entries land in `/`, not its name */
		path = path_join_norm(ctx, s);
		if (path && fs_list(c->in->fs, path, &list, &nl) == 0)
			for (size_t k = 0; k < nl; k++)
				add_name(v, nv, list[k], strlen(list[k]));
		else if (folder)
			m->any |= v == m->names;
		fs_names_free(list, nl);
		free(path);
	}
}

/*
 * An absolute path in `text` whose first component is a moved name (or,
 * when the copies' names cannot be listed, any top-level name neither the
 * system's nor an absolute COPY's): that name (malloc'd), else NULL.
 */
static char *names_moved(const char *text, const struct moved *m)
{
	for (const char *p = text; (p = strchr(p, '/')) != NULL; p++) {
		const char *s = p + 1;
		size_t n;
		if (p > text && !strchr(" \t\n\"'=:[,(;&|<>`", p[-1]))
			continue;       /* inside a path or a word: /usr/bin/x, http://x/y */
		n = strcspn(s, "/ \t\n\"'=:,;&|<>)`]");
		if (!n || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			continue;
		if (has_name(m->names, m->n, s, n))
			return xstrndup(s, n);
		if (m->any && !has_name(m->made, m->nmade, s, n) && !memchr(s, '$', n)) {
			int sys = 0;
			for (size_t k = 0; system_dirs[k] && !sys; k++)
				sys = strlen(system_dirs[k]) == n && strncmp(system_dirs[k], s, n) == 0;
			if (!sys && s[0] != '$' && s[0] != '{' && s[0] != '*')
				return xstrndup(s, n);
		}
	}
	return NULL;
}

/* Stage t is `stage` or built FROM it (through stages). */
static int from_stage(const struct df_file *df, int t, int stage)
{
	for (int depth = 0; t >= 0 && depth < FIX_DF_MAX_CHAIN; t = df->stages[t].parent, depth++)
		if (t == stage)
			return 1;
	return 0;
}

/* A `COPY --from` naming stage `stage` (by name or index). */
static int copies_from(const struct df_file *df, const struct df_instr *in, int stage)
{
	const struct df_flag *f = df_flag_get(in, "from");
	const char *name = df->stages[stage].name;
	char idx[24];
	if (!f || !f->value)
		return 0;
	snprintf(idx, sizeof(idx), "%d", stage);
	return (name && str_ieq(f->value, name)) || strcmp(f->value, idx) == 0;
}

/* The text an instruction names paths in: its arguments and heredoc bodies (malloc'd). */
static char *instr_text(const struct df_instr *in)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, in->args ? in->args : "");
	for (size_t h = 0; h < in->nheredocs; h++)
		buf_printf(&b, "\n%s", in->heredocs[h].body ? in->heredocs[h].body : "");
	return buf_detach(&b);
}

char *fix_df_workdir_root(const struct fix_ctx *c, int stage, size_t at)
{
	const struct df_file *df = c->df;
	const struct df_stage *st = &df->stages[stage];
	struct moved m;
	struct dfa a;
	char *ctx, *hit = NULL;
	size_t end = st->first + st->count;
	int line = 0;
	memset(&m, 0, sizeof(m));
	dfa_init(&a, df, c->in->path, c->in->fs, c->in->contexts, c->in->ncontexts);
	ctx = dfa_context(&a, 0);
	dfa_free(&a);
	/*
	 * the relative copies the new WORKDIR would move: from `at` on, until an
	 * absolute WORKDIR of the stage (a relative one moves too, and what
	 * follows it); absolute destinations are the names the stage makes itself
	 */
	for (size_t i = st->first + 1, moving = 0; i < end && i < df->ninstrs; i++) {
		const struct df_instr *in = &df->instrs[i];
		moving |= i == at;
		if (in->kind == DF_WORKDIR && moving && in->args) {
			const char *w = in->args;
			size_t wl;
			if (w[0] == '/' || strchr(w, '$'))
				moving = 0;
			else if ((wl = first_part(&w)) != 0)
				add_name(m.names, &m.n, w, wl);
		} else if (in->kind == DF_COPY || in->kind == DF_ADD) {
			note_copy(c, ctx, in, (int)moving, &m);
		}
	}
	/* who names them: what follows in the stage and the stages built FROM it, their scripts, COPY --from it */
	for (size_t i = at; i < df->ninstrs && !hit; i++) {
		const struct df_instr *in = &df->instrs[i];
		char *text;
		if (in->stage < 0)
			continue;
		if (from_stage(df, in->stage, stage)) {
			if (in->kind == DF_FROM || in->kind == DF_LABEL || in->kind == DF_ARG)
				continue;
			if (in->kind == DF_COPY || in->kind == DF_ADD) {
				const char *dest = copy_dest(in);
				if (df_flag_get(in, "from") || !dest || dest[0] != '/')
					continue;       /* reads other files; writes relative to the same cwd */
				hit = names_moved(dest, &m);
			} else {
				text = instr_text(in);
				hit = names_moved(text, &m);
				free(text);
				if (!hit && (in->kind == DF_CMD || in->kind == DF_ENTRYPOINT) &&
				    (text = fix_df_entry_script(c, in)) != NULL) {
					hit = names_moved(text, &m);
					free(text);
				}
			}
		} else if ((in->kind == DF_COPY || in->kind == DF_ADD) && copies_from(df, in, stage)) {
			const char *src[WDROOT_MAX_SRCS];
			struct df_span spans[WDROOT_MAX_SRCS];
			size_t ns = dfa_copy_sources(in, src, spans, ARRAY_SIZE(src));
			for (size_t j = 0; j < ns && !hit; j++)
				hit = names_moved(src[j], &m);
		}
		if (hit)
			line = in->line;
	}
	for (size_t i = 0; i < m.n; i++)
		free(m.names[i]);
	for (size_t i = 0; i < m.nmade; i++)
		free(m.made[i]);
	free(ctx);
	if (hit) {
		char *why = xasprintf("line %d names /%s, which a relative COPY puts there", line, hit);
		free(hit);
		return why;
	}
	return NULL;
}
