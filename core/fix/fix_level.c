/*
 * fix_level - how sure each fix is (CHECKLIST.md "Fixes", the level table):
 * every item's level, the roles table's gate (no hardening edits to dev or
 * test files, no runtime edits to base or builder images), the context gate,
 * and the notes every `berth fix` mode prints. The preconditions that need
 * the file's text live with their generators (fix_df_*.c, fix_compose*.c),
 * one `withhold_*` function per item; this file applies what they decide.
 */
#include "fix_priv.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const level_names[] = { "safe", "review", "withheld" };

const char *fix_level_name(enum fix_level l)
{
	return (unsigned)l < ARRAY_SIZE(level_names) ? level_names[l] : "?";
}

int fix_level_parse(const char *s, enum fix_level *out)
{
	if (s && strcmp(s, "safe") == 0)
		*out = FIX_LEVEL_SAFE;
	else if (s && strcmp(s, "review") == 0)
		*out = FIX_LEVEL_REVIEW;
	else
		return -1;
	return 0;
}

/* The level of an item's fix when its preconditions hold (CHECKLIST.md's level table). */
enum fix_level fix_item_level(int item)
{
	switch (item) {
	case ITEM_CORR_SYNTAX_DIRECTIVE: case ITEM_CORR_PARSE: case ITEM_CORR_PRODUCTION_CMD:
	case ITEM_CORR_WORKDIR_BEFORE_COPY: case ITEM_SIZE_NO_PKG_CACHE: case ITEM_PERF_CACHE_MOUNTS:
	case ITEM_PERF_SINGLE_APT_LAYER: case ITEM_SIZE_APT_LISTS_CLEANED:
	case ITEM_COMPOSE_NO_NEW_PRIVILEGES: case ITEM_COMPOSE_RESTART:
		return FIX_LEVEL_SAFE;
	default:
		return FIX_LEVEL_REVIEW;
	}
}

/* The roles table's group of an item, as far as fixes care. */
enum group { G_ALWAYS, G_GENERAL, G_MULTI, G_SIZE, G_RUNTIME, G_HARDENING };

static enum group group_of(int item)
{
	switch (item) {
	case ITEM_CORR_PARSE:
		return G_ALWAYS;
	case ITEM_PERF_MULTI_STAGE:
		return G_MULTI;
	case ITEM_SIZE_NO_INSTALL_RECOMMENDS: case ITEM_SIZE_APT_LISTS_CLEANED: case ITEM_SIZE_NO_PKG_CACHE:
	case ITEM_SIZE_NO_BUILD_TOOLS: case ITEM_SIZE_PROD_DEPS_ONLY: case ITEM_SEC_MINIMAL_BASE:
		return G_SIZE;
	case ITEM_SEC_NON_ROOT: case ITEM_SEC_HEALTHCHECK: case ITEM_CORR_PRODUCTION_CMD:
	case ITEM_CORR_EXPOSE_PORT: case ITEM_CORR_COPY_OWNERSHIP:
		return G_RUNTIME;
	case ITEM_COMPOSE_NO_NEW_PRIVILEGES: case ITEM_COMPOSE_CAP_DROP: case ITEM_COMPOSE_READ_ONLY:
	case ITEM_COMPOSE_RESOURCE_LIMITS: case ITEM_COMPOSE_HEALTHCHECK: case ITEM_COMPOSE_RESTART:
		return G_HARDENING;
	default:
		return G_GENERAL;
	}
}

/* Why the roles table keeps automatic fixes of `item` off a file of `role`, or NULL. */
const char *fix_role_refuses(enum role role, int item)
{
	enum group g = group_of(item);
	if (g == G_ALWAYS)
		return NULL;
	if (role == ROLE_DEV)
		return "a development environment: the item is only a note there, so berth edits nothing";
	if (role == ROLE_TEST)
		return "a test or CI harness: the item is only a note there, so berth edits nothing";
	if (role == ROLE_BASE && (g == G_RUNTIME || g == G_MULTI))
		return "a base image: the image built on it decides this, so berth edits nothing here";
	if (role == ROLE_BUILDER && (g == G_RUNTIME || g == G_SIZE))
		return "a builder image: it does not ship, so berth edits nothing here";
	return NULL;
}

/* Items whose fix writes into the build context or reads it to decide. */
static int reads_context(int item)
{
	return item == ITEM_PERF_DOCKERIGNORE || item == ITEM_PERF_LAYER_ORDER || item == ITEM_SIZE_PROD_DEPS_ONLY;
}

void fix_strip(struct fix *f)
{
	for (size_t i = 0; i < f->nchanges; i++) {
		for (size_t j = 0; j < f->changes[i].nedits; j++)
			free(f->changes[i].edits[j].text);
		free(f->changes[i].edits);
		free(f->changes[i].path);
	}
	free(f->changes);
	f->changes = NULL;
	f->nchanges = 0;
}

void fix_withhold(struct fix *f, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	fix_strip(f);
	f->level = FIX_LEVEL_WITHHELD;
	f->needs_value = 0;
	free(f->note);
	f->note = buf_detach(&b);
}

