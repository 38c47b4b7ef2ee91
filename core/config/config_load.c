/*
 * config_load - `.berth.yaml` (SPEC.md "Config") into struct config.
 *
 * The file is validated whole before anything reaches the caller's config:
 * on any error the config is left exactly as it was, so a bad file can never
 * half-apply. Errors point at the offending node ("FILE:LINE:COL: ...").
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_yaml.h"
#include "facts.h"
#include "pragma.h"
#include "util.h"

struct loader {
	struct config_yaml y;
	struct config tmp;      /* what the file says, merged into the caller's on success */
	int has_fail_on, has_profile;
	const struct config *into;      /* the caller's config: its facts are the base of `images:` */
	char **err;
};

typedef int (*key_fn)(struct loader *l, const struct ydoc_node *val);

/* Edit distance bound for "did you mean": typos, not different words. */
#define SUGGEST_MAX_DIST 3


/* "unknown item 'x'" with a hint: the item a hadolint id maps to, or a near key. */
static int bad_item(struct loader *l, const struct ydoc_node *n, const char *key)
{
	int h = item_of_hadolint(key), best = -1;
	size_t best_d = SUGGEST_MAX_DIST + 1;
	if (h >= 0) {
		*l->err = config_yaml_err(&l->y, n, "unknown item '%s' (a hadolint id; the berth item is '%s')",
					  key, item_defs[h].key);
		return -1;
	}
	for (int i = 0; i < ITEM_COUNT; i++) {
		size_t d = str_distance(key, item_defs[i].key);
		if (strchr(key, '.') && str_starts(item_defs[i].key, key))
			d = 1;  /* a cut-off key ("perf.cache") */
		if (d < best_d) {
			best_d = d;
			best = i;
		}
	}
	if (best >= 0)
		*l->err = config_yaml_err(&l->y, n, "unknown item '%s' (did you mean '%s'?)",
					  key, item_defs[best].key);
	else
		*l->err = config_yaml_err(&l->y, n, "unknown item '%s' (see `berth rules`)", key);
	return -1;
}

/* The item named by node n, or -1 with *err. */
static int item_of(struct loader *l, const struct ydoc_node *n, const char *what)
{
	const char *s = config_yaml_scalar(&l->y, n, what, l->err);
	int item;
	if (!s)
		return -1;
	item = item_find(s);
	return item >= 0 ? item : bad_item(l, n, s);
}

/* A level of `allowed` ("error|warning|info[|never]"), or -1 with *err. */
static int level_of(struct loader *l, const struct ydoc_node *n, const char *what, int allow_never)
{
	const char *s = config_yaml_scalar(&l->y, n, what, l->err);
	enum sev sev;
	if (!s)
		return -1;
	if (sev_parse(s, &sev) != 0 || (sev == SEV_NEVER && !allow_never)) {
		*l->err = config_yaml_err(&l->y, n, "bad level '%s' (expected %s)", s,
					  allow_never ? "error, warning, info or never"
						      : "error, warning or info");
		return -1;
	}
	return (int)sev;
}

static int load_fail_on(struct loader *l, const struct ydoc_node *val)
{
	int sev = level_of(l, val, "'fail-on' expects a level", 1);
	if (sev < 0)
		return -1;
	l->tmp.fail_on = (enum sev)sev;
	l->has_fail_on = 1;
	return 0;
}

static int load_profile(struct loader *l, const struct ydoc_node *val)
{
	const char *s = config_yaml_scalar(&l->y, val, "'compose-profile' expects production or development", l->err);
	if (!s)
		return -1;
	if (strcmp(s, "production") == 0)
		l->tmp.profile = PROFILE_PRODUCTION;
	else if (strcmp(s, "development") == 0)
		l->tmp.profile = PROFILE_DEVELOPMENT;
	else {
		*l->err = config_yaml_err(&l->y, val, "bad compose-profile '%s' (expected production or development)", s);
		return -1;
	}
	l->has_profile = 1;
	return 0;
}

static int load_ignore(struct loader *l, const struct ydoc_node *val)
{
	if (config_yaml_sequence(&l->y, val, "'ignore'", l->err) != 0)
		return -1;
	for (size_t i = 0; i < val->nitems; i++) {
		int item = item_of(l, val->items[i], "an 'ignore' entry expects an item key");
		if (item < 0)
			return -1;
		l->tmp.ignore[item] = 1;
	}
	return 0;
}

