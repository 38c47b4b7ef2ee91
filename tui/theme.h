/*
 * theme - colours and attributes of every role on the screen, read from
 * YAML files (themes/NAME.yaml, documented at the top of themes/default.yaml):
 *
 *   name: default
 *   colors:
 *     fail: {fg: 203, bg: default, attrs: [bold]}
 *
 * fg and bg are `default`, a colour name (black red green yellow blue
 * magenta cyan white, bright-NAME) or a number 0-255; on a terminal with
 * 8 colours a number is mapped to the nearest of the eight. attrs: bold,
 * dim, underline, reverse, standout, italic. Roles left out keep `normal`.
 *
 * The four stock themes are compiled in (theme_builtin.c, the same YAML
 * text as the files); a file of the same name in a theme folder wins:
 * $XDG_CONFIG_HOME/berth/themes (else ~/.config/berth/themes), then
 * BERTH_DATADIR/themes, then ./themes. No curses here: draw.c turns a
 * theme into colour pairs.
 */
#ifndef BERTH_TUI_THEME_H
#define BERTH_TUI_THEME_H

#include <stddef.h>

#define TUI_THEME_NAME_MAX 64   /* longest theme name (file name without .yaml) */
#define TUI_THEME_MAX 32        /* themes listed for `t` at most */

#define TUI_ROLES(_) \
	_(NORMAL, "normal") _(STATUS, "status") _(HINT, "hint") _(BORDER, "border") \
	_(FOCUS, "focus") _(TITLE, "title") _(SELECTED, "selected") _(PASS, "pass") \
	_(FAIL, "fail") _(NA, "na") _(IGNORED, "ignored") _(CATEGORY, "category") \
	_(FOLDER, "folder") _(LINENO, "lineno") _(SPAN, "span") _(DIFF_ADD, "diff-add") \
	_(DIFF_DEL, "diff-del") _(DIFF_HUNK, "diff-hunk") _(DIALOG, "dialog") \
	_(ERROR, "error") _(ACCEPTED, "accepted")

enum tui_role {
#define TUI_ROLE_ENUM(id, name) TUI_ROLE_##id,
	TUI_ROLES(TUI_ROLE_ENUM)
#undef TUI_ROLE_ENUM
	TUI_ROLE_COUNT
};

#define TUI_A_BOLD 1u
#define TUI_A_DIM 2u
#define TUI_A_UNDERLINE 4u
#define TUI_A_REVERSE 8u
#define TUI_A_STANDOUT 16u
#define TUI_A_ITALIC 32u

#define TUI_COLOR_DEFAULT (-1)

struct tui_style {
	short fg, bg;           /* TUI_COLOR_DEFAULT or 0..255 */
	unsigned attrs;         /* TUI_A_* */
	int set;                /* the theme named this role */
};

struct tui_theme {
	char name[TUI_THEME_NAME_MAX];
	struct tui_style roles[TUI_ROLE_COUNT];
};

extern const char *const tui_role_names[TUI_ROLE_COUNT];

/* Parse theme YAML: 0 ok; -1 with "LINE:COL: message" in *err (malloc'd). */
int tui_theme_parse(struct tui_theme *t, const char *data, size_t len, char **err);
/* A compiled-in theme: 0 ok, -1 no such name. */
int tui_theme_builtin(struct tui_theme *t, const char *name);
/* The YAML text of a compiled-in theme, or NULL. */
const char *tui_theme_builtin_text(const char *name);
/* Names of the compiled-in themes, in cycling order. */
size_t tui_theme_builtin_names(const char **names, size_t max);
/* Find NAME in the theme folders, then the compiled-in ones: 0 ok, -1 with *err. */
int tui_theme_load(struct tui_theme *t, const char *name, char **err);
/* Names for `t`: the compiled-in ones in order, then others found in the folders (sorted). */
size_t tui_theme_names(char names[][TUI_THEME_NAME_MAX], size_t max);
/* 8-colour fallback of a 256-colour number. */
short tui_color_to8(short c);

#endif
