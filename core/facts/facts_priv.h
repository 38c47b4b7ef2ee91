/*
 * facts_int - what facts.c (the db, lookups) and facts_parse.c (YAML to
 * entries) share. Internal to core/facts/.
 *
 * Every string and array of a db lives in its arena: entries are corrected
 * by pointing at new data, never by freeing the old (a db is small and
 * corrections are few).
 */
#ifndef BERTH_FACTS_PRIV_H
#define BERTH_FACTS_PRIV_H

#include <stddef.h>

#include "facts.h"

struct facts_chunk;

struct facts_arena {
	struct facts_chunk *head;
};

void *facts_arena_alloc(struct facts_arena *a, size_t n);      /* zeroed; NULL on failure */
char *facts_arena_strdup(struct facts_arena *a, const char *s);
void facts_arena_free(struct facts_arena *a);
/* Move every chunk of from into to (from ends empty). */
void facts_arena_take(struct facts_arena *to, struct facts_arena *from);

/* One `tags:` override: the fields it sets (f.known) for tags matching a glob of match. */
struct facts_override {
	struct facts_list match;
	struct image_facts f;
};

struct facts_entry {
	const char *name;       /* normalised (registry docker.io and library/ dropped) */
	struct facts_list aliases;      /* normalised too */
	int glob;               /* name has glob characters */
	struct image_facts f;   /* f.known: fields given (USER always: absent = root) */
	struct facts_override *tags;
	size_t ntags;
	/*
	 * `versions:` the facts hold for (the first version of each release line
	 * read, "10.4.30"); n 0: every tag. facts_version_in() decides.
	 */
	struct facts_list versions;
	int has_tags, has_aliases, has_source, has_versions;    /* given in the text (for corrections) */
};

/* Parse yaml into *entries (allocated in arena). 0 ok; -1 with *err. */
int facts_parse(const char *yaml, size_t len, const char *origin, struct facts_arena *arena,
		struct facts_entry **entries, size_t *n, char **err);

/* 1 when the tag is in the range `versions` describes (images.yaml's header), else 0. */
int facts_version_in(const struct facts_list *versions, const char *tag);
/* 1 when s is a version as `versions:` lists them: two to four dot-separated numbers. */
int facts_version_ok(const char *s);

/* The normalised name of an image name as written (no tag, no digest), in arena. */
char *facts_norm_name(struct facts_arena *arena, const char *name, size_t n);

/* Copy field fld of src into dst (pointers shared). */
void facts_copy_field(struct image_facts *dst, const struct image_facts *src, enum facts_field fld);
/* Forget field fld of f (it becomes unknown). */
void facts_clear_field(struct image_facts *f, enum facts_field fld);

#endif
