/*
 * Revision 4 of the Compose items: partial services, one-shot services, the
 * default override pair judged merged, project images, and the same problem
 * reported once (check_finish's de-duplication and the `services` output).
 */
#include "support.h"
#include "test_check_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "report.h"
#include "scan.h"
#include "text.h"
#include "util.h"

#define HARD \
	"    security_opt: [\"no-new-privileges:true\"]\n" \
	"    cap_drop: [ALL]\n" \
	"    read_only: true\n" \
	"    tmpfs: [/tmp]\n" \
	"    mem_limit: 256m\n" \
	"    cpus: 0.5\n" \
	"    restart: unless-stopped\n" \
	"    healthcheck:\n      test: [\"CMD\", \"true\"]\n"

/* Audit `path` of the in-memory repository m (the file is added to it first). */
static void run_in(struct file_result *r, struct memfs *m, const char *path, const char *yaml)
{
	struct fsview fs;
	memfs_add(m, path, yaml, 1);
	memfs_view(m, &fs);
	audit_text(r, path, KIND_COMPOSE, yaml, &fs);
}

static void run1(struct file_result *r, const char *path, const char *yaml)
{
	struct memfs *m = memfs_new();
	run_in(r, m, path, yaml);
	memfs_free(m);
}

/* The finding of key (and rule) for `service`, or NULL. */
static const struct finding *of_service(const struct file_result *r, const char *key, const char *rule,
					const char *service)
{
	int item = item_find(key);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		if (f->item != item || (rule && strcmp(f->rule, rule) != 0))
			continue;
		for (size_t k = 0; k < f->nservices; k++)
			if (strcmp(f->services[k], service) == 0)
				return f;
	}
	return NULL;
}

static const struct finding *need(const struct file_result *r, const char *key, const char *rule,
				  const char *service)
{
	const struct finding *f = of_service(r, key, rule, service);
	if (!f) {
		dump_result(r);
		fail_msg("no %s/%s finding for %s", key, rule ? rule : "*", service);
	}
	return f;
}

/* ---- the same problem once ---- */

static void test_dedup_anchor(void **state)
{
	const char *y =
		"x-common: &common\n"
		"  image: nginx:latest\n"
		"  privileged: true\n"
		"services:\n"
		"  a:\n    <<: *common\n"
		"  b:\n    <<: *common\n"
		"  c:\n    <<: *common\n    privileged: true\n";
	struct file_result r;
	const struct finding *f;
	(void)state;
	run1(&r, "compose.yaml", y);
	assert_int_equal(count_of(&r, "compose.pinned-image", NULL), 1);
	f = finding_of(&r, "compose.pinned-image", NULL);
	assert_int_equal(f->line, 2);
	assert_int_equal(f->nservices, 3);
	assert_string_equal(f->services[0], "a");
	assert_string_equal(f->services[1], "b");
	assert_string_equal(f->services[2], "c");
	assert_string_equal(f->service, "a");
	/* c writes its own privileged: a problem of its own line */
	assert_int_equal(count_of(&r, "compose.no-privileged", NULL), 2);
	assert_int_equal(need(&r, "compose.no-privileged", NULL, "b")->nservices, 2);
	assert_int_equal(need(&r, "compose.no-privileged", NULL, "c")->line, 11);
	/* a key all three lack goes into the mapping they share: one finding at x-common, naming them */
	assert_int_equal(count_of(&r, "compose.cap-drop", NULL), 1);
	f = finding_of(&r, "compose.cap-drop", NULL);
	assert_int_equal(f->line, 1);
	assert_int_equal(f->nservices, 3);
	assert_string_equal(f->services[2], "c");
	assert_status(&r, "compose.no-privileged", "fail");
	file_result_free(&r);
}

