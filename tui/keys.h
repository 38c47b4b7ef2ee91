/*
 * keys - the TUI's one key table (SPEC.md "TUI keys"): every request with
 * the keys that send it, its help text and its hint-bar label, as an
 * X-macro in the manner of tig's REQ_INFO. The input loop dispatches from
 * it, the `?` help and the hint bar are generated from it, and the scripted
 * mode (BERTH_SCRIPT) names keys with the same names.
 *
 * A key is an int: a character's code point, or a TUI_K_* function key
 * (flagged with TUI_FN_FLAG, so no code point collides with one). Nothing
 * here includes curses.
 */
#ifndef BERTH_TUI_KEYS_H
#define BERTH_TUI_KEYS_H

#define TUI_FN_FLAG 0x40000000
#define TUI_FN(k) ((k) | TUI_FN_FLAG)
#define TUI_KEY_ESC 27
#define TUI_KEY_CTRL_C 3

/* Function keys, independent of curses (the input loop translates curses' KEY_*). */
enum tui_fnkey {
	TUI_K_UP = TUI_FN(1), TUI_K_DOWN, TUI_K_LEFT, TUI_K_RIGHT, TUI_K_HOME, TUI_K_END,
	TUI_K_PGUP, TUI_K_PGDN, TUI_K_BTAB, TUI_K_BACKSPACE, TUI_K_DELETE, TUI_K_ENTER,
	TUI_K_RESIZE, TUI_K_MOUSE,
	TUI_K_F1 = TUI_FN(0x100),       /* TUI_K_F1 + n - 1 is Fn */
};

/* Modes a hint appears in (bit mask). */
#define TUI_HM 1        /* main screen */
#define TUI_HO 2        /* overview */
#define TUI_HW 4        /* walkthrough */
#define TUI_HH 8        /* help and the message log */

/*
 *  id          keys (help)      hint label     hint modes        help text
 */
#define TUI_REQS(_) \
	_(NEXT_PANE,  "Tab l Right", "pane",      TUI_HM,                  "next pane (files, checklist, detail)") \
	_(PREV_PANE,  "Shift-Tab h Left", NULL,   TUI_HM,                  "previous pane") \
	_(DOWN,       "j Down",     "move",       TUI_HM|TUI_HO|TUI_HH,    "move down (j/k)") \
	_(UP,         "k Up",       NULL,         0,                       "move up") \
	_(TOP,        "g Home",     NULL,         0,                       "first line") \
	_(BOTTOM,     "G End",      NULL,         0,                       "last line") \
	_(PAGE_UP,    "PgUp",       NULL,         0,                       "page up") \
	_(PAGE_DOWN,  "PgDn Space", NULL,         0,                       "page down") \
	_(ENTER,      "Enter",      "open",       TUI_HM|TUI_HO,           "open: file -> checklist -> findings and fix; overview: files failing it") \
	_(ACCEPT,     "a",          "accept",     TUI_HM|TUI_HW,           "accept the fix shown (or of the selected item); walkthrough: apply") \
	_(ACCEPT_ALL, "A",          "all",        TUI_HM,                  "accept every safe fix of the current file") \
	_(DROP,       "x",          NULL,         0,                       "drop an accepted fix") \
	_(WRITE,      "w",          NULL,         0,                       "write accepted fixes to the work tree") \
	_(COMMIT,     "c",          "commit",     TUI_HM|TUI_HW,           "commit accepted fixes (nothing accepted since w: the files w wrote, as written): Enter commits, Esc cancels") \
	_(WALK,       "W",          "walkthrough", TUI_HM,                 "guided walkthrough, the tour: a map of the repository, then one step per failing item across its files; q leaves, W resumes") \
	_(OVERVIEW,   "o",          "overview",   TUI_HM,                  "overview: pass / fail / n-a of every item across the repository") \
	_(SEARCH,     "/",          "search",     TUI_HM,                  "filter / search the focused pane") \
	_(NEXT_MATCH, "n",          NULL,         0,                       "next match") \
	_(NEXT_FAIL,  "f",          "next fail",  0,                       "next failing item, from file to file") \
	_(FAIL_ONLY,  "F",          "failing only", 0,                     "checklist: only the failing items, or all again") \
	_(FULL,       "v",          "whole file", 0,                       "fix preview: the whole fixed file, its new lines marked; again: the diff") \
	_(ZOOM,       "z",          "zoom",       0,                       "detail pane: the whole screen, or back to three panes") \
	_(PREV_MATCH, "N",          NULL,         0,                       "previous match") \
	_(EDIT,       "e",          NULL,         0,                       "open $VISUAL / $EDITOR at the finding's line") \
	_(RESCAN,     "r",          NULL,         0,                       "rescan") \
	_(THEME,      "t",          NULL,         0,                       "next theme") \
	_(HELP,       "?",          NULL,         0,                       "help") \
	_(LOG,        "L",          "log",        0,                       "message log: every notice, refusal and error of this session") \
	_(SKIP,       "s Right",    "skip",       TUI_HW,                  "walkthrough: skip to the next item") \
	_(STEP_BACK,  "b Left",     "back",       TUI_HW,                  "walkthrough: back to the previous item") \
	_(BACK,       "Esc",        NULL,         0,                       "back") \
	_(QUIT,       "q",          "quit",       TUI_HM|TUI_HO|TUI_HW|TUI_HH, "back; at the top quit (asks first when accepted fixes are not written)")

enum tui_req {
	TUI_REQ_NONE = 0,
#define TUI_REQ_ENUM(id, keys, hint, modes, help) TUI_REQ_##id,
	TUI_REQS(TUI_REQ_ENUM)
#undef TUI_REQ_ENUM
	TUI_REQ_COUNT
};

struct tui_req_info {
	const char *name;       /* "NEXT_PANE" */
	const char *keys;       /* "j Down": key names as the help shows them */
	const char *hint;       /* label in the hint bar, or NULL */
	int hint_modes;
	const char *help;
};

extern const struct tui_req_info tui_reqs[TUI_REQ_COUNT];

/* The request a key sends, TUI_REQ_NONE when unbound. */
enum tui_req tui_key_req(int key);
/* The same in a mode (TUI_H* bit): a request shown in that mode wins (Right: next pane, walkthrough: skip). */
enum tui_req tui_key_req_mode(int key, int mode);
/* The first key bound to a request, for hint labels ("Tab", "j/k"). */
const char *tui_req_key_label(enum tui_req r);
/*
 * A key name as scripts and the help write it: "j", "Enter", "Tab", "S-Tab",
 * "Esc", "Up", "Down", "Left", "Right", "Home", "End", "PgUp", "PgDn",
 * "Space", "Backspace", "C-x", "F1"..; a single UTF-8 character stands for
 * itself. 0 and the key in *key, -1 when unknown.
 */
int tui_key_parse(const char *name, int *key);

#endif
