/* The Compose loader: services, interpolation, .env, build resolution. */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "compose.h"
#include "compose_priv.h"
#include "scan.h"
#include "text.h"
#include "util.h"
#include "yamldoc.h"

/* Folders below the corpus root walked at most this deep. */
#define CORPUS_MAX_DEPTH 16

static void test_services_and_positions(void **state)
{
	const char *s = "services:\n  web:\n    image: nginx\n  bad: 3\n  x-common: &c {a: 1}\n  db:\n    image: postgres\n";
	struct compose_doc *d = compose_load(s, strlen(s));
	const struct compose_service *sv;
	size_t n;
	(void)state;
	assert_non_null(compose_root(d));
	sv = compose_services(d, &n);
	assert_int_equal(n, 2);                 /* `bad` is not a mapping, x-common an extension */
	assert_string_equal(sv[0].name, "web");
	assert_int_equal(sv[0].key->start.line, 2);
	assert_int_equal(sv[0].key->start.col, 3);
	assert_int_equal(sv[0].key->start.offset, 12);
	assert_string_equal(sv[1].name, "db");
	assert_string_equal(ydoc_str(ydoc_get(sv[1].value, "image")), "postgres");
	compose_free(d);
	d = compose_load("a: [", 4);
	assert_null(compose_root(d));
	compose_free(d);
}

static void test_dev_names(void **state)
{
	(void)state;
	assert_true(compose_is_dev_name("compose.override.yaml"));
	assert_true(compose_is_dev_name("x/docker-compose.dev.yml"));
	assert_true(compose_is_dev_name("docker-compose_local.yml"));
	assert_true(compose_is_dev_name("compose-ci.yaml"));
	assert_false(compose_is_dev_name("docker-compose.prod.yml"));
	assert_false(compose_is_dev_name("dev/compose.yaml"));          /* the name, not the folder */
	assert_false(compose_is_dev_name("compose.devices.yaml"));
}

static char *interp(const struct compose_env *e, const char *s, int *unresolved, int *from_env)
{
	struct compose_interp r;
	char *v;
	compose_interp(e, s, &r);
	*unresolved = r.unresolved;
	if (from_env)
		*from_env = r.from_env;
	v = r.value;
	r.value = NULL;
	compose_interp_free(&r);
	return v;
}

static void expect(const struct compose_env *e, const char *in, const char *want, int want_unres)
{
	int u;
	char *v = interp(e, in, &u, NULL);
	if (strcmp(v, want) != 0 || u != want_unres)
		fail_msg("%s -> '%s' (unresolved %d), want '%s' (%d)", in, v, u, want, want_unres);
	free(v);
}

static void test_interpolation(void **state)
{
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct compose_env e;
	int u, fe;
	char *v;
	(void)state;
	memfs_add(m, "app/.env", "# comment\nTAG=1.2.3\nexport EMPTY=\nQ=\"a b\" \nS='x$TAG'\nU=v #c\nR=${TAG}-r\n", 0);
	memfs_add(m, "app/compose.yaml", "", 0);
	memfs_view(m, &fs);
	compose_env_load(&e, &fs, "app/compose.yaml");
	expect(&e, "nginx:${TAG}", "nginx:1.2.3", 0);
	expect(&e, "nginx:$TAG", "nginx:1.2.3", 0);
	expect(&e, "${NOPE:-7.0.1}", "7.0.1", 0);
	expect(&e, "${EMPTY:-d}", "d", 0);
	expect(&e, "${EMPTY-d}", "", 0);
	expect(&e, "${NOPE-d}", "d", 0);
	expect(&e, "${NOPE}", "", 1);
	expect(&e, "${NOPE:?must be set}", "", 1);
	expect(&e, "${EMPTY?x}", "", 0);
	expect(&e, "${EMPTY:?x}", "", 1);
	expect(&e, "${TAG:+yes}${NOPE:+no}", "yes", 0);
	expect(&e, "$${TAG} $$", "${TAG} $", 0);
	expect(&e, "${NOPE:-${TAG}}", "1.2.3", 0);
	expect(&e, "${TAG", "", 1);
	expect(&e, "${}", "", 1);
	expect(&e, "${Q}|${S}|${U}|${R}", "a b|x$TAG|v|1.2.3-r", 0);
	expect(&e, "cost $5", "cost $5", 0);
	v = interp(&e, "${TAG}", &u, &fe);
	assert_true(fe);
	free(v);
	v = interp(&e, "${NOPE:-x}", &u, &fe);
	assert_false(fe);
	free(v);
	compose_env_free(&e);
	/* no .env beside the file, and no process environment either */
	setenv("BERTH_TEST_VAR", "leak", 1);
	compose_env_load(&e, &fs, "compose.yaml");
	expect(&e, "${TAG}", "", 1);
	expect(&e, "${BERTH_TEST_VAR}", "", 1);
	compose_env_free(&e);
	memfs_free(m);
}

