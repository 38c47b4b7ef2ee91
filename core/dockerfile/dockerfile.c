/*
 * dockerfile - the line reader: BOM, parser directives, comments,
 * continuations and heredoc bodies, the way BuildKit's parser.go reads
 * them. Each instruction's physical lines are joined into a logical line
 * that keeps the original offset of every byte (df_instr.c parses it).
 */
#include "dockerfile.h"
#include "df_priv.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DF_BOM "\xEF\xBB\xBF"
#define DF_BOM_LEN 3
/* Longest problem message kept: quoted words from a hostile file can be megabytes long. */
#define DF_MESSAGE_MAX 240

struct reader {
	struct df_file *f;
	const char *d;
	size_t len;
	size_t pos;             /* start of the next physical line */
	int dir_done;           /* the directive block at the top is over */
	struct df_line ln;
	struct df_line body;    /* heredoc body being read (copied into the arena when done) */
	size_t ninstr_cap, nprob_cap, ncomment_cap, ndir_cap;
	size_t line_idx;        /* index into f->text.lines of the last line asked for (line_of) */
};

/* A physical line: [start, cend) is its text without the line ending. */
struct pline { size_t start, cend, next; };

static const char *const kind_names[] = {
	"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
	"HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",
	"STOPSIGNAL", "USER", "VOLUME", "WORKDIR", "UNKNOWN"
};

int df_frontend_docker(const char *syntax)
{
	size_t n;
	if (!syntax)
		return 0;
	while (*syntax == ' ' || *syntax == '\t')
		syntax++;
	if (!strncmp(syntax, "docker.io/", 10))
		syntax += 10;
	n = strcspn(syntax, ":@ \t");
	return (n == 17 && !strncmp(syntax, "docker/dockerfile", 17)) ||
	       (n == 26 && !strncmp(syntax, "docker/dockerfile-upstream", 26));
}

int df_commented_user(const struct df_file *f, int from)
{
	for (size_t i = 0; i < f->ncomments; i++) {
		const char *p = f->data + f->comments[i].span.start, *e = f->data + f->comments[i].span.end, *u;
		size_t n;
		if (f->comments[i].line < from)
			continue;
		while (p < e && (*p == '#' || *p == ' ' || *p == '\t'))
			p++;
		if (e - p < 6 || strncasecmp(p, "USER", 4) != 0 || (p[4] != ' ' && p[4] != '\t'))
			continue;
		for (p += 5; p < e && (*p == ' ' || *p == '\t'); p++)
			;
		for (u = p; u < e && *u != ' ' && *u != '\t' && *u != '\r' && *u != ':'; u++)
			;
		n = (size_t)(u - p);
		if (n && !(n == 4 && !strncmp(p, "root", 4)) && !(n == 1 && *p == '0'))
			return f->comments[i].line;
	}
	return 0;
}

const char *df_kind_name(enum df_kind k)
{
	if ((unsigned)k > DF_UNKNOWN)
		return "UNKNOWN";
	return kind_names[k];
}

/*
 * The capacity GROW left an array of n elements with (8, then doubling), so
 * that problems can be appended from anywhere without a stored capacity.
 */
static size_t grown_cap(size_t n)
{
	size_t c = 8;
	if (n == 0)
		return 0;
	while (c < n)
		c *= 2;
	return c;
}

void df_problem_add(struct df_file *f, const char *rule, struct df_span span,
		const char *fmt, ...)
{
	struct df_problem p;
	va_list ap;
	struct buf b = BUF_INIT;
	size_t cap = grown_cap(f->nproblems);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.len > DF_MESSAGE_MAX) {
		size_t n = DF_MESSAGE_MAX;
		while (n > 0 && ((unsigned char)b.ptr[n] & 0xC0) == 0x80)
			n--;            /* cut on a UTF-8 character boundary */
		b.len = n;
		buf_puts(&b, "...");
	}
	p.rule = rule;
	p.message = df_arena_strndup(f->arena, buf_str(&b), b.len);
	buf_free(&b);
	p.span = span;
	AGROW(f->arena, f->problems, cap, f->nproblems + 1);
	f->problems[f->nproblems++] = p;
}

