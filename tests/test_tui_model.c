/* The TUI's model with no terminal: rows, navigation, search, accept/drop, overview, dialogs (the tour: test_tui_walk.c). */
#include "support.h"
#include "support_scan.h"

#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "model.h"
#include "util.h"

/* Paths deliberately not in folder order: the model groups them. */
static void fake_build(struct fake *fk)
{
	struct scan_file *f;
	memset(fk, 0, sizeof(*fk));
	f = fake_file(fk, "Dockerfile", KIND_DOCKERFILE);
	fake_fail(f, "sec.pinned-base", FIX_VALUE);
	f = fake_file(fk, "services/api/Dockerfile", KIND_DOCKERFILE);
	fake_fail(f, "sec.non-root", FIX_AUTO);
	fake_fail(f, "perf.cache-mounts", FIX_AUTO);
	fake_fail(f, "corr.pitfalls", FIX_NONE);
	f = fake_file(fk, "services/api/compose.yaml", KIND_COMPOSE);
	fake_fail(f, "compose.restart", FIX_AUTO);
	f = fake_file(fk, "services/web/Dockerfile", KIND_DOCKERFILE);
	fake_fail(f, "sec.non-root", FIX_AUTO);
	f->res.status[item_find("sec.healthcheck")] = ST_NA;
}

struct fixture {
	struct fake fk;
	struct tui_model m;
};

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	fake_build(&fx->fk);
	tui_model_init(&fx->m);
	tui_model_set_scan(&fx->m, &fx->fk.scan, NULL);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	tui_model_free(&fx->m);
	fake_free(&fx->fk);
	free(fx);
	return 0;
}

static size_t count_items(const struct tui_model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->check.n; i++)
		n += m->check.rows[i].kind == TUI_ROW_ITEM;
	return n;
}

static size_t count_files(const struct tui_model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->files.n; i++)
		n += m->files.rows[i].kind == TUI_ROW_FILE;
	return n;
}

static const char *sel_path(const struct tui_model *m)
{
	size_t f = tui_model_file(m);
	return f == TUI_NONE ? "" : m->scan->files[f].res.path;
}

static const char *sel_key(const struct tui_model *m)
{
	int i = tui_model_item(m);
	return i < 0 ? "" : item_defs[i].key;
}

static void test_files_grouped(void **state)
{
	struct fixture *fx = *state;
	const struct tui_list *l = &fx->m.files;
	/* Dockerfile, [services/api/] Dockerfile compose.yaml, [services/web/] Dockerfile */
	assert_int_equal(l->n, 6);
	assert_int_equal(l->rows[0].kind, TUI_ROW_FILE);
	assert_int_equal(l->rows[1].kind, TUI_ROW_FOLDER);
	assert_int_equal(l->rows[4].kind, TUI_ROW_FOLDER);
	assert_string_equal(sel_path(&fx->m), "Dockerfile");
	assert_int_equal(tui_model_fail_count(&fx->m, 1), 3);
}

/* The key of the first failing item of the selected file, in checklist order, or "" when none fails. */
static const char *first_failing(const struct tui_model *m)
{
	size_t f = tui_model_file(m);
	for (size_t r = 0; f != TUI_NONE && r < m->check.n; r++)
		if (m->check.rows[r].kind == TUI_ROW_ITEM &&
		    m->scan->files[f].res.status[m->check.rows[r].index] == ST_FAIL)
			return item_defs[m->check.rows[r].index].key;
	return "";
}

static void test_navigation_skips_headers(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	tui_model_move(m, 1);
	assert_string_equal(sel_path(m), "services/api/Dockerfile");
	assert_int_equal(m->files.sel, 2);
	tui_model_move(m, 2);
	assert_string_equal(sel_path(m), "services/web/Dockerfile");
	tui_model_move(m, 5);           /* clamps at the end */
	assert_string_equal(sel_path(m), "services/web/Dockerfile");
	tui_model_home(m, 0);
	assert_string_equal(sel_path(m), "Dockerfile");
	tui_model_home(m, 1);
	assert_string_equal(sel_path(m), "services/web/Dockerfile");
	tui_model_move(m, -1);
	assert_string_equal(sel_path(m), "services/api/compose.yaml");
	/* the checklist follows the file: one Compose category */
	assert_int_equal(m->check.rows[0].kind, TUI_ROW_CATEGORY);
	assert_int_equal(m->check.rows[0].index, CAT_COMPOSE);
	assert_string_equal(sel_key(m), first_failing(m));
}

