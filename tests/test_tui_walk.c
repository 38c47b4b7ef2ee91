/*
 * The tour (W) with no terminal: steps grouped by item across files, what
 * accepting and skipping leave, and its state file (walk_state.h): written,
 * read back, resumed at the step left, kept out of the work tree, a corrupt
 * one ignored with the reason.
 */
#include "support.h"
#include "support_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "util.h"
#include "walk_state.h"

/* sec.non-root fails in three files, the others in one each; paths in scan (path) order. */
static void fake_build(struct fake *fk)
{
	struct scan_file *f;
	memset(fk, 0, sizeof(*fk));
	f = fake_file(fk, "Dockerfile", KIND_DOCKERFILE);
	fake_fail(f, "sec.pinned-base", FIX_VALUE);
	fake_fail(f, "sec.non-root", FIX_AUTO);
	f = fake_file(fk, "services/api/Dockerfile", KIND_DOCKERFILE);
	fake_fail(f, "sec.non-root", FIX_AUTO);
	fake_fail(f, "perf.cache-mounts", FIX_AUTO);
	fake_fail(f, "corr.pitfalls", FIX_NONE);
	f = fake_file(fk, "services/api/compose.yaml", KIND_COMPOSE);
	fake_fail(f, "compose.restart", FIX_AUTO);
	f = fake_file(fk, "services/web app/Dockerfile", KIND_DOCKERFILE);
	fake_fail(f, "sec.non-root", FIX_AUTO);
	fake_fail(f, "perf.cache-mounts", FIX_AUTO);
}

struct fixture {
	struct fake fk;
	struct tui_model m;
	char dir[64];
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	fake_build(&fx->fk);
	tui_model_init(&fx->m);
	tui_model_set_scan(&fx->m, &fx->fk.scan, NULL);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/berth-walk-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	tui_model_free(&fx->m);
	fake_free(&fx->fk);
	free(fx);
	return 0;
}

static const char *key_of(const struct tui_step *s)
{
	return item_defs[s->item].key;
}

static const char *path_at(const struct fixture *fx, const struct tui_step *s, size_t k)
{
	return fx->fk.scan.files[s->files[k]].res.path;
}

/* One step per failing item, across files; the item failing in most files first, then checklist order. */
static void test_grouping(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	tui_walk_start(m);
	assert_int_equal(m->mode, TUI_MODE_WALK);
	assert_int_equal(m->walk_phase, TUI_WALK_MAP);
	assert_null(tui_walk_current(m));       /* the map comes first */
	assert_int_equal(m->nwalk, 5);          /* 8 failing (file, item) pairs, 5 items */
	assert_string_equal(key_of(&m->walk[0]), "sec.non-root");
	assert_int_equal(m->walk[0].nfiles, 3);
	assert_string_equal(path_at(fx, &m->walk[0], 0), "Dockerfile");
	assert_string_equal(path_at(fx, &m->walk[0], 1), "services/api/Dockerfile");
	assert_string_equal(path_at(fx, &m->walk[0], 2), "services/web app/Dockerfile");
	assert_string_equal(key_of(&m->walk[1]), "perf.cache-mounts");
	assert_int_equal(m->walk[1].nfiles, 2);
	for (size_t i = 2; i < m->nwalk; i++)
		assert_int_equal(m->walk[i].nfiles, 1);
	/* the rest in checklist order */
	assert_true(m->walk[2].item < m->walk[3].item && m->walk[3].item < m->walk[4].item);
	tui_walk_step(m, 1);                    /* Enter on the map */
	assert_ptr_equal(tui_walk_current(m), &m->walk[0]);
	assert_int_equal(tui_walk_current(m)->file, 0);
	tui_walk_focus(m, 1);
	tui_walk_focus(m, 1);
	tui_walk_focus(m, 1);                   /* clamps at the last file */
	assert_int_equal(tui_walk_current(m)->fsel, 2);
	assert_string_equal(fx->fk.scan.files[tui_walk_current(m)->file].res.path, "services/web app/Dockerfile");
	tui_walk_step(m, -1);                   /* back from the first step: the map */
	assert_int_equal(m->walk_phase, TUI_WALK_MAP);
}

