/* Image facts: the compiled-in table loads, references match by name and tag, `.berth.yaml` adds and corrects. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "util.h"

extern const char facts_images_yaml[];
extern const size_t facts_images_yaml_len;

static const struct facts_db *builtin(void)
{
	const struct facts_db *db = facts_builtin();
	if (!db)
		fail_msg("images.yaml does not load: %s", facts_builtin_error());
	return db;
}

static int has(const struct facts_list *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

static const struct facts_user *user_named(const struct image_facts *f, const char *name)
{
	for (size_t i = 0; i < f->nusers; i++)
		if (strcmp(f->users[i].name, name) == 0)
			return &f->users[i];
	return NULL;
}

/* The compiled-in text is core/facts/images.yaml, byte for byte, and loads without an error. */
static void test_builtin_loads(void **state)
{
	FILE *fp = fopen("core/facts/images.yaml", "rb");
	char *disk;
	size_t n;
	(void)state;
	assert_non_null(fp);
	disk = malloc(facts_images_yaml_len + 2);
	n = fread(disk, 1, facts_images_yaml_len + 1, fp);
	fclose(fp);
	assert_int_equal(n, facts_images_yaml_len);
	assert_memory_equal(disk, facts_images_yaml, n);
	free(disk);
	assert_null(facts_builtin_error());
	assert_true(facts_db_count(builtin()) >= 60);
}

/* Every entry says where its facts come from: a repository and a path or a reason. */
static void test_every_entry_has_source(void **state)
{
	const struct facts_db *db = builtin();
	struct image_facts f;
	(void)state;
	for (size_t i = 0; i < facts_db_count(db); i++) {
		assert_int_equal(facts_db_entry(db, i, &f), 0);
		if (strcmp(f.source, "images.yaml") == 0 || strlen(f.source) < 12)
			fail_msg("%s: no source", f.name);
	}
	assert_int_equal(facts_db_entry(db, facts_db_count(db), &f), -1);
}

static void test_ref_split(void **state)
{
	static const struct { const char *ref, *name, *tag; } cases[] = {
		{ "node", "node", "latest" },
		{ "docker.io/library/node:20.11.1-alpine3.19", "node", "20.11.1-alpine3.19" },
		{ "index.docker.io/library/python:3.12-slim", "python", "3.12-slim" },
		{ "library/redis:7", "redis", "7" },
		{ "docker.io/bitnami/kafka:3.7", "bitnami/kafka", "3.7" },
		{ "node@sha256:0123abcd", "node", NULL },
		{ "node:20@sha256:0123abcd", "node", "20" },
		{ "ghcr.io/acme/x:1", "ghcr.io/acme/x", "1" },
		{ "localhost:5000/app", "localhost:5000/app", "latest" },
		{ "localhost:5000/library/app:2", "localhost:5000/library/app", "2" },
		{ "node:${NODE_VERSION}-alpine", "node", NULL },
	};
	char *name, *tag;
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(facts_ref_split(cases[i].ref, &name, &tag), 0);
		assert_string_equal(name, cases[i].name);
		if (cases[i].tag)
			assert_string_equal(tag, cases[i].tag);
		else
			assert_null(tag);
		free(name);
		free(tag);
	}
	assert_int_equal(facts_ref_split("${BASE}", &name, &tag), -1);
	assert_int_equal(facts_ref_split("node:", &name, &tag), -1);
	assert_int_equal(facts_ref_split("", &name, &tag), -1);
	assert_null(name);
}

