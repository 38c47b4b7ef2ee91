/*
 * fix_compose_util - reading a Compose file for fixes: its services, where
 * each one's block ends, and the style its lists and indentation use.
 */
#include "fix_compose.h"

#include <stdlib.h>
#include <string.h>

/* Columns a block list's dash sits right of its key when the file shows none. */
#define FIX_DEFAULT_DASH 2
#define FIX_DEFAULT_UNIT 2
/* How deep the style is looked for (services sit at depth 1, their lists at 2 or 3). */
#define FIX_STYLE_DEPTH 5

size_t cfile_key_end(const struct cfile *f, const struct ydoc_node *key, int *eof_no_nl)
{
	const char *d = f->data;
	size_t col = (size_t)key->start.col, p = fix_line_next(d, f->len, key->start.offset);
	size_t last = p, child = 0;
	int trailing = 1;       /* comments since the last content line all sit deeper than the block's keys */
	while (p < f->len) {
		size_t e = p, ind;
		while (e < f->len && d[e] == ' ')
			e++;
		ind = e - p;
		if (e < f->len && d[e] != '\n' && d[e] != '\r' && d[e] != '#') {
			if (ind < col || (ind == 0 && (mem_starts(d + e, f->len - e, "---") || mem_starts(d + e, f->len - e, "..."))))
				break;
			if (!child)
				child = ind;
			last = fix_line_next(d, f->len, p);
			trailing = 1;
		} else if (e < f->len && d[e] == '#') {
			/*
			 * A comment deeper than the block's own keys belongs to the value
			 * before it (commented-out list items or settings the file asks
			 * to uncomment: LinkAce's "#- ./nginx-ssl.conf:..."): the block
			 * ends after it, or a key added at the end would split them off.
			 */
			if (child && ind > child && trailing)
				last = fix_line_next(d, f->len, p);
			else
				trailing = 0;
		}
		p = fix_line_next(d, f->len, p);
	}
	if (last <= key->start.offset)
		last = fix_line_next(d, f->len, key->start.offset);
	*eof_no_nl = last == f->len && f->len > 0 && d[f->len - 1] != '\n';
	return last;
}

/* The end of the service's block: after the last line indented deeper than its key. */
static void block_end(struct cfile *f, struct csvc *s)
{
	s->end = cfile_key_end(f, s->key, &s->eof_no_nl);
}

/* List style and indentation from the first block sequence and nested mapping of a service. */
static void learn_style(struct cfile *f, const struct ydoc_node *map, int depth)
{
	for (size_t i = 0; map && map->type == YDOC_MAPPING && i < map->npairs && depth < FIX_STYLE_DEPTH; i++) {
		const struct ydoc_pair *p = &map->pairs[i];
		const struct ydoc_node *v = p->value;
		if (p->merged || v->start.offset < p->key->start.offset)
			continue;   /* an alias or a merged entry: its marks are elsewhere */
		if (v->type == YDOC_SEQUENCE && f->dash < 0) {
			if (f->data[v->start.offset] == '[')
				f->flow_lists = 1, f->dash = FIX_DEFAULT_DASH;
			else if (v->nitems && v->items[0]->start.col >= 3)
				f->dash = v->items[0]->start.col - 2 - p->key->start.col;
		}
		if (v->type == YDOC_MAPPING && f->unit < 0 && v->npairs && f->data[v->start.offset] != '{')
			f->unit = v->pairs[0].key->start.col - p->key->start.col;
		learn_style(f, v, depth + 1);
	}
}

/*
 * A block mapping whose &anchor sits on its key's line (netbox's
 * `netbox: &netbox`, merged by its worker services): its keys start on the
 * next lines, as any service's do.
 */
static int anchored_block(const struct ydoc_pair *p)
{
	const struct ydoc_node *v = p->value;
	return v->anchor && v->type == YDOC_MAPPING && v->npairs && v->start.line == p->key->start.line &&
	       v->pairs[0].key->start.line > p->key->start.line;
}

