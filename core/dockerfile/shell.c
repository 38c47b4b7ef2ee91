/*
 * shell - the command level of the splitter: operators, comments,
 * assignments, reserved words, subshells and braces, here-documents, and
 * the descent into `sh -c STRING`, `su -c STRING` and wrappers (exec,
 * sudo, env, gosu, timeout...) so that the command they run is listed too
 * (depth + 1).
 */
#include "shell.h"
#include "sh_priv.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct level {
	struct sh_parser *p;
	struct sh_cmd cur;      /* its words array grows in the arena */
	size_t wcap;
	size_t last;            /* index + 1 of the last command pushed at this level, 0 none */
	int last_soft;          /* its op came from a closer (")", fi, done, }) and may be replaced */
	enum sh_op prev_op;
	int skip_words;         /* inside a `for NAME in ...` header */
	int want_in;            /* after `case WORD`, until `in` */
	int in_case;            /* 1: a pattern comes next, 2: in a branch until ";;" */
	char **hd;              /* pending here-document delimiters */
	int *hd_strip;
	size_t nhd, hdcap, hdcap2;
};

/*
 * Commands that run another command: their options that take a value, and
 * how many operands (a user, a duration, a folder) come before it.
 */
static const struct wrap {
	const char *name, *value_opts;
	int operands;
} wraps[] = {
	{ "exec", " -a ", 0 },
	{ "sudo", " -u -g -U -h -p -C -r -t -D -R -T ", 0 },
	{ "env", " -u -C --unset --chdir ", 0 },
	{ "nohup", "", 0 },
	{ "time", " -f -o ", 0 },
	{ "nice", " -n ", 0 },
	{ "xargs", " -I -n -P -d -L -s -a -E ", 0 },
	{ "gosu", "", 1 },
	{ "su-exec", "", 1 },
	{ "timeout", " -s -k --signal --kill-after ", 1 },
	{ "chroot", " --userspec --groups ", 1 },
};

/* What a word means to the splitter when it starts a command (reserved words) or names one. */
enum wclass {
	W_NONE,
	W_OPEN,         /* if then else elif while until do ! { */
	W_CLOSE,        /* fi done } */
	W_ESAC,         /* esac (closes too) */
	W_FOR,          /* for select: a header of words follows */
	W_CASE,         /* case */
	W_SHELL,        /* sh bash dash ash zsh ksh mksh: -c SCRIPT */
	W_SU,           /* su: -c COMMAND */
	W_WRAP          /* a command of wraps[] */
};

/* The class of word t: a switch on its first byte, then a compare with the few words starting so. */
static enum wclass classify(const char *t)
{
#define IS(w) (strcmp(t, (w)) == 0)
	switch (t[0]) {
	case '!': case '{':
		return t[1] ? W_NONE : W_OPEN;
	case '}':
		return t[1] ? W_NONE : W_CLOSE;
	case 'a':
		return IS("ash") ? W_SHELL : W_NONE;
	case 'b':
		return IS("bash") ? W_SHELL : W_NONE;
	case 'c':
		return IS("case") ? W_CASE : IS("chroot") ? W_WRAP : W_NONE;
	case 'd':
		return IS("do") ? W_OPEN : IS("done") ? W_CLOSE : IS("dash") ? W_SHELL : W_NONE;
	case 'e':
		return IS("else") || IS("elif") ? W_OPEN : IS("esac") ? W_ESAC :
		       IS("exec") || IS("env") ? W_WRAP : W_NONE;
	case 'f':
		return IS("fi") ? W_CLOSE : IS("for") ? W_FOR : W_NONE;
	case 'g':
		return IS("gosu") ? W_WRAP : W_NONE;
	case 'i':
		return IS("if") ? W_OPEN : W_NONE;
	case 'k':
		return IS("ksh") ? W_SHELL : W_NONE;
	case 'm':
		return IS("mksh") ? W_SHELL : W_NONE;
	case 'n':
		return IS("nohup") || IS("nice") ? W_WRAP : W_NONE;
	case 's':
		return IS("select") ? W_FOR : IS("sh") ? W_SHELL : IS("su") ? W_SU :
		       IS("sudo") || IS("su-exec") ? W_WRAP : W_NONE;
	case 't':
		return IS("then") ? W_OPEN : IS("time") || IS("timeout") ? W_WRAP : W_NONE;
	case 'u':
		return IS("until") ? W_OPEN : W_NONE;
	case 'w':
		return IS("while") ? W_OPEN : W_NONE;
	case 'x':
		return IS("xargs") ? W_WRAP : W_NONE;
	case 'z':
		return IS("zsh") ? W_SHELL : W_NONE;
	default:
		return W_NONE;
	}
#undef IS
}

