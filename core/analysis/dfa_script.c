/* dfa_script - the shell script of an instruction, parsed once, with offsets mapped back to the file. */
#include "dfa.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Spans of the JSON strings of an exec form, in the original bytes; 0 when they cannot be matched. */
static int exec_spans(const struct df_file *df, const struct df_instr *in, size_t from,
		      struct dfa_elem *el, size_t n)
{
	size_t i = 0, p = from, end = in->span.end;
	if (end > df->len)
		end = df->len;
	while (i < n && p < end) {
		if (df->data[p] != '"') {
			p++;
			continue;
		}
		el[i].span.start = p++;
		while (p < end && df->data[p] != '"')
			p += (df->data[p] == '\\') ? 2 : 1;
		if (p >= end)
			return 0;
		el[i++].span.end = ++p;
	}
	return i == n;
}

/* Memory of a script: from the arena when there is one, else its own (dfa_script_free). */
static void *script_alloc(struct df_arena *arena, size_t n)
{
	return arena ? df_arena_alloc(arena, n) : xmalloc(n ? n : 1);
}

/* Shell-quote each element and join them, so that `sh -c '...'` and the rest split as the exec form does. */
static void exec_init(struct dfa_script *s, const struct df_file *df, const struct df_instr *in, size_t from,
		      struct df_arena *arena)
{
	size_t n = 0, k = 0;
	int spans;
	char *t;
	s->mode = DFA_MAP_EXEC;
	s->nelems = in->argc;
	s->elems = script_alloc(arena, (in->argc ? in->argc : 1) * sizeof(*s->elems));
	memset(s->elems, 0, (in->argc ? in->argc : 1) * sizeof(*s->elems));
	spans = exec_spans(df, in, from, s->elems, in->argc);
	/* the joined text's exact length first: a separator, two quotes, and '\'' for each quote */
	for (size_t i = 0; i < in->argc; i++) {
		n += (i ? 1 : 0) + 2;
		for (const char *c = in->argv[i]; *c; c++)
			n += *c == '\'' ? 4 : 1;
	}
	t = script_alloc(arena, n + 1);
	for (size_t i = 0; i < in->argc; i++) {
		if (i)
			t[k++] = ' ';
		s->elems[i].start = k;
		t[k++] = '\'';
		for (const char *c = in->argv[i]; *c; c++) {
			if (*c == '\'') {
				memcpy(t + k, "'\\''", 4);
				k += 4;
			} else {
				t[k++] = *c;
			}
		}
		t[k++] = '\'';
		s->elems[i].end = k;
		if (!spans)
			s->elems[i].span = s->whole;
	}
	t[k] = '\0';
	s->len = k;
	s->text = t;
}

/* A RUN whose command is only heredoc markers runs the heredoc bodies as scripts. */
static int only_markers(const char *args)
{
	int any = 0;
	for (const char *p = args; *p;) {
		size_t n;
		p += strspn(p, " \t\r\n");
		if (!*p)
			break;
		n = strcspn(p, " \t\r\n");
		if (n < 3 || p[0] != '<' || p[1] != '<')
			return 0;
		any = 1;
		p += n;
	}
	return any;
}

static int script_init(struct dfa_script *s, const struct df_file *df, const struct df_instr *in,
		       struct df_arena *arena)
{
	int hc = in->kind == DF_HEALTHCHECK;
	size_t from = hc ? in->hc_cmd : 0;
	size_t alen = in->args ? strlen(in->args) : 0;
	memset(s, 0, sizeof(*s));
	s->in_arena = arena != NULL;
	s->whole = in->args_span.end > in->args_span.start ? in->args_span : in->span;
	if (hc && (in->hc_none || from > alen))
		return -1;
	if (in->json && in->argv) {
		exec_init(s, df, in, hc && in->args_map ? in->args_map[from] : in->args_span.start, arena);
	} else {
		if (!in->args || !in->args_map)
			return -1;
		s->mode = DFA_MAP_ARGS;
		s->map = in->args_map;
		s->map_base = from;
		s->len = alen - from;
		if (arena) {
			s->text = df_arena_strndup(arena, in->args + from, s->len);
		} else {
			s->text = xstrndup(in->args + from, s->len);
		}
	}
	if (arena)
		sh_parse_in(&s->sh, s->text, s->len, arena);
	else
		sh_parse(&s->sh, s->text, s->len);
	return 0;
}