static void test_checklist_and_panes(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	size_t ncat = 0, nitems = 0;
	for (size_t i = 0; i < m->check.n; i++) {
		ncat += m->check.rows[i].kind == TUI_ROW_CATEGORY;
		nitems += m->check.rows[i].kind == TUI_ROW_ITEM;
	}
	assert_int_equal(ncat, 4);
	assert_int_equal(nitems, ITEM_COMPOSE_PARSE);   /* every Dockerfile item */
	/* a file opens on its first failing item (issue 17), not on its first row */
	assert_string_equal(sel_key(m), "sec.pinned-base");
	assert_string_equal(sel_key(m), first_failing(m));
	tui_model_enter(m);
	assert_int_equal(m->pane, TUI_PANE_CHECK);
	tui_model_home(m, 0);
	assert_string_equal(sel_key(m), "perf.multi-stage");
	tui_model_move(m, 1);
	assert_string_equal(sel_key(m), "perf.cache-mounts");
	tui_model_enter(m);
	assert_int_equal(m->pane, TUI_PANE_DETAIL);
	assert_int_equal(tui_model_back(m), 0);
	assert_int_equal(m->pane, TUI_PANE_CHECK);
	assert_int_equal(tui_model_back(m), 0);
	assert_int_equal(tui_model_back(m), 1);     /* at the top: may quit */
}

static void test_search(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	assert_int_equal(tui_model_search(m, "web"), 0);
	assert_string_equal(sel_path(m), "services/web/Dockerfile");
	/* no file is called so: the checklist is searched, by key or title */
	assert_int_equal(tui_model_search(m, "non-root"), 0);
	assert_int_equal(m->pane, TUI_PANE_CHECK);
	assert_string_equal(sel_key(m), "sec.non-root");
	assert_int_equal(tui_model_search(m, "HEALTHCHECK DEF"), 0);
	assert_string_equal(sel_key(m), "sec.healthcheck");
	/* forward from the cursor (sec.healthcheck), wrapping */
	assert_int_equal(tui_model_search(m, "apt"), 0);
	assert_string_equal(sel_key(m), "size.no-install-recommends");
	assert_int_equal(tui_model_search_next(m, 1), 0);
	assert_string_equal(sel_key(m), "size.apt-lists-cleaned");
	assert_int_equal(tui_model_search_next(m, 1), 0);
	assert_string_equal(sel_key(m), "perf.single-apt-layer");
	assert_int_equal(tui_model_search_next(m, -1), 0);
	assert_string_equal(sel_key(m), "size.apt-lists-cleaned");
	assert_int_equal(tui_model_search(m, "no such thing"), -1);
	assert_string_equal(sel_key(m), "size.apt-lists-cleaned");     /* stays put */
	/* from a Compose file, a Dockerfile item is found in the next Dockerfile */
	tui_model_focus(m, TUI_PANE_FILES);
	assert_int_equal(tui_model_search(m, "compose.yaml"), 0);
	assert_int_equal(tui_model_search(m, "non-root"), 0);
	assert_string_equal(sel_path(m), "services/web/Dockerfile");
	assert_string_equal(sel_key(m), "sec.non-root");
	assert_int_equal(m->pane, TUI_PANE_CHECK);
}

/* Issue 17: n / N go from file to file; what / finds does not depend on the focused pane; Enter filters. */
static void test_search_everywhere(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	/* files: Dockerfile, services/api/Dockerfile, services/api/compose.yaml, services/web/Dockerfile */
	assert_int_equal(tui_model_search(m, "non-root"), 0);
	assert_string_equal(sel_path(m), "Dockerfile");
	assert_string_equal(sel_key(m), "sec.non-root");
	assert_int_equal(tui_model_search_next(m, 1), 0);
	assert_string_equal(sel_path(m), "services/api/Dockerfile");
	assert_string_equal(sel_key(m), "sec.non-root");
	assert_int_equal(tui_model_search_next(m, 1), 0);
	assert_string_equal(sel_path(m), "services/web/Dockerfile");   /* the Compose file has no such item */
	assert_int_equal(tui_model_search_next(m, 1), 0);
	assert_string_equal(sel_path(m), "Dockerfile");                /* wraps */
	assert_int_equal(tui_model_search_next(m, -1), 0);
	assert_string_equal(sel_path(m), "services/web/Dockerfile");
	/* from the detail pane, a file's path is found as from the files pane */
	m->pane = TUI_PANE_DETAIL;
	assert_int_equal(tui_model_search(m, "compose.yaml"), 0);
	assert_string_equal(sel_path(m), "services/api/compose.yaml");
	assert_int_equal(m->pane, TUI_PANE_FILES);
	/* Enter's filter: the files where a matching item fails (and the one on screen) */
	assert_int_equal(tui_model_search(m, "non-root"), 0);
	assert_string_equal(sel_path(m), "services/web/Dockerfile");
	tui_model_search_filter(m, 1);
	assert_int_equal(count_files(m), 2);    /* services/api/Dockerfile and services/web/Dockerfile */
	assert_string_equal(sel_path(m), "services/web/Dockerfile");
	assert_int_equal(tui_model_search_next(m, 1), 0);
	assert_string_equal(sel_path(m), "services/api/Dockerfile");
	/* back at the top of the files pane, q/Esc shows every file again */
	tui_model_focus(m, TUI_PANE_FILES);
	assert_int_equal(tui_model_back(m), 0);
	assert_int_equal(m->filter_search, 0);
	assert_int_equal(count_files(m), 4);
	/* as the pattern is typed the cursor moves; Esc goes back where / started */
	tui_model_home(m, 0);
	tui_model_search_begin(m);
	assert_int_equal(tui_model_search_preview(m, "web"), 0);
	assert_string_equal(sel_path(m), "services/web/Dockerfile");
	assert_int_equal(tui_model_search_preview(m, "no such"), -1);
	tui_model_search_cancel(m);
	assert_string_equal(sel_path(m), "Dockerfile");
}

