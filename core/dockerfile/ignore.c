/*
 * ignore.c - .dockerignore patterns as moby's patternmatcher reads and
 * matches them. Reading (ignorefile.ReadAll): a UTF-8 BOM dropped from the
 * first line, lines starting with '#' skipped before trimming, Unicode
 * whitespace trimmed, '!' split off and trimmed, the rest cleaned like Go's
 * filepath.Clean and a leading '/' dropped. Each pattern then gets moby's
 * match type: exact (no wildcard), prefix (plain text then a final "**"),
 * suffix ("**" then plain text) or a regular expression built from the pattern ('*' = [^/]*, '?' =
 * [^/], "**" = (.* /)? or .*, classes as written, '^' left unescaped as an
 * anchor). All four are compiled here into one small token list run as an
 * NFA over runes, so matching is linear and never backtracks.
 *
 * Known differences, all on patterns no real file uses: '\' before a letter
 * is a plain letter (Go's regexp would read \d as a digit class), '*' or '?'
 * inside [...] is literal, invalid UTF-8 in a pattern matches only the same
 * bytes.
 */
#include "ignore.h"
#include "ignore_priv.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define IGNORE_MAX_LINE 65536   /* bufio.Scanner's limit: Docker fails on a longer line */

static void add_tok(struct ign_pattern *p, enum ign_tok_kind k, uint32_t rune, int nl)
{
	struct ign_tok t = { k, rune, nl, 0, 0, 0 };
	PUSH(p->tok, p->ntok, p->tokcap, t);
}

static void add_literal(struct ign_pattern *p, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n)
		add_tok(p, IGN_LIT, ign_rune(s, n, &i), 0);
}

