/*
 * actions - the TUI's fix actions wired to the fix pipeline (fix_session.h):
 * previews, accept / accept all / drop, and values for fixes that need one.
 * Writing, committing and the editor are in actions_write.c.
 */
#include "actions.h"

#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "fix.h"
#include "util.h"

struct fix_session *tui_act_session(struct tui_app *app)
{
	if (!app->scan)
		return NULL;
	if (!app->fixes || app->fixes_gen != app->scan_gen) {
		/* a new scan: its audits and plans start afresh (the old scan is gone already) */
		fix_session_free(app->fixes);
		app->fixes = fix_session_new(app->scan);
		/* a fix is accepted one by one after its preview (and note) was shown: review level */
		fix_session_set_level(app->fixes, FIX_LEVEL_REVIEW);
		app->fixes_gen = app->scan_gen;
	}
	return app->fixes;
}

static void preview_reset(struct tui_preview *p)
{
	buf_clear(&p->diff);
	free(p->title);
	free(p->value_name);
	free(p->value_default);
	free(p->note);
	p->title = p->value_name = p->value_default = p->note = NULL;
	p->valid = 0;
}

/* The diff of a fix result: the planned file's hunks, other files (a new .dockerignore) in full. */
static void result_diff(struct tui_preview *p, const struct fix_result *res, const char *path)
{
	for (size_t i = 0; i < res->nfiles; i++) {
		const struct fix_output *o = &res->files[i];
		if (strcmp(o->path, path) == 0 && !o->create)
			diff_hunks(&p->diff, o->path, o->old, o->oldlen, o->data, o->len, NULL);
		else
			diff_patch(&p->diff, o->path, o->create ? NULL : o->old, o->create ? 0 : o->oldlen,
				   o->data, o->len, NULL);
	}
}

/* Only the item on screen is planned (and its fixes applied alone) for the preview. */
static void preview_fill(struct tui_app *app, size_t file, int item, struct tui_preview *p)
{
	struct fix_session *fs = tui_act_session(app);
	const struct fix_plan *plan = fix_session_plan(fs, file, item);
	struct fix_result res;

	if (plan) {
		for (size_t i = 0; i < plan->nfixes; i++) {
			const struct fix *fx = &plan->fixes[i];
			if (fx->item != item)
				continue;
			if (!p->title)
				p->title = xstrdup(fx->title ? fx->title : "");
			if (fx->value_name && !p->value_name) {
				p->value_name = xstrdup(fx->value_name);
				p->value_default = fx->value_default ? xstrdup(fx->value_default) : NULL;
			}
			if (fx->note && !p->note)
				p->note = xstrdup(fx->note);
		}
		if (fix_session_try(fs, file, item, &res) == 0) {
			result_diff(p, &res, app->scan->files[file].res.path);
			fix_result_free(&res);
		}
		if (!p->title && plan->withheld_item[item])
			p->note = xstrdup("berth has a fix for this, but it did not pass verification here.");
	}
	if (!p->title && !p->note)
		p->note = xstrdup("The fix engine offers no fix for this file's finding yet.");
	else if (p->value_name && !p->diff.len) {
		free(p->note);
		p->note = xasprintf("Needs a value for %s%s%s: a asks for it.", p->value_name,
				    p->value_default ? ", e.g. " : "", p->value_default ? p->value_default : "");
	}
}

void tui_act_preview(struct tui_app *app, size_t file, int item)
{
	struct tui_preview *p = &app->preview;
	if (p->valid && p->file == file && p->item == item && p->gen == app->scan_gen)
		return;
	preview_reset(p);
	p->file = file;
	p->item = item;
	p->gen = app->scan_gen;
	p->valid = 1;
	if (app->scanning) {
		p->valid = 0;   /* the repository is busy with the scan: no preview now */
		p->note = xstrdup("(preview when the scan is done)");
		return;
	}
	if (tui_model_fixable(&app->m, file, item) != FIX_NONE)
		preview_fill(app, file, item, p);
}

/* The (file, item) an action is about: the walkthrough's step, else the selection. */
static int target(struct tui_app *app, size_t *file, int *item)
{
	if (app->m.mode == TUI_MODE_WALK) {
		const struct tui_step *s = tui_walk_current(&app->m);
		if (!s)
			return -1;
		*file = s->file;
		*item = s->item;
		return 0;
	}
	*file = tui_model_file(&app->m);
	*item = tui_model_item(&app->m);
	return *file == TUI_NONE || *item < 0 ? -1 : 0;
}

