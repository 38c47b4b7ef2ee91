/*
 * compose_extends - a service with its `extends:` chain followed and merged
 * (compose_merge.c), within the file and into other files read through the
 * fsview, as Compose does (compose-spec 05-services.md "extends"; compose-go
 * loader/extends.go and paths/resolve.go):
 *
 * - `extends: NAME` or `extends: {service: NAME}` names a service of the same
 *   file; `{file: PATH, service: NAME}` one of PATH, relative to the folder
 *   of the file that writes it (so a chain through several files walks from
 *   folder to folder), interpolated with the judged file's `.env`;
 * - the base is merged first, so a chain a -> b -> c is c, then b over it,
 *   then a over that;
 * - a cycle, a missing service, a missing file or one that is not YAML stop
 *   Compose: they become problems (compose.parse errors). A file outside the
 *   repository, behind a link, unresolvable, or past the limits is not
 *   followed: an info;
 * - every value keeps where it is written (file, service, depth): tags on
 *   the nodes the merge placed, text ranges for the nodes inside them.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compose_int.h"
#include "util.h"

/* One service of the chain being followed. */
struct step {
	const struct compose_doc *doc;
	const char *path, *dir;
	const struct compose_service *svc;
};

struct run {
	struct compose_resolver *r;
	struct compose_eff *e;
	struct step chain[COMPOSE_MAX_EXTENDS + 2];
};

void compose_resolver_init(struct compose_resolver *r, const struct compose_doc *d, const char *path,
			   const struct fsview *fs, const struct compose_env *env)
{
	memset(r, 0, sizeof(*r));
	r->d = d;
	r->path = path ? path : "";
	r->dir = str_dirname(r->path);
	r->fs = fs;
	r->env = env;
}

void compose_resolver_free(struct compose_resolver *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		free(r->files[i].path);
		free(r->files[i].dir);
		compose_free(r->files[i].doc);
	}
	free(r->files);
	free(r->dir);
	memset(r, 0, sizeof(*r));
}

/* ---- tags: where each node is written ---- */

static size_t hash_ptr(const void *p, size_t cap)
{
	size_t h = (size_t)(uintptr_t)p;
	h ^= h >> 17;
	h *= (size_t)0x9E3779B97F4A7C15ull;
	return (h ^ (h >> 29)) & (cap - 1);
}

static void slots_grow(struct compose_eff *e)
{
	size_t *old = e->slots_, oldcap = e->capslots_;
	e->capslots_ = oldcap ? oldcap * 2 : 64;
	e->slots_ = xcalloc(e->capslots_, sizeof(*e->slots_));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i]) {
			size_t h = hash_ptr(e->tags[old[i] - 1].node, e->capslots_);
			while (e->slots_[h])
				h = (h + 1) & (e->capslots_ - 1);
			e->slots_[h] = old[i];
		}
	free(old);
}

/* The slot of node n (empty when untagged). */
static size_t *slot_of(const struct compose_eff *e, const struct ydoc_node *n)
{
	size_t h = hash_ptr(n, e->capslots_);
	while (e->slots_[h] && e->tags[e->slots_[h] - 1].node != n)
		h = (h + 1) & (e->capslots_ - 1);
	return &e->slots_[h];
}

void compose_eff_tag(struct compose_eff *e, const struct ydoc_node *n, size_t o, int made)
{
	struct compose_tag t;
	size_t *slot;
	if (!n)
		return;
	if ((e->ntags + 1) * 2 > e->capslots_)
		slots_grow(e);
	slot = slot_of(e, n);
	if (*slot) {
		struct compose_tag *old = &e->tags[*slot - 1];
		if (e->origins[o].depth < e->origins[old->origin].depth)
			old->origin = o;
		return;
	}
	t.node = n;
	t.origin = o;
	t.made = made;
	PUSH(e->tags, e->ntags, e->captags, t);
	*slot = e->ntags;
}

const struct compose_tag *compose_eff_tag_of(const struct compose_eff *e, const struct ydoc_node *n)
{
	size_t *slot;
	if (!e || !n || !e->capslots_)
		return NULL;
	slot = slot_of(e, n);
	return *slot ? &e->tags[*slot - 1] : NULL;
}

/* ---- text ranges: the innermost tagged node around a node ---- */

static const struct compose_doc *tag_doc(const struct compose_eff *e, size_t t)
{
	return e->origins[e->tags[t].origin].doc;
}

