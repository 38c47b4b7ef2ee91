/* tui_main: the command line, the terminal (or the headless screen of BERTH_SCRIPT) and the one input loop. */
#include "tui.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "repo_since.h"
#include "scan_open.h"
#include "theme_pick.h"
#include "util.h"

/* Screen of the scripted mode unless BERTH_COLUMNS / BERTH_LINES say otherwise. */
#define TUI_SCRIPT_COLS 120
#define TUI_SCRIPT_LINES 40
/* Milliseconds the terminal has to answer the background-colour query (OSC 11). */
#define TUI_OSC11_MS 150
/* Bytes of the terminal's answers read at most. */
#define TUI_OSC11_MAX 256
/* Milliseconds between redraws while a scan runs (progress). */
#define TUI_POLL_MS 100

/* Set by SIGINT (Ctrl-C in cbreak mode); the input loop asks before quitting with fixes pending. */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Installed before curses starts, so that curses keeps it (it only replaces SIG_DFL). */
static void catch_sigint(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;        /* no SA_RESTART: the blocked read returns and the loop sees the flag */
	sigaction(SIGINT, &sa, NULL);
}

struct opts {
	const char *theme;
	const char *since;              /* --since REF: only findings on lines changed since REF */
	const char *path;
	int ascii;
};

static int usage(const char *msg, const char *arg)
{
	fprintf(stderr, "berth: %s%s%s\nusage: berth [--theme NAME] [--ascii] [--since REF] [PATH]\n", msg, arg ? ": " : "",
		arg ? arg : "");
	return 2;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--ascii") == 0)
			o->ascii = 1;
		else if (strcmp(a, "--theme") == 0 && i + 1 < argc)
			o->theme = argv[++i];
		else if (strcmp(a, "--theme") == 0)
			return usage("--theme needs a NAME", NULL);
		else if (str_starts(a, "--theme="))
			o->theme = a + 8;
		else if (strcmp(a, "--since") == 0 && i + 1 < argc && argv[i + 1][0])
			o->since = argv[++i];
		else if (strcmp(a, "--since") == 0 || strcmp(a, "--since=") == 0)
			return usage("--since needs a git revision (a branch, tag or commit)", NULL);
		else if (str_starts(a, "--since="))
			o->since = a + 8;
		else if (a[0] == '-' && a[1])
			return usage("unknown option", a);
		else if (o->path)
			return usage("one PATH at most", a);
		else
			o->path = a;
	}
	return 0;
}

static int env_on(const char *name)
{
	const char *v = getenv(name);
	return v && *v;
}

static int app_open(struct tui_app *app, const struct opts *o)
{
	char *err = NULL, *paths[1] = { (char *)o->path };
	struct scan_open_opts so = { paths, o->path ? 1 : 0, NULL, NULL };
	const char *root, *br;
	int rc;
	memset(app, 0, sizeof(*app));
	pthread_mutex_init(&app->mu, NULL);
	tui_model_init(&app->m);
	/* as every command opens them (scan_open); a broken config is shown, defaults used */
	config_init(&app->cfg);
	rc = scan_open(&app->repo, &app->cfg, &so, &err);
	if (rc == SCAN_OPEN_NO_REPO) {
		fprintf(stderr, "berth: %s\n", err);
		free(err);
		return -1;
	}
	if (rc == SCAN_OPEN_BAD_CONFIG) {
		char *t = xasprintf("The config is ignored, defaults apply:\n%s", err);
		config_free(&app->cfg);
		config_init(&app->cfg);
		tui_dialog_open(&app->m, TUI_DLG_MESSAGE, t, NULL);
		free(t);
	}
	free(err);
	err = NULL;
	app->path = o->path ? xstrdup(o->path) : NULL;
	root = repo_root(app->repo);
	app->repo_name = xstrdup(str_basename(root)[0] ? str_basename(root) : root);
	br = repo_branch(app->repo);
	app->branch = br ? xstrdup(br) : NULL;
	if (o->since) {
		/* a bad REF stops here, before the screen; each scan diffs again (the tree changes) */
		struct since sn;
		if (since_load(&sn, app->repo, o->since, &err) < 0) {
			fprintf(stderr, "berth: %s\n", err ? err : "--since failed");
			free(err);
			return -1;
		}
		since_free(&sn);
		app->since = xstrdup(o->since);
	}
	app->nthemes = tui_theme_names(app->themes, TUI_THEME_MAX);
	return 0;
}

/*
 * Ask the terminal for its background (OSC 11), followed by a device
 * attributes query every terminal answers (DA1): its answer ends the wait
 * early, so a terminal that ignores OSC 11 costs no timeout and leaves no
 * late answer for curses to read as keys.
 */
