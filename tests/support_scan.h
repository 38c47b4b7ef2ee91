/*
 * support_scan - a hand-made scan for the TUI model tests: files with
 * statuses and findings, as the checks would leave them, without reading a
 * repository.
 */
#ifndef BERTH_TEST_SUPPORT_SCAN_H
#define BERTH_TEST_SUPPORT_SCAN_H

#include "scan.h"

struct fake {
	struct scan scan;
	size_t cap;
};

/* A file whose items of its kind all pass (the others n/a). */
struct scan_file *fake_file(struct fake *fk, const char *path, enum filekind kind);
/* One warning finding of item `key` with fix kind `fix`; the item fails. */
void fake_fail(struct scan_file *f, const char *key, enum fixkind fix);
void fake_free(struct fake *fk);

#endif
