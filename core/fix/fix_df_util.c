/*
 * fix_df_util - what the Dockerfile fixes share: the final stage and chain
 * (CHECKLIST.md Terms), a RUN's commands with their original offsets, and
 * edits that copy the file's layout (continuation style and indent, escape
 * character, line ending, where new instructions go).
 */
#include "fix_df.h"

#include "compose.h"
#include "config.h"
#include "dfa.h"
#include "pragma.h"
#include "scan.h"
#include "text.h"
#include "yamldoc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Continuation indent when the file shows none to copy. */
#define FIX_DF_DEFAULT_INDENT "    "

static int not_shipped(const char *name)
{
	static const char *const words[] = { "dev", "devenv", "envs", "development", "debug", "test", NULL };
	return name && str_has_word(name, "-_.", words);
}

int fix_df_final_stage(const struct df_file *df)
{
	for (size_t i = df->nstages; i-- > 0;)
		if (!not_shipped(df->stages[i].name))
			return (int)i;
	return df->nstages ? (int)df->nstages - 1 : -1;
}

int fix_df_in_chain(const struct df_file *df, int stage)
{
	int s = fix_df_final_stage(df);
	for (int depth = 0; s >= 0 && depth < FIX_DF_MAX_CHAIN; depth++) {
		if (s == stage)
			return 1;
		s = df->stages[s].parent;
	}
	return 0;
}

int fix_df_chain_root(const struct df_file *df)
{
	int s = fix_df_final_stage(df);
	for (int depth = 0; s >= 0 && df->stages[s].parent >= 0 && depth < FIX_DF_MAX_CHAIN; depth++)
		s = df->stages[s].parent;
	return s;
}

const char *fix_df_final_image(const struct df_file *df)
{
	int root = fix_df_chain_root(df);
	if (root < 0)
		return NULL;
	return df->stages[root].image_resolved;
}

int fix_df_heredoc(const struct df_instr *in)
{
	const char *p;
	if (in->kind != DF_RUN || in->json || in->nheredocs != 1 || in->heredocs[0].strip_tabs ||
	    !in->heredocs[0].body || !in->args)
		return 0;
	/* the command is the marker alone: the body is the script, byte for byte */
	p = in->args + strspn(in->args, " \t");
	if (!str_starts(p, "<<"))
		return 0;
	p += strcspn(p, " \t");
	p += strspn(p, " \t");
	/* and the body is the file's bytes as they are (no CR or tabs taken out) */
	return !*p && strlen(in->heredocs[0].body) <= in->heredocs[0].body_span.end - in->heredocs[0].body_span.start &&
	       !strchr(in->heredocs[0].body, '\r');
}

int fix_df_sh(const struct df_instr *in, struct sh_script *sh)
{
	memset(sh, 0, sizeof(*sh));
	if (fix_df_heredoc(in)) {
		sh_parse(sh, in->heredocs[0].body, strlen(in->heredocs[0].body));
		return 0;
	}
	if (in->json || in->nheredocs || !in->args || !in->args_map)
		return -1;
	sh_parse(sh, in->args, strlen(in->args));
	return 0;
}

const char *fix_df_script(const struct df_instr *in)
{
	return fix_df_heredoc(in) ? in->heredocs[0].body : in->args;
}

size_t fix_df_start(const struct df_instr *in, size_t a)
{
	if (fix_df_heredoc(in))
		return in->heredocs[0].body_span.start + a;
	return in->args_map[a];
}

size_t fix_df_end(const struct df_instr *in, size_t a)
{
	if (fix_df_heredoc(in))
		return in->heredocs[0].body_span.start + a;
	return a == 0 ? in->args_map[0] : in->args_map[a - 1] + 1;
}


