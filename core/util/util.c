#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

static void oom(void)
{
	fputs("berth: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void xgrow(void **ptr, size_t *cap, size_t need, size_t size)
{
	size_t n;
	if (need <= *cap)
		return;
	n = *cap ? *cap : 8;
	while (n < need) {
		if (n > ((size_t)-1) / 2 / size)
			oom();
		n *= 2;
	}
	*ptr = xrealloc(*ptr, n * size);
	*cap = n;
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need < b->len)
		oom();
	xgrow((void **)&b->ptr, &b->cap, need, 1);
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	if (b->cap - b->len <= len || !b->ptr)
		buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_putc(struct buf *b, int c)
{
	if (b->cap - b->len <= 1 || !b->ptr)
		buf_grow(b, 1);
	b->ptr[b->len++] = (char)c;
	b->ptr[b->len] = '\0';
}

/* One formatting pass when the text fits the room left, two when it must grow. */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	size_t room;
	buf_grow(b, 64);
	room = b->cap - b->len;
	va_copy(cp, ap);
	n = vsnprintf(b->ptr + b->len, room, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->ptr[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

char *buf_detach(struct buf *b)
{
	char *p = b->ptr ? b->ptr : xstrdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

const char *buf_str(const struct buf *b)
{
	return b->ptr ? b->ptr : "";
}

int str_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

int str_ieqn(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		if (!*a)
			return 1;
	}
	return 1;
}

int str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int mem_starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && memcmp(s, prefix, n) == 0;
}

int str_ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

const char *str_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

char *str_dirname(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? xstrndup(path, (size_t)(s - path)) : xstrdup("");
}

char *path_join_norm(const char *dir, const char *rel)
{
	struct buf all = BUF_INIT, out = BUF_INIT;
	const char *p, *seg;
	if (rel[0] == '/')
		return NULL;
	if (dir && *dir) {
		buf_puts(&all, dir);
		buf_putc(&all, '/');
	}
	buf_puts(&all, rel);
	p = buf_str(&all);
	while (*p) {
		size_t n;
		seg = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - seg);
		if (*p)
			p++;
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			char *slash;
			if (out.len == 0) {
				buf_free(&all);
				buf_free(&out);
				return NULL;
			}
			slash = strrchr(out.ptr, '/');
			out.len = slash ? (size_t)(slash - out.ptr) : 0;
			out.ptr[out.len] = '\0';
			continue;
		}
		if (out.len)
			buf_putc(&out, '/');
		buf_add(&out, seg, n);
	}
	buf_free(&all);
	return buf_detach(&out);
}

int str_has_word(const char *s, const char *seps, const char *const *words)
{
	while (*s) {
		size_t n = strcspn(s, seps);
		if (n) {
			for (const char *const *w = words; *w; w++)
				if (strlen(*w) == n && str_ieqn(s, *w, n))
					return 1;
		}
		s += n;
		if (*s)
			s++;
	}
	return 0;
}

size_t str_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[STR_DISTANCE_MAX_LEN + 1];
	if (la > STR_DISTANCE_MAX_LEN || lb > STR_DISTANCE_MAX_LEN)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Length of a valid UTF-8 sequence at s (at most len bytes), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t len)
{
	size_t n, i;
	unsigned cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp >= 0x80 && cp < 0xa0)    /* C1 controls */
		return 0;
	return n;
}

void buf_add_safe(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned char c = p[i];
		size_t n;
		if (c == '\t') {
			buf_putc(out, ' ');
			i++;
		} else if (c == 0x1b) {
			buf_puts(out, "^[");
			i++;
		} else if (c < 0x20) {
			buf_putc(out, '^');
			buf_putc(out, c + '@');
			i++;
		} else if (c == 0x7f) {
			buf_puts(out, "^?");
			i++;
		} else if ((n = utf8_len(p + i, len - i)) != 0) {
			buf_add(out, p + i, n);
			i += n;
		} else {
			buf_printf(out, "\\x%02X", c);
			i++;
		}
	}
	if (!out->ptr)
		buf_grow(out, 0), out->ptr[0] = '\0';
}

void timing_phase(const char *name)
{
	static int on = -1;
	static struct timespec last;
	struct timespec now;
	if (on < 0) {
		const char *e = getenv("BERTH_TIMING");
		on = e && *e;
	}
	if (!on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (last.tv_sec || last.tv_nsec)
		fprintf(stderr, "berth: %-12s %8.1f ms\n", name,
			(double)(now.tv_sec - last.tv_sec) * 1e3 + (double)(now.tv_nsec - last.tv_nsec) / 1e6);
	last = now;
}

/* mkdir -p of the folders above `path` (written in place, restored). */
static int make_parents(char *path)
{
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0700) < 0 && errno != EEXIST) {
				*p = '/';
				return -1;
			}
			*p = '/';
		}
	return 0;
}

int write_user_file(const char *path, const char *data, size_t len, char **err)
{
	char *dir = xstrdup(path), *tmp = xasprintf("%s.tmp", path);
	FILE *fp = NULL;
	int rc = -1;
	if (make_parents(dir) == 0 && (fp = fopen(tmp, "w")) != NULL) {
		int ok = fwrite(data, 1, len, fp) == len;
		if (fclose(fp) == 0 && ok && rename(tmp, path) == 0)
			rc = 0;
	}
	if (rc < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		remove(tmp);
	}
	free(dir);
	free(tmp);
	return rc;
}