/* Issue 17: f goes to the next failing item from file to file; F lists only the failing items. */
static void test_next_failing(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	/* Dockerfile: sec.pinned-base; services/api/Dockerfile: perf.cache-mounts, sec.non-root, corr.pitfalls */
	assert_string_equal(sel_path(m), "Dockerfile");
	assert_int_equal(tui_model_next_failing(m, 1), 0);
	assert_string_equal(sel_path(m), "Dockerfile");
	assert_string_equal(sel_key(m), "sec.pinned-base");
	assert_int_equal(tui_model_next_failing(m, 1), 0);
	assert_string_equal(sel_path(m), "services/api/Dockerfile");
	assert_string_equal(sel_key(m), "perf.cache-mounts");
	assert_int_equal(tui_model_next_failing(m, 1), 0);
	assert_string_equal(sel_key(m), "sec.non-root");
	assert_int_equal(tui_model_next_failing(m, 1), 0);
	assert_string_equal(sel_key(m), "corr.pitfalls");
	assert_int_equal(tui_model_next_failing(m, 1), 0);
	assert_string_equal(sel_path(m), "services/api/compose.yaml");
	assert_string_equal(sel_key(m), "compose.restart");
	assert_int_equal(tui_model_next_failing(m, -1), 0);
	assert_string_equal(sel_key(m), "corr.pitfalls");
	/* F: the checklist of services/api/Dockerfile holds its three failing items */
	tui_model_failing_only(m, 1);
	assert_int_equal(count_items(m), 3);
	assert_string_equal(sel_key(m), "corr.pitfalls");
	tui_model_failing_only(m, 0);
	assert_int_equal(count_items(m), ITEM_COMPOSE_PARSE);
	assert_string_equal(sel_key(m), "corr.pitfalls");
}

static void test_accept_drop(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	int nonroot = item_find("sec.non-root"), pin = item_find("sec.pinned-base");

	assert_int_equal(tui_model_accept(m, 1, nonroot), TUI_ACC_OK);
	assert_int_equal(tui_model_accept(m, 1, nonroot), TUI_ACC_ALREADY);
	assert_int_equal(tui_model_accept(m, 1, item_find("corr.pitfalls")), TUI_ACC_NO_FIX);
	assert_int_equal(tui_model_accept(m, 1, item_find("sec.healthcheck")), TUI_ACC_NOT_FAILING);
	assert_int_equal(tui_model_accept(m, 0, pin), TUI_ACC_NEEDS_VALUE);
	assert_int_equal(tui_model_accept_value(m, 0, pin, "pin.python", ""), -1);
	assert_int_equal(tui_model_accept_value(m, 0, pin, "", "3.12.1-slim"), -1);
	assert_int_equal(tui_model_value_used(m, "pin.python"), 0);
	assert_int_equal(tui_model_accept_value(m, 0, pin, "pin.python", "3.12.1-slim"), 0);
	assert_string_equal(tui_model_accepted(m, 0, pin)->value, "3.12.1-slim");
	/* the value is kept under its own name, never under the item's key */
	assert_string_equal(tui_model_accepted(m, 0, pin)->value_name, "pin.python");
	assert_int_equal(tui_model_value_used(m, "pin.python"), 1);
	assert_int_equal(tui_model_value_used(m, "sec.pinned-base"), 0);
	assert_int_equal(m->nacc, 2);
	/* A: the automatic ones left in the file (cache mounts), not the unfixable */
	assert_int_equal(tui_model_accept_all(m, 1), 1);
	assert_int_equal(m->nacc, 3);
	assert_int_equal(tui_model_drop(m, 1, nonroot), 0);
	assert_int_equal(tui_model_drop(m, 1, nonroot), -1);
	assert_null(tui_model_accepted(m, 1, nonroot));
	assert_int_equal(m->nacc, 2);
}

