/*
 * .berth.yaml loading (core/config_load.c): every field of SPEC.md "Config"
 * lands in struct config; every kind of mistake is refused with the exact
 * FILE:LINE:COL; a bad file leaves the config untouched. Also checks that the
 * YAML files shipped for integrations (pre-commit, CI examples) are
 * well-formed, with the libyaml berth itself uses.
 */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "config.h"
#include "config_yaml.h"
#include "facts.h"
#include "hadolint_config.h"
#include "util.h"

/* A temporary file holding `len` bytes of `data`; the caller unlinks and frees the path. */
static char *tmp_write(const char *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/berth-config-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/*
 * Load `yaml` and expect an error; returns the message without its
 * "PATH:" prefix (malloc'd), e.g. "2:1: unknown key ...".
 */
static char *load_error(const char *yaml)
{
	struct config c;
	char *path = tmp_write(yaml, strlen(yaml)), *err = NULL, *rest;
	config_init(&c);
	assert_int_equal(config_load(&c, path, &err), -1);
	assert_non_null(err);
	if (strncmp(err, path, strlen(path)) != 0 || err[strlen(path)] != ':')
		fail_msg("message does not start with the path: %s", err);
	rest = xstrdup(err + strlen(path) + 1);
	unlink(path);
	free(path);
	free(err);
	config_free(&c);
	return rest;
}

#define assert_error(yaml, want) do { \
	char *got_ = load_error(yaml); \
	if (strcmp(got_, (want)) != 0) \
		fail_msg("expected \"%s\", got \"%s\"", (want), got_); \
	free(got_); \
} while (0)

/* The error must start with "LINE:COL: " and mention `part`. */
#define assert_error_at(yaml, pos, part) do { \
	char *got_ = load_error(yaml); \
	if (strncmp(got_, (pos), strlen(pos)) != 0 || !strstr(got_, (part))) \
		fail_msg("expected \"%s ...%s...\", got \"%s\"", (pos), (part), got_); \
	free(got_); \
} while (0)

static int load_ok(struct config *c, const char *yaml)
{
	char *path = tmp_write(yaml, strlen(yaml)), *err = NULL;
	int rc = config_load(c, path, &err);
	if (rc != 0)
		print_error("unexpected error: %s\n", err ? err : "(none)");
	unlink(path);
	free(path);
	free(err);
	return rc;
}

static void test_full_config(void **state)
{
	struct config c;
	char *err = NULL;
	(void)state;
	config_init(&c);
	assert_int_equal(config_load(&c, "tests/fixtures/config/full.berth.yaml", &err), 0);
	assert_null(err);
	assert_int_equal(c.fail_on, SEV_ERROR);
	assert_int_equal(c.profile, PROFILE_PRODUCTION);
	for (int i = 0; i < ITEM_COUNT; i++)
		assert_int_equal(c.ignore[i], i == ITEM_SEC_MINIMAL_BASE || i == ITEM_COMPOSE_READ_ONLY);
	for (int i = 0; i < ITEM_COUNT; i++)
		assert_int_equal(!!c.has_severity[i], i == ITEM_SEC_HEALTHCHECK || i == ITEM_CORR_PITFALLS);
	assert_int_equal(c.severity[ITEM_SEC_HEALTHCHECK], SEV_INFO);
	assert_int_equal(c.severity[ITEM_CORR_PITFALLS], SEV_ERROR);
	assert_int_equal(c.nexclude, 3);
	assert_string_equal(c.exclude[0], "vendor/**");
	assert_string_equal(c.exclude[1], "**/testdata/**");
	assert_string_equal(c.exclude[2], "build/*.Dockerfile");       /* leading '/' dropped */
	assert_true(config_excluded(&c, "vendor/x/Dockerfile"));
	assert_true(config_excluded(&c, "a/testdata/b/compose.yaml"));
	assert_true(config_excluded(&c, "build/api.Dockerfile"));
	assert_false(config_excluded(&c, "src/Dockerfile"));
	assert_int_equal(c.nfix, 8);
	assert_string_equal(config_get(&c, "user"), "app");
	assert_string_equal(config_get(&c, "workdir"), "/app");
	assert_string_equal(config_get(&c, "pin.python"), "3.11.11-slim");
	assert_string_equal(config_get(&c, "pin.postgres"), "16.2");   /* the text, not a float */
	assert_string_equal(config_get(&c, "limits.cpus"), "1");
	assert_string_equal(config_get(&c, "limits.memory"), "512M");
	assert_string_equal(config_get(&c, "sec.minimal-base"), "python:3.12-slim");
	assert_string_equal(config_get(&c, "pin.node"), "20.11.1-alpine3.19");
	assert_string_equal(c.path, "tests/fixtures/config/full.berth.yaml");
	config_free(&c);
}

