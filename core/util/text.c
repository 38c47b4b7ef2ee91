#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void text_init(struct text *t, const char *data, size_t len)
{
	size_t n = 1, i;
	const char *p, *end = data + len;
	memset(t, 0, sizeof(*t));
	t->data = data;
	t->len = len;
	t->bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
	/* count the lines first: one allocation of the right size */
	for (p = data; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		if (p + 1 < end)
			n++;
	t->lines = xmalloc(n * sizeof(*t->lines));
	t->lines[t->nlines++] = 0;
	for (p = data; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
		i = (size_t)(p - data);
		if (t->nlines == 1 && i > 0 && data[i - 1] == '\r')
			t->crlf = 1;
		if (i + 1 < len)
			t->lines[t->nlines++] = i + 1;
	}
}

void text_free(struct text *t)
{
	free(t->lines);
	t->lines = NULL;
	t->nlines = 0;
}

void text_pos(const struct text *t, size_t off, int *line, int *col)
{
	size_t lo = 0, hi = t->nlines;
	if (off > t->len)
		off = t->len;
	if (hi == 0) {
		*line = 1;
		*col = 1;
		return;
	}
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (int)lo + 1;
	*col = (int)(off - t->lines[lo]) + 1;
	if (lo == 0 && t->bom)
		*col = *col > 3 ? *col - 3 : 1;
}

int text_line(const struct text *t, int line, size_t *start, size_t *end)
{
	size_t s, e;
	if (line < 1 || (size_t)line > t->nlines)
		return 0;
	s = t->lines[line - 1];
	e = (size_t)line < t->nlines ? t->lines[line] : t->len;
	if (e > s && t->data[e - 1] == '\n')
		e--;
	if (e > s && t->data[e - 1] == '\r')
		e--;
	if (line == 1 && t->bom && e >= 3)
		s = 3;
	*start = s;
	*end = e;
	return 1;
}