/* check_finish folds by key, rule, line and message: the worst severity, suppressed only when all are. */
static void test_dedup_generic(void **state)
{
	static const char text[] = "FROM alpine:3.19.1\nRUN cd /a && cd /b\n";
	struct file_result r;
	struct text t;
	struct audit a;
	int item = item_find("corr.pitfalls");
	(void)state;
	text_init(&t, text, strlen(text));
	audit_init(&a, &r, "Dockerfile", KIND_DOCKERFILE, &t, NULL);
	audit_add(&a, item, SEV_INFO, "cd-in-run", 23, 25, FIX_NONE, "cd in RUN");
	audit_add(&a, item, SEV_INFO, "cd-in-run", 31, 33, FIX_NONE, "cd in RUN");
	audit_add(&a, item, SEV_WARNING, "cd-in-run", 31, 33, FIX_NONE, "cd in RUN")->suppressed = 1;
	audit_add(&a, item, SEV_INFO, "cd-in-run", 23, 25, FIX_NONE, "another message");
	audit_add(&a, item, SEV_INFO, "other-rule", 23, 25, FIX_NONE, "cd in RUN");
	audit_add(&a, item, SEV_INFO, "cd-in-run", 0, 4, FIX_NONE, "cd in RUN");     /* line 1 */
	check_finish(&a);
	assert_int_equal(r.nfindings, 4);
	assert_int_equal(count_of(&r, "corr.pitfalls", "cd-in-run"), 3);
	for (size_t i = 0; i < r.nfindings; i++) {
		const struct finding *f = &r.findings[i];
		if (f->line == 2 && strcmp(f->message, "cd in RUN") == 0 && strcmp(f->rule, "cd-in-run") == 0) {
			assert_int_equal(f->col, 5);            /* the first one stays */
			assert_int_equal(f->sev, SEV_WARNING);  /* the worst */
			assert_false(f->suppressed);            /* one of them was not */
			assert_null(f->service);
			assert_int_equal(f->nservices, 0);
		}
	}
	assert_status(&r, "corr.pitfalls", "fail");
	file_result_free(&r);
	text_free(&t);
}

/* A problem of several services: one JSON finding with `services`, one tty/gnu line naming them, SARIF, codeclimate. */
static void test_services_output(void **state)
{
	static const char y[] = "x-c: &c\n  privileged: true\nservices:\n  api:\n    <<: *c\n    image: a/b:1.2.3\n"
				"  worker:\n    <<: *c\n    image: a/b:1.2.3\n";
	struct scan s;
	struct scan_file *f;
	struct report_opts o;
	enum report_fmt fmts[] = { FMT_JSON, FMT_TTY, FMT_SARIF, FMT_GNU, FMT_CODECLIMATE };
	const char *want[] = { "\"services\": [\"api\", \"worker\"]", "(services api, worker)", "\"services\": [",
			       "(services api, worker)", "(services api, worker)" };
	(void)state;
	memset(&s, 0, sizeof(s));
	memset(&o, 0, sizeof(o));
	s.files = xcalloc(1, sizeof(*s.files));
	s.nfiles = 1;
	f = &s.files[0];
	f->len = strlen(y);
	f->data = xstrndup(y, f->len);
	text_init(&f->text, f->data, f->len);
	audit_text(&f->res, "compose.yaml", KIND_COMPOSE, f->data, NULL);
	assert_int_equal(count_of(&f->res, "compose.no-privileged", NULL), 1);
	for (size_t i = 0; i < ARRAY_SIZE(fmts); i++) {
		char *out = NULL;
		size_t n = 0;
		FILE *fp = open_memstream(&out, &n);
		report_write(fp, fmts[i], &s, &o);
		fclose(fp);
		if (!strstr(out, want[i]))
			fail_msg("format %zu lacks %s:\n%s", i, want[i], out);
		free(out);
	}
	scan_free(&s);
}

/* ---- partial services ---- */

static void test_partial_service(void **state)
{
	const char *y = "services:\n"
			"  web:\n    environment:\n      DB_PASSWORD: hunter2\n    read_only: false\n"
			"  db:\n    security_opt: [no-new-privileges:false]\n    privileged: true\n";
	struct file_result r;
	(void)state;
	run1(&r, "compose.prod.yaml", y);
	assert_status(&r, "compose.cap-drop", "n/a");
	assert_status(&r, "compose.resource-limits", "n/a");
	assert_status(&r, "compose.healthcheck", "n/a");
	assert_status(&r, "compose.restart", "n/a");
	assert_status(&r, "compose.pinned-image", "n/a");
	assert_status(&r, "compose.build-valid", "n/a");
	/* what a partial service writes is judged */
	assert_status(&r, "compose.read-only", "fail");
	assert_int_equal(need(&r, "compose.read-only", "not-true", "web")->line, 5);
	assert_status(&r, "compose.no-new-privileges", "fail");
	assert_non_null(need(&r, "compose.no-new-privileges", "not-true", "db"));
	assert_status(&r, "compose.no-inline-secrets", "fail");
	assert_status(&r, "compose.no-privileged", "fail");
	file_result_free(&r);
	/* extends makes a service whole */
	run1(&r, "compose.prod.yaml", "services:\n  a:\n    image: nginx:1.25.3\n" HARD "  b:\n    extends: a\n"
	     "    cap_drop: []\n");
	assert_status(&r, "compose.restart", "pass");
	assert_status(&r, "compose.cap-drop", "pass");          /* cap_drop lists are appended */
	file_result_free(&r);
	run1(&r, "compose.prod.yaml", "services:\n  b:\n    build: .\n");
	assert_status(&r, "compose.cap-drop", "fail");
	file_result_free(&r);
}

