/*
 * fix_annotate - the fix level and note `check --format json|sarif` gives
 * each finding are what fix planning says: the same as the notes of `berth
 * fix --dry-run` (fix_session_notes over the same scan), and the same
 * whether annotation starts from the scan's audit through the caching view
 * (as cli_check.c does) or audits the file afresh over the repository.
 * Starting from the scan's audit saves exactly one audit per planned file.
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
#include "yamldoc.h"

static char tmp_root[256];

/* Fixes offered, withheld by a precondition, needing a value, kept off a dev file, per Compose service. */
static const struct {
	const char *path, *text;
} FILES[] = {
	{ "services/api/Dockerfile",
	  "FROM python:3.11\nRUN apt-get update && apt-get install -y curl\nRUN useradd -r app\n"
	  "WORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n" },
	{ "services/api/requirements.txt", "flask==3.0.0\n" },
	{ "worker/Dockerfile",
	  "FROM myorg/base:1.0.0\nCOPY run.sh /run.sh\nCMD /run.sh\n" },
	{ "worker/run.sh", "#!/bin/sh\nexec sleep 1\n" },
	{ ".devcontainer/Dockerfile",
	  "FROM python:3.11.11-slim\nRUN apt-get update && apt-get install -y git\nCMD [\"sleep\", \"infinity\"]\n" },
	{ "compose.yaml",
	  "services:\n  db:\n    image: postgres:16.2\n  app:\n    image: myorg/app:1.0.0\n"
	  "    build: ./services/api\n" },
};

struct fixture {
	char *dir;
	struct repo *repo;
	struct config cfg;
	struct scan scan;
};

static void open_fixture(struct fixture *fx)
{
	char *err = NULL, *paths[1];
	git_repository *g;
	fx->dir = test_mkdir(tmp_root, "annotate");
	g = test_git_init(fx->dir, 0);
	for (size_t i = 0; i < ARRAY_SIZE(FILES); i++) {
		test_write_file(fx->dir, FILES[i].path, FILES[i].text);
		test_git_stage(g, FILES[i].path);
	}
	test_git_commit_index(g, "initial");
	git_repository_free(g);
	paths[0] = fx->dir;
	assert_int_equal(repo_open(&fx->repo, fx->dir, &err), 0);
	free(err);
	config_init(&fx->cfg);
	assert_int_equal(scan_run(&fx->scan, fx->repo, &fx->cfg, paths, 1, NULL, NULL, &err), 0);
	free(err);
}

static void close_fixture(struct fixture *fx)
{
	scan_free(&fx->scan);
	config_free(&fx->cfg);
	repo_free(fx->repo);
	test_rm_rf(fx->dir);
	free(fx->dir);
}

static int wants(const struct finding *fd)
{
	return fd->fix != FIX_NONE && !fd->suppressed && fd->sev != SEV_INFO;
}

/* The note as a `berth fix` note line shows it: one line. */
static char *one_line(const char *note)
{
	char *s = xstrdup(note ? note : "");
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return s;
}

/*
 * Does the dry-run say this finding's level and note? A line
 * `path:N: [key] level: note` of the file; a Compose fix withheld for some
 * of its services gives those the level withheld and the fix's own note.
 */
static int said(const char *notes, const char *path, const struct finding *fd)
{
	char *body = one_line(fd->fix_note);
	char *want = xasprintf("[%s] %s: %s\n", item_defs[fd->item].key, fd->fix_level, body);
	char *key = xasprintf("[%s] ", item_defs[fd->item].key);
	size_t pl = strlen(path);
	int ok = 0;
	for (const char *l = notes; l && *l && !ok;) {
		const char *end = strchr(l, '\n');
		size_t n = end ? (size_t)(end - l + 1) : strlen(l);
		char *line = xstrndup(l, n);
		if (strncmp(line, path, pl) == 0 && line[pl] == ':') {
			const char *k = strstr(line, key);
			if (k && strcmp(k, want) == 0)
				ok = 1;
			else if (k && fd->service && strcmp(fd->fix_level, "withheld") == 0) {
				/* "[key] review: withheld for app (...): ...": the fix's level, the same note */
				const char *rest = strstr(k + strlen(key), ": ");
				size_t bl = strlen(body);
				ok = rest && strncmp(rest + 2, body, bl) == 0 && strcmp(rest + 2 + bl, "\n") == 0 &&
				     strstr(body, "withheld for ") && strstr(body, fd->service);
			}
		}
		free(line);
		l += n;
	}
	free(body);
	free(want);
	free(key);
	return ok;
}

