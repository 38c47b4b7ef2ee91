/* Shared between model.c, model_search.c and model_walk.c only. */
#ifndef BERTH_TUI_MODEL_PRIV_H
#define BERTH_TUI_MODEL_PRIV_H

#include "model.h"

/* Rebuild the files pane's rows (filters applied) / the checklist of the selected file. */
void tui_model_build_files(struct tui_model *m);
void tui_model_build_check(struct tui_model *m);
/* The files pane's row of `path`, or TUI_NONE. */
size_t tui_model_find_file_row(const struct tui_model *m, const char *path);
/* Select `item` in the checklist when it is there. */
void tui_model_select_item(struct tui_model *m, int item);
/* The search filter keeps this file (its path matches, or an item that matches fails in it). */
int tui_model_file_matches(const struct tui_model *m, size_t file);

/* Free the tour's steps (model_walk.c). */
void tui_walk_clear(struct tui_model *m);

#endif