static int next_line(const struct reader *r, struct pline *pl)
{
	const char *nl;
	if (r->pos >= r->len)
		return 0;
	pl->start = r->pos;
	nl = memchr(r->d + r->pos, '\n', r->len - r->pos);
	pl->next = nl ? (size_t)(nl - r->d) + 1 : r->len;
	pl->cend = nl ? (size_t)(nl - r->d) : r->len;
	/* BuildKit trims every trailing \r and \n: CRLF and stray CRs alike */
	while (pl->cend > pl->start && r->d[pl->cend - 1] == '\r')
		pl->cend--;
	if (pl->start == 0 && r->len >= DF_BOM_LEN && memcmp(r->d, DF_BOM, DF_BOM_LEN) == 0)
		pl->start = pl->cend < DF_BOM_LEN ? pl->cend : DF_BOM_LEN;
	return 1;
}

/* Length of a non-ASCII Unicode space (Go's unicode.IsSpace) at d[i], 0 when none. */
static size_t unicode_space(const char *d, size_t i, size_t end)
{
	const unsigned char *u = (const unsigned char *)d + i;
	size_t n = end - i;
	if (n >= 2 && u[0] == 0xC2 && (u[1] == 0x85 || u[1] == 0xA0))
		return 2;
	if (n >= 3 && u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80)
		return 3;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
			(u[2] <= 0x8A || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF))
		return 3;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
		return 3;
	if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/* BuildKit trims leading white space, Unicode spaces (NBSP...) included. */
static size_t skip_space(const char *d, size_t i, size_t end)
{
	for (;;) {
		size_t u;
		if (i < end && df_is_space((unsigned char)d[i]))
			i++;
		else if (i < end && (u = unicode_space(d, i, end)) > 0)
			i += u;
		else
			return i;
	}
}

/* Go's regexp \s: what the directive pattern allows around '='. */
static int re_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/*
 * The 1-based line of offset off, as text_pos gives it, walking from the
 * line asked for last: the reader asks in nearly increasing order, so a
 * step or two replaces a binary search.
 */
static int line_of(struct reader *r, size_t off)
{
	const struct text *t = &r->f->text;
	size_t i = r->line_idx;
	if (t->nlines == 0)
		return 1;
	if (off > t->len)
		off = t->len;
	if (i >= t->nlines)
		i = t->nlines - 1;
	while (i + 1 < t->nlines && t->lines[i + 1] <= off)
		i++;
	while (i > 0 && t->lines[i] > off)
		i--;
	r->line_idx = i;
	return (int)i + 1;
}

static void add_comment(struct reader *r, size_t hash, size_t cend, int in_cont)
{
	struct df_comment c;
	c.span.start = hash;
	c.span.end = cend;
	c.in_continuation = in_cont;
	c.line = line_of(r, hash);
	APUSH(r->f->arena, r->f->comments, r->f->ncomments, r->ncomment_cap, c);
}

static void set_escape(struct reader *r, const char *v, struct df_span span)
{
	if (strcmp(v, "\\") == 0 || strcmp(v, "`") == 0)
		r->f->escape = v[0];
	else
		df_problem_add(r->f, "bad-directive", span,
			"invalid escape token '%s': it must be \\ or `", v);
}

/*
 * BuildKit reads directives from the lines before the first one that is not
 * "# key=value" with a known key; a repeated key is an error.
 */
