/*
 * script - the headless scripted mode (BERTH_SCRIPT=FILE, like tig's
 * TIG_SCRIPT): one key or action a line, fed through the same key table as
 * the terminal's keys; the screen is redrawn after each, so the next line
 * always sees a settled screen. Actions:
 *   KEY                 a key name (keys.h): j, Enter, Tab, S-Tab, Esc, Down, C-u, /, ...
 *   :type TEXT          each character of TEXT as a key (for dialogs)
 *   :wait               until the scan is done
 *   :resize COLS LINES  as if the terminal changed size (KEY_RESIZE)
 *   :dump PATH          write the screen as UTF-8 text, trailing spaces trimmed
 *   :click X Y          a mouse click (0-based column and row); :wheel X Y up|down
 *   # ...               a comment; blank lines are skipped
 */
#include "app.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "utf8.h"
#include "util.h"

/* Longest script line. */
#define SCRIPT_LINE_MAX 4096

int tui_app_dump(const char *path)
{
	FILE *fp = fopen(path, "w");
	if (!fp)
		return -1;
	for (int y = 0; y < LINES; y++) {
		struct buf line = BUF_INIT;
		size_t keep = 0;
		for (int x = 0; x < COLS; x++) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			char u[4];
			size_t n;
			int w;
			if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wch, &attrs, &pair, NULL) == ERR || !wch[0])
				wch[0] = ' ';
			w = wcwidth(wch[0]);
			n = utf8_encode((unsigned)wch[0], u);
			buf_add(&line, u, n ? n : 1);
			if (wch[0] != ' ')
				keep = line.len;
			if (w > 1)
				x += w - 1;     /* the next cells belong to this character */
		}
		fprintf(fp, "%.*s\n", (int)keep, buf_str(&line));
		buf_free(&line);
	}
	return fclose(fp) == 0 ? 0 : -1;
}

static void settle(struct tui_app *app)
{
	tui_app_poll(app);
	tui_app_draw(app);
}

static int run_action(struct tui_app *app, const char *line, const char *name, int lineno)
{
	char arg[SCRIPT_LINE_MAX];
	int a, b;
	if (strcmp(line, ":wait") == 0) {
		tui_app_wait(app);
	} else if (sscanf(line, ":resize %d %d", &a, &b) == 2 && a > 0 && b > 0) {
		resizeterm(b, a);
		tui_app_resize(app, b, a);
	} else if (sscanf(line, ":dump %4095s", arg) == 1) {
		settle(app);
		if (tui_app_dump(arg) < 0) {
			fprintf(stderr, "berth: %s:%d: cannot write %s\n", name, lineno, arg);
			return -1;
		}
	} else if (str_starts(line, ":type ")) {
		const char *p = line + 6;
		size_t len = strlen(p);
		while (len > 0) {
			unsigned cp;
			size_t n = utf8_decode(p, len, &cp);
			if (n == 0)
				n = 1, cp = '?';
			tui_app_key(app, (int)cp);
			settle(app);
			p += n;
			len -= n;
		}
	} else if (sscanf(line, ":click %d %d", &a, &b) == 2) {
		tui_app_click(app, b, a, 1);
	} else if (sscanf(line, ":wheel %d %d %15s", &a, &b, arg) == 3) {
		tui_app_click(app, b, a, strcmp(arg, "up") == 0 ? 4 : 5);
	} else {
		fprintf(stderr, "berth: %s:%d: unknown action: %s\n", name, lineno, line);
		return -1;
	}
	return 0;
}

int tui_script_run(struct tui_app *app, FILE *fp, const char *name)
{
	char line[SCRIPT_LINE_MAX];
	int lineno = 0;
	settle(app);
	while (!app->quit && fgets(line, sizeof(line), fp)) {
		size_t len = strlen(line);
		int key;
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (line[0] == ':' && len > 1) {
			if (run_action(app, line, name, lineno) < 0)
				return -1;
		} else if (tui_key_parse(line, &key) == 0) {
			tui_app_key(app, key);
		} else {
			fprintf(stderr, "berth: %s:%d: unknown key: %s\n", name, lineno, line);
			return -1;
		}
		settle(app);
	}
	return 0;
}
