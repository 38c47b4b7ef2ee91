/*
 * Compose `extends:` as Compose resolves it: chains within a file and across
 * files (paths relative to the file that writes them), the merge rules
 * (mappings by key, sequences appended, unique ones by target), problems as
 * compose.parse findings, and where findings about inherited values point.
 */
#include "support.h"
#include "test_check_util.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "compose_priv.h"
#include "util.h"

/* Every hardening item satisfied (indented for a service body). */
#define HARD \
	"    security_opt: [\"no-new-privileges:true\"]\n" \
	"    cap_drop: [ALL]\n" \
	"    read_only: true\n" \
	"    tmpfs: [/tmp]\n" \
	"    mem_limit: 256m\n" \
	"    cpus: 0.5\n" \
	"    restart: unless-stopped\n" \
	"    healthcheck:\n      test: [\"CMD\", \"true\"]\n"

static const char *const harden_keys[] = {
	"compose.no-new-privileges", "compose.cap-drop", "compose.read-only",
	"compose.resource-limits", "compose.healthcheck", "compose.restart",
};

static void run(struct file_result *r, const char *path, const char *yaml, struct memfs *m)
{
	struct fsview fs;
	memfs_add(m, path, yaml, 1);
	memfs_view(m, &fs);
	audit_text(r, path, KIND_COMPOSE, yaml, &fs);
}

/* The finding of key/rule for `service`, failing the test when there is none. */
static const struct finding *need(const struct file_result *r, const char *key, const char *rule,
				  const char *service)
{
	int item = item_find(key);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		if (f->item == item && (!rule || strcmp(f->rule, rule) == 0) &&
		    (!service || (f->service && strcmp(f->service, service) == 0)))
			return f;
	}
	dump_result(r);
	fail_msg("no %s/%s finding for %s", key, rule ? rule : "*", service ? service : "any service");
	return NULL;
}

