/*
 * project_bake - docker-bake.hcl and docker-bake.json: the `target` blocks
 * (context, dockerfile, tags, args, contexts, target, inherits) and the
 * variables' defaults. The HCL reader takes the subset CHECKLIST.md names:
 * string attributes, lists of strings, objects of strings, and "${VAR}"
 * interpolation of variables with a default; any other expression (a
 * function call, a conditional) leaves that attribute unresolved.
 */
#include "project_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "yamldoc.h"

/* inherits followed this deep at most (a cycle stops there) ... */
#define BAKE_MAX_INHERITS 8
/* ... and this many parents visited per target at most (a wide graph would multiply). */
#define BAKE_MAX_INHERIT_STEPS 256
/* Tokens of one bake file at most (a bake file is a few hundred). */
#define BAKE_MAX_TOKENS 200000
/* Nesting of [ { ( at most while skipping an expression. */
#define BAKE_MAX_DEPTH 64

struct bake_target {
	char *name;
	int line;
	char *context, *dockerfile, *target;
	int has_context, has_dockerfile, has_target;    /* set (value NULL when unresolved) */
	char **tags, **args, **named, **inherits;
	size_t ntags, nargs, nnamed, ninherits;
};

struct bake {
	struct bake_target *t;
	size_t n;
	struct pvars vars;
};

static void target_free(struct bake_target *t)
{
	free(t->name);
	free(t->context);
	free(t->dockerfile);
	free(t->target);
	plist_free(t->tags, t->ntags);
	plist_free(t->args, t->nargs);
	plist_free(t->named, t->nnamed);
	plist_free(t->inherits, t->ninherits);
}

static struct bake_target *bake_add(struct bake *b, const char *name, int line)
{
	struct bake_target *t;
	b->t = xrealloc(b->t, (b->n + 1) * sizeof(*b->t));
	t = &b->t[b->n++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name ? name : "");
	t->line = line;
	return t;
}

static struct bake_target *bake_find(struct bake *b, const char *name)
{
	for (size_t i = b->n; i-- > 0;)
		if (!strcmp(b->t[i].name, name))
			return &b->t[i];
	return NULL;
}

/* Append the entries of src that dst lacks. */
static void copy_list(char ***dst, size_t *nd, char *const *src, size_t ns)
{
	for (size_t i = 0; i < ns; i++)
		if (!plist_has(*dst, *nd, src[i]))
			plist_add(dst, nd, xstrdup(src[i]));
}

/* The same for NAME=VALUE entries: a NAME already there keeps its value (the child's wins). */
static void copy_kv(char ***dst, size_t *nd, char *const *src, size_t ns)
{
	for (size_t i = 0; i < ns; i++) {
		size_t n = strcspn(src[i], "=");
		int found = 0;
		for (size_t k = 0; k < *nd && !found; k++)
			found = strncmp((*dst)[k], src[i], n) == 0 && ((*dst)[k][n] == '=' || (*dst)[k][n] == '\0');
		if (!found)
			plist_add(dst, nd, xstrdup(src[i]));
	}
}

/*
 * What an inherited target gives `m` (the merged view of one target):
 * every attribute it does not set yet. Parents are read as written, never
 * as merged, so the work stays linear in the steps taken.
 */
static void inherit(struct bake *b, struct bake_target *m, const struct bake_target *self, const char *parent,
		    int depth, int *steps)
{
	struct bake_target *pt = bake_find(b, parent);
	if (!pt || pt == self || depth >= BAKE_MAX_INHERITS || ++*steps > BAKE_MAX_INHERIT_STEPS)
		return;
	if (!m->has_context && pt->has_context) {
		m->has_context = 1;
		m->context = pt->context ? xstrdup(pt->context) : NULL;
	}
	if (!m->has_dockerfile && pt->has_dockerfile) {
		m->has_dockerfile = 1;
		m->dockerfile = pt->dockerfile ? xstrdup(pt->dockerfile) : NULL;
	}
	if (!m->has_target && pt->has_target) {
		m->has_target = 1;
		m->target = pt->target ? xstrdup(pt->target) : NULL;
	}
	if (!m->ntags)
		copy_list(&m->tags, &m->ntags, pt->tags, pt->ntags);
	copy_kv(&m->args, &m->nargs, pt->args, pt->nargs);
	copy_kv(&m->named, &m->nnamed, pt->named, pt->nnamed);
	for (size_t i = 0; i < pt->ninherits; i++)
		inherit(b, m, self, pt->inherits[i], depth + 1, steps);
}

