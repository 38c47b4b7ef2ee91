/*
 * actions_value - fixes that need a value (issue 17): the prompt says the
 * rule and an example built from the tag written now (never the failing
 * value itself), checks a typed value against the rule (value.h), then lets
 * the fix engine verify it. A value is given under the name the prompt
 * opened with and joins the session's config as `--set` would; a value the
 * rule or the engine rejects is taken back at once, so no later try ever
 * sees it. Values no accepted fix uses are taken back on Esc, x, r and
 * after w or c (tui_act_values_reset).
 */
#include "actions.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "value.h"

static size_t given_find(const struct tui_app *app, const char *name)
{
	for (size_t i = 0; i < app->ngiven; i++)
		if (strcmp(app->given[i].name, name) == 0)
			return i;
	return TUI_NONE;
}

static void config_unset(struct config *c, const char *name)
{
	for (size_t i = 0; i < c->nfix; i++)
		if (strcmp(c->fix[i].name, name) == 0) {
			free(c->fix[i].name);
			free(c->fix[i].value);
			memmove(&c->fix[i], &c->fix[i + 1], (c->nfix - i - 1) * sizeof(*c->fix));
			c->nfix--;
			return;
		}
}

/* Give `name` a value, remembering what the config had before the first time. */
static void value_put(struct tui_app *app, const char *name, const char *value)
{
	if (given_find(app, name) == TUI_NONE) {
		const char *orig = config_get(&app->cfg, name);
		struct tui_given g = { xstrdup(name), orig ? xstrdup(orig) : NULL };
		PUSH(app->given, app->ngiven, app->givencap, g);
	}
	config_set(&app->cfg, name, value);
}

/* Put back what the config had under given[i] before the TUI gave it. */
static void value_restore(struct tui_app *app, size_t i)
{
	struct tui_given *g = &app->given[i];
	if (g->orig)
		config_set(&app->cfg, g->name, g->orig);
	else
		config_unset(&app->cfg, g->name);
	free(g->name);
	free(g->orig);
	memmove(g, g + 1, (app->ngiven - i - 1) * sizeof(*g));
	app->ngiven--;
}

static void plans_changed(struct tui_app *app)
{
	fix_session_forget_plans(tui_act_session(app));     /* plans with values change; audits stay */
	app->preview.valid = 0;
}

void tui_act_values_reset(struct tui_app *app)
{
	int changed = 0;
	if (app->scanning)
		return;         /* the scan thread reads the config */
	for (size_t i = app->ngiven; i-- > 0;)
		if (!tui_model_value_used(&app->m, app->given[i].name)) {
			value_restore(app, i);
			changed = 1;
		}
	if (changed && app->scan)
		plans_changed(app);
}

/* The prompt's context: a pin's current tag is the engine's suggestion (sec.minimal-base's without its -slim). */
static void value_ctx(struct tui_app *app, size_t file, int item, const char *name, const char *def,
		      struct tui_value_ctx *c, char **cur)
{
	const struct file_result *r = &app->scan->files[file].res;
	memset(c, 0, sizeof(*c));
	*cur = NULL;
	c->name = name;
	c->minimal = item == ITEM_SEC_MINIMAL_BASE;
	c->shared = item == ITEM_SEC_PINNED_BASE && r->status[ITEM_SEC_MINIMAL_BASE] == ST_FAIL;
	if (tui_value_is_pin(name) && def) {
		*cur = xstrdup(def);
		if (c->minimal) {
			size_t n = strlen(*cur);
			if (strcmp(*cur, "slim") == 0)
				**cur = '\0';
			else if (n > 5 && strcmp(*cur + n - 5, "-slim") == 0)
				(*cur)[n - 5] = '\0';
		}
		if (!**cur) {
			free(*cur);
			*cur = NULL;
		}
	}
	c->current = *cur;
}

char *tui_act_value_example(struct tui_app *app, size_t file, int item, const struct tui_preview *p)
{
	struct tui_value_ctx c;
	char *cur, *ex, *why = NULL;
	if (!p->value_name)
		return NULL;
	value_ctx(app, file, item, p->value_name, p->value_default, &c, &cur);
	ex = tui_value_example(&c);
	/* not a pin: the engine's suggestion, when it is a valid value (512M, 1) */
	if (!ex && p->value_default && tui_value_check(&c, p->value_default, &why) == 0)
		ex = xstrdup(p->value_default);
	free(why);
	free(cur);
	return ex;
}

