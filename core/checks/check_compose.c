/*
 * check_compose - the Compose half of the checklist: compose.parse here, then
 * every other item per service (check_compose_*.c). A file that is not
 * well-formed YAML is judged on compose.parse alone, every other item n/a.
 */
#include <stdlib.h>
#include <string.h>

#include "check_compose_kind.h"
#include "compose_priv.h"
#include "config.h"
#include "dockerfile.h"
#include "util.h"

enum sev ccx_harden_sev(const struct ccx *c)
{
	return c->dev || c->retired || c->inert ? SEV_INFO : SEV_WARNING;
}

/* Profile names that say a service is kept only for old set-ups. */
static const char *const retired_profiles[] = { "deprecated", "legacy", "obsolete", NULL };

/*
 * A service started only under retired profiles (hoppscotch's
 * `profiles: ["deprecated"]`, "not recommended for new deployments"): a
 * reviewer asks to drop it, not to harden it. Beyond CHECKLIST.md revision 4.
 */
static int ccx_retired(const struct ccx *c)
{
	const struct ydoc_node *p = ccx_get(c, "profiles", NULL);
	if (!p || p->type != YDOC_SEQUENCE || p->nitems == 0)
		return 0;
	for (size_t i = 0; i < p->nitems; i++) {
		int hit = 0;
		if (p->items[i]->type != YDOC_SCALAR || !p->items[i]->value)
			return 0;
		for (size_t k = 0; retired_profiles[k]; k++)
			hit |= str_ieq(p->items[i]->value, retired_profiles[k]);
		if (!hit)
			return 0;
	}
	return 1;
}

/*
 * Where a finding about node n goes: a value the service inherits is
 * reported where it is written when that is in this file, else at the
 * service's `extends` (a position is never taken from another file); either
 * way the message names where it comes from. NULL: not reported here — a
 * value the other file of the default pair writes, or something missing from
 * an override's service (the pair file reports them).
 */
static const struct ydoc_node *place(const struct ccx *c, const struct ydoc_node *n, struct buf *note)
{
	const struct compose_origin *o;
	if (!n && c->pair_upper)
		return NULL;
	if (!c->svc)
		return n;
	if (!n && c->eff.extends_key) {
		/* missing here and in the service it extends from another file: check_extends_across */
		for (size_t i = 0; i < c->eff.norigins; i++) {
			const struct compose_origin *b = &c->eff.origins[i];
			if (b->depth == 1 && !b->layer && b->doc != c->d) {
				buf_printf(note, " (as in %.100s in %.200s, which it extends)", b->name, b->shown);
				break;
			}
		}
		return c->svc->key;
	}
	if (!n)
		return c->svc->key;
	o = compose_eff_origin(&c->eff, n);
	if (o && o->layer)
		return NULL;
	if (o && o->depth > 0) {
		buf_printf(note, " (inherited from %.100s", o->name);
		if (o->doc != c->d)
			buf_printf(note, " in %.200s", o->shown);
		buf_putc(note, ')');
	} else if (!o && !ydoc_owns(&c->d->y, n)) {
		buf_puts(note, " (inherited)");
	}
	if (o ? o->doc != c->d : !ydoc_owns(&c->d->y, n))
		return c->eff.extends_key ? c->eff.extends_key : c->svc->key;
	return n;
}

void ccx_add(struct ccx *c, int item, enum sev sev, const char *rule, const struct ydoc_node *n,
	     const char *fmt, ...)
{
	struct buf msg = BUF_INIT, note = BUF_INIT;
	va_list ap;
	size_t start = 0, end = 0;
	const struct ydoc_node *at = place(c, n, &note);
	if (!at && (n || c->svc)) {
		buf_free(&note);
		return;
	}
	if (at) {
		start = at->start.offset;
		end = at->end.offset;
	}
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	buf_puts(&msg, buf_str(&note));
	audit_add(c->a, item, sev, rule, start, end, item_defs[item].fix, "%s", buf_str(&msg));
	buf_free(&msg);
	buf_free(&note);
}

int ccx_str(const struct ccx *c, const struct ydoc_node *n, struct compose_interp *out)
{
	if (!ydoc_str(n) || ydoc_is_null(n)) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	compose_interp(&c->env, n->value, out);
	return 0;
}

