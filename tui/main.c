/* berth's entry point: the command line decides; the TUI runs when no subcommand is given. */
#include "cli.h"
#include "tui.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv, tui_main);
}
