/*
 * yamldoc - the event loop that turns libyaml's events into the node tree,
 * with an explicit stack (no recursion on the input's depth). Merge keys and
 * duplicate keys are settled when a mapping ends (yamldoc_map.c).
 */
#include "yamldoc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "df_arena.h"
#include "util.h"
#include "yamldoc_priv.h"

/* libyaml counts characters; one byte offset is kept for every YDOC_CKPT characters. */
#define YDOC_CKPT 64

struct posmap {
	const char *data;
	size_t len, skip;       /* skip: a BOM, which libyaml does not count */
	size_t *ckpt;           /* byte offset of character i * YDOC_CKPT */
	size_t nckpt;
};

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

static void posmap_init(struct posmap *pm, const char *data, size_t len)
{
	size_t chars = 0, cap = 0;
	memset(pm, 0, sizeof(*pm));
	pm->data = data;
	pm->len = len;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pm->skip = 3;
	for (size_t i = pm->skip; i <= len; i++) {
		if (i < len && is_cont((unsigned char)data[i]))
			continue;
		if (chars % YDOC_CKPT == 0)
			PUSH(pm->ckpt, pm->nckpt, cap, i);
		chars++;
	}
}

/* Byte offset of character `index` (clamped to the end). */
static size_t posmap_offset(const struct posmap *pm, size_t index)
{
	size_t blk = index / YDOC_CKPT, off, left;
	if (blk >= pm->nckpt)
		return pm->len;
	off = pm->ckpt[blk];
	left = index % YDOC_CKPT;
	/* a block of one-byte characters (the usual case): no walk needed */
	if (blk + 1 < pm->nckpt && pm->ckpt[blk + 1] - off == YDOC_CKPT)
		return off + left;
	while (left > 0 && off < pm->len) {
		off++;
		while (off < pm->len && is_cont((unsigned char)pm->data[off]))
			off++;
		left--;
	}
	return off;
}

static struct ydoc_mark posmap_mark(const struct posmap *pm, const yaml_mark_t *m)
{
	struct ydoc_mark r;
	size_t line_start;
	r.offset = posmap_offset(pm, m->index);
	line_start = posmap_offset(pm, m->index >= m->column ? m->index - m->column : 0);
	r.line = (int)(m->line + 1 > 100000000 ? 100000000 : m->line + 1);
	r.col = (int)(r.offset - line_start + 1);
	return r;
}

void ydoc_add_error(struct ydoc *y, enum ydoc_err_kind kind, struct ydoc_mark mark,
		    size_t end, const char *fmt, ...)
{
	struct ydoc_error e;
	struct buf msg = BUF_INIT;
	va_list ap;
	if (kind != YDOC_ERR_DUPLICATE)
		y->fatal = 1;
	if (y->nerrors >= YDOC_MAX_ERRORS && kind == YDOC_ERR_DUPLICATE) {
		y->nerrors_dropped++;
		return;
	}
	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.mark = mark;
	e.other = mark;
	e.end = end < mark.offset ? mark.offset : end;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	e.message = buf_detach(&msg);
	PUSH(y->errors, y->nerrors, y->caperrors_, e);
}

/* Nodes, scalars, tags and anchors come from the document's arena: one free for all. */
struct ydoc_node *ydoc_new_node(struct ydoc *y, enum ydoc_type type)
{
	struct ydoc_node *n;
	if (!y->arena_)
		y->arena_ = df_arena_new(4096);
	n = df_arena_calloc(y->arena_, 1, sizeof(*n));
	n->type = type;
	n->weight = 1;
	n->height = 1;
	PUSH(y->all_, y->nall_, y->capall_, n);
	return n;
}

/* One open collection. */
struct frame {
	struct ydoc_node *node;
	struct ydoc_node *key;          /* mapping: key waiting for its value */
	struct ydoc_pair *raw;          /* mapping: entries as written, `<<` included */
	size_t nraw, capraw, capitems;
};

struct builder {
	struct ydoc *y;
	struct posmap pm;
	struct frame *stack;
	size_t depth, capstack;
	struct ydoc_anchors anchors;
};

static char *dup_opt(struct ydoc *y, const yaml_char_t *s)
{
	return s ? df_arena_strdup(y->arena_, (const char *)s) : NULL;
}

