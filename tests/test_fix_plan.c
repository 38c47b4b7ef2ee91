/*
 * The planner: real fixes verified and offered, each verification guard
 * withholding a misbehaving generator, fix_apply combining overlapping
 * fixes with a re-plan, fixes that need a value, and the CLI's overlay.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "fix_priv.h"

static void input(struct fix_input *in, const char *path, enum filekind kind, const char *text,
		  const struct fsview *fs, const struct config *cfg)
{
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->kind = kind;
	in->data = text;
	in->len = strlen(text);
	in->fs = fs;
	in->cfg = cfg;
	/* these tests are about the planner's mechanics: review fixes are taken too (test_levels: the default) */
	in->level = FIX_LEVEL_REVIEW;
}

static const struct fix *find(const struct fix_plan *p, const char *key)
{
	int item = item_find(key);
	for (size_t i = 0; i < p->nfixes; i++)
		if (p->fixes[i].item == item)
			return &p->fixes[i];
	return NULL;
}

/* the user exists (useradd): berth needs no facts about the base image to switch to it */
static const char *ROOTY = "FROM python:3.11.11-slim\nRUN useradd -r app\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n";

static void test_real_fixes_offered_and_applied(void **state)
{
	struct fix_input in;
	struct fix_plan p;
	struct fix_result r;
	struct file_result after;
	(void)state;
	input(&in, "Dockerfile", KIND_DOCKERFILE, ROOTY, NULL, NULL);
	assert_int_equal(fix_plan(&p, &in), 0);
	assert_string_equal(status_of(&p.before, "sec.non-root"), "fail");
	assert_non_null(find(&p, "sec.non-root"));
	assert_non_null(find(&p, "sec.healthcheck"));
	/* both insert right before CMD: they overlap, the second is re-planned and applied after */
	assert_int_equal(fix_apply(&r, &in, &p, NULL, 0), 0);
	assert_int_equal(r.dropped, 0);
	assert_true(r.applied >= 2);
	assert_true(r.nfiles >= 1);
	assert_string_equal(r.files[0].path, "Dockerfile");
	{
		/* each of these fixes changes one file */
		size_t sum = 0;
		for (size_t i = 0; i < r.nfiles; i++)
			sum += r.files[i].nfixes;
		assert_int_equal(sum, r.applied);
	}
	assert_non_null(strstr(r.files[0].data, "USER app\n"));
	assert_non_null(strstr(r.files[0].data, "HEALTHCHECK"));
	audit_text(&after, "Dockerfile", KIND_DOCKERFILE, r.files[0].data, NULL);
	assert_status(&after, "sec.non-root", "pass");
	assert_status(&after, "sec.healthcheck", "pass");
	assert_status(&after, "corr.parse", "pass");
	file_result_free(&after);
	fix_result_free(&r);
	fix_plan_free(&p);
}

/* CHECKLIST.md "Fixes": the default level takes safe fixes only; withheld ones carry a note; roles gate. */
static void test_levels(void **state)
{
	static const char *text = "FROM python:3.11.11-slim\nRUN apt-get update && apt-get install -y curl\n"
				  "EXPOSE 8000\nCMD [\"python\", \"app.py\"]\n";
	struct fix_input in;
	struct fix_plan p;
	struct fix_result r;
	struct buf notes = BUF_INIT;
	size_t safe = 0;
	(void)state;
	input(&in, "Dockerfile", KIND_DOCKERFILE, text, NULL, NULL);
	in.level = FIX_LEVEL_SAFE;
	assert_int_equal(fix_plan(&p, &in), 0);
	for (size_t i = 0; i < p.nfixes; i++)
		safe += p.fixes[i].level == FIX_LEVEL_SAFE;
	assert_true(safe > 0 && safe < p.nfixes);       /* apt lists (safe), healthcheck (review) */
	assert_int_equal(fix_apply(&r, &in, &p, NULL, 0), 0);
	assert_int_equal(r.applied, safe);
	assert_null(strstr(r.files[0].data, "HEALTHCHECK"));
	fix_result_free(&r);
	/* sec.non-root: python's image facts name no non-root user but its tool (useradd): a system user, review */
	fix_plan_notes(&notes, &p);
	assert_non_null(strstr(buf_str(&notes), "Dockerfile:1: [sec.non-root] review: runs as app (a system user, no fixed ids)"));
	assert_non_null(strstr(buf_str(&notes), "[sec.healthcheck] review: "));
	buf_free(&notes);
	fix_plan_free(&p);
	/* a dev environment gets no hardening or runtime edits */
	in.role = ROLE_DEV;
	in.level = FIX_LEVEL_REVIEW;
	assert_int_equal(fix_plan(&p, &in), 0);
	assert_int_equal(p.nfixes, 0);
	assert_true(p.nheld > 0);
	{
		int dev = 0;
		for (size_t i = 0; i < p.nheld; i++)
			dev |= strstr(p.held[i].note, "development environment") != NULL;
		assert_true(dev);
	}
	fix_plan_free(&p);
}