/* ---- one-shot services ---- */

static void expect_oneshot(const char *yaml, const char *svc, int oneshot)
{
	struct file_result r;
	run1(&r, "compose.yaml", yaml);
	if (oneshot) {
		assert_null(of_service(&r, "compose.restart", NULL, svc));
		assert_null(of_service(&r, "compose.healthcheck", NULL, svc));
	} else {
		assert_non_null(need(&r, "compose.restart", "missing", svc));
		assert_non_null(need(&r, "compose.healthcheck", "missing", svc));
	}
	assert_non_null(need(&r, "compose.cap-drop", "missing", svc));  /* the other items still judge it */
	file_result_free(&r);
}

static void test_oneshot(void **state)
{
	(void)state;
	expect_oneshot("services:\n  app:\n    image: a/app:1.2.3\n" HARD "    depends_on:\n      setup:\n"
		       "        condition: service_completed_successfully\n  setup:\n    image: a/tool:1.2.3\n",
		       "setup", 1);
	expect_oneshot("services:\n  m:\n    image: a/app:1.2.3\n    command: python manage.py migrate\n", "m", 1);
	/* by name (beyond revision 4: zipkin's setup_grafana_datasource, zammad-init, minio's createbuckets) */
	expect_oneshot("services:\n  setup_grafana_datasource:\n    image: appropriate/curl:3.1\n",
		       "setup_grafana_datasource", 1);
	expect_oneshot("services:\n  zammad-init:\n    image: a/app:1.2.3\n", "zammad-init", 1);
	expect_oneshot("services:\n  createbuckets:\n    image: minio/mc:1.2.3\n", "createbuckets", 1);
	expect_oneshot("services:\n  initial-web:\n    image: a/app:1.2.3\n", "initial-web", 0);
	expect_oneshot("services:\n  m:\n    image: a/app:1.2.3\n    command: [\"npx\", \"prisma\", \"migrate\", \"deploy\"]\n",
		       "m", 1);
	expect_oneshot("services:\n  m:\n    image: a/app:1.2.3\n    command: bundle exec rake db:migrate\n", "m", 1);
	expect_oneshot("services:\n  m:\n    image: flyway/flyway:10.8.1\n    command: -url=jdbc:x migrate\n", "m", 1);
	expect_oneshot("services:\n  t:\n    image: a/app:1.2.3\n    entrypoint: [\"/usr/local/bin/pytest\", \"-x\"]\n",
		       "t", 1);
	expect_oneshot("services:\n  t:\n    image: a/app:1.2.3\n    command: sh -c \"wait-for db && npm test\"\n", "t", 1);
	expect_oneshot("services:\n  e2e:\n    image: cypress/included:13.6.0\n", "e2e", 1);
	expect_oneshot("services:\n  t:\n    image: a/app:1.2.3\n    command: sh -c \"pytest -x 2>&1 | tee out.log\"\n",
		       "t", 1);
	expect_oneshot("services:\n  t:\n    image: a/app:1.2.3\n    command: sh -c \"pytest & nginx -g 'daemon off;'\"\n",
		       "t", 0);
	expect_oneshot("services:\n  e2e:\n    image: mcr.microsoft.com/playwright:v1.42.1-jammy\n", "e2e", 1);
	expect_oneshot("services:\n  s:\n    image: a/app:1.2.3\n    profiles: [tools, seed]\n", "s", 1);
	/* a migration before the server: the server keeps running */
	expect_oneshot("services:\n  web:\n    image: a/app:1.2.3\n"
		       "    command: sh -c \"python manage.py migrate && gunicorn app:app\"\n", "web", 0);
	expect_oneshot("services:\n  s:\n    image: a/app:1.2.3\n    profiles: [tools, web]\n", "s", 0);
	expect_oneshot("services:\n  s:\n    image: a/app:1.2.3\n    command: ./migrations-server --port 80\n",
		       "s", 0);
	expect_oneshot("services:\n  app:\n    image: a/app:1.2.3\n    depends_on:\n      db:\n"
		       "        condition: service_healthy\n  db:\n    image: a/db:1.2.3\n", "db", 0);
}

