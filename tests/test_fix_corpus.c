/*
 * The whole corpus (../shared/corpus) fixed in memory and judged again:
 * no fix may add a parse finding or turn an item from pass to fail, and
 * every item that got a complete automatic fix must pass afterwards. Prints
 * the figures: files fixed, fixes applied per item, fixes withheld by
 * verification and why. Skipped with a message when the corpus is absent.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix_priv.h"
#include "repo.h"
#include "scan.h"

struct tally {
	size_t files, fixed, applied, dropped, withheld[FIX_WHY_COUNT];
	size_t per_item[ITEM_COUNT], withheld_item[ITEM_COUNT], still_fail[ITEM_COUNT];
	size_t fail_before[ITEM_COUNT], fail_after[ITEM_COUNT];
	size_t parse_new, regressions;
};

static int failing(const struct file_result *r, int item)
{
	return r->status[item] == ST_FAIL;
}

/* One file: plan, apply everything, judge the result with the other files as fixed. */
static void fix_file(struct tally *t, struct scan_file *sf, const struct fsview *view,
		     struct fix_overlay *ov)
{
	struct fix_input in;
	struct fix_plan p;
	struct fix_result r;
	memset(&in, 0, sizeof(in));
	in.path = sf->res.path;
	in.kind = sf->res.kind;
	in.data = sf->data;
	in.len = sf->len;
	in.fs = view;
	t->files++;
	if (fix_plan(&p, &in) < 0 || !p.nfixes) {
		for (int i = 0; i < ITEM_COUNT; i++) {
			t->fail_before[i] += failing(&p.before, i);
			t->fail_after[i] += failing(&p.before, i);
		}
		for (int w = 0; w < FIX_WHY_COUNT; w++)
			t->withheld[w] += p.withheld[w];
		for (int i = 0; i < ITEM_COUNT; i++)
			t->withheld_item[i] += p.withheld_item[i];
		fix_plan_free(&p);
		return;
	}
	for (int w = 0; w < FIX_WHY_COUNT; w++)
		t->withheld[w] += p.withheld[w];
	for (int i = 0; i < ITEM_COUNT; i++)
		t->withheld_item[i] += p.withheld_item[i];
	assert_int_equal(fix_apply(&r, &in, &p, NULL, 0), 0);
	t->applied += r.applied;
	t->dropped += r.dropped;
	for (int i = 0; i < ITEM_COUNT; i++)
		t->per_item[i] += (size_t)r.applied_item[i];
	for (size_t i = 0; i < r.nfiles; i++)
		fix_overlay_put(ov, r.files[i].path, r.files[i].data, r.files[i].len);
	if (!r.nfiles)
		for (int i = 0; i < ITEM_COUNT; i++) {
			t->fail_before[i] += failing(&p.before, i);
			t->fail_after[i] += failing(&p.before, i);
		}
	if (r.nfiles) {
		struct file_result after;
		struct text tx;
		const char *data = r.files[0].path && !strcmp(r.files[0].path, in.path) ? r.files[0].data : in.data;
		size_t len = data == in.data ? in.len : r.files[0].len;
		int parse = in.kind == KIND_COMPOSE ? ITEM_COMPOSE_PARSE : ITEM_CORR_PARSE;
		t->fixed++;
		memset(&after, 0, sizeof(after));
		text_init(&tx, data, len);
		scan_audit_file(&after, in.path, in.kind, data, len, &tx, view, NULL, NULL, 0);
		text_free(&tx);
		if (failing(&after, parse) && !failing(&p.before, parse)) {
			print_error("%s: the fixes broke the parse\n", in.path);
			t->parse_new++;
		}
		for (int i = 0; i < ITEM_COUNT; i++) {
			int complete = 0;
			t->fail_before[i] += failing(&p.before, i);
			t->fail_after[i] += failing(&after, i);
			if (!failing(&p.before, i) && failing(&after, i)) {
				print_error("%s: %s turned from %s to fail\n", in.path, item_defs[i].key,
					    status_name(p.before.status[i]));
				t->regressions++;
			}
			for (size_t k = 0; k < p.nfixes; k++)
				complete |= p.fixes[k].item == i && !p.fixes[k].partial && !p.fixes[k].needs_value;
			if (complete && r.applied_item[i] && failing(&after, i)) {
				print_error("%s: %s still fails after its fix\n", in.path, item_defs[i].key);
				t->still_fail[i]++;
			}
		}
		file_result_free(&after);
	}
	fix_result_free(&r);
	fix_plan_free(&p);
}

static void report(const struct tally *t)
{
	print_message("corpus: %zu files, %zu fixed, %zu fixes applied, %zu dropped after re-planning\n",
		      t->files, t->fixed, t->applied, t->dropped);
	print_message("  %-28s %7s %8s %7s %6s\n", "item (files)", "applied", "withheld", "failed", "fails");
	for (int i = 0; i < ITEM_COUNT; i++)
		if (item_defs[i].fix != FIX_NONE)
			print_message("  %-28s %7zu %8zu %7zu %6zu\n", item_defs[i].key, t->per_item[i],
				      t->withheld_item[i], t->fail_before[i], t->fail_after[i]);
	for (int w = 0; w < FIX_WHY_COUNT; w++)
		print_message("  withheld (%s): %zu\n", fix_why_name(w), t->withheld[w]);
}

static void test_corpus(void **state)
{
	const char *shared = shared_dir();
	char *dir, *err = NULL;
	struct repo *repo = NULL;
	struct scan s;
	struct fsview base, view;
	struct fix_overlay *ov;
	struct tally t;
	(void)state;
	if (!shared) {
		print_message("../shared is absent: the corpus run is skipped\n");
		skip();
	}
	dir = xasprintf("%s/corpus", shared);
	if (repo_open(&repo, dir, &err) != 0)
		fail_msg("%s: %s", dir, err ? err : "cannot open");
	if (scan_run(&s, repo, NULL, &dir, 1, NULL, NULL, &err) != 0)
		fail_msg("%s: %s", dir, err ? err : "scan failed");
	repo_fsview(repo, &base);
	ov = fix_overlay_new(&base);
	fix_overlay_view(ov, &view);
	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < s.nfiles; i++)
		if (s.files[i].data)
			fix_file(&t, &s.files[i], &view, ov);
	report(&t);
	assert_true(t.files > 0);
	assert_int_equal(t.parse_new, 0);
	assert_int_equal(t.regressions, 0);
	for (int i = 0; i < ITEM_COUNT; i++)
		assert_int_equal(t.still_fail[i], 0);
	fix_overlay_free(ov);
	scan_free(&s);
	repo_free(repo);
	free(dir);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