/* JSON/SARIF: each failing finding with a fix gets its fix's level and note; Compose per service. */
static void test_annotate(void **state)
{
	static const char *df = "FROM python:3.11.11-slim\nRUN apt-get update && apt-get install -y curl\n"
				"CMD [\"python\", \"app.py\"]\n";
	static const char *yml = "services:\n  db:\n    image: postgres:16.2\n  app:\n    image: myorg/app:1.0.0\n";
	struct fix_input in;
	struct file_result r;
	int seen = 0;
	(void)state;
	input(&in, "Dockerfile", KIND_DOCKERFILE, df, NULL, NULL);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, NULL);
	fix_annotate(&r, &in);
	for (size_t i = 0; i < r.nfindings; i++) {
		const struct finding *f = &r.findings[i];
		if (f->item == ITEM_SEC_NON_ROOT && f->sev != SEV_INFO) {
			assert_string_equal(f->fix_level, "review");
			assert_non_null(strstr(f->fix_note, "a system user, no fixed ids"));
			seen |= 1;
		}
		if (f->item == ITEM_SIZE_APT_LISTS_CLEANED && f->sev != SEV_INFO) {
			assert_string_equal(f->fix_level, "safe");
			seen |= 2;
		}
	}
	assert_int_equal(seen, 3);
	file_result_free(&r);
	input(&in, "compose.yaml", KIND_COMPOSE, yml, NULL, NULL);
	audit_text(&r, "compose.yaml", KIND_COMPOSE, yml, NULL);
	fix_annotate(&r, &in);
	seen = 0;
	for (size_t i = 0; i < r.nfindings; i++) {
		const struct finding *f = &r.findings[i];
		if (f->item != ITEM_COMPOSE_CAP_DROP || !f->service)
			continue;
		/* postgres has facts (its cap_add): review; myorg/app has none: withheld */
		assert_string_equal(f->fix_level, strcmp(f->service, "db") == 0 ? "review" : "withheld");
		seen++;
	}
	assert_int_equal(seen, 2);
	file_result_free(&r);
}

static void test_only_limits(void **state)
{
	struct fix_input in;
	struct fix_plan p;
	(void)state;
	input(&in, "Dockerfile", KIND_DOCKERFILE, ROOTY, NULL, NULL);
	in.only = "sec.healthcheck";
	assert_int_equal(fix_plan(&p, &in), 0);
	assert_int_equal(p.nfixes, 1);
	assert_int_equal(p.fixes[0].item, ITEM_SEC_HEALTHCHECK);
	fix_plan_free(&p);
}

/* ---- misbehaving generators, one per guard ---- */

static size_t cmd_at(const struct fix_ctx *c)
{
	const char *p = strstr(c->in->data, "CMD");
	return p ? (size_t)(p - c->in->data) : c->in->len;
}

static void gen_breaks_parse(struct fix_ctx *c)
{
	struct fix *f = fix_new(c, ITEM_SEC_NON_ROOT, "t", "breaks the parse");
	fix_insert(f, c->in->path, cmd_at(c), "USER app\nBOGUS instruction\n");
}

