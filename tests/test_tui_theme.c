/* Themes: the compiled-in ones equal themes/NAME.yaml, parse errors have positions, colours fall back to 8. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "theme.h"
#include "util.h"

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	if (!fp)
		return NULL;
	data = xmalloc(1 << 16);
	*len = fread(data, 1, (1 << 16) - 1, fp);
	data[*len] = '\0';
	fclose(fp);
	return data;
}

static int parse(struct tui_theme *t, const char *yaml, char **err)
{
	return tui_theme_parse(t, yaml, strlen(yaml), err);
}

static void test_builtin_match_files(void **state)
{
	const char *names[TUI_THEME_MAX];
	size_t n = tui_theme_builtin_names(names, TUI_THEME_MAX);
	(void)state;
	assert_int_equal(n, 4);
	assert_string_equal(names[0], "default");
	for (size_t i = 0; i < n; i++) {
		struct tui_theme a, b;
		char *path = xasprintf("themes/%s.yaml", names[i]), *data, *err = NULL;
		size_t len = 0;
		data = read_file(path, &len);
		if (!data)
			fail_msg("%s is missing", path);
		assert_int_equal(tui_theme_builtin(&a, names[i]), 0);
		if (tui_theme_parse(&b, data, len, &err) != 0)
			fail_msg("%s: %s", path, err);
		assert_string_equal(a.name, names[i]);
		/* the file and the compiled-in copy are the same theme */
		assert_memory_equal(&a, &b, sizeof(a));
		free(data);
		free(path);
	}
}

static void test_parse(void **state)
{
	struct tui_theme t;
	char *err = NULL;
	const char *ok = "name: x\ncolors:\n  normal: {fg: 250, bg: black}\n  fail: {fg: bright-red, attrs: [bold, underline]}\n";
	(void)state;
	assert_int_equal(tui_theme_parse(&t, ok, strlen(ok), &err), 0);
	assert_int_equal(t.roles[TUI_ROLE_FAIL].fg, 9);
	assert_int_equal(t.roles[TUI_ROLE_FAIL].bg, TUI_COLOR_DEFAULT);
	assert_int_equal(t.roles[TUI_ROLE_FAIL].attrs, TUI_A_BOLD | TUI_A_UNDERLINE);
	/* roles left out look like normal */
	assert_int_equal(t.roles[TUI_ROLE_PASS].fg, 250);
	assert_int_equal(t.roles[TUI_ROLE_PASS].bg, 0);

	assert_int_equal(parse(&t, "colors:\n  fail: {fg: 256}\n", &err), -1);
	assert_string_equal(err, "2:14: bad colour: 256");
	free(err);
	assert_int_equal(parse(&t, "colors:\n  nope: {}\n", &err), -1);
	assert_string_equal(err, "2:3: unknown role: nope");
	free(err);
	assert_int_equal(parse(&t, "colors:\n  fail: {attrs: [blink]}\n", &err), -1);
	assert_non_null(strstr(err, "unknown attribute: blink"));
	free(err);
	assert_int_equal(parse(&t, "colours: {}\n", &err), -1);
	assert_non_null(strstr(err, "unknown key: colours"));
	free(err);
	assert_int_equal(parse(&t, "[", &err), -1);
	assert_non_null(err);
	free(err);
	assert_int_equal(parse(&t, "- a\n", &err), -1);
	free(err);
}

static void test_fallback_8(void **state)
{
	(void)state;
	assert_int_equal(tui_color_to8(1), 1);
	assert_int_equal(tui_color_to8(9), 1);          /* bright red */
	assert_int_equal(tui_color_to8(196), 1);        /* 256-colour red */
	assert_int_equal(tui_color_to8(46), 2);         /* green */
	assert_int_equal(tui_color_to8(21), 4);         /* blue */
	assert_int_equal(tui_color_to8(231), 7);        /* white */
	assert_int_equal(tui_color_to8(16), 0);         /* black */
	assert_int_equal(tui_color_to8(235), 0);        /* dark grey */
	assert_int_equal(tui_color_to8(252), 7);        /* light grey */
	assert_int_equal(tui_color_to8(TUI_COLOR_DEFAULT), TUI_COLOR_DEFAULT);
}

static void test_lookup(void **state)
{
	struct tui_theme t;
	char *err = NULL, *dir, names[TUI_THEME_MAX][TUI_THEME_NAME_MAX], tmpl[] = "/tmp/berth-theme-XXXXXX";
	FILE *fp;
	size_t n;
	(void)state;
	assert_non_null(mkdtemp(tmpl));
	dir = xasprintf("%s/berth/themes", tmpl);
	{
		char *a = xasprintf("%s/berth", tmpl);
		assert_int_equal(mkdir(a, 0700), 0);
		assert_int_equal(mkdir(dir, 0700), 0);
		free(a);
	}
	setenv("XDG_CONFIG_HOME", tmpl, 1);
	{
		char *p = xasprintf("%s/zeta.yaml", dir), *q = xasprintf("%s/default.yaml", dir);
		fp = fopen(p, "w");
		fputs("colors:\n  fail: {fg: 1}\n", fp);
		fclose(fp);
		/* a user's file of a stock name wins over the compiled-in one */
		fp = fopen(q, "w");
		fputs("name: mine\ncolors:\n  fail: {fg: 2}\n", fp);
		fclose(fp);
		assert_int_equal(tui_theme_load(&t, "zeta", &err), 0);
		assert_string_equal(t.name, "zeta");
		assert_int_equal(t.roles[TUI_ROLE_FAIL].fg, 1);
		assert_int_equal(tui_theme_load(&t, "default", &err), 0);
		assert_string_equal(t.name, "mine");
		assert_int_equal(tui_theme_load(&t, "../etc/passwd", &err), -1);
		free(err);
		assert_int_equal(tui_theme_load(&t, "missing", &err), -1);
		assert_string_equal(err, "missing: no such theme");
		free(err);
		n = tui_theme_names(names, TUI_THEME_MAX);
		assert_true(n >= 5);
		assert_string_equal(names[0], "default");
		assert_string_equal(names[3], "mono");
		assert_string_equal(names[n - 1], "zeta");
		remove(p);
		remove(q);
		free(p);
		free(q);
	}
	rmdir(dir);
	{
		char *a = xasprintf("%s/berth", tmpl);
		rmdir(a);
		free(a);
	}
	rmdir(tmpl);
	free(dir);
	unsetenv("XDG_CONFIG_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_match_files),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_fallback_8),
		cmocka_unit_test(test_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
