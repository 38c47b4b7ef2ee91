/* Values for fixes that need one: the rule, an example from the current tag, a check before the engine tries it. */
#include "value.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dfa.h"
#include "util.h"

/* Words of a variant compared (alpine, slim, bookworm, jre ...); more are ignored. */
#define VALUE_WORDS_MAX 8
/* Longest variant word kept. */
#define VALUE_WORD_MAX 24

int tui_value_is_pin(const char *name)
{
	return name && str_starts(name, "pin.") && name[4];
}

/* The leading version of a tag: its parts (0 when none), its major, and the length it takes. */
static int lead_version(const char *t, long *major, size_t *len)
{
	const char *p = t;
	int parts = 0;
	*major = -1;
	if ((*p == 'v' || *p == 'V') && isdigit((unsigned char)p[1]))
		p++;
	while (isdigit((unsigned char)*p)) {
		if (parts == 0)
			*major = strtol(p, NULL, 10);
		while (isdigit((unsigned char)*p))
			p++;
		parts++;
		if (*p != '.' || !isdigit((unsigned char)p[1]))
			break;
		p++;
	}
	*len = parts ? (size_t)(p - t) : 0;
	return parts;
}

/* The variant of a tag: what follows its version ("slim", "alpine3.19", "bookworm"); "" for none or latest. */
static const char *variant(const char *t)
{
	long major;
	size_t len;
	if (!t || str_ieq(t, "latest"))
		return "";
	lead_version(t, &major, &len);
	t += len;
	while (*t == '-' || *t == '_' || *t == '.')
		t++;
	return t;
}

/* The alphabetic words of a variant, lower-cased ("slim-bookworm" -> slim, bookworm). */
static size_t words(const char *s, char w[][VALUE_WORD_MAX])
{
	size_t n = 0;
	while (*s && n < VALUE_WORDS_MAX) {
		size_t k = 0;
		while (*s && !isalpha((unsigned char)*s))
			s++;
		if (!*s)
			break;
		while (isalpha((unsigned char)*s)) {
			if (k + 1 < VALUE_WORD_MAX)
				w[n][k++] = (char)tolower((unsigned char)*s);
			s++;
		}
		w[n][k] = '\0';
		/* a date-stamped tag's own words (none) and a bare "v" say nothing of the variant */
		if (strcmp(w[n], "v") != 0)
			n++;
	}
	return n;
}

static int has_word(char w[][VALUE_WORD_MAX], size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w[i], word) == 0)
			return 1;
	return 0;
}

static int is_minimal(char w[][VALUE_WORD_MAX], size_t n)
{
	return has_word(w, n, "slim") || has_word(w, n, "alpine");
}

static int check_pin(const struct tui_value_ctx *c, const char *value, char **why)
{
	char cw[VALUE_WORDS_MAX][VALUE_WORD_MAX], vw[VALUE_WORDS_MAX][VALUE_WORD_MAX];
	size_t ncw, nvw, len;
	long cmajor = -1, vmajor = -1;
	struct dfa_image img;
	char *ref;
	enum dfa_pin pin;
	const char *v = value;

	if (*v == ':' || *v == '@')
		v++;
	for (const char *p = v; *p; p++)
		if (isspace((unsigned char)*p) || *p == '/' || (*p == ':' && !str_starts(v, "sha256:"))) {
			*why = xasprintf("\"%s\" is not a tag: a tag has no spaces, '/' or ':'", value);
			return -1;
		}
	if (str_starts(v, "sha256:")) {
		size_t n = strlen(v + 7);
		if (n != 64 || strspn(v + 7, "0123456789abcdef") != n) {
			*why = xasprintf("a digest is sha256: and 64 hex digits");
			return -1;
		}
		return 0;
	}
	ref = xasprintf("%s:%s", c->name + 4, v);
	dfa_image_parse(&img, ref);
	pin = dfa_pin_classify(&img);
	dfa_image_free(&img);
	free(ref);
	if (pin > DFA_PIN_INFO) {
		*why = xasprintf("\"%s\" is a moving tag: a pin needs a version of 3 parts or more "
				 "(x.y.z) or a date stamp (8 digits or YYYY-MM-DD)", value);
		return -1;
	}
	lead_version(v, &vmajor, &len);
	if (c->current) {
		lead_version(c->current, &cmajor, &len);
		if (cmajor >= 0 && vmajor != cmajor) {
			*why = xasprintf("\"%s\" changes the major version: the image has %ld now (%s)", value,
					 cmajor, c->current);
			return -1;
		}
	}
	ncw = words(variant(c->current), cw);
	nvw = words(variant(v), vw);
	for (size_t i = 0; i < ncw; i++)
		if (!has_word(vw, nvw, cw[i])) {
			*why = xasprintf("\"%s\" drops the variant \"%s\" of the tag it replaces (%s)", value, cw[i],
					 c->current);
			return -1;
		}
	if (c->minimal && !is_minimal(vw, nvw)) {
		*why = xasprintf("\"%s\" is not a minimal variant: sec.minimal-base needs a slim or alpine tag", value);
		return -1;
	}
	return 0;
}

