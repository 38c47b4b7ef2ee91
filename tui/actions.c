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
	free(p->hint);
	free(p->hint_check);
	p->title = p->value_name = p->value_default = p->note = p->hint = p->hint_check = NULL;
	p->level = FIX_LEVEL_WITHHELD;
	p->hint_partial = 0;
	p->value_missing = 0;
	free(p->full);
	p->full = NULL;
	p->fulllen = 0;
	p->valid = 0;
}

/* The diff of a fix result: the planned file's hunks, other files (a new .dockerignore) in full. */
static void result_diff(struct tui_preview *p, const struct fix_result *res, const char *path)
{
	for (size_t i = 0; i < res->nfiles; i++) {
		const struct fix_output *o = &res->files[i];
		if (strcmp(o->path, path) == 0 && !o->create) {
			diff_hunks(&p->diff, o->path, o->old, o->oldlen, o->data, o->len, NULL);
			free(p->full);
			p->full = xstrndup(o->data, o->len);
			p->fulllen = o->len;
		}
		else
			diff_patch(&p->diff, o->path, o->create ? NULL : o->old, o->create ? 0 : o->oldlen,
				   o->data, o->len, NULL);
	}
}

/* Longest Compose service name a hint is written for (longer: the hint names "<service>"). */
#define TUI_HINT_SERVICE_MAX 128

/* The hint of a fix left to a person (fix_hint), for the first service the item fails for. */
static void preview_hint(struct tui_app *app, size_t file, int item, struct tui_preview *p)
{
	const struct scan_file *sf = &app->scan->files[file];
	const char *svc = NULL, *held = p->note ? strstr(p->note, "withheld for ") : NULL;
	char name[TUI_HINT_SERVICE_MAX];
	/* a fix withheld for some services ("...; withheld for api, web: why"): the hint is for the first of them */
	if (held) {
		size_t n = strcspn(held + strlen("withheld for "), ", :;");
		if (n > 0 && n < sizeof(name)) {
			memcpy(name, held + strlen("withheld for "), n);
			name[n] = '\0';
			svc = name;
		}
	}
	for (size_t i = 0; i < sf->res.nfindings && !svc; i++)
		if (sf->res.findings[i].item == item && sf->res.findings[i].service)
			svc = sf->res.findings[i].service;
	free(p->hint);
	free(p->hint_check);
	if (fix_hint(item, sf->res.kind, sf->data, sf->data ? sf->len : 0, svc, &p->hint, &p->hint_check) < 0)
		p->hint = p->hint_check = NULL;
}

/* Only the item on screen is planned (and its fixes applied alone) for the preview. */
static void preview_fill(struct tui_app *app, size_t file, int item, struct tui_preview *p)
{
	struct fix_session *fs = tui_act_session(app);
	const struct fix_plan *plan = fix_session_plan(fs, file, item);
	struct fix_result res;
	int withheld;

	if (plan) {
		for (size_t i = 0; i < plan->nfixes; i++) {
			const struct fix *fx = &plan->fixes[i];
			if (fx->item != item)
				continue;
			if (!p->title)
				p->title = xstrdup(fx->title ? fx->title : "");
			/* the value still missing is the one to ask for (a second service's, limits.memory after limits.cpus) */
			if (fx->value_name && (!p->value_name || (fx->needs_value && !p->value_missing))) {
				free(p->value_name);
				free(p->value_default);
				p->value_name = xstrdup(fx->value_name);
				p->value_default = fx->value_default ? xstrdup(fx->value_default) : NULL;
				p->value_missing = fx->needs_value;
			}
			if (fx->note && !p->note)
				p->note = xstrdup(fx->note);
			if (fx->level < (enum fix_level)p->level)
				p->level = fx->level;
		}
		/* withheld by a precondition (no user the image facts name, no port to probe): its note says why */
		for (size_t i = 0; !p->title && i < plan->nheld; i++)
			if (plan->held[i].item == item && plan->held[i].note && !p->note)
				p->note = xstrdup(plan->held[i].note);
		if (fix_session_try(fs, file, item, &res) == 0) {
			result_diff(p, &res, app->scan->files[file].res.path);
			fix_result_free(&res);
		}
		/* a value given for another item (pin.python for sec.pinned-base) may be what withholds this one */
		withheld = plan->withheld_item[item] != 0;
		if (!p->title && withheld && app->ngiven)
			tui_act_value_probe(app, file, item, p);        /* plans are made again: `plan` is gone */
		if (!p->title && withheld && !p->note)
			p->note = xstrdup("berth has a fix for this, but it did not pass verification here.");
	}
	if (!p->title && !p->note)
		p->note = xstrdup("The fix engine offers no fix for this file's finding yet.");
	else if (p->value_name && !p->diff.len && !p->note) {
		char *ex = tui_act_value_example(app, file, item, p);
		p->note = xasprintf("Needs a value (%s)%s%s: a asks for it.", p->value_name,
				    ex ? ", such as " : "", ex ? ex : "");
		free(ex);
	}
	if (!p->title)
		p->level = FIX_LEVEL_WITHHELD;
	/* no edits to accept: what a person would write instead */
	if (!p->title || (p->value_name && p->value_missing && !p->diff.len))
		preview_hint(app, file, item, p);
	else if (p->note && strstr(p->note, "withheld for ")) {
		/* offered for some services, withheld for others: what to write for those */
		preview_hint(app, file, item, p);
		p->hint_partial = 1;
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
	case TUI_ACC_NEEDS_VALUE: tui_act_value_ask(app, file, item); break;
	case TUI_ACC_NO_FIX: tui_app_message(app, "%s has no automatic fix here", item_defs[item].key); break;
	case TUI_ACC_NOT_FAILING: tui_app_message(app, "%s does not fail here", item_defs[item].key); break;
	}
	return r;
}

