/* Theme files: parsed with yamldoc, looked up in the user's, the installed and the local folder. */
#include "theme.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "yamldoc.h"

#ifndef BERTH_DATADIR
#define BERTH_DATADIR "/usr/local/share/berth"
#endif
/* A theme file is a few hundred bytes; anything bigger is not one. */
#define THEME_FILE_MAX (64 * 1024)
/* Folders searched for themes. */
#define THEME_DIRS 3

const char *const tui_role_names[TUI_ROLE_COUNT] = {
#define TUI_ROLE_NAME(id, name) name,
	TUI_ROLES(TUI_ROLE_NAME)
#undef TUI_ROLE_NAME
};

static const char *const color_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static const struct { const char *name; unsigned bit; } attr_names[] = {
	{ "bold", TUI_A_BOLD }, { "dim", TUI_A_DIM }, { "underline", TUI_A_UNDERLINE },
	{ "reverse", TUI_A_REVERSE }, { "standout", TUI_A_STANDOUT }, { "italic", TUI_A_ITALIC },
};

short tui_color_to8(short c)
{
	if (c < 8)
		return c;
	if (c < 16)
		return (short)(c - 8);
	if (c < 232) {
		int v = c - 16, r = v / 36, g = (v / 6) % 6, b = v % 6;
		return (short)((r >= 3) | ((g >= 3) << 1) | ((b >= 3) << 2));
	}
	return c < 244 ? 0 : 7;
}

static int parse_color(const char *s, short *out)
{
	char *end;
	long v;
	if (strcmp(s, "default") == 0) {
		*out = TUI_COLOR_DEFAULT;
		return 0;
	}
	for (int bright = 0; bright < 2; bright++)
		for (int i = 0; i < 8; i++) {
			const char *n = s;
			if (bright && strncmp(n, "bright-", 7) != 0)
				continue;
			n += bright ? 7 : 0;
			if (strcmp(n, color_names[i]) == 0) {
				*out = (short)(i + bright * 8);
				return 0;
			}
		}
	v = strtol(s, &end, 10);
	if (*s && !*end && v >= 0 && v <= 255) {
		*out = (short)v;
		return 0;
	}
	return -1;
}

static int fail(char **err, const struct ydoc_node *n, const char *what, const char *val)
{
	*err = xasprintf("%d:%d: %s%s%s", n ? n->start.line : 1, n ? n->start.col : 1, what,
			 val ? ": " : "", val ? val : "");
	return -1;
}

static int parse_attrs(struct tui_style *st, const struct ydoc_node *n, char **err)
{
	if (n->type != YDOC_SEQUENCE)
		return fail(err, n, "attrs must be a list", NULL);
	for (size_t i = 0; i < n->nitems; i++) {
		const char *a = ydoc_str(n->items[i]);
		size_t k;
		for (k = 0; a && k < ARRAY_SIZE(attr_names); k++)
			if (strcmp(a, attr_names[k].name) == 0)
				break;
		if (!a || k == ARRAY_SIZE(attr_names))
			return fail(err, n->items[i], "unknown attribute", a);
		st->attrs |= attr_names[k].bit;
	}
	return 0;
}

static int parse_style(struct tui_style *st, const struct ydoc_node *n, char **err)
{
	if (n->type != YDOC_MAPPING)
		return fail(err, n, "a role is a mapping of fg, bg and attrs", NULL);
	for (size_t i = 0; i < n->npairs; i++) {
		const char *k = ydoc_str(n->pairs[i].key);
		const struct ydoc_node *v = n->pairs[i].value;
		if (k && strcmp(k, "attrs") == 0) {
			if (parse_attrs(st, v, err) < 0)
				return -1;
		} else if (k && (strcmp(k, "fg") == 0 || strcmp(k, "bg") == 0)) {
			const char *c = ydoc_str(v);
			if (!c || parse_color(c, k[0] == 'f' ? &st->fg : &st->bg) < 0)
				return fail(err, v, "bad colour", c);
		} else {
			return fail(err, n->pairs[i].key, "unknown key", k);
		}
	}
	st->set = 1;
	return 0;
}

static int parse_colors(struct tui_theme *t, const struct ydoc_node *colors, char **err)
{
	if (colors->type != YDOC_MAPPING)
		return fail(err, colors, "colors must be a mapping", NULL);
	for (size_t i = 0; i < colors->npairs; i++) {
		const char *role = ydoc_str(colors->pairs[i].key);
		int r;
		for (r = 0; role && r < TUI_ROLE_COUNT; r++)
			if (strcmp(role, tui_role_names[r]) == 0)
				break;
		if (!role || r == TUI_ROLE_COUNT)
			return fail(err, colors->pairs[i].key, "unknown role", role);
		if (parse_style(&t->roles[r], colors->pairs[i].value, err) < 0)
			return -1;
	}
	return 0;
}

static void theme_reset(struct tui_theme *t)
{
	memset(t, 0, sizeof(*t));
	for (int r = 0; r < TUI_ROLE_COUNT; r++)
		t->roles[r].fg = t->roles[r].bg = TUI_COLOR_DEFAULT;
}