static int is_assignment(const char *t)
{
	size_t i = 0;
	if (!((t[0] >= 'A' && t[0] <= 'Z') || (t[0] >= 'a' && t[0] <= 'z') || t[0] == '_'))
		return 0;
	while ((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z') || t[i] == '_' ||
			(t[i] >= '0' && t[i] <= '9'))
		i++;
	return t[i] == '=' || (t[i] == '+' && t[i + 1] == '=');
}

static size_t push_cmd(struct sh_parser *p, struct sh_cmd *c)
{
	APUSH(p->mem, p->out->cmds, p->out->ncmds, *p->cap, *c);
	return p->out->ncmds - 1;
}

static void descend_cmd(struct sh_parser *p, size_t k, int depth);

/* Parse the text of word w (a script given to sh -c or su -c) one level deeper. */
static void script_word(struct sh_parser *p, const struct sh_word *w, const char *text, int depth)
{
	struct sh_parser q = *p;
	size_t off = w->start - p->base, skip = 0;
	if (w->start >= p->base && off < p->len && (p->s[off] == '"' || p->s[off] == '\''))
		skip = 1;
	q.s = text;
	q.len = strlen(text);
	q.base = w->start + skip + (size_t)(text - w->text);
	q.depth = depth + 1;
	sh_run(&q);
}

/* `sh -c SCRIPT`: the first operand after an option group holding 'c'. */
static void shell_c(struct sh_parser *p, size_t k, int depth)
{
	const struct sh_cmd *c = &p->out->cmds[k];
	size_t i, n = sh_cmd_nargs(c);
	int has_c = 0;
	for (i = 0; i < n; i++) {
		const struct sh_word *w = sh_cmd_arg(c, i);
		if (w->text[0] == '-' && w->text[1] && strcmp(w->text, "--") != 0) {
			has_c |= w->text[1] != '-' && strchr(w->text + 1, 'c') != NULL;
			if (strcmp(w->text, "-o") == 0 || strcmp(w->text, "+o") == 0)
				i++;
			continue;
		}
		if (has_c)
			script_word(p, w, w->text, depth);
		return;
	}
}

/* `su [-] [USER] -c COMMAND` / `--command=COMMAND`. */
static void su_c(struct sh_parser *p, size_t k, int depth)
{
	const struct sh_cmd *c = &p->out->cmds[k];
	size_t i, n = sh_cmd_nargs(c);
	for (i = 0; i < n; i++) {
		const struct sh_word *w = sh_cmd_arg(c, i);
		if ((strcmp(w->text, "-c") == 0 || strcmp(w->text, "--command") == 0) && i + 1 < n) {
			w = sh_cmd_arg(c, i + 1);
			script_word(p, w, w->text, depth);
			return;
		}
		if (strncmp(w->text, "--command=", 10) == 0) {
			script_word(p, w, w->text + 10, depth);
			return;
		}
	}
}

static const struct wrap *wrap_of(const char *name)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(wraps); i++)
		if (strcmp(wraps[i].name, name) == 0)
			return &wraps[i];
	return NULL;
}

/* " -u -g " holds option t. */
static int takes_value(const char *list, const char *t)
{
	const char *p = strstr(list, t);
	size_t n = strlen(t);
	while (p) {
		if (p > list && p[-1] == ' ' && p[n] == ' ')
			return 1;
		p = strstr(p + 1, t);
	}
	return 0;
}

/* Index of the wrapped command's first word in a wrapper's words; nwords when none. */
static size_t wrapped_start(const struct sh_cmd *c, const struct wrap *w)
{
	size_t i = c->nassign + 1;
	int operands = w->operands;
	for (; i < c->nwords; i++) {
		const char *t = c->words[i].text;
		if (strcmp(t, "--") == 0) {
			i++;
			break;
		}
		if (t[0] != '-' || !t[1])
			break;
		if (takes_value(w->value_opts, t))
			i++;
	}
	while (operands-- > 0 && i < c->nwords && !is_assignment(c->words[i].text))
		i++;
	return i;
}

