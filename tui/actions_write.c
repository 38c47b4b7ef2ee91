/*
 * actions_write - writing accepted fixes (w), committing them (c) and the
 * editor (e), through the fix pipeline `berth fix` uses (fix_session.h):
 * the same files for the same accepted fixes; every write is repo_write's
 * atomic, stamp-checked one. The files w wrote are kept (struct tui_wrote):
 * c with nothing accepted since commits them through the same commit_fixes
 * as written (commit.h, `written`), refusing a file changed since.
 */
#include "actions.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commit.h"
#include "repo.h"
#include "util.h"

/*
 * Every accepted fix applied in memory, through the pipeline `berth fix`
 * uses: one pick per file with accepted items, in path order. The batch
 * stays in the session (the commit dialog commits the one it showed).
 */
static const struct fix_batch *apply_accepted(struct tui_app *app)
{
	struct fix_session *fs = tui_act_session(app);
	size_t nf = app->scan ? app->scan->nfiles : 0, n = 0;
	struct fix_pick *picks = xcalloc(nf ? nf : 1, sizeof(*picks));
	unsigned char *items = xcalloc(nf ? nf : 1, ITEM_COUNT);
	const struct fix_batch *b;
	for (size_t f = 0; f < nf; f++) {
		int any = 0;
		for (int i = 0; i < ITEM_COUNT; i++)
			if (tui_model_accepted(&app->m, f, i))
				any = items[f * ITEM_COUNT + i] = 1;
		if (any) {
			picks[n].file = f;
			picks[n++].items = items + f * ITEM_COUNT;
		}
	}
	b = fix_session_apply(fs, picks, n);
	free(picks);
	free(items);
	return b;
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

static struct tui_wrote *wrote_find(struct tui_app *app, const char *path)
{
	for (size_t i = 0; i < app->nwrote; i++)
		if (strcmp(app->wrote[i].path, path) == 0)
			return &app->wrote[i];
	return NULL;
}

static void wrote_free(struct tui_wrote *w)
{
	free(w->path);
	free(w->base);
	free(w->data);
	for (size_t k = 0; k < w->nkeys; k++)
		free(w->notes[k]);
}

void tui_act_wrote_clear(struct tui_app *app)
{
	for (size_t i = 0; i < app->nwrote; i++)
		wrote_free(&app->wrote[i]);
	free(app->wrote);
	app->wrote = NULL;
	app->nwrote = app->wrotecap = 0;
}

static void wrote_remove(struct tui_app *app, size_t i)
{
	wrote_free(&app->wrote[i]);
	memmove(&app->wrote[i], &app->wrote[i + 1], (app->nwrote - i - 1) * sizeof(*app->wrote));
	app->nwrote--;
}

/*
 * Keep what w wrote to a file: a second w to the same file keeps the
 * content the first one planned on (HEAD's, when c comes) and adds its fixes.
 */
static void wrote_add(struct tui_app *app, const struct fix_session_out *o)
{
	struct tui_wrote *w = wrote_find(app, o->path);
	if (!w) {
		struct tui_wrote nw;
		memset(&nw, 0, sizeof(nw));
		nw.path = xstrdup(o->path);
		if (!o->create) {
			nw.base = xmalloc(o->oldlen + 1);
			memcpy(nw.base, o->old ? o->old : "", o->oldlen);
			nw.base[o->oldlen] = '\0';
			nw.baselen = o->oldlen;
		}
		/* in path order, as a batch's files (the commit message lists them so) */
		PUSH(app->wrote, app->nwrote, app->wrotecap, nw);
		for (size_t i = app->nwrote - 1; i > 0 && strcmp(app->wrote[i - 1].path, nw.path) > 0; i--) {
			app->wrote[i] = app->wrote[i - 1];
			app->wrote[i - 1] = nw;
		}
		w = wrote_find(app, o->path);
	}
	free(w->data);
	w->data = xmalloc(o->len + 1);
	memcpy(w->data, o->data, o->len);
	w->data[o->len] = '\0';
	w->len = o->len;
	for (size_t k = 0; k < o->nkeys && w->nkeys < ITEM_COUNT; k++) {
		size_t j = 0;
		while (j < w->nkeys && strcmp(w->keys[j], o->keys[k]) != 0)
			j++;
		if (j < w->nkeys)
			continue;
		w->keys[w->nkeys] = o->keys[k];
		w->notes[w->nkeys++] = o->notes[k] ? xstrdup(o->notes[k]) : NULL;
	}
}

/* The commit API's view of the written files: as written, over what was planned on (commit.h). */
static struct commit_file *wrote_files(const struct tui_app *app)
{
	struct commit_file *cf = xcalloc(app->nwrote ? app->nwrote : 1, sizeof(*cf));
	for (size_t i = 0; i < app->nwrote; i++) {
		const struct tui_wrote *w = &app->wrote[i];
		cf[i].path = w->path;
		cf[i].data = w->data;
		cf[i].len = w->len;
		cf[i].keys = w->keys;
		cf[i].notes = (const char *const *)w->notes;
		cf[i].nkeys = w->nkeys;
		cf[i].written = 1;
		cf[i].base = w->base;
		cf[i].baselen = w->baselen;
	}
	return cf;
}

/* The file on disk holds exactly what w wrote. */
static int wrote_intact(struct tui_app *app, const struct tui_wrote *w)
{
	char *data = NULL, *err = NULL;
	size_t len = 0;
	int same = repo_read(app->repo, w->path, &data, &len, NULL, &err) == 0 && len == w->len &&
		   (len == 0 || memcmp(data, w->data, len) == 0);
	free(data);
	free(err);
	return same;
}

void tui_act_write(struct tui_app *app)
{
	const struct fix_batch *b;
	size_t refused = 0, written, accepted = app->m.nacc;
	const char *err = NULL;
	struct buf msg = BUF_INIT;
	if (busy(app))
		return;
	b = apply_accepted(app);
	written = fix_session_write(tui_act_session(app));
	for (size_t i = 0; i < b->nfiles; i++) {
		if (b->files[i].refused) {
			if (!refused++)
				err = b->files[i].refused;
		} else {
			wrote_add(app, &b->files[i]);
		}
	}
	/* every accepted fix is accounted for: one another fix made unneeded is said so, not lost */
	buf_printf(&msg, "wrote %zu accepted %s to %zu %s", accepted, tui_plural(accepted, "fix", "fixes"), written,
		   tui_plural(written, "file", "files"));
	if (b->dropped)
		buf_printf(&msg, " (%zu already done by another fix)", b->dropped);
	if (refused)
		buf_printf(&msg, "; refused %zu: %s", refused, err);
	if (written)
		buf_puts(&msg, ". Not committed: c commits them as written");
	tui_app_message(app, "%s", buf_str(&msg));
	buf_free(&msg);
	if (written) {
		tui_model_clear_accepted(&app->m);
		tui_act_values_reset(app);
		if (app->m.mode == TUI_MODE_WALK)
			app->m.mode = TUI_MODE_MAIN;
		tui_app_rescan(app);
	}
}

/* The subject is edited in place; the body (one line per fix) goes with it. */
static void commit_dialog(struct tui_app *app, char *msg, const char *before)
{
	char *nl = strchr(msg, '\n'), *body;
	if (nl)
		*nl = '\0';
	body = xasprintf("%s%s", before ? before : "", nl ? nl + 1 + (nl[1] == '\n') : "");
	tui_dialog_open(&app->m, TUI_DLG_COMMIT, body, msg);
	free(body);
}

/*
 * c after w, nothing accepted since: the files w wrote, those still exactly
 * as written (a file changed since is the user's: left out, and said so).
 */
static void commit_wrote_open(struct tui_app *app)
{
	struct buf gone = BUF_INIT;
	struct commit_file *cf;
	char *msg, *before = NULL;
	for (size_t i = 0; i < app->nwrote;) {
		if (wrote_intact(app, &app->wrote[i])) {
			i++;
			continue;
		}
		buf_printf(&gone, "%s%s", gone.len ? ", " : "", app->wrote[i].path);
		wrote_remove(app, i);
	}
	if (app->nwrote == 0) {
		char *t = xasprintf("Nothing to commit: %s changed since berth wrote it (w). berth commits only files "
				    "exactly as it wrote them; commit your version with git.", buf_str(&gone));
		tui_dialog_open(&app->m, TUI_DLG_MESSAGE, t, NULL);
		tui_app_log(app, "%s", t);
		free(t);
		buf_free(&gone);
		return;
	}
	if (gone.len) {
		before = xasprintf("Left out, changed since berth wrote it: %s\n\n", buf_str(&gone));
		tui_app_log(app, "commit of the written files: %s", before);
	}
	cf = wrote_files(app);
	msg = commit_default_message(cf, app->nwrote);
	free(cf);
	commit_dialog(app, msg, before);
	app->commit_wrote = 1;
	free(msg);
	free(before);
	buf_free(&gone);
}

void tui_act_commit_open(struct tui_app *app)
{
	const struct fix_batch *b;
	char *msg;
	if (app->m.nacc == 0 && app->nwrote && !app->scanning) {
		commit_wrote_open(app);
		return;
	}
	if (busy(app))
		return;
	b = apply_accepted(app);
	if (b->nfiles == 0) {
		tui_app_message(app, "the accepted fixes change nothing any more (r rescans)");
		return;
	}
	msg = fix_session_commit_message(tui_act_session(app));
	commit_dialog(app, msg, NULL);
	app->commit_wrote = 0;
	free(msg);
}

/* The written files, as written (commit_fixes checks again that nothing changed since). */
static int commit_wrote(struct tui_app *app, const struct commit_opts *opts, struct commit_result *res, char **err)
{
	struct commit_file *cf = wrote_files(app);
	int rc = commit_fixes(app->repo, cf, app->nwrote, opts, res, err);
	free(cf);
	if (rc == 0)
		tui_act_wrote_clear(app);
	return rc;
}

void tui_act_commit_submit(struct tui_app *app, const char *subject)
{
	struct fix_session *fs = tui_act_session(app);
	struct commit_opts opts;
	struct commit_result res;
	char *err = NULL;
	int rc, wrote = app->commit_wrote;
	if (!*subject) {
		tui_dialog_error(&app->m, "the message is empty");
		return;
	}
	memset(&opts, 0, sizeof(opts));
	opts.message = subject;
	if (wrote) {
		rc = commit_wrote(app, &opts, &res, &err);
	} else {
		/* the batch the dialog opened on (apply again only if it is gone) */
		if (!fix_session_batch(fs))
			apply_accepted(app);
		rc = fix_session_commit(fs, &opts, &res, &err);
	}
	if (rc == 0 && res.committed)
		tui_app_message(app, "committed %.7s on %s: %zu %s%s", res.id, res.branch ? res.branch : "HEAD",
				res.nfiles, tui_plural(res.nfiles, "file", "files"), wrote ? " as written by w" : "");
	else if (rc == 0)
		tui_app_message(app, "nothing differed from HEAD: no commit made");
	commit_result_free(&res);
	if (rc < 0) {
		/* refused: the dialog stays, with the message as edited */
		char *e = xstrdup(err ? err : "the commit failed");
		for (size_t i = 0; i < app->nwrote; i++)
			if (str_starts(e, app->wrote[i].path) && e[strlen(app->wrote[i].path)] == ':') {
				/* c after w: a file refused for itself is the user's now, never offered again */
				char *more = wrote ? xasprintf("%s. It is left to you; c offers the other written files", e)
					: xasprintf("%s (%s was written by w in this session: w writes the accepted "
						    "fixes too, then c commits everything berth wrote)", e, app->wrote[i].path);
				if (wrote)
					wrote_remove(app, i);
				free(e);
				e = more;
				break;
			}
		tui_dialog_error(&app->m, e);
		tui_app_log(app, "commit refused: %s", e);
		free(e);
	} else {
		tui_dialog_close(&app->m);
		app->commit_wrote = 0;
		if (!wrote) {
			tui_model_clear_accepted(&app->m);
			tui_act_values_reset(app);
			if (app->m.mode == TUI_MODE_WALK)
				app->m.mode = TUI_MODE_MAIN;     /* the walk is done with: back to the files */
		}
		tui_app_rescan(app);
	}
	free(err);
}

/* $VISUAL, then $EDITOR, then vi, at +LINE FILE; the screen is restored after. */
void tui_act_edit(struct tui_app *app)
{
	size_t file = tui_model_file(&app->m);
	int item = tui_model_item(&app->m), line = 1, status = 0;
	const char *ed = getenv("VISUAL"), *from = "$VISUAL";
	char *path, *plus;
	struct sigaction ign, old;
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
		ed = getenv("EDITOR"), from = "$EDITOR";
	if (!ed || !*ed)
		ed = "vi", from = "the default (neither $VISUAL nor $EDITOR is set)";
	path = xasprintf("%s/%s", repo_root(app->repo), app->scan->files[file].res.path);
	plus = xasprintf("+%d", line > 0 ? line : 1);
	def_prog_mode();
	endwin();
	/* Ctrl-C in the editor is the editor's: berth ignores it while it waits */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old);
	pid = fork();
	if (pid == 0) {
		/* through the shell, so that EDITOR="code -w" works as in git and tig */
		char *cmd = xasprintf("%s \"$@\"", ed);
		signal(SIGINT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, "sh", plus, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old, NULL);
	reset_prog_mode();
	clear();
	refresh();
	/* an editor that did not run says so, in the hint bar and the log (L) */
	if (pid < 0)
		tui_app_message(app, "could not start the editor %s from %s: %s", ed, from, strerror(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		tui_app_message(app, "editor not found: %s (from %s; set $VISUAL or $EDITOR)", ed, from);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 126)
		tui_app_message(app, "the editor \"%s\" from %s cannot run (not executable)", ed, from);
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		tui_app_message(app, "the editor \"%s\" exited with status %d", ed, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		tui_app_message(app, "the editor \"%s\" was killed by signal %d", ed, WTERMSIG(status));
	free(path);
	free(plus);
	if (pid >= 0 && !app->scanning)
		tui_app_rescan(app);
}