static int load_severity(struct loader *l, const struct ydoc_node *val)
{
	if (config_yaml_mapping(&l->y, val, "'severity'", l->err) != 0)
		return -1;
	for (size_t i = 0; i < val->npairs; i++) {
		const struct ydoc_node *k = val->pairs[i].key, *v = val->pairs[i].value;
		int item, sev;
		if ((item = item_of(l, k, "a 'severity' key expects an item key")) < 0 ||
		    (sev = level_of(l, v, "a 'severity' value expects a level", 0)) < 0)
			return -1;
		l->tmp.has_severity[item] = 1;
		l->tmp.severity[item] = (enum sev)sev;
	}
	return 0;
}

/*
 * Skip a bracket expression starting at p ('['); NULL when it never closes
 * within the path segment (config_excluded() splits patterns on '/' before
 * fnmatch, so "[/]" could never match anything).
 */
static const char *skip_bracket(const char *p)
{
	p++;
	if (*p == '!' || *p == '^')
		p++;
	if (*p == ']')
		p++;            /* a leading ']' is a member, not the end */
	for (; *p && *p != ']'; p++) {
		if (*p == '/')
			return NULL;
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			const char *end = strstr(p + 2, p[1] == ':' ? ":]" : p[1] == '.' ? ".]" : "=]");
			if (!end || memchr(p, '/', (size_t)(end - p)))
				return NULL;
			p = end + 1;
		}
	}
	return *p ? p : NULL;
}

/* 0 when fnmatch can take the glob; -1 with the reason. */
static int glob_check(const char *g, const char **why)
{
	for (const char *p = g; *p; p++) {
		if (*p == '\\') {
			if (!p[1]) {
				*why = "it ends with a lone '\\'";
				return -1;
			}
			p++;
		} else if (*p == '[') {
			const char *end = skip_bracket(p);
			if (!end) {
				*why = "unbalanced '['";
				return -1;
			}
			p = end;
		}
	}
	return 0;
}

static int load_paths(struct loader *l, const struct ydoc_node *val)
{
	const struct ydoc_node *excl = NULL;
	size_t cap = 0;
	if (config_yaml_mapping(&l->y, val, "'paths'", l->err) != 0)
		return -1;
	for (size_t i = 0; i < val->npairs; i++) {
		const struct ydoc_node *k = val->pairs[i].key, *v = val->pairs[i].value;
		const char *key = k->value;
		if (strcmp(key, "exclude") != 0) {
			*l->err = config_yaml_err(&l->y, k, "unknown key 'paths.%s' (expected exclude)", key);
			return -1;
		}
		excl = v;
	}
	if (!excl)
		return 0;
	if (config_yaml_sequence(&l->y, excl, "'paths.exclude'", l->err) != 0)
		return -1;
	for (size_t i = 0; i < excl->nitems; i++) {
		const struct ydoc_node *n = excl->items[i];
		const char *g = config_yaml_scalar(&l->y, n, "a 'paths.exclude' entry expects a glob", l->err);
		const char *why;
		if (!g)
			return -1;
		if (glob_check(g, &why) != 0) {
			*l->err = config_yaml_err(&l->y, n, "bad glob '%s': %s", g, why);
			return -1;
		}
		/* Patterns are anchored at the root anyway: a leading "/" or "./" adds nothing. */
		while (g[0] == '/' || (g[0] == '.' && g[1] == '/'))
			g += g[0] == '/' ? 1 : 2;
		/* "vendor/" names a folder, as in .gitignore: everything below it */
		if (!*g || str_ends(g, "/"))
			PUSH(l->tmp.exclude, l->tmp.nexclude, cap, xasprintf("%s**", g));
		else
			PUSH(l->tmp.exclude, l->tmp.nexclude, cap, xstrdup(g));
	}
	return 0;
}

