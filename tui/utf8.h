/*
 * utf8 - UTF-8 decoding and encoding that does not depend on the locale, for
 * key names, dialog input and drawing. Invalid sequences (overlong,
 * surrogates, truncated) decode as 0 bytes: callers show them escaped.
 */
#ifndef BERTH_TUI_UTF8_H
#define BERTH_TUI_UTF8_H

#include <stddef.h>

/* Bytes of the character at s (1..4) with its code point in *cp, or 0 when invalid. */
size_t utf8_decode(const char *s, size_t len, unsigned *cp);
/* Encode cp into out: 1..4 bytes, 0 when cp is not a valid scalar value. */
size_t utf8_encode(unsigned cp, char out[4]);

#endif
