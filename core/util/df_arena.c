/* df_arena - a bump allocator (see df_arena.h). */
#include "df_arena.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef DF_ARENA_ASAN
#include <sanitizer/asan_interface.h>
/* Poisoned bytes kept after every allocation, so that an overflow lands in them. */
#define DF_ARENA_REDZONE 16
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define DF_ARENA_REDZONE 0
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* Alignment of df_arena_alloc (any type) and of strings (8 keeps ASan's granules apart). */
#define DF_ARENA_ALIGN _Alignof(max_align_t)
#define DF_ARENA_STR_ALIGN 8
/*
 * Block sizes: a first block of the standard size when the caller's hint
 * fits it, else the hint up to the maximum; then doubling up to the maximum.
 */
#define DF_ARENA_STD_BLOCK ((size_t)16384)
#define DF_ARENA_MAX_BLOCK ((size_t)1 << 20)
/*
 * Standard blocks kept per thread for the next arena: most arenas fit one,
 * and glibc serves a block that size slowly (a request past 1 KiB first
 * consolidates every small chunk freed since the last one).
 */
#define DF_ARENA_CACHE 4

struct df_arena_block {
	struct df_arena_block *next;
	size_t size;            /* bytes of data after the header */
};

/* The header rounded up so that the data is aligned for any type. */
#define DF_ARENA_HDR ((sizeof(struct df_arena_block) + DF_ARENA_ALIGN - 1) / DF_ARENA_ALIGN * DF_ARENA_ALIGN)

static void oom(void)
{
	fputs("berth: out of memory\n", stderr);
	abort();
}

static char *block_data(struct df_arena_block *b)
{
	return (char *)b + DF_ARENA_HDR;
}

static struct df_arena_block *block_new(size_t size)
{
	struct df_arena_block *b;
	if (size > SIZE_MAX - DF_ARENA_HDR)
		oom();
	b = malloc(DF_ARENA_HDR + size);
	if (!b)
		oom();
	b->next = NULL;
	b->size = size;
	POISON(block_data(b), size);
	return b;
}

#ifndef DF_ARENA_ASAN
/* The thread's spare standard blocks; the key's destructor frees them when the thread ends. */
static _Thread_local struct df_arena_block *spare[DF_ARENA_CACHE];
static _Thread_local int nspare, spare_keyed;
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_release(void *unused)
{
	(void)unused;
	while (nspare > 0)
		free(spare[--nspare]);
}

static void spare_init(void)
{
	if (pthread_key_create(&spare_key, spare_release) != 0)
		spare_key = (pthread_key_t)-1;
}

static struct df_arena_block *std_block(void)
{
	struct df_arena_block *b;
	if (nspare == 0)
		return block_new(DF_ARENA_STD_BLOCK);
	b = spare[--nspare];
	b->next = NULL;
	return b;
}

/* Keeps a standard block for the next arena of this thread; 0 when it must be freed. */
static int keep_block(struct df_arena_block *b)
{
	if (b->size != DF_ARENA_STD_BLOCK || nspare == DF_ARENA_CACHE)
		return 0;
	if (!spare_keyed) {
		pthread_once(&spare_once, spare_init);
		if (spare_key == (pthread_key_t)-1 || pthread_setspecific(spare_key, &nspare) != 0)
			return 0;
		spare_keyed = 1;
	}
	spare[nspare++] = b;
	return 1;
}
#else
/* Under AddressSanitizer every block is a malloc of its own, so that a use after free is caught. */
static struct df_arena_block *std_block(void)
{
	return block_new(DF_ARENA_STD_BLOCK);
}

static int keep_block(struct df_arena_block *b)
{
	(void)b;
	return 0;
}
#endif

static size_t align_up(size_t v, size_t align)
{
	return (v + align - 1) & ~(align - 1);
}

struct df_arena *df_arena_new(size_t hint)
{
	size_t self = align_up(sizeof(struct df_arena), DF_ARENA_ALIGN);
	struct df_arena_block *b;
	struct df_arena *a;
	if (hint <= DF_ARENA_STD_BLOCK - self)
		b = std_block();
	else
		b = block_new(self + (hint < DF_ARENA_MAX_BLOCK ? hint : DF_ARENA_MAX_BLOCK));
	a = (struct df_arena *)block_data(b);
	UNPOISON(a, sizeof(*a));
	a->blocks = b;
	a->cur = block_data(b) + self;
	a->end = block_data(b) + b->size;
	a->last = NULL;
	a->next = b->size * 2 < DF_ARENA_MAX_BLOCK ? b->size * 2 : DF_ARENA_MAX_BLOCK;
	return a;
}

void df_arena_free(struct df_arena *a)
{
	struct df_arena_block *b;
	if (!a)
		return;
	/* `a` lives in one of the blocks: nothing is read from it once they are being freed */
	b = a->blocks;
	while (b) {
		struct df_arena_block *next = b->next;
		UNPOISON(block_data(b), b->size);
		if (!keep_block(b))
			free(b);
		b = next;
	}
}

/* Room for n bytes at `align` in the newest block, or a new block. */
static void *alloc_aligned(struct df_arena *a, size_t n, size_t align)
{
	size_t room = (size_t)(a->end - a->cur), pad = align_up((size_t)(uintptr_t)a->cur, align) - (size_t)(uintptr_t)a->cur;
	char *p;
	if (n > SIZE_MAX - DF_ARENA_REDZONE - DF_ARENA_ALIGN)
		oom();
	if (pad + n + DF_ARENA_REDZONE > room) {
		struct df_arena_block *b;
		size_t want = n + DF_ARENA_REDZONE;
		if (want > a->next / 4) {
			/* a big one gets a block of its own, behind the newest, whose room stays in use */
			b = block_new(want);
			b->next = a->blocks->next;
			a->blocks->next = b;
			p = block_data(b);
			UNPOISON(p, n);
			a->last = NULL;         /* not in the newest block: it cannot grow in place */
			return p;
		}
		b = block_new(a->next);
		b->next = a->blocks;
		a->blocks = b;
		a->cur = block_data(b);
		a->end = a->cur + b->size;
		if (a->next < DF_ARENA_MAX_BLOCK)
			a->next *= 2;
		pad = 0;
	}
	p = a->cur + pad;
	a->cur = p + n + DF_ARENA_REDZONE;
	a->last = p;
	UNPOISON(p, n);
	return p;
}

void *df_arena_alloc_slow(struct df_arena *a, size_t n)
{
	return alloc_aligned(a, n, DF_ARENA_ALIGN);
}

void *df_arena_calloc(struct df_arena *a, size_t count, size_t size)
{
	void *p;
	if (size && count > SIZE_MAX / size)
		oom();
	p = alloc_aligned(a, count * size, DF_ARENA_ALIGN);
	memset(p, 0, count * size);
	return p;
}

char *df_arena_strndup_slow(struct df_arena *a, const char *s, size_t n)
{
	char *p;
	if (n == SIZE_MAX)
		oom();
	p = alloc_aligned(a, n + 1, DF_ARENA_STR_ALIGN);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *df_arena_strdup(struct df_arena *a, const char *s)
{
	return df_arena_strndup(a, s, strlen(s));
}

void df_arena_grow(struct df_arena *a, void **ptr, size_t *cap, size_t need, size_t size)
{
	size_t n;
	char *p;
	if (need <= *cap)
		return;
	n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			oom();
		n *= 2;
	}
	p = *ptr;
	if (p && p == a->last && (size_t)(a->end - p) >= n * size + DF_ARENA_REDZONE) {
		/* the newest allocation: it simply takes more of the block */
		a->cur = p + n * size + DF_ARENA_REDZONE;
		UNPOISON(p, n * size);
		*cap = n;
		return;
	}
	p = alloc_aligned(a, n * size, DF_ARENA_ALIGN);
	if (*ptr && *cap)
		memcpy(p, *ptr, *cap * size);
	*ptr = p;
	*cap = n;
}
