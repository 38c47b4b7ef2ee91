/*
 * actions - what the TUI's fix keys do, through the fix pipeline `berth fix`
 * uses too (core/fix/fix_session.h). The views and the input loop call the tui_act_*
 * functions declared in app.h; this header only shares the helpers between
 * actions.c and actions_write.c.
 */
#ifndef BERTH_TUI_ACTIONS_H
#define BERTH_TUI_ACTIONS_H

#include "app.h"
#include "fix.h"
#include "fix_session.h"

/*
 * The fix pipeline over the current scan (fix_session.h), made again when
 * a new scan is taken; NULL before the first scan.
 */
struct fix_session *tui_act_session(struct tui_app *app);

/* Open the value prompt for the fix of (file, item) (actions_value.c). */
void tui_act_value_ask(struct tui_app *app, size_t file, int item);

/*
 * The preview found no verified fix: when a value given in the TUI is what
 * withholds it, fill p with the fix as it stands without that value (its
 * title, the value it needs) and a note saying so.
 */
void tui_act_value_probe(struct tui_app *app, size_t file, int item, struct tui_preview *p);
/* An example value for the preview's fix ("3.11.<patch>-slim"), or NULL (malloc'd). */
char *tui_act_value_example(struct tui_app *app, size_t file, int item, const struct tui_preview *p);

/* Forget the files written by w (a commit of berth's, a new repository state). */
void tui_act_wrote_clear(struct tui_app *app);

#endif
