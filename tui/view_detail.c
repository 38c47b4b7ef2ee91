/* The detail pane: the item's rationale, its findings with the source around them, and the fix preview. */
#include "app.h"

#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "fix.h"
#include "util.h"

/* Source lines shown before and after a finding's span, and at most this many of the span itself. */
#define DETAIL_CONTEXT 1
#define DETAIL_SPAN_LINES 6

void tui_dlines_free(struct tui_dlines *d)
{
	for (size_t i = 0; i < d->n; i++)
		for (int s = 0; s < d->v[i].nseg; s++)
			free(d->v[i].seg[s].text);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static struct tui_dline *dl_new(struct tui_dlines *d)
{
	struct tui_dline l;
	memset(&l, 0, sizeof(l));
	PUSH(d->v, d->n, d->cap, l);
	return &d->v[d->n - 1];
}

static void dl_seg(struct tui_dline *l, const char *text, size_t len, enum tui_role role)
{
	if (l->nseg >= TUI_DLINE_SEGS)
		return;
	l->seg[l->nseg].text = xstrndup(text, len);
	l->seg[l->nseg].role = role;
	l->nseg++;
}

void tui_dlines_add(struct tui_dlines *d, const char *text, enum tui_role role)
{
	dl_seg(dl_new(d), text, strlen(text), role);
}

static void dl_text(struct tui_dlines *d, const char *text, enum tui_role role)
{
	tui_dlines_add(d, text, role);
}

/*
 * Word-wrap a paragraph (lines of its own stay lines) to `width` columns; a
 * line's continuations keep its indentation (a commit body's note under its
 * fix), up to half the width and WRAP_INDENT_MAX.
 */
#define WRAP_INDENT_MAX 16      /* columns of indentation a wrapped line's continuations keep, at most */
void tui_dlines_wrap(struct tui_dlines *d, const char *text, int width, enum tui_role role)
{
	const char *p = text;
	if (width < 8)
		width = 8;
	while (*p) {
		const char *eol = strchr(p, '\n'), *end = eol ? eol : p + strlen(p);
		int indent = 0, first = 1;
		while (p + indent < end && p[indent] == ' ' && indent < width / 2 && indent < WRAP_INDENT_MAX)
			indent++;
		while (p < end) {
			int room = first ? width : width - indent;
			size_t fit = draw_fit(p, (size_t)(end - p), room), cut = fit;
			struct tui_dline *l;
			if (p + fit < end) {
				/* break at the last space that fits */
				while (cut > 0 && p[cut] != ' ')
					cut--;
				if (cut == 0 || (first && cut <= (size_t)indent))
					cut = fit ? fit : 1;
			}
			l = dl_new(d);
			if (!first && indent)
				dl_seg(l, "                ", (size_t)indent, role);
			dl_seg(l, p, cut, role);
			first = 0;
			p += cut;
			while (p < end && *p == ' ')
				p++;
		}
		if (eol && p == eol && eol[1] == '\n')
			dl_new(d);
		p = eol ? eol + 1 : end;
	}
}

/* Columns of a source line's number ("%5d"); a continuation's mark is right-aligned in them. */
#define DETAIL_LINENO_COLS 5

/* Add the part [from, to) of a row of text to `l`, cut where the span [hs, he) starts and ends. */
static void dl_spans(struct tui_dline *l, const char *text, size_t from, size_t to, size_t hs, size_t he)
{
	size_t cuts[4] = { from, hs, he, to };
	enum tui_role roles[3] = { TUI_ROLE_NORMAL, TUI_ROLE_SPAN, TUI_ROLE_NORMAL };
	for (int i = 0; i < 3; i++) {
		size_t a = cuts[i] > from ? cuts[i] : from, b = cuts[i + 1] < to ? cuts[i + 1] : to;
		if (b > a)
			dl_seg(l, text + a, b - a, roles[i]);
	}
}

/*
 * One source line with the part of [start, end) on it highlighted. A line
 * too long for the pane goes on under a "↪" in the number column (the
 * number only on its first row), never cut off at the edge; the widths are
 * draw_fit's, which measure what draw_text shows (tabs, wide characters,
 * control characters escaped).
 */
static void dl_source(struct tui_dlines *d, const struct scan_file *sf, int line, size_t start, size_t end,
		      int width)
{
	size_t ls, le, hs = 0, he = 0, off = 0, len;
	char lead[32], cont[32];
	const char *bar = draw_glyph("│", "|"), *mark = draw_glyph("\u21aa", ">"), *text;
	int lw, room;
	if (!text_line(&sf->text, line, &ls, &le))
		return;
	text = sf->data + ls;
	len = le - ls;
	if (end > start && start < le && end > ls) {
		hs = (start > ls ? start : ls) - ls;
		he = (end < le ? end : le) - ls;
	}
	snprintf(lead, sizeof(lead), "%*d %s ", DETAIL_LINENO_COLS, line, bar);
	snprintf(cont, sizeof(cont), "%*s%s %s ", DETAIL_LINENO_COLS - draw_width(mark, strlen(mark)), "", mark, bar);
	lw = draw_width(lead, strlen(lead));
	room = width - lw > 8 ? width - lw : 8;
	do {
		size_t fit = draw_fit(text + off, len - off, room);
		struct tui_dline *l = dl_new(d);
		if (fit == 0 && len > off)
			fit = 1;
		dl_seg(l, off ? cont : lead, strlen(off ? cont : lead), TUI_ROLE_LINENO);
		dl_spans(l, text, off, off + fit, hs, he);
		off += fit;
	} while (off < len);
}

static void dl_finding(struct tui_dlines *d, const struct scan_file *sf, const struct finding *f, int width)
{
	char *head;
	int first, last;
	head = xasprintf("%s line %d%s%s%s: %s", sev_name(f->sev), f->line,
			 f->service ? " (service " : "", f->service ? f->service : "", f->service ? ")" : "",
			 f->message);
	tui_dlines_wrap(d, head, width, f->suppressed ? TUI_ROLE_IGNORED : f->sev >= SEV_WARNING ? TUI_ROLE_FAIL : TUI_ROLE_NA);
	free(head);
	if (f->suppressed)
		dl_text(d, "  (suppressed by config or pragma)", TUI_ROLE_IGNORED);
	if (!sf->data)
		return;
	first = f->line - DETAIL_CONTEXT;
	last = f->end_line + DETAIL_CONTEXT;
	if (last - first > DETAIL_SPAN_LINES + 2 * DETAIL_CONTEXT)
		last = first + DETAIL_SPAN_LINES + 2 * DETAIL_CONTEXT;
	for (int ln = first < 1 ? 1 : first; ln <= last && (size_t)ln <= sf->text.nlines; ln++)
		dl_source(d, sf, ln, f->start, f->end, width);
}

/*
 * One line of a file or a diff: `lead` (a line number, a diff's sign) then
 * the text; a text too long for the pane goes on under a "↪" in the same
 * role, so that no part of a change is ever cut off at the pane's edge.
 */
static void dl_long(struct tui_dlines *d, const char *lead, enum tui_role lead_role, const char *text, size_t len,
		    enum tui_role role, int width)
{
	int lw = draw_width(lead, strlen(lead)), room = width - lw > 8 ? width - lw : 8;
	const char *cont = draw_glyph("\u21aa", ">");
	int first = 1;
	do {
		size_t fit = draw_fit(text, len, room);
		struct tui_dline *l = dl_new(d);
		if (fit == 0 && len)
			fit = 1;
		if (first) {
			dl_seg(l, lead, strlen(lead), lead_role);
		} else {
			/* the continuation mark where the lead was, right-aligned under it */
			char pad[64];
			int n = lw - draw_width(cont, strlen(cont));
			snprintf(pad, sizeof(pad), "%*s%s", n > 0 && n < 32 ? n : 0, "", cont);
			dl_seg(l, pad, strlen(pad), lead_role);
		}
		dl_seg(l, text, fit, role);
		text += fit;
		len -= fit;
		first = 0;
	} while (len > 0);
}

static void dl_diff(struct tui_dlines *d, const char *diff, int width)
{
	const char *p = diff;
	while (*p) {
		const char *eol = strchr(p, '\n'), *end = eol ? eol : p + strlen(p);
		enum tui_role role = *p == '+' ? TUI_ROLE_DIFF_ADD : *p == '-' ? TUI_ROLE_DIFF_DEL
			: *p == '@' ? TUI_ROLE_DIFF_HUNK : TUI_ROLE_NORMAL;
		char lead[2] = { *p, '\0' };
		if (str_starts(p, "diff --git") || str_starts(p, "index ") || str_starts(p, "new file"))
			role = TUI_ROLE_TITLE;
		if (role == TUI_ROLE_DIFF_ADD || role == TUI_ROLE_DIFF_DEL || (*p == ' ' && role == TUI_ROLE_NORMAL))
			dl_long(d, lead, role, p + 1, (size_t)(end - p - 1), role, width);
		else
			dl_seg(dl_new(d), p, (size_t)(end - p), role);
		p = eol ? eol + 1 : end;
	}
}

/* The whole fixed file, numbered, its lines that the diff adds marked (v). */
static void dl_full(struct tui_dlines *d, const struct tui_preview *p, int width)
{
	unsigned char *added = xcalloc(p->fulllen + 2, 1);
	const char *q = buf_str(&p->diff), *s = p->full;
	size_t line = 0, nlines = 1;
	for (size_t i = 0; i < p->fulllen; i++)
		nlines += p->full[i] == '\n';
	/* the planned file's hunks come first; another file's patch starts with "diff --git" */
	while (*q && !str_starts(q, "diff --git")) {
		const char *eol = strchr(q, '\n');
		unsigned long a, b;
		if (sscanf(q, "@@ -%lu,%*u +%lu", &a, &b) == 2 || sscanf(q, "@@ -%lu +%lu", &a, &b) == 2)
			line = b;
		else if (*q == '+' && line > 0 && line <= nlines)
			added[line++] = 1;
		else if (*q == ' ')
			line++;
		q = eol ? eol + 1 : q + strlen(q);
	}
	tui_dlines_add(d, "The whole file after the fix (v: the diff)", TUI_ROLE_CATEGORY);
	for (size_t n = 1; *s || n == 1; n++) {
		const char *eol = strchr(s, '\n'), *end = eol ? eol : s + strlen(s);
		char num[24];
		int add = added[n <= nlines ? n : 0];
		snprintf(num, sizeof(num), "%5zu%s", n, add ? "+" : " ");
		dl_long(d, num, add ? TUI_ROLE_DIFF_ADD : TUI_ROLE_LINENO, s, (size_t)(end - s),
			add ? TUI_ROLE_DIFF_ADD : TUI_ROLE_NORMAL, width);
		if (!eol)
			break;
		s = eol + 1;
	}
	free(added);
}

/* Columns a line of code is indented by, and its continuations (a narrow pane cuts it, marked with a "↪"). */
#define DETAIL_CODE_INDENT 2

/* Lines of code (a hint, an example), indented; a line too long goes on under a "↪", never cut off. */
static void dl_code(struct tui_dlines *d, const char *text, int width, enum tui_role role)
{
	const char *p = text;
	int room = width - DETAIL_CODE_INDENT > 8 ? width - DETAIL_CODE_INDENT : 8;
	while (*p) {
		const char *eol = strchr(p, '\n'), *end = eol ? eol : p + strlen(p);
		int first = 1;
		do {
			size_t fit = draw_fit(p, (size_t)(end - p), room);
			struct tui_dline *l = dl_new(d);
			if (fit == 0)
				fit = (size_t)(end - p) < 1 ? 0 : 1;
			dl_seg(l, first ? "  " : draw_glyph("↪ ", "> "), first ? 2 : strlen(draw_glyph("↪ ", "> ")),
			       TUI_ROLE_LINENO);
			dl_seg(l, p, fit, role);
			p += fit;
			first = 0;
		} while (p < end);
		p = eol ? eol + 1 : end;
	}
}

/* A good example longer than this is a whole file: the pane points at `berth explain` instead. */
#define DETAIL_EXAMPLE_LINES 12

static size_t lines_of(const char *s)
{
	size_t n = 1;
	for (; *s; s++)
		n += *s == '\n' && s[1];
	return n;
}

/* What a person would write when berth does not (a withheld fix, a value still missing, no fix at all). */
static void dl_hint(struct tui_dlines *d, const char *title, const char *write, const char *check, int width)
{
	dl_new(d);
	tui_dlines_wrap(d, title, width, TUI_ROLE_CATEGORY);
	dl_code(d, write, width, TUI_ROLE_NORMAL);
	if (check)
		tui_dlines_wrap(d, check, width, TUI_ROLE_NA);
}

/* The note without its leading "review: " or "withheld: " when the header says the level already. */
static const char *note_body(const char *note, int level)
{
	const char *name = fix_level_name((enum fix_level)level);
	size_t n = strlen(name);
	return strncmp(note, name, n) == 0 && note[n] == ':' && note[n + 1] == ' ' ? note + n + 2 : note;
}

static void dl_fix(struct tui_app *app, struct tui_dlines *d, size_t file, int item, int width)
{
	const struct tui_accept *acc = tui_model_accepted(&app->m, file, item);
	int kind = tui_model_fixable(&app->m, file, item);
	const struct tui_preview *p = &app->preview;
	const struct explain *ex = explain_get(item);
	int held;
	char *head;
	if (app->scan->files[file].res.status[item] != ST_FAIL)
		return;
	dl_new(d);
	if (kind == FIX_NONE) {
		tui_dlines_wrap(d, "No automatic fix: this one needs a person.", width, TUI_ROLE_NA);
		if (ex && ex->good && *ex->good && lines_of(ex->good) <= DETAIL_EXAMPLE_LINES) {
			char *t = xasprintf("What a person would write (berth explain %s):", item_defs[item].key);
			dl_hint(d, t, ex->good, NULL, width);
			free(t);
		} else if (ex && ex->good && *ex->good) {
			char *t = xasprintf("berth explain %s shows a bad and a good example.", item_defs[item].key);
			tui_dlines_wrap(d, t, width, TUI_ROLE_NA);
			free(t);
		}
		return;
	}
	/* no verified edits: the engine held it back (a precondition, verification, the file's role) */
	held = p->valid && !p->title && !acc;
	if (acc)
		head = xasprintf("Fix accepted%s%s%s", acc->value_name ? ": " : "", acc->value_name ? acc->value_name : "",
				 acc->value ? (acc->value_name ? "=" : ": ") : "");
	else if (held)
		head = xstrdup("Fix withheld: berth writes nothing here");
	else if (p->valid)
		head = xasprintf("Fix (%s%s)%s%s", kind == FIX_VALUE ? "needs a value, " : "",
				 fix_level_name((enum fix_level)p->level), p->title ? ": " : "", p->title ? p->title : "");
	else
		head = xstrdup(kind == FIX_VALUE ? "Fix (needs a value)" : "Fix (automatic)");
	if (acc && acc->value) {
		char *h = xasprintf("%s%s", head, acc->value);
		free(head);
		head = h;
	}
	tui_dlines_wrap(d, head, width, acc ? TUI_ROLE_ACCEPTED : held ? TUI_ROLE_FAIL : TUI_ROLE_TITLE);
	free(head);
	/* the level and the note (evidence, what to check) come before the diff they qualify */
	if (p->valid && p->note)
		tui_dlines_wrap(d, note_body(p->note, held ? FIX_LEVEL_WITHHELD : p->level), width, TUI_ROLE_NA);
	if (p->valid && p->diff.len && app->m.show_full && p->full)
		dl_full(d, p, width);
	else if (p->valid && p->diff.len)
		dl_diff(d, buf_str(&p->diff), width);
	if (p->valid && p->hint && p->hint_partial)
		dl_hint(d, "Where it is withheld, what a person would write:", p->hint, p->hint_check, width);
	else if (p->valid && p->hint && !acc)
		dl_hint(d, held ? "What a person would write:" : "Or write it yourself:", p->hint, p->hint_check, width);
	/* the key comes after the diff it acts on: never visible above a change still below the fold */
	if (acc)
		tui_dlines_wrap(d, "x drops this fix", width, TUI_ROLE_NA);
	else if (p->valid && (p->diff.len || p->value_name))
		tui_dlines_wrap(d, p->diff.len ? "a accepts this fix" : "a asks for the value", width, TUI_ROLE_TITLE);
	else if (held)
		tui_dlines_wrap(d, "e opens the file at the finding to write it", width, TUI_ROLE_TITLE);
}

void tui_detail_build(struct tui_app *app, size_t file, int item, int width, struct tui_dlines *out)
{
	const struct scan_file *sf;
	const struct explain *ex;
	enum status st;
	char *line;
	int nf = 0, walk;

	if (!app->scan || file >= app->scan->nfiles || item < 0 || item >= ITEM_COUNT)
		return;
	sf = &app->scan->files[file];
	st = sf->res.status[item];
	ex = explain_get(item);
	/* the file's whole path, wrapped after a '/' when it must be: the panes' titles may elide it */
	line = xasprintf("%s %s  %s", draw_mark(st), status_name(st), sf->res.path);
	if (draw_width(line, strlen(line)) <= width) {
		dl_text(out, line, draw_status_role(st));
	} else {
		const char *p = sf->res.path;
		free(line);
		line = xasprintf("%s %s", draw_mark(st), status_name(st));
		dl_text(out, line, draw_status_role(st));
		while (*p) {
			size_t fit = draw_fit(p, strlen(p), width), cut = fit;
			if (p[fit])
				while (cut > 0 && p[cut - 1] != '/')
					cut--;
			if (cut == 0)
				cut = fit ? fit : 1;
			dl_seg(dl_new(out), p, cut, TUI_ROLE_NORMAL);
			p += cut;
		}
	}
	free(line);
	/* the walkthrough is about acting: the findings and the fix first, the rationale after */
	walk = app->m.mode == TUI_MODE_WALK;
	if (!walk && ex && ex->why && *ex->why) {
		dl_new(out);
		tui_dlines_wrap(out, ex->why, width, TUI_ROLE_NORMAL);
	}
	for (size_t i = 0; i < sf->res.nfindings; i++) {
		if (sf->res.findings[i].item != item)
			continue;
		dl_new(out);
		dl_finding(out, sf, &sf->res.findings[i], width);
		nf++;
	}
	if (nf == 0 && st == ST_NA) {
		dl_new(out);
		tui_dlines_wrap(out, "Does not apply to this file.", width, TUI_ROLE_NA);
	}
	tui_act_preview(app, file, item);
	dl_fix(app, out, file, item, width);
	if (walk && ex && ex->why && *ex->why) {
		dl_new(out);
		tui_dlines_add(out, "Why it matters", TUI_ROLE_CATEGORY);
		tui_dlines_wrap(out, ex->why, width, TUI_ROLE_NORMAL);
	}
}

void tui_scroll_foot(struct tui_rect box, size_t top, size_t n, int h, int focus)
{
	char t[64];
	size_t last = top + (size_t)h < n ? top + (size_t)h : n;
	if (h <= 0 || n <= (size_t)h)
		return;
	snprintf(t, sizeof(t), "%zu-%zu/%zu %s", top + 1, last, n,
		 top == 0 ? draw_glyph("↓ more", "v more") : last == n ? draw_glyph("↑", "^") : draw_glyph("↕", "^v"));
	draw_box_foot(box, t, focus);
}

size_t tui_dlines_draw(const struct tui_dlines *d, struct tui_rect r, size_t top)
{
	if (r.h <= 0)
		return 0;
	if (d->n <= (size_t)r.h)
		top = 0;
	else if (top > d->n - (size_t)r.h)
		top = d->n - (size_t)r.h;
	for (int i = 0; i < r.h && top + (size_t)i < d->n; i++) {
		const struct tui_dline *l = &d->v[top + (size_t)i];
		int x = r.x;
		for (int s = 0; s < l->nseg && x < r.x + r.w; s++)
			x += draw_text(r.y + i, x, r.x + r.w - x, l->seg[s].text, strlen(l->seg[s].text),
				       l->seg[s].role, 0);
	}
	return top;
}

static void detail_draw(struct tui_app *app, struct tui_rect r, int focus)
{
	struct tui_model *m = &app->m;
	struct tui_rect in = { r.y + 1, r.x + 1, r.h - 2, r.w - 2 };
	struct tui_dlines d = { 0 };
	size_t f = tui_model_file(m);
	int item = tui_model_item(m);
	if (f == TUI_NONE || item < 0) {
		draw_box(r, "Detail", NULL, focus);
		return;
	}
	draw_box(r, item_defs[item].title, item_defs[item].key, focus);
	tui_detail_build(app, f, item, in.w - 1, &d);
	m->detail_top = tui_dlines_draw(&d, (struct tui_rect){ in.y, in.x + 1, in.h, in.w - 1 }, m->detail_top);
	tui_scroll_foot(r, m->detail_top, d.n, in.h, focus);
	tui_dlines_free(&d);
}

static void detail_click(struct tui_app *app, struct tui_rect r, int y, int x)
{
	tui_model_focus(&app->m, TUI_PANE_DETAIL);
}

const struct tui_view_ops tui_detail_view = { "detail", detail_draw, NULL, detail_click };