/* A service only under retired profiles (hoppscotch's `profiles: ["deprecated"]`): hardening is info (beyond revision 4). */
static void test_retired_profiles(void **state)
{
	const char *y = "services:\n"
			"  old:\n    image: a/old:1.2.3\n    restart: unless-stopped\n    profiles: [\"deprecated\"]\n"
			"  mixed:\n    image: a/new:1.2.3\n    restart: unless-stopped\n    profiles: [deprecated, default]\n";
	struct file_result r;
	(void)state;
	run1(&r, "compose.yaml", y);
	assert_string_equal(sev_name(need(&r, "compose.cap-drop", "missing", "old")->sev), "info");
	assert_string_equal(sev_name(need(&r, "compose.no-new-privileges", "missing", "old")->sev), "info");
	/* also started by a live profile: judged as written */
	assert_string_equal(sev_name(need(&r, "compose.cap-drop", "missing", "mixed")->sev), "warning");
	file_result_free(&r);
}

/*
 * A service whose command does nothing (huginn's `mysqldata`, `/bin/true`,
 * held for volumes_from; pixelfed's `bash -c "exit 1"` run by hand): no
 * restart, no healthcheck, its hardening info (beyond revision 4). A real
 * program after `true`, or an entrypoint given `true` as its argument, runs.
 */
static void test_inert_service(void **state)
{
	struct file_result r;
	(void)state;
	run1(&r, "compose.yaml", "services:\n  app:\n    image: a/app:1.2.3\n    volumes_from: [mysqldata]\n"
	     "  mysqldata:\n    image: mysql:8.0.36\n    command: /bin/true\n"
	     "  mig:\n    image: a/app:1.2.3\n    entrypoint: \"\"\n    command: 'bash -c \"exit 1\"'\n");
	assert_null(of_service(&r, "compose.restart", NULL, "mysqldata"));
	assert_null(of_service(&r, "compose.healthcheck", NULL, "mysqldata"));
	assert_int_equal(need(&r, "compose.cap-drop", "missing", "mysqldata")->sev, SEV_INFO);
	assert_int_equal(need(&r, "compose.no-new-privileges", "missing", "mig")->sev, SEV_INFO);
	assert_null(of_service(&r, "compose.restart", NULL, "mig"));
	assert_int_equal(need(&r, "compose.cap-drop", "missing", "app")->sev, SEV_WARNING);
	file_result_free(&r);
	expect_oneshot("services:\n  s:\n    image: a/app:1.2.3\n    command: sh -c \"true && ./server\"\n", "s", 0);
	expect_oneshot("services:\n  s:\n    image: a/app:1.2.3\n    entrypoint: [\"/app\"]\n    command: [\"true\"]\n",
		       "s", 0);
	expect_oneshot("services:\n  s:\n    image: a/app:1.2.3\n    command: exit now\n", "s", 0);
	/* a generator as the last command (lago's rsa-keys); not before a server, not as an option */
	expect_oneshot("services:\n  rsa-keys:\n    image: a/api:1.2.3\n    command: [\"./scripts/generate.rsa.sh\"]\n",
		       "rsa-keys", 1);
	expect_oneshot("services:\n  k:\n    image: a/app:1.2.3\n    command: php artisan key:generate\n", "k", 1);
	expect_oneshot("services:\n  s:\n    image: a/app:1.2.3\n    command: sh -c \"./generate-config.sh && exec server\"\n",
		       "s", 0);
	expect_oneshot("services:\n  s:\n    image: a/app:1.2.3\n    command: server --gen-docs\n", "s", 0);
}

/*
 * hoppscotch-migrate (`prisma migrate deploy`, then exits): a missing
 * read_only is an info for a one-shot job; a job the author keeps running
 * (restart: unless-stopped) is judged as a service; in a group sharing an
 * anchor, the one-shot job does not stop the others' finding from moving to
 * the mapping (frappe's configurator, zammad-init).
 */
