/*
 * fix - the planner: which fixes a file gets (the generators of its failing
 * items), each verified alone before it is offered; and fix_apply, which
 * combines chosen fixes and re-plans when their edits overlap.
 */
#include "fix_priv.h"

#include <stdlib.h>
#include <string.h>

#include "scan.h"

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

/* Run one generator; `ov_name`/`ov_value` stand in for a config value (the TUI's prompt). */
static void generate(const struct fix_input *in, int item, const char *ov_name,
		     const char *ov_value, struct fix **out, size_t *n)
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
	if (in->kind == KIND_DOCKERFILE) {
		df_parse(&df, in->data, in->len);
		c.df = &df;
	}
	fn(&c);
	if (c.df)
		df_free(&df);
	*out = c.fixes;
	*n = c.nfixes;
}

void fix_generate(const struct fix_input *in, int item, struct fix **out, size_t *n)
{
	generate(in, item, NULL, NULL, out, n);
}

const char *fix_value(const struct fix_ctx *c, const char *name)
{
	if (c->ov_name && strcmp(c->ov_name, name) == 0)
		return c->ov_value;
	return config_get(c->in->cfg, name);
}

static void audit(struct file_result *r, const struct fix_input *in, const char *data,
		  size_t len, const struct fsview *fs)
{
	struct text t;
	memset(r, 0, sizeof(*r));
	text_init(&t, data, len);
	scan_audit_file(r, in->path, in->kind, data, len, &t, fs, in->cfg, in->contexts,
			in->ncontexts);
	text_free(&t);
}

/* --- a state of the files: the planned one plus the others a fix touched --- */

struct state {
	char *data;             /* the planned file */
	size_t len;
	struct fix_overlay *ov; /* the other files as changed */
	struct fsview view;
	char **extra;           /* paths of the other files changed, in order */
	size_t nextra, cap;
};

static void state_init(struct state *s, const struct fix_input *in)
{
	memset(s, 0, sizeof(*s));
	s->data = xstrndup(in->data, in->len);
	s->len = in->len;
	s->ov = fix_overlay_new(in->fs);
	fix_overlay_view(s->ov, &s->view);
}

static void state_free(struct state *s)
{
	free(s->data);
	fix_overlay_free(s->ov);
	for (size_t i = 0; i < s->nextra; i++)
		free(s->extra[i]);
	free(s->extra);
	memset(s, 0, sizeof(*s));
}

