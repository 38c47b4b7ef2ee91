/*
 * draw - the only place that turns text into screen cells: UTF-8 decoded
 * without trusting the bytes (control characters shown escaped as ^[ by
 * buf_add_safe, never sent raw), measured with wcwidth so that no wide
 * character is cut or misaligned, themes turned into colour pairs, frames
 * and status marks in UTF-8 or ASCII. Everything draws on stdscr, which is
 * also what the scripted mode dumps.
 */
#ifndef BERTH_TUI_DRAW_H
#define BERTH_TUI_DRAW_H

#include <stddef.h>
#include "check.h"
#include "theme.h"

struct tui_rect {
	int y, x, h, w;
};

/* Output mode: UTF-8 marks and frames, or ASCII (--ascii or a non-UTF-8 locale). */
void draw_init(int ascii);
int draw_ascii(void);
/* Colours from a theme: `color` 0 gives attributes only (mono, NO_COLOR, no colours). */
void draw_theme(const struct tui_theme *t, int color);
/* The curses attribute of a role. */
unsigned long draw_attr(enum tui_role r);

/*
 * Draw `len` bytes of `s` at (y, x) in at most `maxw` columns, escaped,
 * in role `r` (with extra curses attributes `extra`). Returns the columns used.
 */
int draw_text(int y, int x, int maxw, const char *s, size_t len, enum tui_role r, unsigned long extra);
int draw_str(int y, int x, int maxw, const char *s, enum tui_role r);
/* Columns the escaped text takes. */
int draw_width(const char *s, size_t len);
/* Bytes of `s` that fit in `maxw` columns (never inside a character). */
size_t draw_fit(const char *s, size_t len, int maxw);
void draw_fill(int y, int x, int w, enum tui_role r, unsigned long extra);
/*
 * `s` fitted to `maxw` columns with an ellipsis in the middle, keeping its
 * end (a path's file name, a folder's last part): "services/te…/api/" (malloc'd).
 */
char *draw_ellipsize(const char *s, int maxw);
/* Text on a frame's bottom edge, at the right (a scroll position: "12-31/45 ↓"). */
void draw_box_foot(struct tui_rect r, const char *text, int focus);
/* A frame with a title; `focus` draws it in the focus role. */
void draw_box(struct tui_rect r, const char *title, const char *right, int focus);
/* Status mark: ✔ ✘ – ~, or ok XX -- ~~. */
const char *draw_mark(enum status st);
enum tui_role draw_status_role(enum status st);
/* Glyphs with an ASCII fallback: "▶" / ">" and friends. */
const char *draw_glyph(const char *utf8, const char *ascii);

#endif
