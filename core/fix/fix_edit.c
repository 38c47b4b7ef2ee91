/*
 * fix_edit - the edit model: byte-range replacements grouped by file, how
 * they are applied, the line helpers generators copy the file's style with,
 * and the overlay view of files as they will be after fixes.
 */
#include "fix_priv.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

struct fix *fix_new(struct fix_ctx *c, int item, const char *rule, const char *fmt, ...)
{
	struct fix f;
	struct buf b = BUF_INIT;
	va_list ap;
	memset(&f, 0, sizeof(f));
	f.item = item;
	f.rule = rule;
	f.level = fix_item_level(item);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	f.title = buf_detach(&b);
	PUSH(c->fixes, c->nfixes, c->cap, f);
	return &c->fixes[c->nfixes - 1];
}

static struct fix_change *change_for(struct fix *f, const char *path)
{
	struct fix_change ch;
	size_t cap = f->nchanges;
	for (size_t i = 0; i < f->nchanges; i++)
		if (strcmp(f->changes[i].path, path) == 0)
			return &f->changes[i];
	memset(&ch, 0, sizeof(ch));
	ch.path = xstrdup(path);
	PUSH(f->changes, f->nchanges, cap, ch);
	return &f->changes[f->nchanges - 1];
}

void fix_edit(struct fix *f, const char *path, size_t start, size_t end, const char *text)
{
	struct fix_change *ch = change_for(f, path);
	struct fix_edit e = { start, end < start ? start : end, xstrdup(text) };
	size_t cap = ch->nedits;
	PUSH(ch->edits, ch->nedits, cap, e);
}

void fix_insert(struct fix *f, const char *path, size_t at, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	fix_edit(f, path, at, at, buf_str(&b));
	buf_free(&b);
}

void fix_create(struct fix *f, const char *path, const char *text)
{
	struct fix_change *ch = change_for(f, path);
	ch->create = 1;
	fix_edit(f, path, 0, 0, text);
}

static int edit_cmp(const void *a, const void *b)
{
	const struct fix_edit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* an insertion before a replacement starting at the same offset */
	return (x->end > y->end) - (x->end < y->end);
}

int fix_normalize(struct fix *f)
{
	for (size_t i = 0; i < f->nchanges; i++) {
		struct fix_change *ch = &f->changes[i];
		if (ch->nedits > 1)
			qsort(ch->edits, ch->nedits, sizeof(*ch->edits), edit_cmp);
		for (size_t j = 1; j < ch->nedits; j++)
			if (ch->edits[j].start < ch->edits[j - 1].end ||
			    (ch->edits[j].start == ch->edits[j - 1].start &&
			     ch->edits[j].start == ch->edits[j - 1].end &&
			     ch->edits[j].end == ch->edits[j].start))
				return -1;  /* overlap, or two insertions at one place (order unknown) */
	}
	return 0;
}

int fix_edits_apply(const char *data, size_t len, const struct fix_edit *e, size_t n,
		    char **out, size_t *outlen)
{
	struct buf b = BUF_INIT;
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		if (e[i].start < at || e[i].end < e[i].start || e[i].end > len) {
			buf_free(&b);
			return -1;
		}
		buf_add(&b, data + at, e[i].start - at);
		buf_puts(&b, e[i].text);
		at = e[i].end;
	}
	buf_add(&b, data + at, len - at);
	buf_grow(&b, 1);
	b.ptr[b.len] = '\0';
	*outlen = b.len;
	*out = buf_detach(&b);
	return 0;
}

int fix_change_apply(const struct fix_change *ch, const char *data, size_t len,
		     char **out, size_t *outlen)
{
	return fix_edits_apply(ch->create ? "" : data, ch->create ? 0 : len,
			       ch->edits, ch->nedits, out, outlen);
}

void fix_clear(struct fix *f)
{
	if (!f)
		return;
	fix_strip(f);
	free(f->title);
	free(f->service);
	free(f->note);
	free(f->value_name);
	free(f->value_default);
	free(f->value);
	memset(f, 0, sizeof(*f));
}

void fix_free(struct fix *f)
{
	fix_clear(f);
	free(f);
}

const char *fix_newline(const char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len);
	return nl && nl > data && nl[-1] == '\r' ? "\r\n" : "\n";
}

size_t fix_line_start(const char *data, size_t off)
{
	while (off > 0 && data[off - 1] != '\n')
		off--;
	return off;
}

size_t fix_line_next(const char *data, size_t len, size_t off)
{
	const char *nl = off < len ? memchr(data + off, '\n', len - off) : NULL;
	return nl ? (size_t)(nl - data) + 1 : len;
}

char *fix_line_indent(const char *data, size_t len, size_t off)
{
	size_t s = fix_line_start(data, off < len ? off : len), e = s;
	while (e < len && (data[e] == ' ' || data[e] == '\t'))
		e++;
	return xstrndup(data + s, e - s);
}

/* --- overlay --- */

struct ovfile {
	char *path;
	char *data;
	size_t len;
	int created;            /* missing from the base when first put: adds a name to its folder */
};

/* A name the overlay adds to a folder: a created file, or a folder that holds one. */
struct ovname {
	const char *name;       /* points into a created file's path or into a dirnames string */
	size_t next;            /* the next name of the same folder, + 1; 0 ends */
};

/*
 * A whole-repository `fix` puts thousands of files here, so lookups go
 * through hash maps: paths to files, and folders to the created files in
 * them (only a created file adds a name to a folder, or a folder).
 */
