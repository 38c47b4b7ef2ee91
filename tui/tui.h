/*
 * tui - the interactive auditor (SPEC.md "TUI keys"). tui_main() takes the
 * command line after `berth` ([--theme NAME] [--ascii] [PATH]) and returns
 * the process exit code.
 */
#ifndef BERTH_TUI_H
#define BERTH_TUI_H

int tui_main(int argc, char **argv);

#endif
