/*
 * fix_session - the pipeline `berth fix` and the TUI share: the same files
 * as fix_plan + fix_apply file by file; the TUI's walkthrough (preview each
 * item, accept 5, open the commit dialog, commit) within an audit budget;
 * a side file changed after berth read it refused, never written.
 */
#include "support.h"
#include "support_git.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix_priv.h"
#include "fix_session.h"
#include "repo.h"
#include "scan.h"
#include "util.h"

/*
 * Audits the fix engine may make for the walkthrough below (the scan's own
 * audit is not one of them): issue 14 asks for ~12 in all, scans included;
 * before the session it made 50.
 */
#define WALK_AUDIT_BUDGET 10

static char tmp_root[256];

/* The walkthrough fixture of tests/e2e/tui_walkthrough.sh: five failing items, all with automatic fixes. */
static const char *WALK_DF = "FROM python:3.12.1-slim\nRUN useradd -r app\nWORKDIR /app\nCOPY . .\n"
			     "RUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";

struct fixture {
	char *dir;
	struct repo *repo;
	struct config cfg;
	struct scan scan;
};

static void open_scan(struct fixture *fx)
{
	char *err = NULL, *paths[1] = { fx->dir };
	assert_int_equal(repo_open(&fx->repo, fx->dir, &err), 0);
	free(err);
	config_init(&fx->cfg);
	assert_int_equal(scan_run(&fx->scan, fx->repo, &fx->cfg, paths, 1, NULL, NULL, &err), 0);
	free(err);
}

static void close_scan(struct fixture *fx)
{
	scan_free(&fx->scan);
	config_free(&fx->cfg);
	repo_free(fx->repo);
	test_rm_rf(fx->dir);
	free(fx->dir);
}

static void make_repo(struct fixture *fx, const char *name, const char *dockerignore)
{
	git_repository *g;
	fx->dir = test_mkdir(tmp_root, name);
	test_write_file(fx->dir, "Dockerfile", WALK_DF);
	test_write_file(fx->dir, "requirements.txt", "flask==3.0.0\n");
	if (dockerignore)
		test_write_file(fx->dir, ".dockerignore", dockerignore);
	g = test_git_init(fx->dir, 0);
	test_git_stage(g, "Dockerfile");
	test_git_stage(g, "requirements.txt");
	if (dockerignore)
		test_git_stage(g, ".dockerignore");
	test_git_commit_index(g, "initial");
	git_repository_free(g);
	open_scan(fx);
}

/* The failing items of the scan's only file. */
static size_t failing(const struct fixture *fx, int *items)
{
	size_t n = 0;
	assert_int_equal(fx->scan.nfiles, 1);
	for (int i = 0; i < ITEM_COUNT; i++)
		if (fx->scan.files[0].res.status[i] == ST_FAIL)
			items[n++] = i;
	return n;
}

/* The walkthrough: every step previewed, all accepted, the dialog's batch committed. */
static void test_walkthrough_budget(void **state)
{
	struct fixture fx;
	struct fix_session *fs;
	struct commit_result res;
	struct commit_opts opts;
	unsigned char accepted[ITEM_COUNT] = { 0 };
	struct fix_pick pick = { 0, accepted };
	const struct fix_batch *b;
	int items[ITEM_COUNT];
	size_t n, before;
	char *err = NULL, *msg;
	(void)state;

	make_repo(&fx, "walk", NULL);
	n = failing(&fx, items);
	assert_int_equal(n, 5);
	fs = fix_session_new(&fx.scan);
	fix_session_set_level(fs, FIX_LEVEL_REVIEW);     /* as the TUI, whose accepted fixes these are */
	before = fix_audit_count();
	for (size_t i = 0; i < n; i++) {
		const struct fix_plan *p = fix_session_plan(fs, 0, items[i]);
		struct fix_result r;
		assert_non_null(p);
		assert_true(p->nfixes > 0);
		/* the preview is drawn on every redraw: a second look costs nothing */
		assert_ptr_equal(fix_session_plan(fs, 0, items[i]), p);
		assert_int_equal(fix_session_try(fs, 0, items[i], &r), 0);
		assert_true(r.nfiles > 0);
		fix_result_free(&r);
		accepted[items[i]] = 1;
	}
	b = fix_session_apply(fs, &pick, 1);       /* the commit dialog opens on the batch */
	assert_int_equal(b->nfiles, 2);            /* .dockerignore (created) and Dockerfile */
	assert_string_equal(b->files[0].path, ".dockerignore");
	assert_true(b->files[0].create);
	assert_string_equal(b->files[1].path, "Dockerfile");
	assert_ptr_equal(b->files[1].stamp, &fx.scan.files[0].stamp);
	msg = fix_session_commit_message(fs);
	assert_non_null(strstr(msg, "berth: 5 fixes in .dockerignore, Dockerfile"));
	free(msg);
	memset(&opts, 0, sizeof(opts));
	assert_int_equal(fix_session_commit(fs, &opts, &res, &err), 0);
	assert_true(res.committed);
	commit_result_free(&res);
	free(err);
	printf("walkthrough: %zu audits by the fix engine\n", fix_audit_count() - before);
	assert_true(fix_audit_count() - before <= WALK_AUDIT_BUDGET);
	fix_session_free(fs);
	close_scan(&fx);
}