static int all_but_api(void *ctx, size_t file)
{
	(void)ctx;
	return file != 1;       /* as if services/api/Dockerfile's fix were a review fix */
}

/* Accepting takes only what the filter allows; leaving a step marks what is left skipped; the summary after the last. */
static void test_accept_skip(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	size_t applied, skipped, pending;
	int nonroot = item_find("sec.non-root");
	tui_walk_start(m);
	tui_walk_goto(m, 0);
	assert_int_equal(tui_walk_accept(m, all_but_api, NULL), 2);
	assert_non_null(tui_model_accepted(m, 0, nonroot));
	assert_null(tui_model_accepted(m, 1, nonroot));
	assert_non_null(tui_model_accepted(m, 3, nonroot));
	assert_int_equal(tui_walk_step_accepted(m, &m->walk[0]), 2);
	assert_int_equal(tui_walk_accept(m, all_but_api, NULL), 0);    /* nothing twice */
	tui_walk_step(m, 1);
	assert_int_equal(m->walk[0].fstate[1], TUI_STEP_SKIPPED);
	tui_walk_counts(m, &applied, &skipped, &pending);
	assert_int_equal(applied, 2);
	assert_int_equal(skipped, 1);
	assert_int_equal(pending, 5);
	/* a step whose only fixes need a value or a person accepts nothing */
	for (size_t i = 0; i < m->nwalk; i++)
		if (m->walk[i].item == item_find("corr.pitfalls")) {
			tui_walk_goto(m, i);
			assert_int_equal(tui_walk_accept(m, NULL, NULL), 0);
		}
	tui_walk_goto(m, m->nwalk - 1);
	tui_walk_step(m, 1);
	assert_int_equal(m->walk_phase, TUI_WALK_SUMMARY);
	assert_null(tui_walk_current(m));
	tui_walk_step(m, -1);
	assert_int_equal(m->walk_pos, m->nwalk - 1);
}

/* The state's text, exactly: header, where, then the marks. */
static void test_state_format(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	struct tui_walk_state st;
	struct buf b = BUF_INIT;
	tui_walk_start(m);
	tui_walk_goto(m, 0);
	tui_walk_accept(m, all_but_api, NULL);
	tui_walk_step(m, 1);                    /* sec.non-root left: api's skipped */
	tui_walk_focus(m, 1);                   /* perf.cache-mounts, "services/web app/Dockerfile" in focus */
	tui_walk_state_init(&st);
	tui_walk_export(m, &st);
	tui_walk_state_format(&st, &b);
	assert_string_equal(buf_str(&b), "berth-walk 1\n"
			    "at perf.cache-mounts services/web app/Dockerfile\n"
			    "accept sec.non-root Dockerfile\n"
			    "skip sec.non-root services/api/Dockerfile\n"
			    "accept sec.non-root services/web app/Dockerfile\n");
	buf_free(&b);
	tui_walk_state_free(&st);
}

