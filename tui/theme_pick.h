/*
 * theme_pick - which theme the TUI starts with (issue 17): --theme NAME,
 * else mono without colours, else the theme last chosen with `t` (saved in
 * $XDG_CONFIG_HOME/berth/theme, else ~/.config/berth/theme), else `light`
 * when the terminal's background is light, else `default`.
 *
 * The background is read from COLORFGBG ("15;0": the last field is the
 * background colour, 7 and 9-15 are light) or from the terminal's answer to
 * an OSC 11 query ("\e]11;rgb:ffff/ffff/ffff\e\\"); tui.c asks, with a
 * short timeout, only when nothing else decides. No curses here
 * (tests/test_tui_themepick.c).
 */
#ifndef BERTH_TUI_THEME_PICK_H
#define BERTH_TUI_THEME_PICK_H

#include <stddef.h>

enum tui_bg { TUI_BG_UNKNOWN = -1, TUI_BG_DARK = 0, TUI_BG_LIGHT = 1 };

/* The background COLORFGBG tells ("fg;bg" or "fg;default;bg"). */
enum tui_bg tui_bg_colorfgbg(const char *v);
/* The background an OSC 11 answer tells (the bytes read after the query; rgb:R/G/B of 1-4 hex digits each). */
enum tui_bg tui_bg_osc11(const char *reply, size_t len);
/* The file the chosen theme is kept in (malloc'd), or NULL without $XDG_CONFIG_HOME and $HOME. */
char *tui_theme_saved_path(void);
/* The saved theme's name (malloc'd), or NULL. */
char *tui_theme_saved(void);
/* Save the theme chosen with `t`: 0, or -1 with *err (malloc'd). */
int tui_theme_save(const char *name, char **err);
/* The theme to start with (see above); `saved` may be NULL. */
const char *tui_theme_choose(const char *cli, int no_color, const char *saved, enum tui_bg bg);

#endif
