/*
 * check_role - CHECKLIST.md's role table: what each item becomes for a file
 * of each role. Applied to the findings before config and pragmas, so a
 * config severity override still reads what the role left.
 *
 *   as written  the findings stay as the groups wrote them
 *   info        every warning/error becomes info: kept and shown, the item passes
 *   n/a         the findings go and the item does not apply
 *
 * Whatever the role, three kinds of finding always stay as written: parse
 * problems (corr.parse, compose.parse), the errors of corr.pitfalls, and
 * secrets in a known key format (rule "secret-value" of sec.no-secrets;
 * KNOWN_KEY_RULES below for Compose values).
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

enum role_act { RA_AS, RA_INFO, RA_NA, RA_NAME_INFO /* info for a base by name only, else as written */ };

/* Per item: runtime, base, builder, dev, test. */
struct role_row { int item; unsigned char act[ROLE_COUNT]; };

#define ALL_AS { RA_AS, RA_AS, RA_AS, RA_AS, RA_AS }
#define GENTLE { RA_AS, RA_AS, RA_AS, RA_INFO, RA_INFO }
#define SHIPS  { RA_AS, RA_NA, RA_NA, RA_INFO, RA_INFO }
#define SIZE   { RA_AS, RA_NAME_INFO, RA_NA, RA_INFO, RA_INFO }

static const struct role_row rows[] = {
	/* a builder is n/a beyond revision 4's "as written": building is what it is for (the first stage of a two-file build) */
	{ ITEM_PERF_MULTI_STAGE, { RA_AS, RA_NA, RA_NA, RA_INFO, RA_INFO } },
	{ ITEM_PERF_CACHE_MOUNTS, GENTLE },
	{ ITEM_PERF_LAYER_ORDER, GENTLE },
	{ ITEM_PERF_DOCKERIGNORE, GENTLE },
	{ ITEM_PERF_SINGLE_APT_LAYER, GENTLE },
	{ ITEM_SEC_PINNED_BASE, GENTLE },
	{ ITEM_SEC_NON_ROOT, SHIPS },
	{ ITEM_SEC_MINIMAL_BASE, SIZE },
	{ ITEM_SEC_NO_SECRETS, GENTLE },
	{ ITEM_SEC_HEALTHCHECK, SHIPS },
	{ ITEM_SIZE_NO_INSTALL_RECOMMENDS, SIZE },
	{ ITEM_SIZE_APT_LISTS_CLEANED, SIZE },
	{ ITEM_SIZE_NO_PKG_CACHE, SIZE },
	{ ITEM_SIZE_NO_BUILD_TOOLS, SIZE },
	{ ITEM_SIZE_PROD_DEPS_ONLY, SIZE },
	{ ITEM_CORR_PARSE, ALL_AS },
	{ ITEM_CORR_WORKDIR_BEFORE_COPY, GENTLE },
	{ ITEM_CORR_COPY_OWNERSHIP, SHIPS },
	{ ITEM_CORR_EXPOSE_PORT, SHIPS },
	{ ITEM_CORR_PRODUCTION_CMD, SHIPS },
	{ ITEM_CORR_ENV_DEFAULTS, GENTLE },
	{ ITEM_CORR_PITFALLS, GENTLE },
	{ ITEM_CORR_SYNTAX_DIRECTIVE, GENTLE },
	{ ITEM_COMPOSE_PARSE, ALL_AS },
	/* Compose files are runtime, dev or test (CHECKLIST.md): the base/builder columns are never read */
	{ ITEM_COMPOSE_PINNED_IMAGE, GENTLE },
	{ ITEM_COMPOSE_NO_NEW_PRIVILEGES, GENTLE },
	{ ITEM_COMPOSE_CAP_DROP, GENTLE },
	{ ITEM_COMPOSE_READ_ONLY, GENTLE },
	{ ITEM_COMPOSE_RESOURCE_LIMITS, GENTLE },
	{ ITEM_COMPOSE_HEALTHCHECK, GENTLE },
	{ ITEM_COMPOSE_RESTART, GENTLE },
	{ ITEM_COMPOSE_BUILD_VALID, GENTLE },
	{ ITEM_COMPOSE_NO_INLINE_SECRETS, GENTLE },
	{ ITEM_COMPOSE_NO_PRIVILEGED, GENTLE },
};

