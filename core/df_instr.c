/*
 * df_instr - one instruction from its logical line: keyword, leading
 * --flags (BuildKit's extractBuilderFlags), the arguments with their offset
 * map, exec form, words, ENV/ARG/LABEL pairs, HEALTHCHECK, ONBUILD, and the
 * per-instruction problems (unknown keyword, missing arguments, broken
 * exec form).
 */
#include "dockerfile.h"
#include "df_internal.h"
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

static enum df_kind kind_of(const char *kw)
{
	enum df_kind k;
	for (k = DF_ADD; k < DF_UNKNOWN; k++)
		if (strcmp(kw, df_kind_name(k)) == 0)
			return k;
	return DF_UNKNOWN;
}

/* --mount=type=cache,target=/x: key/values split on ',' then '='. */
static void flag_kv(struct df_flag *fl)
{
	const char *p = fl->value;
	size_t cap = 0;
	while (p && *p) {
		const char *e = strchr(p, ','), *eq;
		size_t n = e ? (size_t)(e - p) : strlen(p);
		struct df_kv kv;
		eq = memchr(p, '=', n);
		if (n > 0) {
			kv.key = xstrndup(p, eq ? (size_t)(eq - p) : n);
			kv.value = eq ? xstrndup(eq + 1, n - (size_t)(eq - p) - 1) : NULL;
			PUSH(fl->kv, fl->nkv, cap, kv);
		}
		p = e ? e + 1 : NULL;
	}
}

/* One "--word" starting at s[i]: quotes removed, backslash escapes as BuildKit's flag lexer. */
static size_t flag_word(const struct ctx *c, size_t i, struct buf *w)
{
	char quote = 0;
	while (i < c->len) {
		char ch = c->s[i];
		if (!quote && df_is_space((unsigned char)ch))
			break;
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
		buf_putc(w, ch);
		i++;
	}
	return i;
}

/* Leading flags from s[i]; returns where the arguments start. */
static size_t parse_flags(struct ctx *c, size_t i)
{
	size_t cap = 0;
	struct buf w = BUF_INIT;
	for (;;) {
		size_t start, end;
		struct df_flag fl;
		const char *eq;
		while (i < c->len && df_is_space((unsigned char)c->s[i]))
			i++;
		if (i + 1 >= c->len || c->s[i] != '-' || c->s[i + 1] != '-')
			break;
		start = i;
		buf_clear(&w);
		end = flag_word(c, i, &w);
		i = end;
		if (strcmp(buf_str(&w), "--") == 0)
			break;
		eq = strchr(buf_str(&w) + 2, '=');
		memset(&fl, 0, sizeof(fl));
		fl.name = eq ? xstrndup(w.ptr + 2, (size_t)(eq - w.ptr) - 2) : xstrdup(buf_str(&w) + 2);
		fl.value = eq ? xstrdup(eq + 1) : NULL;
		fl.span = span_of(c->map, start, end);
		flag_kv(&fl);
		PUSH(c->in->flags, c->in->nflags, cap, fl);
	}
	buf_free(&w);
	return i;
}

static void add_word(struct df_instr *in, size_t *cap, char *text, struct df_span sp)
{
	struct df_word w;
	w.text = text;
	w.span = sp;
	PUSH(in->words, in->nwords, *cap, w);
}

static void split_words(struct df_file *f, struct df_instr *in)
{
	struct df_tok *t;
	size_t n = df_split_words(in->args, strlen(in->args), f->escape, &t), i, cap = 0;
	for (i = 0; i < n; i++)
		add_word(in, &cap, df_unquote(in->args + t[i].start, t[i].end - t[i].start, f->escape),
			span_of(in->args_map, t[i].start, t[i].end));
	free(t);
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
	size_t n = strlen(a), i, cap = 0, k = 1;
	struct df_tok *t = NULL;
	int single = 0, strict;
	if (n == 0 || a[0] != '[')
		return;
	if (df_json_array(a, n, 0, &in->argv, &in->argc, &t, NULL) == 0) {
		in->json = 1;
		for (i = 0; i < in->argc; i++)
			add_word(in, &cap, xstrdup(in->argv[i]),
				span_of(in->args_map, off + t[i].start, off + t[i].end));
		free(t);
		return;
	}
	/* only a form that evidently meant to be JSON is an error; Docker runs the rest as shell */
	while (k < n && (a[k] == ' ' || a[k] == '\t'))
		k++;
	strict = in->kind == DF_RUN || in->kind == DF_COPY || in->kind == DF_ADD || in->kind == DF_VOLUME;
	if (strict ? !(n > 1 && (a[1] == '"' || a[1] == '\'')) : !(k < n && (a[k] == '"' || a[k] == '\'')))
		return;
	if (df_json_array(a, n, 1, &in->argv, &in->argc, NULL, &single) == 0 && single) {
		problem(c, "single-quoted-exec-form",
			"%s exec form uses single quotes, which JSON does not allow: Docker runs it as a shell command", in->keyword);
	} else {
		problem(c, "bad-exec-form",
			"%s looks like an exec form but is not a valid JSON array of strings: Docker runs it as a shell command", in->keyword);
	}
	for (i = 0; i < in->argc; i++)
		free(in->argv[i]);
	free(in->argv);
	in->argv = NULL;
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
}

