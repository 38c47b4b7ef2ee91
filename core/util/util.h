/*
 * util - allocation that cannot fail, growable buffers and small string helpers.
 *
 * Every x* allocator aborts with a message on exhaustion: berth's inputs are
 * bounded (see the limits in README.md), so running out of memory is a bug or
 * a machine in trouble, never a condition to recover from halfway through.
 *
 * Ownership: a `struct buf` owns its bytes; buf_detach() hands them to the
 * caller (free() them) and leaves the buffer empty. buf.ptr is always
 * NUL-terminated once anything was added.
 */
#ifndef BERTH_UTIL_H
#define BERTH_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *ptr (an array of elements of `size` bytes, `*cap` allocated) to hold at least `need`. */
void xgrow(void **ptr, size_t *cap, size_t need, size_t size);
#define GROW(ptr, cap, need) xgrow((void **)&(ptr), &(cap), (need), sizeof(*(ptr)))
/* Append one element: PUSH(arr, n, cap, value). */
#define PUSH(ptr, n, cap, val) do { GROW(ptr, cap, (n) + 1); (ptr)[(n)++] = (val); } while (0)

/*
 * With BERTH_TIMING set, print to stderr the wall time since the previous
 * phase ended, named `name`: for profiling a run, never in normal output.
 */
void timing_phase(const char *name);

struct buf {
	char *ptr;
	size_t len, cap;
};
#define BUF_INIT { NULL, 0, 0 }

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, int c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_clear(struct buf *b);          /* length 0, memory kept */
void buf_free(struct buf *b);
char *buf_detach(struct buf *b);        /* never NULL */
/* The text as a C string ("" when empty). */
const char *buf_str(const struct buf *b);

int str_ieq(const char *a, const char *b);
int str_ieqn(const char *a, const char *b, size_t n);
int str_starts(const char *s, const char *prefix);
/* str_starts for text that is not NUL-terminated: `len` bytes are readable at s. */
int mem_starts(const char *s, size_t len, const char *prefix);
int str_ends(const char *s, const char *suffix);
/* Pointer to the last path component (after the last '/'). */
const char *str_basename(const char *path);
/* Newly allocated folder part of a '/' path, "" when it has none. */
char *str_dirname(const char *path);
/*
 * Join and normalise a relative path below a root: "a/b" + "../c" = "a/c".
 * Returns NULL when the result would leave the root (a leading "..") or
 * `rel` is absolute. "" stands for the root itself. The result is malloc'd.
 */
char *path_join_norm(const char *dir, const char *rel);
/*
 * Write a small file of the user's own (the chosen theme, the tour's state)
 * whole: missing folders made (mode 0700), a temporary file beside it
 * renamed over it. 0, or -1 with *err "PATH: reason" (malloc'd). Repository
 * files go through repo_write instead (stamps checked, links refused).
 */
int write_user_file(const char *path, const char *data, size_t len, char **err);

/*
 * Split `s` on any of the characters in `seps` and report whether one of the
 * words equals (case-insensitively) one of the NULL-terminated `words`.
 */
int str_has_word(const char *s, const char *seps, const char *const *words);

#define STR_DISTANCE_MAX_LEN 64  /* longer strings are never "close": keys are ~30 bytes */
/* Levenshtein distance ignoring ASCII case, for "did you mean"; SIZE_MAX past the length limit. */
size_t str_distance(const char *a, const char *b);

/*
 * Terminal safety: append `s` (len bytes) to `out` with every control
 * character (C0, DEL, C1 as UTF-8, and invalid UTF-8 bytes) shown escaped:
 * ESC as "^[", other C0 as ^X, the rest as \xNN. Tabs become one space.
 */
void buf_add_safe(struct buf *out, const char *s, size_t len);

#endif
