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

#endif
