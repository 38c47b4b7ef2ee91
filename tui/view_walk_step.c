/*
 * The tour's step and summary screens (W): a step is an item across every
 * file failing it - why it matters, each file's findings and fix (level,
 * title, note; the file in focus with its preview), how berth judges it, a
 * failing and a passing example; the summary says per item what is left
 * and why. Levels and notes come from the fix pipeline (fix_session.h).
 */
#include "view_walk_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "explain.h"
#include "util.h"

/* Files of a step shown in full (findings, fix, note); `a` still accepts the safe fixes of the others. */
#define WALK_STEP_FILES_MAX 30
/* Findings shown per file of a step. */
#define WALK_FILE_FINDINGS_MAX 4
/* Files the summary names per item, then "... and N more". */
#define WALK_SUMMARY_FILES_MAX 8

void walk_fix_info(struct tui_app *app, size_t file, int item, struct fixinfo *fi)
{
	struct fix_session *fs;
	const struct fix_plan *p;
	int kind = tui_model_fixable(&app->m, file, item);
	enum fix_level best = FIX_LEVEL_WITHHELD;
	memset(fi, 0, sizeof(*fi));
	fi->st = FS_NONE;
	if (kind == FIX_NONE)
		return;
	if (app->scanning || !(fs = tui_act_session(app))) {
		fi->st = FS_UNKNOWN;
		return;
	}
	p = fix_session_plan(fs, file, item);
	fi->st = FS_WITHHELD;
	for (size_t i = 0; p && i < p->nfixes; i++) {
		const struct fix *fx = &p->fixes[i];
		if (fx->item != item)
			continue;
		if (fx->needs_value) {
			if (best == FIX_LEVEL_WITHHELD) {
				fi->st = FS_VALUE;
				fi->value_name = fx->value_name;
				fi->title = fx->title;
				fi->note = fx->note;
			}
			continue;
		}
		if (fx->level < best) {
			best = fx->level;
			fi->st = best == FIX_LEVEL_SAFE ? FS_SAFE : best == FIX_LEVEL_REVIEW ? FS_REVIEW : FS_WITHHELD;
			fi->title = fx->title;
			fi->note = fx->note;
		}
	}
	for (size_t i = 0; p && fi->st == FS_WITHHELD && !fi->note && i < p->nheld; i++)
		if (p->held[i].item == item)
			fi->note = p->held[i].note;
	if (fi->st == FS_WITHHELD && !fi->note)
		fi->note = "berth has a fix for this, but it did not pass verification here";
	/* the level is said once, by the view: a note's own "review: " goes */
	for (int l = FIX_LEVEL_SAFE; fi->note && l <= FIX_LEVEL_WITHHELD; l++) {
		size_t n = strlen(fix_level_name((enum fix_level)l));
		if (strncmp(fi->note, fix_level_name((enum fix_level)l), n) == 0 && fi->note[n] == ':' &&
		    fi->note[n + 1] == ' ')
			fi->note += n + 2;
	}
}

int walk_safe_ok(void *ctx, size_t file)
{
	struct tui_app *app = ctx;
	struct fixinfo fi;
	const struct tui_step *s = tui_walk_current(&app->m);
	walk_fix_info(app, file, s->item, &fi);
	return fi.st == FS_SAFE;
}

/* ---- a step ---- */

static const char *fix_word(enum fixstate st)
{
	switch (st) {
	case FS_SAFE: return "safe fix";
	case FS_REVIEW: return "review fix";
	case FS_VALUE: return "needs a value";
	case FS_WITHHELD: return "fix withheld";
	case FS_UNKNOWN: return "fix (level when the scan is done)";
	default: return "no automatic fix";
	}
}

/* The diff of the preview, one line each, coloured (the focused file only). */
static void preview_lines(struct tui_app *app, struct tui_dlines *d, size_t file, int item)
{
	const char *s;
	tui_act_preview(app, file, item);
	if (!app->preview.valid || !app->preview.diff.len)
		return;
	s = buf_str(&app->preview.diff);
	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t n = eol ? (size_t)(eol - s) : strlen(s);
		char *l = xasprintf("      %.*s", (int)n, s);
		enum tui_role r = *s == '+' ? TUI_ROLE_DIFF_ADD : *s == '-' ? TUI_ROLE_DIFF_DEL
				  : *s == '@' ? TUI_ROLE_DIFF_HUNK : TUI_ROLE_NORMAL;
		tui_dlines_add(d, l, r);
		free(l);
		s += n + (eol ? 1 : 0);
	}
}