static void test_lookup_registries(void **state)
{
	const struct facts_db *db = builtin();
	struct image_facts f;
	(void)state;
	assert_true(facts_lookup(db, "docker.io/library/postgres:16", &f));
	assert_string_equal(f.name, "postgres");
	assert_true(facts_lookup(db, "library/postgres", &f));
	assert_true(facts_lookup(db, "postgres@sha256:0123abcd", &f));
	assert_true(facts_lookup(db, "quay.io/keycloak/keycloak:26.0", &f));
	assert_string_equal(f.name, "quay.io/keycloak/keycloak");
	assert_true(facts_lookup(db, "docker.elastic.co/elasticsearch/elasticsearch:8.15.0", &f));
	/* Docker Hub's elasticsearch is built from the same Dockerfile (an alias) */
	assert_true(facts_lookup(db, "elasticsearch:8.15.0", &f));
	assert_string_equal(f.name, "docker.elastic.co/elasticsearch/elasticsearch");
	assert_true(facts_lookup(db, "mcr.microsoft.com/dotnet/aspnet:8.0", &f));
	/* a glob entry: every distroless image */
	assert_true(facts_lookup(db, "gcr.io/distroless/static-debian12:nonroot", &f));
	assert_string_equal(f.user, "nonroot");
	assert_int_equal(f.shell, FACTS_SHELL_NONE);
	assert_false(has(&f.tools, "python"));
	/* globs in file order: python3* comes before the catch-all */
	assert_true(facts_lookup(db, "gcr.io/distroless/python3-debian12", &f));
	assert_true(has(&f.tools, "python"));
	assert_null(f.user);
	assert_true(f.starts_as_root);
	assert_true(facts_lookup(db, "gcr.io/distroless/python3-debian12:debug-nonroot", &f));
	assert_string_equal(f.user, "nonroot");
	assert_int_equal(f.shell, FACTS_SHELL_SH);
	/* unknown: a name in another registry, another namespace, or nothing like an image */
	assert_false(facts_lookup(db, "ghcr.io/acme/postgres:16", &f));
	assert_false(facts_lookup(db, "acme/postgres", &f));
	assert_false(facts_lookup(db, "ghcr.io/acme/x:1", &f));
	assert_false(facts_lookup(db, "${BASE_IMAGE}", &f));
	assert_false(facts_lookup(db, "", &f));
	assert_false(facts_lookup(NULL, "node", &f));
}

static void test_lookup_tags(void **state)
{
	const struct facts_db *db = builtin();
	struct image_facts f;
	const struct facts_user *u;
	(void)state;
	/* ubuntu 24.04 ships user ubuntu (uid 1000); 22.04 does not */
	assert_true(facts_lookup(db, "ubuntu:24.04", &f));
	assert_true(f.tag_known);
	u = user_named(&f, "ubuntu");
	assert_non_null(u);
	assert_int_equal(u->uid, 1000);
	assert_true(FACTS_HAS(&f, UID1000) && f.uid_1000_taken);
	assert_true(facts_lookup(db, "ubuntu:noble-20240530", &f));
	assert_non_null(user_named(&f, "ubuntu"));
	assert_true(facts_lookup(db, "ubuntu:22.04", &f));
	assert_null(user_named(&f, "ubuntu"));
	assert_true(FACTS_HAS(&f, UID1000) && !f.uid_1000_taken);
	/* a digest alone: what differs between tags is unknown */
	assert_true(facts_lookup(db, "ubuntu@sha256:0123abcd", &f));
	assert_false(f.tag_known);
	assert_false(FACTS_HAS(&f, UID1000));
	assert_int_equal(f.package_manager, FACTS_PKG_APT);

	/* node: the same user everywhere, a different user tool and shell per variant */
	assert_true(facts_lookup(db, "node:20-alpine", &f));
	assert_int_equal(f.user_tool, FACTS_TOOL_BUSYBOX);
	assert_int_equal(f.package_manager, FACTS_PKG_APK);
	assert_int_equal(f.shell, FACTS_SHELL_SH);
	u = user_named(&f, "node");
	assert_non_null(u);
	assert_int_equal(u->uid, 1000);
	assert_true(facts_lookup(db, "node:20-bookworm", &f));
	assert_int_equal(f.user_tool, FACTS_TOOL_USERADD);
	assert_int_equal(f.package_manager, FACTS_PKG_APT);
	assert_int_equal(f.shell, FACTS_SHELL_BASH);
	assert_true(has(&f.tools, "curl"));
	assert_true(facts_lookup(db, "node:20-bookworm-slim", &f));
	assert_false(has(&f.tools, "curl"));
	assert_true(has(&f.env, "NODE_VERSION"));
	assert_true(facts_lookup(db, "node@sha256:0123abcd", &f));
	assert_false(FACTS_HAS(&f, USER_TOOL));
	assert_true(has(&f.env, "NODE_VERSION"));

	/* postgres: gosu, and a data volume that moved in 18 */
	assert_true(facts_lookup(db, "postgres:17-alpine", &f));
	assert_int_equal(f.drops_privileges, FACTS_DROP_GOSU);
	assert_true(f.starts_as_root);
	assert_null(f.user);
	assert_true(FACTS_HAS(&f, USER));
	assert_int_equal(f.ports[0], 5432);
	assert_true(has(&f.volumes, "/var/lib/postgresql/data"));
	assert_true(facts_lookup(db, "postgres:18", &f));
	assert_true(has(&f.volumes, "/var/lib/postgresql"));
	assert_false(has(&f.volumes, "/var/lib/postgresql/data"));

	/* [] is a known "no port"; an override may say so */
	assert_true(facts_lookup(db, "docker:29-cli", &f));
	assert_true(FACTS_HAS(&f, PORT));
	assert_int_equal(f.nports, 0);
	assert_true(facts_lookup(db, "docker:29-dind", &f));
	assert_int_equal(f.nports, 2);
	assert_int_equal(f.ports[0], 2376);
	assert_true(facts_lookup(db, "docker:29-dind-rootless", &f));
	assert_string_equal(f.user, "rootless");
	assert_false(f.starts_as_root);

	/* an image that runs as non-root by default */
	assert_true(facts_lookup(db, "nginxinc/nginx-unprivileged:1.27-alpine", &f));
	assert_non_null(f.user);
	assert_int_equal(f.ports[0], 8080);
}