/* The item's fix is ready to apply: a fix of it with edits and no value missing. */
static int item_ready(struct tui_app *app, size_t file, int item)
{
	const struct fix_plan *plan = fix_session_plan(tui_act_session(app), file, item);
	for (size_t i = 0; plan && i < plan->nfixes; i++) {
		const struct fix *fx = &plan->fixes[i];
		if (fx->item != item || fx->needs_value)
			continue;
		for (size_t c = 0; c < fx->nchanges; c++)
			if (fx->changes[c].nedits)
				return 1;
	}
	return 0;
}

/* Why the engine withheld the item's fix, in words. */
static const char *why_text(const struct fix_plan *plan)
{
	static const char *const text[FIX_WHY_COUNT] = {
		[FIX_WHY_PARSE] = "the file would no longer parse",
		[FIX_WHY_STILL_FAILS] = "the item would still fail",
		[FIX_WHY_REGRESSION] = "another item would fail",
		[FIX_WHY_NOT_IDEMPOTENT] = "the fix would not settle",
		[FIX_WHY_CONFLICT] = "its edits conflict",
	};
	for (int w = 0; plan && w < FIX_WHY_COUNT; w++)
		if (plan->withheld[w])
			return text[w];
	return "the fix engine made no fix with it";
}

static size_t file_index(const struct tui_app *app, const char *path)
{
	for (size_t f = 0; app->scan && f < app->scan->nfiles; f++)
		if (strcmp(app->scan->files[f].res.path, path) == 0)
			return f;
	return TUI_NONE;
}

void tui_act_value_probe(struct tui_app *app, size_t file, int item, struct tui_preview *p)
{
	struct fix_session *fs = tui_act_session(app);
	if (app->scanning)
		return;
	for (size_t g = app->ngiven; g-- > 0 && !p->title;) {
		const char *name = app->given[g].name, *orig = app->given[g].orig;
		char *now = xstrdup(config_get(&app->cfg, name) ? config_get(&app->cfg, name) : "");
		const struct fix_plan *plan;
		if (orig)
			config_set(&app->cfg, name, orig);
		else
			config_unset(&app->cfg, name);
		fix_session_forget_plans(fs);
		plan = fix_session_plan(fs, file, item);
		for (size_t i = 0; plan && i < plan->nfixes; i++) {
			const struct fix *fx = &plan->fixes[i];
			if (fx->item != item || !fx->value_name || strcmp(fx->value_name, name) != 0)
				continue;
			p->title = xstrdup(fx->title ? fx->title : "");
			p->value_name = xstrdup(name);
			p->value_default = fx->value_default ? xstrdup(fx->value_default) : NULL;
			p->value_missing = 1;
			p->level = fx->level;
			free(p->note);
			p->note = xasprintf("%s=%s, given for another fix, does not fix this one: a asks for a value "
					    "that fixes both.", name, now);
			break;
		}
		config_set(&app->cfg, name, now);
		fix_session_forget_plans(fs);
		free(now);
	}
}

void tui_act_value_ask(struct tui_app *app, size_t file, int item)
{
	struct tui_model *m = &app->m;
	const struct tui_preview *p;
	struct tui_value_ctx c;
	struct buf t = BUF_INIT;
	char *cur, *rule, *ex, *why = NULL;
	const char *now;
	tui_act_preview(app, file, item);
	p = &app->preview;
	if (!p->value_name) {
		tui_app_message(app, "no fix with a value for %s here", item_defs[item].key);
		return;
	}
	value_ctx(app, file, item, p->value_name, p->value_default, &c, &cur);
	rule = tui_value_rule(&c);
	ex = tui_act_value_example(app, file, item, p);
	buf_printf(&t, "%s: %s\n%s", item_defs[item].key, p->title && *p->title ? p->title : item_defs[item].title, rule);
	if (ex)
		buf_printf(&t, "\nSuch as %s.", ex);
	buf_printf(&t, "\nGiven as %s (like berth fix --set %s=...).", p->value_name, p->value_name);
	/* a value already given is offered again only when it passes the rule: never a failing one */
	now = config_get(&app->cfg, p->value_name);
	if (now && tui_value_check(&c, now, &why) < 0)
		now = NULL;
	free(why);
	why = NULL;
	/* the engine's suggestion when it is a value (512M); a pin's is the tag written now, which fails */
	if (!now && !tui_value_is_pin(p->value_name) && p->value_default &&
	    tui_value_check(&c, p->value_default, &why) == 0)
		now = p->value_default;
	tui_dialog_open(m, TUI_DLG_VALUE, buf_str(&t), now);
	m->dlg_file = file;
	m->dlg_item = item;
	free(m->dlg_name);
	m->dlg_name = xstrdup(p->value_name);
	free(m->dlg_current);
	m->dlg_current = cur;
	m->dlg_minimal = c.minimal;
	m->dlg_shared = c.shared;
	buf_free(&t);
	free(rule);
	free(ex);
	free(why);
}

