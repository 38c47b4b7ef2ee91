/*
 * df_arena - a bump allocator for data that lives and dies together: the
 * strings and arrays of one parsed Dockerfile (dockerfile.c), of one parsed
 * shell script (shell.c), of one analysis (dfa.c). An allocation is a
 * pointer bump; releasing the arena frees a handful of blocks instead of
 * every word.
 *
 * Nothing is freed alone: df_arena_free() releases everything at once. The
 * most recent allocation can grow in place (df_arena_grow), so an array
 * pushed to while nothing else is allocated costs no copy.
 *
 * Under AddressSanitizer every allocation is followed by poisoned bytes and
 * the unused room of a block stays poisoned, so reading past an array is
 * still reported as it was with one malloc per array.
 */
#ifndef BERTH_DF_ARENA_H
#define BERTH_DF_ARENA_H

#include <stddef.h>

struct df_arena_block;

struct df_arena {
	struct df_arena_block *blocks;  /* newest first */
	char *cur, *end;                /* free room in the newest block */
	char *last;                     /* the most recent allocation, NULL when none */
	size_t next;                    /* size of the next block */
};

/* A new arena whose first block holds about `hint` bytes (the struct itself lives in it). */
struct df_arena *df_arena_new(size_t hint);
/* Releases every block (the arena itself included). NULL is fine. */
void df_arena_free(struct df_arena *a);

/* n bytes aligned for any type; never NULL (aborts on exhaustion like xmalloc). */
void *df_arena_alloc(struct df_arena *a, size_t n);
/* The same, zero-filled; `count` elements of `size` bytes (overflow-checked). */
void *df_arena_calloc(struct df_arena *a, size_t count, size_t size);
/* s[0..n) and a NUL (n bytes are copied, as xstrndup does). */
char *df_arena_strndup(struct df_arena *a, const char *s, size_t n);
char *df_arena_strdup(struct df_arena *a, const char *s);

/*
 * Grow *ptr (an array of `size`-byte elements, *cap allocated, from this
 * arena or NULL) to hold at least `need`, doubling from 8 like xgrow. The
 * most recent allocation grows in place when the block has room; otherwise
 * the elements are copied into a new array.
 */
void df_arena_grow(struct df_arena *a, void **ptr, size_t *cap, size_t need, size_t size);
#define AGROW(ar, ptr, cap, need) df_arena_grow((ar), (void **)&(ptr), &(cap), (need), sizeof(*(ptr)))
#define APUSH(ar, ptr, n, cap, val) do { \
	if ((n) + 1 > (cap)) \
		AGROW(ar, ptr, cap, (n) + 1); \
	(ptr)[(n)++] = (val); \
} while (0)

#endif