static void gen_does_nothing_useful(struct fix_ctx *c)
{
	struct fix *f = fix_new(c, ITEM_SEC_NON_ROOT, "t", "a comment only");
	if (!strstr(c->in->data, "# hello"))
		fix_insert(f, c->in->path, cmd_at(c), "# hello\n");
}

static void gen_regresses(struct fix_ctx *c)
{
	/* fixes non-root, but RUN --device (newer than Engine 23's frontend) without the syntax directive fails corr.syntax-directive */
	struct fix *f = fix_new(c, ITEM_SEC_NON_ROOT, "t", "regresses");
	if (!strstr(c->in->data, "USER app"))
		fix_insert(f, c->in->path, cmd_at(c), "RUN --device=name=x true\nUSER app\n");
}

static void gen_not_idempotent(struct fix_ctx *c)
{
	struct fix *f = fix_new(c, ITEM_SEC_NON_ROOT, "t", "again and again");
	fix_insert(f, c->in->path, cmd_at(c), "USER app\n");
}

static void gen_overlapping(struct fix_ctx *c)
{
	struct fix *f = fix_new(c, ITEM_SEC_NON_ROOT, "t", "overlaps itself");
	fix_edit(f, c->in->path, 0, 4, "FROM");
	fix_edit(f, c->in->path, 2, 6, "xx");
}

static void withheld_by(fix_gen_fn gen, enum fix_why why)
{
	struct fix_input in;
	struct fix_plan p;
	fix_gen_override[ITEM_SEC_NON_ROOT] = gen;
	input(&in, "Dockerfile", KIND_DOCKERFILE, ROOTY, NULL, NULL);
	in.only = "sec.non-root";
	assert_int_equal(fix_plan(&p, &in), 0);
	fix_gen_override[ITEM_SEC_NON_ROOT] = NULL;
	if (p.nfixes != 0 || p.withheld[why] != 1)
		fail_msg("expected one fix withheld for %s, got %zu offered", fix_why_name(why), p.nfixes);
	assert_int_equal(p.withheld_item[ITEM_SEC_NON_ROOT], 1);
	/* the notes every fix mode prints name it, withheld, at its finding's line */
	{
		struct buf notes = BUF_INIT;
		fix_plan_notes(&notes, &p);
		assert_non_null(strstr(buf_str(&notes), "Dockerfile:1: [sec.non-root] withheld: berth's fix did not "
					"pass verification here"));
		buf_free(&notes);
	}
	fix_plan_free(&p);
}

static void test_guard_parse(void **state)
{
	(void)state;
	withheld_by(gen_breaks_parse, FIX_WHY_PARSE);
}

static void test_guard_still_fails(void **state)
{
	(void)state;
	withheld_by(gen_does_nothing_useful, FIX_WHY_STILL_FAILS);
}

static void test_guard_regression(void **state)
{
	(void)state;
	withheld_by(gen_regresses, FIX_WHY_REGRESSION);
}

static void test_guard_idempotence(void **state)
{
	(void)state;
	withheld_by(gen_not_idempotent, FIX_WHY_NOT_IDEMPOTENT);
}

static void test_guard_conflict(void **state)
{
	(void)state;
	withheld_by(gen_overlapping, FIX_WHY_CONFLICT);
}