int tui_theme_parse(struct tui_theme *t, const char *data, size_t len, char **err)
{
	struct ydoc y;
	const struct ydoc_node *root, *name, *colors;
	int rc = -1;

	theme_reset(t);
	*err = NULL;
	if (ydoc_load(&y, data, len) != 0 || y.ndocs != 1) {
		*err = y.nerrors ? ydoc_error_text(&y.errors[y.nerrors - 1]) : xstrdup("1:1: not one YAML document");
		goto out;
	}
	if (y.nerrors) {
		*err = ydoc_error_text(&y.errors[0]);
		goto out;
	}
	root = y.docs[0];
	if (root->type != YDOC_MAPPING) {
		fail(err, root, "a theme is a mapping with name and colors", NULL);
		goto out;
	}
	for (size_t i = 0; i < root->npairs; i++) {
		const char *k = ydoc_str(root->pairs[i].key);
		if (!k || (strcmp(k, "name") != 0 && strcmp(k, "colors") != 0)) {
			fail(err, root->pairs[i].key, "unknown key", k);
			goto out;
		}
	}
	name = ydoc_get(root, "name");
	colors = ydoc_get(root, "colors");
	if (name && (!ydoc_str(name) || strlen(ydoc_str(name)) >= TUI_THEME_NAME_MAX)) {
		fail(err, name, "name must be a short string", NULL);
		goto out;
	}
	if (name)
		strcpy(t->name, ydoc_str(name));
	if (colors && parse_colors(t, colors, err) < 0)
		goto out;
	/* roles left out look like normal text */
	for (int r = 1; r < TUI_ROLE_COUNT; r++)
		if (!t->roles[r].set) {
			t->roles[r] = t->roles[TUI_ROLE_NORMAL];
			t->roles[r].set = 0;
		}
	rc = 0;
out:
	ydoc_free(&y);
	if (rc < 0)
		theme_reset(t);
	return rc;
}

/* The theme folders in search order; entries may be NULL. Returns malloc'd strings. */
static void theme_dirs(char *dirs[THEME_DIRS])
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg == '/')
		dirs[0] = xasprintf("%s/berth/themes", xdg);
	else if (home && *home)
		dirs[0] = xasprintf("%s/.config/berth/themes", home);
	else
		dirs[0] = NULL;
	dirs[1] = xstrdup(BERTH_DATADIR "/themes");
	dirs[2] = xstrdup("themes");
}

static int valid_name(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n < TUI_THEME_NAME_MAX && !strchr(name, '/') && name[0] != '.';
}

static int load_file(struct tui_theme *t, const char *path, const char *name, char **err)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	size_t len;
	int rc;
	if (!fp)
		return 1;
	data = xmalloc(THEME_FILE_MAX + 1);
	len = fread(data, 1, THEME_FILE_MAX + 1, fp);
	fclose(fp);
	if (len > THEME_FILE_MAX) {
		*err = xasprintf("%s: too large for a theme", path);
		free(data);
		return -1;
	}
	rc = tui_theme_parse(t, data, len, err);
	free(data);
	if (rc < 0) {
		char *e = *err;
		*err = xasprintf("%s:%s", path, e);
		free(e);
		return -1;
	}
	if (!t->name[0])
		snprintf(t->name, sizeof(t->name), "%s", name);
	return 0;
}

int tui_theme_load(struct tui_theme *t, const char *name, char **err)
{
	char *dirs[THEME_DIRS];
	int rc = 1;
	*err = NULL;
	if (!valid_name(name)) {
		*err = xasprintf("%s: not a theme name", name);
		return -1;
	}
	theme_dirs(dirs);
	for (int i = 0; i < THEME_DIRS; i++) {
		if (rc == 1 && dirs[i]) {
			char *path = xasprintf("%s/%s.yaml", dirs[i], name);
			rc = load_file(t, path, name, err);
			free(path);
		}
		free(dirs[i]);
	}
	if (rc == 1)
		rc = tui_theme_builtin(t, name);
	if (rc != 0 && !*err)
		*err = xasprintf("%s: no such theme", name);
	return rc == 0 ? 0 : -1;
}

static int has_name(char names[][TUI_THEME_NAME_MAX], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

size_t tui_theme_names(char names[][TUI_THEME_NAME_MAX], size_t max)
{
	const char *builtin[TUI_THEME_MAX];
	size_t nb = tui_theme_builtin_names(builtin, TUI_THEME_MAX), n = 0, first_extra;
	char *dirs[THEME_DIRS];
	for (size_t i = 0; i < nb && n < max; i++)
		snprintf(names[n++], TUI_THEME_NAME_MAX, "%s", builtin[i]);
	first_extra = n;
	theme_dirs(dirs);
	for (int d = 0; d < THEME_DIRS; d++) {
		DIR *dir = dirs[d] ? opendir(dirs[d]) : NULL;
		struct dirent *e;
		while (dir && (e = readdir(dir)) != NULL) {
			size_t len = strlen(e->d_name);
			char name[TUI_THEME_NAME_MAX];
			if (len <= 5 || len - 5 >= TUI_THEME_NAME_MAX || strcmp(e->d_name + len - 5, ".yaml") != 0)
				continue;
			memcpy(name, e->d_name, len - 5);
			name[len - 5] = '\0';
			if (valid_name(name) && n < max && !has_name(names, n, name))
				snprintf(names[n++], TUI_THEME_NAME_MAX, "%s", name);
		}
		if (dir)
			closedir(dir);
		free(dirs[d]);
	}
	qsort(names[first_extra], n - first_extra, TUI_THEME_NAME_MAX, name_cmp);
	return n;
}