/* Apply a fix's changes to the state. -1 when an edit does not fit (the state is then partly changed). */
static int state_apply(struct state *s, const struct fix_input *in, const struct fix *f)
{
	for (size_t i = 0; i < f->nchanges; i++) {
		const struct fix_change *ch = &f->changes[i];
		char *old = NULL, *res = NULL;
		size_t oldlen = 0, reslen = 0;
		int rc;
		if (strcmp(ch->path, in->path) == 0) {
			rc = fix_change_apply(ch, s->data, s->len, &res, &reslen);
			if (rc == 0) {
				free(s->data);
				s->data = res;
				s->len = reslen;
			}
		} else {
			int known = 0;
			if (!ch->create && fs_read(&s->view, ch->path, &old, &oldlen) < 0)
				return -1;
			rc = fix_change_apply(ch, old ? old : "", oldlen, &res, &reslen);
			if (rc == 0)
				fix_overlay_put(s->ov, ch->path, res, reslen);
			for (size_t j = 0; j < s->nextra; j++)
				known |= strcmp(s->extra[j], ch->path) == 0;
			if (rc == 0 && !known)
				PUSH(s->extra, s->nextra, s->cap, xstrdup(ch->path));
			free(old);
			free(res);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The input describing the state (borrows it). */
static struct fix_input state_input(const struct state *s, const struct fix_input *in)
{
	struct fix_input r = *in;
	r.data = s->data;
	r.len = s->len;
	r.fs = &s->view;
	return r;
}

/* --- verification --- */

static int failing(const struct finding *f)
{
	return !f->suppressed && f->sev >= SEV_WARNING && f->sev != SEV_NEVER;
}

static size_t count_failing(const struct file_result *r, int item, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].item == item && failing(&r->findings[i]) &&
		    (!rule || strcmp(r->findings[i].rule, rule) == 0))
			n++;
	return n;
}

/* A parse finding whose rule the original had fewer of. */
static int new_parse_finding(const struct file_result *before, const struct file_result *after)
{
	int item = after->kind == KIND_COMPOSE ? ITEM_COMPOSE_PARSE : ITEM_CORR_PARSE;
	for (size_t i = 0; i < after->nfindings; i++) {
		const struct finding *f = &after->findings[i];
		if (f->item == item && failing(f) &&
		    count_failing(after, item, f->rule) > count_failing(before, item, f->rule))
			return 1;
	}
	return 0;
}

/* An item other than those in `mine` that did not fail and fails now. */
static int regression(const struct file_result *before, const struct file_result *after,
		      const unsigned char *mine)
{
	for (int i = 0; i < ITEM_COUNT; i++)
		if (!mine[i] && before->status[i] != ST_FAIL && after->status[i] == ST_FAIL)
			return 1;
	return 0;
}

/* Does the generator of `item` still want to change the state? */
static int changes_more(const struct fix_input *in, int item, const char *ov_name,
			const char *ov_value)
{
	struct fix *again;
	size_t n;
	int more = 0;
	generate(in, item, ov_name, ov_value, &again, &n);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < again[i].nchanges; j++)
			more |= again[i].changes[j].nedits > 0;
		fix_clear(&again[i]);
	}
	free(again);
	return more;
}

