/*
 * fix_cli_run - the body of `berth fix`: scan, then hand every file to the
 * fix pipeline (fix_session.h: planned on the pool, applied in path order
 * so later files see the files earlier ones created, such as a shared
 * .dockerignore), then print one patch, write the files or commit them.
 */
#include "fix_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commit.h"
#include "diff.h"
#include "fix_session.h"
#include "repo.h"
#include "scan.h"

static int print_patch(const struct fix_batch *b)
{
	struct buf patch = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < b->nfiles && rc == 0; i++) {
		const struct fix_session_out *p = &b->files[i];
		char *err = NULL;
		if (diff_patch(&patch, p->path, p->create ? NULL : p->old, p->oldlen, p->data, p->len,
			       &err) < 0) {
			fprintf(stderr, "berth fix: %s: %s\n", p->path, err ? err : "no patch");
			rc = 2;
		}
		free(err);
	}
	if (rc == 0 && (fwrite(patch.ptr ? patch.ptr : "", 1, patch.len, stdout) != patch.len ||
			fflush(stdout) != 0))
		rc = 2;
	buf_free(&patch);
	return rc;
}

/* --write: each file refused is named; exit 1 when any was. */
static int write_all(struct fix_session *fs, size_t *refused)
{
	const struct fix_batch *b = fix_session_batch(fs);
	fix_session_write(fs);
	*refused = 0;
	for (size_t i = 0; i < b->nfiles; i++)
		if (b->files[i].refused) {
			fprintf(stderr, "berth fix: %s\n", b->files[i].refused);
			(*refused)++;
		}
	return *refused ? 1 : 0;
}

/* --commit: the files written and committed by the commit module (which refuses what it must). */
static int commit_all(struct fix_session *fs, const struct fix_cli_opts *o, size_t *refused)
{
	struct commit_opts co = { o->message, o->allow_detached, 1 };
	struct commit_result res;
	char *err = NULL;
	int rc;
	*refused = 0;
	if (!fix_session_batch(fs)->nfiles)
		return 0;
	if (fix_session_commit(fs, &co, &res, &err) < 0) {
		fprintf(stderr, "berth fix: %s\n", err ? err : "the commit was refused");
		*refused = fix_session_batch(fs)->nfiles;
		rc = 2;
	} else {
		for (size_t i = 0; i < res.nrefused; i++)
			fprintf(stderr, "berth fix: %s\n", res.refused[i]);
		*refused = res.nrefused;
		rc = res.nrefused ? 1 : 0;
		if (res.committed)
			fprintf(stderr, "berth fix: committed %.12s on %s\n", res.id, res.branch ? res.branch : "HEAD");
	}
	commit_result_free(&res);
	free(err);
	return rc;
}

static void summary(const struct fix_batch *b, size_t refused, int mode)
{
	int write = mode != FIX_MODE_DRY_RUN;
	size_t withheld = 0, nfix = 0;
	for (int w = 0; w < FIX_WHY_COUNT; w++)
		withheld += b->withheld[w];
	/* counted as the commit's subject counts them (SPEC.md): each item fixed in each file */
	for (size_t i = 0; i < b->nfiles; i++)
		nfix += b->files[i].nkeys;
	fprintf(stderr, "berth fix: %zu fix%s in %zu file%s", nfix, nfix == 1 ? "" : "es",
		b->nfiles, b->nfiles == 1 ? "" : "s");
	if (!write)
		fputs(" (dry run: nothing written)", stderr);
	else if (refused)
		fprintf(stderr, "; %zu written, %zu refused", b->nfiles - refused, refused);
	else
		fputs(mode == FIX_MODE_COMMIT ? " written and committed" : " written", stderr);
	if (withheld) {
		fprintf(stderr, "; %zu withheld by verification (", withheld);
		for (int w = 0, first = 1; w < FIX_WHY_COUNT; w++)
			if (b->withheld[w]) {
				fprintf(stderr, "%s%s %zu", first ? "" : ", ", fix_why_name(w), b->withheld[w]);
				first = 0;
			}
		fputc(')', stderr);
	}
	fputc('\n', stderr);
}

/* --only KEY,...: the items named (NULL: every item). */
static const unsigned char *only_items(const char *only, unsigned char *items)
{
	if (!only)
		return NULL;
	memset(items, 0, ITEM_COUNT);
	for (const char *p = only; *p;) {
		size_t n = strcspn(p, ",");
		for (int i = 0; i < ITEM_COUNT; i++)
			if (strlen(item_defs[i].key) == n && strncmp(item_defs[i].key, p, n) == 0)
				items[i] = 1;
		p += n;
		p += *p == ',';
	}
	return items;
}

int fix_cli_run(struct repo *repo, const struct config *cfg, char *const *paths, size_t npaths,
		const struct fix_cli_opts *o)
{
	struct scan s;
	struct fix_session *fs;
	struct fix_pick *picks;
	unsigned char only[ITEM_COUNT];
	const unsigned char *items = only_items(o->only, only);
	char *err = NULL;
	size_t refused = 0;
	int rc;

	if (scan_run(&s, repo, cfg, paths, npaths, NULL, NULL, &err) < 0) {
		fprintf(stderr, "berth fix: %s\n", err ? err : "scan failed");
		free(err);
		return 2;
	}
	fs = fix_session_new(&s);
	picks = xcalloc(s.nfiles ? s.nfiles : 1, sizeof(*picks));
	for (size_t i = 0; i < s.nfiles; i++) {
		picks[i].file = i;
		picks[i].items = items;
	}
	fix_session_set_level(fs, o->level);
	fix_session_prepare(fs, picks, s.nfiles);
	fix_session_apply(fs, picks, s.nfiles);
	{
		/*
		 * every fix's note, offered or withheld, on stderr (the patch on
		 * stdout stays clean); after the batch: a file planned again over
		 * earlier files' fixes has the notes of what was applied
		 */
		struct buf notes = BUF_INIT;
		fix_session_notes(fs, picks, s.nfiles, &notes);
		if (notes.len)
			fwrite(notes.ptr, 1, notes.len, stderr);
		buf_free(&notes);
	}
	rc = o->mode == FIX_MODE_COMMIT ? commit_all(fs, o, &refused)
		: o->mode == FIX_MODE_WRITE ? write_all(fs, &refused) : print_patch(fix_session_batch(fs));
	summary(fix_session_batch(fs), refused, o->mode);
	free(picks);
	fix_session_free(fs);
	scan_free(&s);
	return rc;
}
