/*
 * df_instr - one instruction from its logical line: keyword, leading
 * --flags (BuildKit's extractBuilderFlags), the arguments with their offset
 * map, exec form, words, ENV/ARG/LABEL pairs, HEALTHCHECK, ONBUILD, and the
 * per-instruction problems (unknown keyword, missing arguments, broken
 * exec form).
 */
#include "dockerfile.h"
#include "df_priv.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct ctx {
	struct df_file *f;
	struct df_instr *in;
	const char *s;          /* logical text */
	const size_t *map;      /* its offsets, map[len] included */
	size_t len;
};

static struct df_span span_of(const size_t *map, size_t a, size_t b)
{
	struct df_span sp;
	sp.start = map[a];
	sp.end = b > a ? map[b - 1] + 1 : map[a];
	return sp;
}

/* The kind of an upper-cased keyword of n bytes: by length and first letter, then one compare. */
static enum df_kind kind_of(const char *kw, size_t n)
{
	enum df_kind k = DF_UNKNOWN;
	switch (n) {
	case 3:
		k = kw[0] == 'A' ? (kw[1] == 'D' ? DF_ADD : DF_ARG) : kw[0] == 'C' ? DF_CMD :
		    kw[0] == 'E' ? DF_ENV : kw[0] == 'R' ? DF_RUN : DF_UNKNOWN;
		break;
	case 4:
		k = kw[0] == 'C' ? DF_COPY : kw[0] == 'F' ? DF_FROM : kw[0] == 'U' ? DF_USER : DF_UNKNOWN;
		break;
	case 5:
		k = kw[0] == 'L' ? DF_LABEL : kw[0] == 'S' ? DF_SHELL : DF_UNKNOWN;
		break;
	case 6:
		k = kw[0] == 'E' ? DF_EXPOSE : kw[0] == 'V' ? DF_VOLUME : DF_UNKNOWN;
		break;
	case 7:
		k = kw[0] == 'O' ? DF_ONBUILD : kw[0] == 'W' ? DF_WORKDIR : DF_UNKNOWN;
		break;
	case 10:
		k = kw[0] == 'E' ? DF_ENTRYPOINT : kw[0] == 'M' ? DF_MAINTAINER : kw[0] == 'S' ? DF_STOPSIGNAL : DF_UNKNOWN;
		break;
	case 11:
		k = DF_HEALTHCHECK;
		break;
	default:
		break;
	}
	return k != DF_UNKNOWN && memcmp(kw, df_kind_name(k), n) == 0 ? k : DF_UNKNOWN;
}

/* --mount=type=cache,target=/x: key/values split on ',' then '='. */
static void flag_kv(struct df_arena *ar, struct df_flag *fl)
{
	const char *p = fl->value;
	size_t cap = 0;
	while (p && *p) {
		const char *e = strchr(p, ','), *eq;
		size_t n = e ? (size_t)(e - p) : strlen(p);
		struct df_kv kv;
		eq = memchr(p, '=', n);
		if (n > 0) {
			kv.key = df_arena_strndup(ar, p, eq ? (size_t)(eq - p) : n);
			kv.value = eq ? df_arena_strndup(ar, eq + 1, n - (size_t)(eq - p) - 1) : NULL;
			APUSH(ar, fl->kv, fl->nkv, cap, kv);
		}
		p = e ? e + 1 : NULL;
	}
}

/* Where the "--word" starting at s[i] ends (quotes and backslash escapes as BuildKit's flag lexer). */
static size_t flag_end(const struct ctx *c, size_t i)
{
	char quote = 0;
	while (i < c->len) {
		char ch = c->s[i];
		if (!quote && df_is_space((unsigned char)ch))
			break;
		if (quote && ch == quote)
			quote = 0;
		else if (!quote && (ch == '\'' || ch == '"'))
			quote = ch;
		else if (ch == '\\' && i + 1 < c->len)
			i++;
		i++;
	}
	return i;
}

/*
 * One "--word" s[i..end): quotes removed, backslash escapes as BuildKit's
 * flag lexer; in the arena, never longer than the bytes it comes from.
 */
static char *flag_word(const struct ctx *c, size_t i, size_t end)
{
	char quote = 0, *w = df_arena_alloc(c->f->arena, end - i + 1);
	size_t n = 0;
	while (i < end) {
		char ch = c->s[i];
		if (quote && ch == quote) {
			quote = 0;
			i++;
			continue;
		}
		if (!quote && (ch == '\'' || ch == '"')) {
			quote = ch;
			i++;
			continue;
		}
		if (ch == '\\') {
			if (i + 1 >= c->len) {
				i++;
				continue;
			}
			ch = c->s[++i];
		}
		w[n++] = ch;
		i++;
	}
	w[n] = '\0';
	return w;
}

