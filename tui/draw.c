#include "draw.h"

#include <curses.h>
#include <string.h>
#include <wchar.h>

#include "utf8.h"
#include "util.h"

static int g_ascii;
static unsigned long g_attr[TUI_ROLE_COUNT];

void draw_init(int ascii)
{
	g_ascii = ascii;
}

int draw_ascii(void)
{
	return g_ascii;
}

static unsigned long attrs_of(unsigned a)
{
	unsigned long r = 0;
	if (a & TUI_A_BOLD) r |= A_BOLD;
	if (a & TUI_A_DIM) r |= A_DIM;
	if (a & TUI_A_UNDERLINE) r |= A_UNDERLINE;
	if (a & TUI_A_REVERSE) r |= A_REVERSE;
	if (a & TUI_A_STANDOUT) r |= A_STANDOUT;
#ifdef A_ITALIC
	if (a & TUI_A_ITALIC) r |= A_ITALIC;
#endif
	return r;
}

static short map_color(short c, unsigned long *extra)
{
	if (c < 0 || COLORS >= 256)
		return c;
	if (c >= 8 && c < 16 && COLORS < 16)
		*extra |= A_BOLD;       /* bright colours on 8-colour terminals */
	return COLORS >= 16 && c < 16 ? c : tui_color_to8(c);
}

void draw_theme(const struct tui_theme *t, int color)
{
	for (int r = 0; r < TUI_ROLE_COUNT; r++) {
		const struct tui_style *s = &t->roles[r];
		unsigned long a = attrs_of(s->attrs);
		if (color && COLOR_PAIRS > TUI_ROLE_COUNT) {
			short fg = map_color(s->fg, &a), bg = map_color(s->bg, &a);
			init_pair((short)(r + 1), fg, bg);
			a |= COLOR_PAIR(r + 1);
		}
		g_attr[r] = a;
	}
	bkgdset(' ' | (chtype)g_attr[TUI_ROLE_NORMAL]);
}

unsigned long draw_attr(enum tui_role r)
{
	return (unsigned)r < TUI_ROLE_COUNT ? g_attr[r] : 0;
}

/* Width of one (already escaped, valid UTF-8) character; -1 to leave it out. */
static int char_width(unsigned cp)
{
	int w;
	if (cp < 0x80)
		return 1;
	if (g_ascii)
		return 1;       /* drawn as '?' */
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;   /* unknown to the locale: shown as U+FFFD, one column */
}

/* Walk the escaped text: calls put(cp, width) until maxw would be passed. Returns columns. */
static int walk(const char *s, size_t len, int maxw, int y, int x, unsigned long attr, int draw)
{
	struct buf b = BUF_INIT;
	int used = 0;
	size_t i = 0;

	buf_add_safe(&b, s, len);
	while (i < b.len) {
		unsigned cp = '?';
		size_t n = utf8_decode(b.ptr + i, b.len - i, &cp);
		int w;
		if (n == 0)
			n = 1, cp = '?';
		w = char_width(cp);
		if (used + w > maxw)
			break;
		if (w > 0 && draw) {
			cchar_t cc;
			wchar_t wc[2] = { (wchar_t)cp, 0 };
			if (g_ascii && cp >= 0x80)
				wc[0] = '?';
			else if (cp >= 0x80 && wcwidth((wchar_t)cp) < 0)
				wc[0] = 0xFFFD;
			setcchar(&cc, wc, (attr_t)(attr & ~A_COLOR), (short)PAIR_NUMBER((int)attr), NULL);
			mvadd_wch(y, x + used, &cc);
		}
		used += w;
		i += n;
	}
	buf_free(&b);
	return used;
}

int draw_text(int y, int x, int maxw, const char *s, size_t len, enum tui_role r, unsigned long extra)
{
	if (maxw <= 0 || !s)
		return 0;
	return walk(s, len, maxw, y, x, draw_attr(r) | extra, 1);
}

int draw_str(int y, int x, int maxw, const char *s, enum tui_role r)
{
	return draw_text(y, x, maxw, s, s ? strlen(s) : 0, r, 0);
}

int draw_width(const char *s, size_t len)
{
	return walk(s, len, 1 << 30, 0, 0, 0, 0);
}

size_t draw_fit(const char *s, size_t len, int maxw)
{
	int used = 0;
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		int w = n ? draw_width(s + i, n) : draw_width(s + i, 1);
		if (used + w > maxw)
			break;
		used += w;
		i += n ? n : 1;
	}
	return i;
}

void draw_fill(int y, int x, int w, enum tui_role r, unsigned long extra)
{
	unsigned long a = draw_attr(r) | extra;
	attrset((attr_t)a);
	for (int i = 0; i < w; i++)
		mvaddch(y, x + i, ' ');
	attrset(A_NORMAL);
}

const char *draw_glyph(const char *utf8, const char *ascii)
{
	return g_ascii ? ascii : utf8;
}