int dfa_script_init(struct dfa_script *s, const struct df_file *df, const struct df_instr *in)
{
	return script_init(s, df, in, NULL);
}

int dfa_script_init_in(struct dfa_script *s, const struct df_file *df, const struct df_instr *in,
		       struct df_arena *arena)
{
	return script_init(s, df, in, arena);
}

/* A heredoc body as a script (RUN <<EOF), in the arena. */
static void body_init(struct dfa_script *s, const struct df_heredoc *h, struct df_arena *arena)
{
	memset(s, 0, sizeof(*s));
	s->in_arena = 1;
	s->mode = DFA_MAP_BASE;
	s->text = df_arena_strdup(arena, h->body ? h->body : "");
	s->len = strlen(s->text);
	s->base = h->body_span.start;
	s->limit = h->body_span.end;
	s->whole = h->body_span;
	sh_parse_in(&s->sh, s->text, s->len, arena);
}

void dfa_script_free(struct dfa_script *s)
{
	if (!s->in_arena) {
		sh_free(&s->sh);
		free(s->text);
		free(s->elems);
	}
	memset(s, 0, sizeof(*s));
}

static size_t elem_at(const struct dfa_script *s, size_t off)
{
	size_t i = 0;
	while (i + 1 < s->nelems && off >= s->elems[i + 1].start)
		i++;
	return i;
}

void dfa_script_span(const struct dfa_script *s, size_t start, size_t end, size_t *os, size_t *oe)
{
	if (end < start)
		end = start;
	if (start > s->len)
		start = s->len;
	if (end > s->len)
		end = s->len;
	switch (s->mode) {
	case DFA_MAP_ARGS:
		*os = s->map[s->map_base + start];
		*oe = end > start ? s->map[s->map_base + end - 1] + 1 : *os;
		break;
	case DFA_MAP_BASE:
		*os = s->base + start < s->limit ? s->base + start : s->limit;
		*oe = s->base + end < s->limit ? s->base + end : s->limit;
		break;
	default:
		if (!s->nelems) {
			*os = s->whole.start;
			*oe = s->whole.end;
			break;
		}
		*os = s->elems[elem_at(s, start)].span.start;
		*oe = s->elems[elem_at(s, end > start ? end - 1 : start)].span.end;
		break;
	}
	if (*oe < *os)
		*oe = *os;
}

/* A heredoc body with a shebang naming something other than a shell (#!/usr/bin/env python) is not a script of ours. */
static int foreign_shebang(const char *body)
{
	static const char *const shells[] = { "sh", "bash", "ash", "dash", "zsh", "ksh", NULL };
	size_t n, start;
	if (!body || body[0] != '#' || body[1] != '!')
		return 0;
	n = strcspn(body, "\n");
	while (n > 2 && (body[n - 1] == ' ' || body[n - 1] == '\r'))
		n--;
	start = n;
	while (start > 2 && body[start - 1] != '/' && body[start - 1] != ' ')
		start--;
	for (const char *const *sh = shells; *sh; sh++)
		if (strlen(*sh) == n - start && strncmp(body + start, *sh, n - start) == 0)
			return 0;
	return 1;
}

/* The scripts of a RUN: its heredoc bodies when the command is only their markers, else its command. */
size_t dfa_run_scripts(const struct df_file *df, const struct df_instr *in, struct dfa_script **out,
		       struct df_arena *arena)
{
	size_t n = 0;
	*out = NULL;
	if (!in->json && in->nheredocs && in->args && only_markers(in->args)) {
		*out = df_arena_calloc(arena, in->nheredocs, sizeof(**out));
		for (size_t i = 0; i < in->nheredocs; i++)
			if (!foreign_shebang(in->heredocs[i].body))
				body_init(&(*out)[n++], &in->heredocs[i], arena);
		if (!n)
			*out = NULL;
		return n;
	}
	*out = df_arena_calloc(arena, 1, sizeof(**out));
	if (script_init(&(*out)[0], df, in, arena) == 0)
		return 1;
	*out = NULL;
	return 0;
}