static void test_empty_and_defaults(void **state)
{
	static const char *const empties[] = { "", "# only a comment\n", "---\n", "~\n", "\n\n" };
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(empties); i++) {
		struct config c;
		config_init(&c);
		assert_int_equal(load_ok(&c, empties[i]), 0);
		assert_int_equal(c.fail_on, SEV_WARNING);
		assert_int_equal(c.profile, PROFILE_AUTO);
		assert_int_equal(c.nexclude, 0);
		assert_int_equal(c.nfix, 0);
		assert_non_null(c.path);
		config_free(&c);
	}
}

static void test_null_sections(void **state)
{
	struct config c;
	(void)state;
	config_init(&c);
	assert_int_equal(load_ok(&c, "ignore:\npaths:\n  exclude:\nseverity:\nfix:\n"), 0);
	assert_int_equal(c.nexclude, 0);
	assert_int_equal(c.nfix, 0);
	config_free(&c);
}

static void test_unknown_keys(void **state)
{
	(void)state;
	assert_error("fail-on: error\nfail_on: info\n",
		     "2:1: unknown key 'fail_on' (expected fail-on, compose-profile, ignore, paths, severity, fix, roles or images)");
	assert_error_at("paths:\n  exclude: []\n  include: [x]\n", "3:3: ", "unknown key 'paths.include'");
	assert_error_at("fix:\n  limits:\n    cpus: 1\n    mem: 1g\n", "4:5: ", "unknown key 'fix.limits.mem'");
	assert_error_at("fix:\n  users: app\n", "2:3: ", "unknown key 'fix.users'");
}

static void test_bad_levels(void **state)
{
	(void)state;
	assert_error("fail-on: fatal\n", "1:10: bad level 'fatal' (expected error, warning, info or never)");
	assert_error("severity:\n  sec.healthcheck: never\n",
		     "2:20: bad level 'never' (expected error, warning or info)");
	assert_error_at("fail-on: Warning\n", "1:10: ", "bad level 'Warning'");
	assert_error_at("compose-profile: staging\n", "1:18: ", "bad compose-profile 'staging'");
}

static void test_bad_globs(void **state)
{
	(void)state;
	assert_error("paths:\n  exclude:\n    - ok/**\n    - \"src/[abc\"\n",
		     "4:7: bad glob 'src/[abc': unbalanced '['");
	assert_error_at("paths: {exclude: ['a[[:alpha:]b']}\n", "1:19: ", "unbalanced '['");
	assert_error_at("paths: {exclude: ['x\\']}\n", "1:19: ", "lone '\\'");
	assert_error_at("paths: {exclude: ['a[/]b']}\n", "1:19: ", "unbalanced '['");
	assert_error_at("paths: {exclude: ['']}\n", "1:19: ", "expects a glob");
	/* valid brackets, classes, escapes */
	{
		struct config c;
		config_init(&c);
		assert_int_equal(load_ok(&c, "paths: {exclude: ['[]a]*', '[!x]y', 'a[[:digit:]]', 'q\\[z']}\n"), 0);
		assert_int_equal(c.nexclude, 4);
		assert_true(config_excluded(&c, "a1"));
		assert_true(config_excluded(&c, "q[z"));
		config_free(&c);
		config_init(&c);
		assert_int_equal(load_ok(&c, "paths: {exclude: [third_party/, ./build/tmp/]}\n"), 0);
		assert_string_equal(c.exclude[0], "third_party/**");
		assert_string_equal(c.exclude[1], "build/tmp/**");
		assert_true(config_excluded(&c, "third_party/a/Dockerfile"));
		assert_false(config_excluded(&c, "third_party.Dockerfile"));
		config_free(&c);
	}
}

