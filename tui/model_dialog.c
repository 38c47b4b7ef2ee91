/* The model's dialogs: one input line edited by keys, a title, an error shown in place. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "utf8.h"

void tui_dialog_open(struct tui_model *m, enum tui_dialog d, const char *title, const char *text)
{
	m->dialog = d;
	free(m->dlg_title);
	m->dlg_title = xstrdup(title ? title : "");
	free(m->dlg_error);
	m->dlg_error = NULL;
	buf_clear(&m->edit.text);
	buf_puts(&m->edit.text, text ? text : "");
	m->edit.cursor = m->edit.text.len;
}

void tui_dialog_close(struct tui_model *m)
{
	m->dialog = TUI_DLG_NONE;
	free(m->dlg_error);
	m->dlg_error = NULL;
}

void tui_dialog_error(struct tui_model *m, const char *err)
{
	free(m->dlg_error);
	m->dlg_error = err ? xstrdup(err) : NULL;
}

static size_t char_before(const struct tui_edit *e)
{
	size_t i = e->cursor;
	while (i > 0 && ((unsigned char)e->text.ptr[i - 1] & 0xC0) == 0x80)
		i--;
	return i > 0 ? i - 1 : 0;
}

static size_t char_after(const struct tui_edit *e)
{
	size_t i = e->cursor;
	if (i >= e->text.len)
		return e->text.len;
	i++;
	while (i < e->text.len && ((unsigned char)e->text.ptr[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static void edit_cut(struct tui_edit *e, size_t from, size_t to)
{
	memmove(e->text.ptr + from, e->text.ptr + to, e->text.len - to + 1);
	e->text.len -= to - from;
	e->cursor = from;
}

static void edit_insert(struct tui_edit *e, unsigned cp)
{
	char u[4];
	size_t n = utf8_encode(cp, u);
	if (n == 0 || e->text.len + n > TUI_EDIT_MAX)
		return;
	buf_grow(&e->text, n);
	memmove(e->text.ptr + e->cursor + n, e->text.ptr + e->cursor, e->text.len - e->cursor + 1);
	memcpy(e->text.ptr + e->cursor, u, n);
	e->text.len += n;
	e->cursor += n;
}

static void edit_key(struct tui_edit *e, int key)
{
	if (!e->text.ptr)
		buf_puts(&e->text, "");
	switch (key) {
	case TUI_K_BACKSPACE: case 127: case 8:
		if (e->cursor > 0)
			edit_cut(e, char_before(e), e->cursor);
		return;
	case TUI_K_DELETE: case 4:    /* Delete, C-d */
		edit_cut(e, e->cursor, char_after(e));
		return;
	case TUI_K_LEFT: case 2:  /* C-b */
		e->cursor = e->cursor > 0 ? char_before(e) : 0;
		return;
	case TUI_K_RIGHT: case 6: /* C-f */
		e->cursor = char_after(e);
		return;
	case TUI_K_HOME: case 1:  /* C-a */
		e->cursor = 0;
		return;
	case TUI_K_END: case 5:   /* C-e */
		e->cursor = e->text.len;
		return;
	case 21:                        /* C-u: clear */
		edit_cut(e, 0, e->text.len);
		return;
	default:
		if (!(key & TUI_FN_FLAG) && key >= 0x20 && key != 127 && !(key >= 0x80 && key < 0xA0))
			edit_insert(e, (unsigned)key);
	}
}

enum tui_dlg_result tui_dialog_key(struct tui_model *m, int key)
{
	int enter = key == '\n' || key == '\r' || key == TUI_K_ENTER;
	switch (m->dialog) {
	case TUI_DLG_NONE:
		return TUI_DLG_CANCEL;
	case TUI_DLG_MESSAGE:
		tui_dialog_close(m);
		return TUI_DLG_CANCEL;
	case TUI_DLG_QUIT:
		/* only y quits: Enter, the key most often pressed without reading, stays (issue 17) */
		if (key == 'y' || key == 'Y')
			return TUI_DLG_SUBMIT;
		if (key == 'n' || key == 'N' || key == TUI_KEY_ESC || key == 'q' || enter) {
			tui_dialog_close(m);
			return TUI_DLG_CANCEL;
		}
		return TUI_DLG_CONTINUE;
	default:
		break;
	}
	if (key == TUI_KEY_ESC) {
		tui_dialog_close(m);
		return TUI_DLG_CANCEL;
	}
	if (enter)
		return TUI_DLG_SUBMIT;
	edit_key(&m->edit, key);
	return TUI_DLG_CONTINUE;
}
