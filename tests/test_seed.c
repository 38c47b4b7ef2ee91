/*
 * Whole Dockerfiles: the fixtures of tests/fixtures/checks (each states its
 * expected statuses in "# expect KEY STATUS" comments), the seed guide's own
 * examples judged by CHECKLIST.md (berth reports where the guide breaks its
 * own rules instead of copying them), and a crash-free run over every
 * Dockerfile of the shared corpus. The last two need ../shared (or
 * $BERTH_SHARED); they say so and skip without it.
 */
#include "test_check_util.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

/* Folder depth followed in the corpus. */
#define CORPUS_MAX_DEPTH 12

struct blocks {
	char **text;
	size_t n, cap;
};

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

/* Every ```dockerfile block of the seed guide. */
static int seed_blocks(struct blocks *bl)
{
	const char *dir = shared_dir();
	char path[4096];
	char *md, *p;
	memset(bl, 0, sizeof(*bl));
	if (!dir) {
		printf("skipped: the shared folder (../shared or $BERTH_SHARED) is absent\n");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/seed/docker-best-practices.md", dir);
	if (!(md = read_file(path))) {
		printf("skipped: %s is absent\n", path);
		return -1;
	}
	for (p = md; (p = strstr(p, "```dockerfile\n")) != NULL;) {
		char *end;
		p += strlen("```dockerfile\n");
		end = strstr(p, "```");
		if (!end)
			break;
		PUSH(bl->text, bl->n, bl->cap, xstrndup(p, (size_t)(end - p)));
		p = end + 3;
	}
	free(md);
	return 0;
}

static void blocks_free(struct blocks *bl)
{
	for (size_t i = 0; i < bl->n; i++)
		free(bl->text[i]);
	free(bl->text);
}

/* The first block containing `needle`, failing the test when none does. */
static const char *block_with(const struct blocks *bl, const char *needle)
{
	for (size_t i = 0; i < bl->n; i++)
		if (strstr(bl->text[i], needle))
			return bl->text[i];
	fail_msg("no seed block contains %s", needle);
	return NULL;
}

static void assert_all_judged(const struct file_result *r)
{
	for (int i = 0; i < ITEM_COUNT; i++)
		if (item_defs[i].kind == KIND_DOCKERFILE && r->status[i] > ST_IGNORED)
			fail_msg("%s: %s has no status", r->path, item_defs[i].key);
}

static void test_seed_python_api(void **state)
{
	struct blocks bl;
	struct file_result r;
	(void)state;
	if (seed_blocks(&bl) != 0)
		skip();
	df_audit(&r, block_with(&bl, "FROM python:3.11.11-slim AS base"));
	assert_all_judged(&r);
	/* its own --no-cache-dir beside the pip cache mount: an info note */
	assert_status(&r, "perf.cache-mounts", "pass");
	assert_finding(&r, "perf.cache-mounts", "cache-mount-wasted", "info", 25, 5);    /* the --no-cache-dir word */
	assert_status(&r, "sec.pinned-base", "pass");
	assert_status(&r, "sec.non-root", "pass");
	assert_status(&r, "sec.healthcheck", "pass");
	assert_status(&r, "perf.multi-stage", "pass");     /* build-essential only in the builder */
	assert_status(&r, "size.no-build-tools", "pass");
	assert_status(&r, "perf.layer-order", "pass");
	assert_status(&r, "corr.expose-port", "pass");
	assert_status(&r, "corr.production-cmd", "pass");
	assert_status(&r, "corr.syntax-directive", "pass");
	assert_status(&r, "corr.parse", "pass");
	file_result_free(&r);
	blocks_free(&bl);
}

static void test_seed_sandbox(void **state)
{
	struct blocks bl;
	struct file_result r;
	(void)state;
	if (seed_blocks(&bl) != 0)
		skip();
	df_audit(&r, block_with(&bl, "FROM ubuntu:22.04.5 AS base"));
	assert_all_judged(&r);
	/* the NodeSource script piped into bash without pipefail */
	assert_status(&r, "corr.pitfalls", "fail");
	assert_finding(&r, "corr.pitfalls", "curl-pipe-shell", "warning", 31, 5);
	/* build-essential and the -dev packages stay in the only stage */
	assert_status(&r, "size.no-build-tools", "fail");
	assert_finding(&r, "size.no-build-tools", "build-tools", "warning", 15, 5);       /* build-essential, one finding for the install */
	assert_finding(&r, "sec.minimal-base", "no-slim-variant", "info", 2, 6);
	assert_status(&r, "sec.minimal-base", "pass");
	assert_finding(&r, "perf.cache-mounts", "cache-mount-wasted", "info", 28, 5);
	assert_status(&r, "sec.pinned-base", "pass");
	assert_status(&r, "sec.non-root", "pass");
	assert_status(&r, "sec.healthcheck", "n/a");
	file_result_free(&r);
	blocks_free(&bl);
}

static void test_seed_dev_vs_prod(void **state)
{
	struct blocks bl;
	struct file_result r;
	(void)state;
	if (seed_blocks(&bl) != 0)
		skip();
	df_audit(&r, block_with(&bl, "FROM base AS development"));
	assert_all_judged(&r);
	/* production is last: its CMD has no --reload */
	assert_status(&r, "corr.production-cmd", "pass");
	/* a fragment: `base` is not a stage here, so it is an untagged image */
	assert_finding(&r, "sec.pinned-base", "latest", "error", 2, 6);
	assert_finding(&r, "corr.pitfalls", "copy-from-unknown", "warning", 15, 6); /* --build-context may supply it */
	/* only RUN --mount, which current Docker builds: an info note (revision 4) */
	assert_finding(&r, "corr.syntax-directive", "no-syntax-directive", "info", 4, 5);
	assert_status(&r, "corr.syntax-directive", "pass");
	file_result_free(&r);
	blocks_free(&bl);
}

static void test_seed_pins(void **state)
{
	struct blocks bl;
	struct file_result r;
	(void)state;
	if (seed_blocks(&bl) != 0)
		skip();
	/* "NEVER use latest" shows python:3.11-slim, a moving tag */
	df_audit(&r, block_with(&bl, "NEVER use latest"));
	assert_status(&r, "sec.pinned-base", "fail");
	assert_finding(&r, "sec.pinned-base", "unpinned-tag", "warning", 2, 6);
	assert_int_equal(count_of(&r, "sec.pinned-base", NULL), 1);
	file_result_free(&r);
	/* the hardening example ends on distroless:latest */
	df_audit(&r, block_with(&bl, "gcr.io/distroless/python3-debian12:latest"));
	assert_finding(&r, "sec.pinned-base", "latest", "error", 16, 6);
	assert_status(&r, "corr.parse", "fail");   /* RUN and USER before FROM */
	file_result_free(&r);
	df_audit(&r, block_with(&bl, "FROM python:3-slim"));
	assert_finding(&r, "sec.pinned-base", "unpinned-tag", "warning", 1, 6);
	file_result_free(&r);
	/* installing dev extras in production */
	df_audit(&r, block_with(&bl, "FROM python:3.11-slim\nRUN pip install -e"));
	assert_status(&r, "size.prod-deps-only", "fail");
	assert_finding(&r, "size.prod-deps-only", "dev-extras", "warning", 2, 20);
	file_result_free(&r);
	blocks_free(&bl);
}

static void test_seed_every_block(void **state)
{
	struct blocks bl;
	(void)state;
	if (seed_blocks(&bl) != 0)
		skip();
	assert_true(bl.n >= 10);
	for (size_t i = 0; i < bl.n; i++) {
		struct file_result r;
		int has_from = strstr(bl.text[i], "FROM ") != NULL;
		df_audit(&r, bl.text[i]);
		assert_all_judged(&r);
		if (!has_from) {
			/* a fragment without FROM: only the parse item is judged */
			assert_status(&r, "corr.parse", "fail");
			assert_status(&r, "sec.non-root", "n/a");
		}
		file_result_free(&r);
	}
	printf("seed: %zu dockerfile blocks judged\n", bl.n);
	blocks_free(&bl);
}

/* ---- tests/fixtures/checks ---- */

#define FIXTURE_DIR "tests/fixtures/checks"

/* Checks every "# expect KEY STATUS" line of one fixture; returns how many were checked. */
static size_t fixture_check(const char *name, const char *text)
{
	struct file_result r;
	size_t n = 0;
	df_audit(&r, text);
	assert_all_judged(&r);
	for (const char *p = text; (p = strstr(p, "# expect ")) != NULL; n++) {
		char key[64], want[16];
		p += strlen("# expect ");
		if (sscanf(p, "%63s %15s", key, want) != 2)
			fail_msg("%s: bad expect line", name);
		if (strcmp(status_of(&r, key), want) != 0) {
			dump_result(&r);
			fail_msg("%s: %s is %s, expected %s", name, key, status_of(&r, key), want);
		}
	}
	file_result_free(&r);
	return n;
}

static void test_fixtures(void **state)
{
	DIR *d = opendir(FIXTURE_DIR);
	struct dirent *e;
	size_t files = 0, checks = 0;
	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		char *text;
		if (!str_ends(e->d_name, ".Dockerfile"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", FIXTURE_DIR, e->d_name);
		text = read_file(path);
		assert_non_null(text);
		checks += fixture_check(e->d_name, text);
		files++;
		free(text);
	}
	closedir(d);
	printf("fixtures: %zu files, %zu expected statuses\n", files, checks);
	assert_true(files >= 5);
}

/* ---- the corpus ---- */

struct corpus_stats {
	size_t files;
	size_t fail[ITEM_COUNT], pass[ITEM_COUNT], na[ITEM_COUNT];
};

static int dockerfile_name(const char *n)
{
	if (str_ends(n, ".dockerignore"))
		return 0;
	return !strcmp(n, "Dockerfile") || str_starts(n, "Dockerfile.") || str_ends(n, ".Dockerfile") ||
	       str_ends(n, ".dockerfile") || !strcmp(n, "Containerfile") || str_starts(n, "Containerfile.");
}

static void corpus_file(struct corpus_stats *st, const char *path, const char *rel)
{
	struct file_result r;
	char *text = read_file(path);
	if (!text)
		return;
	audit_text(&r, rel, KIND_DOCKERFILE, text, NULL);     /* up to a NUL byte, if any */
	assert_all_judged(&r);
	for (int i = 0; i < ITEM_COUNT; i++) {
		if (item_defs[i].kind != KIND_DOCKERFILE)
			continue;
		st->fail[i] += r.status[i] == ST_FAIL;
		st->pass[i] += r.status[i] == ST_PASS;
		st->na[i] += r.status[i] == ST_NA;
	}
	st->files++;
	file_result_free(&r);
	free(text);
}

static void corpus_walk(struct corpus_stats *st, const char *dir, const char *rel, int depth)
{
	DIR *d;
	struct dirent *e;
	if (depth > CORPUS_MAX_DEPTH || !(d = opendir(dir)))
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4096], sub[4096];
		struct stat sb;
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		if (lstat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode))
			corpus_walk(st, path, sub, depth + 1);
		else if (S_ISREG(sb.st_mode) && dockerfile_name(e->d_name))
			corpus_file(st, path, sub);
	}
	closedir(d);
}

static void test_corpus(void **state)
{
	const char *dir = shared_dir();
	char path[4096];
	struct corpus_stats *st;
	(void)state;
	if (!dir) {
		printf("skipped: the shared folder (../shared or $BERTH_SHARED) is absent\n");
		skip();
	}
	snprintf(path, sizeof(path), "%s/corpus", dir);
	st = calloc(1, sizeof(*st));
	corpus_walk(st, path, "", 0);
	printf("corpus: %zu Dockerfiles audited\n", st->files);
	printf("  %-28s %6s %6s %6s\n", "item", "fail", "pass", "n/a");
	for (int i = 0; i < ITEM_COUNT; i++)
		if (item_defs[i].kind == KIND_DOCKERFILE)
			printf("  %-28s %6zu %6zu %6zu\n", item_defs[i].key, st->fail[i], st->pass[i], st->na[i]);
	free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_seed_python_api),
		cmocka_unit_test(test_seed_sandbox),
		cmocka_unit_test(test_seed_dev_vs_prod),
		cmocka_unit_test(test_seed_pins),
		cmocka_unit_test(test_seed_every_block),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