static void step_file(struct tui_app *app, const struct tui_step *s, size_t k, struct tui_dlines *d, int width,
		      size_t *focus_line)
{
	const struct scan_file *sf = &app->scan->files[s->files[k]];
	const struct tui_accept *acc = tui_model_accepted(&app->m, s->files[k], s->item);
	int focus = k == s->fsel, nf = 0;
	struct fixinfo fi;
	char *t;
	walk_fix_info(app, s->files[k], s->item, &fi);
	if (focus)
		*focus_line = d->n;
	t = xasprintf("%s %s  (%s) · %s%s", focus ? draw_glyph("▶", ">") : " ", sf->res.path, role_name(sf->res.role),
		      acc ? "accepted" : fix_word(fi.st),
		      !acc && s->fstate[k] == TUI_STEP_SKIPPED ? " · skipped" : "");
	walk_hang(d, 1, 5, t, width, acc ? TUI_ROLE_ACCEPTED : focus ? TUI_ROLE_SELECTED : TUI_ROLE_TITLE);
	free(t);
	for (size_t i = 0; i < sf->res.nfindings; i++) {
		const struct finding *f = &sf->res.findings[i];
		if (f->item != s->item || f->suppressed || f->sev < SEV_WARNING || f->sev == SEV_NEVER)
			continue;
		if (nf++ >= WALK_FILE_FINDINGS_MAX)
			continue;
		t = xasprintf("%d: %s%s%s", f->line, f->message, f->service ? " (service " : "",
			      f->service ? f->service : "");
		if (f->service) {
			char *u = xasprintf("%s)", t);
			free(t);
			t = u;
		}
		walk_wrap(d, 5, t, width, TUI_ROLE_NORMAL);
		free(t);
	}
	if (nf > WALK_FILE_FINDINGS_MAX) {
		t = xasprintf("... and %d more %s (Esc, then this file's checklist)", nf - WALK_FILE_FINDINGS_MAX,
			      tui_plural((size_t)(nf - WALK_FILE_FINDINGS_MAX), "finding", "findings"));
		walk_wrap(d, 5, t, width, TUI_ROLE_NA);
		free(t);
	}
	if (fi.title && *fi.title) {
		t = xasprintf("Fix (%s): %s", fi.st == FS_SAFE ? "safe" : fi.st == FS_REVIEW ? "review"
			      : fi.st == FS_VALUE ? "needs a value" : "withheld", fi.title);
		walk_wrap(d, 5, t, width, TUI_ROLE_TITLE);
		free(t);
	}
	if (fi.note && *fi.note)
		walk_wrap(d, 5, fi.note, width, TUI_ROLE_NA);
	if (fi.st == FS_NONE)
		walk_wrap(d, 5, "A person writes this one: e opens the file at the finding.", width, TUI_ROLE_NA);
	if (!focus)
		return;
	preview_lines(app, d, s->files[k], s->item);
	if (acc)
		walk_wrap(d, 5, "x drops this fix", width, TUI_ROLE_NA);
	else if (fi.st == FS_SAFE || fi.st == FS_REVIEW)
		walk_wrap(d, 5, "Enter accepts this file's fix", width, TUI_ROLE_TITLE);
	else if (fi.st == FS_VALUE)
		walk_wrap(d, 5, "Enter asks for the value", width, TUI_ROLE_TITLE);
}

/* The step's counts by what its files' fixes are. */
void walk_step_counts(struct tui_app *app, const struct tui_step *s, size_t c[FS_UNKNOWN + 1], size_t *accepted)
{
	memset(c, 0, sizeof(*c) * (FS_UNKNOWN + 1));
	*accepted = 0;
	for (size_t k = 0; k < s->nfiles; k++) {
		struct fixinfo fi;
		if (tui_model_accepted(&app->m, s->files[k], s->item)) {
			(*accepted)++;
			continue;
		}
		if (k >= WALK_STEP_FILES_MAX && tui_model_fixable(&app->m, s->files[k], s->item) == FIX_NONE) {
			c[FS_NONE]++;
			continue;
		}
		walk_fix_info(app, s->files[k], s->item, &fi);
		c[fi.st]++;
	}
}

