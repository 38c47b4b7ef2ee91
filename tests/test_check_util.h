/*
 * test_check_util - helpers shared by the Dockerfile checklist tests
 * (test_check_perf.c, test_check_sec.c, test_check_size.c,
 * test_check_corr.c, test_seed.c): audit an inline Dockerfile and assert
 * a finding's rule, severity and position.
 */
#ifndef BERTH_TEST_CHECK_UTIL_H
#define BERTH_TEST_CHECK_UTIL_H

#include "support.h"

#include <stdio.h>
#include <string.h>

#include "dfcheck.h"
#include "dockerfile.h"
#include "util.h"

/* Audit `text` as ./Dockerfile at the repository root, without files around it. */
static inline void df_audit(struct file_result *r, const char *text)
{
	audit_text(r, "Dockerfile", KIND_DOCKERFILE, text, NULL);
}

/* `text` judged with the build args the repository's builds supply (audit.build_args). */
static inline void audit_with_named(struct file_result *r, const char *text, char *const *args, size_t nargs,
				    char *const *named, size_t nnamed)
{
	struct audit a;
	struct text t;
	struct df_file df;
	size_t len = strlen(text);
	text_init(&t, text, len);
	audit_init(&a, r, "Dockerfile", KIND_DOCKERFILE, &t, NULL);
	a.build_args = args;
	a.nbuild_args = nargs;
	a.named_contexts = named;
	a.nnamed_contexts = nnamed;
	df_parse(&df, text, len);
	check_dockerfile(&a, &df, "Dockerfile", NULL, NULL, 0);
	check_finish(&a);
	df_free(&df);
	text_free(&t);
}

static inline void audit_with_args(struct file_result *r, const char *text, char *const *args, size_t nargs)
{
	audit_with_named(r, text, args, nargs, NULL, 0);
}

/* Number of findings of item `key` (and `rule` unless NULL). */
static inline size_t count_of(const struct file_result *r, const char *key, const char *rule)
{
	int item = item_find(key);
	size_t n = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].item == item && (!rule || strcmp(r->findings[i].rule, rule) == 0))
			n++;
	return n;
}

/* The finding exists with this severity at line:col (col 0: any column). */
#define assert_finding(r_a, key_a, rule_a, sev_a, ln, cl) do { \
	const struct finding *f_ = finding_of((r_a), (key_a), (rule_a)); \
	if (!f_) { dump_result(r_a); fail_msg("no %s/%s finding", (key_a), (rule_a)); } \
	if (strcmp(sev_name(f_->sev), (sev_a)) != 0) { dump_result(r_a); \
		fail_msg("%s/%s: severity %s, expected %s", (key_a), (rule_a), sev_name(f_->sev), (sev_a)); } \
	if (f_->line != (ln) || ((cl) && f_->col != (cl))) { dump_result(r_a); \
		fail_msg("%s/%s at %d:%d, expected %d:%d", (key_a), (rule_a), f_->line, f_->col, (ln), (cl)); } \
} while (0)

#define assert_no_finding(r, key, rule) do { \
	if (finding_of((r), (key), (rule))) { dump_result(r); \
		fail_msg("unexpected %s/%s finding", (key), (rule) ? (rule) : "*"); } \
} while (0)

/* One-shot: audit text, assert the item's status, free. */
#define expect_status(text, key, want) do { \
	struct file_result r_; \
	df_audit(&r_, (text)); \
	assert_status(&r_, (key), (want)); \
	file_result_free(&r_); \
} while (0)

#endif