int ccx_true(const struct ccx *c, const struct ydoc_node *n)
{
	struct compose_interp r;
	int yes;
	if (ydoc_bool(n) >= 0)
		return ydoc_bool(n);
	/* a plain `yes` or `on` is a string in YAML 1.2; a plain `${RO:-true}` is interpolated */
	if (!n || n->type != YDOC_SCALAR || (n->style == YDOC_PLAIN && !strchr(n->value, '$')))
		return 0;
	if (ccx_str(c, n, &r) < 0)
		return 0;
	yes = str_ieq(r.value, "true");
	compose_interp_free(&r);
	return yes;
}

int ccx_dockerfile(const struct ccx *c, const struct compose_buildref *b, struct df_file *df, char **data)
{
	size_t len = 0;
	*data = NULL;
	if (b->state != CB_LOCAL)
		return -1;
	if (b->inline_node) {
		if (!ydoc_str(b->inline_node))
			return -1;
		*data = xstrdup(b->inline_node->value);
		len = strlen(*data);
	} else if (!b->dockerfile || fs_stat(c->fs, b->dockerfile) != FS_FILE ||
		   fs_read(c->fs, b->dockerfile, data, &len) < 0) {
		return -1;
	}
	df_parse(df, *data, len);
	return 0;
}

/* ---- compose.parse ---- */

static const struct ydoc_node *error_node(const struct ydoc_error *e, struct ydoc_node *tmp)
{
	memset(tmp, 0, sizeof(*tmp));
	tmp->start = e->mark;
	tmp->end = e->mark;
	tmp->end.offset = e->end;
	return tmp;
}

static void parse_yaml_errors(struct ccx *c)
{
	const struct ydoc *y = &c->d->y;
	for (size_t i = 0; i < y->nerrors; i++) {
		const struct ydoc_error *e = &y->errors[i];
		static const char *const rules[] = { "yaml", "limit", "undefined-alias", "merge", "duplicate-key" };
		struct ydoc_node tmp;
		ccx_add(c, ITEM_COMPOSE_PARSE, SEV_ERROR, rules[e->kind], error_node(e, &tmp), "%s%s",
			e->kind == YDOC_ERR_DUPLICATE ? "" : "not valid YAML: ", e->message);
	}
}

static int top_key_known(const char *k)
{
	static const char *const known[] = { "version", "name", "services", "networks", "volumes",
		"configs", "secrets", "include", "models", NULL };
	if (str_starts(k, "x-"))
		return 1;
	for (const char *const *p = known; *p; p++)
		if (strcmp(k, *p) == 0)
			return 1;
	return 0;
}

static void parse_services(struct ccx *c, const struct ydoc_node *svcs)
{
	if (ydoc_is_null(svcs))
		return;
	if (svcs->type != YDOC_MAPPING) {
		ccx_add(c, ITEM_COMPOSE_PARSE, SEV_ERROR, "services-not-mapping", svcs,
			"`services` must be a mapping of service names to their settings, not a %s",
			ydoc_type_name(svcs->type));
		return;
	}
	for (size_t i = 0; i < svcs->npairs; i++) {
		const struct ydoc_pair *p = &svcs->pairs[i];
		if (ydoc_str(p->key) && str_starts(p->key->value, "x-"))
			continue;
		if (p->value->type != YDOC_MAPPING)
			ccx_add(c, ITEM_COMPOSE_PARSE, SEV_ERROR, "service-not-mapping", p->value,
				"service `%.100s` must be a mapping of settings, not a %s",
				ydoc_str(p->key) ? p->key->value : "?",
				ydoc_is_null(p->value) ? "null" : ydoc_type_name(p->value->type));
	}
}

static void parse_top(struct ccx *c, const struct ydoc_node *root)
{
	const struct ydoc_node *svcs = NULL;
	for (size_t i = 0; i < root->npairs; i++) {
		const struct ydoc_pair *p = &root->pairs[i];
		const char *k = ydoc_str(p->key);
		if (!k || !top_key_known(k)) {
			ccx_add(c, ITEM_COMPOSE_PARSE, SEV_ERROR, "unknown-key", p->key,
				"unknown top-level key `%.100s` (services belong under `services:`; the v1 format is retired)",
				k ? k : "?");
		} else if (strcmp(k, "version") == 0) {
			ccx_add(c, ITEM_COMPOSE_PARSE, SEV_INFO, "obsolete-version", p->key,
				"`version` is obsolete: Compose ignores it");
		} else if (strcmp(k, "services") == 0 && !svcs) {
			svcs = p->value;
		}
	}
	if (!svcs || ydoc_is_null(svcs) || (svcs->type == YDOC_MAPPING && c->d->nservices == 0 &&
						     !svcs->npairs))
		ccx_add(c, ITEM_COMPOSE_PARSE, SEV_INFO, "no-services", svcs ? svcs : root,
			"no services: a fragment (volumes, networks, include) to combine with other files");
	else
		parse_services(c, svcs);
}