static int cmp_range(const struct compose_eff *e, size_t a, size_t b)
{
	const struct compose_doc *da = tag_doc(e, a), *db = tag_doc(e, b);
	const struct ydoc_node *x = e->tags[a].node, *y = e->tags[b].node;
	if (da != db)
		return (uintptr_t)da < (uintptr_t)db ? -1 : 1;
	if (x->start.offset != y->start.offset)
		return x->start.offset < y->start.offset ? -1 : 1;
	if (x->end.offset != y->end.offset)     /* the outer one first */
		return x->end.offset > y->end.offset ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/* Merge sort of tag indices (qsort has no payload). */
static void sort_ranges(const struct compose_eff *e, size_t *v, size_t *tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;
	if (n < 2)
		return;
	sort_ranges(e, v, tmp, h);
	sort_ranges(e, v + h, tmp, n - h);
	while (i < h && j < n)
		tmp[k++] = cmp_range(e, v[i], v[j]) <= 0 ? v[i++] : v[j++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static int contains(const struct ydoc_node *outer, const struct ydoc_node *n)
{
	return outer->start.offset <= n->start.offset && n->end.offset <= outer->end.offset;
}

/* Node ranges of one file nest or are apart: each range's innermost container, by a stack sweep. */
static void index_ranges(struct compose_eff *e)
{
	size_t *tmp, *stack, top = 0;
	e->ranges_ = xcalloc(e->ntags ? e->ntags : 1, sizeof(*e->ranges_));
	for (size_t i = 0; i < e->ntags; i++)
		if (!e->tags[i].made)
			e->ranges_[e->nranges_++] = i;
	tmp = xcalloc(e->nranges_ ? e->nranges_ : 1, sizeof(*tmp));
	sort_ranges(e, e->ranges_, tmp, e->nranges_);
	free(tmp);
	e->parent_ = xcalloc(e->nranges_ ? e->nranges_ : 1, sizeof(*e->parent_));
	stack = xcalloc(e->nranges_ ? e->nranges_ : 1, sizeof(*stack));
	for (size_t i = 0; i < e->nranges_; i++) {
		const struct ydoc_node *n = e->tags[e->ranges_[i]].node;
		while (top && (tag_doc(e, e->ranges_[stack[top - 1]]) != tag_doc(e, e->ranges_[i]) ||
			       !contains(e->tags[e->ranges_[stack[top - 1]]].node, n)))
			top--;
		e->parent_[i] = top ? stack[top - 1] : SIZE_MAX;
		stack[top++] = i;
	}
	free(stack);
}

/* The innermost tagged range of file d around n, or SIZE_MAX. */
static size_t range_around(const struct compose_eff *e, const struct compose_doc *d, const struct ydoc_node *n)
{
	size_t lo = 0, hi = e->nranges_, j;
	while (lo < hi) {       /* the first range after (d, n's start) */
		size_t mid = lo + (hi - lo) / 2;
		const struct compose_doc *dm = tag_doc(e, e->ranges_[mid]);
		int before = dm != d ? (uintptr_t)dm < (uintptr_t)d
				     : e->tags[e->ranges_[mid]].node->start.offset <= n->start.offset;
		if (before)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || tag_doc(e, e->ranges_[lo - 1]) != d)
		return SIZE_MAX;
	for (j = lo - 1; j != SIZE_MAX; j = e->parent_[j])
		if (contains(e->tags[e->ranges_[j]].node, n))
			return e->ranges_[j];
	return SIZE_MAX;
}

const struct compose_origin *compose_eff_origin(const struct compose_eff *e, const struct ydoc_node *n)
{
	const struct compose_tag *t;
	if (!e || !n || !e->norigins)
		return NULL;
	if ((t = compose_eff_tag_of(e, n)) != NULL)
		return &e->origins[t->origin];
	for (size_t i = 0; i < e->norigins; i++) {
		const struct compose_doc *d = e->origins[i].doc;
		size_t seen = 0, r;
		for (size_t k = 0; k < i; k++)
			seen |= e->origins[k].doc == d;
		if (seen || !ydoc_owns(&d->y, n))
			continue;
		r = range_around(e, d, n);
		return r == SIZE_MAX ? (i == 0 ? &e->origins[0] : NULL) : &e->origins[e->tags[r].origin];
	}
	return NULL;
}

const char *compose_eff_dir(const struct compose_eff *e, const struct ydoc_node *n, const char *dflt)
{
	const struct compose_origin *o = compose_eff_origin(e, n);
	return o ? o->dir : dflt;
}

const char *compose_build_dir(const struct compose_eff *e, const struct ydoc_node *build, const char *dflt)
{
	const struct ydoc_node *ctx = build && build->type == YDOC_MAPPING ? ydoc_get(build, "context") : build;
	return !ctx || ydoc_is_null(ctx) ? dflt : compose_eff_dir(e, ctx, dflt);
}

void compose_eff_free(struct compose_eff *e)
{
	for (size_t i = 0; i < e->nmade; i++) {
		free(e->made[i]->items);
		free(e->made[i]->pairs);
		free(e->made[i]->value);
		free(e->made[i]);
	}
	for (size_t i = 0; i < e->nproblems; i++)
		free(e->problems[i].msg);
	free(e->made);
	free(e->origins);
	free(e->tags);
	free(e->problems);
	free(e->slots_);
	free(e->ranges_);
	free(e->parent_);
	memset(e, 0, sizeof(*e));
}

/* ---- following the chain ---- */

/* "`base` in lib/common.yaml", or "`base`" in the judged file. */
static void describe(struct buf *b, const struct run *run, const struct step *st)
{
	buf_printf(b, "`%.100s`", st->svc->name);
	if (st->doc != run->r->d)
		buf_printf(b, " in %.200s", st->path);
}

static const char *file_name(const struct run *run, const struct step *st)
{
	return st->doc == run->r->d ? "this file" : st->path;
}

static void problem(struct run *run, int depth, const struct ydoc_node *at, enum sev sev, const char *rule,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Problems deeper in the chain are reported at the judged service's `extends`, naming the step. */
static void problem(struct run *run, int depth, const struct ydoc_node *at, enum sev sev, const char *rule,
		    const char *fmt, ...)
{
	struct compose_problem p;
	struct buf msg = BUF_INIT;
	va_list ap;
	if (depth > 0) {
		describe(&msg, run, &run->chain[depth]);
		buf_puts(&msg, ": ");
		at = run->e->extends_key;
	}
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	p.rule = rule;
	p.sev = sev;
	p.at = at;
	p.msg = buf_detach(&msg);
	PUSH(run->e->problems, run->e->nproblems, run->e->capproblems, p);
}

/* 1 when `path`'s name is in its folder although it cannot be read (a link, a FIFO, too big). */
static int name_listed(const struct fsview *fs, const char *path)
{
	char *dir = str_dirname(path), **names;
	size_t n;
	int found = 0;
	if (fs_stat(fs, path) != FS_MISSING) {
		free(dir);
		return 1;
	}
	if (fs_list(fs, dir, &names, &n) == 0) {
		for (size_t i = 0; i < n && !found; i++)
			found = strcmp(names[i], str_basename(path)) == 0;
		fs_names_free(names, n);
	}
	free(dir);
	return found;
}

/* The other file, read once per resolver; NULL past COMPOSE_MAX_EXTERNAL. */
static const struct compose_xfile *xfile(struct compose_resolver *r, const char *path)
{
	struct compose_xfile x;
	char *data = NULL;
	size_t len = 0;
	for (size_t i = 0; i < r->nfiles; i++)
		if (strcmp(r->files[i].path, path) == 0)
			return &r->files[i];
	if (r->nfiles >= COMPOSE_MAX_EXTERNAL)
		return NULL;
	memset(&x, 0, sizeof(x));
	x.path = xstrdup(path);
	x.dir = str_dirname(path);
	if (fs_read(r->fs, path, &data, &len) == 0)
		x.doc = compose_load(data, len);
	else
		x.linked = name_listed(r->fs, path);
	free(data);
	PUSH(r->files, r->nfiles, r->capfiles, x);
	return &r->files[r->nfiles - 1];
}

/* Point `next` at the file `extends.file` names. 0 ok, -1 when it is not followed (a problem is recorded). */
static int open_file(struct run *run, int depth, const struct ydoc_node *file, struct step *next)
{
	struct compose_resolver *r = run->r;
	const struct step *st = &run->chain[depth];
	const struct compose_xfile *x;
	struct compose_interp f;
	char *path;
	if (!ydoc_str(file)) {
		problem(run, depth, file, SEV_ERROR, "extends-invalid", "`extends.file` must be a path");
		return -1;
	}
	compose_interp(r->env, file->value, &f);
	path = f.unresolved || !*f.value ? NULL : path_join_norm(st->dir, f.value);
	if (!f.unresolved && !*f.value)
		problem(run, depth, file, SEV_ERROR, "extends-invalid", "`extends.file` is empty");
	else if (f.unresolved)
		problem(run, depth, file, SEV_INFO, "extends-unresolved",
			"extends file %.200s uses a variable with no value: not followed", file->value);
	else if (!path)
		problem(run, depth, file, SEV_INFO, "extends-outside",
			"extends file %.200s is outside the repository: not followed", file->value);
	compose_interp_free(&f);
	if (!path)
		return -1;
	if (strcmp(path, r->path) == 0) {
		next->doc = r->d;
		next->path = r->path;
		next->dir = r->dir;
		free(path);
		return 0;
	}
	x = r->nfile_steps++ < COMPOSE_MAX_FILE_EXTENDS ? xfile(r, path) : NULL;
	if (!x)
		problem(run, depth, file, SEV_INFO, "extends-limit",
			"extends file %.200s not followed: berth reads at most %d other files, %d times, per file",
			file->value, COMPOSE_MAX_EXTERNAL, COMPOSE_MAX_FILE_EXTENDS);
	else if (!x->doc && x->linked)
		problem(run, depth, file, SEV_INFO, "extends-unreadable",
			"extends file %.200s is a link, not a regular file, or too big: berth does not read it", path);
	else if (!x->doc)
		problem(run, depth, file, SEV_ERROR, "extends-missing-file",
			"extends file %.200s does not exist", path);
	else if (!x->doc->wellformed || !x->doc->root || x->doc->root->type != YDOC_MAPPING)
		problem(run, depth, file, SEV_ERROR, "extends-bad-file",
			"extends file %.200s is not a valid Compose file", path);
	free(path);
	if (!x || !x->doc || !x->doc->wellformed || !x->doc->root || x->doc->root->type != YDOC_MAPPING)
		return -1;
	next->doc = x->doc;
	next->path = x->path;
	next->dir = x->dir;
	return 0;
}

/* chain[depth + 1]: the service chain[depth]'s `extends` value names. 0 ok, -1 with a problem. */
static int find_base(struct run *run, int depth, const struct ydoc_node *ext)
{
	const struct step *st = &run->chain[depth];
	struct step *next = &run->chain[depth + 1];
	const struct ydoc_node *name_node = ext, *file = NULL;
	const char *name;
	if (ext->type == YDOC_MAPPING) {
		name_node = ydoc_get(ext, "service");
		file = ydoc_get(ext, "file");
	}
	name = ydoc_is_null(name_node) ? NULL : ydoc_str(name_node);
	if (!name || !*name) {
		problem(run, depth, ext, SEV_ERROR, "extends-invalid",
			"`extends` must name a service: a string, or a mapping with `service` (and `file`)");
		return -1;
	}
	*next = *st;
	if (file && !ydoc_is_null(file) && open_file(run, depth, file, next) < 0)
		return -1;
	next->svc = compose_find_service(next->doc, name);
	if (!next->svc) {
		problem(run, depth, name_node, SEV_ERROR, "extends-missing-service",
			"extends names service `%.100s`, which %.200s does not define", name, file_name(run, next));
		return -1;
	}
	for (int i = 0; i <= depth; i++)
		if (run->chain[i].doc == next->doc && run->chain[i].svc == next->svc) {
			struct buf b = BUF_INIT;
			for (int k = i; k <= depth + 1; k++) {
				buf_puts(&b, k > i ? " -> " : "");
				describe(&b, run, &run->chain[k]);
			}
			problem(run, depth, name_node, SEV_ERROR, "extends-cycle",
				"extends goes round in a circle: %s", buf_str(&b));
			buf_free(&b);
			return -1;
		}
	return 0;
}

static size_t add_origin(struct compose_eff *e, const struct step *st, int depth)
{
	struct compose_origin o;
	o.doc = st->doc;
	o.path = st->path;
	o.dir = st->dir;
	o.svc = st->svc;
	o.depth = depth;
	PUSH(e->origins, e->norigins, e->caporigins, o);
	return e->norigins - 1;
}

static const struct ydoc_node *resolve_step(struct run *run, int depth)
{
	const struct step *st = &run->chain[depth];
	const struct ydoc_node *own = st->svc->value, *base;
	const struct ydoc_pair *ext = ydoc_entry(own, "extends");
	size_t o = add_origin(run->e, st, depth);
	compose_eff_tag(run->e, own, o, 0);
	for (size_t i = 0; i < own->npairs; i++)
		compose_eff_tag(run->e, own->pairs[i].value, o, 0);
	if (!ext || ydoc_is_null(ext->value))
		return own;
	if (depth == 0)
		run->e->extends_key = ext->key;
	if (depth >= COMPOSE_MAX_EXTENDS) {
		problem(run, depth, ext->value, SEV_INFO, "extends-limit",
			"extends not followed further: berth follows at most %d steps", COMPOSE_MAX_EXTENDS);
		return own;
	}
	if (find_base(run, depth, ext->value) < 0)
		return own;
	base = resolve_step(run, depth + 1);
	return compose_merge(run->e, base, own, o);
}

void compose_resolve(struct compose_resolver *r, const struct compose_service *svc, struct compose_eff *out)
{
	struct run run;
	memset(out, 0, sizeof(*out));
	out->map = svc->value;
	if (!ydoc_entry(svc->value, "extends")) {
		/* the common case: nothing to merge, every node is the service's own */
		struct step st = { r->d, r->path, r->dir, svc };
		add_origin(out, &st, 0);
		return;
	}
	memset(&run, 0, sizeof(run));
	run.r = r;
	run.e = out;
	run.chain[0].doc = r->d;
	run.chain[0].path = r->path;
	run.chain[0].dir = r->dir;
	run.chain[0].svc = svc;
	out->map = resolve_step(&run, 0);
	index_ranges(out);
}