static void assert_contains(const char *s, const char *part)
{
	if (!strstr(s, part))
		fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

/* The merged service `name` of `yaml` (at `path`, other files in m): e and r to free. */
static const struct ydoc_node *merged(struct compose_doc **d, struct compose_resolver *r, struct compose_eff *e,
				      const char *path, const char *yaml, struct memfs *m, const char *name,
				      struct fsview *fs)
{
	*d = compose_load(yaml, strlen(yaml));
	memfs_view(m, fs);
	compose_resolver_init(r, *d, path, fs, NULL);
	assert_non_null(compose_find_service(*d, name));
	compose_resolve(r, compose_find_service(*d, name), e);
	return e->map;
}

static void merged_free(struct compose_doc *d, struct compose_resolver *r, struct compose_eff *e)
{
	compose_eff_free(e);
	compose_resolver_free(r);
	compose_free(d);
}

/* ---- across files: builds, chains, problems ---- */

static void test_build_from_other_file(void **state)
{
	const char *y = "services:\n  web:\n    extends:\n      file: ../lib/common.yaml\n      service: base\n"
			"    image: web:1.2.3\n" HARD;
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct compose_doc *d = compose_load(y, strlen(y));
	struct compose_build *b;
	struct file_result r;
	size_t n;
	(void)state;
	memfs_add(m, "lib/common.yaml", "services:\n  base:\n    build:\n      context: ./app\n"
		  "      dockerfile: docker/Dockerfile\n      target: prod\n", 0);
	memfs_add(m, "lib/app/docker/Dockerfile", "FROM alpine:3.19.1 AS prod\nHEALTHCHECK CMD true\n", 0);
	memfs_view(m, &fs);
	n = compose_builds(d, "deploy/compose.yaml", &fs, &b);
	assert_int_equal(n, 1);
	assert_string_equal(b[0].service, "web");
	assert_string_equal(b[0].context, "lib/app");   /* from lib/, not from deploy/ */
	assert_string_equal(b[0].dockerfile, "lib/app/docker/Dockerfile");
	assert_string_equal(b[0].target, "prod");
	compose_builds_free(b, n);
	compose_free(d);
	run(&r, "deploy/compose.yaml", y, m);
	assert_status(&r, "compose.parse", "pass");
	assert_status(&r, "compose.build-valid", "pass");
	file_result_free(&r);
	memfs_free(m);
}

/* A missing context in the other file is reported at the extends line, naming where it is written. */
static void test_build_invalid_in_other_file(void **state)
{
	const char *y = "services:\n  web:\n    image: web:1.2.3\n    extends: {file: lib/common.yaml, service: base}\n";
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f;
	(void)state;
	memfs_add(m, "lib/common.yaml", "services:\n  base:\n    build: ./nowhere\n", 0);
	run(&r, "compose.yaml", y, m);
	f = need(&r, "compose.build-valid", "context-missing", "web");
	assert_int_equal(f->line, 4);
	assert_contains(f->message, "(inherited from base in lib/common.yaml)");
	file_result_free(&r);
	memfs_free(m);
}

/* a (compose.yaml) -> b (lib/b.yaml) -> c (lib/sub/c.yaml): each `file:` from the folder of its own file. */
static void test_chain_across_files(void **state)
{
	const char *y = "services:\n  a:\n    extends: {file: lib/b.yaml, service: b}\n    image: a:1.2.3\n";
	struct memfs *m = memfs_new();
	struct compose_doc *d;
	struct compose_resolver res;
	struct compose_eff e;
	struct fsview fs;
	const struct ydoc_node *svc, *env;
	const struct compose_origin *o;
	struct compose_build *b;
	size_t n;
	(void)state;
	memfs_add(m, "lib/b.yaml", "services:\n  b:\n    extends: {file: sub/c.yaml, service: c}\n"
		  "    environment: {B: 1, SHARED: b}\n    read_only: true\n", 0);
	memfs_add(m, "lib/sub/c.yaml", "services:\n  c:\n    build: ../ctx\n    environment: {C: 1, SHARED: c}\n"
		  "    read_only: false\n    restart: always\n", 0);
	memfs_add(m, "lib/ctx/Dockerfile", "FROM alpine:3.19.1\n", 0);
	svc = merged(&d, &res, &e, "compose.yaml", y, m, "a", &fs);
	assert_int_equal(e.nproblems, 0);
	assert_string_equal(ydoc_str(ydoc_get(svc, "image")), "a:1.2.3");
	assert_string_equal(ydoc_str(ydoc_get(svc, "read_only")), "true");     /* b over c */
	assert_string_equal(ydoc_str(ydoc_get(svc, "restart")), "always");     /* from c */
	assert_null(ydoc_get(svc, "extends"));
	env = ydoc_get(svc, "environment");
	assert_int_equal(env->npairs, 3);
	assert_string_equal(ydoc_str(ydoc_get(env, "SHARED")), "b");
	o = compose_eff_origin(&e, ydoc_get(env, "C"));
	assert_non_null(o);
	assert_string_equal(o->name, "c");
	assert_string_equal(o->path, "lib/sub/c.yaml");
	assert_int_equal(o->depth, 2);
	o = compose_eff_origin(&e, ydoc_get(svc, "read_only"));
	assert_string_equal(o->path, "lib/b.yaml");
	assert_int_equal(o->depth, 1);
	assert_string_equal(compose_eff_dir(&e, ydoc_get(svc, "build"), ""), "lib/sub");
	merged_free(d, &res, &e);
	d = compose_load(y, strlen(y));
	n = compose_builds(d, "compose.yaml", &fs, &b);
	assert_int_equal(n, 1);
	assert_string_equal(b[0].context, "lib/ctx");   /* ../ctx from lib/sub/ */
	compose_builds_free(b, n);
	compose_free(d);
	memfs_free(m);
}

static void test_cycle_across_files(void **state)
{
	const char *y = "services:\n  a:\n    image: a:1.2.3\n    extends:\n      file: lib/b.yaml\n      service: b\n";
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f;
	(void)state;
	memfs_add(m, "lib/b.yaml", "services:\n  b:\n    extends: {file: ../compose.yaml, service: a}\n", 0);
	run(&r, "compose.yaml", y, m);
	/* CHECKLIST.md's compose.parse does not fail on extends: a note */
	assert_status(&r, "compose.parse", "pass");
	f = need(&r, "compose.parse", "extends-cycle", "a");
	assert_int_equal(f->sev, SEV_INFO);
	assert_int_equal(f->line, 4);                   /* the judged service's `extends` */
	assert_contains(f->message, "`b` in lib/b.yaml: extends goes round in a circle");
	assert_contains(f->message, "`a` -> `b` in lib/b.yaml -> `a`");
	assert_status(&r, "compose.pinned-image", "pass");      /* the rest is still judged */
	file_result_free(&r);
	/* within one file, and a service that names itself */
	run(&r, "compose.yaml", "services:\n  x:\n    extends: y\n  y:\n    extends: {service: x}\n"
	    "  z:\n    extends: z\n", m);
	assert_int_equal(count_of(&r, "compose.parse", "extends-cycle"), 3);
	f = need(&r, "compose.parse", "extends-cycle", "z");
	assert_int_equal(f->line, 7);
	assert_contains(f->message, "`z` -> `z`");
	file_result_free(&r);
	memfs_free(m);
}

static void test_missing_file_and_service(void **state)
{
	const char *y = "services:\n"
			"  a:\n    extends: {file: lib/missing.yaml, service: base}\n"
			"  b:\n    extends:\n      file: lib/common.yaml\n      service: nope\n"
			"  c:\n    extends: nope\n"
			"  d:\n    extends: {file: lib/common.yaml, service: mid}\n"
			"  e:\n    extends: {file: ../../etc/common.yaml, service: x}\n"
			"  f:\n    extends: {file: lib/bad.yaml, service: x}\n"
			"  g:\n    extends: {file: lib/common.yaml}\n"
			"  h:\n    extends: {file: \"${NOPE}\", service: x}\n";
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f;
	(void)state;
	memfs_add(m, "lib/common.yaml", "services:\n  mid:\n    extends: gone\n", 0);
	memfs_add(m, "lib/bad.yaml", "services: [\n", 0);
	run(&r, "compose.yaml", y, m);
	assert_status(&r, "compose.parse", "pass");
	f = need(&r, "compose.parse", "extends-missing-file", "a");
	assert_int_equal(f->line, 3);
	assert_int_equal(f->sev, SEV_INFO);
	assert_contains(f->message, "lib/missing.yaml does not exist");
	f = need(&r, "compose.parse", "extends-missing-service", "b");
	assert_int_equal(f->line, 7);                   /* the `service:` value */
	assert_contains(f->message, "`nope`, which lib/common.yaml does not define");
	f = need(&r, "compose.parse", "extends-missing-service", "c");
	assert_int_equal(f->line, 9);
	assert_contains(f->message, "which this file does not define");
	f = need(&r, "compose.parse", "extends-missing-service", "d");
	assert_int_equal(f->line, 11);
	assert_contains(f->message, "`mid` in lib/common.yaml: extends names service `gone`, which lib/common.yaml");
	f = need(&r, "compose.parse", "extends-outside", "e");
	assert_int_equal(f->sev, SEV_INFO);
	f = need(&r, "compose.parse", "extends-bad-file", "f");
	assert_int_equal(f->sev, SEV_INFO);
	f = need(&r, "compose.parse", "extends-invalid", "g");
	assert_int_equal(f->sev, SEV_INFO);
	f = need(&r, "compose.parse", "extends-unresolved", "h");
	assert_int_equal(f->sev, SEV_INFO);
	file_result_free(&r);
	memfs_free(m);
}

/* ---- the merge, judged ---- */

static void test_hardening_inherited(void **state)
{
	const char *y = "services:\n"
			"  web:\n    image: nginx:1.25.3\n    extends:\n      file: lib/common.yaml\n      service: hardened\n"
			"  api:\n    image: api:1.2.3\n    extends: web\n    security_opt: [label:type:x]\n"
			"    deploy: {resources: {limits: {memory: 512M}}}\n";
	struct memfs *m = memfs_new();
	struct file_result r;
	(void)state;
	memfs_add(m, "lib/common.yaml", "services:\n  hardened:\n"
		  "    security_opt: [\"no-new-privileges:true\"]\n    cap_drop: [ALL]\n    read_only: true\n"
		  "    tmpfs: [/tmp]\n    deploy:\n      resources:\n        limits: {cpus: \"0.5\", memory: 256M}\n"
		  "    restart: unless-stopped\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n", 0);
	run(&r, "compose.yaml", y, m);
	for (size_t i = 0; i < ARRAY_SIZE(harden_keys); i++)
		assert_status(&r, harden_keys[i], "pass");
	assert_int_equal(count_of(&r, "compose.read-only", NULL), 0);
	file_result_free(&r);
	memfs_free(m);
}

static void test_hardening_overridden(void **state)
{
	const char *y = "services:\n"
			"  base:\n    image: nginx:1.25.3\n" HARD
			"  web:\n    extends: base\n    read_only: false\n"            /* 13-15 */
			"    cap_drop: !reset []\n"                                     /* 16 */
			"    security_opt: [\"no-new-privileges:false\"]\n"             /* 17 */
			"    healthcheck:\n      disable: true\n"                       /* 18, 19 */
			"    restart: \"no\"\n";
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f;
	(void)state;
	run(&r, "compose.yaml", y, m);
	f = need(&r, "compose.read-only", "not-true", "web");
	assert_int_equal(f->line, 15);
	assert_null(strstr(f->message, "inherited"));
	f = need(&r, "compose.cap-drop", "missing", "web");
	assert_int_equal(f->line, 13);                  /* the service key */
	/* both entries are there (base's first): the extending one is the mistake */
	f = need(&r, "compose.no-new-privileges", "not-true", "web");
	assert_int_equal(f->line, 17);
	f = need(&r, "compose.healthcheck", "disabled", "web");
	assert_int_equal(f->line, 19);
	assert_status(&r, "compose.restart", "pass");
	assert_int_equal(count_of(&r, "compose.read-only", NULL), 1);  /* base itself passes */
	file_result_free(&r);
	memfs_free(m);
}

/* A value inherited within the file points where it is written, naming the service. */
static void test_inherited_same_file(void **state)
{
	const char *y = "services:\n"
			"  base:\n    image: nginx:1.25.3\n    privileged: true\n"      /* 4 */
			"  web:\n    extends: base\n";
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f;
	(void)state;
	run(&r, "compose.yaml", y, m);
	f = need(&r, "compose.no-privileged", "privileged", "web");
	assert_int_equal(f->line, 4);
	assert_contains(f->message, "(inherited from base)");
	f = need(&r, "compose.no-privileged", "privileged", "base");
	assert_int_equal(f->line, 4);
	assert_null(strstr(f->message, "inherited"));
	file_result_free(&r);
	memfs_free(m);
}

static void test_environment_merge(void **state)
{
	const char *y = "services:\n"
			"  web:\n    image: web:1.2.3\n"
			"    extends:\n      file: lib/common.yaml\n      service: base\n"          /* 4 */
			"    environment:\n      - API_TOKEN=${API_TOKEN}\n      - MODE=prod\n"
			"  db:\n    image: postgres:16.2.0\n"
			"    extends: {file: lib/common.yaml, service: base}\n"                    /* 12 */
			"    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n";
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f;
	struct compose_doc *d;
	struct compose_resolver res;
	struct compose_eff e;
	struct fsview fs;
	const struct ydoc_node *env;
	(void)state;
	memfs_add(m, "lib/common.yaml", "services:\n  base:\n    environment:\n      DB_PASSWORD: hunter2secret\n"
		  "      API_TOKEN: abcdef123456\n      MODE: dev\n", 0);
	run(&r, "compose.yaml", y, m);
	/* web keeps the inherited DB_PASSWORD, db the inherited API_TOKEN; each overrides the other */
	assert_int_equal(count_of(&r, "compose.no-inline-secrets", "literal"), 2);
	f = need(&r, "compose.no-inline-secrets", "literal", "web");
	assert_int_equal(f->line, 4);
	assert_contains(f->message, "gives DB_PASSWORD a literal");
	assert_contains(f->message, "(inherited from base in lib/common.yaml)");
	assert_null(strstr(f->message, "hunter2"));
	f = need(&r, "compose.no-inline-secrets", "literal", "db");
	assert_int_equal(f->line, 12);
	assert_contains(f->message, "gives API_TOKEN a literal");
	file_result_free(&r);
	/* the merged environment: a mapping, the extending entries winning, base order first */
	env = ydoc_get(merged(&d, &res, &e, "compose.yaml", y, m, "web", &fs), "environment");
	assert_int_equal(env->type, YDOC_MAPPING);
	assert_int_equal(env->npairs, 3);
	assert_string_equal(env->pairs[0].key->value, "DB_PASSWORD");
	assert_string_equal(ydoc_str(ydoc_get(env, "API_TOKEN")), "${API_TOKEN}");
	assert_string_equal(ydoc_str(ydoc_get(env, "MODE")), "prod");
	assert_int_equal(compose_eff_origin(&e, ydoc_get(env, "MODE"))->depth, 0);
	merged_free(d, &res, &e);
	memfs_free(m);
}

static void test_ports_volumes(void **state)
{
	const char *y = "services:\n"
			"  base:\n    image: nginx:1.25.3\n"
			"    ports: [\"80:80\", \"443:443\"]\n"
			"    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - data:/data\n"
			"    cap_add: [NET_ADMIN]\n    tmpfs: /tmp\n"
			"  web:\n    extends: base\n"
			"    ports: [\"443:443\", \"8080:8080\"]\n"
			"    volumes:\n      - type: volume\n        source: sock\n        target: /var/run/docker.sock\n"
			"      - ./conf:/etc/nginx\n"
			"    cap_add: [NET_ADMIN, SYS_ADMIN]\n    tmpfs: [/run]\n"
			"  job:\n    extends: base\n    volumes: [\"logs:/logs\"]\n";
	struct memfs *m = memfs_new();
	struct compose_doc *d;
	struct compose_resolver res;
	struct compose_eff e;
	struct fsview fs;
	const struct ydoc_node *svc, *v;
	struct file_result r;
	const struct finding *f;
	(void)state;
	svc = merged(&d, &res, &e, "compose.yaml", y, m, "web", &fs);
	v = ydoc_get(svc, "ports");
	assert_int_equal(v->nitems, 3);                 /* 443:443 once */
	assert_string_equal(ydoc_str(v->items[0]), "80:80");
	assert_string_equal(ydoc_str(v->items[2]), "8080:8080");
	v = ydoc_get(svc, "volumes");
	assert_int_equal(v->nitems, 3);                 /* the socket's target now holds a named volume */
	assert_int_equal(v->items[0]->type, YDOC_MAPPING);
	assert_string_equal(ydoc_str(v->items[1]), "data:/data");
	assert_string_equal(ydoc_str(v->items[2]), "./conf:/etc/nginx");
	assert_int_equal(ydoc_get(svc, "cap_add")->nitems, 2);
	assert_int_equal(ydoc_get(svc, "tmpfs")->nitems, 2);   /* a string is a list of one */
	merged_free(d, &res, &e);
	run(&r, "compose.yaml", y, m);
	/* job keeps the socket (inherited, in this file); web replaced it */
	f = need(&r, "compose.no-privileged", "docker-socket", "job");
	assert_int_equal(f->line, 6);
	assert_contains(f->message, "(inherited from base)");
	assert_int_equal(count_of(&r, "compose.no-privileged", "docker-socket"), 2);   /* base and job */
	f = need(&r, "compose.no-privileged", "cap-add", "web");
	assert_int_equal(f->line, 18);
	file_result_free(&r);
	memfs_free(m);
}

/* Mappings merge key by key at every level: limits split over two services add up. */
static void test_nested_mappings(void **state)
{
	const char *y = "services:\n"
			"  base:\n    image: nginx:1.25.3\n    deploy:\n      resources:\n        limits: {cpus: \"1\"}\n"
			"    healthcheck: {test: [\"CMD\", \"a\"], interval: 10s}\n"
			"  web:\n    extends: base\n    deploy:\n      resources:\n        limits: {memory: 1G}\n"
			"    healthcheck: {test: [\"CMD\", \"b\"]}\n";
	struct memfs *m = memfs_new();
	struct compose_doc *d;
	struct compose_resolver res;
	struct compose_eff e;
	struct fsview fs;
	const struct ydoc_node *svc, *lim, *hc;
	struct file_result r;
	(void)state;
	svc = merged(&d, &res, &e, "compose.yaml", y, m, "web", &fs);
	lim = ydoc_get(ydoc_get(ydoc_get(svc, "deploy"), "resources"), "limits");
	assert_string_equal(ydoc_str(ydoc_get(lim, "cpus")), "1");
	assert_string_equal(ydoc_str(ydoc_get(lim, "memory")), "1G");
	hc = ydoc_get(svc, "healthcheck");
	assert_string_equal(ydoc_str(ydoc_get(hc, "interval")), "10s");
	assert_int_equal(ydoc_get(hc, "test")->nitems, 2);     /* replaced, not appended */
	assert_string_equal(ydoc_str(ydoc_get(hc, "test")->items[1]), "b");
	merged_free(d, &res, &e);
	run(&r, "compose.yaml", y, m);
	assert_null(strstr(need(&r, "compose.resource-limits", NULL, "base")->rule, "missing"));
	assert_int_equal(count_of(&r, "compose.resource-limits", NULL), 1);   /* only base lacks memory */
	file_result_free(&r);
	memfs_free(m);
}

/* env_file entries are relative to the file that writes them. */
static void test_env_file_dirs(void **state)
{
	const char *y = "services:\n  web:\n    image: web:1.2.3\n"
			"    extends: {file: lib/common.yaml, service: base}\n    env_file: local.env\n";
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f;
	(void)state;
	memfs_add(m, "lib/common.yaml", "services:\n  base:\n    env_file: [app.env]\n", 0);
	memfs_add(m, "lib/app.env", "A_TOKEN=t0k3n\n", 1);       /* tracked */
	memfs_add(m, "app.env", "A_TOKEN=t0k3n\n", 0);           /* not: the wrong folder would pass */
	memfs_add(m, "local.env", "B_SECRET=s3cr3t\n", 1);
	run(&r, "compose.yaml", y, m);
	assert_int_equal(count_of(&r, "compose.no-inline-secrets", "env-file-tracked"), 2);
	f = need(&r, "compose.no-inline-secrets", "env-file-tracked", "web");
	assert_int_equal(f->line, 4);
	assert_contains(f->message, "app.env is tracked");
	assert_contains(f->message, "(inherited from base in lib/common.yaml)");
	file_result_free(&r);
	memfs_free(m);
}

/* A file without extends: no compose.parse finding of ours. */
static void test_no_extends_no_problem(void **state)
{
	struct memfs *m = memfs_new();
	struct file_result r;
	(void)state;
	run(&r, "compose.yaml", "services:\n  web:\n    image: nginx:1.25.3\n" HARD, m);
	assert_status(&r, "compose.parse", "pass");
	assert_int_equal(count_of(&r, "compose.parse", NULL), 0);
	file_result_free(&r);
	memfs_free(m);
}

/* A `file:` made by a .env value is followed, but the value is never printed. */
static void test_file_from_env(void **state)
{
	const char *y = "services:\n  web:\n    image: web:1.2.3\n    extends: {file: \"${COMMON}\", service: base}\n"
			"  job:\n    image: job:1.2.3\n    extends: {file: \"${GONE}\", service: base}\n";
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f;
	(void)state;
	memfs_add(m, ".env", "COMMON=lib/hush.yaml\nGONE=lib/hush-missing.yaml\n", 0);
	memfs_add(m, "lib/hush.yaml", "services:\n  base:\n    privileged: true\n", 0);
	run(&r, "compose.yaml", y, m);
	f = need(&r, "compose.no-privileged", "privileged", "web");
	assert_int_equal(f->line, 4);
	assert_contains(f->message, "(inherited from base in ${COMMON})");
	f = need(&r, "compose.parse", "extends-missing-file", "job");
	assert_contains(f->message, "${GONE} does not exist");
	for (size_t i = 0; i < r.nfindings; i++)
		assert_null(strstr(r.findings[i].message, "hush"));
	file_result_free(&r);
	memfs_free(m);
}

/* Many services extending one with a huge list: merging stops at the budget, the cost stays linear. */
static void test_merge_budget(void **state)
{
	struct buf b = BUF_INIT;
	struct compose_doc *d;
	struct compose_resolver r;
	size_t n, limited = 0;
	(void)state;
	buf_puts(&b, "services:\n  s0:\n    cap_add: [C0");
	for (int i = 1; i < 50000; i++)
		buf_printf(&b, ", C%d", i);
	buf_puts(&b, "]\n");
	for (int i = 1; i < 60; i++)
		buf_printf(&b, "  s%d:\n    extends: s0\n    cap_add: [X]\n", i);
	d = compose_load(b.ptr, b.len);
	compose_services(d, &n);
	assert_int_equal(n, 60);
	compose_resolver_init(&r, d, "compose.yaml", NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		struct compose_eff e;
		compose_resolve(&r, &d->services[i], &e);
		if (e.nproblems) {
			assert_string_equal(e.problems[0].rule, "extends-limit");
			assert_int_equal(ydoc_get(e.map, "cap_add")->nitems, 1);       /* its own keys only */
			limited++;
		} else if (i > 0) {
			assert_int_equal(ydoc_get(e.map, "cap_add")->nitems, 50001);
		}
		compose_eff_free(&e);
	}
	assert_true(limited > 0 && limited < n - 1);
	assert_true(r.merged < COMPOSE_MAX_MERGED + 2 * 50001);
	compose_resolver_free(&r);
	compose_free(d);
	buf_free(&b);
}

/* ---- compose-go's own extends fixtures (tests/fixtures/compose/extends, SOURCES.md) ---- */

static struct memfs *gofixtures(void)
{
	static const char *const names[] = { "base.yaml", "nested.yaml", "reset.yaml", "sibling.yaml",
		"withdir/compose.yaml", "withdir/dir/base.yaml", "withdir/dir/compose.yaml" };
	struct memfs *m = memfs_new();
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *fx = xasprintf("compose/extends/%s", names[i]), *path = xasprintf("extends/%s", names[i]);
		char *data = fixture_read(fx, NULL);
		memfs_add(m, path, data, 1);
		free(data);
		free(path);
		free(fx);
	}
	return m;
}