static void test_value_fix(void **state)
{
	const char *text = "FROM python:3.11-slim\nUSER app\nCMD [\"python\"]\n";
	struct fix_input in;
	struct fix_plan p;
	struct fix *f;
	struct config cfg;
	enum fix_why why;
	const struct fix *pin;
	(void)state;
	config_init(&cfg);
	input(&in, "Dockerfile", KIND_DOCKERFILE, text, NULL, &cfg);
	assert_int_equal(fix_plan(&p, &in), 0);
	pin = find(&p, "sec.pinned-base");
	assert_non_null(pin);
	assert_true(pin->needs_value);
	assert_string_equal(pin->value_name, "pin.python");
	assert_string_equal(pin->value_default, "3.11-slim");
	assert_int_equal(pin->nchanges, 0);
	fix_plan_free(&p);
	/* the TUI's prompt: a value given for this fix only */
	assert_int_equal(fix_plan_value(&f, &in, ITEM_SEC_PINNED_BASE, "pin.python", "3.11.11-slim", &why), 0);
	assert_false(f->needs_value);
	assert_int_equal(f->nchanges, 1);
	fix_free(f);
	/* a value that does not pin is withheld: the item would still fail */
	assert_int_equal(fix_plan_value(&f, &in, ITEM_SEC_PINNED_BASE, "pin.python", "3.12", &why), -1);
	assert_int_equal(why, FIX_WHY_COUNT);   /* withheld by the value's precondition: not a pinned tag */
	/* a value with a line break would add lines to the file: not taken */
	assert_int_equal(fix_plan_value(&f, &in, ITEM_SEC_PINNED_BASE, "pin.python", "3.11.11-slim\nRUN x", &why), -1);
	/* the config's value (--set or fix:) makes it ready in the plan */
	config_set(&cfg, "pin.python", "3.11.11-slim");
	assert_int_equal(fix_plan(&p, &in), 0);
	pin = find(&p, "sec.pinned-base");
	assert_non_null(pin);
	assert_false(pin->needs_value);
	fix_plan_free(&p);
	config_free(&cfg);
}

static void test_dockerignore_created_then_seen(void **state)
{
	struct memfs *m = memfs_new();
	struct fsview base, view;
	struct fix_overlay *ov;
	struct fix_input in;
	struct fix_plan p;
	struct fix_result r;
	const char *text = "FROM python:3.11.11-slim\nWORKDIR /app\nCOPY . .\nUSER app\nCMD [\"python\", \"app.py\"]\n";
	(void)state;
	memfs_add(m, "svc/Dockerfile", text, 1);
	memfs_add(m, "svc/app.py", "print()\n", 1);
	memfs_view(m, &base);
	ov = fix_overlay_new(&base);
	fix_overlay_view(ov, &view);
	input(&in, "svc/Dockerfile", KIND_DOCKERFILE, text, &view, NULL);
	in.only = "perf.dockerignore";
	assert_int_equal(fix_plan(&p, &in), 0);
	assert_int_equal(p.nfixes, 1);
	assert_int_equal(fix_apply(&r, &in, &p, NULL, 0), 0);
	assert_int_equal(r.nfiles, 1);
	assert_string_equal(r.files[0].path, "svc/.dockerignore");
	assert_true(r.files[0].create);
	assert_non_null(strstr(r.files[0].data, "__pycache__/"));
	fix_overlay_put(ov, r.files[0].path, r.files[0].data, r.files[0].len);
	fix_result_free(&r);
	fix_plan_free(&p);
	/* a second Dockerfile of the same context sees it and needs nothing */
	assert_int_equal(fix_plan(&p, &in), 0);
	assert_string_equal(status_of(&p.before, "perf.dockerignore"), "pass");
	assert_int_equal(p.nfixes, 0);
	fix_plan_free(&p);
	fix_overlay_free(ov);
	memfs_free(m);
}

/* Is needle within the first n bytes of hay? (no memmem: C11 only) */
static const char *memmem_s(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(hay + i, needle, k))
			return hay + i;
	return NULL;
}