/* Written to the git folder, read back by a new model (a new berth), resumed at the step and file left. */
static void test_state_roundtrip(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m, m2;
	struct tui_walk_state st, back;
	char *git = xasprintf("%s/.git", fx->dir), *where = NULL, *err = NULL, *expect;
	struct stat sb;
	assert_int_equal(mkdir(git, 0700), 0);
	tui_walk_start(m);
	tui_walk_goto(m, 0);
	tui_walk_step(m, 1);                    /* every non-root file skipped */
	tui_walk_focus(m, 1);
	tui_walk_state_init(&st);
	tui_walk_export(m, &st);
	assert_int_equal(tui_walk_state_save(&st, git, fx->dir, &where, &err), 0);
	expect = xasprintf("%s/berth/walk", git);
	assert_string_equal(where, expect);
	assert_int_equal(stat(expect, &sb), 0);
	free(where);
	/* a new session: nothing accepted, the state read back */
	tui_model_init(&m2);
	tui_model_set_scan(&m2, &fx->fk.scan, NULL);
	assert_int_equal(tui_walk_state_load(&back, git, fx->dir, &where, &err), 1);
	assert_string_equal(where, expect);
	assert_int_equal(back.at, TUI_WALK_AT_STEP);
	assert_int_equal(back.n, 3);
	tui_walk_start(&m2);
	tui_walk_resume(&m2, &back);
	assert_int_equal(m2.walk_phase, TUI_WALK_STEP);
	assert_int_equal(m2.walk_pos, 1);
	assert_string_equal(key_of(tui_walk_current(&m2)), "perf.cache-mounts");
	assert_string_equal(fx->fk.scan.files[tui_walk_current(&m2)->file].res.path, "services/web app/Dockerfile");
	for (size_t k = 0; k < 3; k++)
		assert_int_equal(m2.walk[0].fstate[k], TUI_STEP_SKIPPED);
	tui_walk_state_free(&back);
	free(where);
	/* the summary is a place to resume at too */
	tui_walk_goto(&m2, m2.nwalk);
	tui_walk_export(&m2, &st);
	assert_int_equal(st.at, TUI_WALK_AT_SUMMARY);
	assert_int_equal(tui_walk_resume_pos(&m2, &st), m2.nwalk);
	/* start over: gone */
	tui_walk_state_remove(git, fx->dir);
	assert_int_equal(tui_walk_state_load(&back, git, fx->dir, &where, &err), 0);
	assert_null(where);
	tui_model_free(&m2);
	tui_walk_state_free(&st);
	free(expect);
	free(git);
}

/* No writable git folder: $XDG_STATE_HOME/berth/walk-HASH, one per repository root. */
static void test_state_fallback(void **state)
{
	struct fixture *fx = *state;
	struct tui_walk_state st, back;
	char *notdir = xasprintf("%s/gitfile", fx->dir), *xdg = xasprintf("%s/state", fx->dir);
	char *where = NULL, *where2 = NULL, *err = NULL, *prefix = xasprintf("%s/berth/walk-", xdg);
	FILE *fp = fopen(notdir, "w");
	assert_non_null(fp);
	fclose(fp);
	setenv("XDG_STATE_HOME", xdg, 1);
	tui_walk_state_init(&st);
	tui_walk_state_mark(&st, item_find("sec.non-root"), "a/Dockerfile", TUI_WALK_SKIP);
	/* a git "folder" that is a file: mkdir fails under it */
	assert_int_equal(tui_walk_state_save(&st, notdir, "/repo/one", &where, &err), 0);
	assert_non_null(where);
	assert_memory_equal(where, prefix, strlen(prefix));
	assert_int_equal(tui_walk_state_save(&st, NULL, "/repo/two", &where2, &err), 0);
	assert_string_not_equal(where, where2);         /* another repository, another file */
	free(where2);
	assert_int_equal(tui_walk_state_load(&back, notdir, "/repo/one", &where2, &err), 1);
	assert_int_equal(back.n, 1);
	assert_string_equal(back.e[0].path, "a/Dockerfile");
	assert_int_equal(back.e[0].mark, TUI_WALK_SKIP);
	tui_walk_state_free(&back);
	free(err);
	unsetenv("XDG_STATE_HOME");
	free(where);
	free(where2);
	free(prefix);
	free(xdg);
	free(notdir);
	tui_walk_state_free(&st);
}

static void expect_corrupt(const char *text, size_t len, const char *why)
{
	struct tui_walk_state st;
	char *err = NULL;
	assert_int_equal(tui_walk_state_parse(&st, text, len, &err), -1);
	assert_non_null(err);
	if (!strstr(err, why))
		fail_msg("\"%s\" does not say \"%s\"", err, why);
	assert_int_equal(st.n, 0);
	free(err);
}

