/*
 * project_priv - helpers shared by the project readers (project_*.c, role*.c).
 */
#ifndef BERTH_PROJECT_PRIV_H
#define BERTH_PROJECT_PRIV_H

#include <stddef.h>
#include "project.h"

/* Append a malloc'd string to a list grown one slot at a time (lists here hold a few entries). */
void plist_add(char ***v, size_t *n, char *s);
/* The `docker compose -f` sets of a Markdown file's fenced code blocks (project_ci.c). */
void project_read_doc_commands(struct project *p, const char *path, const char *data, size_t len);
/* Compose overlays named after their base, as Compose sets (project_overlay.c). */
void project_overlay_sets(struct project *p, const struct fsview *fs, char *const *paths, size_t n);
/* CircleCI's and GitLab CI's job images into p->ci_images (project_ci.c). */
void project_read_ci_config(struct project *p, const char *path, const char *data, size_t len);
void plist_free(char **v, size_t n);
int plist_has(char *const *v, size_t n, const char *s);

/* A new reference (its strings owned by the model), NULL past PROJECT_MAX_REFS. */
struct project_ref *project_new_ref(struct project *p, enum project_src src, const char *where);
void project_add_dev(struct project *p, const char *path, const char *where);

/* "FILE:LINE" of byte `off` of data. */
char *project_where(const char *path, const char *data, size_t off);

/* An image reference's name without tag or digest, lower-cased ("ghcr.io/acme/base"); malloc'd. */
char *project_image_name(const char *ref);

/*
 * Variables of a script or Makefile (`NAME=value`, `NAME ?= value`, ...):
 * a small table used to expand $NAME, ${NAME}, $(NAME) in build lines.
 */
struct pvars {
	char **names, **values;
	size_t n;
};
void pvars_set(struct pvars *v, const char *name, size_t nlen, const char *value, size_t vlen);
const char *pvars_get(const struct pvars *v, const char *name, size_t nlen);
/* `s` with the known variables expanded (unknown ones left as written); malloc'd. */
char *pvars_expand(const struct pvars *v, const char *s);
void pvars_free(struct pvars *v);

/*
 * A JSON text with what devcontainer.json allows beyond JSON (// and
 * slash-star comments, trailing commas) removed, strings untouched; malloc'd.
 * The result is read with the YAML loader (JSON is YAML's flow style).
 */
char *project_json_clean(const char *data, size_t len, size_t *outlen);

/*
 * Commands of one file read as script lines (project_ci.c): builds, pushes,
 * tags and `docker compose -f` sets, each run from folder `base`; a push
 * later in the same file marks an earlier build pushed (at close).
 * project_cmds_read: `where` replaces the positions of what it finds.
 */
struct project_cmds;
struct project_cmds *project_cmds_open(struct project *p, const char *path);
void project_cmds_read(struct project_cmds *c, const char *base, const char *text, size_t len, const char *where);
void project_cmds_close(struct project_cmds *c);
void project_csets_free(struct project *p);

/* project_task.c: 1 when `base` is a name go-task looks for (Taskfile.yml, ...). */
int project_taskfile_name(const char *base);
/* Every Taskfile among paths, and those they include, each read from the folder its tasks run in. */
void project_read_taskfiles(struct project *p, const struct fsview *fs, char *const *paths, size_t n);

/* Words of a job, target or script name that say it tests (project_mention.c). */
extern const char *const MENTION_TEST_WORDS[];
/* project_mention.c: the Compose file names in data[from, to) of `path`, relative to `dir`; label may be NULL. */
void project_mentions_in(struct project *p, const char *path, const char *dir, const char *data, size_t from,
			 size_t to, enum mention_kind kind, const char *label);
/* ... of a whole script (kind by its path) or Makefile (kind by each line's target). */
void project_mentions_script(struct project *p, const char *path, const char *data, size_t len, int makefile);
/* Mention m names the Compose file at `path` (project_mention.c). */
int project_mention_names(const struct project_mention *m, const char *path);
/* 1 with *reason (malloc'd) when only tests name the Compose file `path` (beyond revision 4). */
int project_test_by_mentions(const struct project *p, const char *path, char **reason);
void project_mentions_free(struct project *p);

#endif