void walk_build_step(struct tui_app *app, const struct tui_step *s, struct tui_dlines *d, int width,
		       size_t *focus_line)
{
	const struct explain *ex = explain_get(s->item);
	size_t c[FS_UNKNOWN + 1], accepted;
	struct buf b = BUF_INIT;
	walk_step_counts(app, s, c, &accepted);
	/* what there is to do, first: the keys act on what is below */
	buf_printf(&b, "%zu %s", s->nfiles, tui_plural(s->nfiles, "file", "files"));
	if (accepted)
		buf_printf(&b, " · %zu accepted", accepted);
	if (c[FS_SAFE])
		buf_printf(&b, " · a accepts %zu safe %s", c[FS_SAFE], tui_plural(c[FS_SAFE], "fix", "fixes"));
	if (c[FS_REVIEW])
		buf_printf(&b, " · %zu review %s %s: Tab to each shows its preview and note, Enter accepts it",
			   c[FS_REVIEW], tui_plural(c[FS_REVIEW], "fix", "fixes"), tui_plural(c[FS_REVIEW], "waits", "wait"));
	if (c[FS_VALUE])
		buf_printf(&b, " · %zu %s a value (Enter on the file)", c[FS_VALUE], tui_plural(c[FS_VALUE], "needs", "need"));
	if (c[FS_WITHHELD])
		buf_printf(&b, " · %zu withheld (why below)", c[FS_WITHHELD]);
	if (c[FS_NONE])
		buf_printf(&b, " · %zu for a person", c[FS_NONE]);
	buf_puts(&b, " · s next step");
	walk_wrap(d, 0, buf_str(&b), width, TUI_ROLE_TITLE);
	buf_free(&b);
	if (ex && ex->why && *ex->why) {
		walk_blank(d);
		tui_dlines_add(d, "Why it matters", TUI_ROLE_CATEGORY);
		walk_wrap(d, 2, ex->why, width, TUI_ROLE_NORMAL);
	}
	walk_blank(d);
	tui_dlines_add(d, "In your repository (Tab / Shift-Tab: the next / previous file)", TUI_ROLE_CATEGORY);
	for (size_t k = 0; k < s->nfiles && k < WALK_STEP_FILES_MAX; k++)
		step_file(app, s, k, d, width, focus_line);
	if (s->nfiles > WALK_STEP_FILES_MAX) {
		char *t = xasprintf("... and %zu more files (a accepts their safe fixes too; the summary lists what "
				    "is left)", s->nfiles - WALK_STEP_FILES_MAX);
		walk_wrap(d, 2, t, width, TUI_ROLE_NA);
		free(t);
	}
	if (ex && ex->judged && *ex->judged) {
		walk_blank(d);
		tui_dlines_add(d, "How berth judges it", TUI_ROLE_CATEGORY);
		walk_wrap(d, 2, ex->judged, width, TUI_ROLE_NORMAL);
	}
	if (ex && ex->bad && *ex->bad) {
		walk_blank(d);
		walk_example(d, "Fails:", ex->bad, TUI_ROLE_DIFF_DEL);
	}
	if (ex && ex->good && *ex->good)
		walk_example(d, "Passes:", ex->good, TUI_ROLE_DIFF_ADD);
}

/* ---- the summary ---- */

static void left_line(struct tui_app *app, const struct tui_step *s, size_t k, struct tui_dlines *d, int width)
{
	struct fixinfo fi;
	const char *path = app->scan->files[s->files[k]].res.path;
	char *t, *why;
	int skipped = s->fstate[k] == TUI_STEP_SKIPPED;
	walk_fix_info(app, s->files[k], s->item, &fi);
	switch (fi.st) {
	case FS_SAFE:
		why = xstrdup(skipped ? "skipped by you (a safe fix is ready)" : "not seen yet (a safe fix is ready)");
		break;
	case FS_REVIEW:
		why = xasprintf("%swaiting for review: %s", skipped ? "skipped by you, " : "",
				fi.note ? fi.note : "its preview shows what changes");
		break;
	case FS_VALUE:
		why = xasprintf("needs a value (%s)", fi.value_name ? fi.value_name : "?");
		break;
	case FS_WITHHELD:
		why = xasprintf("withheld: %s", fi.note);
		break;
	case FS_UNKNOWN:
		why = xstrdup("(known when the scan is done)");
		break;
	default:
		why = xstrdup("no automatic fix: a person edits it (e in its checklist)");
	}
	t = xasprintf("%s: %s", path, why);
	walk_wrap(d, 4, t, width, fi.st == FS_SAFE ? TUI_ROLE_NORMAL : TUI_ROLE_NA);
	free(t);
	free(why);
}