static int cfile_parse(struct cfile *f, const struct fix_ctx *c, const char *data, size_t len)
{
	const struct ydoc_node *services;
	size_t cap = 0;
	memset(f, 0, sizeof(*f));
	f->c = c;
	f->data = data;
	f->len = len;
	f->dash = f->unit = -1;
	if (ydoc_load(&f->y, f->data, f->len) < 0 || f->y.ndocs != 1 ||
	    !(services = ydoc_get(f->y.docs[0], "services")) || services->type != YDOC_MAPPING)
		return -1;
	for (size_t i = 0; i < services->npairs; i++) {
		const struct ydoc_pair *p = &services->pairs[i];
		struct csvc s;
		/*
		 * A service with extends: takes values from another service, maybe
		 * in another file: a fix that read only its own keys would add
		 * what it inherits, overriding or even weakening it (a cap_add
		 * beside an inherited cap_drop: ALL). Not fixed: it stays a
		 * finding, and its file's fix is withheld while it fails.
		 */
		if (p->merged || p->value->type != YDOC_MAPPING || !ydoc_str(p->key) ||
		    p->value->start.offset < p->key->start.offset || f->data[p->value->start.offset] == '{' ||
		    (p->value->start.line == p->key->start.line && !anchored_block(p)) ||
		    ydoc_get(p->value, "extends"))
			continue;
		memset(&s, 0, sizeof(s));
		s.name = ydoc_str(p->key);
		s.key = p->key;
		s.map = p->value;
		/* an anchored service (`netbox: &netbox`) starts on its key's line: its keys tell the indent */
		s.indent = fix_line_indent(f->data, f->len, anchored_block(p) ? p->value->pairs[0].key->start.offset :
					   p->value->start.offset);
		block_end(f, &s);
		PUSH(f->svcs, f->nsvcs, cap, s);
	}
	learn_style(f, f->y.docs[0], 0);
	if (f->dash < 0)
		f->dash = FIX_DEFAULT_DASH;
	if (f->unit <= 0)
		f->unit = FIX_DEFAULT_UNIT;
	return 0;
}

int cfile_load(struct cfile *f, const struct fix_ctx *c)
{
	struct fix_parsed *p = c->parsed;
	if (!p)
		return cfile_parse(f, c, c->in->data, c->in->len);
	if (!p->have_cf) {
		/* the parse's own text, the same as c->in's: nodes point into it */
		p->cf = xmalloc(sizeof(*p->cf));
		p->cf_rc = cfile_parse(p->cf, c, p->data, p->len);
		p->cf->c = NULL;        /* each borrower sets its own context */
		p->have_cf = 1;
	}
	*f = *p->cf;
	f->c = c;
	f->borrowed = 1;
	return p->cf_rc;
}

void cfile_free(struct cfile *f)
{
	if (f->borrowed) {
		memset(f, 0, sizeof(*f));
		return;
	}
	for (size_t i = 0; i < f->nsvcs; i++)
		free(f->svcs[i].indent);
	free(f->svcs);
	ydoc_free(&f->y);
}

char *cfile_image(const struct csvc *s)
{
	const char *ref = ydoc_str(ydoc_get(s->map, "image")), *p, *slash;
	size_t n;
	if (!ref)
		return xstrdup("");
	p = ref;
	slash = strchr(ref, '/');
	if (slash && (memchr(ref, '.', (size_t)(slash - ref)) || memchr(ref, ':', (size_t)(slash - ref))))
		p = slash + 1;
	if (str_starts(p, "library/"))
		p += 8;
	n = strcspn(p, "@");
	for (size_t i = n; i-- > 0 && p[i] != '/';)
		if (p[i] == ':') {
			n = i;
			break;
		}
	return xstrndup(p, n);
}

void cfile_add_lines(struct fix *fx, const struct cfile *f, const struct csvc *s, const char *text)
{
	cfile_insert_at(fx, f, s->end, s->eof_no_nl, text);
}

void cfile_insert_at(struct fix *fx, const struct cfile *f, size_t end, int eof_no_nl, const char *text)
{
	const char *nl = f->c->nl;
	if (eof_no_nl) {
		/* keep the file's missing final newline: start a line, drop the last one */
		size_t n = strlen(text), nn = strlen(nl);
		char *t = xasprintf("%s%.*s", nl, (int)(n >= nn && str_ends(text, nl) ? n - nn : n), text);
		fix_edit(fx, f->c->in->path, end, end, t);
		free(t);
		return;
	}
	fix_edit(fx, f->c->in->path, end, end, text);
}