/* Columns of a path's start kept before its ellipsis when whole trailing components leave more. */
#define ELLIPSIZE_HEAD_MAX 4

/* Bytes at the end of s (len bytes) that fit in maxw columns, never inside a character. */
static size_t fit_tail(const char *s, size_t len, int maxw)
{
	size_t keep = 0;
	for (size_t i = len; i-- > 0;) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;       /* not the start of a character */
		if (draw_width(s + i, len - i) > maxw)
			break;
		keep = len - i;
	}
	return keep;
}

char *draw_ellipsize(const char *s, int maxw)
{
	size_t len = strlen(s), head, tail;
	const char *dots = draw_glyph("…", "~");
	int w = draw_width(s, len);
	if (w <= maxw || maxw < 3)
		return xstrndup(s, w <= maxw ? len : draw_fit(s, len, maxw));
	/*
	 * The end is what tells paths apart: as many whole trailing components
	 * as fit ("team00/api/"), the start with what is left; a plain name
	 * (or a last component too long) keeps its start and end alike.
	 */
	tail = 0;
	for (size_t i = len - 1; i-- > 0;)
		if (s[i] == '/') {
			if (draw_width(s + i + 1, len - i - 1) > maxw - 2)
				break;
			tail = len - i - 1;
		}
	if (tail == 0)
		tail = fit_tail(s, len, maxw / 2);
	else if (maxw - 1 - draw_width(s + len - tail, tail) > ELLIPSIZE_HEAD_MAX)
		/* a long start left over says nothing: one character of it, the end by characters */
		tail = fit_tail(s, len, maxw - 2);
	head = draw_fit(s, len - tail, maxw - 1 - draw_width(s + len - tail, tail));
	return xasprintf("%.*s%s%s", (int)head, s, dots, s + len - tail);
}

void draw_box_foot(struct tui_rect r, const char *text, int focus)
{
	int w = draw_width(text, strlen(text));
	if (r.h < 2 || w + 4 > r.w)
		return;
	draw_str(r.y + r.h - 1, r.x + r.w - 3 - w, 1, " ", focus ? TUI_ROLE_FOCUS : TUI_ROLE_BORDER);
	draw_str(r.y + r.h - 1, r.x + r.w - 2 - w, w, text, focus ? TUI_ROLE_FOCUS : TUI_ROLE_BORDER);
	draw_str(r.y + r.h - 1, r.x + r.w - 2, 1, " ", focus ? TUI_ROLE_FOCUS : TUI_ROLE_BORDER);
}

void draw_box(struct tui_rect r, const char *title, const char *right, int focus)
{
	enum tui_role role = focus ? TUI_ROLE_FOCUS : TUI_ROLE_BORDER;
	const char *h = draw_glyph("─", "-"), *v = draw_glyph("│", "|");
	int tw = 0;
	if (r.w < 2 || r.h < 2)
		return;
	draw_str(r.y, r.x, 1, draw_glyph("┌", "+"), role);
	draw_str(r.y, r.x + r.w - 1, 1, draw_glyph("┐", "+"), role);
	draw_str(r.y + r.h - 1, r.x, 1, draw_glyph("└", "+"), role);
	draw_str(r.y + r.h - 1, r.x + r.w - 1, 1, draw_glyph("┘", "+"), role);
	for (int i = 1; i < r.w - 1; i++) {
		draw_str(r.y, r.x + i, 1, h, role);
		draw_str(r.y + r.h - 1, r.x + i, 1, h, role);
	}
	for (int i = 1; i < r.h - 1; i++) {
		draw_str(r.y + i, r.x, 1, v, role);
		draw_str(r.y + i, r.x + r.w - 1, 1, v, role);
	}
	if (title && r.w > 4) {
		draw_str(r.y, r.x + 1, 1, " ", role);
		tw = draw_str(r.y, r.x + 2, r.w - 4, title, focus ? TUI_ROLE_FOCUS : TUI_ROLE_TITLE);
		draw_str(r.y, r.x + 2 + tw, 1, " ", role);
	}
	if (right && r.w - 6 - tw > 4) {
		int avail = r.w - 6 - tw, rw = draw_width(right, strlen(right));
		if (rw > avail - 2)
			rw = avail - 2;
		draw_str(r.y, r.x + r.w - 3 - rw, 1, " ", role);
		draw_str(r.y, r.x + r.w - 2 - rw, rw, right, role);
	}
}

const char *draw_mark(enum status st)
{
	static const char *const u[] = { "–", "✔", "✘", "~" };
	static const char *const a[] = { "--", "ok", "XX", "~~" };
	if ((unsigned)st > ST_IGNORED)
		st = ST_NA;
	return g_ascii ? a[st] : u[st];
}

enum tui_role draw_status_role(enum status st)
{
	switch (st) {
	case ST_PASS: return TUI_ROLE_PASS;
	case ST_FAIL: return TUI_ROLE_FAIL;
	case ST_IGNORED: return TUI_ROLE_IGNORED;
	default: return TUI_ROLE_NA;
	}
}