/* Lines of the instruction after its first: the indent of the first one, and whether they start with an operator. */
void fix_df_layout(const struct fix_ctx *c, const struct df_instr *in, struct fix_layout *l)
{
	const char *d = c->df->data;
	size_t p = fix_line_next(d, c->df->len, in->span.start);
	memset(l, 0, sizeof(*l));
	while (p < in->span.end) {
		size_t e = p;
		while (e < in->span.end && (d[e] == ' ' || d[e] == '\t'))
			e++;
		if (e < in->span.end && d[e] != '\n' && d[e] != '\r' && d[e] != '#') {
			if (!l->indent)
				l->indent = xstrndup(d + p, e - p);
			if (!l->multi && (mem_starts(d + e, c->df->len - e, "&&") ||
					  mem_starts(d + e, c->df->len - e, "||")))
				l->leading = 1;
			l->multi = 1;
		}
		p = fix_line_next(d, c->df->len, p);
	}
	if (!l->indent || !*l->indent) {
		free(l->indent);
		l->indent = fix_df_indent(c);
	}
}

void fix_layout_free(struct fix_layout *l)
{
	free(l->indent);
}

char *fix_df_indent(const struct fix_ctx *c)
{
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		const char *d = c->df->data;
		size_t p = fix_line_next(d, c->df->len, in->span.start);
		if (in->line == in->end_line || p >= in->span.end)
			continue;
		size_t e = p;
		while (e < in->span.end && (d[e] == ' ' || d[e] == '\t'))
			e++;
		if (e > p && e < in->span.end && d[e] != '\n' && d[e] != '\r')
			return xstrndup(d + p, e - p);
	}
	return xstrdup(FIX_DF_DEFAULT_INDENT);
}

/* After `at`: blanks, then (optionally `op`), blanks, the escape character and a line end? */
static int continues_after(const struct fix_ctx *c, size_t at, size_t limit, const char *op)
{
	const char *d = c->df->data;
	while (at < limit && (d[at] == ' ' || d[at] == '\t'))
		at++;
	if (op) {
		/* the text is not NUL-terminated: compare within the limit */
		if (!mem_starts(d + at, limit - at, op))
			return 0;
		at += strlen(op);
		while (at < limit && (d[at] == ' ' || d[at] == '\t'))
			at++;
	}
	if (at >= c->df->len || d[at] != c->df->escape)
		return 0;
	at++;
	while (at < c->df->len && (d[at] == ' ' || d[at] == '\t'))
		at++;
	return at < c->df->len && (d[at] == '\n' || d[at] == '\r');
}

void fix_df_chain_cmd(struct fix *f, const struct fix_ctx *c, const struct df_instr *in,
		      size_t at, const char *cmd)
{
	struct fix_layout l;
	const char *path = c->in->path;
	char esc = c->df->escape;
	int at_end = at >= in->span.end;

	if (fix_df_heredoc(in)) {
		/* a heredoc script: the new command joins the line it follows */
		fix_insert(f, path, at, " && %s", cmd);
		return;
	}
	fix_df_layout(c, in, &l);
	if (l.multi && l.leading && (at_end || continues_after(c, at, in->span.end, NULL)))
		fix_insert(f, path, at, " %c%s%s&& %s", esc, c->nl, l.indent, cmd);
	else if (l.multi && !l.leading && continues_after(c, at, in->span.end, "&&"))
		fix_insert(f, path, at, " && %c%s%s%s", esc, c->nl, l.indent, cmd);
	else if (l.multi && !l.leading && at_end)
		fix_insert(f, path, at, " && %c%s%s%s", esc, c->nl, l.indent, cmd);
	else
		fix_insert(f, path, at, " && %s", cmd);
	fix_layout_free(&l);
}

size_t fix_df_before(const struct fix_ctx *c, size_t i)
{
	const char *d = c->df->data;
	size_t at = fix_line_start(d, c->df->instrs[i].span.start);
	/* comment lines right above belong to the instruction: go above them */
	for (;;) {
		size_t prev, p;
		if (at == 0)
			break;
		prev = fix_line_start(d, at - 1);
		p = prev;
		while (p < at && (d[p] == ' ' || d[p] == '\t'))
			p++;
		if (p >= at || d[p] != '#')
			break;
		{
			int directive = 0;
			for (size_t k = 0; k < c->df->ndirectives; k++)
				directive |= c->df->directives[k].span.start == prev;
			if (directive)
				break;
		}
		at = prev;
	}
	return at;
}

