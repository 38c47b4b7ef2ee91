#include "hadolint_config.h"

#include <stdio.h>
#include <string.h>

#include "config_yaml.h"
#include "pragma.h"
#include "util.h"

/* What the file says, applied to the caller's config only when all of it is valid. */
struct hl {
	struct config_yaml y;
	unsigned char ignore[ITEM_COUNT];
	int has_sev[ITEM_COUNT];
	enum sev sev[ITEM_COUNT];
	int has_fail_on;
	enum sev fail_on;
	char **err;
};

/* hadolint's severities as berth levels: style is below info, which berth lacks. */
static int hl_level(const char *s, enum sev *out)
{
	static const struct { const char *name; enum sev sev; } levels[] = {
		{ "error", SEV_ERROR }, { "warning", SEV_WARNING }, { "info", SEV_INFO },
		{ "style", SEV_INFO }, { "ignore", SEV_NEVER }, { "none", SEV_NEVER },
	};
	for (size_t i = 0; i < ARRAY_SIZE(levels); i++)
		if (strcmp(s, levels[i].name) == 0) {
			*out = levels[i].sev;
			return 0;
		}
	return -1;
}

/* Call fn(h, item, arg) for every rule id of a list that maps to a berth item. */
static int each_rule(struct hl *h, const struct ydoc_node *list, const char *what,
		     void (*fn)(struct hl *, int, enum sev), enum sev arg)
{
	if (config_yaml_sequence(&h->y, list, what, h->err) != 0)
		return -1;
	for (size_t i = 0; i < list->nitems; i++) {
		const struct ydoc_node *n = list->items[i];
		const char *id = config_yaml_scalar(&h->y, n, "a rule list expects rule ids such as DL3008", h->err);
		int item;
		if (!id)
			return -1;
		item = item_of_hadolint(id);
		if (item >= 0)
			fn(h, item, arg);
		/* -2 (no counterpart) and -1 (unknown to berth): hadolint accepts any id too */
	}
	return 0;
}

static void set_ignore(struct hl *h, int item, enum sev unused)
{
	(void)unused;
	h->ignore[item] = 1;
}

/* Several DL ids share an item: the most severe override wins, so none is softened. */
static void set_sev(struct hl *h, int item, enum sev sev)
{
	if (!h->has_sev[item] || sev > h->sev[item])
		h->sev[item] = sev;
	h->has_sev[item] = 1;
}

static int load_override(struct hl *h, const struct ydoc_node *val)
{
	if (config_yaml_mapping(&h->y, val, "'override'", h->err) != 0)
		return -1;
	for (size_t i = 0; i < val->npairs; i++) {
		const struct ydoc_node *k = val->pairs[i].key, *v = val->pairs[i].value;
		const char *key = k->value;
		char what[64];
		enum sev sev;
		if (hl_level(key, &sev) != 0 || sev == SEV_NEVER) {
			*h->err = config_yaml_err(&h->y, k, "unknown key 'override.%s' "
						  "(expected error, warning, info or style)", key);
			return -1;
		}
		snprintf(what, sizeof(what), "'override.%s'", key);
		if (each_rule(h, v, what, set_sev, sev) != 0)
			return -1;
	}
	return 0;
}

static int load_threshold(struct hl *h, const struct ydoc_node *val)
{
	const char *s = config_yaml_scalar(&h->y, val, "'failure-threshold' expects a level", h->err);
	if (!s)
		return -1;
	if (hl_level(s, &h->fail_on) != 0) {
		*h->err = config_yaml_err(&h->y, val, "bad level '%s' (expected error, warning, "
					  "info, style, ignore or none)", s);
		return -1;
	}
	h->has_fail_on = 1;
	return 0;
}

static int load_no_fail(struct hl *h, const struct ydoc_node *val)
{
	const char *s = config_yaml_scalar(&h->y, val, "'no-fail' expects true or false", h->err);
	if (!s)
		return -1;
	if (str_ieq(s, "true")) {
		h->has_fail_on = 1;
		h->fail_on = SEV_NEVER;
	} else if (!str_ieq(s, "false")) {
		*h->err = config_yaml_err(&h->y, val, "bad value '%s' for no-fail (expected true or false)", s);
		return -1;
	}
	return 0;
}

static int load_top(struct hl *h)
{
	const struct ydoc_node *root = config_yaml_root(&h->y), *no_fail = NULL;
	if (!root)
		return 0;
	if (config_yaml_mapping(&h->y, root, "the hadolint config", h->err) != 0)
		return -1;
	for (size_t i = 0; i < root->npairs; i++) {
		const struct ydoc_node *k = root->pairs[i].key, *v = root->pairs[i].value;
		const char *key = k->value;
		int rc = 0;
		if (strcmp(key, "ignored") == 0)
			rc = each_rule(h, v, "'ignored'", set_ignore, SEV_NEVER);
		else if (strcmp(key, "override") == 0)
			rc = load_override(h, v);
		else if (strcmp(key, "failure-threshold") == 0)
			rc = load_threshold(h, v);
		else if (strcmp(key, "no-fail") == 0)
			no_fail = v;
		/* anything else: hadolint settings with no berth meaning, accepted */
		if (rc != 0)
			return -1;
	}
	/* no-fail overrides the threshold whatever the key order, as in hadolint */
	return no_fail ? load_no_fail(h, no_fail) : 0;
}

int hadolint_config_load(struct config *c, const char *path, char **err)
{
	struct hl h;
	int rc;
	*err = NULL;
	memset(&h, 0, sizeof(h));
	h.err = err;
	rc = config_yaml_open(&h.y, path, err);
	if (rc == 0)
		rc = load_top(&h);
	if (rc == 0) {
		for (int i = 0; i < ITEM_COUNT; i++) {
			c->ignore[i] |= h.ignore[i];
			if (h.has_sev[i]) {
				c->has_severity[i] = 1;
				c->severity[i] = h.sev[i];
			}
		}
		if (h.has_fail_on)
			c->fail_on = h.fail_on;
	}
	config_yaml_close(&h.y);
	return rc;
}
