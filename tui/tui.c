/* PLACEHOLDER: the TUI is being written (issue 6). */
#include "tui.h"
#include <stdio.h>
int tui_main(int argc, char **argv) { (void)argc; (void)argv; fputs("berth: the TUI is not built yet\n", stderr); return 2; }