/* The level of an item's fix in this file: the lowest of its offered fixes; WITHHELD when none. */
static enum fix_level item_level(struct tui_app *app, size_t file, int item)
{
	struct fix_session *fs = tui_act_session(app);
	const struct fix_plan *p = fs ? fix_session_plan(fs, file, item) : NULL;
	enum fix_level best = FIX_LEVEL_WITHHELD;
	for (size_t i = 0; p && i < p->nfixes; i++)
		if (!p->fixes[i].needs_value && p->fixes[i].level < best)
			best = p->fixes[i].level;
	return best;
}

/* A: every safe fix of the file (CHECKLIST.md "Fixes"); review fixes wait for `a` and their note. */
void tui_act_accept_all(struct tui_app *app)
{
	size_t file = tui_model_file(&app->m), n = 0, review = 0;
	if (file == TUI_NONE)
		return;
	for (int i = 0; i < ITEM_COUNT; i++) {
		enum fix_level l;
		if (tui_model_fixable(&app->m, file, i) != FIX_AUTO || tui_model_accepted(&app->m, file, i))
			continue;
		l = item_level(app, file, i);
		if (l == FIX_LEVEL_SAFE && tui_model_accept(&app->m, file, i) == TUI_ACC_OK)
			n++;
		else if (l == FIX_LEVEL_REVIEW)
			review++;
	}
	if (review)
		tui_app_message(app, "accepted %zu safe %s of %s; %zu review %s %s (a on each shows its note)",
				n, tui_plural(n, "fix", "fixes"), app->scan->files[file].res.path, review,
				tui_plural(review, "fix", "fixes"), tui_plural(review, "waits", "wait"));
	else
		tui_app_message(app, "accepted %zu safe %s of %s", n, tui_plural(n, "fix", "fixes"),
				app->scan->files[file].res.path);
}

void tui_act_drop(struct tui_app *app)
{
	size_t file;
	int item;
	if (target(app, &file, &item) < 0)
		return;
	if (tui_model_drop(&app->m, file, item) == 0) {
		tui_act_values_reset(app);
		tui_app_message(app, "dropped: %s", item_defs[item].key);
	}
	else
		tui_app_message(app, "%s was not accepted", item_defs[item].key);
}

void tui_act_free(struct tui_app *app)
{
	fix_session_free(app->fixes);
	app->fixes = NULL;
	preview_reset(&app->preview);
	buf_free(&app->preview.diff);
	for (size_t i = 0; i < app->ngiven; i++) {
		free(app->given[i].name);
		free(app->given[i].orig);
	}
	free(app->given);
	app->given = NULL;
	app->ngiven = 0;
	tui_act_wrote_clear(app);
	free(app->search_pending);
	app->search_pending = NULL;
	for (size_t i = 0; i < app->nlog; i++)
		free(app->log[i]);
	free(app->log);
	app->log = NULL;
	app->nlog = 0;
}
