#include "pragma.h"

#include <ctype.h>
#include <string.h>

#include "util.h"


enum scope { SCOPE_LINE, SCOPE_FILE };

/* Set mark[item] for every id in a comma-separated list (berth keys or hadolint ids). */
static void mark_list(const char *s, const char *end, int hadolint, unsigned char *mark)
{
	while (s < end) {
		char id[64];
		size_t n = 0;
		while (s < end && (*s == ',' || *s == ' '))
			s++;
		while (s < end && *s != ',' && !isspace((unsigned char)*s)) {
			if (n + 1 < sizeof(id))
				id[n++] = *s;
			s++;
		}
		id[n] = '\0';
		if (n) {
			int item = hadolint ? item_of_hadolint(id) : item_find(id);
			if (item >= 0)
				mark[item] = 1;
		}
		if (s < end && *s != ',')
			break;
	}
}

/*
 * Parse one line as a pragma. Returns 1 when it is a comment line at all
 * (so the "directly above" run continues), and fills mark[] for the scope.
 */
static int parse_line(const char *s, const char *end, unsigned char *line_mark, unsigned char *file_mark)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s >= end || *s != '#')
		return 0;
	s++;
	while (s < end && *s == ' ')
		s++;
	if ((size_t)(end - s) > 6 && strncmp(s, "berth ", 6) == 0) {
		s += 6;
		while (s < end && *s == ' ')
			s++;
		if ((size_t)(end - s) > 12 && strncmp(s, "ignore-file=", 12) == 0)
			mark_list(s + 12, end, 0, file_mark);
		else if ((size_t)(end - s) > 7 && strncmp(s, "ignore=", 7) == 0)
			mark_list(s + 7, end, 0, line_mark);
	} else if ((size_t)(end - s) > 9 && strncmp(s, "hadolint ", 9) == 0) {
		s += 9;
		while (s < end && *s == ' ')
			s++;
		if ((size_t)(end - s) > 7 && strncmp(s, "global ", 7) == 0) {
			s += 7;
			while (s < end && *s == ' ')
				s++;
			if ((size_t)(end - s) > 7 && strncmp(s, "ignore=", 7) == 0)
				mark_list(s + 7, end, 1, file_mark);
		} else if ((size_t)(end - s) > 7 && strncmp(s, "ignore=", 7) == 0) {
			mark_list(s + 7, end, 1, line_mark);
		}
	}
	return 1;
}

void pragma_apply(struct file_result *r, const struct text *t)
{
	unsigned char file_mark[ITEM_COUNT] = { 0 }, scratch[ITEM_COUNT];
	size_t s, e;
	if (!t || !t->data || r->nfindings == 0)
		return;
	for (int line = 1; text_line(t, line, &s, &e); line++)
		parse_line(t->data + s, t->data + e, scratch, file_mark);
	for (size_t i = 0; i < r->nfindings; i++) {
		struct finding *f = &r->findings[i];
		unsigned char line_mark[ITEM_COUNT] = { 0 };
		if (file_mark[f->item]) {
			f->suppressed = 1;
			continue;
		}
		for (int line = f->line - 1; line >= 1 && text_line(t, line, &s, &e); line--)
			if (!parse_line(t->data + s, t->data + e, line_mark, scratch))
				break;
		if (line_mark[f->item])
			f->suppressed = 1;
	}
}