static enum tui_bg query_background(void)
{
	struct termios old, raw;
	char buf[TUI_OSC11_MAX];
	size_t n = 0;
	enum tui_bg bg = TUI_BG_UNKNOWN;
	if (tcgetattr(STDIN_FILENO, &old) < 0)
		return bg;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) < 0)
		return bg;
	static const char q[] = "\033]11;?\033\\\033[c";
	if (write(STDOUT_FILENO, q, sizeof(q) - 1) == (ssize_t)(sizeof(q) - 1)) {
		struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
		while (n < sizeof(buf) - 1 && poll(&p, 1, TUI_OSC11_MS) > 0) {
			ssize_t r = read(STDIN_FILENO, buf + n, sizeof(buf) - 1 - n);
			if (r <= 0)
				break;
			n += (size_t)r;
			buf[n] = '\0';
			/* the DA1 answer (ESC [ ? ... c) comes last */
			if (strstr(buf, "\033[?") && buf[n - 1] == 'c')
				break;
		}
		bg = tui_bg_osc11(buf, n);
	}
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	return bg;
}

/* --theme NAME, else mono without colours, else the one chosen last with t, else by the background. */
static int pick_theme(struct tui_app *app, const char *name, char **errp)
{
	char *err = NULL, *saved = name || app->no_color ? NULL : tui_theme_saved();
	enum tui_bg bg = tui_bg_colorfgbg(getenv("COLORFGBG"));
	const char *want;
	size_t i;
	if (saved && tui_theme_load(&app->theme, saved, &err) < 0) {
		free(err);      /* a saved theme since removed: as if none was saved */
		err = NULL;
		free(saved);
		saved = NULL;
	}
	if (!name && !app->no_color && !saved && bg == TUI_BG_UNKNOWN && !app->headless)
		bg = app->bg_query;
	want = tui_theme_choose(name, app->no_color, saved, bg);
	snprintf(app->theme_start, sizeof(app->theme_start), "%s", want);
	free(saved);
	want = app->theme_start;
	for (i = 0; i < app->nthemes; i++)
		if (strcmp(app->themes[i], want) == 0)
			break;
	if (i == app->nthemes && app->nthemes < TUI_THEME_MAX)
		snprintf(app->themes[app->nthemes++], TUI_THEME_NAME_MAX, "%s", want);
	if (tui_theme_load(&app->theme, want, &err) < 0) {
		*errp = err;    /* printed once the screen is gone, or endwin would erase it */
		return -1;
	}
	app->theme_idx = i;
	return 0;
}

static SCREEN *screen_open(struct tui_app *app, FILE **out, FILE **in)
{
	SCREEN *s;
	if (app->headless) {
		*out = fopen("/dev/null", "w");
		*in = fopen("/dev/null", "r");
		if (!*out || !*in)
			return NULL;
		s = newterm(NULL, *out, *in);
		if (!s)
			s = newterm("xterm-256color", *out, *in);
		return s;
	}
	*out = *in = NULL;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "berth: the TUI needs a terminal (berth check works without one)\n");
		return NULL;
	}
	{
		/* a terminal that cannot move the cursor cannot show panes: say what works instead */
		const char *term = getenv("TERM");
		if (!term || !*term || strcmp(term, "dumb") == 0) {
			fprintf(stderr, "berth: TERM=%s cannot show the TUI; `berth check%s%s` prints the same audit, "
				"`berth fix` applies fixes\n", term && *term ? term : "(unset)", app->path ? " " : "",
				app->path ? app->path : "");
			return NULL;
		}
	}
	catch_sigint();
	/* the background decides the theme only when nothing else does (pick_theme) */
	if (!app->theme_cli && !env_on("NO_COLOR") && tui_bg_colorfgbg(getenv("COLORFGBG")) == TUI_BG_UNKNOWN) {
		char *saved = tui_theme_saved();
		if (!saved)
			app->bg_query = query_background();
		free(saved);
	}
	s = newterm(NULL, stdout, stdin);
	if (!s)
		fprintf(stderr, "berth: cannot start the terminal \"%s\" (berth check works without one)\n",
			getenv("TERM"));
	return s;
}

static void screen_setup(struct tui_app *app)
{
	const char *term = getenv("TERM");
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	app->no_color = env_on("NO_COLOR") || (term && strcmp(term, "dumb") == 0) || !has_colors();
	app->color_ok = !app->no_color;
	if (app->color_ok) {
		start_color();
		use_default_colors();
	}
	if (app->headless) {
		const char *c = getenv("BERTH_COLUMNS"), *l = getenv("BERTH_LINES");
		int cols = c && atoi(c) > 0 ? atoi(c) : TUI_SCRIPT_COLS;
		int lines = l && atoi(l) > 0 ? atoi(l) : TUI_SCRIPT_LINES;
		resizeterm(lines, cols);
	}
	app->lines = LINES;
	app->cols = COLS;
}