static int remote(const char *s)
{
	return strstr(s, "://") || str_starts(s, "git@") || str_starts(s, "target:") ||
	       str_starts(s, "docker-image:");
}

/* Every target becomes a reference: context relative to the bake file's folder, dockerfile to the context. */
static void bake_finish(struct project *p, struct bake *b, const char *path)
{
	char *dir = str_dirname(path);
	for (size_t i = 0; i < b->n; i++) {
		const struct bake_target *t = &b->t[i];
		struct bake_target m;
		struct project_ref *r;
		const char *ctx, *df;
		char *where;
		int steps = 0;
		/* the target's own attributes first, then what it inherits (a later parent never overrides) */
		memset(&m, 0, sizeof(m));
		m.has_context = t->has_context;
		m.context = t->context ? xstrdup(t->context) : NULL;
		m.has_dockerfile = t->has_dockerfile;
		m.dockerfile = t->dockerfile ? xstrdup(t->dockerfile) : NULL;
		m.has_target = t->has_target;
		m.target = t->target ? xstrdup(t->target) : NULL;
		copy_list(&m.tags, &m.ntags, t->tags, t->ntags);
		copy_list(&m.args, &m.nargs, t->args, t->nargs);
		copy_list(&m.named, &m.nnamed, t->named, t->nnamed);
		for (size_t k = 0; k < t->ninherits; k++)
			inherit(b, &m, t, t->inherits[k], 1, &steps);
		ctx = m.has_context ? m.context : ".";
		df = m.has_dockerfile ? m.dockerfile : "Dockerfile";
		where = xasprintf("%s:%d", path, t->line);
		r = project_new_ref(p, PSRC_BAKE, where);
		free(where);
		if (r) {
			r->name = xstrdup(t->name);
			if (ctx && !remote(ctx))
				r->context = path_join_norm(dir, ctx);
			if (r->context && df && !remote(df) && df[0] != '/')
				r->dockerfile = path_join_norm(r->context, df);
			r->target = m.target ? xstrdup(m.target) : NULL;
			copy_list(&r->tags, &r->ntags, m.tags, m.ntags);
			copy_list(&r->args, &r->nargs, m.args, m.nargs);
			copy_list(&r->named, &r->nnamed, m.named, m.nnamed);
		}
		m.name = NULL;
		target_free(&m);
		if (!r)
			break;
	}
	free(dir);
}

static void bake_free(struct bake *b)
{
	for (size_t i = 0; i < b->n; i++)
		target_free(&b->t[i]);
	free(b->t);
	pvars_free(&b->vars);
}

/* ---- HCL ---- */

enum tok_kind { TK_IDENT, TK_STRING, TK_OTHER, TK_PUNCT, TK_NL, TK_EOF };

struct tok {
	enum tok_kind kind;
	const char *s;          /* TK_IDENT, TK_STRING (raw content, escapes as written), TK_PUNCT */
	size_t len;
	int line;
};

struct hcl {
	struct tok *v;
	size_t n, cap, pos;
	struct bake *b;
};

static void tok_push(struct hcl *h, enum tok_kind k, const char *s, size_t len, int line)
{
	if (h->n >= BAKE_MAX_TOKENS && k != TK_EOF)    /* the end is always there: every loop stops at it */
		return;
	GROW(h->v, h->cap, h->n + 1);
	h->v[h->n++] = (struct tok){ k, s, len, line };
}