/* 0 when the rest of the file can be judged. */
static int check_parse(struct ccx *c)
{
	const struct compose_doc *d = c->d;
	audit_applies(c->a, ITEM_COMPOSE_PARSE);
	parse_yaml_errors(c);
	if (!d->wellformed)
		return -1;
	if (d->y.ndocs > 1)
		ccx_add(c, ITEM_COMPOSE_PARSE, SEV_ERROR, "multi-document", d->y.docs[1],
			"%zu YAML documents: a Compose file holds exactly one", d->y.ndocs);
	if (!d->root || ydoc_is_null(d->root)) {
		ccx_add(c, ITEM_COMPOSE_PARSE, SEV_ERROR, "empty", d->root, "the file is empty");
		return -1;
	}
	if (d->root->type != YDOC_MAPPING) {
		ccx_add(c, ITEM_COMPOSE_PARSE, SEV_ERROR, "not-mapping", d->root,
			"the top level must be a mapping (services:, volumes:, ...), not a %s",
			ydoc_type_name(d->root->type));
		return -1;
	}
	parse_top(c, d->root);
	return 0;
}

static int is_dev(const struct audit *a, const char *path)
{
	enum profile p = a->cfg ? a->cfg->profile : PROFILE_AUTO;
	if (p == PROFILE_PRODUCTION)
		return 0;
	return p == PROFILE_DEVELOPMENT || compose_is_dev_name(path);
}

void compose_service_kinds(const struct compose_doc *d, const char *path, const struct fsview *fs,
			   unsigned char *flags)
{
	struct ccx c;
	if (!d || d->nservices == 0)
		return;
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.path = path ? path : "";
	c.fs = fs;
	c.dir = str_dirname(c.path);
	compose_env_load(&c.env, fs, c.path);
	compose_resolver_init(&c.res, d, c.path, fs, &c.env);
	ccx_pair_open(&c);
	ccx_kinds_load(&c);
	for (size_t i = 0; i < d->nservices; i++) {
		c.svc = &d->services[i];
		compose_eff_free(&c.eff);
		if (!ccx_pair_resolve(&c))
			compose_resolve(&c.res, c.svc, &c.eff);
		flags[i] = (unsigned char)((ccx_oneshot(&c) ? COMPOSE_ONESHOT : 0) |
					   (ccx_partial(&c) ? COMPOSE_PARTIAL : 0));
	}
	ccx_kinds_free(&c);
	ccx_extends_free(&c);
	compose_env_free(&c.env);
	free(c.dir);
}

void check_compose(struct audit *a, const struct compose_doc *d, const char *path,
		   const struct fsview *fs)
{
	struct ccx c;
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.d = d;
	c.path = path ? path : "";
	c.fs = fs;
	if (!d || check_parse(&c) < 0 || d->nservices == 0)
		return;
	c.dir = str_dirname(c.path);
	c.dev = is_dev(a, c.path);
	compose_env_load(&c.env, fs, c.path);
	compose_resolver_init(&c.res, d, c.path, fs, &c.env);
	ccx_pair_open(&c);
	ccx_projects_load(&c);
	ccx_kinds_load(&c);
	for (size_t i = 0; i < d->nservices; i++) {
		c.svc = &d->services[i];
		a->service = c.svc->name;
		ccx_resolve_extends(&c);
		c.partial = ccx_partial(&c);
		c.oneshot = ccx_oneshot(&c);
		c.retired = ccx_retired(&c);
		c.inert = compose_inert(ccx_get(&c, "command", NULL), ccx_get(&c, "entrypoint", NULL));
		check_compose_image(&c);
		check_compose_harden(&c);
		check_compose_build(&c);
		check_compose_secrets(&c);
		check_compose_privileged(&c);
	}
	a->service = NULL;
	ccx_fold_anchors(&c);
	ccx_projects_free(&c);
	ccx_kinds_free(&c);
	ccx_extends_free(&c);
	compose_env_free(&c.env);
	free(c.dir);
}