static void test_accepted_survive_rescan(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	struct fake other;
	int nonroot = item_find("sec.non-root");
	tui_model_move(m, 3);
	assert_int_equal(tui_model_accept(m, 3, nonroot), TUI_ACC_OK);
	/* the same files in another order: selection and accepted fixes follow the path */
	memset(&other, 0, sizeof(other));
	fake_fail(fake_file(&other, "services/web/Dockerfile", KIND_DOCKERFILE), "sec.non-root", FIX_AUTO);
	fake_file(&other, "a/Dockerfile", KIND_DOCKERFILE);
	tui_model_set_scan(m, &other.scan, NULL);
	assert_string_equal(sel_path(m), "services/web/Dockerfile");
	assert_non_null(tui_model_accepted(m, 0, nonroot));
	tui_model_set_scan(m, &fx->fk.scan, NULL);
	fake_free(&other);
}

static void test_overview_counts(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	const struct tui_ov_item *o = &m->ov_items[item_find("sec.non-root")];
	const struct tui_row *r;
	assert_int_equal(o->fail, 2);
	assert_int_equal(o->pass, 1);
	o = &m->ov_items[item_find("sec.healthcheck")];
	assert_int_equal(o->pass, 2);
	assert_int_equal(o->na, 1);
	o = &m->ov_items[item_find("compose.restart")];
	assert_int_equal(o->fail + o->pass + o->na, 1);   /* only Compose files count */
	/* grouped by category, most failures first */
	r = &m->ov.rows[0];
	assert_int_equal(r->kind, TUI_ROW_CATEGORY);
	assert_int_equal(r->index, CAT_PERF);
	assert_string_equal(item_defs[m->ov.rows[1].index].key, "perf.cache-mounts");
	for (size_t i = 0; i < m->ov.n; i++)
		if (m->ov.rows[i].kind == TUI_ROW_CATEGORY && m->ov.rows[i].index == CAT_SEC) {
			assert_string_equal(item_defs[m->ov.rows[i + 1].index].key, "sec.non-root");
			assert_string_equal(item_defs[m->ov.rows[i + 2].index].key, "sec.pinned-base");
		}
	/* the filter from the overview: only files failing it */
	tui_model_filter(m, item_find("sec.non-root"));
	assert_int_equal(m->files.n, 4);        /* two folders, two files */
	assert_string_equal(sel_path(m), "services/api/Dockerfile");
	assert_string_equal(sel_key(m), "sec.non-root");
	assert_int_equal(tui_model_back(m), 0); /* Esc clears the filter first */
	assert_int_equal(m->filter_item, -1);
	assert_int_equal(m->files.n, 6);
}

static void test_dialog_editing(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	tui_dialog_open(m, TUI_DLG_COMMIT, "Commit", "berth: fix");
	assert_int_equal(tui_dialog_key(m, 'e'), TUI_DLG_CONTINUE);
	assert_string_equal(buf_str(&m->edit.text), "berth: fixe");
	tui_dialog_key(m, TUI_K_BACKSPACE);
	tui_dialog_key(m, TUI_K_HOME);
	tui_dialog_key(m, 0xE9);                        /* é, two bytes */
	assert_string_equal(buf_str(&m->edit.text), "\xC3\xA9" "berth: fix");
	tui_dialog_key(m, TUI_K_LEFT);
	tui_dialog_key(m, TUI_K_DELETE);              /* deletes the whole character */
	assert_string_equal(buf_str(&m->edit.text), "berth: fix");
	tui_dialog_key(m, 0x07);                        /* no control code gets in */
	tui_dialog_key(m, 0x9b);
	assert_string_equal(buf_str(&m->edit.text), "berth: fix");
	tui_dialog_error(m, "index.lock is held");
	assert_int_equal(tui_dialog_key(m, '\n'), TUI_DLG_SUBMIT);
	assert_int_equal(m->dialog, TUI_DLG_COMMIT);    /* a refusal loses nothing */
	assert_string_equal(m->dlg_error, "index.lock is held");
	assert_int_equal(tui_dialog_key(m, TUI_KEY_ESC), TUI_DLG_CANCEL);
	assert_int_equal(m->dialog, TUI_DLG_NONE);

	tui_dialog_open(m, TUI_DLG_QUIT, "Quit?", NULL);
	assert_int_equal(tui_dialog_key(m, 'z'), TUI_DLG_CONTINUE);
	assert_int_equal(tui_dialog_key(m, 'n'), TUI_DLG_CANCEL);
	tui_dialog_open(m, TUI_DLG_QUIT, "Quit?", NULL);
	assert_int_equal(tui_dialog_key(m, 'y'), TUI_DLG_SUBMIT);
	tui_dialog_open(m, TUI_DLG_MESSAGE, "done", NULL);
	assert_int_equal(tui_dialog_key(m, 'k'), TUI_DLG_CANCEL);
	assert_int_equal(m->dialog, TUI_DLG_NONE);
}