/* Rules of a secret in a known key format (sec.no-secrets; a Compose value's, when one is added). */
static const char *const KNOWN_KEY_RULES[] = { "secret-value", "known-key-format", "key-format", NULL };

/* Said in place of the finding's own message prefix when the context is unknown. */
#define CONTEXT_UNKNOWN_NOTE "berth cannot tell the build context"

const char *role_name(enum role r)
{
	static const char *const names[] = { "runtime", "base", "builder", "dev", "test" };
	return (unsigned)r < ROLE_COUNT ? names[r] : "runtime";
}

int role_parse(const char *s, enum role *out)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (s && strcmp(s, role_name((enum role)i)) == 0) {
			*out = (enum role)i;
			return 0;
		}
	return -1;
}

void audit_set_role(struct audit *a, enum role role, const char *reason, int base_by_name,
		    int context_unknown)
{
	struct file_result *r = a->res;
	r->role = (unsigned)role < ROLE_COUNT ? role : ROLE_RUNTIME;
	free(r->role_reason);
	r->role_reason = reason ? xstrdup(reason) : NULL;
	r->base_by_name = base_by_name != 0;
	r->context_unknown = context_unknown != 0;
}

static int always_as_written(const struct finding *f)
{
	if (f->item == ITEM_CORR_PARSE || f->item == ITEM_COMPOSE_PARSE)
		return 1;
	if (f->item == ITEM_CORR_PITFALLS && f->sev == SEV_ERROR)
		return 1;
	if (f->item == ITEM_SEC_NO_SECRETS || f->item == ITEM_COMPOSE_NO_INLINE_SECRETS)
		for (size_t i = 0; KNOWN_KEY_RULES[i]; i++)
			if (f->rule && strcmp(f->rule, KNOWN_KEY_RULES[i]) == 0)
				return 1;
	return 0;
}

static enum role_act act_of(const struct file_result *r, int item)
{
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (rows[i].item == item) {
			enum role_act a = (enum role_act)rows[i].act[r->role];
			if (a == RA_NAME_INFO)
				return r->base_by_name ? RA_INFO : RA_AS;
			return a;
		}
	return RA_AS;
}

static void drop_finding(struct file_result *r, size_t i)
{
	finding_free(&r->findings[i]);
	memmove(&r->findings[i], &r->findings[i + 1], (r->nfindings - i - 1) * sizeof(*r->findings));
	r->nfindings--;
}

void check_apply_role(struct file_result *r)
{
	unsigned char na[ITEM_COUNT] = { 0 };
	if ((unsigned)r->role >= ROLE_COUNT)
		r->role = ROLE_RUNTIME;
	for (int i = 0; i < ITEM_COUNT; i++)
		na[i] = act_of(r, i) == RA_NA;
	for (size_t i = 0; i < r->nfindings;) {
		struct finding *f = &r->findings[i];
		enum role_act a;
		if (always_as_written(f)) {
			i++;
			continue;
		}
		a = act_of(r, f->item);
		if (a == RA_NA) {
			drop_finding(r, i);
			continue;
		}
		if (a == RA_INFO && f->sev != SEV_NEVER)
			f->sev = SEV_INFO;
		if (f->item == ITEM_PERF_DOCKERIGNORE && r->context_unknown && f->sev != SEV_NEVER) {
			char *m = xasprintf(CONTEXT_UNKNOWN_NOTE ": %s", f->message);
			free(f->message);
			f->message = m;
			f->sev = SEV_INFO;
		}
		i++;
	}
	for (int i = 0; i < ITEM_COUNT; i++) {
		int kept = 0;
		if (!na[i])
			continue;
		for (size_t k = 0; k < r->nfindings && !kept; k++)
			kept = r->findings[k].item == i;
		if (!kept)
			r->applies[i] = 0;
	}
}