static void test_oneshot_read_only(void **state)
{
	struct file_result r;
	const struct finding *f;
	(void)state;
	run1(&r, "docker-compose.yml", "services:\n  hoppscotch-migrate:\n    build:\n      context: .\n"
	     "    command: sh -c \"pnpm exec prisma migrate deploy\"\n");
	f = need(&r, "compose.read-only", "missing", "hoppscotch-migrate");
	assert_int_equal(f->sev, SEV_INFO);
	assert_status(&r, "compose.read-only", "pass");
	file_result_free(&r);
	run1(&r, "docker-compose.yml", "services:\n  worker-migrations:\n    image: a/app:1.2.3\n    restart: unless-stopped\n");
	assert_int_equal(need(&r, "compose.read-only", "missing", "worker-migrations")->sev, SEV_WARNING);
	file_result_free(&r);
	run1(&r, "docker-compose.yml", "x-app: &app\n  image: a/app:1.2.3\nservices:\n  a:\n    <<: *app\n  b:\n    <<: *app\n"
	     "  app-init:\n    <<: *app\n    command: [\"app-init\"]\n");
	f = need(&r, "compose.read-only", "missing", "a");
	assert_int_equal(f->line, 1);
	assert_int_equal(f->nservices, 2);
	assert_non_null(strstr(f->message, "the 3 services sharing `&app` all lack it"));
	assert_int_equal(need(&r, "compose.read-only", "missing", "app-init")->sev, SEV_INFO);
	file_result_free(&r);
}

/* CTFd's `permissions` job (chown, awaited with service_completed_successfully): a missing limit is info (beyond revision 4). */
static void test_oneshot_limits(void **state)
{
	struct file_result r;
	(void)state;
	run1(&r, "docker-compose.yml", "services:\n  ctfd:\n    image: ctfd/ctfd:3.7.4\n    restart: always\n"
	     "    depends_on:\n      permissions:\n        condition: service_completed_successfully\n"
	     "  permissions:\n    image: alpine:3.23.2\n    user: root\n    command: chown -R 1001:1001 /var/uploads\n");
	assert_int_equal(need(&r, "compose.resource-limits", "missing", "permissions")->sev, SEV_INFO);
	assert_int_equal(need(&r, "compose.resource-limits", "missing", "ctfd")->sev, SEV_WARNING);
	file_result_free(&r);
}

/*
 * Kong's official template (HOLDOUT15.md item 6a): its migration jobs
 * (`kong migrations bootstrap`, restart: on-failure) lack cap_drop and
 * no-new-privileges at info, the message saying why; the gateway beside
 * them, and a migration job kept running (restart: always), at warning.
 */
static void test_oneshot_hardening(void **state)
{
	struct file_result r;
	const struct finding *f;
	(void)state;
	run1(&r, "compose/docker-compose.yml", "services:\n"
	     "  kong-migrations:\n    image: kong:3.9.1\n    command: kong migrations bootstrap\n    restart: on-failure\n"
	     "  kong-migrations-up:\n    image: kong:3.9.1\n    command: kong migrations up && kong migrations finish\n"
	     "    restart: always\n    depends_on: [kong-migrations]\n"
	     "  kong:\n    image: kong:3.9.1\n    restart: on-failure\n");
	f = need(&r, "compose.cap-drop", "missing", "kong-migrations");
	assert_int_equal(f->sev, SEV_INFO);
	assert_non_null(strstr(f->message, "a job that runs once and exits"));
	f = need(&r, "compose.no-new-privileges", "missing", "kong-migrations");
	assert_int_equal(f->sev, SEV_INFO);
	assert_non_null(strstr(f->message, "a job that runs once and exits"));
	assert_int_equal(need(&r, "compose.cap-drop", "missing", "kong-migrations-up")->sev, SEV_WARNING);
	assert_int_equal(need(&r, "compose.no-new-privileges", "missing", "kong-migrations-up")->sev, SEV_WARNING);
	assert_int_equal(need(&r, "compose.cap-drop", "missing", "kong")->sev, SEV_WARNING);
	assert_int_equal(need(&r, "compose.no-new-privileges", "missing", "kong")->sev, SEV_WARNING);
	file_result_free(&r);
	/* a value that is wrong is still wrong on a job: judged as written */
	run1(&r, "compose.yaml", "services:\n  migrate:\n    image: a/app:1.2.3\n"
	     "    security_opt: [\"no-new-privileges:false\"]\n");
	assert_int_equal(need(&r, "compose.no-new-privileges", "not-true", "migrate")->sev, SEV_WARNING);
	file_result_free(&r);
}