char *cfile_list(const struct cfile *f, const struct csvc *s, const char *key,
		 const char *const *items, size_t n)
{
	struct buf b = BUF_INIT;
	const char *nl = f->c->nl;
	if (f->flow_lists) {
		buf_printf(&b, "%s%s: [", s->indent, key);
		for (size_t i = 0; i < n; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", items[i]);
		buf_printf(&b, "]%s", nl);
		return buf_detach(&b);
	}
	buf_printf(&b, "%s%s:%s", s->indent, key, nl);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%*s- %s%s", s->indent, f->dash, "", items[i], nl);
	return buf_detach(&b);
}

int cfile_append_item(struct fix *fx, const struct cfile *f, const struct ydoc_node *seq, const char *item)
{
	const char *d = f->data;
	const char *path = f->c->in->path;
	if (seq->type != YDOC_SEQUENCE)
		return -1;
	if (d[seq->start.offset] == '[') {
		size_t e = seq->end.offset;
		if (e == 0 || d[e - 1] != ']')
			return -1;
		fix_insert(fx, path, e - 1, "%s%s", seq->nitems ? ", " : "", item);
		return 0;
	}
	if (!seq->nitems)
		return -1;
	{
		const struct ydoc_node *last = seq->items[seq->nitems - 1];
		size_t ls = fix_line_start(d, last->start.offset), at;
		if (last->start.offset < seq->start.offset || last->start.line != last->end.line)
			return -1;      /* an alias, or an item over several lines */
		at = fix_line_next(d, f->len, last->end.offset);
		if (at == f->len && (f->len == 0 || d[f->len - 1] != '\n'))
			fix_insert(fx, path, at, "%s%.*s%s", f->c->nl, (int)(last->start.offset - ls), d + ls, item);
		else
			fix_insert(fx, path, at, "%.*s%s%s", (int)(last->start.offset - ls), d + ls, item, f->c->nl);
	}
	return 0;
}

/* --- edits through a shared anchor (CHECKLIST.md "Fixes": Compose edits keep the file's shape) --- */

/* Does service map `m` merge entries of the anchored mapping `a`? (Merged entries share its nodes.) */
static int merges(const struct ydoc_node *m, const struct ydoc_node *a)
{
	for (size_t i = 0; i < m->npairs; i++)
		for (size_t k = 0; m->pairs[i].merged && k < a->npairs; k++)
			if (m->pairs[i].key == a->pairs[k].key)
				return 1;
	return 0;
}

/*
 * The anchored block mapping that service `s` merges, or NULL; its key in
 * *key: one at the top level of the file (`x-common: &common`), or another
 * service (`netbox: &netbox`), then in *owner (else NULL).
 */
static const struct ydoc_node *anchor_of(const struct cfile *f, const struct csvc *s, const struct ydoc_node **key,
					 const struct csvc **owner)
{
	const struct ydoc_node *levels[2] = { f->y.docs[0], ydoc_get(f->y.docs[0], "services") };
	*owner = NULL;
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; levels[l] && levels[l]->type == YDOC_MAPPING && i < levels[l]->npairs; i++) {
			const struct ydoc_pair *p = &levels[l]->pairs[i];
			const struct ydoc_node *v = p->value;
			/* a block mapping of its own (its start mark holds the &anchor, on the key's line) */
			if (p->merged || !v->anchor || v->type != YDOC_MAPPING || !v->npairs || v == s->map ||
			    v->start.offset < p->key->start.offset || v->pairs[0].key->start.line == p->key->start.line)
				continue;
			if (merges(s->map, v)) {
				*key = p->key;
				for (size_t k = 0; l == 1 && k < f->nsvcs; k++)
					if (f->svcs[k].map == v)
						*owner = &f->svcs[k];
				/* a service berth does not edit (extends:) owns it: not shared */
				return l == 1 && !*owner ? NULL : v;
			}
		}
	return NULL;
}

/* `text`'s lines with the service's indent replaced by `ind` (malloc'd). */
static char *reindent(const char *text, const char *from, const char *ind)
{
	struct buf b = BUF_INIT;
	size_t fl = strlen(from);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		if (strncmp(p, from, fl) == 0 && n >= fl) {
			buf_puts(&b, ind);
			buf_add(&b, p + fl, n - fl);
		} else
			buf_add(&b, p, n);
		p += n;
		if (*p == '\n') {
			buf_putc(&b, '\n');
			p++;
		}
	}
	return buf_detach(&b);
}

