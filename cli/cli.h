/*
 * cli - berth's command line: `check`, `fix`, `rules`, `explain`, `help`,
 * `--help`, `--version` (SPEC.md "Commands"). With no subcommand (or a first
 * argument that is not one: an option such as --theme, or a PATH) it hands
 * over to the TUI through `tui` (core never includes curses).
 *
 * Every command returns the process exit code: 0 ok, 1 findings at or above
 * the fail level (check), 2 usage error, unreadable config, PATH not found.
 * Reports go to stdout; messages, usage errors and progress to stderr.
 */
#ifndef BERTH_CLI_H
#define BERTH_CLI_H

typedef int (*cli_tui_fn)(int argc, char **argv);

/* The process exit code. */
int cli_main(int argc, char **argv, cli_tui_fn tui);
/* `berth fix ...` (argv[0] is "fix"), defined by the fix engine in core/fix_cli.c. */
int cli_fix(int argc, char **argv);
/* `berth check ...` (argv[0] is "check"). */
int cli_check(int argc, char **argv);

/*
 * Option parsing shared by the subcommands: when argv[*i] is `name` (value
 * in the next argument) or `name=VALUE`, set *val, advance *i past what it
 * used and return 1; 0 when it is another argument; -1 when the value is
 * missing.
 */
int cli_opt_value(int argc, char **argv, int *i, const char *name, const char **val);

#endif