/*
 * EventStore's volumes-provisioner (HOLDOUT15.md item 6b): `network_mode:
 * none` and no restart policy is a job — with no network it serves nothing,
 * and nothing restarts it once it exits. A restart policy, or a network,
 * keeps it a service.
 */
static void test_netless_job(void **state)
{
	struct file_result r;
	const struct finding *f;
	(void)state;
	run1(&r, "compose.yaml", "services:\n  volumes-provisioner:\n    image: hasnat/volumes-provisioner:1.0.0\n"
	     "    environment:\n      PROVISION_DIRECTORIES: \"1000:1000:0755:/tmp/certs\"\n"
	     "    volumes: [\"./certs:/tmp/certs\"]\n    network_mode: none\n"
	     "  setup:\n    image: a/app:1.2.3\n    depends_on: [volumes-provisioner]\n    restart: always\n");
	assert_null(of_service(&r, "compose.restart", NULL, "volumes-provisioner"));
	assert_null(of_service(&r, "compose.healthcheck", NULL, "volumes-provisioner"));
	f = need(&r, "compose.resource-limits", "missing", "volumes-provisioner");
	assert_int_equal(f->sev, SEV_INFO);
	assert_non_null(strstr(f->message, "a job that runs once and exits"));
	assert_int_equal(need(&r, "compose.no-new-privileges", "missing", "volumes-provisioner")->sev, SEV_INFO);
	assert_int_equal(need(&r, "compose.read-only", "missing", "volumes-provisioner")->sev, SEV_INFO);
	assert_int_equal(need(&r, "compose.cap-drop", "missing", "setup")->sev, SEV_WARNING);
	file_result_free(&r);
	expect_oneshot("services:\n  j:\n    image: a/app:1.2.3\n    network_mode: none\n    restart: \"no\"\n", "j", 1);
	expect_oneshot("services:\n  j:\n    image: a/app:1.2.3\n    network_mode: none\n    deploy:\n"
		       "      restart_policy:\n        condition: none\n", "j", 1);
	expect_oneshot("services:\n  j:\n    image: a/app:1.2.3\n    network_mode: host\n", "j", 0);
	expect_oneshot("services:\n  j:\n    image: a/app:1.2.3\n    network_mode: \"service:db\"\n", "j", 0);
	/* a restart policy that restarts it: a service kept up without a network (a batch loop), judged as one */
	run1(&r, "compose.yaml", "services:\n  j:\n    image: a/app:1.2.3\n    network_mode: none\n    restart: always\n");
	assert_non_null(need(&r, "compose.healthcheck", "missing", "j"));
	assert_int_equal(need(&r, "compose.cap-drop", "missing", "j")->sev, SEV_WARNING);
	file_result_free(&r);
	run1(&r, "compose.yaml", "services:\n  j:\n    image: a/app:1.2.3\n    network_mode: none\n    deploy:\n"
	     "      restart_policy:\n        condition: on-failure\n");
	assert_non_null(need(&r, "compose.healthcheck", "missing", "j"));
	file_result_free(&r);
}

/* The kinds as a fix sees them: a migration gets no restart policy, an override's service nothing missing. */
static void test_service_kinds_api(void **state)
{
	static const char y[] = "services:\n  web:\n    image: a/app:1.2.3\n  migrate:\n    image: a/app:1.2.3\n"
				"    command: python manage.py migrate\n  part:\n    environment: {A: b}\n";
	static const char over[] = "services:\n  web:\n    restart: always\n  extra:\n    image: a/x:1.2.3\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct compose_doc *d = compose_load(y, strlen(y)), *o = compose_load(over, strlen(over));
	unsigned char flags[3] = { 9, 9, 9 }, oflags[2] = { 9, 9 };
	(void)state;
	memfs_add(m, "compose.yaml", y, 1);
	memfs_add(m, "compose.override.yaml", over, 1);
	memfs_view(m, &fs);
	compose_service_kinds(d, "compose.yaml", &fs, flags);
	assert_int_equal(flags[0], 0);
	assert_int_equal(flags[1], COMPOSE_ONESHOT);
	assert_int_equal(flags[2], COMPOSE_PARTIAL);
	compose_service_kinds(o, "compose.override.yaml", &fs, oflags);
	assert_int_equal(oflags[0], COMPOSE_PARTIAL);   /* completes the base's web */
	assert_int_equal(oflags[1], 0);                 /* a whole service of its own */
	compose_free(d);
	compose_free(o);
	memfs_free(m);
}