/* Go's strings.TrimSpace: Unicode White_Space at both ends. */
static int go_space(uint32_t r)
{
	return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xA0 || r == 0x1680 ||
	       (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F ||
	       r == 0x205F || r == 0x3000;
}

static void trim_space(const char **s, size_t *n)
{
	for (;;) {
		size_t i = 0;
		if (!*n || !go_space(ign_rune(*s, *n, &i)))
			break;
		*s += i;
		*n -= i;
	}
	while (*n) {
		size_t start = *n - 1, i;
		while (start > 0 && ((unsigned char)(*s)[start] & 0xC0) == 0x80 && *n - start < 4)
			start--;
		i = start;
		if (!go_space(ign_rune(*s, *n, &i)) || i != *n)
			break;
		*n = start;
	}
}

/* Go's filepath.Clean on '/' paths. */
static char *go_clean(const char *s, size_t n)
{
	struct buf out = BUF_INIT;
	size_t *marks = NULL, nm = 0, mcap = 0, i = 0;
	int rooted = n > 0 && s[0] == '/';
	if (n == 0)
		return xstrdup(".");
	if (rooted)
		buf_putc(&out, '/');
	while (i < n) {
		size_t st = i, len;
		while (i < n && s[i] != '/')
			i++;
		len = i - st;
		if (i < n)
			i++;
		if (len == 0 || (len == 1 && s[st] == '.'))
			continue;
		if (len == 2 && s[st] == '.' && s[st + 1] == '.') {
			if (nm > 0) {
				out.len = marks[--nm];
				out.ptr[out.len] = '\0';
				continue;
			}
			if (rooted)
				continue;
		}
		if (out.len > (size_t)rooted)
			buf_putc(&out, '/');
		if (!(len == 2 && s[st] == '.' && s[st + 1] == '.'))
			PUSH(marks, nm, mcap, out.len > (size_t)rooted ? out.len - 1 : out.len);
		buf_add(&out, s + st, len);
	}
	free(marks);
	if (out.len == 0)
		buf_putc(&out, '.');
	return buf_detach(&out);
}

#define IGNORE_MAX_PATTERN 4096 /* longer patterns are kept but never match (matching cost is tokens x runes) */

/* One class member for Go's filepath.Match (getEsc): 0, or -1 on a syntax error. */
static int class_char(const char *s, size_t n, size_t *i, uint32_t *r)
{
	if (*i >= n || s[*i] == '-' || s[*i] == ']')
		return -1;
	if (s[*i] == '\\' && ++*i >= n)
		return -1;
	*r = ign_rune(s, n, i);
	if (*r >= 0x110000u || *i >= n)
		return -1;
	return 0;
}

/*
 * Parse a class after its '[' as filepath.Match does; its ranges go to `p`
 * when not NULL. -1 on a syntax error, or on a range Go's regexp refuses.
 */
static int parse_class(const char *s, size_t n, size_t *i, struct ign_pattern *p, int *negated)
{
	size_t nrange = 0;
	*negated = *i < n && s[*i] == '^';
	if (*negated)
		(*i)++;
	for (;;) {
		struct ign_range rg;
		if (*i < n && s[*i] == ']' && nrange > 0) {
			(*i)++;
			return 0;
		}
		if (class_char(s, n, i, &rg.lo) < 0)
			return -1;
		rg.hi = rg.lo;
		if (s[*i] == '-') {
			(*i)++;
			if (class_char(s, n, i, &rg.hi) < 0)
				return -1;
		}
		if (rg.lo > rg.hi)
			return -1;
		if (p)
			PUSH(p->ranges, p->nranges, p->rangecap, rg);
		nrange++;
	}
}

/* What filepath.Match(pattern, ".") refuses: a bad class or a trailing '\'. */
static int go_match_valid(const char *s, size_t n)
{
	size_t i = 0;
	int neg;
	while (i < n) {
		if (s[i] == '[') {
			i++;
			if (parse_class(s, n, &i, NULL, &neg) < 0)
				return 0;
		} else if (s[i] == '\\') {
			if (i + 1 >= n)
				return 0;
			i += 2;
		} else {
			i++;
		}
	}
	return 1;
}

static int should_escape(uint32_t c)
{
	return c < 0x80 && strchr(".+()|{}$", (int)c) != NULL && c != 0;
}

enum match_type { M_EXACT, M_PREFIX, M_SUFFIX, M_REGEXP };

/* moby's compile(): the match type, and the tokens of the regexp form. */
static enum match_type compile_regexp(struct ign_pattern *p, const char *s, size_t n)
{
	enum match_type type = M_EXACT;
	size_t i = 0;
	for (int first = 1; i < n; first = 0) {
		uint32_t c = ign_rune(s, n, &i);
		if (c == '*' && i < n && s[i] == '*') {
			i++;
			if (i < n && s[i] == '/')
				i++;
			if (i >= n && type == M_EXACT) {
				type = M_PREFIX;
			} else {
				add_tok(p, i >= n ? IGN_ANY : IGN_DSLASH, 0, 0);
				type = M_REGEXP;
			}
			if (first)
				type = M_SUFFIX;
		} else if (c == '*' || c == '?') {
			add_tok(p, c == '*' ? IGN_STAR : IGN_ONE, 0, 0);
			type = M_REGEXP;
		} else if (should_escape(c)) {
			add_tok(p, IGN_LIT, c, 0);
		} else if (c == '\\') {
			add_tok(p, IGN_LIT, i < n ? ign_rune(s, n, &i) : '\\', 0);
			type = M_REGEXP;
		} else if (c == '[') {
			struct ign_tok t = { IGN_CLASS, 0, 0, p->nranges, 0, 0 };
			if (parse_class(s, n, &i, p, &t.negated) < 0) {
				p->invalid = 1;
				return M_REGEXP;
			}
			t.count = p->nranges - t.first;
			PUSH(p->tok, p->ntok, p->tokcap, t);
			type = M_REGEXP;
		} else if (c == ']') {
			add_tok(p, IGN_LIT, c, 0);
			type = M_REGEXP;
		} else {
			add_tok(p, c == '^' ? IGN_ANCHOR : IGN_LIT, c, 0);
		}
	}
	return type;
}

static void compile(struct ign_pattern *p)
{
	const char *s = p->text;
	size_t n = strlen(s);
	enum match_type type;
	if (n > IGNORE_MAX_PATTERN) {
		p->invalid = IGN_NEVER;
		return;
	}
	type = compile_regexp(p, s, n);
	if (type == M_REGEXP || p->invalid)
		return;
	p->ntok = 0;            /* the other types compare the text as written: rebuild as literals */
	p->nranges = 0;
	if (type == M_EXACT) {
		add_literal(p, s, n);
	} else if (type == M_PREFIX) {
		add_literal(p, s, n - 2);
		add_tok(p, IGN_ANY, 0, 1);
	} else if (s[2] == '/') {
		add_tok(p, IGN_DSLASH, 0, 1);
		add_literal(p, s + 3, n - 3);
	} else {
		add_tok(p, IGN_ANY, 0, 1);
		add_literal(p, s + 2, n - 2);
	}
}

/* moby's New(): trim, clean, split off '!', check the syntax, compile. */
static void add_pattern(struct dockerignore *d, const char *line, size_t n)
{
	struct ign_pattern p;
	char *clean;
	memset(&p, 0, sizeof(p));
	trim_space(&line, &n);
	if (n == 0)
		return;
	clean = go_clean(line, n);
	if (clean[0] == '!') {
		p.exclusion = 1;
		if (!clean[1])
			p.invalid = IGN_BAD;    /* "illegal exclusion pattern" */
	}
	p.text = xstrdup(clean + p.exclusion);
	free(clean);
	if (!p.invalid && memchr(line, '\0', n))
		p.invalid = IGN_NEVER;
	if (!p.invalid && !go_match_valid(p.text, strlen(p.text)))
		p.invalid = IGN_BAD;
	if (!p.invalid)
		compile(&p);
	if (p.invalid == IGN_BAD)
		d->invalid++;
	PUSH(d->pat, d->n, d->cap, p);
}

/* ignorefile.ReadAll() for one line: comments, trimming, '!', Clean, the leading '/'. */
static void read_line(struct dockerignore *d, const char *s, size_t n)
{
	struct buf pat = BUF_INIT;
	int invert;
	if (n > 0 && s[0] == '#')
		return;
	trim_space(&s, &n);
	if (n == 0)
		return;
	invert = s[0] == '!';
	if (invert) {
		s++;
		n--;
		trim_space(&s, &n);
		buf_putc(&pat, '!');
	}
	if (n > 0) {
		char *c = go_clean(s, n);
		buf_puts(&pat, c[0] == '/' && c[1] ? c + 1 : c);
		free(c);
		if (memchr(s, '\0', n))
			buf_putc(&pat, '\0');   /* kept visible to add_pattern: such a pattern never matches */
	}
	add_pattern(d, pat.ptr, pat.len);
	buf_free(&pat);
}

struct dockerignore *dockerignore_parse(const char *data, size_t len)
{
	struct dockerignore *d = xcalloc(1, sizeof(*d));
	size_t pos = 0;
	int first = 1;
	if (!data)
		return d;
	while (pos < len) {
		const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + (nl ? 1 : 0);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (first && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
		first = 0;
		if (n > IGNORE_MAX_LINE) {
			d->invalid++;   /* Docker stops reading the file with an error */
			continue;
		}
		read_line(d, s, n);
	}
	return d;
}

void dockerignore_free(struct dockerignore *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->pat[i].text);
		free(d->pat[i].tok);
		free(d->pat[i].ranges);
	}
	free(d->pat);
	free(d);
}