static void lex(struct hcl *h, const char *d, size_t len)
{
	int line = 1;
	size_t i = 0;
	while (i < len) {
		char c = d[i];
		if (c == '\n') {
			tok_push(h, TK_NL, d + i, 1, line++);
			i++;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			i++;
		} else if (c == '#' || (c == '/' && i + 1 < len && d[i + 1] == '/')) {
			while (i < len && d[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < len && d[i + 1] == '*') {
			i += 2;
			while (i + 1 < len && !(d[i] == '*' && d[i + 1] == '/'))
				line += d[i++] == '\n';
			i += 2;
		} else if (c == '"') {
			size_t s = ++i;
			int depth = 0;
			while (i < len && (d[i] != '"' || depth > 0) && d[i] != '\n') {
				if (d[i] == '\\' && i + 1 < len)
					i++;
				else if (d[i] == '$' && i + 1 < len && d[i + 1] == '{')
					depth++;
				else if (d[i] == '}' && depth > 0)
					depth--;
				i++;
			}
			tok_push(h, TK_STRING, d + s, i - s, line);
			if (i < len && d[i] == '"')
				i++;
		} else if (c == '<' && i + 1 < len && d[i + 1] == '<') {
			/* a heredoc: its text is not a plain string here, skip to its terminator */
			size_t s = i + 2, e;
			if (s < len && d[s] == '-')
				s++;
			e = s;
			while (e < len && (isalnum((unsigned char)d[e]) || d[e] == '_'))
				e++;
			tok_push(h, TK_OTHER, d + i, e - i, line);
			{
				size_t tl = e - s;
				i = e;
				while (i < len) {
					size_t ls, le;
					while (i < len && d[i] != '\n')
						i++;
					if (i >= len)
						break;
					line++;
					ls = ++i;
					while (ls < len && (d[ls] == ' ' || d[ls] == '\t'))
						ls++;
					le = ls;
					while (le < len && d[le] != '\n')
						le++;
					if (tl && le - ls == tl && memcmp(d + ls, d + s, tl) == 0) {
						i = le;
						break;
					}
				}
			}
		} else if (isalpha((unsigned char)c) || c == '_') {
			size_t s = i;
			while (i < len && (isalnum((unsigned char)d[i]) || d[i] == '_' || d[i] == '-'))
				i++;
			tok_push(h, TK_IDENT, d + s, i - s, line);
		} else if (strchr("{}[]()=,:", c)) {
			tok_push(h, TK_PUNCT, d + i, 1, line);
			i++;
		} else {
			size_t s = i;
			while (i < len && !strchr(" \t\r\n{}[](),=:\"#", d[i]))
				i++;
			if (i == s)
				i++;
			tok_push(h, TK_OTHER, d + s, i - s, line);
		}
	}
	tok_push(h, TK_EOF, d + len, 0, line);
}

static const struct tok *peek(struct hcl *h)
{
	return &h->v[h->pos < h->n ? h->pos : h->n - 1];
}

static const struct tok *next(struct hcl *h)
{
	const struct tok *t = peek(h);
	if (h->pos < h->n - 1)
		h->pos++;
	return t;
}

static int is_punct(const struct tok *t, char c)
{
	return t->kind == TK_PUNCT && t->s[0] == c;
}

static void skip_nl(struct hcl *h)
{
	while (peek(h)->kind == TK_NL)
		next(h);
}

/* A string token's value with escapes processed and variables expanded; NULL when something stays unresolved. */
static char *string_value(struct hcl *h, const struct tok *t)
{
	struct buf b = BUF_INIT;
	char *raw, *out;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->s[i];
		if (c == '\\' && i + 1 < t->len) {
			char e = t->s[++i];
			buf_putc(&b, e == 'n' ? '\n' : e == 't' ? '\t' : e);
		} else {
			buf_putc(&b, c);
		}
	}
	raw = buf_detach(&b);
	out = pvars_expand(&h->b->vars, raw);
	free(raw);
	if (strstr(out, "${") || strstr(out, "%{")) {
		free(out);
		return NULL;
	}
	return out;
}

/* Skip the rest of an expression: up to a newline, ',' or closing bracket at depth 0. */
static void skip_expr(struct hcl *h)
{
	int depth = 0;
	for (;;) {
		const struct tok *t = peek(h);
		if (t->kind == TK_EOF)
			return;
		if (depth == 0 && (t->kind == TK_NL || is_punct(t, ',') || is_punct(t, ']') || is_punct(t, '}') ||
				   is_punct(t, ')')))
			return;
		if (is_punct(t, '[') || is_punct(t, '{') || is_punct(t, '('))
			depth = depth < BAKE_MAX_DEPTH ? depth + 1 : depth;
		else if (is_punct(t, ']') || is_punct(t, '}') || is_punct(t, ')'))
			depth--;
		next(h);
	}
}

/* A value: a string (resolved, else NULL), with *ok 0 when it is some other expression. */
static char *scalar(struct hcl *h, int *ok)
{
	const struct tok *t = peek(h);
	char *v = NULL;
	*ok = 0;
	if (t->kind == TK_STRING) {
		next(h);
		t = peek(h);
		if (t->kind == TK_NL || t->kind == TK_EOF || is_punct(t, ',') || is_punct(t, ']') || is_punct(t, '}')) {
			*ok = 1;
			return string_value(h, &h->v[h->pos - 1]);
		}
	}
	skip_expr(h);
	return v;
}

/* [ "a", "b" ] into v (unresolved elements dropped); 0 when it was no list. */
static int list(struct hcl *h, char ***v, size_t *n)
{
	if (!is_punct(peek(h), '[')) {
		skip_expr(h);
		return 0;
	}
	next(h);
	for (;;) {
		int ok;
		char *s;
		skip_nl(h);
		if (is_punct(peek(h), ']') || peek(h)->kind == TK_EOF)
			break;
		s = scalar(h, &ok);
		if (s)
			plist_add(v, n, s);
		skip_nl(h);
		if (is_punct(peek(h), ','))
			next(h);
		else if (!is_punct(peek(h), ']'))
			next(h);        /* something unexpected: step over it */
	}
	next(h);
	return 1;
}

/* { KEY = "value", "KEY": "value" } into "KEY=value" entries. */
static void object(struct hcl *h, char ***v, size_t *n)
{
	if (!is_punct(peek(h), '{')) {
		skip_expr(h);
		return;
	}
	next(h);
	for (;;) {
		const struct tok *k;
		char *key, *val;
		int ok;
		skip_nl(h);
		k = peek(h);
		if (is_punct(k, '}') || k->kind == TK_EOF)
			break;
		next(h);
		if (!(is_punct(peek(h), '=') || is_punct(peek(h), ':'))) {
			skip_expr(h);
			if (is_punct(peek(h), ','))
				next(h);
			else if (!is_punct(peek(h), '}') && peek(h)->kind != TK_NL)
				next(h);
			continue;
		}
		next(h);
		key = k->kind == TK_STRING ? string_value(h, k) : k->kind == TK_IDENT ? xstrndup(k->s, k->len) : NULL;
		val = scalar(h, &ok);
		if (key && val)
			plist_add(v, n, xasprintf("%s=%s", key, val));
		else if (key && !ok)
			plist_add(v, n, xstrdup(key));          /* supplied, value unknown */
		free(key);
		free(val);
		if (is_punct(peek(h), ','))
			next(h);
	}
	next(h);
}

static int ident_is(const struct tok *t, const char *s)
{
	return t->kind == TK_IDENT && t->len == strlen(s) && memcmp(t->s, s, t->len) == 0;
}

/* One string-valued attribute: *has set, *dst the value (NULL when unresolved). */
static void str_attr(struct hcl *h, char **dst, int *has)
{
	int ok;
	free(*dst);
	*dst = scalar(h, &ok);
	*has = 1;
}

static void target_body(struct hcl *h, struct bake_target *t)
{
	for (;;) {
		const struct tok *k;
		skip_nl(h);
		k = peek(h);
		if (is_punct(k, '}') || k->kind == TK_EOF)
			break;
		next(h);
		if (!is_punct(peek(h), '=')) {
			/* a nested block or something else: skip it whole */
			skip_expr(h);
			if (is_punct(peek(h), '{')) {
				char **junk = NULL;
				size_t nj = 0;
				object(h, &junk, &nj);
				plist_free(junk, nj);
			} else if (!is_punct(peek(h), '}')) {
				next(h);
			}
			continue;
		}
		next(h);
		if (!t) {
			skip_expr(h);
			if (is_punct(peek(h), '[') || is_punct(peek(h), '{'))
				next(h);
			continue;
		}
		if (ident_is(k, "context"))
			str_attr(h, &t->context, &t->has_context);
		else if (ident_is(k, "dockerfile"))
			str_attr(h, &t->dockerfile, &t->has_dockerfile);
		else if (ident_is(k, "target"))
			str_attr(h, &t->target, &t->has_target);
		else if (ident_is(k, "tags"))
			list(h, &t->tags, &t->ntags);
		else if (ident_is(k, "inherits"))
			list(h, &t->inherits, &t->ninherits);
		else if (ident_is(k, "args"))
			object(h, &t->args, &t->nargs);
		else if (ident_is(k, "contexts"))
			object(h, &t->named, &t->nnamed);
		else if (is_punct(peek(h), '[')) {
			char **junk = NULL;
			size_t nj = 0;
			list(h, &junk, &nj);
			plist_free(junk, nj);
		} else
			skip_expr(h);
	}
	next(h);
}

/* A block's labels: "name" strings (or identifiers) before its '{'. */
static const struct tok *label(struct hcl *h)
{
	const struct tok *l = NULL;
	while (peek(h)->kind == TK_STRING || peek(h)->kind == TK_IDENT) {
		if (!l)
			l = peek(h);
		next(h);
	}
	return l;
}

/* First pass: the variables' defaults (targets may use a variable defined below them). */
static void hcl_variables(struct hcl *h)
{
	h->pos = 0;
	while (peek(h)->kind != TK_EOF) {
		const struct tok *t = next(h);
		if (ident_is(t, "variable") && (peek(h)->kind == TK_STRING || peek(h)->kind == TK_IDENT)) {
			const struct tok *name = next(h);
			int depth = 0;
			if (!is_punct(peek(h), '{'))
				continue;
			next(h);
			while (peek(h)->kind != TK_EOF) {
				const struct tok *k = next(h);
				if (is_punct(k, '{'))
					depth++;
				else if (is_punct(k, '}') && depth-- == 0)
					break;
				else if (depth == 0 && ident_is(k, "default") && is_punct(peek(h), '=')) {
					int ok;
					char *v;
					next(h);
					v = scalar(h, &ok);
					if (v)
						pvars_set(&h->b->vars, name->s, name->len, v, strlen(v));
					free(v);
				}
			}
		}
	}
}

void project_read_bake_hcl(struct project *p, const char *path, const char *data, size_t len)
{
	struct bake b;
	struct hcl h;
	memset(&b, 0, sizeof(b));
	memset(&h, 0, sizeof(h));
	h.b = &b;
	lex(&h, data, len);
	hcl_variables(&h);
	h.pos = 0;
	while (peek(&h)->kind != TK_EOF) {
		const struct tok *t = next(&h), *l;
		if (t->kind != TK_IDENT)
			continue;
		l = label(&h);
		if (!is_punct(peek(&h), '{')) {
			if (is_punct(peek(&h), '='))
				skip_expr(&h);
			continue;
		}
		next(&h);
		if (ident_is(t, "target") && l) {
			char *name = l->kind == TK_STRING ? xstrndup(l->s, l->len) : xstrndup(l->s, l->len);
			struct bake_target *bt = bake_add(&b, name, t->line);
			free(name);
			target_body(&h, bt);
		} else {
			target_body(&h, NULL);
		}
	}
	bake_finish(p, &b, path);
	bake_free(&b);
	free(h.v);
}

/* ---- JSON ---- */

/* A JSON string with the variables' defaults expanded; NULL when one stays unresolved. */
static char *json_expand(const struct bake *b, const char *s)
{
	char *v = pvars_expand(&b->vars, s);
	if (strstr(v, "${")) {
		free(v);
		return NULL;
	}
	return v;
}

static void json_strs(const struct bake *b, const struct ydoc_node *n, char ***v, size_t *nv)
{
	if (n && n->type == YDOC_SEQUENCE)
		for (size_t i = 0; i < n->nitems; i++) {
			char *x = ydoc_str(n->items[i]) ? json_expand(b, ydoc_str(n->items[i])) : NULL;
			if (x)
				plist_add(v, nv, x);
		}
}

static void json_kv(const struct bake *b, const struct ydoc_node *n, char ***v, size_t *nv)
{
	if (n && n->type == YDOC_MAPPING)
		for (size_t i = 0; i < n->npairs; i++) {
			const char *k = ydoc_str(n->pairs[i].key), *val = ydoc_str(n->pairs[i].value);
			char *x = val ? json_expand(b, val) : NULL;
			if (k)
				plist_add(v, nv, x ? xasprintf("%s=%s", k, x) : xstrdup(k));
			free(x);
		}
}

static void json_str(struct bake *b, const struct ydoc_node *t, const char *key, char **dst, int *has)
{
	const struct ydoc_node *n = ydoc_get(t, key);
	if (!n)
		return;
	*has = 1;
	if (ydoc_str(n)) {
		char *v = pvars_expand(&b->vars, ydoc_str(n));
		if (strstr(v, "${"))
			free(v);
		else
			*dst = v;
	}
}

void project_read_bake_json(struct project *p, const char *path, const char *data, size_t len)
{
	struct ydoc y;
	struct bake b;
	const struct ydoc_node *root, *vars, *targets;
	size_t clen;
	char *clean = project_json_clean(data, len, &clen);
	memset(&b, 0, sizeof(b));
	memset(&y, 0, sizeof(y));
	if (ydoc_load(&y, clean, clen) != 0 || !y.ndocs) {
		ydoc_free(&y);
		free(clean);
		return;
	}
	root = y.docs[0];
	vars = ydoc_get(root, "variable");
	for (size_t i = 0; vars && vars->type == YDOC_MAPPING && i < vars->npairs; i++) {
		const char *k = ydoc_str(vars->pairs[i].key);
		const char *d = ydoc_str(ydoc_get(vars->pairs[i].value, "default"));
		if (k && d)
			pvars_set(&b.vars, k, strlen(k), d, strlen(d));
	}
	targets = ydoc_get(root, "target");
	for (size_t i = 0; targets && targets->type == YDOC_MAPPING && i < targets->npairs; i++) {
		const struct ydoc_node *t = targets->pairs[i].value;
		struct bake_target *bt = bake_add(&b, ydoc_str(targets->pairs[i].key), targets->pairs[i].key->start.line);
		if (!t || t->type != YDOC_MAPPING)
			continue;
		json_str(&b, t, "context", &bt->context, &bt->has_context);
		json_str(&b, t, "dockerfile", &bt->dockerfile, &bt->has_dockerfile);
		json_str(&b, t, "target", &bt->target, &bt->has_target);
		json_strs(&b, ydoc_get(t, "tags"), &bt->tags, &bt->ntags);
		json_strs(&b, ydoc_get(t, "inherits"), &bt->inherits, &bt->ninherits);
		json_kv(&b, ydoc_get(t, "args"), &bt->args, &bt->nargs);
		json_kv(&b, ydoc_get(t, "contexts"), &bt->named, &bt->nnamed);
	}
	bake_finish(p, &b, path);
	bake_free(&b);
	ydoc_free(&y);
	free(clean);
}
