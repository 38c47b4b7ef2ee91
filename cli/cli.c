/* cli - subcommand dispatch, help and version, `berth rules` and `berth explain`. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "items.h"
#include "util.h"

/* Close keys suggested for a mistyped `berth explain KEY`. */
#define CLI_MAX_SUGGEST 3

static const char usage_text[] =
	"usage: berth [--theme NAME] [--ascii] [--since REF] [PATH]   the TUI on the git repository holding PATH\n"
	"       berth check [--format FMT] [--fail-on LEVEL] [--config FILE] [--since REF] [PATH...]\n"
	"       berth fix [--dry-run | --write | --commit [-m MSG]] [--only KEY[,KEY...]]\n"
	"                 [--set NAME=VALUE]... [PATH...]\n"
	"       berth rules [--format tty|json]\n"
	"       berth explain KEY\n"
	"       berth --help | --version\n";

static const char help_tail[] =
	"\n"
	"  FMT    tty (default), json, sarif, gnu, codeclimate,\n"
	"         checkstyle, junit, github (workflow commands), markdown\n"
	"  LEVEL  error, warning (default), info, never\n"
	"  REF    a git revision: only findings on lines changed since the merge base\n"
	"         of HEAD and REF are reported (and decide the exit code)\n"
	"\n"
	"check exits 0 when no unsuppressed finding is at or above LEVEL, 1 when one is,\n"
	"2 on a usage error, an unreadable config or a PATH that does not exist.\n"
	"Config: .berth.yaml at the repository root, or --config FILE; a .hadolint.yaml\n"
	"at the root is honoured too, or the one --hadolint-config FILE names.\n"
	"`berth rules` lists the checklist; `berth explain KEY` tells why an item matters.\n";

static int usage_error(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "berth%s%s: %s%s%s\n", cmd ? " " : "", cmd ? cmd : "", msg,
		arg ? " " : "", arg ? arg : "");
	fputs(usage_text, stderr);
	return 2;
}

int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);
	if (strncmp(arg, name, n) != 0)
		return 0;
	if (arg[n] == '=') {
		*val = arg + n + 1;
		return 1;
	}
	if (arg[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*val = argv[++*i];
	return 1;
}

static int cmd_rules(int argc, char **argv)
{
	int json = 0;
	for (int i = 1; i < argc; i++) {
		const char *val;
		int r = cli_opt_value(argc, argv, &i, "--format", &val);
		if (r < 0)
			return usage_error("rules", "--format needs a value:", "tty or json");
		if (r > 0 && (strcmp(val, "tty") == 0 || strcmp(val, "json") == 0)) {
			json = val[0] == 'j';
			continue;
		}
		if (r > 0)
			return usage_error("rules", "unknown format (tty or json):", val);
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs("usage: berth rules [--format tty|json]\n", stdout);
			return 0;
		}
		return usage_error("rules", "unexpected argument", argv[i]);
	}
	rules_write(stdout, json);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
}


static int close_to(const char *key, const char *typed)
{
	const char *dot = strchr(key, '.');
	size_t limit = strlen(typed) / 3 + 1;
	if (strlen(typed) >= 3 && strstr(key, typed))
		return 1;
	return str_distance(key, typed) <= limit || (dot && str_distance(dot + 1, typed) <= limit);
}

static void suggest(const char *typed)
{
	int shown = 0;
	for (int i = 0; i < ITEM_COUNT && shown < CLI_MAX_SUGGEST; i++) {
		if (!close_to(item_defs[i].key, typed))
			continue;
		fprintf(stderr, "%s %s", shown ? "," : "did you mean:", item_defs[i].key);
		shown++;
	}
	if (shown)
		fputs("?\n", stderr);
	fputs("`berth rules` lists every key.\n", stderr);
}

/* `berth explain DL3009`: the item that covers a hadolint rule (items.h: each id in one row). */
static int explain_hadolint(const char *id)
{
	int item = item_of_hadolint(id);
	if (item < 0)
		return 0;
	explain_write(stdout, item_defs[item].key);
	return 1;
}

static int cmd_explain(int argc, char **argv)
{
	const char *key = NULL;
	int opts_done = 0;
	for (int i = 1; i < argc; i++) {
		if (!opts_done && strcmp(argv[i], "--") == 0) {
			opts_done = 1;
		} else if (!opts_done && (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)) {
			fputs("usage: berth explain KEY   (`berth rules` lists the keys)\n", stdout);
			return 0;
		} else if (!opts_done && argv[i][0] == '-' && argv[i][1]) {
			return usage_error("explain", "unknown option", argv[i]);
		} else if (key) {
			return usage_error("explain", "takes one KEY, got another:", argv[i]);
		} else {
			key = argv[i];
		}
	}
	if (!key)
		return usage_error("explain", "needs a KEY, e.g.", "sec.non-root");
	if (explain_write(stdout, key) == 0)
		return 0;
	if (str_ieqn(key, "DL", 2) && strlen(key) == 6 && explain_hadolint(key))
		return 0;
	fputs("berth explain: unknown key '", stderr);
	{
		struct buf b = BUF_INIT;
		buf_add_safe(&b, key, strlen(key));
		fputs(buf_str(&b), stderr);
		buf_free(&b);
	}
	fputs("'\n", stderr);
	suggest(key);
	return 2;
}

int cli_main(int argc, char **argv, cli_tui_fn tui)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	if (!cmd)
		return tui(argc, argv);
	if (strcmp(cmd, "check") == 0)
		return cli_check(argc - 1, argv + 1);
	if (strcmp(cmd, "fix") == 0)
		return cli_fix(argc - 1, argv + 1);
	if (strcmp(cmd, "rules") == 0)
		return cmd_rules(argc - 1, argv + 1);
	if (strcmp(cmd, "explain") == 0)
		return cmd_explain(argc - 1, argv + 1);
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(usage_text, stdout);
		fputs(help_tail, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("berth %s\n", BERTH_VERSION);
		return 0;
	}
	/* TUI options (--theme, --ascii) and a PATH are the TUI's to judge */
	return tui(argc, argv);
}