static void test_add_yaml(void **state)
{
	const char *yaml =
		"version: 1\n"
		"images:\n"
		"  ghcr.io/acme/base:\n"
		"    user: app\n"
		"    users: [{name: app, uid: 10001, gid: 10001}]\n"
		"    drops-privileges: gosu\n"
		"    cap-add: [CHOWN, SETUID, SETGID]\n"
		"    tmpfs: [/tmp, /run]\n"
		"    port: 8080\n"
		"    health: [\"CMD\", \"/usr/local/bin/healthcheck\"]\n"
		"  docker.io/library/postgres:\n"
		"    port: 6543\n";
	struct facts_db *db = facts_db_copy(builtin());
	struct image_facts f, before;
	char *err = NULL;
	(void)state;
	assert_non_null(db);
	assert_int_equal(facts_db_count(db), facts_db_count(builtin()));
	assert_true(facts_lookup(builtin(), "postgres:16", &before));
	assert_int_equal(facts_db_add_yaml(db, yaml, strlen(yaml), ".berth.yaml", &err), 0);
	assert_null(err);
	assert_int_equal(facts_db_count(db), facts_db_count(builtin()) + 1);
	assert_true(facts_lookup(db, "ghcr.io/acme/base:1.2.3", &f));
	assert_string_equal(f.user, "app");
	assert_int_equal(f.users[0].uid, 10001);
	assert_int_equal(f.drops_privileges, FACTS_DROP_GOSU);
	assert_true(has(&f.cap_add, "SETGID"));
	assert_int_equal(f.ports[0], 8080);
	assert_string_equal(f.health.v[1], "/usr/local/bin/healthcheck");
	assert_string_equal(f.source, ".berth.yaml");
	assert_false(FACTS_HAS(&f, SHELL));
	/* a correction replaces the fields it gives and keeps the others */
	assert_true(facts_lookup(db, "postgres:16", &f));
	assert_int_equal(f.ports[0], 6543);
	assert_int_equal(f.drops_privileges, before.drops_privileges);
	assert_int_equal(f.volumes.n, before.volumes.n);
	assert_non_null(strstr(f.source, "corrected in .berth.yaml"));
	/* the builtin db is untouched */
	assert_int_equal(before.ports[0], 5432);
	assert_false(facts_lookup(builtin(), "ghcr.io/acme/base", &f));
	/* a copy of the extended db replays both texts */
	{
		struct facts_db *c = facts_db_copy(db);
		assert_non_null(c);
		assert_true(facts_lookup(c, "ghcr.io/acme/base", &f));
		assert_true(facts_lookup(c, "postgres", &f));
		assert_int_equal(f.ports[0], 6543);
		facts_db_free(c);
	}
	facts_db_free(db);
}

static void expect_error(const char *yaml, const char *want)
{
	struct facts_db *db = facts_db_copy(builtin());
	char *err = NULL;
	struct image_facts f;
	size_t n = facts_db_count(db);
	assert_int_equal(facts_db_add_yaml(db, yaml, strlen(yaml), ".berth.yaml", &err), -1);
	assert_non_null(err);
	if (!strstr(err, want))
		fail_msg("expected '%s' in '%s'", want, err);
	free(err);
	/* refused whole: nothing was added */
	assert_int_equal(facts_db_count(db), n);
	assert_false(facts_lookup(db, "acme/a", &f));
	facts_db_free(db);
}

