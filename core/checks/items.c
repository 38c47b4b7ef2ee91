#include "items.h"

#include <string.h>

const struct item_def item_defs[ITEM_COUNT] = {
#define ITEM_ROW(id, key, title, cat, kind, fix, hadolint) { key, title, cat, kind, fix, hadolint },
	BERTH_ITEMS(ITEM_ROW)
#undef ITEM_ROW
};

/* hadolint ids that berth does not check (HADOLINT-MAP.md's "—" rows). */
static const char *const hadolint_unchecked[] = {
	"DL3001", "DL3008", "DL3010", "DL3013", "DL3016", "DL3018", "DL3026", "DL3027",
	"DL3028", "DL3029", "DL3033", "DL3037", "DL3041", "DL3035", "DL3046", "DL3047",
	"DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055",
	"DL3056", "DL3058", "DL3059", "DL3060", "DL3062", "DL3065", "DL3066", "DL3067",
	"DL4001", "DL4005",
};

static int id_ieq(const char *a, size_t n, const char *b)
{
	size_t i;
	for (i = 0; i < n && b[i]; i++)
		if ((a[i] | 0x20) != (b[i] | 0x20))
			return 0;
	return i == n && b[i] == '\0';
}

int item_of_hadolint(const char *id)
{
	for (int i = 0; i < ITEM_COUNT; i++) {
		const char *p = item_defs[i].hadolint;
		while (*p) {
			size_t n = strcspn(p, " ");
			if (id_ieq(p, n, id))
				return i;
			p += n;
			p += strspn(p, " ");
		}
	}
	for (size_t i = 0; i < sizeof(hadolint_unchecked) / sizeof(hadolint_unchecked[0]); i++)
		if (id_ieq(hadolint_unchecked[i], strlen(hadolint_unchecked[i]), id))
			return -2;
	if ((id[0] | 0x20) == 's' && (id[1] | 0x20) == 'c')
		return -2;      /* ShellCheck ids: berth has no counterpart */
	return -1;
}

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