static void wrapper(struct sh_parser *p, size_t k, int depth, const struct wrap *wr)
{
	struct sh_cmd w;
	const struct sh_cmd *c = &p->out->cmds[k];
	size_t t = wrapped_start(c, wr), i;
	if (t >= c->nwords)
		return;
	memset(&w, 0, sizeof(w));
	/* the words themselves, texts shared with the wrapper's (both live in the arena) */
	w.words = df_arena_alloc(p->mem, (c->nwords - t) * sizeof(*w.words));
	for (i = t; i < c->nwords; i++) {
		w.words[w.nwords++] = c->words[i];
		if (w.nassign == w.nwords - 1 && is_assignment(c->words[i].text))
			w.nassign++;
	}
	w.op = c->op;
	w.piped_in = c->piped_in;
	w.depth = depth + 1;
	w.start = c->words[t].start;
	w.end = c->end;
	descend_cmd(p, push_cmd(p, &w), depth + 1);
}

static void descend_cmd(struct sh_parser *p, size_t k, int depth)
{
	const char *name = sh_cmd_name(&p->out->cmds[k]);
	if (!name || depth + 1 > SH_MAX_DEPTH)
		return;
	switch (classify(name)) {
	case W_SHELL:
		shell_c(p, k, depth);
		break;
	case W_SU:
		su_c(p, k, depth);
		break;
	case W_WRAP:
		wrapper(p, k, depth, wrap_of(name));
		break;
	default:
		break;
	}
}

static void finish(struct level *l, enum sh_op op, int soft)
{
	struct sh_parser *p = l->p;
	size_t k;
	l->skip_words = 0;
	if (l->cur.nwords == 0) {
		if (l->last && l->last_soft && op != SH_SEQ && op != SH_END) {
			p->out->cmds[l->last - 1].op = op;
			l->prev_op = op;
			l->last_soft = 0;
		} else if (op == SH_SEQ || op == SH_END) {
			l->prev_op = op;
		}
		return;
	}
	l->cur.op = op;
	l->cur.piped_in = l->prev_op == SH_PIPE;
	l->cur.depth = p->depth;
	k = push_cmd(p, &l->cur);
	memset(&l->cur, 0, sizeof(l->cur));
	l->wcap = 0;
	l->last = k + 1;
	l->last_soft = soft;
	l->prev_op = op;
	descend_cmd(p, k, p->depth);
}

static int reserved(struct level *l, const char *t)
{
	switch (classify(t)) {
	case W_OPEN:
		return 1;
	case W_ESAC:
		l->in_case = 0;
		/* fall through */
	case W_CLOSE:
		l->last_soft = l->last != 0;
		return 1;
	case W_FOR:
		return l->skip_words = 1;
	case W_CASE:
		return l->want_in = 1;
	default:
		return 0;
	}
}

static void add_word(struct level *l, struct sh_word *w)
{
	struct sh_cmd *c = &l->cur;
	int drop = l->skip_words;
	if (l->want_in) {
		drop = 1;
		if (!w->quoted && strcmp(w->text, "in") == 0) {
			l->want_in = 0;
			l->in_case = 1;
		}
	} else if (!drop && c->nwords == 0 && !w->quoted) {
		drop = reserved(l, w->text);
	}
	if (drop)
		return;
	if (c->nwords == c->nassign && is_assignment(w->text))
		c->nassign++;
	if (c->nwords == 0)
		c->start = w->start;
	c->end = w->end;
	APUSH(l->p->mem, c->words, c->nwords, l->wcap, *w);
}

/* A `case` pattern "a|b)" at s[i]; returns the index after its ')'. */
static size_t case_pattern(const struct sh_parser *p, size_t i)
{
	while (i < p->len && p->s[i] != ')') {
		if (p->s[i] == '\\')
			i++;
		i++;
	}
	return i < p->len ? i + 1 : p->len;
}

static int at_word(const struct sh_parser *p, size_t i, const char *word)
{
	size_t n = strlen(word);
	return p->len - i >= n && memcmp(p->s + i, word, n) == 0 &&
		(i + n == p->len || sh_is_blank((unsigned char)p->s[i + n]) ||
		 sh_is_meta((unsigned char)p->s[i + n]));
}

static size_t redirect(struct level *l, size_t i, size_t n, int heredoc, int strip)
{
	struct sh_parser *p = l->p;
	struct sh_word w;
	i += n;
	while (i < p->len && sh_is_blank((unsigned char)p->s[i]))
		i++;
	if (i >= p->len || sh_is_meta((unsigned char)p->s[i]))
		return i;
	i = sh_scan_word(p, i, &w);
	if (heredoc) {
		GROW(l->hd_strip, l->hdcap2, l->nhd + 1);
		l->hd_strip[l->nhd] = strip;
		PUSH(l->hd, l->nhd, l->hdcap, w.text);
	}
	return i;
}

