/*
 * config_yaml - the small layer under berth's two config readers,
 * `.berth.yaml` (config_load.c) and `.hadolint.yaml` (hadolint_config.c),
 * on top of yamldoc (byte marks, aliases, merge keys, duplicate keys,
 * limits). Internal to those two readers.
 *
 * config_yaml_open() reads a file of at most CONFIG_MAX_FILE bytes and loads
 * its single document. Every error it or its helpers return is one malloc'd
 * line "FILE:LINE:COL: message" (1-based; the column counts bytes, as
 * berth's findings do). Any YAML error, a duplicate key anywhere included,
 * refuses the whole file: a config is read whole or not at all.
 *
 * Ownership: a struct config_yaml owns the loaded tree; nodes and strings
 * returned by the helpers are borrowed from it until config_yaml_close().
 */
#ifndef BERTH_CONFIG_YAML_H
#define BERTH_CONFIG_YAML_H

#include <stddef.h>

#include "yamldoc.h"

/* 1 MiB: a config is a few dozen lines; anything near this is not a config. */
#define CONFIG_MAX_FILE (1u << 20)

struct config_yaml {
	const char *path;       /* borrowed from the caller, used in messages */
	struct ydoc doc;
	char *text;             /* the file's bytes (NUL-terminated), for readers of a whole section (images:) */
	size_t len;
};

/* 0 ok (the root may still be NULL: an empty file); -1 with *err. */
int config_yaml_open(struct config_yaml *y, const char *path, char **err);
void config_yaml_close(struct config_yaml *y);

/* A message from another reader (facts' "FILE:LINE:COL: ..."), made safe for a terminal (malloc'd). */
char *config_yaml_safe(const char *raw);

/* The root node, or NULL for an empty document (also for a lone `~`/`null`). */
const struct ydoc_node *config_yaml_root(const struct config_yaml *y);

/* "FILE:LINE:COL: message" at the start of node n (malloc'd). */
char *config_yaml_err(const struct config_yaml *y, const struct ydoc_node *n,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * The node's text when it is a non-empty scalar without NUL bytes;
 * otherwise NULL with *err: "<what>, found <kind>".
 */
const char *config_yaml_scalar(const struct config_yaml *y, const struct ydoc_node *n,
			       const char *what, char **err);
/* n is a mapping, or null (an empty one). 0 ok; -1 with *err naming `what`. */
int config_yaml_mapping(const struct config_yaml *y, const struct ydoc_node *n,
			const char *what, char **err);
/* n is a list, or null (an empty one). 0 ok; -1 with *err. */
int config_yaml_sequence(const struct config_yaml *y, const struct ydoc_node *n,
			 const char *what, char **err);

#endif