/* curses' key codes to the key table's. */
static int translate(int rc, wint_t ch)
{
	static const struct { int curses, key; } fn[] = {
		{ KEY_UP, TUI_K_UP }, { KEY_DOWN, TUI_K_DOWN }, { KEY_LEFT, TUI_K_LEFT },
		{ KEY_RIGHT, TUI_K_RIGHT }, { KEY_HOME, TUI_K_HOME }, { KEY_END, TUI_K_END },
		{ KEY_PPAGE, TUI_K_PGUP }, { KEY_NPAGE, TUI_K_PGDN }, { KEY_BTAB, TUI_K_BTAB },
		{ KEY_BACKSPACE, TUI_K_BACKSPACE }, { KEY_DC, TUI_K_DELETE }, { KEY_ENTER, TUI_K_ENTER },
		{ KEY_RESIZE, TUI_K_RESIZE }, { KEY_MOUSE, TUI_K_MOUSE },
	};
	if (rc != KEY_CODE_YES)
		return (int)ch;
	for (size_t i = 0; i < ARRAY_SIZE(fn); i++)
		if ((int)ch == fn[i].curses)
			return fn[i].key;
	if ((int)ch >= KEY_F(1) && (int)ch <= KEY_F(12))
		return TUI_K_F1 + (int)ch - KEY_F(1);
	return 0;
}

static void mouse(struct tui_app *app)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		tui_app_click(app, ev.y, ev.x, 4);
	else if (ev.bstate & BUTTON5_PRESSED)
		tui_app_click(app, ev.y, ev.x, 5);
	else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		tui_app_click(app, ev.y, ev.x, 1);
}

/* The one input loop: keys, resize and mouse all arrive here. */
static void loop(struct tui_app *app)
{
	while (!app->quit) {
		wint_t ch;
		int rc, key;
		tui_app_draw(app);
		timeout(app->scanning ? TUI_POLL_MS : -1);
		rc = get_wch(&ch);
		tui_app_poll(app);
		if (interrupted) {
			interrupted = 0;
			tui_app_interrupt(app);
			continue;
		}
		if (rc == ERR)
			continue;
		key = translate(rc, ch);
		if (key == TUI_K_MOUSE)
			mouse(app);
		else if (key)
			tui_app_key(app, key);
	}
}

static void app_close(struct tui_app *app)
{
	if (app->thread_live)
		pthread_join(app->thread, NULL);
	app->thread_live = 0;
	if (app->pending) {
		scan_free(app->pending);
		free(app->pending);
	}
	tui_model_free(&app->m);
	if (app->scan) {
		scan_free(app->scan);
		free(app->scan);
	}
	tui_act_free(app);
	config_free(&app->cfg);
	if (app->repo)
		repo_free(app->repo);
	free(app->path);
	free(app->since);
	free(app->repo_name);
	free(app->branch);
	free(app->msg);
	free(app->scan_err);
	pthread_mutex_destroy(&app->mu);
}

int tui_main(int argc, char **argv)
{
	struct opts o;
	struct tui_app app;
	const char *script = getenv("BERTH_SCRIPT");
	FILE *out = NULL, *in = NULL, *sfp = NULL;
	char *theme_err = NULL;
	SCREEN *scr;
	int rc = 0;

	setlocale(LC_ALL, "");
	if (parse_args(argc, argv, &o) != 0)
		return 2;
	if (script && *script && !(sfp = fopen(script, "r"))) {
		fprintf(stderr, "berth: BERTH_SCRIPT: cannot read %s\n", script);
		return 2;
	}
	if (app_open(&app, &o) < 0) {
		app_close(&app);
		if (sfp)
			fclose(sfp);
		return 2;
	}
	app.headless = sfp != NULL;
	app.theme_cli = o.theme != NULL;
	app.bg_query = TUI_BG_UNKNOWN;
	app.ascii = o.ascii || strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	scr = screen_open(&app, &out, &in);
	if (!scr) {
		rc = 2;
		goto done;
	}
	set_term(scr);
	screen_setup(&app);
	draw_init(app.ascii);
	if (pick_theme(&app, o.theme, &theme_err) < 0) {
		rc = 2;
	} else {
		draw_theme(&app.theme, app.color_ok);
		tui_app_rescan(&app);
		if (sfp)
			rc = tui_script_run(&app, sfp, script) < 0 ? 2 : 0;
		else
			loop(&app);
	}
	endwin();
	delscreen(scr);
	if (theme_err) {
		fprintf(stderr, "berth: %s\n", theme_err);
		free(theme_err);
	}
done:
	app_close(&app);
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	if (sfp)
		fclose(sfp);
	return rc;
}