void walk_build_summary(struct tui_app *app, struct tui_dlines *d, int width)
{
	struct tui_model *m = &app->m;
	size_t applied, skipped, pending, done = 0;
	char *t;
	tui_walk_counts(m, &applied, &skipped, &pending);
	t = xasprintf("%zu %s, %zu %s to fix (an item failing in a file): %zu %s accepted, %zu left.", m->nwalk,
		      tui_plural(m->nwalk, "step", "steps"), applied + skipped + pending,
		      tui_plural(applied + skipped + pending, "place", "places"), applied, tui_plural(applied, "fix", "fixes"),
		      skipped + pending);
	walk_wrap(d, 0, t, width, TUI_ROLE_TITLE);
	free(t);
	walk_wrap(d, 0, m->nacc ? "Accepted fixes are not written yet: w writes them to the work tree, c commits them "
		 "(it shows the message first). Nothing happens until you press one."
		 : "Nothing is accepted: the work tree is as it was.", width, TUI_ROLE_NORMAL);
	walk_blank(d);
	tui_dlines_add(d, "What is left, and why", TUI_ROLE_CATEGORY);
	for (size_t i = 0; i < m->nwalk; i++) {
		const struct tui_step *s = &m->walk[i];
		size_t acc = tui_walk_step_accepted(m, s), listed = 0;
		if (acc == s->nfiles) {
			done++;
			continue;
		}
		t = xasprintf("%s (%s): %zu of %zu %s left%s", item_defs[s->item].title, item_defs[s->item].key,
			      s->nfiles - acc, s->nfiles, tui_plural(s->nfiles, "file", "files"),
			      acc ? " (partly fixed)" : "");
		walk_wrap(d, 2, t, width, TUI_ROLE_FAIL);
		free(t);
		for (size_t k = 0; k < s->nfiles; k++) {
			if (tui_model_accepted(m, s->files[k], s->item))
				continue;
			if (listed++ < WALK_SUMMARY_FILES_MAX)
				left_line(app, s, k, d, width);
		}
		if (listed > WALK_SUMMARY_FILES_MAX) {
			t = xasprintf("... and %zu more (o, then Enter on the item, lists them)", listed - WALK_SUMMARY_FILES_MAX);
			walk_wrap(d, 4, t, width, TUI_ROLE_NA);
			free(t);
		}
	}
	if (done) {
		walk_blank(d);
		tui_dlines_add(d, "Fixed in every file (once written)", TUI_ROLE_CATEGORY);
		for (size_t i = 0; i < m->nwalk; i++)
			if (tui_walk_step_accepted(m, &m->walk[i]) == m->walk[i].nfiles) {
				t = xasprintf("%s %s (%s)", draw_mark(ST_PASS), item_defs[m->walk[i].item].title,
					      item_defs[m->walk[i].item].key);
				walk_wrap(d, 2, t, width, TUI_ROLE_ACCEPTED);
				free(t);
			}
	}
	if (done == m->nwalk)
		walk_wrap(d, 2, "nothing", width, TUI_ROLE_PASS);
	walk_blank(d);
	walk_wrap(d, 0, "b back to the last step · W later resumes here · q leaves the tour", width, TUI_ROLE_TITLE);
}

/* ---- the resume offer ---- */

void walk_build_resume(struct tui_app *app, struct tui_dlines *d, int width)
{
	struct tui_model *m = &app->m;
	char *t;
	if (m->walk_pos < m->nwalk)
		t = xasprintf("You left the tour at step %zu of %zu: %s (%s).", m->walk_pos + 1, m->nwalk,
			      item_defs[m->walk[m->walk_pos].item].title, item_defs[m->walk[m->walk_pos].item].key);
	else
		t = xasprintf("You left the tour at its summary (%zu %s).", m->nwalk, tui_plural(m->nwalk, "step", "steps"));
	walk_wrap(d, 0, t, width, TUI_ROLE_TITLE);
	free(t);
	{
		size_t applied, skipped, pending;
		tui_walk_counts(m, &applied, &skipped, &pending);
		t = xasprintf("So far: %zu %s accepted in this session, %zu skipped, %zu not seen yet.", applied,
			      tui_plural(applied, "fix", "fixes"), skipped, pending);
		walk_wrap(d, 0, t, width, TUI_ROLE_NORMAL);
		free(t);
	}
	walk_blank(d);
	walk_wrap(d, 0, "Enter resumes there · n starts over from the map (what you skipped is forgotten) · "
		 "q leaves", width, TUI_ROLE_NORMAL);
}