/* Account for a child in its parent's weight and height; -1 when a limit is hit. */
int ydoc_account(struct ydoc *y, struct ydoc_node *parent, const struct ydoc_node *child)
{
	if (child->height + 1 > parent->height)
		parent->height = child->height + 1;
	parent->weight += child->weight;
	if (parent->weight > YDOC_MAX_EXPANDED) {
		ydoc_add_error(y, YDOC_ERR_LIMIT, parent->start, parent->start.offset,
			       "more than %d nodes once aliases are expanded", YDOC_MAX_EXPANDED);
		return -1;
	}
	if (parent->height > YDOC_MAX_DEPTH) {
		ydoc_add_error(y, YDOC_ERR_LIMIT, parent->start, parent->start.offset,
			       "nesting deeper than %d levels (aliases expanded)", YDOC_MAX_DEPTH);
		return -1;
	}
	return 0;
}

/* A node is complete: hang it under the open collection, or make it the document root. */
static int attach(struct builder *b, struct ydoc_node *n)
{
	struct frame *f;
	struct ydoc_pair p;
	if (b->depth == 0) {
		PUSH(b->y->docs, b->y->ndocs, b->y->capdocs_, n);
		return 0;
	}
	f = &b->stack[b->depth - 1];
	if (f->node->type == YDOC_SEQUENCE) {
		PUSH(f->node->items, f->node->nitems, f->capitems, n);
		return ydoc_account(b->y, f->node, n);
	}
	if (!f->key) {
		f->key = n;
		return 0;
	}
	p.key = f->key;
	p.value = n;
	p.merged = 0;
	f->key = NULL;
	PUSH(f->raw, f->nraw, f->capraw, p);
	return 0;
}

static struct ydoc_node *start_node(struct builder *b, enum ydoc_type type, const yaml_event_t *ev,
				    const yaml_char_t *tag, const yaml_char_t *anchor)
{
	struct ydoc_node *n = ydoc_new_node(b->y, type);
	n->start = posmap_mark(&b->pm, &ev->start_mark);
	n->end = posmap_mark(&b->pm, &ev->end_mark);
	n->tag = dup_opt(b->y, tag);
	n->anchor = dup_opt(b->y, anchor);
	return n;
}

static int on_scalar(struct builder *b, const yaml_event_t *ev)
{
	struct ydoc_node *n = start_node(b, YDOC_SCALAR, ev, ev->data.scalar.tag, ev->data.scalar.anchor);
	static const enum ydoc_style styles[] = {
		[YAML_PLAIN_SCALAR_STYLE] = YDOC_PLAIN, [YAML_SINGLE_QUOTED_SCALAR_STYLE] = YDOC_SINGLE_QUOTED,
		[YAML_DOUBLE_QUOTED_SCALAR_STYLE] = YDOC_DOUBLE_QUOTED, [YAML_LITERAL_SCALAR_STYLE] = YDOC_LITERAL,
		[YAML_FOLDED_SCALAR_STYLE] = YDOC_FOLDED,
	};
	size_t len = ev->data.scalar.length;
	n->value = df_arena_strndup(b->y->arena_, (const char *)ev->data.scalar.value, len);
	n->len = len;
	if ((unsigned)ev->data.scalar.style < ARRAY_SIZE(styles))
		n->style = styles[ev->data.scalar.style];
	if (n->anchor)
		ydoc_anchors_set(&b->anchors, n->anchor, n);
	return attach(b, n);
}

static int on_alias(struct builder *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct ydoc_node *n = ydoc_anchors_get(&b->anchors, name);
	if (!n) {
		struct ydoc_mark m = posmap_mark(&b->pm, &ev->start_mark);
		ydoc_add_error(b->y, YDOC_ERR_ALIAS, m, posmap_offset(&b->pm, ev->end_mark.index),
			       "alias *%s names no anchor defined before it", name);
		return -1;
	}
	return attach(b, n);
}

static int on_start(struct builder *b, const yaml_event_t *ev, enum ydoc_type type)
{
	const yaml_char_t *tag, *anchor;
	struct frame f;
	if (type == YDOC_MAPPING) {
		tag = ev->data.mapping_start.tag;
		anchor = ev->data.mapping_start.anchor;
	} else {
		tag = ev->data.sequence_start.tag;
		anchor = ev->data.sequence_start.anchor;
	}
	memset(&f, 0, sizeof(f));
	f.node = start_node(b, type, ev, tag, anchor);
	if (b->depth >= YDOC_MAX_DEPTH) {
		ydoc_add_error(b->y, YDOC_ERR_LIMIT, f.node->start, f.node->start.offset,
			       "nesting deeper than %d levels", YDOC_MAX_DEPTH);
		return -1;
	}
	PUSH(b->stack, b->depth, b->capstack, f);
	return 0;
}

static int on_end(struct builder *b, const yaml_event_t *ev)
{
	struct frame f;
	if (b->depth == 0)
		return 0;       /* libyaml never does this; be safe anyway */
	f = b->stack[--b->depth];
	f.node->end = posmap_mark(&b->pm, &ev->end_mark);
	if (f.node->type == YDOC_MAPPING) {
		int rc = ydoc_map_finish(b->y, f.node, f.raw, f.nraw);
		free(f.raw);
		if (rc < 0)
			return -1;
	}
	if (f.node->anchor)
		ydoc_anchors_set(&b->anchors, f.node->anchor, f.node);
	return attach(b, f.node);
}