/* A positive number: 2, 0.5, 1.25. */
static int is_cpus(const char *v)
{
	char *end;
	double d = strtod(v, &end);
	return *v && *end == '\0' && d > 0 && (isdigit((unsigned char)*v) || *v == '.');
}

/* A size: digits, an optional fraction, an optional unit b k m g (with an optional b/B after). */
static int is_size(const char *v)
{
	const char *p = v;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.' && isdigit((unsigned char)p[1]))
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (*p && strchr("bBkKmMgG", *p)) {
		p++;
		if ((*p == 'b' || *p == 'B') && p[-1] != 'b' && p[-1] != 'B')
			p++;
	}
	return *p == '\0' && strtod(v, NULL) > 0;
}

int tui_value_check(const struct tui_value_ctx *c, const char *value, char **why)
{
	*why = NULL;
	if (!value || !*value) {
		*why = xstrdup("a value is needed");
		return -1;
	}
	for (const char *p = value; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*why = xstrdup("a value has no control characters");
			return -1;
		}
	if (tui_value_is_pin(c->name))
		return check_pin(c, value, why);
	if (strcmp(c->name, "limits.cpus") == 0 && !is_cpus(value)) {
		*why = xasprintf("\"%s\" is not a number of CPUs: a positive number (1, 0.5)", value);
		return -1;
	}
	if (strcmp(c->name, "limits.memory") == 0 && !is_size(value)) {
		*why = xasprintf("\"%s\" is not a size: a number with a unit (512M, 1G)", value);
		return -1;
	}
	return 0;
}

char *tui_value_example(const struct tui_value_ctx *c)
{
	char w[VALUE_WORDS_MAX][VALUE_WORD_MAX];
	struct buf b = BUF_INIT;
	const char *var;
	size_t len, nw;
	long major;
	int parts;
	if (!tui_value_is_pin(c->name))
		return NULL;
	parts = c->current && !str_ieq(c->current, "latest") ? lead_version(c->current, &major, &len) : 0;
	var = variant(c->current);
	nw = words(var, w);
	if (parts >= 3) {
		buf_add(&b, c->current, len);
	} else if (parts > 0) {
		buf_add(&b, c->current, len);
		buf_puts(&b, parts == 1 ? ".<minor>.<patch>" : ".<patch>");
	} else {
		buf_puts(&b, "<x.y.z>");
	}
	if (*var)
		buf_printf(&b, "-%s", var);
	if (c->minimal && !is_minimal(w, nw))
		buf_puts(&b, "-slim");
	return buf_detach(&b);
}

char *tui_value_rule(const struct tui_value_ctx *c)
{
	if (tui_value_is_pin(c->name)) {
		char w[VALUE_WORDS_MAX][VALUE_WORD_MAX];
		const char *var = variant(c->current);
		size_t nw = words(var, w), len;
		long major = -1;
		struct buf b = BUF_INIT;
		if (c->current)
			lead_version(c->current, &major, &len);
		buf_puts(&b, "A pinned tag: a version of 3 parts or more (x.y.z) or a date stamp (8 digits or YYYY-MM-DD), or a digest");
		if (major >= 0 || nw)
			buf_puts(&b, ", keeping");
		if (major >= 0)
			buf_printf(&b, " the major version %ld", major);
		if (major >= 0 && nw)
			buf_puts(&b, " and");
		if (nw)
			buf_printf(&b, " the variant \"%s\"", var);
		if (c->minimal)
			buf_puts(&b, "; a slim or alpine variant (it fixes sec.pinned-base too)");
		else if (c->shared)
			buf_puts(&b, " (a -slim or -alpine variant fixes sec.minimal-base too)");
		buf_puts(&b, ". berth cannot see the registry: use a tag that exists.");
		return buf_detach(&b);
	}
	if (strcmp(c->name, "limits.cpus") == 0)
		return xstrdup("CPUs for each service without a limit: a positive number (1, 0.5).");
	if (strcmp(c->name, "limits.memory") == 0)
		return xstrdup("Memory for each service without a limit: a size (512M, 1G).");
	if (str_starts(c->name, "healthcheck"))
		return xstrdup("A shell command that exits 0 when the service is healthy (run with CMD-SHELL).");
	return xstrdup("The value the fix writes.");
}
