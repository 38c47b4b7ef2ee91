/* The key table's data and lookups: keys are parsed from the same strings the help shows. */
#include "keys.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

const struct tui_req_info tui_reqs[TUI_REQ_COUNT] = {
	[TUI_REQ_NONE] = { "NONE", "", NULL, 0, "" },
#define TUI_REQ_ROW(id, keys, hint, modes, help) [TUI_REQ_##id] = { #id, keys, hint, modes, help },
	TUI_REQS(TUI_REQ_ROW)
#undef TUI_REQ_ROW
};

/* Longest key name in the table ("Backspace"). */
#define KEY_NAME_MAX 32

static const struct { const char *name; int key; } named[] = {
	{ "Enter", '\n' }, { "Tab", '\t' }, { "S-Tab", TUI_K_BTAB },
	{ "Shift-Tab", TUI_K_BTAB }, { "Esc", TUI_KEY_ESC }, { "Space", ' ' },
	{ "Up", TUI_K_UP }, { "Down", TUI_K_DOWN }, { "Left", TUI_K_LEFT },
	{ "Right", TUI_K_RIGHT }, { "Home", TUI_K_HOME }, { "End", TUI_K_END },
	{ "PgUp", TUI_K_PGUP }, { "PgDn", TUI_K_PGDN },
	{ "Backspace", TUI_K_BACKSPACE }, { "Delete", TUI_K_DELETE },
};

int tui_key_parse(const char *name, int *key)
{
	size_t n = strlen(name);
	unsigned cp;

	for (size_t i = 0; i < ARRAY_SIZE(named); i++)
		if (strcmp(name, named[i].name) == 0) {
			*key = named[i].key;
			return 0;
		}
	if (n == 3 && name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z') {
		*key = name[2] - 'a' + 1;
		return 0;
	}
	if (n >= 2 && n <= 3 && name[0] == 'F' && atoi(name + 1) >= 1 && atoi(name + 1) <= 12) {
		*key = TUI_K_F1 + atoi(name + 1) - 1;
		return 0;
	}
	if (n == 1 && (unsigned char)name[0] >= 0x20) {
		*key = (unsigned char)name[0];
		return 0;
	}
	/* one UTF-8 character, decoded independently of the locale */
	if (n > 1 && utf8_decode(name, n, &cp) == n && cp >= 0xA0) {
		*key = (int)cp;
		return 0;
	}
	return -1;
}

/* Enter, Backspace and friends arrive under several codes; the table names one. */
static int key_normalize(int key)
{
	switch (key) {
	case '\r': case TUI_K_ENTER: return '\n';
	case 127: case 8: return TUI_K_BACKSPACE;
	default: return key;
	}
}

/* Call fn for every key of a request's key list. */
static int req_has_key(enum tui_req r, int key)
{
	const char *p = tui_reqs[r].keys;
	while (*p) {
		char name[KEY_NAME_MAX];
		size_t n = strcspn(p, " ");
		int k;
		if (n > 0 && n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			if (tui_key_parse(name, &k) == 0 && k == key)
				return 1;
		}
		p += n;
		p += strspn(p, " ");
	}
	return 0;
}

enum tui_req tui_key_req(int key)
{
	key = key_normalize(key);
	for (int r = 1; r < TUI_REQ_COUNT; r++)
		if (req_has_key((enum tui_req)r, key))
			return (enum tui_req)r;
	return TUI_REQ_NONE;
}

enum tui_req tui_key_req_mode(int key, int mode)
{
	key = key_normalize(key);
	for (int r = 1; r < TUI_REQ_COUNT; r++)
		if ((tui_reqs[r].hint_modes & mode) && req_has_key((enum tui_req)r, key))
			return (enum tui_req)r;
	return tui_key_req(key);
}

const char *tui_req_key_label(enum tui_req r)
{
	static char label[TUI_REQ_COUNT][KEY_NAME_MAX];
	const char *p;
	size_t n;
	if (r <= TUI_REQ_NONE || r >= TUI_REQ_COUNT)
		return "";
	p = tui_reqs[r].keys;
	n = strcspn(p, " ");
	if (n >= KEY_NAME_MAX)
		n = KEY_NAME_MAX - 1;
	/* "j Down" and "k Up" read better together as "j/k" */
	if (r == TUI_REQ_DOWN)
		return "j/k";
	if (r == TUI_REQ_PREV_PANE)
		return "h";
	memcpy(label[r], p, n);
	label[r][n] = '\0';
	return label[r];
}