static void test_literal_default(void **state)
{
	struct compose_env e = { 0 };
	struct compose_interp r;
	(void)state;
	compose_interp(&e, "${DB_PASSWORD:-changeme}", &r);
	assert_true(r.literal_default);
	assert_string_equal(r.default_text, "changeme");
	compose_interp_free(&r);
	compose_interp(&e, "${DB_PASSWORD:-${OTHER}}", &r);
	assert_false(r.literal_default);
	compose_interp_free(&r);
	compose_interp(&e, "${DB_PASSWORD}", &r);
	assert_false(r.literal_default);
	assert_int_equal(r.vars, 1);
	compose_interp_free(&r);
}

static void test_builds(void **state)
{
	const char *s =
		"services:\n"
		"  a:\n    build: .\n"
		"  b:\n    build:\n      context: ../svc\n      dockerfile: docker/Dockerfile.prod\n      target: prod\n"
		"  c:\n    build: ../../elsewhere\n"
		"  d:\n    build: https://github.com/x/y.git#main\n"
		"  e:\n    build: ${CTX}\n"
		"  f:\n    image: nginx:1.25.3\n"
		"  g:\n    build: ${DIR}\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct compose_doc *d = compose_load(s, strlen(s));
	struct compose_build *b;
	size_t n;
	(void)state;
	memfs_add(m, "deploy/.env", "DIR=../web\n", 0);
	memfs_view(m, &fs);
	n = compose_builds(d, "deploy/compose.yaml", &fs, &b);
	assert_int_equal(n, 6);
	assert_string_equal(b[0].service, "a");
	assert_string_equal(b[0].context, "deploy");
	assert_string_equal(b[0].dockerfile, "deploy/Dockerfile");
	assert_null(b[0].target);
	assert_string_equal(b[1].context, "svc");
	assert_string_equal(b[1].dockerfile, "svc/docker/Dockerfile.prod");
	assert_string_equal(b[1].target, "prod");
	assert_null(b[2].context);              /* outside the repository */
	assert_null(b[2].dockerfile);
	assert_null(b[3].context);              /* remote */
	assert_null(b[4].context);              /* unresolvable */
	assert_string_equal(b[5].service, "g");
	assert_string_equal(b[5].context, "web");
	compose_builds_free(b, n);
	compose_free(d);
	memfs_free(m);
}

/* 1 when service i of d, extends merged, has `key` (no other file consulted). */
static int eff_has(const struct compose_doc *d, size_t i, const char *key)
{
	struct compose_resolver r;
	struct compose_eff e;
	int has;
	compose_resolver_init(&r, d, "compose.yaml", NULL, NULL);
	compose_resolve(&r, &d->services[i], &e);
	has = ydoc_get(e.map, key) != NULL;
	compose_eff_free(&e);
	compose_resolver_free(&r);
	return has;
}

static void test_extends(void **state)
{
	const char *s = "services:\n  base:\n    read_only: true\n  app:\n    extends: base\n"
			"  other:\n    extends:\n      service: app\n    restart: always\n";
	struct compose_doc *d = compose_load(s, strlen(s));
	size_t n;
	(void)state;
	compose_services(d, &n);
	assert_int_equal(n, 3);
	assert_true(eff_has(d, 1, "read_only"));
	assert_true(eff_has(d, 2, "read_only"));
	assert_false(eff_has(d, 1, "restart"));
	assert_false(eff_has(d, 1, "extends"));  /* consumed by the merge */
	compose_free(d);
}

/* `extends:` chains are bounded, and resolved cheaply: many services stay fast. */
static void test_extends_many(void **state)
{
	struct buf b = BUF_INIT;
	struct compose_doc *d;
	struct compose_resolver r;
	size_t n;
	(void)state;
	buf_puts(&b, "services:\n  s0:\n    read_only: true\n");
	for (int i = 1; i < 20000; i++)
		buf_printf(&b, "  s%d:\n    extends: s%d\n", i, i - 1);
	d = compose_load(b.ptr, b.len);
	compose_services(d, &n);
	assert_int_equal(n, 20000);
	assert_true(eff_has(d, COMPOSE_MAX_EXTENDS, "read_only"));
	assert_false(eff_has(d, COMPOSE_MAX_EXTENDS + 1, "read_only"));
	compose_resolver_init(&r, d, "compose.yaml", NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		struct compose_eff e;
		compose_resolve(&r, &d->services[i], &e);
		assert_null(ydoc_get(e.map, "cap_drop"));
		assert_int_equal(e.nproblems, i > COMPOSE_MAX_EXTENDS);    /* past the limit: an info */
		compose_eff_free(&e);
	}
	compose_resolver_free(&r);
	compose_free(d);
	buf_free(&b);
}

