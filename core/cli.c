/* PLACEHOLDER: the command line is being written (issue 2). */
#include "cli.h"
int cli_main(int argc, char **argv, cli_tui_fn tui) { return tui(argc, argv); }