/* Leading flags from s[i]; returns where the arguments start. */
static size_t parse_flags(struct ctx *c, size_t i)
{
	size_t cap = 0;
	struct df_arena *ar = c->f->arena;
	for (;;) {
		size_t start, end;
		struct df_flag fl;
		char *w, *eq;
		while (i < c->len && df_is_space((unsigned char)c->s[i]))
			i++;
		if (i + 1 >= c->len || c->s[i] != '-' || c->s[i + 1] != '-')
			break;
		start = i;
		end = flag_end(c, i);
		w = flag_word(c, i, end);
		i = end;
		if (strcmp(w, "--") == 0)
			break;
		eq = strchr(w + 2, '=');
		memset(&fl, 0, sizeof(fl));
		/* name and value are the word's own bytes, cut at the '=' (the word is ours, in the arena) */
		if (eq)
			*eq = '\0';
		fl.name = w + 2;
		fl.value = eq ? eq + 1 : NULL;
		fl.span = span_of(c->map, start, end);
		flag_kv(ar, &fl);
		APUSH(ar, c->in->flags, c->in->nflags, cap, fl);
	}
	return i;
}

static void add_word(struct df_arena *ar, struct df_instr *in, size_t *cap, char *text, struct df_span sp)
{
	struct df_word w;
	w.text = text;
	w.span = sp;
	APUSH(ar, in->words, in->nwords, *cap, w);
}

static void split_words(struct df_file *f, struct df_instr *in, size_t alen)
{
	struct df_toks t;
	size_t i, cap;
	df_split_words(in->args, alen, f->escape, &t);
	cap = t.n;
	if (t.n)
		in->words = df_arena_alloc(f->arena, t.n * sizeof(*in->words));
	for (i = 0; i < t.n; i++)
		add_word(f->arena, in, &cap, df_unquote(f->arena, in->args + t.v[i].start, t.v[i].end - t.v[i].start, f->escape),
			span_of(in->args_map, t.v[i].start, t.v[i].end));
	df_toks_free(&t);
}

static void problem(struct ctx *c, const char *rule, const char *fmt, const char *arg)
{
	struct df_span sp = { c->in->kw_span.start, c->map[c->len] };
	df_problem_add(c->f, rule, sp, fmt, arg);
}

/* Exec form at args+off (CMD/ENTRYPOINT/SHELL/RUN/COPY/ADD/VOLUME, HEALTHCHECK CMD). */
static void exec_form(struct ctx *c, size_t off)
{
	struct df_instr *in = c->in;
	const char *a = in->args + off;
	size_t n = strlen(a), i, cap, k = 1;
	struct df_toks t;
	int single = 0, strict;
	if (n == 0 || a[0] != '[')
		return;
	if (df_json_array(c->f->arena, a, n, 0, &in->argv, &in->argc, &t, NULL) == 0) {
		in->json = 1;
		cap = in->argc;
		if (in->argc)
			in->words = df_arena_alloc(c->f->arena, in->argc * sizeof(*in->words));
		/* the word shares the element's text: both live in the arena */
		for (i = 0; i < in->argc; i++)
			add_word(c->f->arena, in, &cap, in->argv[i],
				span_of(in->args_map, off + t.v[i].start, off + t.v[i].end));
		df_toks_free(&t);
		return;
	}
	/* only a form that evidently meant to be JSON is an error; Docker runs the rest as shell */
	while (k < n && (a[k] == ' ' || a[k] == '\t'))
		k++;
	strict = in->kind == DF_RUN || in->kind == DF_COPY || in->kind == DF_ADD || in->kind == DF_VOLUME;
	if (strict ? !(n > 1 && (a[1] == '"' || a[1] == '\'')) : !(k < n && (a[k] == '"' || a[k] == '\'')))
		return;
	if (df_json_array(c->f->arena, a, n, 1, &in->argv, &in->argc, NULL, &single) == 0 && single) {
		problem(c, "single-quoted-exec-form",
			"%s exec form uses single quotes, which JSON does not allow: Docker runs it as a shell command", in->keyword);
	} else {
		problem(c, "bad-exec-form",
			"%s looks like an exec form but is not a valid JSON array of strings: Docker runs it as a shell command", in->keyword);
	}
	in->argv = NULL;        /* in the arena: nothing to free */
	in->argc = 0;
}

