/*
 * actions - what the TUI's fix keys do, against the fix engine (core/fix.h)
 * and the commit API. The views and the input loop call the tui_act_*
 * functions declared in app.h; this header only shares the helpers between
 * actions.c and actions_write.c.
 */
#ifndef BERTH_TUI_ACTIONS_H
#define BERTH_TUI_ACTIONS_H

#include "app.h"
#include "fix.h"

/* The fix engine's input for a scanned file (borrowing the scan's data and build contexts). */
void tui_act_input(struct tui_app *app, size_t file, const struct fsview *fs, struct fix_input *in);

#endif