static void directive_line(struct reader *r, size_t s, size_t e)
{
	static const char *const known[] = { "syntax", "escape", "check" };
	struct df_directive dv;
	struct df_span span = { s, e };
	size_t k, ke, v, ve, i;
	const char *name = NULL;
	if (s >= e || r->d[s] != '#')
		goto done;
	k = skip_space(r->d, s + 1, e);
	if (k >= e || !((r->d[k] | 32) >= 'a' && (r->d[k] | 32) <= 'z'))
		goto done;
	for (ke = k + 1; ke < e && (((r->d[ke] | 32) >= 'a' && (r->d[ke] | 32) <= 'z')
			|| (r->d[ke] >= '0' && r->d[ke] <= '9')); ke++)
		;
	for (i = ke; i < e && re_space((unsigned char)r->d[i]); i++)
		;
	if (i >= e || r->d[i] != '=')
		goto done;
	for (v = i + 1; v < e && re_space((unsigned char)r->d[v]); v++)
		;
	for (ve = e; ve > v && re_space((unsigned char)r->d[ve - 1]); ve--)
		;
	if (ve <= v)
		goto done;
	/* the key is letters and digits: compared lower-cased with the known ones */
	for (i = 0; i < ARRAY_SIZE(known) && !name; i++)
		if (strlen(known[i]) == ke - k && str_ieqn(r->d + k, known[i], ke - k))
			name = known[i];
	if (!name)
		goto done;
	for (i = 0; i < r->f->ndirectives; i++) {
		if (strcmp(r->f->directives[i].name, name) == 0) {
			df_problem_add(r->f, "bad-directive", span,
				"only one %s parser directive can be used", name);
			return;
		}
	}
	dv.name = df_arena_strdup(r->f->arena, name);
	dv.value = df_arena_strndup(r->f->arena, r->d + v, ve - v);
	dv.span = span;
	APUSH(r->f->arena, r->f->directives, r->f->ndirectives, r->ndir_cap, dv);
	if (strcmp(dv.name, "escape") == 0)
		set_escape(r, dv.value, span);
	else if (strcmp(dv.name, "syntax") == 0)
		r->f->syntax = dv.value;
	return;
done:
	r->dir_done = 1;
}

/* Room for n more bytes and the map entry past the end. */
static void line_reserve(struct df_line *ln, size_t n)
{
	if (ln->len + n + 1 > ln->cap) {
		size_t cap = ln->cap;
		AGROW(ln->mem, ln->text, cap, ln->len + n + 1);
		AGROW(ln->mem, ln->map, ln->cap, ln->len + n + 1);
	}
}

/* Append the original bytes [s, e). */
static void line_add(struct df_line *ln, const char *d, size_t s, size_t e)
{
	size_t i;
	line_reserve(ln, e - s);
	memcpy(ln->text + ln->len, d + s, e - s);
	for (i = s; i < e; i++)
		ln->map[ln->len++] = i;
}

/*
 * Append [s, e) to the logical line; returns 1 when it ends with the
 * escape character as a continuation (BuildKit: the escape, then only
 * blanks, and not itself escaped unless it starts the line).
 */
static int add_segment(struct reader *r, size_t s, size_t e, size_t *cont_at)
{
	size_t t = e;
	int cont = 0;
	while (t > s && (r->d[t - 1] == ' ' || r->d[t - 1] == '\t'))
		t--;
	if (t > s && r->d[t - 1] == r->f->escape && (t - 1 == s || r->d[t - 2] != r->f->escape)) {
		cont = 1;
		*cont_at = t - 1;
		e = t - 1;
	}
	line_add(&r->ln, r->d, s, e);
	return cont;
}

/* Read the continuation lines of an instruction into the logical line. */
static void read_continuations(struct reader *r, size_t cont_at)
{
	struct pline pl;
	int cont = 1;
	while (cont && next_line(r, &pl)) {
		size_t s = skip_space(r->d, pl.start, pl.cend);
		r->pos = pl.next;
		if (s < pl.cend && r->d[s] == '#') {
			add_comment(r, s, pl.cend, 1);
			continue;
		}
		if (s >= pl.cend)
			continue;
		cont = add_segment(r, pl.start, pl.cend, &cont_at);
	}
	if (cont) {
		struct df_span sp = { cont_at, cont_at + 1 };
		df_problem_add(r->f, "eof-continuation", sp,
			"the file ends inside a line continuation");
	}
}

