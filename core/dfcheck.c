/*
 * dfcheck - entry point of the Dockerfile checklist: parse problems become
 * corr.parse findings, then (when the file has a FROM) the shared analysis
 * is computed once and every group judges its items.
 */
#include "dfcheck.h"

#include <string.h>

#include "dfa.h"
#include "util.h"

static void check_parse(struct audit *au, const struct df_file *df)
{
	int no_from = 0;
	audit_applies(au, ITEM_CORR_PARSE);
	for (size_t i = 0; i < df->nproblems; i++) {
		const struct df_problem *p = &df->problems[i];
		const char *rule = p->rule ? p->rule : "parse";
		enum fixkind fix = strcmp(rule, "single-quoted-exec-form") == 0 ? FIX_AUTO : FIX_NONE;
		no_from |= strcmp(rule, "no-from") == 0;
		audit_add(au, ITEM_CORR_PARSE, SEV_ERROR, rule, p->span.start, p->span.end, fix, "%s",
			  p->message ? p->message : "the Dockerfile does not parse");
	}
	if (!df->nstages && !no_from)
		audit_add(au, ITEM_CORR_PARSE, SEV_ERROR, "no-from", 0, 0, FIX_NONE,
			  "the Dockerfile has no FROM instruction; start it with FROM <image>");
}

void check_dockerfile(struct audit *a, const struct df_file *df, const char *path,
		      const struct fsview *fs, char *const *contexts, size_t ncontexts)
{
	struct dfa an;
	check_parse(a, df);
	if (!df->nstages)
		return;
	dfa_init(&an, df, path, fs, contexts, ncontexts);
	check_perf(a, &an);
	check_dockerignore(a, &an);
	check_sec(a, &an);
	check_size(a, &an);
	check_corr(a, &an);
	check_corr_cmd(a, &an);
	check_pitfalls(a, &an);
	dfa_free(&an);
}

int dfcheck_stage_has_healthcheck(const struct df_file *df, const char *target)
{
	struct dfa an;
	int s, found = 0;
	if (!df || !df->nstages)
		return -1;
	if (target) {
		s = df_stage_find(df, target, df->nstages);
		if (s < 0)
			return -1;
	} else {
		dfa_init(&an, df, NULL, NULL, NULL, 0);
		s = an.final;
		dfa_free(&an);
	}
	for (int n = 0; s >= 0 && (size_t)s < df->nstages && n < DFA_MAX_CHAIN && !found; n++) {
		const struct df_stage *st = &df->stages[s];
		for (size_t i = st->first; i < st->first + st->count && i < df->ninstrs; i++)
			found |= df->instrs[i].kind == DF_HEALTHCHECK;
		s = st->parent;
	}
	return found;
}