static void test_compose_plan(void **state)
{
	const char *text = "services:\n  web:\n    image: nginx:1.25.4\n    ports: [\"80:80\"]\n";
	struct fix_input in;
	struct fix_plan p;
	struct fix_result r;
	struct file_result after;
	(void)state;
	input(&in, "compose.yaml", KIND_COMPOSE, text, NULL, NULL);
	assert_int_equal(fix_plan(&p, &in), 0);
	assert_non_null(find(&p, "compose.no-new-privileges"));
	assert_non_null(find(&p, "compose.cap-drop"));
	assert_non_null(find(&p, "compose.cap-drop")->note);
	assert_non_null(find(&p, "compose.read-only"));
	assert_non_null(find(&p, "compose.restart"));
	assert_int_equal(fix_apply(&r, &in, &p, NULL, 0), 0);
	assert_int_equal(r.dropped, 0);
	assert_int_equal(r.nfiles, 1);
	/* the file writes lists in flow style: so do the fixes */
	assert_non_null(strstr(r.files[0].data, "    security_opt: [no-new-privileges:true]\n"));
	assert_non_null(strstr(r.files[0].data, "    cap_drop: [ALL]\n"));
	audit_text(&after, "compose.yaml", KIND_COMPOSE, r.files[0].data, NULL);
	assert_status(&after, "compose.no-new-privileges", "pass");
	assert_status(&after, "compose.cap-drop", "pass");
	assert_status(&after, "compose.read-only", "pass");
	assert_status(&after, "compose.restart", "pass");
	assert_status(&after, "compose.parse", "pass");
	file_result_free(&after);
	fix_result_free(&r);
	fix_plan_free(&p);
}

/* HOLDOUT15 (EventStore's volumes-provisioner): a job with no network gets no restart policy; the server does */
static void test_compose_netless_job(void **state)
{
	const char *text = "services:\n  prov:\n    image: hasnat/volumes-provisioner:1.0.0\n    network_mode: none\n"
		"  web:\n    image: nginx:1.27.3\n    depends_on: [prov]\n";
	struct fix_input in;
	struct fix_plan p;
	struct fix_result r;
	const char *web;
	(void)state;
	input(&in, "compose.yaml", KIND_COMPOSE, text, NULL, NULL);
	assert_int_equal(fix_plan(&p, &in), 0);
	assert_non_null(find(&p, "compose.restart"));
	assert_int_equal(fix_apply(&r, &in, &p, NULL, 0), 0);
	web = strstr(r.files[0].data, "  web:");
	assert_non_null(web);
	assert_null(memmem_s(r.files[0].data, (size_t)(web - r.files[0].data), "restart:"));
	assert_non_null(strstr(web, "restart: unless-stopped"));
	fix_result_free(&r);
	fix_plan_free(&p);
}

/* Whatever the input, planning and applying never crash and never break the parse. */
/* A healthcheck fix that is clean on the original text, and breaks the parse once USER app is there. */
static void gen_healthcheck_after_user_breaks(struct fix_ctx *c)
{
	struct fix *f;
	if (strstr(c->in->data, "HEALTHCHECK"))
		return;
	f = fix_new(c, ITEM_SEC_HEALTHCHECK, "t", "healthcheck");
	fix_insert(f, c->in->path, cmd_at(c), "HEALTHCHECK CMD true\n%s",
		   strstr(c->in->data, "USER app") ? "BOGUS instruction\n" : "");
}

/*
 * fix_apply re-plans a fix that overlaps one already taken and verifies the
 * re-planned fix only when it is about to take it: one that fails
 * verification on the text as it stands is dropped, never applied.
 */
static void test_replanned_fix_verified(void **state)
{
	struct fix_input in;
	struct fix_plan p;
	struct fix_result r;
	(void)state;
	fix_gen_override[ITEM_SEC_HEALTHCHECK] = gen_healthcheck_after_user_breaks;
	input(&in, "Dockerfile", KIND_DOCKERFILE, ROOTY, NULL, NULL);
	in.only = "sec.non-root,sec.healthcheck";
	assert_int_equal(fix_plan(&p, &in), 0);
	/* alone, each is clean */
	assert_int_equal(p.nfixes, 2);
	assert_non_null(find(&p, "sec.non-root"));
	assert_non_null(find(&p, "sec.healthcheck"));
	/* both insert before CMD: non-root goes first, the healthcheck re-planned after it breaks the parse */
	assert_int_equal(fix_apply(&r, &in, &p, NULL, 0), 0);
	fix_gen_override[ITEM_SEC_HEALTHCHECK] = NULL;
	assert_int_equal(r.applied, 1);
	assert_int_equal(r.dropped, 1);
	assert_int_equal(r.applied_item[ITEM_SEC_NON_ROOT], 1);
	assert_int_equal(r.applied_item[ITEM_SEC_HEALTHCHECK], 0);
	assert_int_equal(r.nfiles, 1);
	assert_non_null(strstr(r.files[0].data, "USER app\n"));
	assert_null(strstr(r.files[0].data, "BOGUS"));
	assert_null(strstr(r.files[0].data, "HEALTHCHECK"));
	fix_result_free(&r);
	fix_plan_free(&p);
}

