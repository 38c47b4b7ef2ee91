/*
 * value - what the TUI knows about the values some fixes need (issue 17):
 * the rule a value must follow, an example built from what is written now,
 * and a check of a typed value against the rule before the fix engine
 * tries it. No curses and no scan here (tests/test_tui_value.c).
 *
 * The rules are CHECKLIST.md's (Terms "pinned tag", and "Values"): a pin is
 * a digest or a tag whose version has at least three parts or that holds an
 * 8-digit date stamp, keeping the major version and the variant words of
 * the tag it replaces (a slim or alpine variant may be added: that is what
 * sec.minimal-base asks for); limits.cpus is a positive number, limits.memory
 * a size. berth has no registry access: an example never claims a tag
 * exists, its unknown parts are written <patch>, <minor>, <x.y.z>.
 */
#ifndef BERTH_TUI_VALUE_H
#define BERTH_TUI_VALUE_H

/* What a value is for: `name` as the engine names it, `current` the tag written now (NULL: none). */
struct tui_value_ctx {
	const char *name;       /* "pin.python", "limits.cpus", "healthcheck.web" */
	const char *current;    /* pins: the tag the image has now ("3.11", "bookworm"); else NULL */
	int minimal;            /* the value must also be a minimal variant (sec.minimal-base) */
	int shared;             /* pins: sec.minimal-base fails too and takes the same value */
};

/* Is `value` acceptable: 0, or -1 with the reason (malloc'd) in *why. */
int tui_value_check(const struct tui_value_ctx *c, const char *value, char **why);
/* The rule in one or two sentences (malloc'd). */
char *tui_value_rule(const struct tui_value_ctx *c);
/* An example built from the current tag ("3.11.<patch>-slim"), or NULL when there is none to give (malloc'd). */
char *tui_value_example(const struct tui_value_ctx *c);
/* 1 when `name` is a pin ("pin.<image>"). */
int tui_value_is_pin(const char *name);

#endif
