/*
 * cli - berth's command line: `check`, `fix`, `rules`, `explain`, `--help`,
 * `--version` (SPEC.md "Commands"). With no subcommand it hands over to the
 * TUI through `tui` (core never includes curses).
 */
#ifndef BERTH_CLI_H
#define BERTH_CLI_H

typedef int (*cli_tui_fn)(int argc, char **argv);

/* The process exit code. */
int cli_main(int argc, char **argv, cli_tui_fn tui);
/* `berth fix ...` (argv[0] is "fix"), defined by the fix engine in core/fix_cli.c. */
int cli_fix(int argc, char **argv);

#endif