/* Plan and apply with and without a memo: the same plan, the same result (its files counted). */
static size_t same_with_memo(const struct fix_input *in)
{
	size_t nfiles = 0;
	struct fix_plan a, b;
	struct fix_result ra, rb;
	struct fix_memo *m = fix_memo_new();
	int pa = fix_plan(&a, in), pb = fix_plan_items(&b, in, NULL, 0, m, NULL);
	assert_int_equal(pa, pb);
	assert_int_equal(a.nfixes, b.nfixes);
	assert_memory_equal(a.withheld, b.withheld, sizeof(a.withheld));
	assert_memory_equal(a.before.status, b.before.status, sizeof(a.before.status));
	for (size_t i = 0; i < a.nfixes; i++) {
		assert_int_equal(a.fixes[i].item, b.fixes[i].item);
		assert_string_equal(a.fixes[i].title, b.fixes[i].title);
	}
	if (pa == 0 && a.nfixes) {
		assert_int_equal(fix_apply(&ra, in, &a, NULL, 0), 0);
		assert_int_equal(fix_apply_memo(&rb, in, &b, NULL, 0, m), 0);
		assert_int_equal(ra.applied, rb.applied);
		assert_int_equal(ra.dropped, rb.dropped);
		assert_memory_equal(ra.applied_item, rb.applied_item, sizeof(ra.applied_item));
		assert_int_equal(ra.nfiles, rb.nfiles);
		nfiles = ra.nfiles;
		for (size_t i = 0; i < ra.nfiles; i++) {
			assert_string_equal(ra.files[i].path, rb.files[i].path);
			assert_int_equal(ra.files[i].create, rb.files[i].create);
			assert_int_equal(ra.files[i].len, rb.files[i].len);
			assert_memory_equal(ra.files[i].data, rb.files[i].data, ra.files[i].len);
		}
		fix_result_free(&ra);
		fix_result_free(&rb);
	}
	fix_plan_free(&a);
	fix_plan_free(&b);
	fix_memo_free(m);
	return nfiles;
}

/*
 * The memo lets fix_apply take audits and parses verification already made
 * (the text after the one fix a round took): it changes nothing in what is
 * planned or applied, also when fixes create another file, overlap, or a
 * re-planned fix is withheld.
 */
static void test_memo_changes_nothing(void **state)
{
	static const char *const compose = "services:\n  web:\n    image: nginx:1.25.4\n    ports: [\"80:80\"]\n"
					   "  db:\n    image: postgres\n    environment:\n      - A=1\n";
	struct memfs *mfs = memfs_new();
	struct fsview view;
	struct fix_input in;
	(void)state;
	memfs_add(mfs, "svc/Dockerfile", ROOTY, 1);
	memfs_add(mfs, "svc/app.py", "print()\n", 1);
	memfs_add(mfs, "svc/requirements.txt", "flask\n", 1);
	memfs_view(mfs, &view);
	input(&in, "svc/Dockerfile", KIND_DOCKERFILE, ROOTY, &view, NULL);
	/* .dockerignore created, USER and HEALTHCHECK overlapping */
	assert_int_equal(same_with_memo(&in), 2);
	/* every fix inserts at a service's end: one per round */
	input(&in, "compose.yaml", KIND_COMPOSE, compose, NULL, NULL);
	assert_int_equal(same_with_memo(&in), 1);
	/* the re-planned healthcheck is withheld (and a .dockerignore made at the root) */
	fix_gen_override[ITEM_SEC_HEALTHCHECK] = gen_healthcheck_after_user_breaks;
	input(&in, "Dockerfile", KIND_DOCKERFILE, ROOTY, NULL, NULL);
	assert_int_equal(same_with_memo(&in), 2);
	fix_gen_override[ITEM_SEC_HEALTHCHECK] = NULL;
	memfs_free(mfs);
}

