/*
 * fix - the planner: which fixes a file gets (the generators of its failing
 * items), each verified alone before it is offered; and fix_apply, which
 * combines chosen fixes and re-plans when their edits overlap.
 */
#include "fix_priv.h"
#include "fix_compose.h"
#include "fix_df.h"
#include "yamldoc.h"

#include <stdlib.h>
#include <string.h>


/* A file with a NUL byte in its first bytes is binary (as scan.c judges it): never fixed. */
#define FIX_BINARY_PROBE 8192

static const struct {
	int item;
	fix_gen_fn fn;
} gens[] = {
	{ ITEM_PERF_CACHE_MOUNTS, fix_df_cache_mounts },
	{ ITEM_PERF_LAYER_ORDER, fix_df_layer_order },
	{ ITEM_PERF_DOCKERIGNORE, fix_df_dockerignore },
	{ ITEM_PERF_SINGLE_APT_LAYER, fix_df_apt_layer },
	{ ITEM_SEC_PINNED_BASE, fix_df_pin },
	{ ITEM_SEC_NON_ROOT, fix_df_user },
	{ ITEM_SEC_MINIMAL_BASE, fix_df_minimal },
	{ ITEM_SEC_HEALTHCHECK, fix_df_healthcheck },
	{ ITEM_SIZE_NO_INSTALL_RECOMMENDS, fix_df_apt },
	{ ITEM_SIZE_APT_LISTS_CLEANED, fix_df_apt_lists },
	{ ITEM_SIZE_NO_PKG_CACHE, fix_df_pkg_cache },
	{ ITEM_SIZE_PROD_DEPS_ONLY, fix_df_prod_deps },
	{ ITEM_CORR_PARSE, fix_df_parse },
	{ ITEM_CORR_WORKDIR_BEFORE_COPY, fix_df_workdir },
	{ ITEM_CORR_COPY_OWNERSHIP, fix_df_chown },
	{ ITEM_CORR_EXPOSE_PORT, fix_df_expose },
	{ ITEM_CORR_PRODUCTION_CMD, fix_df_cmd },
	{ ITEM_CORR_SYNTAX_DIRECTIVE, fix_df_syntax },
	{ ITEM_COMPOSE_PINNED_IMAGE, fix_compose_pin },
	{ ITEM_COMPOSE_NO_NEW_PRIVILEGES, fix_compose_security },
	{ ITEM_COMPOSE_CAP_DROP, fix_compose_cap_drop },
	{ ITEM_COMPOSE_READ_ONLY, fix_compose_read_only },
	{ ITEM_COMPOSE_RESOURCE_LIMITS, fix_compose_limits },
	{ ITEM_COMPOSE_HEALTHCHECK, fix_compose_healthcheck },
	{ ITEM_COMPOSE_RESTART, fix_compose_restart },
};

static const char *const why_names[FIX_WHY_COUNT] = {
	"parse", "still-fails", "regression", "not-idempotent", "conflict",
};

const char *fix_why_name(enum fix_why w)
{
	return w < FIX_WHY_COUNT ? why_names[w] : "?";
}

fix_gen_fn fix_gen_override[ITEM_COUNT];

fix_gen_fn fix_generator(int item)
{
	if (item >= 0 && item < ITEM_COUNT && fix_gen_override[item])
		return fix_gen_override[item];
	for (size_t i = 0; i < ARRAY_SIZE(gens); i++)
		if (gens[i].item == item)
			return gens[i].fn;
	return NULL;
}

static int is_binary(const char *data, size_t len)
{
	return memchr(data, '\0', len < FIX_BINARY_PROBE ? len : FIX_BINARY_PROBE) != NULL;
}

void fix_parsed_free(struct fix_parsed *p)
{
	if (p->have_df)
		df_free(&p->df);
	if (p->have_cf) {
		cfile_free(p->cf);
		free(p->cf);
	}
	free(p->gen_why);
	memset(p, 0, sizeof(*p));
}

/*
 * Run one generator; `ov_name`/`ov_value` stand in for a config value (the
 * TUI's prompt). `parsed` (or NULL) holds the parse of in->data shared by
 * the generators run on the same text.
 */
static void generate(const struct fix_input *in, int item, const char *ov_name,
		     const char *ov_value, struct fix_parsed *parsed, struct fix **out, size_t *n)
{
	struct fix_ctx c;
	struct df_file df;
	fix_gen_fn fn = fix_generator(item);

	*out = NULL;
	*n = 0;
	if (!fn || item_defs[item].kind != in->kind || is_binary(in->data, in->len))
		return;
	memset(&c, 0, sizeof(c));
	c.in = in;
	c.nl = fix_newline(in->data, in->len);
	c.ov_name = ov_name;
	c.ov_value = ov_value;
	c.parsed = parsed;
	if (in->kind == KIND_DOCKERFILE && parsed) {
		if (!parsed->have_df) {
			df_parse(&parsed->df, parsed->data, parsed->len);
			parsed->have_df = 1;
		}
		c.df = &parsed->df;
	} else if (in->kind == KIND_DOCKERFILE) {
		df_parse(&df, in->data, in->len);
		c.df = &df;
	}
	fn(&c);
	for (size_t i = 0; i < c.nfixes; i++)
		fix_judge(&c, &c.fixes[i]);
	/* a Dockerfile the repository writes from a template is edited there (FIX-HOLDOUT10.md) */
	if (in->kind == KIND_DOCKERFILE)
		fix_df_generated(&c);
	if (c.df == &df)
		df_free(&df);
	*out = c.fixes;
	*n = c.nfixes;
}