/* ---- the default override pair ---- */

static const char pair_base[] =
	"services:\n"
	"  web:\n"
	"    build: ./app\n"
	"    image: myapp\n"
	"    read_only: false\n"
	"  db:\n"
	"    image: postgres:latest\n"
	"    environment:\n      POSTGRES_PASSWORD: hunter2\n";

static const char pair_override[] =
	"services:\n"
	"  web:\n"
	"    read_only: true\n"
	"    privileged: true\n"
	"  db:\n"
	"    image: postgres:16.2.1\n"
	"    restart: always\n"
	"  tools:\n"
	"    environment:\n      API_TOKEN: hunter2\n";

static void pair_repo(struct memfs *m, const char *base, const char *over)
{
	memfs_add(m, "app/Dockerfile", "FROM nginx:1.25.3\nHEALTHCHECK CMD true\n", 1);
	memfs_add(m, base, pair_base, 1);
	if (over)
		memfs_add(m, over, pair_override, 1);
}

static void test_pair_base(void **state)
{
	struct memfs *m = memfs_new();
	struct file_result r;
	(void)state;
	pair_repo(m, "compose.yaml", "compose.override.yaml");
	run_in(&r, m, "compose.yaml", pair_base);
	/* the override's values applied: db pinned and restarted, web read-only */
	assert_null(of_service(&r, "compose.pinned-image", NULL, "db"));
	assert_null(of_service(&r, "compose.restart", NULL, "db"));
	assert_null(of_service(&r, "compose.read-only", NULL, "web"));
	assert_null(of_service(&r, "compose.healthcheck", NULL, "web"));       /* the built stage's HEALTHCHECK */
	/* what the override writes is reported there, not here */
	assert_status(&r, "compose.no-privileged", "pass");
	/* what is missing from the merged service: at the base's service key */
	assert_int_equal(need(&r, "compose.cap-drop", "missing", "web")->line, 2);
	assert_int_equal(need(&r, "compose.restart", "missing", "web")->line, 2);
	/* the base's own values */
	assert_int_equal(need(&r, "compose.no-inline-secrets", "literal", "db")->line, 9);
	assert_null(of_service(&r, "compose.cap-drop", NULL, "tools"));        /* not a service of this file */
	assert_status(&r, "compose.build-valid", "pass");
	file_result_free(&r);
	memfs_free(m);
}

static void test_pair_override(void **state)
{
	struct memfs *m = memfs_new();
	struct file_result r;
	(void)state;
	pair_repo(m, "compose.yaml", "compose.override.yaml");
	run_in(&r, m, "compose.override.yaml", pair_override);
	/* services completing the base's: nothing missing here; the base's values are the base's */
	assert_status(&r, "compose.cap-drop", "n/a");
	assert_status(&r, "compose.restart", "n/a");
	assert_status(&r, "compose.healthcheck", "n/a");
	assert_null(of_service(&r, "compose.no-inline-secrets", NULL, "db"));
	assert_status(&r, "compose.pinned-image", "pass");     /* its own pin of db */
	/* what it writes */
	assert_int_equal(need(&r, "compose.no-privileged", "privileged", "web")->line, 4);
	assert_int_equal(need(&r, "compose.no-inline-secrets", "literal", "tools")->line, 10);
	assert_status(&r, "compose.build-valid", "n/a");       /* the base writes the build */
	file_result_free(&r);
	memfs_free(m);
}

