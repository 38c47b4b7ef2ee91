/*
 * text - a line table over a byte buffer, to turn byte offsets into the
 * 1-based line and byte column that every finding reports.
 *
 * The table borrows `data`: it must outlive the struct text. A UTF-8 BOM at
 * the start does not count as columns of line 1. Lines end at '\n'; a '\r'
 * before it belongs to the line ending, not to the text.
 */
#ifndef BERTH_TEXT_H
#define BERTH_TEXT_H

#include <stddef.h>

struct text {
	const char *data;
	size_t len;
	size_t *lines;     /* lines[i] = offset of the first byte of line i + 1 */
	size_t nlines;
	int bom;           /* data starts with EF BB BF */
	int crlf;          /* the first line ending is "\r\n" */
};

void text_init(struct text *t, const char *data, size_t len);
void text_free(struct text *t);
/* Offset -> 1-based line and 1-based byte column. Offsets past the end clamp. */
void text_pos(const struct text *t, size_t off, int *line, int *col);
/* Bounds of line `line` (1-based) without its line ending; 0 when out of range. */
int text_line(const struct text *t, int line, size_t *start, size_t *end);

#endif
