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
#include <stdint.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define DF_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DF_ARENA_ASAN 1
#endif
#endif

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
static inline void *df_arena_alloc(struct df_arena *a, size_t n);
/* The same, zero-filled; `count` elements of `size` bytes (overflow-checked). */
void *df_arena_calloc(struct df_arena *a, size_t count, size_t size);
/* s[0..n) and a NUL (n bytes are copied, as xstrndup does). */
static inline char *df_arena_strndup(struct df_arena *a, const char *s, size_t n);
char *df_arena_strdup(struct df_arena *a, const char *s);

/* What the inline functions fall back to when the newest block has no room (and always under ASan). */
void *df_arena_alloc_slow(struct df_arena *a, size_t n);
char *df_arena_strndup_slow(struct df_arena *a, const char *s, size_t n);

/* n bytes at `align` (a power of two) from the newest block's room, NULL when it has none. */
static inline void *df_arena_take(struct df_arena *a, size_t n, size_t align)
{
#ifdef DF_ARENA_ASAN
	(void)a;
	(void)n;
	(void)align;
	return NULL;            /* every allocation gets its redzone out of line */
#else
	uintptr_t p = ((uintptr_t)a->cur + align - 1) & ~(uintptr_t)(align - 1);
	if (p > (uintptr_t)a->end || n > (uintptr_t)a->end - p)
		return NULL;
	a->cur = (char *)p + n;
	a->last = (char *)p;
	return (void *)p;
#endif
}

static inline void *df_arena_alloc(struct df_arena *a, size_t n)
{
	void *p = df_arena_take(a, n, _Alignof(max_align_t));
	return p ? p : df_arena_alloc_slow(a, n);
}

static inline char *df_arena_strndup(struct df_arena *a, const char *s, size_t n)
{
	char *p = n < SIZE_MAX ? df_arena_take(a, n + 1, 8) : NULL;
	if (!p)
		return df_arena_strndup_slow(a, s, n);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

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