struct fix_overlay {
	const struct fsview *base;
	struct ovfile *files;
	size_t n, cap;
	struct strmap index;    /* path -> index into files */
	struct strmap dirs;     /* folder -> its first added name, + 1 (0: none yet) */
	char **dirnames;        /* the keys of dirs, owned */
	size_t ndirnames, capdirnames;
	struct ovname *names;
	size_t nnames, capnames;
};

struct fix_overlay *fix_overlay_new(const struct fsview *base)
{
	struct fix_overlay *o = xcalloc(1, sizeof(*o));
	o->base = base;
	return o;
}

static struct ovfile *ov_find(struct fix_overlay *o, const char *path)
{
	size_t i = strmap_get(&o->index, path);
	return i == (size_t)-1 ? NULL : &o->files[i];
}

/* Add `name` to folder `dir`'s list; returns whether the folder was new to the map. */
static int ov_add_name(struct fix_overlay *o, const char *dir, const char *name)
{
	size_t head = strmap_get(&o->dirs, dir);
	struct ovname nm = { name, head == (size_t)-1 ? 0 : head };
	const char *key = dir;
	if (head == (size_t)-1) {
		PUSH(o->dirnames, o->ndirnames, o->capdirnames, xstrdup(dir));
		key = o->dirnames[o->ndirnames - 1];
	}
	PUSH(o->names, o->nnames, o->capnames, nm);
	strmap_put(&o->dirs, key, o->nnames);
	return head == (size_t)-1;
}

/* A created file adds its name to its folder, and a folder new to the base adds its own upwards. */
static void ov_link_created(struct fix_overlay *o, size_t i)
{
	const char *path = o->files[i].path;
	char *dir = str_dirname(path);
	int fresh = ov_add_name(o, dir, str_basename(path));
	while (fresh && *dir && fs_stat(o->base, dir) == FS_MISSING) {
		char *up = str_dirname(dir);
		/* the name points into the map's own copy of dir, which lives as long as the overlay */
		const char *own = o->dirnames[o->ndirnames - 1];
		fresh = ov_add_name(o, up, str_basename(own));
		free(dir);
		dir = up;
	}
	free(dir);
}

void fix_overlay_put(struct fix_overlay *o, const char *path, const char *data, size_t len)
{
	struct ovfile *f = ov_find(o, path);
	if (!f) {
		struct ovfile nf = { xstrdup(path), NULL, 0, fs_stat(o->base, path) == FS_MISSING };
		PUSH(o->files, o->n, o->cap, nf);
		if (nf.created)
			ov_link_created(o, o->n - 1);
		/* the key is the path string itself, which stays put when the array moves */
		strmap_put(&o->index, o->files[o->n - 1].path, o->n - 1);
		f = &o->files[o->n - 1];
	}
	free(f->data);
	f->data = xstrndup(data, len);
	f->len = len;
}

static int ov_read(void *p, const char *path, char **data, size_t *len)
{
	struct fix_overlay *o = p;
	struct ovfile *f = ov_find(o, path);
	if (!f)
		return fs_read(o->base, path, data, len);
	*data = xstrndup(f->data, f->len);
	*len = f->len;
	return 0;
}

static enum fs_type ov_stat(void *p, const char *path)
{
	struct fix_overlay *o = p;
	size_t n = strlen(path);
	if (ov_find(o, path))
		return FS_FILE;
	/* only a created file can make a folder the base does not have */
	if (n && strmap_get(&o->dirs, path) != (size_t)-1)
		return FS_DIR;
	return fs_stat(o->base, path);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The base's names plus the overlay's new files directly in `dir`. */
static int ov_list(void *p, const char *dir, char ***names, size_t *n)
{
	struct fix_overlay *o = p;
	size_t cap, k;
	if (fs_list(o->base, dir, names, n) < 0 && ov_stat(o, dir) != FS_DIR)
		return -1;
	cap = *n;
	k = strmap_get(&o->dirs, dir);
	for (k = k == (size_t)-1 ? 0 : k; k; k = o->names[k - 1].next) {
		const char *name = o->names[k - 1].name;
		int dup = 0;
		for (size_t j = 0; j < *n; j++)
			dup |= strcmp((*names)[j], name) == 0;
		if (!dup)
			PUSH(*names, *n, cap, xstrdup(name));
	}
	if (*n > 1)
		qsort(*names, *n, sizeof(**names), name_cmp);
	return 0;
}

static int ov_tracked(void *p, const char *path)
{
	struct fix_overlay *o = p;
	return fs_tracked(o->base, path);
}

int fix_overlay_peek(struct fix_overlay *o, const char *path, const char **data, size_t *len)
{
	struct ovfile *f = ov_find(o, path);
	if (!f)
		return -1;
	*data = f->data;
	*len = f->len;
	return 0;
}

int fix_overlay_touches(struct fix_overlay *o, const char *path)
{
	return ov_find(o, path) || strmap_get(&o->dirs, path) != (size_t)-1;
}

void fix_overlay_view(struct fix_overlay *o, struct fsview *out)
{
	out->read = ov_read;
	out->stat = ov_stat;
	out->list = ov_list;
	out->tracked = ov_tracked;
	out->payload = o;
}

void fix_overlay_free(struct fix_overlay *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		free(o->files[i].path);
		free(o->files[i].data);
	}
	free(o->files);
	strmap_free(&o->index);
	strmap_free(&o->dirs);
	for (size_t i = 0; i < o->ndirnames; i++)
		free(o->dirnames[i]);
	free(o->dirnames);
	free(o->names);
	free(o);
}