/* compose-go TestExtends, TestExtendsRelativePath, TestExtendsNil, TestExtendsReset, TestIncludeWithExtends, withdir. */
static void test_compose_go_fixtures(void **state)
{
	const char *y = "services:\n"
			"  test1:\n    extends:\n      file: extends/base.yaml\n      service: base\n    hostname: test1\n"
			"  test3:\n    extends: {file: extends/base.yaml, service: another}\n"
			"  rel:\n    extends: {file: extends/base.yaml, service: with-build}\n"          /* 9, 10 */
			"  nil:\n    image: test\n    extends: {file: extends/base.yaml, service: nil}\n"
			"  reset:\n    extends: {file: extends/reset.yaml, service: base}\n"
			"  deep:\n    extends: {file: extends/withdir/compose.yaml, service: test}\n"    /* 16, 17 */
			"  nest:\n    extends: {file: extends/nested.yaml, service: with-build}\n";
	struct memfs *m = gofixtures();
	struct fsview fs;
	struct compose_doc *d;
	struct compose_resolver res;
	struct compose_eff e;
	struct compose_build *b;
	struct file_result r;
	const struct finding *f;
	size_t n;
	(void)state;
	assert_string_equal(ydoc_str(ydoc_get(merged(&d, &res, &e, "compose.yaml", y, m, "test3", &fs), "image")), "base");
	merged_free(d, &res, &e);
	assert_null(ydoc_get(merged(&d, &res, &e, "compose.yaml", y, m, "reset", &fs), "command"));
	assert_string_equal(ydoc_str(ydoc_get(e.map, "image")), "alpine:latest");
	merged_free(d, &res, &e);
	assert_string_equal(ydoc_str(ydoc_get(merged(&d, &res, &e, "compose.yaml", y, m, "deep", &fs), "image")),
			    "hello-world");
	assert_string_equal(compose_eff_origin(&e, ydoc_get(e.map, "image"))->path, "extends/withdir/dir/base.yaml");
	merged_free(d, &res, &e);
	d = compose_load(y, strlen(y));
	n = compose_builds(d, "compose.yaml", &fs, &b);
	assert_int_equal(n, 2);
	assert_string_equal(b[0].service, "rel");
	assert_string_equal(b[0].context, "extends");   /* `build: .` of extends/sibling.yaml */
	assert_string_equal(b[1].service, "nest");      /* nested.yaml -> sibling.yaml */
	assert_string_equal(b[1].context, "extends");
	compose_builds_free(b, n);
	compose_free(d);
	run(&r, "compose.yaml", y, m);
	assert_int_equal(count_of(&r, "compose.parse", NULL), 0);  /* an empty (nil) base is no error */
	f = need(&r, "compose.pinned-image", "no-tag", "deep");
	assert_int_equal(f->line, 17);
	assert_contains(f->message, "(inherited from test in extends/withdir/dir/base.yaml)");
	f = need(&r, "compose.build-valid", "dockerfile-missing", "rel");
	assert_int_equal(f->line, 10);
	assert_contains(f->message, "(inherited from test in extends/sibling.yaml)");
	file_result_free(&r);
	memfs_free(m);
}

