/*
 * actions_write - writing accepted fixes (w), committing them (c) and the
 * editor (e), through the fix pipeline `berth fix` uses (fix_session.h):
 * the same files for the same accepted fixes; every write is repo_write's
 * atomic, stamp-checked one.
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

static int wrote_has(const struct tui_app *app, const char *path)
{
	for (size_t i = 0; i < app->nwrote; i++)
		if (strcmp(app->wrote[i], path) == 0)
			return 1;
	return 0;
}

void tui_act_wrote_clear(struct tui_app *app)
{
	for (size_t i = 0; i < app->nwrote; i++)
		free(app->wrote[i]);
	free(app->wrote);
	app->wrote = NULL;
	app->nwrote = app->wrotecap = 0;
}

/* The paths written by w, for a git command line. */
static char *wrote_list(const struct tui_app *app)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < app->nwrote; i++)
		buf_printf(&b, "%s%s", i ? " " : "", app->wrote[i]);
	return buf_detach(&b);
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
		} else if (!wrote_has(app, b->files[i].path)) {
			char *p = xstrdup(b->files[i].path);
			PUSH(app->wrote, app->nwrote, app->wrotecap, p);
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
		buf_puts(&msg, ". Not committed: commit them with git (c writes and commits in one step)");
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

void tui_act_commit_open(struct tui_app *app)
{
	const struct fix_batch *b;
	char *msg, *nl;
	if (app->m.nacc == 0 && app->nwrote && !app->scanning) {
		/* w then c: berth commits only what it read; the written files are the user's to commit */
		char *files = wrote_list(app), *t;
		t = xasprintf("Nothing accepted to commit. Fixes written with w go to the work tree only; c commits "
			      "accepted fixes, writing and committing in one step. If not done yet, commit the "
			      "written files with git:\ngit commit -m \"berth fixes\" -- %s", files);
		tui_dialog_open(&app->m, TUI_DLG_MESSAGE, t, NULL);
		tui_app_log(app, "%s", t);
		free(t);
		free(files);
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
	/* the subject is edited in place; the body (one line per fix) goes with it */
	nl = strchr(msg, '\n');
	if (nl)
		*nl = '\0';
	tui_dialog_open(&app->m, TUI_DLG_COMMIT, nl ? nl + 1 + (nl[1] == '\n') : "", msg);
	free(msg);
}

void tui_act_commit_submit(struct tui_app *app, const char *subject)
{
	struct fix_session *fs = tui_act_session(app);
	struct commit_opts opts;
	struct commit_result res;
	char *err = NULL;
	int rc;
	if (!*subject) {
		tui_dialog_error(&app->m, "the message is empty");
		return;
	}
	/* the batch the dialog opened on (apply again only if it is gone) */
	if (!fix_session_batch(fs))
		apply_accepted(app);
	memset(&opts, 0, sizeof(opts));
	opts.message = subject;
	rc = fix_session_commit(fs, &opts, &res, &err);
	if (rc == 0 && res.committed)
		tui_app_message(app, "committed %.7s on %s: %zu %s", res.id, res.branch ? res.branch : "HEAD",
				res.nfiles, tui_plural(res.nfiles, "file", "files"));
	else if (rc == 0)
		tui_app_message(app, "nothing differed from HEAD: no commit made");
	commit_result_free(&res);
	if (rc < 0) {
		/* refused: the dialog stays, with the message as edited */
		char *e = xstrdup(err ? err : "the commit failed");
		for (size_t i = 0; i < app->nwrote; i++)
			if (str_starts(e, app->wrote[i]) && e[strlen(app->wrote[i])] == ':') {
				char *more = xasprintf("%s (%s was written by w in this session: commit it with git "
						       "first)", e, app->wrote[i]);
				free(e);
				e = more;
				break;
			}
		tui_dialog_error(&app->m, e);
		tui_app_log(app, "commit refused: %s", e);
		free(e);
	} else {
		tui_dialog_close(&app->m);
		tui_model_clear_accepted(&app->m);
		tui_act_values_reset(app);
		if (app->m.mode == TUI_MODE_WALK)
			app->m.mode = TUI_MODE_MAIN;     /* the walk is done with: back to the files */
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
