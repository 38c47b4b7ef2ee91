/*
 * df_pairs - ENV, ARG and LABEL arguments as BuildKit's parseNameVal and
 * parseNameOrNameVal read them: KEY=value pairs (quotes kept while
 * splitting, removed in the result), the legacy "ENV KEY value with
 * spaces" form, and bare ARG names.
 */
#include "dockerfile.h"
#include "df_priv.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static struct df_span span_of(const size_t *map, size_t a, size_t b)
{
	struct df_span sp;
	sp.start = map[a];
	sp.end = b > a ? map[b - 1] + 1 : map[a];
	return sp;
}

static void push(struct df_file *f, struct df_instr *in, size_t *cap, const struct df_pair *p)
{
	APUSH(f->arena, in->pairs, in->npairs, *cap, *p);
}

/* "ENV KEY value with spaces": everything after the first word is the value. */
static void legacy(struct df_file *f, struct df_instr *in, const struct df_tok *t, size_t n,
		size_t *cap, struct df_span whole, size_t len)
{
	struct df_pair p;
	if (n < 2) {
		df_problem_add(f, "missing-args", whole,
			"%s %.*s has no value: use %s %.*s=value", in->keyword,
			(int)(t[0].end - t[0].start), in->args + t[0].start, in->keyword,
			(int)(t[0].end - t[0].start), in->args + t[0].start);
		return;
	}
	p.key = df_unquote(f->arena, in->args + t[0].start, t[0].end - t[0].start, f->escape);
	p.value = df_unquote(f->arena, in->args + t[1].start, len - t[1].start, f->escape);
	p.key_span = span_of(in->args_map, t[0].start, t[0].end);
	p.value_span = span_of(in->args_map, t[1].start, len);
	p.span = span_of(in->args_map, t[0].start, len);
	push(f, in, cap, &p);
}

/* 1 when a quote opened in `s` is never closed (the escape character escapes, as BuildKit reads ENV and LABEL). */
static int open_quote(const char *s, char esc)
{
	char q = 0;
	for (; *s; s++) {
		if (*s == esc && q != '\'' && s[1]) {
			s++;
			continue;
		}
		if (q && *s == q)
			q = 0;
		else if (!q && (*s == '"' || *s == '\''))
			q = *s;
	}
	return q != 0;
}

void df_pairs_parse(struct df_file *f, struct df_instr *in, struct df_span whole)
{
	struct df_toks tk;
	const struct df_tok *t;
	size_t len = strlen(in->args), n, i, cap = 0;
	if (in->kind != DF_ARG && open_quote(in->args, f->escape))
		df_problem_add(f, "unterminated-quote", whole, "%s has a quote that is never closed", in->keyword);
	df_split_words(in->args, len, f->escape, &tk);
	t = tk.v;
	n = tk.n;
	if (n == 0) {
		df_problem_add(f, "missing-args", whole, "%s needs a name", in->keyword);
		df_toks_free(&tk);
		return;
	}
	if (in->kind != DF_ARG && !memchr(in->args + t[0].start, '=', t[0].end - t[0].start)) {
		legacy(f, in, t, n, &cap, whole, len);
		df_toks_free(&tk);
		return;
	}
	for (i = 0; i < n; i++) {
		const char *w = in->args + t[i].start;
		const char *eq = memchr(w, '=', t[i].end - t[i].start);
		size_t k = eq ? (size_t)(eq - in->args) : t[i].end;
		struct df_pair p;
		if (!eq && in->kind != DF_ARG) {
			df_problem_add(f, "missing-args", span_of(in->args_map, t[i].start, t[i].end),
				"%s: no '=' in \"%.*s\" (use NAME=value)", in->keyword,
				(int)(t[i].end - t[i].start), w);
			continue;
		}
		p.key = df_unquote(f->arena, w, k - t[i].start, f->escape);
		p.value = eq ? df_unquote(f->arena, eq + 1, t[i].end - k - 1, f->escape) : NULL;
		p.span = span_of(in->args_map, t[i].start, t[i].end);
		p.key_span = span_of(in->args_map, t[i].start, k);
		p.value_span = eq ? span_of(in->args_map, k + 1, t[i].end) : span_of(in->args_map, t[i].end, t[i].end);
		if (!p.key[0])
			df_problem_add(f, "missing-args", p.span, "%s needs a name before '='", in->keyword);
		push(f, in, &cap, &p);
	}
	df_toks_free(&tk);
}