static void test_unknown_items(void **state)
{
	(void)state;
	assert_error("ignore: [sec.non-root, sec.nonroot]\n",
		     "1:24: unknown item 'sec.nonroot' (did you mean 'sec.non-root'?)");
	assert_error("severity:\n  perf.cache: info\n", "2:3: unknown item 'perf.cache' (did you mean 'perf.cache-mounts'?)");
	assert_error_at("fix:\n  sec.pinned: x\n", "2:3: ", "unknown item 'sec.pinned'");
	assert_error("ignore:\n  - DL3006\n",
		     "2:5: unknown item 'DL3006' (a hadolint id; the berth item is 'sec.pinned-base')");
	assert_error("ignore: [zzzzzzzzzzzzzzzzzz]\n", "1:10: unknown item 'zzzzzzzzzzzzzzzzzz' (see `berth rules`)");
}

static void test_wrong_types(void **state)
{
	(void)state;
	assert_error("ignore: sec.non-root\n", "1:9: 'ignore' must be a list, found a scalar");
	assert_error("paths: [vendor]\n", "1:8: 'paths' must be a mapping, found a list");
	assert_error("fail-on: [error]\n", "1:10: 'fail-on' expects a level, found a list");
	assert_error("fail-on:\n", "1:9: 'fail-on' expects a level, found nothing");
	assert_error_at("severity: {sec.non-root: {x: 1}}\n", "1:26: ", "found a mapping");
	assert_error_at("fix:\n  pin: 3.11\n", "2:8: ", "'fix.pin' must be a mapping");
	assert_error_at("fix:\n  pin: {python: [3]}\n", "2:17: ", "'fix.pin.python' expects a value");
	assert_error_at("- a\n- b\n", "1:1: ", "the config must be a mapping, found a list");
	assert_error_at("just text\n", "1:1: ", "the config must be a mapping");
	assert_error_at("paths:\n  exclude: [[a]]\n", "2:13: ", "expects a glob, found a list");
	assert_error_at("? [a, b]\n: c\n", "1:3: ", "must be a plain name");
}

static void test_bad_fix_values(void **state)
{
	(void)state;
	assert_error_at("fix: {workdir: app}\n", "1:16: ", "expected an absolute path");
	assert_error_at("fix: {user: root}\n", "1:13: ", "expected a non-root user");
	assert_error_at("fix: {user: \"a b\"}\n", "1:13: ", "without spaces");
	assert_error_at("fix: {limits: {cpus: lots}}\n", "1:22: ", "number of CPUs");
	assert_error_at("fix: {limits: {memory: 512X}}\n", "1:24: ", "a size");
	assert_error_at("fix: {pin: {python: \"3.11\\n\"}}\n", "1:21: ", "control characters");
	{
		struct config c;
		config_init(&c);
		assert_int_equal(load_ok(&c, "fix: {limits: {cpus: 0.5, memory: 2GiB}, user: \"1000:1000\"}\n"), 0);
		assert_string_equal(config_get(&c, "limits.cpus"), "0.5");
		assert_string_equal(config_get(&c, "limits.memory"), "2GiB");
		assert_string_equal(config_get(&c, "user"), "1000:1000");
		config_free(&c);
	}
	/* a healthcheck is a command: spaces are fine, control characters are not */
	assert_error_at("fix: {healthcheck.web: \"curl\\tx\"}\n", "1:24: ", "without control characters");
	{
		struct config c;
		config_init(&c);
		assert_int_equal(load_ok(&c, "fix:\n  healthcheck.web: curl -f http://localhost/ || exit 1\n"), 0);
		assert_string_equal(config_get(&c, "healthcheck.web"), "curl -f http://localhost/ || exit 1");
		config_free(&c);
	}
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	assert_error_at("fail-on: error\nignore: []\nfail-on: info\n", "3:1: ", "duplicate key \"fail-on\"");
	assert_error_at("severity:\n  sec.healthcheck: info\n  \"sec.healthcheck\": error\n",
			"3:3: ", "duplicate key \"sec.healthcheck\"");
	assert_error_at("fix:\n  pin:\n    python: 3.12.1\n    python: 3.11.9\n", "4:5: ", "duplicate key \"python\"");
}

