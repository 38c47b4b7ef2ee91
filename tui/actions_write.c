/*
 * actions_write - writing accepted fixes (w), committing them (c) and the
 * editor (e). Files are planned in path order over an overlay, so a later
 * Dockerfile sees the .dockerignore an earlier fix created, as `berth fix`
 * does; every write is repo_write's atomic, stamp-checked one.
 */
#include "actions.h"

#include <curses.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commit.h"
#include "util.h"

struct out_file {
	char *path;
	int create;
	char *data;
	size_t len;
	const struct repo_stamp *stamp;         /* the scanned file's, else NULL */
	const char *keys[ITEM_COUNT];           /* the fixes that changed it (static strings) */
	size_t nkeys;
};

struct outs {
	struct out_file *v;
	size_t n, cap;
	size_t fixes;
};

static void outs_free(struct outs *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].path);
		free(o->v[i].data);
	}
	free(o->v);
	memset(o, 0, sizeof(*o));
}

/* Does a fix edit `path`? (A .dockerignore fix edits that file, not the Dockerfile.) */
static int fix_touches(const struct fix *fx, const char *path)
{
	for (size_t c = 0; c < fx->nchanges; c++)
		if (fx->changes[c].path && strcmp(fx->changes[c].path, path) == 0)
			return 1;
	return 0;
}

/* Keep a file's new content, with the keys of the chosen fixes that edit it. */
static void outs_keep(struct outs *o, struct fix_output *fo, const struct repo_stamp *stamp,
		      const struct fix_plan *plan, const size_t *chosen, size_t nchosen)
{
	struct out_file *f = NULL;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->v[i].path, fo->path) == 0)
			f = &o->v[i];
	if (!f) {
		struct out_file nf;
		memset(&nf, 0, sizeof(nf));
		nf.path = xstrdup(fo->path);
		nf.create = fo->create;
		nf.stamp = stamp;
		PUSH(o->v, o->n, o->cap, nf);
		f = &o->v[o->n - 1];
	}
	for (size_t k = 0; k < nchosen; k++) {
		const struct fix *fx = &plan->fixes[chosen[k]];
		const char *key = item_defs[fx->item].key;
		size_t j;
		if (!fix_touches(fx, fo->path))
			continue;
		for (j = 0; j < f->nkeys && strcmp(f->keys[j], key) != 0; j++)
			;
		if (j == f->nkeys && f->nkeys < ITEM_COUNT)
			f->keys[f->nkeys++] = key;
	}
	free(f->data);
	f->data = fo->data;
	f->len = fo->len;
	fo->data = NULL;
}

/* Plan and apply one file's accepted fixes over the overlay. */
static void apply_file(struct tui_app *app, size_t file, struct fix_overlay *ov, struct outs *o)
{
	struct fsview view;
	struct fix_input in;
	struct fix_plan plan;
	struct fix_result res;
	size_t *chosen, n = 0;

	fix_overlay_view(ov, &view);
	tui_act_input(app, file, &view, &in);
	if (fix_plan(&plan, &in) == 0 && plan.nfixes) {
		chosen = xcalloc(plan.nfixes, sizeof(*chosen));
		for (size_t i = 0; i < plan.nfixes; i++)
			if (!plan.fixes[i].needs_value && tui_model_accepted(&app->m, file, plan.fixes[i].item))
				chosen[n++] = i;
		if (n && fix_apply(&res, &in, &plan, chosen, n) == 0) {
			o->fixes += res.applied;
			for (size_t i = 0; i < res.nfiles; i++) {
				fix_overlay_put(ov, res.files[i].path, res.files[i].data, res.files[i].len);
				outs_keep(o, &res.files[i], strcmp(res.files[i].path, in.path) == 0
					  ? &app->scan->files[file].stamp : NULL, &plan, chosen, n);
			}
			fix_result_free(&res);
		}
		free(chosen);
	}
	fix_plan_free(&plan);
}

/* Every accepted fix applied in memory, file by file in path order. */
static void apply_accepted(struct tui_app *app, struct outs *o)
{
	struct fsview base;
	struct fix_overlay *ov;
	repo_fsview(app->repo, &base);
	ov = fix_overlay_new(&base);
	memset(o, 0, sizeof(*o));
	for (size_t f = 0; app->scan && f < app->scan->nfiles; f++) {
		int any = 0;
		for (int i = 0; i < ITEM_COUNT && !any; i++)
			any = tui_model_accepted(&app->m, f, i) != NULL;
		if (any)
			apply_file(app, f, ov, o);
	}
	fix_overlay_free(ov);
}

/* Write the files; the first refusal's message in *err. Returns files written. */
static size_t write_outs(struct tui_app *app, struct outs *o, size_t *refused, char **err)
{
	size_t written = 0;
	*refused = 0;
	for (size_t i = 0; i < o->n; i++) {
		struct out_file *f = &o->v[i];
		struct repo_stamp st;
		const struct repo_stamp *use = f->stamp;
		char *e = NULL;
		if (!use && !f->create) {
			/* an existing file berth did not scan (a .dockerignore): its stamp now */
			char *data = NULL;
			size_t len;
			if (repo_read(app->repo, f->path, &data, &len, &st, &e) == 0)
				use = &st;
			free(data);
		}
		if ((use || f->create) && repo_write(app->repo, f->path, f->data, f->len, use, &e) == 0) {
			written++;
		} else {
			(*refused)++;
			if (!*err)
				*err = xasprintf("%s: %s", f->path, e ? e : "refused");
		}
		free(e);
	}
	return written;
}