/* A corrupt state is ignored as a whole, with the reason; a record of an unknown item only drops that record. */
static void test_state_corrupt(void **state)
{
	struct fixture *fx = *state;
	struct tui_walk_state st;
	char *git = xasprintf("%s/.git", fx->dir), *file = xasprintf("%s/.git/berth/walk", fx->dir);
	char *where = NULL, *err = NULL, *big;
	FILE *fp;
	expect_corrupt("walk 2\n", 7, "header");
	expect_corrupt("berth-walk 1\nat map\nfrobnicate x y\n", 34, "line 3: unknown record");
	expect_corrupt("berth-walk 1\nskip sec.non-root\n", 31, "line 2:");
	expect_corrupt("berth-walk 1\nat\0map\n", 20, "NUL");
	expect_corrupt("", 0, "empty");
	big = xcalloc(TUI_WALK_STATE_MAX + 2, 1);
	memset(big, 'x', TUI_WALK_STATE_MAX + 1);
	expect_corrupt(big, TUI_WALK_STATE_MAX + 1, "larger than");
	free(big);
	{
		const char *t = "berth-walk 1\nskip no.such-item a\nskip sec.non-root b c\nat summary\n";
		assert_int_equal(tui_walk_state_parse(&st, t, strlen(t), &err), 0);
	}
	assert_int_equal(st.n, 1);
	assert_string_equal(st.e[0].path, "b c");
	assert_int_equal(st.at, TUI_WALK_AT_SUMMARY);
	tui_walk_state_free(&st);
	/* on disk: load says where and why, and returns nothing to resume */
	assert_int_equal(mkdir(git, 0700), 0);
	free(git);
	git = xasprintf("%s/.git/berth", fx->dir);
	assert_int_equal(mkdir(git, 0700), 0);
	fp = fopen(file, "w");
	assert_non_null(fp);
	fputs("garbage\n", fp);
	fclose(fp);
	free(git);
	git = xasprintf("%s/.git", fx->dir);
	assert_int_equal(tui_walk_state_load(&st, git, fx->dir, &where, &err), -1);
	assert_string_equal(where, file);
	assert_non_null(strstr(err, "header"));
	assert_int_equal(st.n, 0);
	tui_walk_state_free(&st);
	free(where);
	free(err);
	free(file);
	free(git);
}

/* A rescan while touring (after w): marks and the place kept by path, fixed files gone from the steps. */
static void test_rebuild(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	struct fake other;
	tui_walk_start(m);
	tui_walk_goto(m, 0);
	tui_walk_step(m, 1);                    /* non-root: all three skipped */
	assert_string_equal(key_of(tui_walk_current(m)), "perf.cache-mounts");
	/* the new scan: Dockerfile's non-root is fixed, the rest as before */
	fake_build(&other);
	other.scan.files[0].res.status[item_find("sec.non-root")] = ST_PASS;
	tui_model_set_scan(m, &other.scan, NULL);
	assert_int_equal(m->walk_phase, TUI_WALK_STEP);
	assert_string_equal(key_of(tui_walk_current(m)), "perf.cache-mounts");
	/* non-root now fails in two files, as cache-mounts does: the checklist's order puts it second */
	assert_string_equal(key_of(&m->walk[0]), "perf.cache-mounts");
	assert_int_equal(m->walk_pos, 0);
	assert_string_equal(key_of(&m->walk[1]), "sec.non-root");
	assert_int_equal(m->walk[1].nfiles, 2);
	assert_string_equal(path_at(fx, &m->walk[1], 0), "services/api/Dockerfile");
	assert_int_equal(m->walk[1].fstate[0], TUI_STEP_SKIPPED);
	assert_int_equal(m->walk[1].fstate[1], TUI_STEP_SKIPPED);
	/* the resume offer keeps the step it offers through a rescan */
	tui_walk_goto(m, 1);
	m->walk_phase = TUI_WALK_RESUME;
	tui_model_set_scan(m, &fx->fk.scan, NULL);
	assert_int_equal(m->walk_phase, TUI_WALK_RESUME);
	assert_string_equal(key_of(&m->walk[m->walk_pos]), "sec.non-root");
	fake_free(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_grouping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accept_skip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rebuild, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