static void healthcheck(struct ctx *c)
{
	struct df_instr *in = c->in;
	size_t n = 0, k;
	while (in->args[n] && !df_is_space((unsigned char)in->args[n]))
		n++;
	if (n == 0) {
		problem(c, "missing-args", "%s needs NONE or CMD and a command", in->keyword);
		return;
	}
	if (n == 4 && str_ieqn(in->args, "NONE", 4)) {
		in->hc_none = 1;
		return;
	}
	for (k = n; in->args[k] && df_is_space((unsigned char)in->args[k]); k++)
		;
	if (n != 3 || !str_ieqn(in->args, "CMD", 3)) {
		problem(c, "missing-args", "%s takes NONE or CMD followed by a command", in->keyword);
		return;
	}
	in->hc_cmd = k;
	if (!in->args[k])
		problem(c, "missing-args", "%s CMD needs a command", in->keyword);
	exec_form(c, k);
}

/* Docker rejects these instructions without arguments. */
static int needs_args(enum df_kind k)
{
	switch (k) {
	case DF_EXPOSE: case DF_USER: case DF_WORKDIR: case DF_CMD: case DF_ENTRYPOINT:
	case DF_RUN: case DF_MAINTAINER: case DF_STOPSIGNAL: case DF_VOLUME: case DF_SHELL:
	case DF_ONBUILD: case DF_FROM: case DF_COPY: case DF_ADD:
		return 1;
	default:
		return 0;
	}
}

/* Highest TCP/UDP port. */
#define DF_PORT_MAX 65535

/* An EXPOSE word ("80", "80/tcp", "8000-8010") names a port outside 1..65535 (a variable is not judged). */
static int bad_port(const char *w)
{
	size_t n = strcspn(w, "/");
	for (size_t part = 0; n > 0; part++) {
		size_t d = 0;
		long v = 0;
		if (memchr(w, '$', n))
			return 0;
		while (d < n && w[d] >= '0' && w[d] <= '9') {
			if (v <= DF_PORT_MAX)
				v = v * 10 + (w[d] - '0');
			d++;
		}
		if (d == 0)
			return 0;       /* not a number: Docker's own message is clearer than a guess */
		if (v < 1 || v > DF_PORT_MAX)
			return 1;
		if (d == n || w[d] != '-' || part)
			return 0;
		w += d + 1;
		n -= d + 1;
	}
	return 0;
}

/* What Docker refuses to build although the arguments are there (CHECKLIST.md corr.parse). */
static void refused(struct ctx *c)
{
	struct df_instr *in = c->in;
	if (in->kind == DF_EXPOSE) {
		for (size_t i = 0; i < in->nwords; i++)
			if (in->words[i].text && bad_port(in->words[i].text)) {
				df_problem_add(c->f, "bad-port", in->words[i].span,
					"EXPOSE %s: a port is a number from 1 to 65535", in->words[i].text);
				return;
			}
	} else if (in->kind == DF_COPY || in->kind == DF_ADD) {
		size_t total = in->json ? in->argc : in->nwords;
		const char *dest = total ? (in->json ? in->argv[total - 1] : in->words[total - 1].text) : NULL;
		size_t dl = dest ? strlen(dest) : 0;
		if (total > 2 && dest && dl && dest[dl - 1] != '/' && !strchr(dest, '$') &&
		    !(dl >= 2 && dest[dl - 1] == '.' && dest[dl - 2] == '/') && strcmp(dest, "."))
			problem(c, "multi-source-dest",
				"%s of several sources needs a destination folder ending with '/'", in->keyword);
	} else if (in->kind == DF_ONBUILD) {
		size_t k = 0;
		while (in->args[k] && !df_is_space((unsigned char)in->args[k]))
			k++;
		if ((k == 7 && str_ieqn(in->args, "ONBUILD", 7)) || (k == 4 && str_ieqn(in->args, "FROM", 4)) ||
		    (k == 10 && str_ieqn(in->args, "MAINTAINER", 10)))
			problem(c, "bad-onbuild", "%s cannot trigger ONBUILD, FROM or MAINTAINER", in->keyword);
	}
}

static void check_args(struct ctx *c)
{
	struct df_instr *in = c->in;
	if (in->kind == DF_UNKNOWN) {
		df_problem_add(c->f, "unknown-instruction", in->kw_span,
			"unknown instruction %s", in->keyword);
		return;
	}
	if (!in->args[0] && needs_args(in->kind)) {
		problem(c, "missing-args", "%s needs arguments", in->keyword);
		return;
	}
	if ((in->kind == DF_COPY || in->kind == DF_ADD) && in->nwords < 2 && !in->json)
		problem(c, "missing-args", "%s needs at least one source and a destination", in->keyword);
	else if ((in->kind == DF_COPY || in->kind == DF_ADD) && in->json && in->argc < 2)
		problem(c, "missing-args", "%s needs at least one source and a destination", in->keyword);
	else if (in->kind == DF_SHELL && !in->json)
		problem(c, "bad-exec-form", "%s requires the JSON form: SHELL [\"executable\", \"parameters\"]", in->keyword);
	else if (in->kind == DF_FROM && !(in->nwords == 1 ||
			(in->nwords == 3 && str_ieq(in->words[1].text, "AS"))))
		problem(c, "missing-args", "%s takes an image and optionally AS and a stage name", in->keyword);
	else
		refused(c);
}