struct fix *fix_new_withheld(struct fix_ctx *c, int item, const char *rule, const char *title,
			     const char *fmt, ...)
{
	struct fix *f = fix_new(c, item, rule, "%s", title);
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	f->level = FIX_LEVEL_WITHHELD;
	f->note = buf_detach(&b);
	return f;
}

void fix_set_note(struct fix *f, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(f->note);
	f->note = buf_detach(&b);
}

/* The note a fix gets when its generator wrote none. */
static const char *default_note(const struct fix *f)
{
	if (f->needs_value)
		return NULL;
	return f->level == FIX_LEVEL_SAFE ? "changes nothing the container does beyond the item"
					  : "changes what the container does: check the diff before applying";
}

void fix_judge(struct fix_ctx *c, struct fix *f)
{
	const char *why = fix_role_refuses(c->in->role, f->item);
	if (f->level != FIX_LEVEL_WITHHELD && why)
		fix_withhold(f, "withheld: %s", why);
	else if (f->level != FIX_LEVEL_WITHHELD && c->in->context_unknown && reads_context(f->item))
		fix_withhold(f, "withheld: berth cannot tell the build context, so nothing is written into it");
	if (f->needs_value && f->level != FIX_LEVEL_WITHHELD && f->value_name && !f->note)
		f->note = xasprintf("needs a value: --set %s=...", f->value_name);
	if (!f->note && default_note(f))
		f->note = xstrdup(default_note(f));
}

/* --- notes --- */

void fix_note_line(struct buf *out, const char *path, int line, const char *key,
		   enum fix_level level, const char *note)
{
	const char *n = note ? note : "";
	size_t ll = strlen(fix_level_name(level));
	buf_printf(out, "%s:%d: [%s] %s: ", path, line, key, fix_level_name(level));
	/* a note that starts with its level says it once */
	if (strncmp(n, fix_level_name(level), ll) == 0 && n[ll] == ':' && n[ll + 1] == ' ')
		n += ll + 2;
	/* one line each: a note never breaks the format */
	for (const char *p = n; *p; p++)
		buf_putc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
	buf_putc(out, '\n');
}

int fix_note_at(const struct file_result *before, const struct fix *f)
{
	int line = 0;
	for (size_t i = 0; i < before->nfindings; i++) {
		const struct finding *fd = &before->findings[i];
		if (fd->item != f->item || fd->suppressed || fd->sev == SEV_INFO)
			continue;
		if (f->service && fd->service && strcmp(f->service, fd->service) != 0)
			continue;
		if (!line || fd->line < line)
			line = fd->line;
	}
	return line ? line : 1;
}

struct noted {
	int line;
	const struct fix *f;
};

static int noted_cmp(const void *a, const void *b)
{
	const struct noted *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->f->item - y->f->item;
}

/* What a fix dropped by its own verification says (fix_annotate says the same in JSON and SARIF). */
static char VERIFY_NOTE[] = "berth's fix did not pass verification here (the file would not parse, the item "
			    "would still fail, or another item would): fix it by hand";

void fix_plan_notes(struct buf *out, const struct fix_plan *p)
{
	size_t n = p->nfixes + p->nheld + ITEM_COUNT, k = 0, nv = 0;
	struct noted *v = xcalloc(n, sizeof(*v));
	struct fix *dropped = xcalloc(ITEM_COUNT, sizeof(*dropped));
	for (size_t i = 0; i < p->nfixes; i++)
		v[k++] = (struct noted){ fix_note_at(&p->before, &p->fixes[i]), &p->fixes[i] };
	for (size_t i = 0; i < p->nheld; i++)
		v[k++] = (struct noted){ fix_note_at(&p->before, &p->held[i]), &p->held[i] };
	/* fixes verification dropped: withheld too, each item once (every mode prints them, SPEC.md) */
	for (int i = 0; i < ITEM_COUNT; i++) {
		if (!p->withheld_item[i])
			continue;
		dropped[nv].item = i;
		dropped[nv].level = FIX_LEVEL_WITHHELD;
		dropped[nv].note = VERIFY_NOTE;
		v[k] = (struct noted){ fix_note_at(&p->before, &dropped[nv]), &dropped[nv] };
		k++;
		nv++;
	}
	qsort(v, k, sizeof(*v), noted_cmp);
	for (size_t i = 0; i < k; i++)
		fix_note_line(out, p->path, v[i].line, item_defs[v[i].f->item].key, v[i].f->level,
			      v[i].f->note);
	free(dropped);
	free(v);
}

/* --- JSON/SARIF: each finding's fix level and note (SPEC.md `fix_level`, `fix_note`) --- */