static void ask_value(struct tui_app *app, size_t file, int item)
{
	const struct tui_preview *p;
	const char *name, *def;
	char *title;
	tui_act_preview(app, file, item);
	p = &app->preview;
	name = p->value_name ? p->value_name : item_defs[item].key;
	def = config_get(&app->cfg, name);
	if (!def)
		def = p->value_default;
	title = xasprintf("%s needs a value for %s:", item_defs[item].key, name);
	tui_dialog_open(&app->m, TUI_DLG_VALUE, title, def);
	free(title);
	app->m.dlg_file = file;
	app->m.dlg_item = item;
}

enum tui_acc_result tui_act_accept(struct tui_app *app)
{
	size_t file;
	int item;
	enum tui_acc_result r;
	if (target(app, &file, &item) < 0)
		return TUI_ACC_NOT_FAILING;
	if (app->scanning) {
		tui_app_message(app, "wait for the scan to finish");
		return TUI_ACC_NO_FIX;
	}
	/* accept only what the fix engine can really do here */
	tui_act_preview(app, file, item);
	if (tui_model_fixable(&app->m, file, item) != FIX_NONE && !app->preview.title
	    && !tui_model_accepted(&app->m, file, item)) {
		tui_app_message(app, "no verified fix for %s in this file", item_defs[item].key);
		return TUI_ACC_NO_FIX;
	}
	r = tui_model_accept(&app->m, file, item);
	switch (r) {
	case TUI_ACC_OK: tui_app_message(app, "accepted: %s", item_defs[item].key); break;
	case TUI_ACC_ALREADY: tui_app_message(app, "already accepted (x drops it)"); break;
	case TUI_ACC_NEEDS_VALUE: ask_value(app, file, item); break;
	case TUI_ACC_NO_FIX: tui_app_message(app, "%s has no automatic fix here", item_defs[item].key); break;
	case TUI_ACC_NOT_FAILING: tui_app_message(app, "%s does not fail here", item_defs[item].key); break;
	}
	return r;
}

void tui_act_accept_all(struct tui_app *app)
{
	size_t file = tui_model_file(&app->m);
	if (file == TUI_NONE)
		return;
	tui_app_message(app, "accepted %zu automatic fix(es) of %s", tui_model_accept_all(&app->m, file),
			app->scan->files[file].res.path);
}

void tui_act_drop(struct tui_app *app)
{
	size_t file;
	int item;
	if (target(app, &file, &item) < 0)
		return;
	if (tui_model_drop(&app->m, file, item) == 0)
		tui_app_message(app, "dropped: %s", item_defs[item].key);
	else
		tui_app_message(app, "%s was not accepted", item_defs[item].key);
}

void tui_act_value_submit(struct tui_app *app, const char *value)
{
	struct tui_model *m = &app->m;
	size_t file = m->dlg_file;
	int item = m->dlg_item;
	char *name;
	if (!*value) {
		tui_dialog_error(m, "a value is needed (Esc cancels)");
		return;
	}
	if (app->scanning) {
		/* the scan thread reads the config: no change under its feet */
		tui_dialog_error(m, "wait for the scan to finish, then Enter again");
		return;
	}
	/* copied: the preview that named it is replaced below */
	name = xstrdup(app->preview.valid && app->preview.value_name ? app->preview.value_name : item_defs[item].key);
	/* the value joins the session's config, as --set would: the fix engine reads it there */
	config_set(&app->cfg, name, value);
	fix_session_forget_plans(tui_act_session(app));        /* plans with values change; audits stay */
	app->preview.valid = 0;
	tui_act_preview(app, file, item);
	if (!app->preview.diff.len && app->preview.value_name && strcmp(app->preview.value_name, name) != 0) {
		/* the fix needs one more value (limits.cpus, then limits.memory): ask for it */
		ask_value(app, file, item);
	} else if (!app->preview.diff.len) {
		tui_dialog_error(m, "no verified fix with this value; try another");
	} else {
		tui_model_accept_value(m, file, item, value);
		tui_dialog_close(m);
		if (m->mode == TUI_MODE_WALK)
			tui_walk_apply(m);
		tui_app_message(app, "accepted: %s with %s=%s", item_defs[item].key, name, value);
	}
	free(name);
}

void tui_act_free(struct tui_app *app)
{
	fix_session_free(app->fixes);
	app->fixes = NULL;
	preview_reset(&app->preview);
	buf_free(&app->preview.diff);
}
