/* Fuzz the shell-word splitter and its queries. */
#include <stddef.h>
#include <stdint.h>

#include "shell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_script s;
	static const char *const with_value[] = { "-o", "-t", NULL };
	sh_parse(&s, (const char *)data, size);
	for (size_t i = 0; i < s.ncmds; i++) {
		const struct sh_cmd *c = &s.cmds[i];
		(void)sh_cmd_name(c);
		(void)sh_cmd_has_opt(c, "-y");
		(void)sh_cmd_has_opt(c, "--no-cache-dir");
		(void)sh_cmd_subcommand(c, with_value);
		for (size_t j = 0; j < sh_cmd_nargs(c); j++)
			(void)sh_cmd_arg(c, j);
	}
	sh_free(&s);
	return 0;
}