size_t fix_df_after(const struct fix_ctx *c, size_t i)
{
	return fix_line_next(c->df->data, c->df->len, c->df->instrs[i].span.end);
}

void fix_df_insert_lines(struct fix *f, const struct fix_ctx *c, size_t at, const char *lines)
{
	const char *d = c->df->data;
	/* at the end of a file without a final newline: start a line first, keep the absence */
	if (at == c->df->len && at > 0 && d[at - 1] != '\n') {
		struct buf b = BUF_INIT;
		size_t n = strlen(lines);
		buf_puts(&b, c->nl);
		buf_add(&b, lines, n >= strlen(c->nl) && str_ends(lines, c->nl) ? n - strlen(c->nl) : n);
		fix_edit(f, c->in->path, at, at, buf_str(&b));
		buf_free(&b);
		return;
	}
	fix_edit(f, c->in->path, at, at, lines);
}

/* Does the syntax directive in force name the docker/dockerfile frontend? */
static int syntax_ok(const char *v)
{
	if (!v)
		return 0;
	if (str_starts(v, "docker.io/"))
		v += strlen("docker.io/");
	return str_starts(v, "docker/dockerfile:") || str_starts(v, "docker/dockerfile-upstream:") ||
	       strcmp(v, "docker/dockerfile") == 0 || strcmp(v, "docker/dockerfile-upstream") == 0;
}

/* A "# syntax=" comment that is not in force; its value in *val (malloc'd). */
static int misplaced_syntax(const struct fix_ctx *c, size_t *start, size_t *end, char **val)
{
	const char *d = c->df->data;
	for (size_t i = 0; i < c->df->ncomments; i++) {
		const struct df_comment *cm = &c->df->comments[i];
		size_t p = cm->span.start + 1, e = cm->span.end;
		while (p < e && (d[p] == ' ' || d[p] == '\t'))
			p++;
		if (e - p < 7 || !str_ieqn(d + p, "syntax", 6))
			continue;
		p += 6;
		while (p < e && (d[p] == ' ' || d[p] == '\t'))
			p++;
		if (p >= e || d[p] != '=')
			continue;
		p++;
		while (p < e && (d[p] == ' ' || d[p] == '\t'))
			p++;
		while (e > p && isspace((unsigned char)d[e - 1]))
			e--;
		*val = xstrndup(d + p, e - p);
		if (!syntax_ok(*val)) {
			free(*val);
			continue;
		}
		*start = fix_line_start(d, cm->span.start);
		*end = fix_line_next(d, c->df->len, cm->span.start);
		return 1;
	}
	return 0;
}

int fix_df_has_syntax(const struct fix_ctx *c)
{
	return syntax_ok(c->df->syntax);
}

void fix_df_need_syntax(struct fix *f, const struct fix_ctx *c)
{
	size_t s, e, top = c->df->text.bom ? 3 : 0;
	char *val = NULL;
	if (fix_df_has_syntax(c))
		return;
	if (misplaced_syntax(c, &s, &e, &val)) {
		fix_edit(f, c->in->path, s, e, "");
		fix_insert(f, c->in->path, top, "# syntax=%s%s", val, c->nl);
		free(val);
		return;
	}
	fix_insert(f, c->in->path, top, "# syntax=docker/dockerfile:1%s", c->nl);
}

void fix_df_add_flag(struct fix *f, const struct fix_ctx *c, const struct df_instr *in,
		     const char *flag, int own_line)
{
	struct fix_layout l;
	size_t at = in->nflags ? in->flags[0].span.start : in->args_span.start;
	if (!own_line || in->nflags) {
		fix_insert(f, c->in->path, at, "%s ", flag);
		return;
	}
	fix_df_layout(c, in, &l);
	fix_insert(f, c->in->path, at, "%s %c%s%s", flag, c->df->escape, c->nl, l.indent);
	fix_layout_free(&l);
}