void fix_generate(const struct fix_input *in, int item, struct fix **out, size_t *n)
{
	generate(in, item, NULL, NULL, NULL, out, n);
}

const char *fix_value(const struct fix_ctx *c, const char *name)
{
	const char *v = c->ov_name && strcmp(c->ov_name, name) == 0 ? c->ov_value : config_get(c->in->cfg, name);
	/* a value lands inside a line of the file: one with a control byte is no value at all */
	for (const char *p = v; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return NULL;
	return v;
}

static int changes_more(const struct fix_input *in, int item, const char *ov_name,
			const char *ov_value, struct fix_parsed *parsed, const char *value_name)
{
	struct fix *again;
	size_t n;
	int more = 0;
	generate(in, item, ov_name, ov_value, parsed, &again, &n);
	for (size_t i = 0; i < n; i++) {
		/* a fix with a value answers for its value only: another pin of the file is another fix */
		int same = !value_name || !again[i].value_name || strcmp(value_name, again[i].value_name) == 0;
		for (size_t j = 0; same && j < again[i].nchanges; j++)
			more |= again[i].changes[j].nedits > 0;
		fix_clear(&again[i]);
	}
	free(again);
	return more;
}

/*
 * FIX_WHY_COUNT when the fix may be offered, else why not. `memo` and `self`
 * as for fix_plan_items: the audit and parse of the fixed state are kept.
 */
static enum fix_why verify(const struct fix_input *in, const struct file_result *before,
			   const struct fix *f, const char *ov_name, struct fix_memo *memo,
			   const struct fix_state *self)
{
	struct fix_state s;
	struct file_result own;
	const struct file_result *after = &own;
	struct fix_input fixed;
	unsigned char mine[ITEM_COUNT] = { 0 };
	enum fix_why why = FIX_WHY_COUNT;
	struct ydoc lend;
	int lending = 0;

	fix_state_init(&s, in);
	if (fix_state_apply(&s, in, f) < 0) {
		fix_state_free(&s);
		return FIX_WHY_CONFLICT;
	}
	fixed = fix_state_input(&s, in);
	/*
	 * A Compose text is parsed twice below, by the audit and by the
	 * generator's run on it: parse it once and lend it to both. Not with a
	 * memo, which keeps the generator's parse past this call.
	 */
	if (!memo && in->kind == KIND_COMPOSE) {
		lending = ydoc_load(&lend, s.data, s.len) == 0;
		if (lending)
			ydoc_lend(&lend, s.data, s.len);
		else
			ydoc_free(&lend);
	}
	if (memo)
		after = fix_memo_audit(memo, in, s.data, s.len, &s.view, self, &s);
	else
		fix_audit(&own, in, s.data, s.len, &s.view);
	mine[f->item] = 1;
	if (fix_new_parse_finding(before, after))
		why = FIX_WHY_PARSE;
	else if (after->status[f->item] == ST_FAIL &&
		 (!f->partial || fix_count_failing(after, f->item, NULL) >=
				 fix_count_failing(before, f->item, NULL)))
		why = FIX_WHY_STILL_FAILS;
	else if (fix_regression(before, after, mine))
		why = FIX_WHY_REGRESSION;
	else if (changes_more(&fixed, f->item, ov_name, f->value,
			      memo ? fix_memo_parsed(memo, s.data, s.len, self, &s) : NULL, f->value_name))
		why = FIX_WHY_NOT_IDEMPOTENT;
	if (lending) {
		ydoc_lend(NULL, NULL, 0);
		ydoc_free(&lend);
	}
	if (!memo)
		file_result_free(&own);
	fix_state_free(&s);
	return why;
}

static int has_edits(const struct fix *f)
{
	for (size_t i = 0; i < f->nchanges; i++)
		if (f->changes[i].nedits)
			return 1;
	return 0;
}

/* --- planning --- */

static int only_has(const char *only, const char *key)
{
	size_t kl = strlen(key);
	for (const char *p = only; p && *p;) {
		size_t n = strcspn(p, ",");
		if (n == kl && strncmp(p, key, n) == 0)
			return 1;
		p += n;
		p += *p == ',';
	}
	return only == NULL;
}

/* Verify the generated fixes of one item into the plan; the rest is counted and freed. */
static void plan_item(struct fix_plan *p, const struct fix_input *in, int item,
		      struct fix_parsed *parsed, int lazy, struct fix_memo *memo,
		      const struct fix_state *self, size_t *cap, size_t *capheld)
{
	struct fix *fx;
	size_t n;
	generate(in, item, NULL, NULL, parsed, &fx, &n);
	for (size_t i = 0; i < n; i++) {
		enum fix_why why = FIX_WHY_COUNT;
		if (fx[i].level == FIX_LEVEL_WITHHELD) {
			/* a precondition failed: no edits, its note says why */
			fix_strip(&fx[i]);
			PUSH(p->held, p->nheld, *capheld, fx[i]);
			continue;
		}
		if (fix_normalize(&fx[i]) < 0)
			why = FIX_WHY_CONFLICT;
		else if (!fx[i].needs_value && !has_edits(&fx[i])) {
			fix_clear(&fx[i]);
			continue;
		} else if (!fx[i].needs_value && !lazy)
			why = verify(in, &p->before, &fx[i], NULL, memo, self);
		if (why != FIX_WHY_COUNT) {
			p->withheld[why]++;
			p->withheld_item[item]++;
			fix_clear(&fx[i]);
			continue;
		}
		PUSH(p->fixes, p->nfixes, *cap, fx[i]);
	}
	free(fx);
}

int fix_plan(struct fix_plan *out, const struct fix_input *in)
{
	return fix_plan_items(out, in, NULL, 0, NULL, NULL);
}

enum fix_why fix_verify(const struct fix_input *in, const struct file_result *before,
			const struct fix *f, struct fix_memo *memo, const struct fix_state *self)
{
	return verify(in, before, f, NULL, memo, self);
}

int fix_plan_items(struct fix_plan *out, const struct fix_input *in, const unsigned char *items,
		   int lazy, struct fix_memo *memo, const struct fix_state *self)
{
	struct fix_parsed own, *parsed = &own;
	size_t cap = 0, capheld = 0;
	memset(out, 0, sizeof(*out));
	memset(&own, 0, sizeof(own));
	own.data = in->data;
	own.len = in->len;
	out->path = xstrdup(in->path);
	out->kind = in->kind;
	if (is_binary(in->data, in->len)) {
		out->before.path = xstrdup(in->path);
		out->before.kind = in->kind;
		return -1;
	}
	if (memo && self) {
		/* a state fix_apply reached: verification may have seen it already */
		out->before = *fix_memo_audit(memo, in, in->data, in->len, in->fs, NULL, self);
		parsed = fix_memo_parsed(memo, in->data, in->len, NULL, self);
	} else
		fix_audit(&out->before, in, in->data, in->len, in->fs);
	for (int item = 0; item < ITEM_COUNT; item++) {
		if (!fix_generator(item) || item_defs[item].kind != in->kind || (items && !items[item]) ||
		    out->before.status[item] != ST_FAIL || !only_has(in->only, item_defs[item].key))
			continue;
		plan_item(out, in, item, parsed, lazy, memo, self, &cap, &capheld);
	}
	fix_parsed_free(&own);
	return 0;
}

void fix_plan_free(struct fix_plan *p)
{
	for (size_t i = 0; i < p->nfixes; i++)
		fix_clear(&p->fixes[i]);
	free(p->fixes);
	for (size_t i = 0; i < p->nheld; i++)
		fix_clear(&p->held[i]);
	free(p->held);
	free(p->path);
	file_result_free(&p->before);
	memset(p, 0, sizeof(*p));
}

int fix_plan_value(struct fix **out, const struct fix_input *in, int item,
		   const char *value_name, const char *value, enum fix_why *why)
{
	struct fix_plan p;
	struct fix_input audit_only = *in;
	struct fix *fx;
	size_t n;
	int rc = -1;

	*out = NULL;
	*why = FIX_WHY_COUNT;
	if (item < 0 || item >= ITEM_COUNT)
		return -1;
	audit_only.only = "";   /* plan nothing: only the audit of the original */
	if (fix_plan(&p, &audit_only) < 0) {
		fix_plan_free(&p);
		return -1;
	}
	generate(in, item, value_name, value, NULL, &fx, &n);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 || fx[i].needs_value || fx[i].level == FIX_LEVEL_WITHHELD || !fx[i].value_name ||
		    strcmp(fx[i].value_name, value_name) != 0) {
			fix_clear(&fx[i]);
			continue;
		}
		*why = fix_normalize(&fx[i]) < 0 ? FIX_WHY_CONFLICT
			: verify(in, &p.before, &fx[i], value_name, NULL, NULL);
		if (*why == FIX_WHY_COUNT) {
			*out = xmalloc(sizeof(**out));
			**out = fx[i];
			rc = 0;
		} else
			fix_clear(&fx[i]);
	}
	free(fx);
	fix_plan_free(&p);
	return rc;
}