/* The session's batch is what fix_plan + fix_apply make of the same file. */
static void test_same_as_plan_and_apply(void **state)
{
	struct fixture fx;
	struct fix_session *fs;
	struct fix_pick pick = { 0, NULL };
	const struct fix_batch *b;
	struct fix_input in;
	struct fix_plan plan;
	struct fix_result res;
	struct fsview view;
	(void)state;

	make_repo(&fx, "same", "node_modules\n");
	fs = fix_session_new(&fx.scan);
	fix_session_set_level(fs, FIX_LEVEL_REVIEW);     /* as the TUI, whose accepted fixes these are */
	b = fix_session_apply(fs, &pick, 1);
	repo_fsview(fx.repo, &view);
	memset(&in, 0, sizeof(in));
	in.path = fx.scan.files[0].res.path;
	in.kind = fx.scan.files[0].res.kind;
	in.data = fx.scan.files[0].data;
	in.len = fx.scan.files[0].len;
	in.fs = &view;
	in.cfg = &fx.cfg;
	in.level = FIX_LEVEL_REVIEW;
	assert_int_equal(fix_plan(&plan, &in), 0);
	assert_int_equal(fix_apply(&res, &in, &plan, NULL, 0), 0);
	assert_int_equal(b->nfiles, res.nfiles);
	assert_int_equal(b->applied, res.applied);
	for (size_t i = 0; i < res.nfiles; i++) {
		const struct fix_session_out *o = NULL;
		for (size_t k = 0; k < b->nfiles; k++)
			if (strcmp(b->files[k].path, res.files[i].path) == 0)
				o = &b->files[k];
		assert_non_null(o);
		assert_int_equal(o->len, res.files[i].len);
		assert_memory_equal(o->data, res.files[i].data, o->len);
		assert_int_equal(o->create, res.files[i].create);
		/* an existing side file carries the stamp of what was read: it can be written and committed */
		assert_non_null(o->stamp);
		assert_null(o->refused);
	}
	fix_result_free(&res);
	fix_plan_free(&plan);
	fix_session_free(fs);
	close_scan(&fx);
}

/* A .dockerignore changed between berth's read and the batch: refused, left as the user made it. */
static void test_side_file_changed_refused(void **state)
{
	struct fixture fx;
	struct fix_session *fs;
	unsigned char only[ITEM_COUNT] = { 0 };
	struct fix_pick pick = { 0, only };
	const struct fix_batch *b;
	struct commit_result res;
	struct commit_opts opts;
	char *err = NULL, *now;
	(void)state;

	make_repo(&fx, "late", "node_modules\n");
	only[ITEM_PERF_DOCKERIGNORE] = 1;
	fs = fix_session_new(&fx.scan);
	fix_session_set_level(fs, FIX_LEVEL_REVIEW);     /* as the TUI, whose accepted fixes these are */
	assert_non_null(fix_session_plan(fs, 0, ITEM_PERF_DOCKERIGNORE));      /* the preview reads it */
	test_write_file(fx.dir, ".dockerignore", "node_modules\nmine\n");
	b = fix_session_apply(fs, &pick, 1);
	assert_int_equal(b->nfiles, 1);
	assert_string_equal(b->files[0].path, ".dockerignore");
	assert_non_null(b->files[0].refused);
	assert_non_null(strstr(b->files[0].refused, "changed since it was read"));
	assert_int_equal(fix_session_write(fs), 0);
	memset(&opts, 0, sizeof(opts));
	assert_int_equal(fix_session_commit(fs, &opts, &res, &err), -1);
	assert_non_null(strstr(err, "changed since it was read"));
	free(err);
	commit_result_free(&res);
	now = test_read_file(fx.dir, ".dockerignore");
	assert_string_equal(now, "node_modules\nmine\n");
	free(now);
	fix_session_free(fs);
	close_scan(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walkthrough_budget),
		cmocka_unit_test(test_same_as_plan_and_apply),
		cmocka_unit_test(test_side_file_changed_refused),
	};
	int rc;
	if (test_git_sandbox(tmp_root, sizeof(tmp_root), "fix-session") < 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	test_git_sandbox_end(tmp_root);
	return rc;
}
