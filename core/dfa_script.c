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

/* Shell-quote each element and join them, so that `sh -c '...'` and the rest split as the exec form does. */
static void exec_init(struct dfa_script *s, const struct df_file *df, const struct df_instr *in, size_t from)
{
	struct buf b = BUF_INIT;
	int spans;
	s->mode = DFA_MAP_EXEC;
	s->nelems = in->argc;
	s->elems = xcalloc(in->argc ? in->argc : 1, sizeof(*s->elems));
	spans = exec_spans(df, in, from, s->elems, in->argc);
	for (size_t i = 0; i < in->argc; i++) {
		if (i)
			buf_putc(&b, ' ');
		s->elems[i].start = b.len;
		buf_putc(&b, '\'');
		for (const char *c = in->argv[i]; *c; c++) {
			if (*c == '\'')
				buf_puts(&b, "'\\''");
			else
				buf_putc(&b, *c);
		}
		buf_putc(&b, '\'');
		s->elems[i].end = b.len;
		if (!spans)
			s->elems[i].span = s->whole;
	}
	s->len = b.len;
	s->text = buf_detach(&b);
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

int dfa_script_init(struct dfa_script *s, const struct df_file *df, const struct df_instr *in)
{
	int hc = in->kind == DF_HEALTHCHECK;
	size_t from = hc ? in->hc_cmd : 0;
	size_t alen = in->args ? strlen(in->args) : 0;
	memset(s, 0, sizeof(*s));
	s->whole = in->args_span.end > in->args_span.start ? in->args_span : in->span;
	if (hc && (in->hc_none || from > alen))
		return -1;
	if (in->json && in->argv) {
		exec_init(s, df, in, hc && in->args_map ? in->args_map[from] : in->args_span.start);
	} else {
		if (!in->args || !in->args_map)
			return -1;
		s->mode = DFA_MAP_ARGS;
		s->map = in->args_map;
		s->map_base = from;
		s->len = alen - from;
		s->text = xstrndup(in->args + from, s->len);
	}
	sh_parse(&s->sh, s->text, s->len);
	return 0;
}

/* A heredoc body as a script (RUN <<EOF). */
static void body_init(struct dfa_script *s, const struct df_heredoc *h)
{
	memset(s, 0, sizeof(*s));
	s->mode = DFA_MAP_BASE;
	s->text = xstrdup(h->body ? h->body : "");
	s->len = strlen(s->text);
	s->base = h->body_span.start;
	s->limit = h->body_span.end;
	s->whole = h->body_span;
	sh_parse(&s->sh, s->text, s->len);
}

void dfa_script_free(struct dfa_script *s)
{
	sh_free(&s->sh);
	free(s->text);
	free(s->elems);
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
size_t dfa_run_scripts(const struct df_file *df, const struct df_instr *in, struct dfa_script **out)
{
	size_t n = 0;
	*out = NULL;
	if (!in->json && in->nheredocs && in->args && only_markers(in->args)) {
		*out = xcalloc(in->nheredocs, sizeof(**out));
		for (size_t i = 0; i < in->nheredocs; i++)
			if (!foreign_shebang(in->heredocs[i].body))
				body_init(&(*out)[n++], &in->heredocs[i]);
		if (!n) {
			free(*out);
			*out = NULL;
		}
		return n;
	}
	*out = xcalloc(1, sizeof(**out));
	if (dfa_script_init(&(*out)[0], df, in) == 0)
		return 1;
	free(*out);
	*out = NULL;
	return 0;
}
