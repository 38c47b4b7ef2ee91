/* The theme to start with (tui/theme_pick.c): COLORFGBG, OSC 11 answers, the saved choice, the order of it all. */
#include "support.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "theme_pick.h"
#include "util.h"

static void test_colorfgbg(void **state)
{
	(void)state;
	assert_int_equal(tui_bg_colorfgbg("15;0"), TUI_BG_DARK);
	assert_int_equal(tui_bg_colorfgbg("0;15"), TUI_BG_LIGHT);
	assert_int_equal(tui_bg_colorfgbg("0;7"), TUI_BG_LIGHT);
	assert_int_equal(tui_bg_colorfgbg("12;default;8"), TUI_BG_DARK);
	assert_int_equal(tui_bg_colorfgbg("0;default"), TUI_BG_UNKNOWN);
	assert_int_equal(tui_bg_colorfgbg(""), TUI_BG_UNKNOWN);
	assert_int_equal(tui_bg_colorfgbg(NULL), TUI_BG_UNKNOWN);
	assert_int_equal(tui_bg_colorfgbg("0;x"), TUI_BG_UNKNOWN);
}

static enum tui_bg osc(const char *s)
{
	return tui_bg_osc11(s, strlen(s));
}

static void test_osc11(void **state)
{
	(void)state;
	assert_int_equal(osc("\033]11;rgb:ffff/ffff/ffff\033\\\033[?62;c"), TUI_BG_LIGHT);
	assert_int_equal(osc("\033]11;rgb:0000/0000/0000\007"), TUI_BG_DARK);
	assert_int_equal(osc("\033]11;rgb:fd/f6/e3\033\\"), TUI_BG_LIGHT);     /* solarized light, 2 digits */
	assert_int_equal(osc("\033]11;rgb:0000/2b2b/3636\033\\"), TUI_BG_DARK); /* solarized dark */
	/* a terminal that only answers DA1, or garbage */
	assert_int_equal(osc("\033[?62;c"), TUI_BG_UNKNOWN);
	assert_int_equal(osc("\033]11;rgb:zz/00/00"), TUI_BG_UNKNOWN);
	assert_int_equal(osc(""), TUI_BG_UNKNOWN);
}

static void test_choose(void **state)
{
	(void)state;
	assert_string_equal(tui_theme_choose("high-contrast", 1, "light", TUI_BG_LIGHT), "high-contrast");
	assert_string_equal(tui_theme_choose(NULL, 1, "light", TUI_BG_LIGHT), "mono");
	assert_string_equal(tui_theme_choose(NULL, 0, "high-contrast", TUI_BG_LIGHT), "high-contrast");
	assert_string_equal(tui_theme_choose(NULL, 0, NULL, TUI_BG_LIGHT), "light");
	assert_string_equal(tui_theme_choose(NULL, 0, NULL, TUI_BG_DARK), "default");
	assert_string_equal(tui_theme_choose(NULL, 0, NULL, TUI_BG_UNKNOWN), "default");
}

static void test_saved(void **state)
{
	char tmpl[] = "/tmp/berth-themepick-XXXXXX", *dir = mkdtemp(tmpl), *path, *err = NULL, *got;
	(void)state;
	assert_non_null(dir);
	setenv("XDG_CONFIG_HOME", dir, 1);
	assert_null(tui_theme_saved());
	assert_int_equal(tui_theme_save("light", &err), 0);
	got = tui_theme_saved();
	assert_string_equal(got, "light");
	free(got);
	path = tui_theme_saved_path();
	assert_string_equal(path + strlen(dir), "/berth/theme");
	/* a name that leaves the folder is not one */
	assert_int_equal(tui_theme_save("../evil", &err), 0);
	assert_null(tui_theme_saved());
	unlink(path);
	free(path);
	path = xasprintf("%s/berth", dir);
	rmdir(path);
	free(path);
	rmdir(dir);
	unsetenv("XDG_CONFIG_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_colorfgbg),
		cmocka_unit_test(test_osc11),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_saved),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
