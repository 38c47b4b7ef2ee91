#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "pragma.h"
#include "strmap.h"
#include "util.h"

/* Messages up to this long are formatted once, on the stack. */
#define AUDIT_MSG_STACK 512

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
	a->official_images = -1;
}

void audit_applies(struct audit *a, int item)
{
	if (item >= 0 && item < ITEM_COUNT)
		a->res->applies[item] = 1;
}

/* Append n bytes to out[*len] when they fit below cap (room kept for the NUL); 0 when they do not. */
static int put_bytes(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
	if (n >= cap - *len)
		return 0;
	memcpy(out + *len, s, n);
	*len += n;
	return 1;
}

/* The decimal digits of v (and a '-' when negative), as printf's %d / %ld / %zu write them. */
static int put_number(char *out, size_t cap, size_t *len, unsigned long long v, int negative)
{
	char digits[24];
	size_t i = sizeof(digits);
	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (negative)
		digits[--i] = '-';
	return put_bytes(out, cap, len, digits + i, sizeof(digits) - i);
}

/*
 * The conversions the checklist's messages use — %s, %.Ns, %.*s, %c, %d,
 * %ld, %zu and %% — written here exactly as vsnprintf writes them, without
 * its cost per call. Returns 0 with out[*len] NUL-terminated, or -1 when the
 * format holds anything else (a flag, a width, another conversion), a NULL
 * string, or the text does not fit: the caller then asks vsnprintf.
 */
static int quick_format(char *out, size_t cap, size_t *len, const char *fmt, va_list ap)
{
	*len = 0;
	for (const char *p = fmt; *p; p++) {
		long prec = -1;
		if (*p != '%') {
			const char *q = strchr(p, '%');
			size_t n = q ? (size_t)(q - p) : strlen(p);
			if (!put_bytes(out, cap, len, p, n))
				return -1;
			p += n - 1;
			continue;
		}
		p++;
		if (*p == '.') {
			p++;
			if (*p == '*') {
				int v = va_arg(ap, int);
				prec = v < 0 ? -1 : v;  /* a negative precision is taken as none */
				p++;
			} else {
				if (*p < '0' || *p > '9')
					return -1;
				for (prec = 0; *p >= '0' && *p <= '9'; p++)
					if ((prec = prec * 10 + (*p - '0')) > 1000000)
						return -1;
			}
			if (*p != 's')
				return -1;
		}
		switch (*p) {
		case 's': {
			const char *str = va_arg(ap, const char *);
			size_t n;
			if (!str)
				return -1;
			n = prec < 0 ? strlen(str) : strnlen(str, (size_t)prec);
			if (!put_bytes(out, cap, len, str, n))
				return -1;
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			if (!put_bytes(out, cap, len, &c, 1))
				return -1;
			break;
		}
		case 'd': {
			int v = va_arg(ap, int);
			if (!put_number(out, cap, len, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0))
				return -1;
			break;
		}
		case 'l': {
			long v;
			if (p[1] != 'd')
				return -1;
			p++;
			v = va_arg(ap, long);
			if (!put_number(out, cap, len, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, v < 0))
				return -1;
			break;
		}
		case 'z':
			if (p[1] != 'u')
				return -1;
			p++;
			if (!put_number(out, cap, len, va_arg(ap, size_t), 0))
				return -1;
			break;
		case '%':
			if (!put_bytes(out, cap, len, "%", 1))
				return -1;
			break;
		default:
			return -1;
		}
	}
	out[*len] = '\0';
	return 0;
}

/* The finding's message: formatted here when it can be, else by vsnprintf (a long one twice). */
static char *format_message(const char *fmt, va_list ap)
{
	char small[AUDIT_MSG_STACK];
	size_t len;
	va_list cp;
	int n, quick;
	va_copy(cp, ap);
	quick = quick_format(small, sizeof(small), &len, fmt, cp);
	va_end(cp);
	if (quick == 0)
		return xstrndup(small, len);
	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return xstrdup("");
	if ((size_t)n < sizeof(small))
		return xstrndup(small, (size_t)n);
	{
		struct buf msg = BUF_INIT;
		buf_vprintf(&msg, fmt, ap);
		return buf_detach(&msg);
	}
}