/*
 * Holdout 4 (extends-duplicate): ghostfolio's docker/docker-compose.build.yml
 * extends each service of docker/docker-compose.yml, adding only build: or
 * container_name:. What the base service lacks (read_only, limits) or
 * writes (a moving postgres tag) is one problem with one fix in the base
 * file: raised there, info on the extending service. Minimised.
 */
static void test_extends_problem_raised_once(void **state)
{
	struct memfs *m = memfs_new();
	struct file_result r[2];
	struct file_result *v[2] = { &r[0], &r[1] };
	const char *base = "services:\n"
			   "  ghostfolio:\n    image: docker.io/ghostfolio/ghostfolio:2.1.0\n"
			   "    restart: unless-stopped\n    cap_drop: [ALL]\n"
			   "    security_opt: [\"no-new-privileges:true\"]\n"
			   "    healthcheck:\n      test: [\"CMD\", \"true\"]\n"
			   "  postgres:\n    image: docker.io/library/postgres:15-alpine\n"
			   "    restart: unless-stopped\n    cap_drop: [ALL]\n"
			   "    security_opt: [\"no-new-privileges:true\"]\n"
			   "    healthcheck:\n      test: [\"CMD\", \"true\"]\n";
	const char *build = "services:\n"
			    "  ghostfolio:\n    build: ../\n    extends:\n      file: docker-compose.yml\n"
			    "      service: ghostfolio\n"
			    "  postgres:\n    container_name: gf-postgres-build\n    extends:\n"
			    "      file: docker-compose.yml\n      service: postgres\n"
			    "  own:\n    image: redis:7.2.4\n";
	const struct finding *f;
	(void)state;
	memfs_add(m, "docker/Dockerfile", "FROM alpine:3.19.1\n", 0);
	run(&r[0], "docker/docker-compose.yml", base, m);
	run(&r[1], "docker/docker-compose.build.yml", build, m);
	f = need(&r[1], "compose.read-only", NULL, "ghostfolio");
	assert_int_equal(f->sev, SEV_WARNING);
	assert_contains(f->message, "(as in ghostfolio in docker/docker-compose.yml, which it extends)");
	check_extends_across(v, 2);
	/* the base file keeps its findings */
	assert_int_equal(need(&r[0], "compose.read-only", NULL, "ghostfolio")->sev, SEV_WARNING);
	assert_int_equal(need(&r[0], "compose.pinned-image", NULL, "postgres")->sev, SEV_WARNING);
	/* the extending services' copies are info, pointing at the base file */
	f = need(&r[1], "compose.read-only", NULL, "ghostfolio");
	assert_int_equal(f->sev, SEV_INFO);
	assert_contains(f->message, "raised in docker/docker-compose.yml, where ghostfolio is written");
	assert_int_equal(need(&r[1], "compose.resource-limits", NULL, "postgres")->sev, SEV_INFO);
	f = need(&r[1], "compose.pinned-image", NULL, "postgres");
	assert_int_equal(f->sev, SEV_INFO);
	assert_contains(f->message, "inherited from postgres in docker/docker-compose.yml");
	/* a service of its own, and a problem the base does not have, stay raised */
	assert_int_equal(need(&r[1], "compose.read-only", NULL, "own")->sev, SEV_WARNING);
	assert_int_equal(need(&r[1], "compose.no-new-privileges", NULL, "own")->sev, SEV_WARNING);
	file_result_free(&r[0]);
	file_result_free(&r[1]);
	/* when the base file is not among the audited files, nothing is demoted */
	run(&r[1], "docker/docker-compose.build.yml", build, m);
	check_extends_across(v + 1, 1);
	assert_int_equal(need(&r[1], "compose.read-only", NULL, "ghostfolio")->sev, SEV_WARNING);
	file_result_free(&r[1]);
	/* nor when the base file judges the service otherwise (a dev role: info there) */
	run(&r[0], "docker/docker-compose.yml", base, m);
	run(&r[1], "docker/docker-compose.build.yml", build, m);
	for (size_t i = 0; i < r[0].nfindings; i++)
		if (r[0].findings[i].sev >= SEV_WARNING)
			r[0].findings[i].sev = SEV_INFO;
	check_extends_across(v, 2);
	assert_int_equal(need(&r[1], "compose.read-only", NULL, "ghostfolio")->sev, SEV_WARNING);
	file_result_free(&r[0]);
	file_result_free(&r[1]);
	memfs_free(m);
}