/* roles: {GLOB: ROLE, ...}: the globs checked as paths.exclude's, the roles named as CHECKLIST.md does. */
static int load_roles(struct loader *l, const struct ydoc_node *val)
{
	size_t cap = 0;
	if (config_yaml_mapping(&l->y, val, "'roles'", l->err) != 0)
		return -1;
	for (size_t i = 0; val && i < val->npairs; i++) {
		const struct ydoc_node *k = val->pairs[i].key, *v = val->pairs[i].value;
		const char *g = config_yaml_scalar(&l->y, k, "a 'roles' key expects a glob", l->err), *r, *why;
		enum role role;
		if (!g)
			return -1;
		if (glob_check(g, &why) != 0) {
			*l->err = config_yaml_err(&l->y, k, "bad glob '%s': %s", g, why);
			return -1;
		}
		if (!(r = config_yaml_scalar(&l->y, v, "a 'roles' value expects a role", l->err)))
			return -1;
		if (role_parse(r, &role) != 0) {
			*l->err = config_yaml_err(&l->y, v, "bad role '%s' (expected runtime, base, builder, dev or test)", r);
			return -1;
		}
		while (g[0] == '/' || (g[0] == '.' && g[1] == '/'))
			g += g[0] == '/' ? 1 : 2;
		GROW(l->tmp.roles, cap, l->tmp.nroles + 1);
		l->tmp.roles[l->tmp.nroles].glob = !*g || str_ends(g, "/") ? xasprintf("%s**", g) : xstrdup(g);
		l->tmp.roles[l->tmp.nroles].role = role;
		l->tmp.nroles++;
	}
	return 0;
}

/* "12", "0.5" */
static int is_number(const char *s)
{
	int digits = 0;
	while (isdigit((unsigned char)*s))
		s++, digits++;
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s))
			s++, digits++;
	}
	return digits > 0 && !*s;
}

/* Compose's byte sizes: "512M", "1g", "256mb", "2GiB", "1048576". */
static int is_size(const char *s)
{
	size_t n = strspn(s, "0123456789.");
	const char *u = s + n;
	char num[32];
	if (n == 0 || n >= sizeof(num))
		return 0;
	memcpy(num, s, n);
	num[n] = '\0';
	if (!is_number(num))
		return 0;
	if (!*u)
		return 1;
	if (!strchr("bBkKmMgGtT", *u))
		return 0;
	u++;
	if (*u == 'i' || *u == 'I')
		u++;
	if (*u == 'b' || *u == 'B')
		u++;
	return !*u;
}

/* A positive number of CPUs ("1", "0.5"; not "0"). */
static int is_cpus(const char *s)
{
	if (!is_number(s))
		return 0;
	for (; *s; s++)
		if (*s >= '1' && *s <= '9')
			return 1;
	return 0;
}

/* An item key whose fix takes a value (NAME may be the item key itself). */
static int value_item(const char *name)
{
	int item = item_find(name);
	return item >= 0 && item_defs[item].fix == FIX_VALUE;
}

int config_fix_check(const char *name, const char *value, const char **bad)
{
	int command = str_starts(name, "healthcheck") || (item_find(name) == ITEM_COMPOSE_HEALTHCHECK);
	*bad = CONFIG_FIX_NAMES;
	if (!(strcmp(name, "user") == 0 || strcmp(name, "workdir") == 0 ||
	      strcmp(name, "limits.cpus") == 0 || strcmp(name, "limits.memory") == 0 ||
	      strcmp(name, "healthcheck") == 0 || (str_starts(name, "healthcheck.") && name[12]) ||
	      (str_starts(name, "pin.") && name[4] && !strchr(name + 4, ' ')) || value_item(name)))
		return CONFIG_FIX_BAD_NAME;
	*bad = NULL;
	/* values end up in Dockerfiles and Compose files: a healthcheck is a command line, the rest one word */
	for (const char *p = value; *p && !*bad; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || (*p == ' ' && !command))
			*bad = command ? "a command without control characters"
				       : "a single word without spaces or control characters";
	if (!*bad && !*value)
		*bad = "a value";
	if (!*bad && strcmp(name, "workdir") == 0 && value[0] != '/')
		*bad = "an absolute path";
	if (!*bad && strcmp(name, "user") == 0 && (strcmp(value, "root") == 0 || strcmp(value, "0") == 0 ||
						   str_starts(value, "root:") || str_starts(value, "0:")))
		*bad = "a non-root user";
	if (!*bad && strcmp(name, "limits.cpus") == 0 && !is_cpus(value))
		*bad = "a positive number of CPUs such as 1 or 0.5";
	if (!*bad && strcmp(name, "limits.memory") == 0 && !is_size(value))
		*bad = "a size such as 512M or 1g";
	return *bad ? CONFIG_FIX_BAD_VALUE : 0;
}