void cfile_add_shared(struct fix *fx, const struct cfile *f, const struct csvc *s, const char *key,
		      const char *text, int (*ok)(const struct cfile *, const struct csvc *))
{
	const struct csvc *owner = NULL;
	const struct ydoc_node *akey = NULL, *a = anchor_of(f, s, &akey, &owner);
	int shared = a != NULL && !ydoc_entry(a, key);
	/* a service owning the anchor takes the edit too: it must want it */
	if (shared && owner && ok && !ok(f, owner))
		shared = 0;
	/* every service merging it lacks the key and may take the edit; none is left alone (extends) */
	for (size_t i = 0; shared && i < f->nsvcs; i++)
		if (merges(f->svcs[i].map, a) && (ydoc_entry(f->svcs[i].map, key) || (ok && !ok(f, &f->svcs[i]))))
			shared = 0;
	{
		const struct ydoc_node *svcs = ydoc_get(f->y.docs[0], "services");
		size_t mine = 0;
		for (size_t i = 0; shared && svcs && i < svcs->npairs; i++)
			mine += svcs->pairs[i].value->type == YDOC_MAPPING && merges(svcs->pairs[i].value, a);
		for (size_t i = 0; i < f->nsvcs; i++)
			mine -= shared && merges(f->svcs[i].map, a);
		if (mine)
			shared = 0;     /* a merging service berth does not edit (extends:) would change too */
	}
	if (!shared) {
		cfile_add_lines(fx, f, s, text);
		return;
	}
	{
		char *ind = fix_line_indent(f->data, f->len, a->pairs[0].key->start.offset), *t = reindent(text, s->indent, ind);
		int eof = 0;
		size_t end = cfile_key_end(f, akey, &eof);
		/* once per fix: the first service merging it put it there */
		for (size_t c = 0; c < fx->nchanges; c++)
			for (size_t e = 0; e < fx->changes[c].nedits; e++)
				if (fx->changes[c].edits[e].start == end && fx->changes[c].edits[e].end == end)
					shared = 0;
		if (shared)
			cfile_insert_at(fx, f, end, eof, t);
		free(t);
		free(ind);
	}
}

char *cfile_build_dockerfile(const struct cfile *f, const struct csvc *s)
{
	const struct ydoc_node *b = ydoc_get(s->map, "build");
	const char *ctx = b ? (ydoc_str(b) ? ydoc_str(b) : ydoc_str(ydoc_get(b, "context"))) : NULL;
	const char *file = b && !ydoc_str(b) ? ydoc_str(ydoc_get(b, "dockerfile")) : NULL;
	char *dir, *cdir, *path, *data = NULL;
	size_t len = 0;
	if (!ctx || strchr(ctx, '$') || strstr(ctx, "://") || (file && strchr(file, '$')))
		return NULL;
	dir = str_dirname(f->c->in->path);
	cdir = path_join_norm(dir, ctx);
	path = cdir ? path_join_norm(cdir, file ? file : "Dockerfile") : NULL;
	if (!path || fs_read(f->c->in->fs, path, &data, &len) != 0 || len > FIX_BUILD_DF_MAX ||
	    memchr(data, '\0', len)) {
		free(data);
		data = NULL;
	}
	free(path);
	free(cdir);
	free(dir);
	return data;
}

/* A short-form mode that mounts read only: `ro`, alone or before more options (`ro,z`). */
static int mode_ro(const char *mode)
{
	return mode && !strncmp(mode, "ro", 2) && (mode[2] == '\0' || mode[2] == ',');
}

int cfile_volume_parts(const struct ydoc_node *e, char **src, char **tgt, int *ro)
{
	const char *str = ydoc_str(e), *c;
	*src = *tgt = NULL;
	*ro = 0;
	if (str && (c = strchr(str, ':')) != NULL) {
		const char *m = strchr(c + 1, ':');
		*src = xstrndup(str, (size_t)(c - str));
		*tgt = xstrndup(c + 1, strcspn(c + 1, ":"));
		*ro = m && mode_ro(m + 1);
	} else if (!str && ydoc_str(ydoc_get(e, "source")) && ydoc_str(ydoc_get(e, "target"))) {
		*src = xstrdup(ydoc_str(ydoc_get(e, "source")));
		*tgt = xstrdup(ydoc_str(ydoc_get(e, "target")));
		*ro = ydoc_bool(ydoc_get(e, "read_only")) == 1;
	}
	return *src ? 0 : -1;
}

char *cfile_volume_target(const struct ydoc_node *e, int *ro)
{
	const char *str = ydoc_str(e), *c = str ? strchr(str, ':') : NULL;
	*ro = 0;
	if (c) {
		const char *m = strchr(c + 1, ':');
		*ro = m && mode_ro(m + 1);
		return xstrndup(c + 1, strcspn(c + 1, ":"));
	}
	if (str || !ydoc_str(ydoc_get(e, "target")))
		return NULL;
	*ro = ydoc_bool(ydoc_get(e, "read_only")) == 1;
	return xstrdup(ydoc_str(ydoc_get(e, "target")));
}