/* The scan gives a Dockerfile the context of the Compose service that builds it (perf.dockerignore). */
static void test_build_context_dockerignore(void **state)
{
	const char *y = "services:\n  api:\n    build:\n      context: ./api\n      dockerfile: docker/Dockerfile\n";
	const char *df = "FROM alpine:3.19.1\nWORKDIR /app\nCOPY . /app\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct compose_doc *d = compose_load(y, strlen(y));
	struct compose_build *b;
	struct file_result r;
	struct text t;
	size_t n;
	(void)state;
	memfs_add(m, "compose.yaml", y, 1);
	memfs_add(m, "api/docker/Dockerfile", df, 1);
	memfs_add(m, "api/.dockerignore", "node_modules\n.env\n", 1);
	memfs_view(m, &fs);
	n = compose_builds(d, "compose.yaml", &fs, &b);
	assert_int_equal(n, 1);
	assert_string_equal(b[0].context, "api");
	assert_string_equal(b[0].dockerfile, "api/docker/Dockerfile");
	text_init(&t, df, strlen(df));
	scan_audit_file(&r, b[0].dockerfile, KIND_DOCKERFILE, df, strlen(df), &t, &fs, NULL, &b[0].context, 1);
	assert_status(&r, "perf.dockerignore", "pass");         /* the context's own .dockerignore */
	file_result_free(&r);
	scan_audit_file(&r, b[0].dockerfile, KIND_DOCKERFILE, df, strlen(df), &t, &fs, NULL, NULL, 0);
	assert_status(&r, "perf.dockerignore", "fail");         /* the Dockerfile's folder has none */
	file_result_free(&r);
	text_free(&t);
	compose_builds_free(b, n);
	compose_free(d);
	memfs_free(m);
}

/* ---- the shared corpus, through a read-only view of the folder on disk ---- */

static int disk_read(void *payload, const char *path, char **data, size_t *len)
{
	char *full = xasprintf("%s/%s", (const char *)payload, path);
	FILE *f = fopen(full, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	free(full);
	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	buf_putc(&b, '\0');
	*len = b.len - 1;
	*data = buf_detach(&b);
	return 0;
}

static enum fs_type disk_stat(void *payload, const char *path)
{
	char *full = xasprintf("%s/%s", (const char *)payload, path);
	struct stat st;
	int rc = lstat(full, &st);
	free(full);
	if (rc != 0)
		return FS_MISSING;
	return S_ISDIR(st.st_mode) ? FS_DIR : S_ISREG(st.st_mode) ? FS_FILE : FS_MISSING;
}

struct corpus_stats {
	size_t files, parse_fail, fail[ITEM_COUNT], pass[ITEM_COUNT], findings;
};

static void audit_one(const char *root, const char *rel, struct corpus_stats *st)
{
	struct fsview fs = { disk_read, disk_stat, NULL, NULL, (void *)root };
	struct file_result r;
	struct text t;
	char *data;
	size_t len;
	if (disk_read((void *)root, rel, &data, &len) < 0)
		fail_msg("cannot read %s", rel);
	text_init(&t, data, len);
	scan_audit_file(&r, rel, KIND_COMPOSE, data, len, &t, &fs, NULL, NULL, 0);
	assert_int_not_equal(r.status[ITEM_COMPOSE_PARSE], ST_NA);
	st->files++;
	st->parse_fail += r.status[ITEM_COMPOSE_PARSE] == ST_FAIL;
	st->findings += r.nfindings;
	for (int i = 0; i < ITEM_COUNT; i++) {
		st->fail[i] += r.status[i] == ST_FAIL;
		st->pass[i] += r.status[i] == ST_PASS;
	}
	file_result_free(&r);
	text_free(&t);
	free(data);
}

static void walk(const char *root, const char *rel, int depth, struct corpus_stats *st)
{
	char *dir = *rel ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	DIR *d = opendir(dir);
	struct dirent *e;
	free(dir);
	if (!d || depth > CORPUS_MAX_DEPTH) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char *sub;
		enum fs_type type;
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		sub = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		type = disk_stat((void *)root, sub);
		if (type == FS_DIR)
			walk(root, sub, depth + 1, st);
		else if (type == FS_FILE && (str_ends(sub, ".yml") || str_ends(sub, ".yaml")))
			audit_one(root, sub, st);
		free(sub);
	}
	closedir(d);
}

static void test_corpus(void **state)
{
	const char *shared = shared_dir();
	struct corpus_stats st;
	struct timespec t0, t1;
	char *root;
	(void)state;
	if (!shared) {
		printf("skip: the shared corpus (../shared or $BERTH_SHARED) is absent\n");
		skip();
	}
	memset(&st, 0, sizeof(st));
	root = xasprintf("%s/corpus", shared);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	walk(root, "", 0, &st);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("corpus: %zu compose files audited in %.3f s, %zu findings, compose.parse failed in %zu\n",
	       st.files, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       st.findings, st.parse_fail);
	for (int i = 0; i < ITEM_COUNT; i++)
		if (item_defs[i].kind == KIND_COMPOSE)
			printf("  %-28s pass %3zu  fail %3zu\n", item_defs[i].key, st.pass[i], st.fail[i]);
	assert_true(st.files > 0);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_services_and_positions),
		cmocka_unit_test(test_dev_names),
		cmocka_unit_test(test_interpolation),
		cmocka_unit_test(test_literal_default),
		cmocka_unit_test(test_builds),
		cmocka_unit_test(test_extends),
		cmocka_unit_test(test_extends_many),
		cmocka_unit_test(test_build_context_dockerignore),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
