/*
 * dfa_branch - whether a RUN's command sits in a shell `if` branch that the
 * default build (no build arguments given) does not take: tubearchivist's
 * `RUN if [ "$INSTALL_DEBUG" ] ; then apt-get … ; fi` under `ARG
 * INSTALL_DEBUG` installs nothing in the image a plain build makes.
 */
#include "dfa.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Nested `if`s followed, at most (deeper ones make the command's branch unknown). */
#define DFA_IF_DEPTH 8

struct if_frame {
	size_t cond_start, cond_end;
	int branch;             /* 0 condition, 1 then, 2 else, 3 unknown (elif) */
};

/* The end of the word starting at text[i]: quotes, escapes, $( ) and backticks kept inside. */
static size_t word_end(const char *t, size_t i, size_t n)
{
	int depth = 0;
	while (i < n) {
		char c = t[i];
		if (c == '\\' && i + 1 < n) {
			i += 2;
			continue;
		}
		if (c == '\'') {
			const char *q = memchr(t + i + 1, '\'', n - i - 1);
			i = q ? (size_t)(q - t) + 1 : n;
			continue;
		}
		if (c == '"' || c == '`') {
			size_t j = i + 1;
			while (j < n && t[j] != c)
				j += t[j] == '\\' && j + 1 < n ? 2 : 1;
			i = j < n ? j + 1 : n;
			continue;
		}
		if (c == '$' && i + 1 < n && t[i + 1] == '(') {
			depth++;
			i += 2;
			continue;
		}
		if (c == ')' && depth > 0) {
			depth--;
			i++;
			continue;
		}
		if (!depth && strchr(" \t\r\n;&|()<>", c))
			break;
		i++;
	}
	return i;
}

static int word_is(const char *t, size_t s, size_t e, const char *w)
{
	return e - s == strlen(w) && !memcmp(t + s, w, e - s);
}

/*
 * The value a test word has in the default build: a literal, or `$NAME` /
 * `${NAME}` of an ARG or ENV declared before instruction i (an ARG without
 * default is empty). *name gets the variable's name. NULL when unknown
 * (malloc'd otherwise).
 */
static char *test_value(const struct dfa *a, size_t i, const char *w, char *name, size_t namesz)
{
	const char *v;
	size_t n = strlen(w), s = 1, e = n;
	if (!strchr(w, '$'))
		return xstrdup(w);
	if (w[0] != '$')
		return NULL;
	if (w[1] == '{') {
		s = 2;
		e = n - 1;
		if (w[n - 1] != '}')
			return NULL;
	}
	if (e <= s || e - s >= namesz)
		return NULL;
	for (size_t k = s; k < e; k++)
		if (!(w[k] == '_' || (w[k] >= 'A' && w[k] <= 'Z') || (w[k] >= 'a' && w[k] <= 'z') ||
		      (k > s && w[k] >= '0' && w[k] <= '9')))
			return NULL;
	if (!dfa_declared(a, i, w + s, e - s))
		return NULL;    /* the base image may set it */
	v = dfa_var(a, i, w + s, e - s);
	if (v && strchr(v, '$'))
		return NULL;
	memcpy(name, w + s, e - s);
	name[e - s] = '\0';
	return xstrdup(v ? v : "");
}