static void kind_specific(struct ctx *c, int depth)
{
	struct df_instr *in = c->in;
	size_t alen = strlen(in->args);
	switch (in->kind) {
	case DF_RUN: case DF_CMD: case DF_ENTRYPOINT: case DF_SHELL:
		exec_form(c, 0);
		break;
	case DF_COPY: case DF_ADD: case DF_VOLUME:
		exec_form(c, 0);
		if (!in->json)
			split_words(c->f, in, alen);
		break;
	case DF_HEALTHCHECK:
		healthcheck(c);
		break;
	case DF_ENV: case DF_ARG: case DF_LABEL:
		split_words(c->f, in, alen);
		df_pairs_parse(c->f, in, span_of(c->map, 0, c->len));
		break;
	case DF_ONBUILD:
		if (depth == 0 && in->args[0]) {
			in->onbuild = df_arena_calloc(c->f->arena, 1, sizeof(*in->onbuild));
			df_instr_build(c->f, in->onbuild, in->args, in->args_map, alen, depth + 1);
		}
		break;
	default:
		split_words(c->f, in, alen);
		break;
	}
}

void df_instr_build(struct df_file *f, struct df_instr *in, const char *s,
		const size_t *map, size_t len, int depth)
{
	struct ctx c = { f, in, s, map, len };
	size_t k = 0, a, i;
	char *kw;
	memset(in, 0, sizeof(*in));
	in->stage = -1;
	while (k < len && !(df_is_space((unsigned char)s[k]) && s[k] != '\n'))
		k++;
	kw = df_arena_alloc(f->arena, k + 1);
	/* upper-cased up to a NUL byte (the rest is kept as written, as a C string never shows it) */
	for (i = 0; i < k && s[i]; i++)
		kw[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i];
	in->kind = kind_of(kw, i);
	memcpy(kw + i, s + i, k - i);
	kw[k] = '\0';
	in->keyword = kw;
	in->kw_span = span_of(map, 0, k);
	in->span = span_of(map, 0, len);
	a = parse_flags(&c, k);
	while (a < len && df_is_space((unsigned char)s[a]))
		a++;
	in->args = df_arena_strndup(f->arena, s + a, len - a);
	in->args_map = df_arena_alloc(f->arena, (len - a + 1) * sizeof(size_t));
	memcpy(in->args_map, map + a, (len - a + 1) * sizeof(size_t));
	in->args_span = span_of(map, a, len);
	kind_specific(&c, depth);
	check_args(&c);
}

struct df_instr *df_instr_heredoc_owner(struct df_instr *in)
{
	if (in->kind == DF_ONBUILD && in->onbuild)
		in = in->onbuild;
	if ((in->kind == DF_RUN || in->kind == DF_COPY || in->kind == DF_ADD) && !in->json)
		return in;
	return NULL;
}

/* A word "[n]<<[-]NAME" as BuildKit's heredoc pattern reads it; 0 when it is not one. */
static int heredoc_word(struct df_arena *ar, const char *w, size_t n, char esc, struct df_heredoc *h)
{
	size_t i = 0, k;
	while (i < n && w[i] >= '0' && w[i] <= '9')
		i++;
	if (n - i < 3 || w[i] != '<' || w[i + 1] != '<')
		return 0;
	i += 2;
	h->strip_tabs = w[i] == '-';
	if (h->strip_tabs)
		i++;
	if (i >= n)
		return 0;
	for (k = i; k < n; k++)
		if (w[k] == '<')
			return 0;
	h->quoted = memchr(w + i, '\'', n - i) || memchr(w + i, '"', n - i);
	h->delim = df_unquote(ar, w + i, n - i, esc);
	return 1;
}

void df_heredoc_markers(struct df_file *f, struct df_instr *in)
{
	struct df_toks t;
	size_t i, cap = 0;
	char esc = f->escape;
	if (!strstr(in->args, "<<"))
		return;
	df_split_words(in->args, strlen(in->args), esc, &t);
	for (i = 0; i < t.n; i++) {
		struct df_heredoc h;
		memset(&h, 0, sizeof(h));
		if (!heredoc_word(f->arena, in->args + t.v[i].start, t.v[i].end - t.v[i].start, esc, &h))
			continue;
		h.marker = span_of(in->args_map, t.v[i].start, t.v[i].end);
		APUSH(f->arena, in->heredocs, in->nheredocs, cap, h);
	}
	df_toks_free(&t);
}
