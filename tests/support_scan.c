/* A hand-made scan for the TUI model tests (support_scan.h). */
#include "support.h"
#include "support_scan.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct scan_file *fake_file(struct fake *fk, const char *path, enum filekind kind)
{
	struct scan_file f;
	memset(&f, 0, sizeof(f));
	f.res.path = xstrdup(path);
	f.res.kind = kind;
	for (int i = 0; i < ITEM_COUNT; i++)
		f.res.status[i] = item_defs[i].kind == kind ? ST_PASS : ST_NA;
	PUSH(fk->scan.files, fk->scan.nfiles, fk->cap, f);
	return &fk->scan.files[fk->scan.nfiles - 1];
}

void fake_fail(struct scan_file *f, const char *key, enum fixkind fix)
{
	struct finding fd;
	int item = item_find(key);
	assert_true(item >= 0);
	memset(&fd, 0, sizeof(fd));
	fd.item = item;
	fd.rule = xstrdup("r");
	fd.sev = SEV_WARNING;
	fd.line = fd.col = fd.end_line = fd.end_col = 1;
	fd.message = xstrdup("bad");
	fd.fix = fix;
	PUSH(f->res.findings, f->res.nfindings, f->res.cap, fd);
	f->res.status[item] = ST_FAIL;
}

void fake_free(struct fake *fk)
{
	for (size_t i = 0; i < fk->scan.nfiles; i++)
		file_result_free(&fk->scan.files[i].res);
	free(fk->scan.files);
}