/* Does the dry-run say anything about the file's `item`? */
static int names_item(const char *notes, const char *path, int item)
{
	char *key = xasprintf("[%s] ", item_defs[item].key);
	size_t pl = strlen(path);
	int ok = 0;
	for (const char *l = notes; l && *l && !ok;) {
		const char *end = strchr(l, '\n');
		size_t n = end ? (size_t)(end - l + 1) : strlen(l);
		char *line = xstrndup(l, n);
		ok = strncmp(line, path, pl) == 0 && line[pl] == ':' && strstr(line, key) != NULL;
		free(line);
		l += n;
	}
	free(key);
	return ok;
}

static void test_same_as_dry_run(void **state)
{
	struct fixture fx;
	struct fix_session *fs;
	struct fix_pick *picks;
	struct fsview plain, cached;
	struct fix_view_cache *cache;
	struct buf notes = BUF_INIT;
	size_t annotated = 0, files_planned = 0;
	unsigned seen = 0;
	(void)state;
	open_fixture(&fx);
	assert_true(fx.scan.nfiles >= 4);

	/* what `berth fix --dry-run` says about every file */
	fs = fix_session_new(&fx.scan);
	picks = xcalloc(fx.scan.nfiles, sizeof(*picks));
	for (size_t i = 0; i < fx.scan.nfiles; i++)
		picks[i].file = i;
	fix_session_notes(fs, picks, fx.scan.nfiles, &notes);
	fix_session_free(fs);
	free(picks);

	repo_fsview(fx.repo, &plain);
	cache = fix_view_cache_new(&plain, scan_file_data, &fx.scan);
	fix_view_cache_view(cache, &cached);
	for (size_t i = 0; i < fx.scan.nfiles; i++) {
		struct scan_file *f = &fx.scan.files[i];
		struct fix_input in, fresh_in;
		struct file_result fresh;
		size_t a0, a1, a2, planned = 0;
		if (!f->data)
			continue;
		for (size_t k = 0; k < f->res.nfindings; k++)
			planned |= wants(&f->res.findings[k]);
		/* the unoptimised way: audit the file afresh over the repository, then annotate that */
		fix_input_of_scan(&fresh_in, &fx.scan, i, &plain, &fx.cfg);     /* as cli_check.c fills it */
		fix_audit(&fresh, &fresh_in, f->data, f->len, &plain);
		fix_input_of_scan(&in, &fx.scan, i, &cached, &fx.cfg);
		a0 = fix_audit_count();
		fix_annotate_from(&f->res, &in, &f->res);       /* as `check --format json` does */
		a1 = fix_audit_count();
		fix_annotate(&fresh, &fresh_in);
		a2 = fix_audit_count();
		/* the scan's audit is the original's: one audit fewer per planned file, no other change */
		assert_int_equal(a2 - a1, (a1 - a0) + planned);
		files_planned += planned;
		assert_int_equal(fresh.nfindings, f->res.nfindings);
		for (size_t k = 0; k < f->res.nfindings; k++) {
			const struct finding *fd = &f->res.findings[k], *fr = &fresh.findings[k];
			assert_int_equal(fd->item, fr->item);
			if (!fd->fix_level) {
				assert_null(fr->fix_level);
				/* nothing annotated: the dry-run has nothing to say about it either */
				if (wants(fd))
					assert_false(names_item(buf_str(&notes), f->res.path, fd->item));
				continue;
			}
			assert_non_null(fr->fix_level);
			assert_string_equal(fd->fix_level, fr->fix_level);
			assert_string_equal(fd->fix_note, fr->fix_note);
			if (!said(buf_str(&notes), f->res.path, fd)) {
				fprintf(stderr, "%s [%s] %s: %s\nnot in:\n%s", f->res.path, item_defs[fd->item].key,
					fd->fix_level, fd->fix_note, buf_str(&notes));
				fail();
			}
			annotated++;
			seen |= strcmp(fd->fix_level, "safe") == 0 ? 1u : strcmp(fd->fix_level, "review") == 0 ? 2u : 4u;
		}
		file_result_free(&fresh);
	}
	/* the fixtures give every level, in several files */
	assert_int_equal(seen, 7u);
	assert_true(annotated >= 8);
	assert_true(files_planned >= 3);
	fix_view_cache_free(cache);
	buf_free(&notes);
	close_fixture(&fx);
}