/*
 * Store fix value NAME = node's text after checking it. Values end up in
 * Dockerfiles and Compose files, so they are one word without control bytes.
 */
static int fix_value(struct loader *l, const struct ydoc_node *n, const char *name)
{
	char what[160];
	const char *s, *bad = NULL;
	snprintf(what, sizeof(what), "'fix.%.100s' expects a value", name);
	if (!(s = config_yaml_scalar(&l->y, n, what, l->err)))
		return -1;
	if (config_fix_check(name, s, &bad) == CONFIG_FIX_BAD_VALUE) {
		*l->err = config_yaml_err(&l->y, n, "bad value '%s' for fix.%s: expected %s", s, name, bad);
		return -1;
	}
	config_set(&l->tmp, name, s);
	return 0;
}

/* `pin: {python: 3.11.11-slim}` -> "pin.python". */
static int load_pin(struct loader *l, const struct ydoc_node *val)
{
	if (config_yaml_mapping(&l->y, val, "'fix.pin'", l->err) != 0)
		return -1;
	for (size_t i = 0; i < val->npairs; i++) {
		const struct ydoc_node *k = val->pairs[i].key, *v = val->pairs[i].value;
		const char *img = k->value;
		char *name;
		int rc;
		if (!config_yaml_scalar(&l->y, k, "a 'fix.pin' key expects an image name", l->err))
			return -1;
		name = xasprintf("pin.%s", img);
		rc = fix_value(l, v, name);
		free(name);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static int load_limits(struct loader *l, const struct ydoc_node *val)
{
	if (config_yaml_mapping(&l->y, val, "'fix.limits'", l->err) != 0)
		return -1;
	for (size_t i = 0; i < val->npairs; i++) {
		const struct ydoc_node *k = val->pairs[i].key, *v = val->pairs[i].value;
		const char *key = k->value;
		int rc;
		if (strcmp(key, "cpus") == 0)
			rc = fix_value(l, v, "limits.cpus");
		else if (strcmp(key, "memory") == 0)
			rc = fix_value(l, v, "limits.memory");
		else {
			*l->err = config_yaml_err(&l->y, k, "unknown key 'fix.limits.%s' (expected cpus or memory)", key);
			rc = -1;
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* One key of `fix:`: a documented sub-name, its flattened form, or an item key. */
static int load_fix_key(struct loader *l, const struct ydoc_node *k, const struct ydoc_node *v, const char *key)
{
	if (strcmp(key, "user") == 0 || strcmp(key, "workdir") == 0 ||
	    strcmp(key, "limits.cpus") == 0 || strcmp(key, "limits.memory") == 0 ||
	    strcmp(key, "healthcheck") == 0 || (str_starts(key, "healthcheck.") && key[12]) ||
	    (str_starts(key, "pin.") && key[4]))
		return fix_value(l, v, key);
	if (strcmp(key, "pin") == 0)
		return load_pin(l, v);
	if (strcmp(key, "limits") == 0)
		return load_limits(l, v);
	if (strchr(key, '.')) {
		if (item_find(key) < 0)
			return bad_item(l, k, key);
		return fix_value(l, v, key);
	}
	*l->err = config_yaml_err(&l->y, k, "unknown key 'fix.%s' (expected user, workdir, pin, "
				  "limits, healthcheck[.SERVICE] or an item key)", key);
	return -1;
}

static int load_fix(struct loader *l, const struct ydoc_node *val)
{
	if (config_yaml_mapping(&l->y, val, "'fix'", l->err) != 0)
		return -1;
	for (size_t i = 0; i < val->npairs; i++) {
		const struct ydoc_node *k = val->pairs[i].key, *v = val->pairs[i].value;
		const char *key = k->value;
		if (load_fix_key(l, k, v, key) != 0)
			return -1;
	}
	return 0;
}

/*
 * `images:` - image facts in images.yaml's shape (core/facts/facts.h). The
 * facts reader takes the whole file (it reads only `images`), so its
 * positions are the file's; the entries go into a copy of the caller's
 * facts, which replaces them only when the whole file is good.
 */
static int load_images(struct loader *l, const struct ydoc_node *val)
{
	const struct facts_db *base = config_facts(l->into);
	char *ferr = NULL;
	if (config_yaml_mapping(&l->y, val, "'images'", l->err) != 0)
		return -1;
	if (ydoc_is_null(val))
		return 0;       /* `images:` with nothing under it adds nothing */
	if (!base) {
		*l->err = xasprintf("%s: the built-in image facts are broken: %s", l->y.path,
				    facts_builtin_error() ? facts_builtin_error() : "unknown error");
		return -1;
	}
	if (!l->tmp.facts && !(l->tmp.facts = facts_db_copy(base))) {
		*l->err = xasprintf("%s: out of memory", l->y.path);
		return -1;
	}
	if (facts_db_add_yaml(l->tmp.facts, l->y.text, l->y.len, l->y.path, &ferr) != 0) {
		*l->err = config_yaml_safe(ferr ? ferr : "out of memory");
		free(ferr);
		return -1;
	}
	return 0;
}

static const struct { const char *key; key_fn fn; } top_keys[] = {
	{ "fail-on", load_fail_on },
	{ "compose-profile", load_profile },
	{ "ignore", load_ignore },
	{ "paths", load_paths },
	{ "severity", load_severity },
	{ "fix", load_fix },
	{ "roles", load_roles },
	{ "images", load_images },
};

static int load_top(struct loader *l)
{
	const struct ydoc_node *root = config_yaml_root(&l->y);
	if (!root)
		return 0;       /* an empty file is an empty config */
	if (config_yaml_mapping(&l->y, root, "the config", l->err) != 0)
		return -1;
	for (size_t i = 0; i < root->npairs; i++) {
		const struct ydoc_node *k = root->pairs[i].key, *v = root->pairs[i].value;
		const char *key = k->value;
		size_t j = 0;
		while (j < ARRAY_SIZE(top_keys) && strcmp(top_keys[j].key, key) != 0)
			j++;
		if (j == ARRAY_SIZE(top_keys)) {
			*l->err = config_yaml_err(&l->y, k, "unknown key '%s' (expected fail-on, "
						  "compose-profile, ignore, paths, severity, fix, roles or images)", key);
			return -1;
		}
		if (top_keys[j].fn(l, v) != 0)
			return -1;
	}
	return 0;
}

/* Move what the file said into the caller's config (the file's values win). */
static void merge(struct config *c, struct loader *l, const char *path)
{
	size_t cap = c->nexclude;
	if (l->has_fail_on)
		c->fail_on = l->tmp.fail_on;
	if (l->has_profile)
		c->profile = l->tmp.profile;
	for (int i = 0; i < ITEM_COUNT; i++) {
		c->ignore[i] |= l->tmp.ignore[i];
		if (l->tmp.has_severity[i]) {
			c->has_severity[i] = 1;
			c->severity[i] = l->tmp.severity[i];
		}
	}
	for (size_t i = 0; i < l->tmp.nexclude; i++)
		PUSH(c->exclude, c->nexclude, cap, l->tmp.exclude[i]);
	l->tmp.nexclude = 0;
	for (size_t i = 0; i < l->tmp.nfix; i++)
		config_set(c, l->tmp.fix[i].name, l->tmp.fix[i].value);
	if (l->tmp.facts) {
		facts_db_free(c->facts);
		c->facts = l->tmp.facts;
		l->tmp.facts = NULL;
	}
	if (l->tmp.nroles) {
		/* the file's globs come first: a file given later (--config) overrides the earlier ones */
		struct config_role *all = xcalloc(c->nroles + l->tmp.nroles, sizeof(*all));
		memcpy(all, l->tmp.roles, l->tmp.nroles * sizeof(*all));
		if (c->nroles)
			memcpy(all + l->tmp.nroles, c->roles, c->nroles * sizeof(*all));
		free(c->roles);
		c->roles = all;
		c->nroles += l->tmp.nroles;
		free(l->tmp.roles);
		l->tmp.roles = NULL;
		l->tmp.nroles = 0;
	}
	free(c->path);
	c->path = xstrdup(path);
}

int config_load(struct config *c, const char *path, char **err)
{
	struct loader l;
	int rc;
	*err = NULL;
	memset(&l, 0, sizeof(l));
	config_init(&l.tmp);
	l.into = c;
	l.err = err;
	rc = config_yaml_open(&l.y, path, err);
	if (rc == 0)
		rc = load_top(&l);
	if (rc == 0)
		merge(c, &l, path);
	config_yaml_close(&l.y);
	config_free(&l.tmp);
	return rc;
}
