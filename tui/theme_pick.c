/* The theme to start with: the command line, no colours, the saved choice, the terminal's background. */
#include "theme_pick.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "theme.h"
#include "util.h"

/* Luminance (0-1000) above which a background is light. */
#define TUI_BG_LIGHT_LUMA 500

enum tui_bg tui_bg_colorfgbg(const char *v)
{
	const char *last;
	char *end;
	long bg;
	if (!v || !*v)
		return TUI_BG_UNKNOWN;
	last = strrchr(v, ';');
	last = last ? last + 1 : v;
	if (strcmp(last, "default") == 0)
		return TUI_BG_UNKNOWN;
	bg = strtol(last, &end, 10);
	if (end == last || *end)
		return TUI_BG_UNKNOWN;
	/* rxvt's convention: 0-6 and 8 dark, 7 and 9-15 light */
	return bg == 7 || (bg >= 9 && bg <= 15) ? TUI_BG_LIGHT : bg >= 0 && bg <= 8 ? TUI_BG_DARK : TUI_BG_UNKNOWN;
}

/* One channel of rgb:R/G/B: 1-4 hex digits scaled to 0-1000. */
static int channel(const char **p, long *out)
{
	const char *s = *p;
	long v = 0, max = 1;
	int n = 0;
	while (n < 4 && isxdigit((unsigned char)s[n])) {
		v = v * 16 + (isdigit((unsigned char)s[n]) ? s[n] - '0' : (tolower((unsigned char)s[n]) - 'a' + 10));
		max *= 16;
		n++;
	}
	if (n == 0)
		return -1;
	*out = v * 1000 / (max - 1);
	*p = s + n;
	return 0;
}

enum tui_bg tui_bg_osc11(const char *reply, size_t len)
{
	char buf[128];
	const char *p;
	long r, g, b;
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, reply, len);
	buf[len] = '\0';
	p = strstr(buf, "]11;rgb:");
	if (!p)
		return TUI_BG_UNKNOWN;
	p += 8;
	if (channel(&p, &r) < 0 || *p++ != '/' || channel(&p, &g) < 0 || *p++ != '/' || channel(&p, &b) < 0)
		return TUI_BG_UNKNOWN;
	/* Rec. 709 luma */
	return (r * 2126 + g * 7152 + b * 722) / 10000 > TUI_BG_LIGHT_LUMA ? TUI_BG_LIGHT : TUI_BG_DARK;
}

char *tui_theme_saved_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		return xasprintf("%s/berth/theme", xdg);
	if (home && *home)
		return xasprintf("%s/.config/berth/theme", home);
	return NULL;
}

char *tui_theme_saved(void)
{
	char *path = tui_theme_saved_path(), line[TUI_THEME_NAME_MAX + 2];
	FILE *fp = path ? fopen(path, "r") : NULL;
	size_t n;
	free(path);
	if (!fp)
		return NULL;
	if (!fgets(line, sizeof(line), fp)) {
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	/* a theme name is a file name: nothing that leaves the folder */
	if (n == 0 || n >= TUI_THEME_NAME_MAX || strchr(line, '/') || line[0] == '.')
		return NULL;
	return xstrdup(line);
}

int tui_theme_save(const char *name, char **err)
{
	char *path = tui_theme_saved_path(), *line, *why = NULL;
	int rc;
	if (!path) {
		*err = xstrdup("no $XDG_CONFIG_HOME or $HOME to save the theme in");
		return -1;
	}
	line = xasprintf("%s\n", name);
	rc = write_user_file(path, line, strlen(line), &why);
	if (rc < 0) {
		*err = xasprintf("cannot save the theme in %s", why);
		free(why);
	}
	free(line);
	free(path);
	return rc;
}

const char *tui_theme_choose(const char *cli, int no_color, const char *saved, enum tui_bg bg)
{
	if (cli)
		return cli;
	if (no_color)
		return "mono";
	if (saved)
		return saved;
	return bg == TUI_BG_LIGHT ? "light" : "default";
}