static int heredoc_terminator(const struct reader *r, const struct pline *pl,
		const struct df_heredoc *h)
{
	size_t s = pl->start, n = strlen(h->delim);
	if (h->strip_tabs)
		while (s < pl->cend && r->d[s] == '\t')
			s++;
	return pl->cend - s == n && memcmp(r->d + s, h->delim, n) == 0;
}

/* Append one body line [s, pl->cend) and its newline, with their original offsets. */
static void body_line(const struct reader *r, const struct pline *pl, size_t s,
		struct df_line *body)
{
	line_add(body, r->d, s, pl->cend);
	line_reserve(body, 1);
	body->text[body->len] = '\n';
	body->map[body->len++] = pl->next > pl->cend ? pl->next - 1 : pl->cend;
}

/*
 * Read one heredoc body from r->pos; *end is where its span starts and
 * becomes where it ends. Returns 0 when its terminator line was found.
 */
static int read_heredoc(struct reader *r, struct df_heredoc *h, size_t *end)
{
	struct df_line *body = &r->body;
	struct pline pl;
	int rc = -1;
	body->len = 0;
	h->span.start = *end;
	h->body_span.start = r->pos;
	h->body_span.end = r->len;
	*end = r->len;
	while (rc != 0 && next_line(r, &pl)) {
		size_t s = pl.start;
		r->pos = pl.next;
		if (heredoc_terminator(r, &pl, h)) {
			h->body_span.end = pl.start;
			*end = pl.cend;
			rc = 0;
			break;
		}
		while (h->strip_tabs && s < pl.cend && r->d[s] == '\t')
			s++;
		body_line(r, &pl, s, body);
	}
	line_reserve(body, 0);
	body->text[body->len] = '\0';
	body->map[body->len] = h->body_span.end;
	h->body = df_arena_strndup(r->f->arena, body->text, body->len);
	h->body_map = df_arena_alloc(r->f->arena, (body->len + 1) * sizeof(size_t));
	memcpy(h->body_map, body->map, (body->len + 1) * sizeof(size_t));
	h->span.end = *end;
	return rc;
}

/* Read the bodies of the heredocs of `in`; returns the new end offset. */
static size_t read_heredocs(struct reader *r, struct df_instr *in, size_t end)
{
	size_t i;
	for (i = 0; i < in->nheredocs; i++) {
		struct df_heredoc *h = &in->heredocs[i];
		if (read_heredoc(r, h, &end) < 0) {
			struct df_span sp = { h->marker.start, r->len };
			df_problem_add(r->f, "unterminated-heredoc", sp,
				"heredoc <<%s is never terminated: a line with only %s must end it",
				h->delim, h->delim);
		}
	}
	return end;
}

static void read_instruction(struct reader *r, const struct pline *first, size_t s)
{
	struct df_instr in;
	struct df_instr *owner;
	size_t cont_at = 0, end, n;
	r->ln.len = 0;
	if (add_segment(r, s, first->cend, &cont_at))
		read_continuations(r, cont_at);
	n = r->ln.len;
	while (n > 0 && df_is_space((unsigned char)r->ln.text[n - 1]))
		n--;
	end = n ? r->ln.map[n - 1] + 1 : s;
	line_reserve(&r->ln, 0);        /* room for map[len] */
	r->ln.map[n] = end;
	memset(&in, 0, sizeof(in));
	df_instr_build(r->f, &in, r->ln.text, r->ln.map, n, 0);
	owner = df_instr_heredoc_owner(&in);
	if (owner) {
		df_heredoc_markers(r->f, owner);
		end = read_heredocs(r, owner, end);
	}
	in.span.start = s;
	in.span.end = end;
	in.line = line_of(r, s);
	in.end_line = line_of(r, end > s ? end - 1 : s);
	if (in.onbuild) {
		in.onbuild->span.end = end;
		in.onbuild->line = line_of(r, in.onbuild->span.start);
		in.onbuild->end_line = in.end_line;
	}
	APUSH(r->f->arena, r->f->instrs, r->f->ninstrs, r->ninstr_cap, in);
}

