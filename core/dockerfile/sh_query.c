/*
 * sh_query - questions checks ask of a parsed simple command: its name,
 * its arguments, whether it has an option, its subcommand.
 */
#include "shell.h"
#include "util.h"

#include <string.h>

static int listed(const char *s, const char *const *list)
{
	for (; list && *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

const char *sh_cmd_name(const struct sh_cmd *c)
{
	if (!c || c->nassign >= c->nwords)
		return NULL;
	return str_basename(c->words[c->nassign].text);
}

size_t sh_cmd_nargs(const struct sh_cmd *c)
{
	return c && c->nwords > c->nassign ? c->nwords - c->nassign - 1 : 0;
}

const struct sh_word *sh_cmd_arg(const struct sh_cmd *c, size_t i)
{
	if (i >= sh_cmd_nargs(c))
		return NULL;
	return &c->words[c->nassign + 1 + i];
}

/* "-qy" holds short option `o` when it is a group of letters and digits only. */
static int short_group_has(const char *arg, char o)
{
	size_t i;
	if (arg[0] != '-' || arg[1] == '-' || !arg[1])
		return 0;
	for (i = 1; arg[i]; i++)
		if (!((arg[i] >= 'a' && arg[i] <= 'z') || (arg[i] >= 'A' && arg[i] <= 'Z') ||
				(arg[i] >= '0' && arg[i] <= '9')))
			return 0;
	return strchr(arg + 1, o) != NULL;
}

int sh_cmd_has_opt(const struct sh_cmd *c, const char *opt)
{
	size_t i, n = sh_cmd_nargs(c), ol;
	if (!opt || !*opt)
		return 0;
	ol = strlen(opt);
	for (i = 0; i < n; i++) {
		const char *a = sh_cmd_arg(c, i)->text;
		if (strcmp(a, "--") == 0)
			break;
		if (strcmp(a, opt) == 0)
			return 1;
		if (opt[0] == '-' && opt[1] == '-' && strncmp(a, opt, ol) == 0 && a[ol] == '=')
			return 1;
		if (ol == 2 && opt[0] == '-' && opt[1] != '-' && short_group_has(a, opt[1]))
			return 1;
	}
	return 0;
}

const struct sh_word *sh_cmd_subcommand(const struct sh_cmd *c, const char *const *with_value)
{
	size_t i, n = sh_cmd_nargs(c);
	for (i = 0; i < n; i++) {
		const struct sh_word *w = sh_cmd_arg(c, i);
		if (strcmp(w->text, "--") == 0)
			return sh_cmd_arg(c, i + 1);
		if (w->text[0] != '-' || !w->text[1])
			return w;
		if (listed(w->text, with_value))
			i++;
	}
	return NULL;
}