/* The plan's fix (offered or withheld) that stands for finding `fd`, or NULL. */
static const struct fix *fix_for(const struct fix_plan *p, const struct finding *fd)
{
	const struct fix *any = NULL;
	for (int pass = 0; pass < 2; pass++) {
		const struct fix *v = pass ? p->held : p->fixes;
		size_t n = pass ? p->nheld : p->nfixes;
		for (size_t i = 0; i < n; i++) {
			if (v[i].item != fd->item)
				continue;
			if (v[i].service && fd->service && strcmp(v[i].service, fd->service) == 0)
				return &v[i];
			if (!any)
				any = &v[i];
		}
	}
	return any;
}

/* The note without a leading "level: " (the level is said apart). */
static const char *note_body(enum fix_level level, const char *note)
{
	size_t ll = strlen(fix_level_name(level));
	if (note && strncmp(note, fix_level_name(level), ll) == 0 && note[ll] == ':' && note[ll + 1] == ' ')
		return note + ll + 2;
	return note ? note : "";
}

/* A Compose fix's note names `service` among those it was withheld for ("withheld for a, b (why): ..."). */
static int held_for(const char *note, const char *service)
{
	const char *p = note ? strstr(note, "withheld for ") : NULL, *end;
	size_t n = strlen(service);
	if (!p)
		return 0;
	p += strlen("withheld for ");
	end = strchr(p, ':');
	while (p && *p && (!end || p < end)) {
		if (strncmp(p, service, n) == 0 && (p[n] == ',' || p[n] == ':' || p[n] == ' ' || !p[n]))
			return 1;
		p = strstr(p, ", ");
		if (p)
			p += 2;
	}
	return 0;
}

/*
 * Verify the fixes of a lazy plan as fix_plan does (the verdict decides a
 * level: a fix that fails is withheld), dropping those that fail. Without
 * a memo: nothing of a fixed state is kept past its check, and verify()
 * parses a fixed Compose text once for the audit and the generator.
 */
static void verify_plan(struct fix_plan *p, const struct fix_input *in)
{
	size_t kept = 0;
	for (size_t i = 0; i < p->nfixes; i++) {
		struct fix *f = &p->fixes[i];
		enum fix_why why = f->needs_value ? FIX_WHY_COUNT : fix_verify(in, &p->before, f, NULL, NULL);
		if (why != FIX_WHY_COUNT) {
			p->withheld[why]++;
			p->withheld_item[f->item]++;
			fix_clear(f);
			continue;
		}
		p->fixes[kept++] = *f;
	}
	p->nfixes = kept;
}

/* Does finding `fd` take a fix level and note (a failing finding with a fix, not yet annotated)? */
static int wants_note(const struct finding *fd)
{
	return fd->fix != FIX_NONE && !fd->suppressed && fd->sev != SEV_INFO && !fd->fix_level;
}

void fix_annotate_from(struct file_result *r, const struct fix_input *in, const struct file_result *before)
{
	unsigned char items[ITEM_COUNT] = { 0 };
	struct fix_memo *memo;
	struct fix_state none;          /* the file as read: its audit is the memo's */
	struct fix_plan p;
	int any = 0, rc;

	/*
	 * Only the items a finding asks about are planned: fix_plan plans each
	 * item on its own, so their fixes, verdicts and notes are fix_plan's.
	 * A file with nothing to annotate is neither planned nor audited.
	 */
	for (size_t i = 0; i < r->nfindings; i++)
		if (wants_note(&r->findings[i]) && r->findings[i].item >= 0 && r->findings[i].item < ITEM_COUNT)
			any = items[r->findings[i].item] = 1;
	if (!any)
		return;
	memo = fix_memo_new();
	if (before)
		fix_memo_seed(memo, in->data, in->len, before);  /* the scan's audit: never made again */
	memset(&none, 0, sizeof(none));
	rc = fix_plan_items(&p, in, items, 1, memo, &none);
	if (rc == 0)
		verify_plan(&p, in);
	if (rc == 0)
		for (size_t i = 0; i < r->nfindings; i++) {
			struct finding *fd = &r->findings[i];
			const struct fix *f;
			if (!wants_note(fd))
				continue;
			if ((f = fix_for(&p, fd)) != NULL) {
				enum fix_level l = fd->service && held_for(f->note, fd->service) ? FIX_LEVEL_WITHHELD : f->level;
				fd->fix_level = fix_level_name(l);
				fd->fix_note = xstrdup(note_body(f->level, f->note));
			} else if (p.withheld_item[fd->item]) {
				fd->fix_level = fix_level_name(FIX_LEVEL_WITHHELD);
				fd->fix_note = xstrdup(VERIFY_NOTE);
			}
		}
	else
		/* binary: fix_plan_items made the (empty) audit itself */
		file_result_free(&p.before);
	/* otherwise the plan's audit of the original is the memo's */
	memset(&p.before, 0, sizeof(p.before));
	fix_plan_free(&p);
	fix_memo_free(memo);
}

void fix_annotate(struct file_result *r, const struct fix_input *in)
{
	fix_annotate_from(r, in, NULL);
}

/* The highest level fix_apply takes when it is not told which fixes (the caller's choice). */
enum fix_level fix_apply_level(const struct fix_input *in)
{
	return in->level;
}