static void test_yaml_errors(void **state)
{
	char *e;
	(void)state;
	e = load_error("ignore: [a, b\n");
	assert_true(str_starts(e, "2:1: "));
	free(e);
	e = load_error("fail-on: error\n---\nfail-on: info\n");
	assert_string_equal(e, "3:1: more than one YAML document; a config holds one");
	free(e);
	e = load_error("fail-on: \"\xff\"\n");       /* libyaml's reader: invalid UTF-8 */
	assert_true(str_starts(e, "1:"));
	assert_non_null(strstr(e, "UTF-8"));
	free(e);
	e = load_error("\xff\xfe" "f\0a\0");
	assert_true(str_starts(e, "1:1: not UTF-8"));
	free(e);
	e = load_error("\tfail-on: error\n");
	assert_true(str_starts(e, "1:1: "));
	free(e);
}

/* Columns count bytes (after a BOM), whatever libyaml counts; CRLF files too. */
static void test_byte_columns(void **state)
{
	(void)state;
	assert_error_at("\xEF\xBB\xBF" "fix: {pin: {\"\xC3\xA9\": 1, b: [x]}}\r\n", "1:25: ", "'fix.pin.b' expects a value");
	assert_error_at("ignore: []\r\nfix:\r\n  \xC3\xA9\xC3\xA9: 1\r\n  x: 2\r\n", "3:3: ", "unknown key 'fix.\xC3\xA9\xC3\xA9'");
}

static void test_size_bound(void **state)
{
	struct config c;
	size_t n = CONFIG_MAX_FILE + 1;
	char *big = xmalloc(n), *path, *err = NULL;
	(void)state;
	memset(big, '#', n);
	path = tmp_write(big, n);
	config_init(&c);
	assert_int_equal(config_load(&c, path, &err), -1);
	assert_non_null(strstr(err, "larger than"));
	free(err);
	err = NULL;
	assert_int_equal(config_load(&c, "tests/fixtures/config/does-not-exist.yaml", &err), -1);
	assert_string_equal(err, "tests/fixtures/config/does-not-exist.yaml: No such file or directory");
	free(err);
	err = NULL;
	assert_int_equal(config_load(&c, "tests/fixtures", &err), -1);
	assert_non_null(strstr(err, "not a regular file"));
	free(err);
	err = NULL;
	{       /* a symbolic link is refused, a FIFO neither hangs nor loads */
		char *link = xasprintf("%s.link", path), *fifo = xasprintf("%s.fifo", path);
		assert_int_equal(symlink(path, link), 0);
		assert_int_equal(config_load(&c, link, &err), -1);
		assert_non_null(strstr(err, "symbolic link"));
		free(err);
		err = NULL;
		assert_int_equal(mkfifo(fifo, 0600), 0);
		assert_int_equal(config_load(&c, fifo, &err), -1);
		assert_non_null(strstr(err, "not a regular file"));
		free(err);
		unlink(link);
		unlink(fifo);
		free(link);
		free(fifo);
	}
	config_free(&c);
	unlink(path);
	free(path);
	free(big);
}