/* Set `name` back to `prev` (NULL: to what it was before the TUI, when no accepted fix uses it). */
static void value_back(struct tui_app *app, const char *name, const char *prev)
{
	size_t g = given_find(app, name);
	if (prev)
		config_set(&app->cfg, name, prev);
	else if (g != TUI_NONE)
		value_restore(app, g);
	plans_changed(app);
}

void tui_act_value_submit(struct tui_app *app, const char *value)
{
	struct tui_model *m = &app->m;
	size_t file = m->dlg_file;
	int item = m->dlg_item;
	struct tui_value_ctx c = { m->dlg_name, m->dlg_current, m->dlg_minimal, m->dlg_shared };
	char *name, *prev, *why = NULL, *also = NULL;
	const struct tui_preview *p;
	if (!m->dlg_name)
		return;
	if (app->scanning) {
		/* the scan thread reads the config: no change under its feet */
		tui_dialog_error(m, "wait for the scan to finish, then Enter again");
		return;
	}
	if (tui_value_check(&c, value, &why) < 0) {
		tui_dialog_error(m, why);       /* nothing was given: the next try starts clean */
		free(why);
		return;
	}
	name = xstrdup(m->dlg_name);
	prev = config_get(&app->cfg, name) ? xstrdup(config_get(&app->cfg, name)) : NULL;
	value_put(app, name, value);
	plans_changed(app);
	tui_act_preview(app, file, item);
	p = &app->preview;
	if (p->value_missing && p->value_name && strcmp(p->value_name, name) != 0) {
		/* the fix needs one more value (limits.cpus, then limits.memory): ask for it */
		tui_act_value_ask(app, file, item);
		tui_app_message(app, "%s=%s kept; the fix needs %s too", name, value, p->value_name);
		goto out;
	}
	if (!item_ready(app, file, item)) {
		char *err = xasprintf("%s=%s: no verified fix, %s with it. Try another value.", name, value,
				      why_text(fix_session_plan(tui_act_session(app), file, item)));
		value_back(app, name, prev);
		tui_dialog_error(m, err);
		free(err);
		goto out;
	}
	/* one value for several fixes (pin.python for sec.pinned-base and sec.minimal-base): all must stay fixed */
	for (size_t i = 0; i < m->nacc; i++) {
		const struct tui_accept *a = &m->acc[i];
		size_t f;
		if (!a->value_name || strcmp(a->value_name, name) != 0 || (a->item == item &&
		    file_index(app, a->path) == file))
			continue;
		f = file_index(app, a->path);
		if (f == TUI_NONE || !item_ready(app, f, a->item)) {
			char *err = xasprintf("%s=%s would undo %s, accepted in %s with %s=%s. A value for both: "
					      "see the rule above.", name, value, item_defs[a->item].key, a->path, name,
					      a->value);
			value_back(app, name, prev);
			tui_dialog_error(m, err);
			free(err);
			goto out;
		}
	}
	for (size_t i = 0; i < m->nacc; i++)
		if (m->acc[i].value_name && strcmp(m->acc[i].value_name, name) == 0) {
			free(m->acc[i].value);
			m->acc[i].value = xstrdup(value);
		}
	tui_model_accept_value(m, file, item, name, value);
	tui_dialog_close(m);
	if (m->mode == TUI_MODE_WALK)
		tui_walk_mark_focus(m);
	/* the other item that takes the same value, fixed by it too */
	for (int i = 0; i < ITEM_COUNT; i++)
		if (i != item && tui_model_fixable(m, file, i) == FIX_VALUE && !tui_model_accepted(m, file, i) &&
		    item_ready(app, file, i)) {
			also = xasprintf("; it fixes %s too (a accepts it)", item_defs[i].key);
			break;
		}
	tui_app_message(app, "accepted: %s with %s=%s%s", item_defs[item].key, name, value, also ? also : "");
	app->preview.valid = 0;
out:
	free(also);
	free(name);
	free(prev);
}

void tui_act_value_cancel(struct tui_app *app)
{
	tui_act_values_reset(app);
}