/* Problems are reported in file order (file-level ones are found last). */
static int by_position(const void *a, const void *b)
{
	const struct df_problem *x = a, *y = b;
	if (x->span.start != y->span.start)
		return x->span.start < y->span.start ? -1 : 1;
	return x->span.end < y->span.end ? -1 : x->span.end > y->span.end;
}

/* Logical-line bytes reserved at first, at most (the buffer grows past it for a longer instruction). */
#define DF_LINE_FIRST 2048
/* Instructions room reserved at first, at most (a file has fewer instructions than lines). */
#define DF_INSTRS_FIRST 64
/* Arena bytes asked for per byte of the file: its words, args and their offset maps fit. */
#define DF_ARENA_PER_BYTE 16

void df_parse(struct df_file *f, const char *data, size_t len)
{
	struct reader r;
	struct pline pl;
	memset(f, 0, sizeof(*f));
	if (!data)
		data = "", len = 0;
	f->data = data;
	f->len = len;
	f->escape = '\\';
	f->arena = df_arena_new(len < ((size_t)-1) / DF_ARENA_PER_BYTE ? 2048 + len * DF_ARENA_PER_BYTE : len);
	text_init(&f->text, data, len);
	memset(&r, 0, sizeof(r));
	r.f = f;
	r.d = data;
	r.len = len;
	r.ninstr_cap = f->text.nlines < DF_INSTRS_FIRST ? f->text.nlines : DF_INSTRS_FIRST;
	if (r.ninstr_cap)
		f->instrs = df_arena_alloc(f->arena, r.ninstr_cap * sizeof(*f->instrs));
	/* the logical-line buffers, in the arena: one allocation for most files */
	r.ln.mem = r.body.mem = f->arena;
	if (len)
		line_reserve(&r.ln, len < DF_LINE_FIRST ? len : DF_LINE_FIRST);
	while (next_line(&r, &pl)) {
		size_t s = skip_space(data, pl.start, pl.cend);
		r.pos = pl.next;
		if (!r.dir_done)
			directive_line(&r, s, pl.cend);
		if (s < pl.cend && data[s] == '#') {
			add_comment(&r, s, pl.cend, 0);
			continue;
		}
		if (s >= pl.cend)
			continue;
		read_instruction(&r, &pl, s);
	}
	df_stages_build(f);
	if (f->nproblems > 1)
		qsort(f->problems, f->nproblems, sizeof(*f->problems), by_position);
}

void df_free(struct df_file *f)
{
	df_arena_free(f->arena);
	text_free(&f->text);
	memset(f, 0, sizeof(*f));
}

int df_stage_find(const struct df_file *f, const char *name, size_t before)
{
	size_t i;
	char *end;
	long n;
	if (!f || !name || !*name)
		return -1;
	if (before > f->nstages)
		before = f->nstages;
	if (f->names) {
		int k = df_names_first(f->names, name);
		if (k >= 0)
			return (size_t)k < before ? k : -1;
	} else {
		for (i = 0; i < before; i++)
			if (f->stages[i].name && str_ieq(f->stages[i].name, name))
				return (int)i;
	}
	if (name[0] >= '0' && name[0] <= '9') {
		n = strtol(name, &end, 10);
		if (*end == '\0' && n >= 0 && (size_t)n < before)
			return (int)n;
	}
	return -1;
}

const struct df_flag *df_flag_get(const struct df_instr *in, const char *name)
{
	size_t i;
	if (!in || !name)
		return NULL;
	for (i = 0; i < in->nflags; i++)
		if (strcmp(in->flags[i].name, name) == 0)
			return &in->flags[i];
	return NULL;
}

const char *df_flag_kv(const struct df_flag *fl, const char *key)
{
	size_t i;
	if (!fl || !key)
		return NULL;
	for (i = 0; i < fl->nkv; i++)
		if (strcmp(fl->kv[i].key, key) == 0)
			return fl->kv[i].value;
	return NULL;
}