static size_t newline(struct level *l, size_t i)
{
	size_t k;
	finish(l, SH_SEQ, 0);
	i++;
	for (k = 0; k < l->nhd; k++)
		i = sh_skip_heredoc(l->p->s, l->p->len, i, l->hd[k], l->hd_strip[k]);
	l->nhd = 0;
	return i;
}

/* An operator at s[i]; returns the index after it. */
static size_t operator(struct level *l, size_t i)
{
	const char *s = l->p->s;
	char n = i + 1 < l->p->len ? s[i + 1] : '\0';
	switch (s[i]) {
	case '\n':
		return newline(l, i);
	case ';':
		finish(l, SH_SEQ, 0);
		if (n == ';' && l->in_case)
			l->in_case = 1;
		return i + (n == ';' ? 2 : 1);
	case '&':
		finish(l, n == '&' ? SH_AND : SH_BG, 0);
		return i + (n == '&' ? 2 : 1);
	case '|':
		finish(l, n == '|' ? SH_OR : SH_PIPE, 0);
		return i + (n == '|' || n == '&' ? 2 : 1);
	case ')':
		finish(l, SH_SEQ, 1);
		return i + 1;
	default:        /* '(' opens a subshell (or is part of "f()"): nothing to record */
		return i + 1;
	}
}

static size_t step(struct level *l, size_t i)
{
	struct sh_parser *p = l->p;
	struct sh_word w;
	int heredoc, strip;
	size_t n;
	char c = p->s[i];
	if (c == '#') {
		const char *nl = memchr(p->s + i, '\n', p->len - i);
		return nl ? (size_t)(nl - p->s) : p->len;
	}
	n = sh_redirect_op(p->s, p->len, i, &heredoc, &strip);
	if (n > 0)
		return redirect(l, i, n, heredoc, strip);
	if (sh_is_meta((unsigned char)c))
		return operator(l, i);
	if (l->in_case == 1 && !l->want_in && l->cur.nwords == 0 && !at_word(p, i, "esac")) {
		l->in_case = 2;
		return case_pattern(p, i);
	}
	n = sh_scan_word(p, i, &w);
	add_word(l, &w);
	return n > i ? n : i + 1;
}

void sh_run(struct sh_parser *p)
{
	struct level l;
	size_t i = 0;
	memset(&l, 0, sizeof(l));
	l.p = p;
	l.prev_op = SH_END;
	for (;;) {
		i = sh_skip_joins(p->s, p->len, i);
		while (i < p->len && sh_is_blank((unsigned char)p->s[i]))
			i = sh_skip_joins(p->s, p->len, i + 1);
		if (i >= p->len)
			break;
		i = step(&l, i);
	}
	finish(&l, SH_END, 0);
	free(l.hd);
	free(l.hd_strip);
}

/* Arena bytes asked for per byte of script: its words, their texts and the commands fit. */
#define SH_ARENA_PER_BYTE 8

void sh_parse_in(struct sh_script *out, const char *text, size_t len, struct df_arena *arena)
{
	struct sh_parser p;
	struct sh_text scratch[SH_MAX_DEPTH + 1];
	size_t cap = 0, i;
	memset(out, 0, sizeof(*out));
	if (!text)
		return;
	out->mem = arena;
	memset(scratch, 0, sizeof(scratch));
	for (i = 0; i <= SH_MAX_DEPTH; i++)
		scratch[i].mem = arena;
	p.s = text;
	p.len = len;
	p.base = 0;
	p.depth = 0;
	p.out = out;
	p.cap = &cap;
	p.mem = arena;
	p.scratch = scratch;
	sh_run(&p);
}

void sh_parse(struct sh_script *out, const char *text, size_t len)
{
	struct df_arena *a;
	if (!text) {
		memset(out, 0, sizeof(*out));
		return;
	}
	a = df_arena_new(len < ((size_t)-1) / SH_ARENA_PER_BYTE ? 512 + len * SH_ARENA_PER_BYTE : len);
	sh_parse_in(out, text, len, a);
	out->own_mem = 1;
}

void sh_free(struct sh_script *s)
{
	if (!s)
		return;
	if (s->own_mem)
		df_arena_free(s->mem);
	memset(s, 0, sizeof(*s));
}