/* FIX_WHY_COUNT when the fix may be offered, else why not. */
static enum fix_why verify(const struct fix_input *in, const struct file_result *before,
			   const struct fix *f, const char *ov_name)
{
	struct state s;
	struct file_result after;
	struct fix_input fixed;
	unsigned char mine[ITEM_COUNT] = { 0 };
	enum fix_why why = FIX_WHY_COUNT;

	state_init(&s, in);
	if (state_apply(&s, in, f) < 0) {
		state_free(&s);
		return FIX_WHY_CONFLICT;
	}
	fixed = state_input(&s, in);
	audit(&after, in, s.data, s.len, &s.view);
	mine[f->item] = 1;
	if (new_parse_finding(before, &after))
		why = FIX_WHY_PARSE;
	else if (after.status[f->item] == ST_FAIL &&
		 (!f->partial || count_failing(&after, f->item, NULL) >=
				 count_failing(before, f->item, NULL)))
		why = FIX_WHY_STILL_FAILS;
	else if (regression(before, &after, mine))
		why = FIX_WHY_REGRESSION;
	else if (changes_more(&fixed, f->item, ov_name, f->value))
		why = FIX_WHY_NOT_IDEMPOTENT;
	file_result_free(&after);
	state_free(&s);
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
		      size_t *cap)
{
	struct fix *fx;
	size_t n;
	generate(in, item, NULL, NULL, &fx, &n);
	for (size_t i = 0; i < n; i++) {
		enum fix_why why = FIX_WHY_COUNT;
		if (fix_normalize(&fx[i]) < 0)
			why = FIX_WHY_CONFLICT;
		else if (!fx[i].needs_value && !has_edits(&fx[i])) {
			fix_clear(&fx[i]);
			continue;
		} else if (!fx[i].needs_value)
			why = verify(in, &p->before, &fx[i], NULL);
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
	size_t cap = 0;
	memset(out, 0, sizeof(*out));
	out->path = xstrdup(in->path);
	out->kind = in->kind;
	if (is_binary(in->data, in->len)) {
		out->before.path = xstrdup(in->path);
		out->before.kind = in->kind;
		return -1;
	}
	audit(&out->before, in, in->data, in->len, in->fs);
	for (int item = 0; item < ITEM_COUNT; item++) {
		if (!fix_generator(item) || item_defs[item].kind != in->kind ||
		    out->before.status[item] != ST_FAIL || !only_has(in->only, item_defs[item].key))
			continue;
		plan_item(out, in, item, &cap);
	}
	return 0;
}

void fix_plan_free(struct fix_plan *p)
{
	for (size_t i = 0; i < p->nfixes; i++)
		fix_clear(&p->fixes[i]);
	free(p->fixes);
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
	generate(in, item, value_name, value, &fx, &n);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 || fx[i].needs_value || !fx[i].value_name ||
		    strcmp(fx[i].value_name, value_name) != 0) {
			fix_clear(&fx[i]);
			continue;
		}
		*why = fix_normalize(&fx[i]) < 0 ? FIX_WHY_CONFLICT
			: verify(in, &p.before, &fx[i], value_name);
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

/* --- applying chosen fixes --- */

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same_fix(const struct fix *a, const struct fix *b)
{
	return a->item == b->item && same_str(a->rule, b->rule) && same_str(a->service, b->service) &&
	       same_str(a->value_name, b->value_name);
}

/* Do f's edits touch a span already taken this round? (insertions at one offset count) */
static int overlaps(const struct fix *f, const struct fix *taken, size_t ntaken)
{
	for (size_t t = 0; t < ntaken; t++)
		for (size_t i = 0; i < f->nchanges; i++)
			for (size_t j = 0; j < taken[t].nchanges; j++) {
				const struct fix_change *a = &f->changes[i], *b = &taken[t].changes[j];
				if (strcmp(a->path, b->path) != 0)
					continue;
				if (a->create || b->create)
					return 1;
				for (size_t x = 0; x < a->nedits; x++)
					for (size_t y = 0; y < b->nedits; y++)
						if (a->edits[x].start <= b->edits[y].end &&
						    b->edits[y].start <= a->edits[x].end)
							return 1;
			}
	return 0;
}

/* Merge the taken fixes into one (edits on the same text, none overlapping) and apply it. */
static int apply_taken(struct state *s, const struct fix_input *in, const struct fix *taken,
		       size_t ntaken)
{
	struct fix all;
	int rc;
	memset(&all, 0, sizeof(all));
	for (size_t t = 0; t < ntaken; t++)
		for (size_t i = 0; i < taken[t].nchanges; i++) {
			const struct fix_change *ch = &taken[t].changes[i];
			for (size_t j = 0; j < ch->nedits; j++) {
				if (ch->create)
					fix_create(&all, ch->path, ch->edits[j].text);
				else
					fix_edit(&all, ch->path, ch->edits[j].start, ch->edits[j].end,
						 ch->edits[j].text);
			}
		}
	rc = fix_normalize(&all) == 0 ? state_apply(s, in, &all) : -1;
	fix_clear(&all);
	return rc;
}

struct wanted {
	struct fix key;         /* shallow: borrows the chosen fix's strings */
	int done;
};

/* Rounds of taking fixes (all that fit, or one at a time) with a re-plan in between. */
static int apply_rounds(struct state *s, const struct fix_input *in, const struct fix_plan *plan,
			struct wanted *w, size_t nw, int batch, struct fix_result *r)
{
	const struct fix_plan *cur = plan;
	struct fix_plan replanned;
	int have_replan = 0;

	for (int round = 0; round < FIX_MAX_ROUNDS; round++) {
		struct fix *taken = NULL;
		size_t ntaken = 0, cap = 0, left = 0;
		for (size_t i = 0; i < nw; i++) {
			if (w[i].done || (!batch && ntaken))
				continue;
			for (size_t j = 0; j < cur->nfixes; j++) {
				const struct fix *f = &cur->fixes[j];
				if (!same_fix(f, &w[i].key) || f->needs_value || overlaps(f, taken, ntaken))
					continue;
				PUSH(taken, ntaken, cap, *f);
				w[i].done = 1;
				r->applied++;
				r->applied_item[f->item]++;
				break;
			}
		}
		if (ntaken && apply_taken(s, in, taken, ntaken) < 0) {
			free(taken);
			if (have_replan)
				fix_plan_free(&replanned);
			return -1;
		}
		free(taken);
		for (size_t i = 0; i < nw; i++)
			left += !w[i].done;
		if (!ntaken || !left)
			break;
		if (have_replan)
			fix_plan_free(&replanned);
		{
			struct fix_input now = state_input(s, in);
			fix_plan(&replanned, &now);
		}
		have_replan = 1;
		cur = &replanned;
	}
	if (have_replan)
		fix_plan_free(&replanned);
	for (size_t i = 0; i < nw; i++)
		r->dropped += !w[i].done;
	return 0;
}

/* Is the combined result as clean as each fix alone promised? */
static int combined_clean(const struct fix_input *in, const struct fix_plan *plan,
			  struct state *s, const struct wanted *w, size_t nw)
{
	struct file_result after;
	unsigned char mine[ITEM_COUNT] = { 0 };
	int ok;
	for (size_t i = 0; i < nw; i++)
		mine[w[i].key.item] = 1;
	audit(&after, in, s->data, s->len, &s->view);
	ok = !new_parse_finding(&plan->before, &after) && !regression(&plan->before, &after, mine);
	file_result_free(&after);
	return ok;
}

static void result_from_state(struct fix_result *r, const struct fix_input *in, struct state *s)
{
	struct fix_output o;
	size_t cap = 0;
	if (s->len != in->len || memcmp(s->data, in->data, in->len) != 0) {
		memset(&o, 0, sizeof(o));
		o.path = xstrdup(in->path);
		o.old = xstrndup(in->data, in->len);
		o.oldlen = in->len;
		o.data = xstrndup(s->data, s->len);
		o.len = s->len;
		PUSH(r->files, r->nfiles, cap, o);
	}
	for (size_t i = 0; i < s->nextra; i++) {
		memset(&o, 0, sizeof(o));
		o.path = xstrdup(s->extra[i]);
		if (fs_read(in->fs, o.path, &o.old, &o.oldlen) < 0) {
			o.create = 1;
			o.old = NULL;
			o.oldlen = 0;
		}
		fs_read(&s->view, o.path, &o.data, &o.len);
		PUSH(r->files, r->nfiles, cap, o);
	}
}

int fix_apply(struct fix_result *out, const struct fix_input *in, const struct fix_plan *plan,
	      const size_t *chosen, size_t nchosen)
{
	struct wanted *w;
	size_t nw = 0;
	struct state s;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!chosen)
		nchosen = plan->nfixes;
	w = xcalloc(nchosen ? nchosen : 1, sizeof(*w));
	for (size_t i = 0; i < nchosen; i++) {
		size_t k = chosen ? chosen[i] : i;
		if (k < plan->nfixes && !plan->fixes[k].needs_value)
			w[nw++].key = plan->fixes[k];
	}
	state_init(&s, in);
	rc = apply_rounds(&s, in, plan, w, nw, 1, out);
	if (rc == 0 && out->applied > 1 && !combined_clean(in, plan, &s, w, nw)) {
		/* together they misbehave: one at a time, each re-planned on the text as it stands */
		state_free(&s);
		memset(out, 0, sizeof(*out));
		for (size_t i = 0; i < nw; i++)
			w[i].done = 0;
		state_init(&s, in);
		rc = apply_rounds(&s, in, plan, w, nw, 0, out);
	}
	if (rc == 0)
		result_from_state(out, in, &s);
	state_free(&s);
	free(w);
	return rc;
}

void fix_result_free(struct fix_result *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		free(r->files[i].path);
		free(r->files[i].old);
		free(r->files[i].data);
	}
	free(r->files);
	memset(r, 0, sizeof(*r));
}