static void test_add_yaml_errors(void **state)
{
	(void)state;
	expect_error("images:\n  acme/a:\n    port: 80\n  acme/b:\n    colour: red\n",
		     ".berth.yaml:5:5: acme/b: unknown field 'colour'");
	expect_error("images:\n  acme/a:\n    user-tool: adduser\n", ".berth.yaml:3:16: user-tool: unknown value 'adduser'");
	expect_error("images:\n  acme/a:\n    port: 70000\n", ".berth.yaml:3:11: port:");
	expect_error("images:\n  acme/a:\n    cap-add: [CAP_CHOWN]\n", ".berth.yaml:3:15: cap-add: expected a capability");
	expect_error("images:\n  acme/a:\n    tmpfs: [tmp]\n", "3:13: tmpfs: expected an absolute path");
	expect_error("images:\n  acme/a:\n    starts-as-root: yes\n", "3:21: starts-as-root: expected true or false");
	expect_error("images:\n  acme/a:\n    health: [curl, -f, localhost]\n", "3:13: health:");
	expect_error("images:\n  acme/a:\n    users: [{name: a, uid: x}]\n", "3:28: uid:");
	expect_error("images:\n  acme/a:\n    users: [{uid: 1}]\n", "users: every user needs a name");
	expect_error("images:\n  acme/a:\n    port: 1\n    port: 2\n", "4:5: acme/a: duplicate key 'port'");
	expect_error("images:\n  acme/a:\n    tags:\n      - user: x\n", "4:9: tags: every override needs a match");
	expect_error("images:\n  acme/a:\n    tags:\n      - match: '*'\n        source: x\n", "5:9: tags: unknown field 'source'");
	expect_error("images:\n  acme/a:\n    port: 1\n  docker.io/acme/a:\n    port: 2\n", "4:3: images: 'acme/a' twice");
	expect_error("images:\n  acme/a:1.0:\n    port: 1\n", "2:3: 'acme/a:1.0' is not an image name");
	expect_error("images: [a, b]\n", "1:9: images: expected a mapping");
	expect_error("images:\n  acme/a: {port: [1\n", ".berth.yaml:");
	expect_error("images:\n  acme/a:\n    writes-when-mounted: {templates: [/x]}\n",
		     "3:27: writes-when-mounted: expected an absolute path as the mount");
	expect_error("images:\n  acme/a:\n    writes-when-mounted: {/t: [x]}\n",
		     "writes-when-mounted: expected an absolute path, found 'x'");
	expect_error("images:\n  acme/a:\n    writes-when-mounted: [/t]\n", "writes-when-mounted: expected a mapping");
}

/* writes-when-mounted: nginx's templates are rendered into conf.d; a correction gives a lone path. */
static void test_mount_writes(void **state)
{
	const char *yaml = "images:\n  acme/web:\n    writes-when-mounted: {/srv/tpl: /srv/out, /a: [/b, /c]}\n";
	struct facts_db *db = facts_db_copy(facts_builtin());
	struct image_facts f;
	char *err = NULL;
	(void)state;
	assert_int_equal(facts_lookup(facts_builtin(), "nginx:1.27-alpine", &f), 1);
	assert_true(FACTS_HAS(&f, MOUNT_WRITES));
	assert_int_equal(f.nmount_writes, 1);
	assert_string_equal(f.mount_writes[0].mount, "/etc/nginx/templates");
	assert_int_equal(f.mount_writes[0].paths.n, 1);
	assert_string_equal(f.mount_writes[0].paths.v[0], "/etc/nginx/conf.d");
	assert_int_equal(facts_lookup(facts_builtin(), "postgres:17", &f), 1);
	assert_false(FACTS_HAS(&f, MOUNT_WRITES));
	assert_non_null(db);
	assert_int_equal(facts_db_add_yaml(db, yaml, strlen(yaml), ".berth.yaml", &err), 0);
	assert_int_equal(facts_lookup(db, "acme/web", &f), 1);
	assert_int_equal(f.nmount_writes, 2);
	assert_string_equal(f.mount_writes[0].paths.v[0], "/srv/out");
	assert_string_equal(f.mount_writes[1].mount, "/a");
	assert_int_equal(f.mount_writes[1].paths.n, 2);
	assert_string_equal(f.mount_writes[1].paths.v[1], "/c");
	facts_db_free(db);
}

/* Aliases cannot make a small text cost unbounded work: the scalar budget stops it with an error. */
static void test_add_yaml_alias_bomb(void **state)
{
	struct buf b = BUF_INIT;
	struct facts_db *db = facts_db_copy(builtin());
	char *err = NULL;
	(void)state;
	buf_puts(&b, "images:\n  a/a:\n    tools: &t [");
	for (int i = 0; i < 256; i++)
		buf_puts(&b, i ? ", x" : "x");
	buf_puts(&b, "]\n    tags: &o [");
	for (int i = 0; i < 64; i++)
		buf_puts(&b, i ? ", {match: '*', tools: *t}" : "{match: '*', tools: *t}");
	buf_puts(&b, "]\n");
	for (int i = 0; i < 2000; i++)
		buf_printf(&b, "  a/b%d: {tags: *o}\n", i);
	assert_int_equal(facts_db_add_yaml(db, b.ptr, b.len, "bomb", &err), -1);
	assert_non_null(strstr(err, "once aliases are followed"));
	free(err);
	assert_int_equal(facts_db_count(db), facts_db_count(builtin()));
	buf_free(&b);
	facts_db_free(db);
}

