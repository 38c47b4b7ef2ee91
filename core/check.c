#include "check.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "pragma.h"
#include "util.h"

const char *sev_name(enum sev s)
{
	static const char *const names[] = { "info", "warning", "error", "never" };
	return (unsigned)s <= SEV_NEVER ? names[s] : "?";
}

int sev_parse(const char *s, enum sev *out)
{
	for (int i = SEV_INFO; i <= SEV_NEVER; i++)
		if (strcmp(s, sev_name((enum sev)i)) == 0) {
			*out = (enum sev)i;
			return 0;
		}
	return -1;
}

const char *status_name(enum status s)
{
	static const char *const names[] = { "n/a", "pass", "fail", "ignored" };
	return (unsigned)s <= ST_IGNORED ? names[s] : "?";
}

void audit_init(struct audit *a, struct file_result *res, const char *path,
		enum filekind kind, const struct text *text, const struct config *cfg)
{
	memset(a, 0, sizeof(*a));
	memset(res, 0, sizeof(*res));
	res->path = xstrdup(path);
	res->kind = kind;
	a->res = res;
	a->text = text;
	a->cfg = cfg;
}

void audit_applies(struct audit *a, int item)
{
	if (item >= 0 && item < ITEM_COUNT)
		a->res->applies[item] = 1;
}

struct finding *audit_add(struct audit *a, int item, enum sev sev, const char *rule,
			  size_t start, size_t end, enum fixkind fix, const char *fmt, ...)
{
	struct file_result *r = a->res;
	struct finding *f;
	struct buf msg = BUF_INIT;
	va_list ap;

	GROW(r->findings, r->cap, r->nfindings + 1);
	f = &r->findings[r->nfindings++];
	memset(f, 0, sizeof(*f));
	f->item = item;
	f->rule = xstrdup(rule ? rule : "");
	f->sev = sev;
	if (end < start)
		end = start;
	f->start = start;
	f->end = end;
	f->fix = fix;
	f->service = a->service ? xstrdup(a->service) : NULL;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	f->message = buf_detach(&msg);
	if (a->text) {
		text_pos(a->text, start, &f->line, &f->col);
		/* end_col names the last byte of the span */
		text_pos(a->text, end > start ? end - 1 : start, &f->end_line, &f->end_col);
	} else {
		f->line = f->col = f->end_line = f->end_col = 1;
	}
	audit_applies(a, item);
	return f;
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	c = strcmp(item_defs[a->item].key, item_defs[b->item].key);
	if (c)
		return c;
	if (a->end_line != b->end_line)
		return a->end_line < b->end_line ? -1 : 1;
	if (a->end_col != b->end_col)
		return a->end_col < b->end_col ? -1 : 1;
	return strcmp(a->message, b->message);
}

void check_finish(struct audit *a)
{
	struct file_result *r = a->res;
	const struct config *cfg = a->cfg;
	int failing[ITEM_COUNT] = { 0 }, suppressed[ITEM_COUNT] = { 0 };

	for (size_t i = 0; i < r->nfindings; i++) {
		struct finding *f = &r->findings[i];
		if (cfg && cfg->has_severity[f->item] && f->sev >= SEV_WARNING)
			f->sev = cfg->severity[f->item];
		if (cfg && cfg->ignore[f->item])
			f->suppressed = 1;
	}
	pragma_apply(r, a->text);
	if (r->nfindings > 1)
		qsort(r->findings, r->nfindings, sizeof(*r->findings), finding_cmp);

	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		if (f->sev < SEV_WARNING || f->sev == SEV_NEVER)
			continue;
		if (f->suppressed)
			suppressed[f->item]++;
		else
			failing[f->item]++;
	}
	for (int i = 0; i < ITEM_COUNT; i++) {
		if (item_defs[i].kind != r->kind)
			r->status[i] = ST_NA;
		else if (failing[i])
			r->status[i] = ST_FAIL;
		else if (suppressed[i])
			r->status[i] = ST_IGNORED;
		else if (r->applies[i])
			r->status[i] = ST_PASS;
		else
			r->status[i] = ST_NA;
	}
}

void file_result_free(struct file_result *r)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		free(r->findings[i].rule);
		free(r->findings[i].message);
		free(r->findings[i].service);
	}
	free(r->findings);
	free(r->path);
	memset(r, 0, sizeof(*r));
}