static void test_pair_names(void **state)
{
	static const struct { const char *base, *over; int paired; } cases[] = {
		{ "docker-compose.yml", "docker-compose.override.yml", 1 },
		{ "compose.yml", "compose.override.yaml", 1 },
		{ "deploy/docker-compose.yaml", "deploy/docker-compose.override.yml", 1 },
		{ "compose.yaml", "docker-compose.override.yml", 0 },       /* another name's override */
		{ "compose.prod.yaml", "compose.override.yaml", 0 },        /* not a default file */
		{ "compose.yaml", "other/compose.override.yaml", 0 },       /* not beside it */
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct memfs *m = memfs_new();
		struct file_result r;
		pair_repo(m, cases[i].base, cases[i].over);
		run_in(&r, m, cases[i].base, pair_base);
		if (cases[i].paired != (of_service(&r, "compose.restart", NULL, "db") == NULL)) {
			dump_result(&r);
			fail_msg("%s + %s: paired should be %d", cases[i].base, cases[i].over, cases[i].paired);
		}
		file_result_free(&r);
		memfs_free(m);
	}
}

/* A build merged from both files: the base's context, the override's target; each judged where written. */
static void test_pair_build(void **state)
{
	static const char base[] = "services:\n  php:\n    build:\n      context: docker/php\n    image: a/php:1.2.3\n";
	static const char *const targets[] = { "dev", "nope" };
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++) {
		struct memfs *m = memfs_new();
		struct file_result r;
		char *over = xasprintf("services:\n  php:\n    build:\n      target: %s\n", targets[i]);
		memfs_add(m, "docker/php/Dockerfile", "FROM php:8.3.4-fpm AS base\nFROM base AS dev\nFROM base AS prod\n", 1);
		memfs_add(m, "compose.yaml", base, 1);
		memfs_add(m, "compose.override.yml", over, 1);
		run_in(&r, m, "compose.override.yml", over);
		/* before revision 4 the override alone built ./Dockerfile: dockerfile-missing */
		assert_null(finding_of(&r, "compose.build-valid", "dockerfile-missing"));
		assert_status(&r, "compose.build-valid", i == 0 ? "pass" : "fail");
		if (i == 1)
			assert_int_equal(need(&r, "compose.build-valid", "target-missing", "php")->line, 4);
		file_result_free(&r);
		run_in(&r, m, "compose.yaml", base);
		assert_status(&r, "compose.build-valid", "pass");       /* the target is the override's */
		file_result_free(&r);
		free(over);
		memfs_free(m);
	}
}

/* ---- project images ---- */

static void test_project_images(void **state)
{
	const char *y = "services:\n"
			"  web:\n    build: .\n    image: myapp-local\n"
			"  worker:\n    image: myapp-local\n"
			"  api:\n    build: .\n    image: myorg/api\n"
			"  other:\n    image: somethingelse\n";
	struct memfs *m = memfs_new();
	struct file_result r;
	(void)state;
	memfs_add(m, "Dockerfile", "FROM nginx:1.25.3\nHEALTHCHECK CMD true\n", 1);
	run_in(&r, m, "compose.yaml", y);
	assert_null(of_service(&r, "compose.pinned-image", NULL, "web"));
	assert_null(of_service(&r, "compose.pinned-image", NULL, "worker"));
	assert_int_equal(need(&r, "compose.pinned-image", "no-tag", "api")->sev, SEV_ERROR);   /* the image you push */
	assert_int_equal(need(&r, "compose.pinned-image", "no-tag", "other")->sev, SEV_ERROR);
	/* worker runs the image web builds from a Dockerfile with a HEALTHCHECK */
	assert_null(of_service(&r, "compose.healthcheck", NULL, "worker"));
	assert_non_null(need(&r, "compose.healthcheck", "missing", "other"));
	file_result_free(&r);
	memfs_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dedup_anchor),
		cmocka_unit_test(test_dedup_generic),
		cmocka_unit_test(test_services_output),
		cmocka_unit_test(test_partial_service),
		cmocka_unit_test(test_oneshot),
		cmocka_unit_test(test_retired_profiles),
		cmocka_unit_test(test_inert_service),
		cmocka_unit_test(test_oneshot_read_only),
		cmocka_unit_test(test_oneshot_limits),
		cmocka_unit_test(test_oneshot_hardening),
		cmocka_unit_test(test_netless_job),
		cmocka_unit_test(test_service_kinds_api),
		cmocka_unit_test(test_pair_base),
		cmocka_unit_test(test_pair_override),
		cmocka_unit_test(test_pair_names),
		cmocka_unit_test(test_pair_build),
		cmocka_unit_test(test_project_images),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
