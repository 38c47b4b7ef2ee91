/*
 * explain_int - the explanation table itself (explain_text.c), one entry
 * per item in items.h order, read only through explain_get().
 */
#ifndef BERTH_EXPLAIN_INT_H
#define BERTH_EXPLAIN_INT_H

#include "explain.h"
#include "items.h"

extern const struct explain explain_table[ITEM_COUNT];

#endif
