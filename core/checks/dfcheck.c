/*
 * dfcheck - entry point of the Dockerfile checklist: parse problems become
 * corr.parse findings, then (when the file has a FROM) the shared analysis
 * is computed once and every group judges its items.
 */
#include "dfcheck.h"

#include <stdlib.h>
#include <string.h>

#include "dfa.h"
#include "pragma.h"
#include "util.h"

#define DRAFT_NO_FROM "the Dockerfile has no instruction at all (only comments or blank lines): a draft, nothing builds from it yet; start it with FROM <image>"

static void check_parse(struct audit *au, const struct df_file *df)
{
	int no_from = 0, other = df->syntax && !df_frontend_docker(df->syntax), own = 0;
	audit_applies(au, ITEM_CORR_PARSE);
	/* an instruction of the other frontend's own (INCLUDE) may bring the FROMs */
	for (size_t i = 0; other && i < df->nproblems; i++)
		own |= df->problems[i].rule && !strcmp(df->problems[i].rule, "unknown-instruction");
	for (size_t i = 0; i < df->nproblems; i++) {
		const struct df_problem *p = &df->problems[i];
		const char *rule = p->rule ? p->rule : "parse";
		enum fixkind fix = strcmp(rule, "single-quoted-exec-form") == 0 ? FIX_AUTO : FIX_NONE;
		no_from |= strcmp(rule, "no-from") == 0;
		if (own && (!strcmp(rule, "no-from") || !strcmp(rule, "before-from")))
			audit_add(au, ITEM_CORR_PARSE, SEV_INFO, rule, p->span.start, p->span.end, fix,
				  "%s: the frontend this file selects (`%s`) may bring them with its own instructions",
				  p->message ? p->message : "no FROM", df->syntax);
		/* beyond revision 4 (HOLDOUT7.md, manyfold's INCLUDE): another frontend defines its own instructions */
		/*
		 * beyond revision 4 (HOLDOUT15.md, surrealml's Dockerfile.macos): a
		 * file with no instruction at all, comments only, is a draft or a
		 * placeholder, not a broken build; one with instructions and no FROM
		 * stays an error
		 */
		else if (!strcmp(rule, "no-from") && df->ninstrs == 0)
			audit_add(au, ITEM_CORR_PARSE, SEV_INFO, rule, p->span.start, p->span.end, fix, "%s",
				  DRAFT_NO_FROM);
		else if (!strcmp(rule, "unknown-instruction") && other)
			audit_add(au, ITEM_CORR_PARSE, SEV_INFO, rule, p->span.start, p->span.end, fix,
				  "%s: not Docker's, but the frontend this file selects (`%s`) may define it",
				  p->message ? p->message : "unknown instruction", df->syntax);
		else
			audit_add(au, ITEM_CORR_PARSE, SEV_ERROR, rule, p->span.start, p->span.end, fix, "%s",
				  p->message ? p->message : "the Dockerfile does not parse");
	}
	if (!df->nstages && !no_from && !own && df->ninstrs == 0)
		audit_add(au, ITEM_CORR_PARSE, SEV_INFO, "no-from", 0, 0, FIX_NONE, "%s", DRAFT_NO_FROM);
	else if (!df->nstages && !no_from)
		audit_add(au, ITEM_CORR_PARSE, own ? SEV_INFO : SEV_ERROR, "no-from", 0, 0, FIX_NONE,
			  own ? "the Dockerfile has no FROM instruction of its own: the frontend it selects may bring one (an INCLUDE)" :
			  "the Dockerfile has no FROM instruction; start it with FROM <image>");
}

/* The instruction whose span holds offset `off`, or NULL (instructions are in file order). */
static const struct df_instr *instr_at(const struct df_file *df, size_t off)
{
	size_t lo = 0, hi = df->ninstrs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (df->instrs[mid].span.end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < df->ninstrs && df->instrs[lo].span.start <= off ? &df->instrs[lo] : NULL;
}

/*
 * A finding inside a multi-line instruction points at the physical line and
 * column of the offending word (CHECKLIST.md "Status of an item"), but its
 * pragma is still the comment above the instruction's first line: those
 * findings are looked up once more as if they stood on that line (the
 * lookup check_finish makes at their own line only adds suppressions).
 */
static void pragmas_above(struct audit *a, const struct df_file *df, size_t from)
{
	struct file_result tmp = { 0 };
	size_t *idx, n = 0;
	if (!a->text || from >= a->res->nfindings)
		return;
	tmp.findings = xcalloc(a->res->nfindings - from, sizeof(*tmp.findings));
	idx = xcalloc(a->res->nfindings - from, sizeof(*idx));
	for (size_t i = from; i < a->res->nfindings; i++) {
		const struct finding *f = &a->res->findings[i];
		const struct df_instr *in = instr_at(df, f->start);
		if (!in || f->line <= in->line)
			continue;
		tmp.findings[n] = *f;
		tmp.findings[n].line = in->line;
		idx[n++] = i;
	}
	tmp.nfindings = tmp.cap = n;
	tmp.kind = a->res->kind;
	pragma_apply(&tmp, a->text);
	for (size_t k = 0; k < n; k++)
		a->res->findings[idx[k]].suppressed |= tmp.findings[k].suppressed;
	free(tmp.findings);
	free(idx);
}

int audit_build_supplies(const struct audit *a, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; a && name && i < a->nbuild_args; i++) {
		const char *v = a->build_args[i];
		if (v && strncmp(v, name, n) == 0 && (v[n] == '\0' || v[n] == '='))
			return 1;
	}
	return 0;
}

const char *audit_named_context(const struct audit *a, const char *name)
{
	size_t n = name ? strlen(name) : 0;
	for (size_t i = 0; a && n && i < a->nnamed_contexts; i++) {
		const char *c = a->named_contexts[i];
		if (c && !strncmp(c, name, n) && (c[n] == '=' || c[n] == '\0'))
			return c[n] == '=' ? c + n + 1 : "";
	}
	return NULL;
}

int audit_skipped_branch(const struct audit *au, const struct dfa *a, const struct dfa_run *r, size_t ci)
{
	char name[DFA_NAME_MAX];
	return dfa_cmd_skipped(a, r, ci, name, sizeof(name)) && (!*name || !audit_build_supplies(au, name));
}

void check_dockerfile(struct audit *a, const struct df_file *df, const char *path,
		      const struct fsview *fs, char *const *contexts, size_t ncontexts)
{
	struct dfa an;
	size_t first;
	check_parse(a, df);
	if (!df->nstages)
		return;
	first = a->res->nfindings;
	dfa_init(&an, df, path, fs, contexts, ncontexts);
	check_perf(a, &an);
	check_dockerignore(a, &an);
	check_sec(a, &an);
	check_size(a, &an);
	check_corr(a, &an);
	check_corr_cmd(a, &an);
	check_pitfalls(a, &an);
	pragmas_above(a, df, first);
	dfa_free(&an);
}

int dfcheck_no_probe(const struct audit *au, const struct df_file *df, const char *path, const struct fsview *fs,
		     const char *context, const char *target)
{
	struct dfa an;
	char *dir = context ? NULL : str_dirname(path);
	char *ctx[1];
	int r = 0;
	if (!df || !df->nstages) {
		free(dir);
		return 0;
	}
	ctx[0] = context ? (char *)context : dir;
	dfa_init(&an, df, path, fs, ctx, 1);
	if (!target || df_stage_find(df, target, df->nstages) == an.final)
		r = check_no_probe(au, &an);
	dfa_free(&an);
	free(dir);
	return r;
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