static void kind_specific(struct ctx *c, int depth)
{
	struct df_instr *in = c->in;
	switch (in->kind) {
	case DF_RUN: case DF_CMD: case DF_ENTRYPOINT: case DF_SHELL:
		exec_form(c, 0);
		break;
	case DF_COPY: case DF_ADD: case DF_VOLUME:
		exec_form(c, 0);
		if (!in->json)
			split_words(c->f, in);
		break;
	case DF_HEALTHCHECK:
		healthcheck(c);
		break;
	case DF_ENV: case DF_ARG: case DF_LABEL:
		split_words(c->f, in);
		df_pairs_parse(c->f, in, span_of(c->map, 0, c->len));
		break;
	case DF_ONBUILD:
		if (depth == 0 && in->args[0]) {
			in->onbuild = xcalloc(1, sizeof(*in->onbuild));
			df_instr_build(c->f, in->onbuild, in->args, in->args_map, strlen(in->args), depth + 1);
		}
		break;
	default:
		split_words(c->f, in);
		break;
	}
}

void df_instr_build(struct df_file *f, struct df_instr *in, const char *s,
		const size_t *map, size_t len, int depth)
{
	struct ctx c = { f, in, s, map, len };
	size_t k = 0, a, i;
	memset(in, 0, sizeof(*in));
	in->stage = -1;
	while (k < len && !(df_is_space((unsigned char)s[k]) && s[k] != '\n'))
		k++;
	in->keyword = xstrndup(s, k);
	for (i = 0; in->keyword[i]; i++)
		if (in->keyword[i] >= 'a' && in->keyword[i] <= 'z')
			in->keyword[i] = (char)(in->keyword[i] - 32);
	in->kind = kind_of(in->keyword);
	in->kw_span = span_of(map, 0, k);
	in->span = span_of(map, 0, len);
	a = parse_flags(&c, k);
	while (a < len && df_is_space((unsigned char)s[a]))
		a++;
	in->args = xstrndup(s + a, len - a);
	in->args_map = xmalloc((len - a + 1) * sizeof(size_t));
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
static int heredoc_word(const char *w, size_t n, char esc, struct df_heredoc *h)
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
	h->delim = df_unquote(w + i, n - i, esc);
	return 1;
}

void df_heredoc_markers(struct df_instr *in, char esc)
{
	struct df_tok *t;
	size_t n, i, cap = 0;
	if (!strstr(in->args, "<<"))
		return;
	n = df_split_words(in->args, strlen(in->args), esc, &t);
	for (i = 0; i < n; i++) {
		struct df_heredoc h;
		memset(&h, 0, sizeof(h));
		if (!heredoc_word(in->args + t[i].start, t[i].end - t[i].start, esc, &h))
			continue;
		h.marker = span_of(in->args_map, t[i].start, t[i].end);
		PUSH(in->heredocs, in->nheredocs, cap, h);
	}
	free(t);
}

void df_instr_free(struct df_instr *in)
{
	size_t i, j;
	if (!in)
		return;
	free(in->keyword);
	for (i = 0; i < in->nflags; i++) {
		free(in->flags[i].name);
		free(in->flags[i].value);
		for (j = 0; j < in->flags[i].nkv; j++) {
			free(in->flags[i].kv[j].key);
			free(in->flags[i].kv[j].value);
		}
		free(in->flags[i].kv);
	}
	free(in->flags);
	free(in->args);
	free(in->args_map);
	for (i = 0; i < in->argc; i++)
		free(in->argv[i]);
	free(in->argv);
	for (i = 0; i < in->nwords; i++)
		free(in->words[i].text);
	free(in->words);
	for (i = 0; i < in->npairs; i++) {
		free(in->pairs[i].key);
		free(in->pairs[i].value);
	}
	free(in->pairs);
	for (i = 0; i < in->nheredocs; i++) {
		free(in->heredocs[i].delim);
		free(in->heredocs[i].body);
		free(in->heredocs[i].body_map);
	}
	free(in->heredocs);
	if (in->onbuild) {
		df_instr_free(in->onbuild);
		free(in->onbuild);
	}
}