/* The `if` condition text: 1 true, 0 false in the default build, -1 unknown. */
static int cond_value(const struct dfa *a, size_t instr, const char *text, size_t len, char *name, size_t namesz)
{
	struct sh_script sh;
	const char *args[4];
	char *val[2] = { NULL, NULL };
	size_t n = 0;
	int r = -1;
	while (len && (*text == ' ' || *text == '\t'))
		text++, len--;
	if (len && *text == '!')
		return -1;      /* negated: not read */
	sh_parse(&sh, text, len);
	if (sh.ncmds == 1 && sh_cmd_name(&sh.cmds[0]) && !sh.cmds[0].nassign) {
		const char *cmd = sh_cmd_name(&sh.cmds[0]);
		int bracket = !strcmp(cmd, "[") || !strcmp(cmd, "[[");
		size_t na = sh_cmd_nargs(&sh.cmds[0]);
		if (bracket && na > 0 && (!strcmp(sh_cmd_arg(&sh.cmds[0], na - 1)->text, "]") ||
					  !strcmp(sh_cmd_arg(&sh.cmds[0], na - 1)->text, "]]")))
			na--;
		else if (!strcmp(cmd, "test"))
			bracket = 1;
		for (size_t k = 0; bracket && k < na && k < 4; k++)
			args[n++] = sh_cmd_arg(&sh.cmds[0], k)->text;
		if (bracket && na == n) {
			if (n == 1 && (val[0] = test_value(a, instr, args[0], name, namesz)))
				r = *val[0] != '\0';
			else if (n == 2 && (!strcmp(args[0], "-n") || !strcmp(args[0], "-z")) &&
				 (val[0] = test_value(a, instr, args[1], name, namesz)))
				r = (*val[0] != '\0') == (args[0][1] == 'n');
			else if (n == 3 && (!strcmp(args[1], "=") || !strcmp(args[1], "==") || !strcmp(args[1], "!=")) &&
				 (val[0] = test_value(a, instr, args[0], name, namesz)) &&
				 (val[1] = test_value(a, instr, args[2], name, namesz)))
				r = (strcmp(val[0], val[1]) == 0) == (args[1][0] != '!');
		}
	}
	free(val[0]);
	free(val[1]);
	sh_free(&sh);
	return r;
}

int dfa_cmd_skipped(const struct dfa *a, const struct dfa_run *r, size_t ci, char *name, size_t namesz)
{
	const struct dfa_cmd *dc = &r->cmds[ci];
	const struct dfa_script *sc = dc->s;
	struct if_frame st[DFA_IF_DEPTH];
	size_t depth = 0, over = 0, i = 0, target;
	int at_start = 1;
	if (namesz)
		*name = '\0';
	if (!sc || !sc->text || dc->c->depth != 0 || !strstr(sc->text, "if"))
		return 0;
	target = dc->c->start;
	while (i < target && i < sc->len) {
		const char *t = sc->text;
		size_t e;
		if (t[i] == ' ' || t[i] == '\t') {
			i++;
			continue;
		}
		if (strchr("\r\n;&|(){}", t[i])) {
			at_start = 1;
			i++;
			continue;
		}
		if (t[i] == '#' && at_start) {
			while (i < sc->len && t[i] != '\n')
				i++;
			continue;
		}
		e = word_end(t, i, sc->len);
		if (e == i)
			e = i + 1;
		if (at_start && word_is(t, i, e, "if")) {
			if (depth < DFA_IF_DEPTH)
				st[depth++] = (struct if_frame){ e, e, 0 };
			else
				over++;
		} else if (at_start && word_is(t, i, e, "then")) {
			if (!over && depth && st[depth - 1].branch == 0) {
				st[depth - 1].cond_end = i;
				st[depth - 1].branch = 1;
			}
		} else if (at_start && (word_is(t, i, e, "elif") || word_is(t, i, e, "else"))) {
			if (!over && depth)
				st[depth - 1].branch = word_is(t, i, e, "else") && st[depth - 1].branch == 1 ? 2 : 3;
		} else if (at_start && word_is(t, i, e, "fi")) {
			if (over)
				over--;
			else if (depth)
				depth--;
			at_start = 0;
			i = e;
			continue;
		} else {
			at_start = word_is(t, i, e, "do") || word_is(t, i, e, "while") || word_is(t, i, e, "until") ||
				   word_is(t, i, e, "!");
			i = e;
			continue;
		}
		at_start = 1;
		i = e;
	}
	for (size_t k = 0; k < depth; k++) {
		int v;
		if (st[k].branch != 1 && st[k].branch != 2)
			continue;
		v = cond_value(a, r->instr, sc->text + st[k].cond_start, st[k].cond_end - st[k].cond_start, name, namesz);
		if ((st[k].branch == 1 && v == 0) || (st[k].branch == 2 && v == 1))
			return 1;
	}
	return 0;
}
