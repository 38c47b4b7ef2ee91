/*
 * yamldoc - a YAML node tree built on libyaml's event API, for every YAML
 * file berth reads (Compose files, .berth.yaml, themes).
 *
 * Why not libyaml's own document API: it keeps no byte offsets, leaves
 * aliases and merge keys to the caller, accepts duplicate keys and has no
 * bound on what an alias bomb or deep nesting costs. yamldoc adds all that:
 *
 * - every node keeps its start and end marks (byte offset, 1-based line and
 *   1-based byte column) in the original buffer (a UTF-8 BOM counts in
 *   offsets, as in text.h);
 * - scalars keep their style and tag; mappings keep their key nodes in order;
 * - aliases are resolved by sharing: an alias node IS the anchored node (the
 *   same pointer appears twice in the tree; the tree stays acyclic because
 *   an anchor is only visible once its node is complete);
 * - merge keys (`<<: *a`, `<<: [*a, *b]`) are resolved: the merged entries
 *   are inserted where the `<<` entry stood; local keys win, and an earlier
 *   merge source wins over a later one;
 * - duplicate keys (scalar keys with equal values) are reported with both
 *   positions (non-fatal: loading goes on, lookups see the first one);
 * - the limits below end loading with a fatal error instead of costing
 *   unbounded time, memory or stack.
 *
 * Ownership: struct ydoc owns every node and string; ydoc_free() releases
 * them. Node pointers are borrowed from the ydoc and valid until then. The
 * input buffer is not kept. Nothing here recurses on the input's depth
 * beyond YDOC_MAX_DEPTH (aliases included: a node's height counts what its
 * aliases expand to), so callers may recurse on the tree up to that depth.
 */
#ifndef BERTH_YAMLDOC_H
#define BERTH_YAMLDOC_H

#include <stddef.h>

/* Largest input accepted: berth's YAML files are small, 4 MiB is generous. */
#define YDOC_MAX_SIZE (4u * 1024 * 1024)
/* Deepest nesting of collections (aliases expanded); real files stay under 20. */
#define YDOC_MAX_DEPTH 200
/*
 * Most nodes a document may hold once every alias is expanded: what stops an
 * alias bomb. Counting costs nothing (sizes add up as the tree is built); the
 * bound is for whoever walks the tree. A 4 MiB file has well under 2 million
 * nodes of its own.
 */
#define YDOC_MAX_EXPANDED 1000000
/* Documents read from one stream; more is a fatal error. */
#define YDOC_MAX_DOCUMENTS 64
/* Errors recorded (duplicate keys are not fatal); further ones are counted only. */
#define YDOC_MAX_ERRORS 100

enum ydoc_type { YDOC_SCALAR, YDOC_SEQUENCE, YDOC_MAPPING };
enum ydoc_style { YDOC_PLAIN, YDOC_SINGLE_QUOTED, YDOC_DOUBLE_QUOTED, YDOC_LITERAL, YDOC_FOLDED };

struct ydoc_mark {
	size_t offset;          /* byte offset in the input */
	int line, col;          /* 1-based; col counts bytes */
};

struct ydoc_node;

struct ydoc_pair {
	struct ydoc_node *key, *value;
	int merged;             /* came from a `<<` merge source */
};

struct ydoc_node {
	enum ydoc_type type;
	struct ydoc_mark start, end;    /* [start, end) of the node's text, tag and anchor included */
	char *tag;              /* as libyaml resolved it ("tag:yaml.org,2002:str"), NULL when none */
	char *anchor;           /* "&name" without the '&', NULL when none */
	/* YDOC_SCALAR */
	char *value;            /* NUL-terminated; may hold NULs before len */
	size_t len;
	enum ydoc_style style;
	/* YDOC_SEQUENCE */
	struct ydoc_node **items;
	size_t nitems;
	/* YDOC_MAPPING, in document order (merged entries where the `<<` stood) */
	struct ydoc_pair *pairs;
	size_t npairs;
	/*
	 * YDOC_MAPPING: the mappings its `<<` merges (aliases: the anchored
	 * nodes themselves), counted; merge_from is the one source when there
	 * is exactly one (`<<: *a`, `<<: [*a]`), else NULL. What a value shared
	 * by several mappings is reported at (check_compose_anchor.c).
	 */
	const struct ydoc_node *merge_from;
	size_t nmerges;
	/* bookkeeping for the limits */
	size_t weight;          /* nodes in this subtree with aliases expanded */
	int height;             /* 1 for a scalar */
};

