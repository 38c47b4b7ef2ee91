#include "items.h"

#include <string.h>

const struct item_def item_defs[ITEM_COUNT] = {
#define ITEM_ROW(id, key, title, cat, kind, fix) { key, title, cat, kind, fix },
	BERTH_ITEMS(ITEM_ROW)
#undef ITEM_ROW
};

int item_find(const char *key)
{
	for (int i = 0; i < ITEM_COUNT; i++)
		if (strcmp(item_defs[i].key, key) == 0)
			return i;
	return -1;
}

const char *category_name(enum category c)
{
	static const char *const names[CAT_COUNT] = {
		"Performance", "Security", "Size", "Correctness", "Compose"
	};
	return (unsigned)c < CAT_COUNT ? names[c] : "?";
}

const char *fixkind_name(enum fixkind f)
{
	return f == FIX_AUTO ? "auto" : f == FIX_VALUE ? "value" : "none";
}

const char *filekind_name(enum filekind k)
{
	return k == KIND_COMPOSE ? "compose" : "dockerfile";
}