/* Deep nesting and alias bombs end with an error, quickly; aliases and merges resolve. */
static void test_hostile(void **state)
{
	struct buf b = BUF_INIT;
	struct config c;
	char *e;
	(void)state;
	buf_puts(&b, "ignore: ");
	for (int i = 0; i < 100000; i++)
		buf_putc(&b, '[');
	e = load_error(buf_str(&b));
	assert_true(str_starts(e, "1:"));
	free(e);
	buf_clear(&b);
	buf_puts(&b, "x0: &a0 [a, a, a, a, a, a, a, a, a, a]\n");
	for (int i = 1; i < 40; i++)
		buf_printf(&b, "x%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
			   i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	e = load_error(buf_str(&b));
	assert_non_null(e);
	free(e);
	buf_clear(&b);
	buf_puts(&b, "ignore: &i [sec.non-root]\nfix:\n  pin: &p {a: &v 1.2.3, b: *v}\n"
		 "  limits: {<<: {cpus: \"2\"}, memory: 1g}\n");
	config_init(&c);
	assert_int_equal(load_ok(&c, buf_str(&b)), 0);
	assert_string_equal(config_get(&c, "pin.b"), "1.2.3");
	assert_string_equal(config_get(&c, "limits.cpus"), "2");
	assert_true(c.ignore[ITEM_SEC_NON_ROOT]);
	config_free(&c);
	e = load_error("fix: {user: \"\\e[31mred\"}\n");    /* no raw ESC reaches a terminal */
	assert_null(strchr(e, 0x1b));
	assert_non_null(strstr(e, "^["));
	free(e);
	buf_free(&b);
}

/* A bad file changes nothing; a good one merges over values already there. */
static void test_untouched_on_error_and_merge(void **state)
{
	struct config c;
	char *path, *err = NULL;
	const char *bad = "fail-on: error\nignore: [sec.non-root]\nfix: {user: app}\nbogus: 1\n";
	(void)state;
	config_init(&c);
	config_set(&c, "user", "cli");
	path = tmp_write(bad, strlen(bad));
	assert_int_equal(config_load(&c, path, &err), -1);
	free(err);
	assert_int_equal(c.fail_on, SEV_WARNING);
	assert_false(c.ignore[ITEM_SEC_NON_ROOT]);
	assert_string_equal(config_get(&c, "user"), "cli");
	assert_null(c.path);
	assert_int_equal(load_ok(&c, "fix: {user: app, workdir: /srv}\npaths: {exclude: [a]}\n"), 0);
	assert_string_equal(config_get(&c, "user"), "app");
	assert_string_equal(config_get(&c, "workdir"), "/srv");
	assert_int_equal(load_ok(&c, "paths: {exclude: [b]}\n"), 0);
	assert_int_equal(c.nexclude, 2);
	config_free(&c);
	unlink(path);
	free(path);
}

/* ---- images: (image facts, core/facts) ---- */

static void test_images_added(void **state)
{
	struct config c;
	struct image_facts f;
	(void)state;
	config_init(&c);
	assert_ptr_equal(config_facts(&c), facts_builtin());
	assert_ptr_equal(config_facts(NULL), facts_builtin());
	assert_int_equal(facts_lookup(config_facts(&c), "ghcr.io/acme/base:1.2.3", &f), 0);
	assert_int_equal(load_ok(&c, "fail-on: error\n"
				 "images:\n"
				 "  ghcr.io/acme/base:\n"
				 "    user: app\n"
				 "    users: [{name: app, uid: 10001, gid: 10001}]\n"
				 "    drops-privileges: gosu\n"
				 "    port: 8080\n"
				 "    health: [\"CMD\", \"/usr/local/bin/healthcheck\"]\n"
				 "ignore: [sec.minimal-base]\n"), 0);
	assert_non_null(c.facts);
	assert_ptr_equal(config_facts(&c), c.facts);
	assert_int_equal(c.fail_on, SEV_ERROR);        /* the other keys still count */
	assert_true(c.ignore[ITEM_SEC_MINIMAL_BASE]);
	assert_int_equal(facts_lookup(config_facts(&c), "ghcr.io/acme/base:1.2.3", &f), 1);
	assert_string_equal(f.user, "app");
	assert_int_equal(f.nusers, 1);
	assert_int_equal(f.users[0].uid, 10001);
	assert_int_equal(f.drops_privileges, FACTS_DROP_GOSU);
	assert_int_equal(f.nports, 1);
	assert_int_equal(f.ports[0], 8080);
	assert_int_equal(f.health.n, 2);
	assert_string_equal(f.health.v[1], "/usr/local/bin/healthcheck");
	assert_string_equal(f.source, c.path);         /* no source: the file is the source */
	assert_false(FACTS_HAS(&f, WORKDIR));          /* not given: unknown */
	/* the built-in entries are all still there, and the built-in table is untouched */
	assert_int_equal(facts_db_count(config_facts(&c)), facts_db_count(facts_builtin()) + 1);
	assert_int_equal(facts_lookup(config_facts(&c), "postgres:17", &f), 1);
	assert_int_equal(facts_lookup(facts_builtin(), "ghcr.io/acme/base:1.2.3", &f), 0);
	config_free(&c);
	assert_null(c.facts);
}

static void test_images_corrected(void **state)
{
	struct config c;
	struct image_facts f;
	(void)state;
	config_init(&c);
	assert_int_equal(load_ok(&c, "images:\n  docker.io/library/postgres:\n    port: 5433\n    healthcheck: true\n"), 0);
	assert_int_equal(facts_lookup(config_facts(&c), "postgres:17-bookworm", &f), 1);
	assert_int_equal(f.ports[0], 5433);
	assert_int_equal(f.healthcheck, 1);
	assert_int_equal(f.users[0].uid, 999);          /* what the file does not give stays */
	assert_int_equal(f.drops_privileges, FACTS_DROP_GOSU);
	assert_non_null(strstr(f.source, "docker-library/postgres"));
	assert_non_null(strstr(f.source, "; corrected in "));
	assert_int_equal(facts_lookup(facts_builtin(), "postgres:17-bookworm", &f), 1);
	assert_int_equal(f.ports[0], 5432);
	assert_int_equal(f.healthcheck, 0);
	/* a second file builds on the first: both corrections hold */
	assert_int_equal(load_ok(&c, "images:\n  postgres: {workdir: /srv}\n"), 0);
	assert_int_equal(facts_lookup(config_facts(&c), "postgres:17", &f), 1);
	assert_int_equal(f.ports[0], 5433);
	assert_string_equal(f.workdir, "/srv");
	/* `images:` with nothing under it adds nothing and keeps what was there */
	assert_int_equal(load_ok(&c, "images:\n"), 0);
	assert_int_equal(facts_lookup(config_facts(&c), "postgres:17", &f), 1);
	assert_int_equal(f.ports[0], 5433);
	config_free(&c);
	config_init(&c);
	assert_int_equal(load_ok(&c, "images:\n"), 0);
	assert_null(c.facts);
	config_free(&c);
}

static void test_images_rejected(void **state)
{
	struct config c;
	struct image_facts f;
	char *path, *err = NULL, *e;
	const char *bad = "fail-on: error\nimages:\n  postgres: {port: 5433}\n  acme/x:\n    shell: zsh\n";
	(void)state;
	assert_error_at("images: [postgres]\n", "1:9: ", "'images' must be a mapping");
	assert_error_at("images:\n  acme/x:\n    user-tool: yum\n", "3:16: ", "user-tool: unknown value 'yum'");
	assert_error_at("images:\n  acme/x:\n    usr: app\n", "3:5: ", "unknown field 'usr'");
	assert_error_at("images:\n  acme/x:1.0:\n    port: 80\n", "2:3: ", "not an image name");
	assert_error_at("images:\n  acme/x:\n    port: http\n", "3:11: ", "port");
	assert_error_at("images:\n  acme/x:\n    workdir: app\n", "3:14: ", "absolute path");
	assert_error_at("images:\n  acme/x:\n    cap-add: [CHOWN, SUPERPOWER]\n", "3:22: ", "SUPERPOWER");
	assert_error_at("images:\n  acme/x:\n", "2:10: ", "an empty entry");
	assert_error_at("images:\n  acme/x:\n    tags:\n      - user: app\n", "4:9: ", "needs a match");
	e = load_error("images:\n  acme/x:\n    shell: \"\\e[31m\"\n");   /* no raw ESC reaches a terminal */
	assert_null(strchr(e, 0x1b));
	free(e);
	/* a bad entry refuses the whole file: the good correction before it is not kept */
	config_init(&c);
	path = tmp_write(bad, strlen(bad));
	assert_int_equal(config_load(&c, path, &err), -1);
	assert_non_null(strstr(err, ":5:12: "));
	free(err);
	assert_null(c.facts);
	assert_int_equal(c.fail_on, SEV_WARNING);
	assert_int_equal(facts_lookup(config_facts(&c), "postgres", &f), 1);
	assert_int_equal(f.ports[0], 5432);
	/* and a bad key after a good `images:` does not half-apply either */
	assert_error_at("images: {postgres: {port: 5433}}\nbogus: 1\n", "2:1: ", "unknown key 'bogus'");
	unlink(path);
	free(path);
	config_free(&c);
}

/* The shipped integration files parse with libyaml and say what they must. */
static void test_integration_yaml(void **state)
{
	static const char *const files[] = {
		".pre-commit-hooks.yaml", "docs/ci/github-actions.yml", "docs/ci/gitlab-ci.yml",
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		struct config_yaml y;
		char *err = NULL;
		if (config_yaml_open(&y, files[i], &err) != 0)
			fail_msg("%s", err);
		assert_non_null(config_yaml_root(&y));
		config_yaml_close(&y);
	}
	{
		struct config_yaml y;
		char *err = NULL;
		const struct ydoc_node *root, *hook;
		assert_int_equal(config_yaml_open(&y, ".pre-commit-hooks.yaml", &err), 0);
		root = config_yaml_root(&y);
		assert_int_equal(config_yaml_sequence(&y, root, "hooks", &err), 0);
		assert_true(root->nitems >= 1);
		hook = root->items[0];
		assert_int_equal(config_yaml_mapping(&y, hook, "hook", &err), 0);
		assert_string_equal(ydoc_str(ydoc_get(hook, "id")), "berth");
		assert_string_equal(ydoc_str(ydoc_get(hook, "entry")), "berth check");
		assert_int_equal(ydoc_bool(ydoc_get(hook, "pass_filenames")), 1);
		assert_non_null(ydoc_str(ydoc_get(hook, "files")));
		assert_non_null(ydoc_str(ydoc_get(hook, "language")));
		config_yaml_close(&y);
	}
}

/* Load one file both ways: 0, or -1 with a message naming the file; never a crash. */
static void load_any(const char *path, int *n)
{
	struct config c;
	char *err = NULL;
	config_init(&c);
	if (config_load(&c, path, &err) != 0) {
		assert_non_null(err);
		assert_true(str_starts(err, path));
	}
	free(err);
	err = NULL;
	if (hadolint_config_load(&c, path, &err) != 0) {
		assert_non_null(err);
		assert_true(str_starts(err, path));
	}
	free(err);
	config_free(&c);
	(*n)++;
}

/* Every file below `dir` (depth-bounded), to throw real-world bytes at both loaders. */
static void load_tree(const char *dir, int depth, int *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d || depth > 8) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		char *p;
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR)
			load_tree(p, depth + 1, n);
		else if (e->d_type == DT_REG)
			load_any(p, n);
		free(p);
	}
	closedir(d);
}

/* The fixtures always; the shared corpus (Compose files, Dockerfiles, docs) when present. */
static void test_real_files(void **state)
{
	const char *shared = shared_dir();
	int n = 0;
	(void)state;
	load_tree("tests/fixtures", 0, &n);
	assert_true(n > 0);
	if (!shared) {
		print_message("corpus part skipped: ../shared is absent\n");
		return;
	}
	{
		char *corpus = xasprintf("%s/corpus", shared);
		int before = n;
		load_tree(corpus, 0, &n);
		free(corpus);
		assert_true(n - before > 100);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_config),
		cmocka_unit_test(test_empty_and_defaults),
		cmocka_unit_test(test_null_sections),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_bad_levels),
		cmocka_unit_test(test_bad_globs),
		cmocka_unit_test(test_unknown_items),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_bad_fix_values),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_yaml_errors),
		cmocka_unit_test(test_byte_columns),
		cmocka_unit_test(test_size_bound),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_untouched_on_error_and_merge),
		cmocka_unit_test(test_images_added),
		cmocka_unit_test(test_images_corrected),
		cmocka_unit_test(test_images_rejected),
		cmocka_unit_test(test_integration_yaml),
		cmocka_unit_test(test_real_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