enum ydoc_err_kind {
	YDOC_ERR_SYNTAX,        /* libyaml refused the input (fatal) */
	YDOC_ERR_LIMIT,         /* a YDOC_MAX_* bound was hit (fatal) */
	YDOC_ERR_ALIAS,         /* undefined alias (fatal) */
	YDOC_ERR_MERGE,         /* a `<<` value that is not a mapping or a list of them (fatal) */
	YDOC_ERR_DUPLICATE      /* duplicate key (not fatal) */
};

struct ydoc_error {
	enum ydoc_err_kind kind;
	struct ydoc_mark mark;  /* where */
	struct ydoc_mark other; /* duplicate keys: the first occurrence */
	size_t end;             /* byte offset of the end of the offending node (== mark.offset when unknown) */
	char *message;          /* without position */
};

struct df_arena;

struct ydoc {
	struct ydoc_node **docs;        /* root of each document read (NULL-free) */
	size_t ndocs;
	int fatal;                      /* loading stopped: docs may be incomplete, do not judge them */
	struct ydoc_error *errors;      /* in the order found */
	size_t nerrors;
	size_t nerrors_dropped;         /* beyond YDOC_MAX_ERRORS */
	/* private: every node (sorted by address once loaded), for ydoc_free and ydoc_owns */
	struct ydoc_node **all_;
	struct df_arena *arena_;        /* nodes and their strings (df_arena.h), freed at once */
	size_t nall_, capall_;
	size_t capdocs_, caperrors_;
	int borrowed_;                  /* a lent document's copy (ydoc_lend): ydoc_free leaves it */
};

/*
 * Parse `data` (len bytes, UTF-8). Returns 0 when the stream was read
 * completely without a fatal error (duplicate keys may still be in
 * y->errors), -1 otherwise (y->fatal set, the first fatal error last in
 * y->errors). Never crashes on any input. Always call ydoc_free().
 */
int ydoc_load(struct ydoc *y, const char *data, size_t len);
void ydoc_free(struct ydoc *y);
/*
 * Lend `y` (a document ydoc_load read from `data` with 0) to this thread:
 * until ydoc_lend(NULL, NULL, 0), a ydoc_load of the same bytes returns 0
 * with a borrowed copy of it instead of parsing again, and ydoc_free of the
 * copy leaves it alone. For one text parsed twice in a row (the fix
 * engine's verification: the audit and the generator read the same fixed
 * Compose file). Borrowers only read documents, as every caller does;
 * `y` and `data` must outlive the lending.
 */
void ydoc_lend(const struct ydoc *y, const char *data, size_t len);

/* The first entry of mapping `map` whose key is the scalar `key`; NULL when none or not a mapping. */
const struct ydoc_pair *ydoc_entry(const struct ydoc_node *map, const char *key);
/* Its value node, or NULL. */
const struct ydoc_node *ydoc_get(const struct ydoc_node *map, const char *key);
/* The node's scalar value, NULL when it is not a scalar. */
const char *ydoc_str(const struct ydoc_node *n);
/* A plain scalar `null`, `Null`, `NULL`, `~` or empty (YAML 1.2 core schema); 0 for quoted ones. */
int ydoc_is_null(const struct ydoc_node *n);
/*
 * YAML 1.2 core booleans: a plain `true`/`True`/`TRUE` gives 1, `false`/
 * `False`/`FALSE` 0; anything else (`yes`, `on`, quoted strings) -1.
 */
int ydoc_bool(const struct ydoc_node *n);
/* 1 when node `n` belongs to this tree (a finding's position must come from its own file). */
int ydoc_owns(const struct ydoc *y, const struct ydoc_node *n);
/* "mapping", "sequence" or "scalar" (for messages). */
const char *ydoc_type_name(enum ydoc_type t);
/* "LINE:COL: message" for an error (malloc'd). */
char *ydoc_error_text(const struct ydoc_error *e);

#endif