static void test_hostile_inputs(void **state)
{
	static const struct { const char *path; enum filekind kind; const char *text; } cases[] = {
		{ "Dockerfile", KIND_DOCKERFILE, "\xEF\xBB\xBF" "FROM python:3.11\nRUN --mount=type=cache,target=/x pip install -r r.txt\n" },
		{ "Dockerfile", KIND_DOCKERFILE, "" },
		{ "Dockerfile", KIND_DOCKERFILE, "\r\r\r" },
		{ "Dockerfile", KIND_DOCKERFILE, "RUN apt-get install x\n" },
		{ "Dockerfile", KIND_DOCKERFILE, "FROM a\nRUN apt-get update \\" },
		{ "Dockerfile", KIND_DOCKERFILE, "FROM a\nRUN <<EOF\napt-get install -y x\n" },
		{ "Dockerfile", KIND_DOCKERFILE, "FROM a AS x\nFROM x AS y\nFROM y\nCMD ['a', \"b']\n" },
		{ "Dockerfile", KIND_DOCKERFILE, "FROM a\nCMD [\"a\"\nCMD python app.py --reload --debug\n" },
		{ "Dockerfile", KIND_DOCKERFILE, "FROM \xff\xfe\nUSER \xc3\nCOPY \xc3\x28 .\n" },
		{ "compose.yaml", KIND_COMPOSE, "services:\n  a: {image: x}\n  b:\n  c: [1, 2]\n" },
		{ "compose.yaml", KIND_COMPOSE, "services:\n  a:\n    image: x\n---\nservices: {}\n" },
		{ "compose.yaml", KIND_COMPOSE, "services:\n  a: &a\n    image: x\n  b: *a\n" },
		{ "compose.yaml", KIND_COMPOSE, "services:\n\ta:\n" },
		{ "compose.yaml", KIND_COMPOSE, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fix_input in;
		struct fix_plan p;
		struct fix_result r;
		input(&in, cases[i].path, cases[i].kind, cases[i].text, NULL, NULL);
		if (fix_plan(&p, &in) == 0 && fix_apply(&r, &in, &p, NULL, 0) == 0) {
			for (size_t k = 0; k < r.nfiles; k++)
				if (!strcmp(r.files[k].path, cases[i].path)) {
					struct file_result after;
					int parse = cases[i].kind == KIND_COMPOSE ? ITEM_COMPOSE_PARSE : ITEM_CORR_PARSE;
					audit_text(&after, cases[i].path, cases[i].kind, r.files[k].data, NULL);
					if (after.status[parse] == ST_FAIL && p.before.status[parse] != ST_FAIL)
						fail_msg("case %zu: the fixes broke the parse", i);
					file_result_free(&after);
				}
			fix_result_free(&r);
		}
		fix_plan_free(&p);
	}
	/* binary content is never planned */
	{
		static const char bin[] = "FROM a\0\x01\x02";
		struct fix_input in;
		struct fix_plan p;
		input(&in, "Dockerfile", KIND_DOCKERFILE, bin, NULL, NULL);
		in.len = sizeof(bin) - 1;
		assert_int_equal(fix_plan(&p, &in), -1);
		assert_int_equal(p.nfixes, 0);
		fix_plan_free(&p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_fixes_offered_and_applied),
		cmocka_unit_test(test_only_limits),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_annotate),
		cmocka_unit_test(test_guard_parse),
		cmocka_unit_test(test_guard_still_fails),
		cmocka_unit_test(test_guard_regression),
		cmocka_unit_test(test_guard_idempotence),
		cmocka_unit_test(test_guard_conflict),
		cmocka_unit_test(test_value_fix),
		cmocka_unit_test(test_dockerignore_created_then_seen),
		cmocka_unit_test(test_compose_plan),
		cmocka_unit_test(test_compose_netless_job),
		cmocka_unit_test(test_replanned_fix_verified),
		cmocka_unit_test(test_memo_changes_nothing),
		cmocka_unit_test(test_hostile_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