static void test_scroll_and_click(void **state)
{
	struct fixture *fx = *state;
	struct tui_model *m = &fx->m;
	struct tui_list *l = &m->check;
	/* a 5-row window follows the cursor, and shows a group's header with its first item */
	tui_model_focus(m, TUI_PANE_CHECK);
	tui_model_home(m, 0);
	tui_model_move(m, 5);                           /* Security: sec.pinned-base is row 7 */
	assert_string_equal(sel_key(m), "sec.pinned-base");
	tui_list_scroll(l, 5);
	assert_int_equal(l->top, 3);
	tui_model_move(m, -1);
	tui_list_scroll(l, 5);
	assert_int_equal(l->top, 3);
	tui_model_home(m, 0);
	tui_list_scroll(l, 5);
	assert_int_equal(l->top, 0);
	/* a click on a header selects nothing; on an item, selects it and focuses the pane */
	tui_model_focus(m, TUI_PANE_FILES);
	assert_int_equal(tui_model_click(m, TUI_PANE_CHECK, 0), -1);
	assert_int_equal(tui_model_click(m, TUI_PANE_CHECK, 2), 0);
	assert_int_equal(m->pane, TUI_PANE_CHECK);
	assert_string_equal(sel_key(m), "perf.cache-mounts");
	/* a click on another file rebuilds the checklist */
	assert_int_equal(tui_model_click(m, TUI_PANE_FILES, 3), 0);
	assert_string_equal(sel_path(m), "services/api/compose.yaml");
	assert_string_equal(sel_key(m), "compose.restart");     /* its first failing item */
	assert_int_equal(tui_model_click(m, TUI_PANE_FILES, 99), -1);
}

static void test_key_table(void **state)
{
	int k;
	(void)state;
	assert_int_equal(tui_key_req('j'), TUI_REQ_DOWN);
	assert_int_equal(tui_key_req(TUI_K_DOWN), TUI_REQ_DOWN);
	assert_int_equal(tui_key_req('\r'), TUI_REQ_ENTER);
	assert_int_equal(tui_key_req('\t'), TUI_REQ_NEXT_PANE);
	assert_int_equal(tui_key_req(TUI_K_BTAB), TUI_REQ_PREV_PANE);
	assert_int_equal(tui_key_req('W'), TUI_REQ_WALK);
	assert_int_equal(tui_key_req('q'), TUI_REQ_QUIT);
	assert_int_equal(tui_key_req(TUI_KEY_ESC), TUI_REQ_BACK);
	assert_int_equal(tui_key_req('Z'), TUI_REQ_NONE);
	/* every request has a key that parses and leads back to it */
	for (int r = 1; r < TUI_REQ_COUNT; r++) {
		assert_int_equal(tui_key_parse(tui_req_key_label((enum tui_req)r), &k) == 0
				 || r == TUI_REQ_DOWN, 1);
		assert_non_null(tui_reqs[r].help);
	}
	assert_int_equal(tui_key_parse("S-Tab", &k), 0);
	assert_int_equal(k, TUI_K_BTAB);
	assert_int_equal(tui_key_parse("C-u", &k), 0);
	assert_int_equal(k, 21);
	assert_int_equal(tui_key_parse("\xC3\xA9", &k), 0);
	assert_int_equal(k, 0xE9);
	assert_int_equal(tui_key_parse("Nope", &k), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_files_grouped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_navigation_skips_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checklist_and_panes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_failing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accept_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accepted_survive_rescan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overview_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dialog_editing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scroll_and_click, setup, teardown),
		cmocka_unit_test(test_key_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