static int busy(struct tui_app *app)
{
	if (app->scanning) {
		tui_app_message(app, "wait for the scan to finish");
		return 1;
	}
	if (app->m.nacc == 0) {
		tui_app_message(app, "no accepted fixes (a accepts the one shown)");
		return 1;
	}
	return 0;
}

void tui_act_write(struct tui_app *app)
{
	struct outs o;
	size_t refused, written;
	char *err = NULL;
	if (busy(app))
		return;
	apply_accepted(app, &o);
	written = write_outs(app, &o, &refused, &err);
	if (refused)
		tui_app_message(app, "wrote %zu file(s), refused %zu: %s", written, refused, err);
	else
		tui_app_message(app, "wrote %zu fix(es) to %zu file(s)", o.fixes, written);
	free(err);
	outs_free(&o);
	if (written) {
		tui_model_clear_accepted(&app->m);
		if (app->m.mode == TUI_MODE_WALK)
			app->m.mode = TUI_MODE_MAIN;
		tui_app_rescan(app);
	}
}

/* The commit API's view of the files. */
static struct commit_file *commit_files_of(struct outs *o)
{
	struct commit_file *cf = xcalloc(o->n ? o->n : 1, sizeof(*cf));
	for (size_t i = 0; i < o->n; i++) {
		cf[i].path = o->v[i].path;
		cf[i].data = o->v[i].data;
		cf[i].len = o->v[i].len;
		cf[i].stamp = o->v[i].create ? NULL : o->v[i].stamp;
		cf[i].keys = o->v[i].keys;
		cf[i].nkeys = o->v[i].nkeys;
	}
	return cf;
}

void tui_act_commit_open(struct tui_app *app)
{
	struct outs o;
	struct commit_file *cf;
	char *msg, *nl;
	if (busy(app))
		return;
	apply_accepted(app, &o);
	if (o.n == 0) {
		outs_free(&o);
		tui_app_message(app, "the accepted fixes change nothing any more (r rescans)");
		return;
	}
	cf = commit_files_of(&o);
	msg = commit_default_message(cf, o.n);
	/* the subject is edited in place; the body (one line per fix) goes with it */
	nl = strchr(msg, '\n');
	if (nl)
		*nl = '\0';
	tui_dialog_open(&app->m, TUI_DLG_COMMIT, nl ? nl + 1 + (nl[1] == '\n') : "", msg);
	free(msg);
	free(cf);
	outs_free(&o);
}

static int commit_outs(struct tui_app *app, struct outs *o, const char *subject, char **err)
{
	struct commit_file *cf = commit_files_of(o);
	struct commit_opts opts;
	struct commit_result res;
	int rc;
	memset(&opts, 0, sizeof(opts));
	opts.message = subject;
	memset(&res, 0, sizeof(res));
	rc = commit_fixes(app->repo, cf, o->n, &opts, &res, err);
	if (rc == 0 && res.committed)
		tui_app_message(app, "committed %.7s on %s: %zu file(s)", res.id,
				res.branch ? res.branch : "HEAD", res.nfiles);
	else if (rc == 0)
		tui_app_message(app, "nothing differed from HEAD: no commit made");
	commit_result_free(&res);
	free(cf);
	return rc;
}

void tui_act_commit_submit(struct tui_app *app, const char *subject)
{
	struct outs o;
	char *err = NULL;
	if (!*subject) {
		tui_dialog_error(&app->m, "the message is empty");
		return;
	}
	apply_accepted(app, &o);
	if (commit_outs(app, &o, subject, &err) < 0) {
		/* refused: the dialog stays, with the message as edited */
		tui_dialog_error(&app->m, err ? err : "the commit failed");
	} else {
		tui_dialog_close(&app->m);
		tui_model_clear_accepted(&app->m);
		if (app->m.mode == TUI_MODE_WALK)
			app->m.mode = TUI_MODE_MAIN;     /* the walk is done with: back to the files */
		tui_app_rescan(app);
	}
	free(err);
	outs_free(&o);
}

/* $VISUAL, then $EDITOR, then vi, at +LINE FILE; the screen is restored after. */
void tui_act_edit(struct tui_app *app)
{
	size_t file = tui_model_file(&app->m);
	int item = tui_model_item(&app->m), line = 1, status;
	const char *ed = getenv("VISUAL");
	char *path, *plus;
	pid_t pid;
	if (app->m.mode == TUI_MODE_WALK && tui_walk_current(&app->m)) {
		file = tui_walk_current(&app->m)->file;
		item = tui_walk_current(&app->m)->item;
	}
	if (file == TUI_NONE || !app->scan)
		return;
	for (size_t i = 0; item >= 0 && i < app->scan->files[file].res.nfindings; i++)
		if (app->scan->files[file].res.findings[i].item == item) {
			line = app->scan->files[file].res.findings[i].line;
			break;
		}
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	path = xasprintf("%s/%s", repo_root(app->repo), app->scan->files[file].res.path);
	plus = xasprintf("+%d", line > 0 ? line : 1);
	def_prog_mode();
	endwin();
	pid = fork();
	if (pid == 0) {
		/* through the shell, so that EDITOR="code -w" works as in git and tig */
		char *cmd = xasprintf("%s \"$@\"", ed);
		execl("/bin/sh", "sh", "-c", cmd, "sh", plus, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	clear();
	refresh();
	free(path);
	free(plus);
	if (pid < 0)
		tui_app_message(app, "could not start the editor");
	else if (!app->scanning)
		tui_app_rescan(app);
}