size_t fix_df_tail(const struct fix_ctx *c, int stage, size_t *before_instr)
{
	const struct df_stage *st;
	size_t at = SIZE_MAX;
	if (stage < 0 || (size_t)stage >= c->df->nstages)
		return SIZE_MAX;
	st = &c->df->stages[stage];
	/* before the CMD/ENTRYPOINT block that ends the stage (after every RUN, COPY, ADD, USER) */
	for (size_t i = st->first + 1; i < st->first + st->count && i < c->df->ninstrs; i++) {
		enum df_kind k = c->df->instrs[i].kind;
		if (k == DF_CMD || k == DF_ENTRYPOINT) {
			if (at == SIZE_MAX)
				at = i;
		} else if (k == DF_RUN || k == DF_COPY || k == DF_ADD || k == DF_USER || k == DF_WORKDIR ||
			   k == DF_ONBUILD) {
			at = SIZE_MAX;
		}
	}
	if (before_instr)
		*before_instr = at;
	if (at != SIZE_MAX)
		return fix_df_before(c, at);
	return fix_df_after(c, st->first + st->count - 1);
}

/* Bytes of a script read at most (CHECKLIST.md "Image facts": 256 KiB). */
#define FIX_DF_SCRIPT_MAX (256 * 1024)

char *fix_df_read_context(const struct fix_ctx *c, const char *ctx, const char *rel, size_t max)
{
	const char *bases[2] = { ctx, "" };
	for (int b = 0; b < 2; b++) {
		char *p = path_join_norm(bases[b], rel), *data = NULL;
		size_t len = 0;
		if (p && fs_read(c->in->fs, p, &data, &len) == 0 && len <= max && !memchr(data, '\0', len)) {
			free(p);
			return data;
		}
		free(data);
		free(p);
	}
	return NULL;
}

char *fix_df_image_file(const struct fix_ctx *c, const char *ctx, const char *path)
{
	for (size_t i = c->df->ninstrs; i-- > 0;) {
		const struct df_instr *in = &c->df->instrs[i];
		const char *src[16], *dest;
		struct df_span spans[16], dsp;
		size_t ns, dl;
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->stage < 0 || df_flag_get(in, "from") ||
		    !(dest = dfa_copy_dest(in, &dsp)) || dest[0] != '/')
			continue;
		ns = dfa_copy_sources(in, src, spans, ARRAY_SIZE(src));
		dl = strlen(dest);
		while (dl > 1 && dest[dl - 1] == '/')
			dl--;
		for (size_t j = 0; j < ns; j++) {
			char *rel = NULL, *text;
			const char *s = src[j];
			while (str_starts(s, "./"))
				s += 2;
			if (strcmp(path, dest) == 0 || (strncmp(path, dest, dl) == 0 && path[dl] == '/' &&
							   !strchr(path + dl + 1, '/') && strcmp(str_basename(s), path + dl + 1) == 0))
				rel = xstrdup(s);       /* COPY build.sh /usr/local/bin/ (or to the file itself) */
			else if ((!*s || strcmp(s, ".") == 0) && strncmp(path, dest, dl) == 0 && path[dl] == '/')
				rel = xstrdup(path + dl + 1);   /* ADD . /src: /src/x/build.sh is x/build.sh */
			if (!rel)
				continue;
			text = fix_df_read_context(c, ctx, rel, FIX_DF_SCRIPT_MAX);
			free(rel);
			if (text)
				return text;
		}
	}
	return NULL;
}

/* The final chain's instructions in build order (indices), count. */
size_t fix_df_chain_instrs(const struct df_file *df, size_t *out, size_t max)
{
	int chain[FIX_DF_MAX_CHAIN], n = 0;
	size_t k = 0;
	for (int s = fix_df_final_stage(df); s >= 0 && n < FIX_DF_MAX_CHAIN; s = df->stages[s].parent)
		chain[n++] = s;
	while (n-- > 0)
		for (size_t i = df->stages[chain[n]].first; i < df->stages[chain[n]].first +
		     df->stages[chain[n]].count && i < df->ninstrs && k < max; i++)
			out[k++] = i;
	return k;
}