/*
 * Beyond revision 4 (HOLDOUT10.md, fineract): services of several audited
 * files extend one service of a file berth does not audit; what they inherit
 * is raised once, in the root default file, and info elsewhere.
 */
static void test_unaudited_base_raised_once(void **state)
{
	struct memfs *m = memfs_new();
	struct file_result r[3];
	struct file_result *v[3] = { &r[0], &r[1], &r[2] };
	const char *frag = "services:\n  fineract:\n    image: apache/fineract:1.9.0\n";
	const char *use = "services:\n  fineract:\n    extends:\n      file: ./config/compose/fineract.yml\n"
			  "      service: fineract\n";
	const char *own = "services:\n  fineract:\n    extends:\n      file: ./config/compose/fineract.yml\n"
			  "      service: fineract\n    read_only: true\n";
	const struct finding *f;
	(void)state;
	memfs_add(m, "config/compose/fineract.yml", frag, 0);
	/* the root default file sorts after the other, and still keeps it */
	run(&r[0], "docker-compose-kafka.yml", use, m);
	run(&r[1], "docker-compose.yml", use, m);
	run(&r[2], "docker-compose-own.yml", own, m);
	assert_int_equal(need(&r[0], "compose.cap-drop", NULL, "fineract")->sev, SEV_WARNING);
	check_extends_across(v, 3);
	assert_int_equal(need(&r[1], "compose.cap-drop", NULL, "fineract")->sev, SEV_WARNING);
	f = need(&r[0], "compose.cap-drop", NULL, "fineract");
	assert_int_equal(f->sev, SEV_INFO);
	assert_contains(f->message, "raised once, in docker-compose.yml");
	assert_int_equal(need(&r[2], "compose.cap-drop", NULL, "fineract")->sev, SEV_INFO);
	/* a file that sets the key itself has no such finding; the others keep theirs */
	assert_int_equal(need(&r[1], "compose.read-only", NULL, "fineract")->sev, SEV_WARNING);
	assert_int_equal(need(&r[0], "compose.read-only", NULL, "fineract")->sev, SEV_INFO);
	for (size_t i = 0; i < r[2].nfindings; i++)
		assert_false(r[2].findings[i].item == item_find("compose.read-only") && r[2].findings[i].sev >= SEV_WARNING);
	for (int i = 0; i < 3; i++)
		file_result_free(&r[i]);
	/* one file alone: nothing to fold */
	run(&r[0], "docker-compose-kafka.yml", use, m);
	check_extends_across(v, 1);
	assert_int_equal(need(&r[0], "compose.cap-drop", NULL, "fineract")->sev, SEV_WARNING);
	file_result_free(&r[0]);
	memfs_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_from_other_file),
		cmocka_unit_test(test_unaudited_base_raised_once),
		cmocka_unit_test(test_build_invalid_in_other_file),
		cmocka_unit_test(test_chain_across_files),
		cmocka_unit_test(test_cycle_across_files),
		cmocka_unit_test(test_missing_file_and_service),
		cmocka_unit_test(test_hardening_inherited),
		cmocka_unit_test(test_hardening_overridden),
		cmocka_unit_test(test_inherited_same_file),
		cmocka_unit_test(test_environment_merge),
		cmocka_unit_test(test_ports_volumes),
		cmocka_unit_test(test_nested_mappings),
		cmocka_unit_test(test_env_file_dirs),
		cmocka_unit_test(test_no_extends_no_problem),
		cmocka_unit_test(test_file_from_env),
		cmocka_unit_test(test_merge_budget),
		cmocka_unit_test(test_compose_go_fixtures),
		cmocka_unit_test(test_extends_problem_raised_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