static int on_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (b->y->ndocs >= YDOC_MAX_DOCUMENTS) {
			ydoc_add_error(b->y, YDOC_ERR_LIMIT, posmap_mark(&b->pm, &ev->start_mark),
				       posmap_offset(&b->pm, ev->start_mark.index),
				       "more than %d documents", YDOC_MAX_DOCUMENTS);
			return -1;
		}
		ydoc_anchors_clear(&b->anchors);    /* anchors belong to one document */
		return 0;
	case YAML_ALIAS_EVENT:
		return on_alias(b, ev);
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(b, ev, YDOC_SEQUENCE);
	case YAML_MAPPING_START_EVENT:
		return on_start(b, ev, YDOC_MAPPING);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(b, ev);
	default:
		return 0;
	}
}

static void syntax_error(struct builder *b, const yaml_parser_t *p)
{
	struct ydoc_mark m = posmap_mark(&b->pm, &p->problem_mark);
	const char *problem = p->problem ? p->problem : "not valid YAML";
	if (p->context)
		ydoc_add_error(b->y, YDOC_ERR_SYNTAX, m, m.offset, "%s %s", problem, p->context);
	else
		ydoc_add_error(b->y, YDOC_ERR_SYNTAX, m, m.offset, "%s", problem);
}

static int run_parser(struct builder *b, const char *data, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int rc = 0, done = 0;
	if (!yaml_parser_initialize(&p))
		return -1;
	/* UTF-8 only, and the BOM is skipped here: libyaml counts it as a character when told the encoding */
	yaml_parser_set_input_string(&p, (const unsigned char *)data + b->pm.skip, len - b->pm.skip);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(b, &p);
			rc = -1;
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		if (on_event(b, &ev) < 0)
			rc = -1, done = 1;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return rc;
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(struct ydoc_node *const *)a, z = (uintptr_t)*(struct ydoc_node *const *)b;
	return x < z ? -1 : x > z;
}

int ydoc_owns(const struct ydoc *y, const struct ydoc_node *n)
{
	size_t lo = 0, hi = y->nall_;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (y->all_[mid] == n)
			return 1;
		if ((uintptr_t)y->all_[mid] < (uintptr_t)n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The document lent to this thread (ydoc_lend), or NULL. */
static _Thread_local const struct ydoc *lent;
static _Thread_local const char *lent_data;
static _Thread_local size_t lent_len;

void ydoc_lend(const struct ydoc *y, const char *data, size_t len)
{
	lent = y;
	lent_data = data;
	lent_len = y ? len : 0;
}

int ydoc_load(struct ydoc *y, const char *data, size_t len)
{
	struct builder b;
	int rc;
	memset(y, 0, sizeof(*y));
	if (lent && len == lent_len && (data == lent_data || memcmp(data, lent_data, len) == 0)) {
		*y = *lent;
		y->borrowed_ = 1;
		return 0;
	}
	if (len > YDOC_MAX_SIZE) {
		struct ydoc_mark m = { 0, 1, 1 };
		ydoc_add_error(y, YDOC_ERR_LIMIT, m, 0, "larger than %u bytes", YDOC_MAX_SIZE);
		return -1;
	}
	memset(&b, 0, sizeof(b));
	b.y = y;
	y->arena_ = df_arena_new(2 * len + 4096);     /* a document's nodes take about twice its bytes */
	posmap_init(&b.pm, data, len);
	rc = run_parser(&b, data, len);
	for (size_t i = 0; i < b.depth; i++)
		free(b.stack[i].raw);
	free(b.stack);
	free(b.pm.ckpt);
	ydoc_anchors_free(&b.anchors);
	if (y->nall_ > 1)
		qsort(y->all_, y->nall_, sizeof(*y->all_), cmp_ptr);
	if (y->fatal)
		rc = -1;
	return rc;
}

void ydoc_free(struct ydoc *y)
{
	if (y->borrowed_) {
		memset(y, 0, sizeof(*y));
		return;
	}
	for (size_t i = 0; i < y->nall_; i++) {
		struct ydoc_node *n = y->all_[i];
		free(n->items);
		free(n->pairs);
	}
	free(y->all_);
	df_arena_free(y->arena_);
	for (size_t i = 0; i < y->nerrors; i++)
		free(y->errors[i].message);
	free(y->errors);
	free(y->docs);
	memset(y, 0, sizeof(*y));
}