/* An empty text, or one without `images`, adds nothing and is no error. */
static void test_add_yaml_empty(void **state)
{
	struct facts_db *db = facts_db_copy(builtin());
	char *err = NULL;
	(void)state;
	assert_int_equal(facts_db_add_yaml(db, "", 0, "x", &err), 0);
	assert_int_equal(facts_db_add_yaml(db, "fail-on: error\n", 15, "x", &err), 0);
	assert_int_equal(facts_db_add_yaml(db, "images:\n", 8, "x", &err), 0);
	assert_int_equal(facts_db_count(db), facts_db_count(builtin()));
	facts_db_free(db);
}

static void *lookup_thread(void *arg)
{
	struct image_facts f;
	(void)arg;
	return (void *)(intptr_t)(facts_lookup(facts_builtin(), "node:20-alpine", &f) && f.nusers > 0);
}

/* The first calls may race: pthread_once builds one db for all of them. */
/* `versions:` (FIX-HOLDOUT7.md R2): a tag outside the range the facts hold for is unknown. */
static void test_versions(void **state)
{
	const struct facts_db *db = facts_builtin();
	struct facts_db *mine;
	struct image_facts f;
	struct facts_list v;
	char *err = NULL;
	static const char *const in[] = { "10.4.30", "10.6", "10.6.14", "10.11.4-jammy", "10", "11", "11.8",
					  "11.4.4", "12.3.2", "latest", "lts", "lts-noble" };
	static const char *const out[] = { "10.2", "10.3", "10.3.39", "10.6.12", "10.7", "10.8.8", "10.4.29",
					   "5.5", "9" };
	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(*in); i++) {
		char *ref = xasprintf("mariadb:%s", in[i]);
		assert_int_equal(facts_lookup(db, ref, &f), 1);
		assert_int_equal(facts_out_of_range(db, ref, NULL), 0);
		free(ref);
	}
	for (size_t i = 0; i < sizeof(out) / sizeof(*out); i++) {
		char *ref = xasprintf("mariadb:%s", out[i]);
		assert_int_equal(facts_lookup(db, ref, &f), 0);
		assert_int_equal(facts_out_of_range(db, ref, &v), 1);
		assert_true(v.n > 0);
		free(ref);
	}
	/* no tag is latest; a digest alone keeps the shared facts */
	assert_int_equal(facts_lookup(db, "mariadb", &f), 1);
	assert_int_equal(facts_out_of_range(db, "postgres:9.6", NULL), 0);
	/* a correction replaces the list; a malformed version refuses the text */
	mine = facts_db_copy(db);
	assert_non_null(mine);
	assert_int_equal(facts_db_add_yaml(mine, "images:\n  mariadb:\n    versions: [\"10.2.0\"]\n",
					   strlen("images:\n  mariadb:\n    versions: [\"10.2.0\"]\n"), "c", &err), 0);
	assert_int_equal(facts_lookup(mine, "mariadb:10.2", &f), 1);
	assert_int_equal(facts_lookup(mine, "mariadb:10.1", &f), 0);
	assert_int_equal(facts_db_add_yaml(mine, "images:\n  x:\n    versions: [\"ten\"]\n",
					   strlen("images:\n  x:\n    versions: [\"ten\"]\n"), "c", &err), -1);
	assert_non_null(strstr(err, "not a version"));
	free(err);
	facts_db_free(mine);
}

static void test_builtin_threads(void **state)
{
	pthread_t t[4];
	void *r;
	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, lookup_thread, NULL), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_true((intptr_t)r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_threads),
		cmocka_unit_test(test_builtin_loads),
		cmocka_unit_test(test_every_entry_has_source),
		cmocka_unit_test(test_ref_split),
		cmocka_unit_test(test_lookup_registries),
		cmocka_unit_test(test_lookup_tags),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_add_yaml),
		cmocka_unit_test(test_add_yaml_errors),
		cmocka_unit_test(test_mount_writes),
		cmocka_unit_test(test_add_yaml_empty),
		cmocka_unit_test(test_add_yaml_alias_bomb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
