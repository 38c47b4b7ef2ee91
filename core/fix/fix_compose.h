/*
 * fix_compose - helpers of the Compose fixes (fix_compose_util.c): the
 * services of a file with their block extent, and insertions that copy the
 * file's indentation and list style. Not a public API.
 */
#ifndef BERTH_FIX_COMPOSE_H
#define BERTH_FIX_COMPOSE_H

#include "fix_priv.h"
#include "yamldoc.h"

struct csvc {
	const char *name;
	const struct ydoc_node *key, *map;
	char *indent;           /* the indentation of its keys */
	size_t end;             /* where new keys go: after its last content line */
	int eof_no_nl;          /* `end` is the end of a file without a final newline */
};

struct cfile {
	struct ydoc y;
	const struct fix_ctx *c;
	const char *data;
	size_t len;
	struct csvc *svcs;
	size_t nsvcs;
	int flow_lists;         /* the file writes lists as [a, b] */
	int dash;               /* block lists: the dash's column past its key's */
	int unit;               /* nested mappings: indentation step */
	int borrowed;           /* a copy of the context's shared parse: cfile_free leaves it */
};

/*
 * 0 and the services of a well-formed one-document file; -1 otherwise (still
 * call cfile_free). With c->parsed the file is loaded once and each call
 * gets a borrowed copy of it.
 */
int cfile_load(struct cfile *f, const struct fix_ctx *c);
void cfile_free(struct cfile *f);

/* Why a service runs once (check_compose_kind.h, the checks' own test), or NULL. */
const char *fix_compose_one_shot(const struct cfile *f, const struct csvc *s);

/*
 * A volume entry, short form (`SRC:TARGET[:MODE]`) or long form (`source:`,
 * `target:`, `read_only:`): its source and target (malloc'd), 0 when it has
 * both; *ro when mounted read only.
 */
int cfile_volume_parts(const struct ydoc_node *e, char **src, char **tgt, int *ro);
/* Its container path alone (a long form without source too), malloc'd, or NULL; *ro as above. */
char *cfile_volume_target(const struct ydoc_node *e, int *ro);

/* The image name of a service without registry, tag and digest ("postgres"), or "" (malloc'd). */
char *cfile_image(const struct csvc *s);

/*
 * Append `text` (lines, each ending in the file's newline, indented relative
 * to the service's keys with `lead` spaces per level already applied by the
 * caller) at the end of the service.
 */
void cfile_add_lines(struct fix *fx, const struct cfile *f, const struct csvc *s, const char *text);
/*
 * cfile_add_lines, but when the service merges a top-level anchored mapping
 * (`<<: *name`) that every service merging it would get the same lines
 * from (each lacks `key` and passes `ok`, NULL: all do), the lines go once
 * into that mapping, re-indented.
 */
void cfile_add_shared(struct fix *fx, const struct cfile *f, const struct csvc *s, const char *key,
		      const char *text, int (*ok)(const struct cfile *, const struct csvc *));
/* The text of the Dockerfile a service builds from the repository (malloc'd), or NULL. */
char *cfile_build_dockerfile(const struct cfile *f, const struct csvc *s);
/*
 * Why no-new-privileges would break a set-id program of the service's image
 * (fix_compose_setid.c): "WHERE installs postfix (…)", "WHERE makes a set-id
 * program (`chmod u+s …`)", its image's name an MTA (malloc'd), or NULL.
 */
char *cfile_setid_why(const struct cfile *f, const struct csvc *s);
/* Bytes of a Dockerfile a service builds (or runs the image of) that berth reads at most. */
#define FIX_BUILD_DF_MAX (1024 * 1024)
/* Where lines go after the block of mapping key `key` (past its deeper-indented lines). */
size_t cfile_key_end(const struct cfile *f, const struct ydoc_node *key, int *eof_no_nl);
/* Insert whole lines at a line start `end` (see cfile_key_end). */
void cfile_insert_at(struct fix *fx, const struct cfile *f, size_t end, int eof_no_nl, const char *text);
/* "key:" + a list of items in the file's style, at the service's indentation (malloc'd lines). */
char *cfile_list(const struct cfile *f, const struct csvc *s, const char *key,
		 const char *const *items, size_t n);
/* Add an item to an existing sequence value (block or flow). 0 ok, -1 when it cannot. */
int cfile_append_item(struct fix *fx, const struct cfile *f, const struct ydoc_node *seq, const char *item);

#endif