/* Folders above the Dockerfile's whose Compose files are read for services running it (its own, then
 * up): 3 reaches mailcow's root docker-compose.yml from data/Dockerfiles/<name>/ (FIX-HOLDOUT6.md R1). */
#define FIX_DF_COMPOSE_UP 3
/* Compose files read per folder at most, and bytes per file (a real one is a few KiB). */
#define FIX_DF_COMPOSE_FILES 16
#define FIX_DF_COMPOSE_MAX (256 * 1024)

static int compose_name(const char *name)
{
	return (str_starts(name, "compose.") || str_starts(name, "docker-compose")) &&
	       (str_ends(name, ".yml") || str_ends(name, ".yaml"));
}

/* fn on every service of the Compose file at `path` that builds the Dockerfile; the last nonzero return. */
static int builders_in(const struct fix_ctx *c, const char *path, fix_df_builder_fn fn, void *arg, int runners)
{
	char *data = NULL;
	size_t len = 0, nb, ns;
	struct compose_doc *d;
	struct compose_build *b = NULL;
	const struct compose_service *svcs;
	int r = 0;
	if (fs_read(c->in->fs, path, &data, &len) != 0 || len > FIX_DF_COMPOSE_MAX || !(d = compose_load(data, len))) {
		free(data);
		return 0;
	}
	nb = compose_builds(d, path, c->in->fs, &b);
	svcs = compose_services(d, &ns);
	for (size_t i = 0; i < nb; i++) {
		if (!b[i].dockerfile || strcmp(b[i].dockerfile, c->in->path) != 0 || !b[i].service)
			continue;
		for (size_t k = 0; k < ns; k++)
			if (strcmp(svcs[k].name, b[i].service) == 0) {
				int v = fn(c, path, svcs[k].name, svcs[k].value, arg);
				r = v ? v : r;
			}
	}
	for (size_t k = 0; runners && !r && k < ns; k++)
		if (!ydoc_get(svcs[k].value, "build") && ydoc_str(ydoc_get(svcs[k].value, "image")))
			r = fn(c, path, svcs[k].name, svcs[k].value, arg);
	compose_builds_free(b, nb);
	compose_free(d);
	free(data);
	return r;
}

static int each_service(const struct fix_ctx *c, fix_df_builder_fn fn, void *arg, int runners)
{
	char *dir = str_dirname(c->in->path);
	int r = 0;
	for (int up = 0; c->in->fs && dir && up <= FIX_DF_COMPOSE_UP && !r; up++) {
		char **list = NULL;
		size_t n = 0, seen = 0;
		char *parent;
		if (fs_list(c->in->fs, dir, &list, &n) == 0)
			for (size_t i = 0; i < n && seen < FIX_DF_COMPOSE_FILES && !r; i++)
				if (compose_name(list[i])) {
					char *p = *dir ? xasprintf("%s/%s", dir, list[i]) : xstrdup(list[i]);
					r = builders_in(c, p, fn, arg, runners);
					free(p);
					seen++;
				}
		fs_names_free(list, n);
		if (!*dir)
			break;
		parent = str_dirname(dir);
		free(dir);
		dir = parent;
	}
	free(dir);
	return r;
}

/* Folders deep below the root the repository-wide Compose walk reads (examples/with-cron/ is 2), and folders read at most. */
#define FIX_DF_REPO_DEPTH 4
#define FIX_DF_REPO_DIRS 512

/* fn on every service of one Compose file's text; the last nonzero return. */
static int services_of(const struct fix_ctx *c, const char *path, const char *data, size_t len,
		       fix_df_builder_fn fn, void *arg)
{
	size_t ns;
	struct compose_doc *d;
	const struct compose_service *svcs;
	int r = 0;
	if (len > FIX_DF_COMPOSE_MAX || !(d = compose_load(data, len)))
		return 0;
	svcs = compose_services(d, &ns);
	for (size_t k = 0; k < ns && !r; k++)
		r = fn(c, path, svcs[k].name, svcs[k].value, arg);
	compose_free(d);
	return r;
}