struct finding *audit_add(struct audit *a, int item, enum sev sev, const char *rule,
			  size_t start, size_t end, enum fixkind fix, const char *fmt, ...)
{
	struct file_result *r = a->res;
	struct finding *f;
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
	if (a->service) {
		f->service = xstrdup(a->service);
		f->services = xcalloc(1, sizeof(*f->services));
		f->services[0] = xstrdup(a->service);
		f->nservices = 1;
	}
	va_start(ap, fmt);
	f->message = format_message(fmt, ap);
	va_end(ap);
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

/* Findings sorted by an insertion sort up to this many, by qsort past it. */
#define SORT_INSERTION_MAX 32

/*
 * A stable sort, as glibc's qsort is (a merge sort): equal findings keep
 * the order they were added in. A file's few findings are sorted in place
 * by insertion, without qsort's set-up and indirect moves.
 */
static void sort_findings(struct finding *v, size_t n)
{
	if (n > SORT_INSERTION_MAX) {
		qsort(v, n, sizeof(*v), finding_cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		struct finding x;
		size_t j = i;
		if (finding_cmp(&v[i - 1], &v[i]) <= 0)
			continue;
		x = v[i];
		while (j > 0 && finding_cmp(&v[j - 1], &x) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* ---- the same problem reported once ---- */

/*
 * Rules whose problem lives in another file than the line that names it: a
 * tracked env_file holding secrets is one problem however many services list
 * it (huginn: one finding per service). Their findings fold whatever the line.
 */
static const char *const FOLD_ANY_LINE[] = { "env-file-tracked", NULL };

static int fold_line(const struct finding *f)
{
	for (size_t i = 0; FOLD_ANY_LINE[i]; i++)
		if (strcmp(f->rule, FOLD_ANY_LINE[i]) == 0)
			return 0;
	return f->line;
}

static int same_problem(const struct finding *a, const struct finding *b)
{
	return fold_line(a) == fold_line(b) && a->item == b->item && strcmp(a->rule, b->rule) == 0 &&
	       strcmp(a->message, b->message) == 0;
}

/*
 * Pointers into one array of findings by (fold_line, item, rule, message), then
 * position: duplicates end up side by side. Pointers, not indices, so that
 * the comparison needs no shared state (files are judged on several threads).
 */
static int dup_cmp(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa, *b = *(const struct finding *const *)pb;
	int c;
	if (fold_line(a) != fold_line(b))
		return fold_line(a) < fold_line(b) ? -1 : 1;
	if (a->item != b->item)
		return a->item < b->item ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)) != 0 || (c = strcmp(a->message, b->message)) != 0)
		return c;
	return a < b ? -1 : a > b ? 1 : 0;
}

/* Fold `dup` into `keep`: its services join (each once), the worst severity stays. */
static void fold_finding(struct finding *keep, struct finding *dup, struct strmap *seen)
{
	if (dup->sev != SEV_NEVER && (keep->sev == SEV_NEVER || dup->sev > keep->sev))
		keep->sev = dup->sev;
	keep->suppressed &= dup->suppressed;
	for (size_t k = 0; k < dup->nservices; k++) {
		if (strmap_get(seen, dup->services[k]) != (size_t)-1) {
			free(dup->services[k]);
			continue;
		}
		GROW(keep->services, keep->svccap_, keep->nservices + 1);
		keep->services[keep->nservices] = dup->services[k];
		strmap_put(seen, keep->services[keep->nservices], keep->nservices);
		keep->nservices++;
	}
	dup->nservices = 0;
}

void finding_free(struct finding *f)
{
	free(f->rule);
	free(f->message);
	free(f->service);
	for (size_t k = 0; k < f->nservices; k++)
		free(f->services[k]);
	free(f->services);
	free(f->fix_note);
}

/*
 * The same problem is one finding (CHECKLIST.md): several services merging
 * one anchor, several services building one Dockerfile, one word matched
 * twice. The first in the sorted order stays (its column, its fix); the
 * others give it their services and go. Runs on sorted findings and keeps
 * their order; O(n log n), whatever number of services share a line.
 */
static void dedup_findings(struct file_result *r)
{
	struct finding **ix;
	size_t n = r->nfindings, w = 0;
	unsigned char *gone;
	if (n < 2)
		return;
	ix = xcalloc(n, sizeof(*ix));
	gone = xcalloc(n, 1);
	for (size_t i = 0; i < n; i++)
		ix[i] = &r->findings[i];
	qsort(ix, n, sizeof(*ix), dup_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		struct finding *keep = ix[i];
		struct strmap seen = STRMAP_INIT;
		for (j = i + 1; j < n && same_problem(keep, ix[j]); j++)
			;
		if (j - i < 2)
			continue;
		keep->svccap_ = keep->nservices;
		for (size_t k = 0; k < keep->nservices; k++)
			strmap_put(&seen, keep->services[k], k);
		for (size_t k = i + 1; k < j; k++) {
			fold_finding(keep, ix[k], &seen);
			gone[ix[k] - r->findings] = 1;
		}
		strmap_free(&seen);
	}
	for (size_t i = 0; i < n; i++) {
		if (gone[i])
			finding_free(&r->findings[i]);
		else
			r->findings[w++] = r->findings[i];
	}
	r->nfindings = w;
	free(gone);
	free(ix);
}

/* Every item's status from the findings (CHECKLIST.md "Status of an item"). */
static void derive_status(struct file_result *r)
{
	int failing[ITEM_COUNT] = { 0 }, suppressed[ITEM_COUNT] = { 0 };
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

void check_finish(struct audit *a)
{
	struct file_result *r = a->res;
	const struct config *cfg = a->cfg;

	check_apply_role(r);
	for (size_t i = 0; i < r->nfindings; i++) {
		struct finding *f = &r->findings[i];
		if (cfg && cfg->has_severity[f->item] && f->sev >= SEV_WARNING)
			f->sev = cfg->severity[f->item];
		if (cfg && cfg->ignore[f->item])
			f->suppressed = 1;
	}
	pragma_apply(r, a->text);
	sort_findings(r->findings, r->nfindings);
	dedup_findings(r);
	derive_status(r);
}

/* ---- the same problem in several files ---- */

/* Files named in the message of the finding that stands for several, at most; the rest are counted. */
#define ONCE_NAMES_MAX 5

/* One raised finding of the item in one file, for check_once_across. */
struct across {
	size_t file, finding;
	const struct finding *f;
};

/* By (rule, message), then file order: one problem of several files side by side. */
static int across_cmp(const void *pa, const void *pb)
{
	const struct across *a = pa, *b = pb;
	int c;
	if ((c = strcmp(a->f->rule, b->f->rule)) != 0 || (c = strcmp(a->f->message, b->f->message)) != 0)
		return c;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return a->finding < b->finding ? -1 : a->finding > b->finding;
}

/* Group g[0..n) (n >= 2 files): the first keeps the finding and names the others; theirs become info. */
static void once_group(struct file_result **res, const struct across *g, size_t n, unsigned char *changed)
{
	struct finding *keep = &res[g[0].file]->findings[g[0].finding];
	struct buf msg = BUF_INIT;
	const char *first = res[g[0].file]->path;
	buf_printf(&msg, "%s; the same problem for %zu Dockerfiles sharing this build context, reported once here "
		   "(also ", keep->message, n);
	for (size_t i = 1; i < n && i <= ONCE_NAMES_MAX; i++)
		buf_printf(&msg, "%s%s", i > 1 ? ", " : "", res[g[i].file]->path);
	if (n - 1 > ONCE_NAMES_MAX)
		buf_printf(&msg, " and %zu more", n - 1 - ONCE_NAMES_MAX);
	buf_printf(&msg, ")");
	for (size_t i = 1; i < n; i++) {
		struct finding *f = &res[g[i].file]->findings[g[i].finding];
		char *m = xasprintf("%s; reported once, at %s (the build context is shared)", f->message, first);
		free(f->message);
		f->message = m;
		f->sev = SEV_INFO;
		changed[g[i].file] = 1;
	}
	free(keep->message);
	keep->message = buf_detach(&msg);
	for (size_t i = 0; i < n; i++)
		res[g[i].file]->folded = 1;
}

void check_once_across(struct file_result **res, size_t n, int item)
{
	struct across *v = NULL;
	size_t nv = 0, cap = 0;
	unsigned char *changed;
	if (item == ITEM_PERF_DOCKERIGNORE) {
		check_dockerignore_across(res, n);
		for (size_t i = 0; i < n; i++)
			if (res[i]->folded)
				derive_status(res[i]);
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < res[i]->nfindings; k++) {
			const struct finding *f = &res[i]->findings[k];
			struct across x = { i, k, f };
			if (f->item == item && f->sev >= SEV_WARNING && f->sev != SEV_NEVER && !f->suppressed)
				PUSH(v, nv, cap, x);
		}
	if (nv < 2) {
		free(v);
		return;
	}
	changed = xcalloc(n, 1);
	qsort(v, nv, sizeof(*v), across_cmp);
	for (size_t i = 0, j; i < nv; i = j) {
		size_t files = 1;
		for (j = i + 1; j < nv && !strcmp(v[i].f->rule, v[j].f->rule) && !strcmp(v[i].f->message, v[j].f->message); j++)
			files += v[j].file != v[j - 1].file;
		/* one file holding it twice is check_finish's business; several files: one of them raises it */
		if (files >= 2 && files == j - i)
			once_group(res, v + i, j - i, changed);
	}
	for (size_t i = 0; i < n; i++)
		if (changed[i])
			derive_status(res[i]);
	free(changed);
	free(v);
}

/*
 * Where a Compose finding's note says the service takes the problem from a
 * service of another file (" (inherited from S in F)", " (as in S in F,
 * which it extends)", check_compose.c): the position of that note in msg and
 * the two names; 0 when there is none.
 */
static int extends_note(const char *msg, size_t *at, char **svc, char **file)
{
	static const char *const marks[] = { " (inherited from ", " (as in ", NULL };
	for (size_t m = 0; marks[m]; m++) {
		const char *p = strstr(msg, marks[m]), *s, *in, *end;
		if (!p)
			continue;
		s = p + strlen(marks[m]);
		in = strstr(s, " in ");
		if (!in || memchr(s, ' ', (size_t)(in - s)))
			continue;
		end = strstr(in + 4, ", which it extends)");
		if (!end)
			end = strrchr(in + 4, ')');
		if (!end || end == in + 4)
			continue;
		*at = (size_t)(p - msg);
		*svc = xstrndup(s, (size_t)(in - s));
		*file = xstrndup(in + 4, (size_t)(end - (in + 4)));
		return 1;
	}
	return 0;
}

/* A raised finding of file r for service svc with f's item, rule and message (up to len bytes). */
static const struct finding *base_finding(const struct file_result *r, const struct finding *f, size_t len,
					  const char *svc)
{
	for (size_t k = 0; k < r->nfindings; k++) {
		const struct finding *b = &r->findings[k];
		int named = 0;
		if (b->item != f->item || strcmp(b->rule, f->rule) || b->sev < SEV_WARNING || b->sev == SEV_NEVER ||
		    b->suppressed || strncmp(b->message, f->message, len) ||
		    (b->message[len] != '\0' && b->message[len] != ' ' && b->message[len] != ';'))
			continue;
		for (size_t i = 0; i < b->nservices && !named; i++)
			named = !strcmp(b->services[i], svc);
		if (named || (b->service && !strcmp(b->service, svc)))
			return b;
	}
	return NULL;
}

/* One raised finding inherited from a service of a file berth does not audit, for unaudited_base_once. */
struct inherited {
	size_t file, finding;
	char *key;              /* "item\trule\tmessage before the note\tservice\tfile" */
	int rank;               /* 0: a default-named file at the root (the one a user runs), 1: any other */
};

static int inherited_cmp(const void *pa, const void *pb)
{
	const struct inherited *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	if (a->rank != b->rank)
		return a->rank - b->rank;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return a->finding < b->finding ? -1 : a->finding > b->finding;
}

static int root_default_compose(const char *path)
{
	static const char *const names[] = { "compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", NULL };
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(path, names[i]))
			return 1;
	return 0;
}

/*
 * Beyond revision 4 (HOLDOUT10.md, fineract): services of several Compose
 * files extend one service of a file berth does not audit (not a candidate
 * name: config/docker/compose/fineract.yml); what they inherit is one problem
 * with one fix in that file. It is raised once — in the root default file if
 * it is one of them, else the first — and the others say where (info).
 */
static void unaudited_base_once(struct file_result **res, size_t n)
{
	struct inherited *v = NULL;
	size_t nv = 0, cap = 0;
	unsigned char *changed;
	for (size_t i = 0; i < n; i++) {
		if (res[i]->kind != KIND_COMPOSE)
			continue;
		for (size_t k = 0; k < res[i]->nfindings; k++) {
			const struct finding *f = &res[i]->findings[k];
			size_t at = 0, j;
			char *svc = NULL, *file = NULL;
			if (f->sev < SEV_WARNING || f->sev == SEV_NEVER || f->suppressed || !f->service ||
			    !extends_note(f->message, &at, &svc, &file))
				continue;
			for (j = 0; j < n && strcmp(res[j]->path, file); j++)
				;
			if (j == n) {
				struct inherited x = { i, k, NULL, !root_default_compose(res[i]->path) };
				x.key = xasprintf("%d\t%s\t%.*s\t%s\t%s", f->item, f->rule, (int)at, f->message, svc, file);
				PUSH(v, nv, cap, x);
			}
			free(svc);
			free(file);
		}
	}
	if (nv < 2) {
		for (size_t i = 0; i < nv; i++)
			free(v[i].key);
		free(v);
		return;
	}
	changed = xcalloc(n, 1);
	qsort(v, nv, sizeof(*v), inherited_cmp);
	for (size_t i = 0, j; i < nv; i = j) {
		const char *first = res[v[i].file]->path;
		for (j = i + 1; j < nv && !strcmp(v[i].key, v[j].key); j++) {
			struct finding *f = &res[v[j].file]->findings[v[j].finding];
			char *m;
			if (v[j].file == v[i].file)
				continue;       /* one file: check_finish's de-duplication */
			m = xasprintf("%s; raised once, in %s, which inherits it from the same service", f->message, first);
			free(f->message);
			f->message = m;
			f->sev = SEV_INFO;
			changed[v[j].file] = 1;
			res[v[j].file]->folded = 1;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (changed[i])
			derive_status(res[i]);
	for (size_t i = 0; i < nv; i++)
		free(v[i].key);
	free(v);
	free(changed);
}

void check_extends_across(struct file_result **res, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int changed = 0;
		if (res[i]->kind != KIND_COMPOSE)
			continue;
		for (size_t k = 0; k < res[i]->nfindings; k++) {
			struct finding *f = &res[i]->findings[k];
			size_t at = 0;
			char *svc = NULL, *file = NULL;
			if (f->sev < SEV_WARNING || f->sev == SEV_NEVER || f->suppressed || !f->service ||
			    !extends_note(f->message, &at, &svc, &file))
				continue;
			for (size_t j = 0; j < n; j++) {
				if (j == i || res[j]->kind != KIND_COMPOSE || strcmp(res[j]->path, file))
					continue;
				if (base_finding(res[j], f, at, svc)) {
					char *m = xasprintf("%s; raised in %s, where %s is written: one fix there", f->message,
							    file, svc);
					free(f->message);
					f->message = m;
					f->sev = SEV_INFO;
					changed = 1;
				}
				break;
			}
			free(svc);
			free(file);
		}
		if (changed) {
			res[i]->folded = 1;
			derive_status(res[i]);
		}
	}
	unaudited_base_once(res, n);
}

void file_result_free(struct file_result *r)
{
	for (size_t i = 0; i < r->nfindings; i++)
		finding_free(&r->findings[i]);
	free(r->findings);
	free(r->path);
	free(r->role_reason);
	memset(r, 0, sizeof(*r));
}