/* A Dockerfile whose build context berth cannot tell: the fixes that read it are withheld, as `berth fix` says. */
static void test_context_unknown(void **state)
{
	static const char *df = "FROM node:20.11.1-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\n"
				"CMD [\"node\", \"server.js\"]\n";
	struct memfs *m = memfs_new();
	struct fsview view;
	struct file_result judged, r;
	struct fix_input in;
	struct fix_plan p;
	int checked = 0;
	(void)state;
	memfs_add(m, "app/Dockerfile", df, 1);
	memfs_add(m, "app/package.json", "{}\n", 1);
	memfs_add(m, "app/package-lock.json", "{}\n", 1);
	memfs_view(m, &view);
	memset(&judged, 0, sizeof(judged));
	judged.context_unknown = 1;
	memset(&in, 0, sizeof(in));
	in.path = "app/Dockerfile";
	in.kind = KIND_DOCKERFILE;
	in.data = df;
	in.len = strlen(df);
	in.fs = &view;
	in.judged = &judged;
	in.context_unknown = 1;
	fix_audit(&r, &in, df, strlen(df), &view);
	assert_int_equal(fix_plan(&p, &in), 0);
	fix_annotate_from(&r, &in, NULL);
	for (size_t i = 0; i < r.nfindings; i++) {
		const struct finding *fd = &r.findings[i];
		if (fd->item != ITEM_PERF_LAYER_ORDER || !wants(fd))
			continue;
		assert_string_equal(fd->fix_level, "withheld");
		assert_non_null(strstr(fd->fix_note, "cannot tell the build context"));
		checked++;
	}
	for (size_t i = 0; i < p.nheld; i++)
		checked += p.held[i].item == ITEM_PERF_LAYER_ORDER;
	assert_int_equal(checked, 2);
	fix_plan_free(&p);
	file_result_free(&r);
	memfs_free(m);
}

/* Verification parses a fixed Compose text once: the audit and the generator borrow it (ydoc_lend). */
static void test_ydoc_lend(void **state)
{
	static const char *yml = "services:\n  app:\n    image: nginx:1.25.4\n";
	char *copy = xstrdup(yml);
	struct ydoc lender, a, b;
	(void)state;
	assert_int_equal(ydoc_load(&lender, yml, strlen(yml)), 0);
	ydoc_lend(&lender, yml, strlen(yml));
	/* the same bytes at another address: the lent document, not a new parse */
	assert_int_equal(ydoc_load(&a, copy, strlen(copy)), 0);
	assert_ptr_equal(a.docs[0], lender.docs[0]);
	ydoc_free(&a);
	/* other bytes: parsed as ever */
	copy[strlen(copy) - 2] = '5';
	assert_int_equal(ydoc_load(&b, copy, strlen(copy)), 0);
	assert_ptr_not_equal(b.docs[0], lender.docs[0]);
	ydoc_free(&b);
	ydoc_lend(NULL, NULL, 0);
	/* freeing the borrowed copy left the lender whole; once taken back, nothing is lent */
	assert_string_equal(ydoc_str(ydoc_get(ydoc_get(ydoc_get(lender.docs[0], "services"), "app"), "image")),
			    "nginx:1.25.4");
	assert_int_equal(ydoc_load(&a, yml, strlen(yml)), 0);
	assert_ptr_not_equal(a.docs[0], lender.docs[0]);
	ydoc_free(&a);
	ydoc_free(&lender);
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_dry_run),
		cmocka_unit_test(test_context_unknown),
		cmocka_unit_test(test_ydoc_lend),
	};
	int rc;
	if (test_git_sandbox(tmp_root, sizeof(tmp_root), "fix-annotate") < 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	test_git_sandbox_end(tmp_root);
	return rc;
}