static int services_in(const struct fix_ctx *c, const char *path, fix_df_builder_fn fn, void *arg)
{
	char *data = NULL;
	size_t len = 0;
	int r = 0;
	if (fs_read(c->in->fs, path, &data, &len) == 0)
		r = services_of(c, path, data, len, fn, arg);
	free(data);
	return r;
}

static int walk_files(const struct fix_ctx *c, const char *dir, int depth, size_t *dirs, fix_df_file_fn fn,
		      void *arg)
{
	char **list = NULL;
	size_t n = 0;
	int r = 0;
	if (++*dirs > FIX_DF_REPO_DIRS || fs_list(c->in->fs, dir, &list, &n) != 0)
		return 0;
	for (size_t i = 0; i < n && !r; i++) {
		char *p = *dir ? xasprintf("%s/%s", dir, list[i]) : xstrdup(list[i]);
		enum fs_type t = fs_stat(c->in->fs, p);
		if (t == FS_FILE)
			r = fn(c, p, arg);
		else if (t == FS_DIR && depth < FIX_DF_REPO_DEPTH && list[i][0] != '.' &&
			 strcmp(list[i], "node_modules") != 0 && strcmp(list[i], "vendor") != 0)
			r = walk_files(c, p, depth + 1, dirs, fn, arg);
		free(p);
	}
	fs_names_free(list, n);
	return r;
}

int fix_df_each_repo_file(const struct fix_ctx *c, fix_df_file_fn fn, void *arg)
{
	size_t dirs = 0;
	return c->in->fs ? walk_files(c, "", 0, &dirs, fn, arg) : 0;
}

struct compose_walk {
	fix_df_builder_fn fn;
	void *arg;
};

static int compose_file(const struct fix_ctx *c, const char *path, void *arg)
{
	struct compose_walk *w = arg;
	return compose_name(str_basename(path)) ? services_in(c, path, w->fn, w->arg) : 0;
}

int fix_df_each_compose_service(const struct fix_ctx *c, fix_df_builder_fn fn, void *arg)
{
	struct compose_walk w = { fn, arg };
	const struct scan *sc = c->in->scan;
	int r = 0;
	/* a scan of the repository has read its Compose files already: no walk of the folders per Dockerfile */
	if (sc && sc->repo) {
		for (size_t i = 0; i < sc->nfiles && !r; i++)
			if (sc->files[i].res.kind == KIND_COMPOSE && sc->files[i].data)
				r = services_of(c, sc->files[i].res.path, sc->files[i].data, sc->files[i].len, fn, arg);
		return r;
	}
	return fix_df_each_repo_file(c, compose_file, &w);
}

int fix_df_each_builder(const struct fix_ctx *c, fix_df_builder_fn fn, void *arg)
{
	return each_service(c, fn, arg, 0);
}

int fix_df_each_runner(const struct fix_ctx *c, fix_df_builder_fn fn, void *arg)
{
	return each_service(c, fn, arg, 1);
}

unsigned char *fix_df_suppressed(const struct fix_ctx *c, int item)
{
	unsigned char *out = xcalloc(c->df->ninstrs + 1, 1);
	struct file_result r;
	struct text t;
	if (c->in->cfg && c->in->cfg->ignore[item]) {
		memset(out, 1, c->df->ninstrs);
		return out;
	}
	/* one finding per instruction, marked by one pass over the pragmas */
	memset(&r, 0, sizeof(r));
	r.kind = KIND_DOCKERFILE;
	r.findings = xcalloc(c->df->ninstrs + 1, sizeof(*r.findings));
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		r.findings[i].item = item;
		r.findings[i].line = c->df->instrs[i].line;
	}
	r.nfindings = r.cap = c->df->ninstrs;
	text_init(&t, c->df->data, c->df->len);
	pragma_apply(&r, &t);
	for (size_t i = 0; i < c->df->ninstrs; i++)
		out[i] = r.findings[i].suppressed;
	text_free(&t);
	free(r.findings);
	return out;
}
