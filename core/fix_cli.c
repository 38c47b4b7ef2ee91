/* PLACEHOLDER: `berth fix` is being written (issue 4). */
#include <stdio.h>
#include "cli.h"
int cli_fix(int argc, char **argv) { (void)argc; (void)argv; fputs("berth fix: not available in this build yet\n", stderr); return 2; }