size_t dockerignore_invalid(const struct dockerignore *d)
{
	return d ? d->invalid : 0;
}

/* The path as moby sees it: cleaned, relative; NULL for the context root itself. */
static char *context_path(const char *path)
{
	char *c = go_clean(path, strlen(path)), *out;
	const char *p = c;
	while (*p == '/')
		p++;
	out = *p && strcmp(p, ".") != 0 ? xstrdup(p) : NULL;
	free(c);
	return out;
}

int dockerignore_match(const struct dockerignore *d, const char *path)
{
	char *p;
	int matched = 0;
	if (!d || !path || !(p = context_path(path)))
		return 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct ign_pattern *pat = &d->pat[i];
		if (pat->exclusion != matched)
			continue;
		if (ign_match(pat, p))
			matched = !pat->exclusion;
	}
	free(p);
	return matched;
}

/*
 * Every path below `path` is followed through the patterns at once: a
 * pattern reaches none, some or all of them; excluded means all of them
 * end excluded. A pattern matching `path` itself reaches all of them.
 */
int dockerignore_excludes(const struct dockerignore *d, const char *path)
{
	enum { NONE_EXCLUDED, SOME_EXCLUDED, ALL_EXCLUDED } state = NONE_EXCLUDED;
	char *p;
	if (!d || !path)
		return 0;
	p = context_path(path);
	for (size_t i = 0; i < d->n; i++) {
		const struct ign_pattern *pat = &d->pat[i];
		enum ign_reach reach = ign_reach_below(pat, p ? p : "");
		if (reach == IGN_NONE)
			continue;
		if (!pat->exclusion)
			state = reach == IGN_ALL ? ALL_EXCLUDED : state == ALL_EXCLUDED ? ALL_EXCLUDED : SOME_EXCLUDED;
		else
			state = reach == IGN_ALL ? NONE_EXCLUDED : state == NONE_EXCLUDED ? NONE_EXCLUDED : SOME_EXCLUDED;
	}
	free(p);
	return state == ALL_EXCLUDED;
}

int dockerignore_reincludes_git(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q = p;
		size_t n;
		if (!eol)
			eol = end;
		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		if (q < eol && *q == '!') {
			q++;
			while (q < eol && (*q == '/' || (*q == '.' && q + 1 < eol && q[1] == '/')))
				q += *q == '.' ? 2 : 1;
			n = (size_t)(eol - q);
			while (n && (q[n - 1] == '\r' || q[n - 1] == ' ' || q[n - 1] == '\t'))
				n--;
			if (n >= 4 && strncmp(q, ".git", 4) == 0 && (n == 4 || q[4] == '/'))
				return 1;
		}
		p = eol + 1;
	}
	return 0;
}
