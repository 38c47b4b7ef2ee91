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
 * - every value keeps where it is written (file, service, depth), for
 *   compose_eff_origin (compose_origin.c).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "util.h"

/* One service of the chain being followed. */
struct step {
	const struct compose_doc *doc;
	const char *path, *dir;
	const char *shown;                      /* path, or the `file:` text when .env made it */
	const char *name;
	const struct ydoc_node *value;          /* the service's mapping */
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

/* ---- following the chain ---- */

/* "`base` in lib/common.yaml", or "`base`" in the judged file. */
static void describe(struct buf *b, const struct run *run, const struct step *st)
{
	buf_printf(b, "`%.100s`", st->name);
	if (st->doc != run->r->d)
		buf_printf(b, " in %.200s", st->shown);
}

static const char *file_name(const struct run *run, const struct step *st)
{
	return st->doc == run->r->d ? "this file" : st->shown;
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
	const char *shown;
	char *path;
	int from_env;
	if (!ydoc_str(file)) {
		problem(run, depth, file, SEV_INFO, "extends-invalid", "`extends.file` must be a path");
		return -1;
	}
	compose_interp(r->env, file->value, &f);
	path = f.unresolved || !*f.value ? NULL : path_join_norm(st->dir, f.value);
	from_env = f.from_env;
	if (!f.unresolved && !*f.value)
		problem(run, depth, file, SEV_INFO, "extends-invalid", "`extends.file` is empty");
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
		next->path = next->shown = r->path;
		next->dir = r->dir;
		free(path);
		return 0;
	}
	x = r->nfile_steps++ < COMPOSE_MAX_FILE_EXTENDS ? xfile(r, path) : NULL;
	free(path);
	/* a path that a .env value made is never printed: the text as written is */
	shown = !x || from_env ? file->value : x->path;
	if (!x)
		problem(run, depth, file, SEV_INFO, "extends-limit",
			"extends file %.200s not followed: past berth's limits (%d other files, %d steps into them, per file)",
			shown, COMPOSE_MAX_EXTERNAL, COMPOSE_MAX_FILE_EXTENDS);
	else if (!x->doc && x->linked)
		problem(run, depth, file, SEV_INFO, "extends-unreadable",
			"extends file %.200s is a link, not a regular file, or too big: berth does not read it", shown);
	else if (!x->doc)
		problem(run, depth, file, SEV_INFO, "extends-missing-file", "extends file %.200s does not exist", shown);
	else if (!x->doc->wellformed || !x->doc->root || x->doc->root->type != YDOC_MAPPING)
		problem(run, depth, file, SEV_INFO, "extends-bad-file",
			"extends file %.200s is not a valid Compose file", shown);
	if (!x || !x->doc || !x->doc->wellformed || !x->doc->root || x->doc->root->type != YDOC_MAPPING)
		return -1;
	next->doc = x->doc;
	next->path = x->path;
	next->shown = shown;
	next->dir = x->dir;
	return 0;
}

/*
 * The service `name` of next's file into next. An empty (null) service is
 * nothing to inherit, as for Compose: -1 without a problem.
 */
static int lookup(struct run *run, int depth, struct step *next, const char *name, const struct ydoc_node *at)
{
	const struct compose_service *s = compose_find_service(next->doc, name);
	const struct ydoc_pair *p;
	if (s) {
		next->name = s->name;
		next->value = s->value;
		return 0;
	}
	/* not among the services (an `x-` name, not a mapping): look at the key itself */
	p = ydoc_entry(ydoc_get(next->doc->root, "services"), name);
	if (p && ydoc_is_null(p->value))
		return -1;
	if (p && p->value->type == YDOC_MAPPING) {
		next->name = p->key->value;
		next->value = p->value;
		return 0;
	}
	if (p)
		problem(run, depth, at, SEV_INFO, "extends-missing-service",
			"extends names service `%.100s` of %.200s, which is not a mapping", name, file_name(run, next));
	else
		problem(run, depth, at, SEV_INFO, "extends-missing-service",
			"extends names service `%.100s`, which %.200s does not define", name, file_name(run, next));
	return -1;
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
		problem(run, depth, ext, SEV_INFO, "extends-invalid",
			"`extends` must name a service: a string, or a mapping with `service` (and `file`)");
		return -1;
	}
	*next = *st;
	if (file && !ydoc_is_null(file) && open_file(run, depth, file, next) < 0)
		return -1;
	if (lookup(run, depth, next, name, name_node) < 0)
		return -1;
	for (int i = 0; i <= depth; i++)
		if (run->chain[i].doc == next->doc && run->chain[i].value == next->value) {
			struct buf b = BUF_INIT;
			for (int k = i; k <= depth + 1; k++) {
				buf_puts(&b, k > i ? " -> " : "");
				describe(&b, run, &run->chain[k]);
			}
			problem(run, depth, name_node, SEV_INFO, "extends-cycle",
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
	o.shown = st->shown;
	o.dir = st->dir;
	o.name = st->name;
	o.depth = depth;
	PUSH(e->origins, e->norigins, e->caporigins, o);
	return e->norigins - 1;
}

static const struct ydoc_node *resolve_step(struct run *run, int depth)
{
	const struct step *st = &run->chain[depth];
	const struct ydoc_node *own = st->value, *base;
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

/* A run starting at the service `svc` of the resolver's own file, merging into out. */
static void run_start(struct run *run, struct compose_resolver *r, const struct compose_service *svc,
		      struct compose_eff *out)
{
	memset(run, 0, sizeof(*run));
	run->r = r;
	run->e = out;
	run->chain[0].doc = r->d;
	run->chain[0].path = r->path;
	run->chain[0].dir = r->dir;
	run->chain[0].shown = r->path;
	run->chain[0].name = svc->name;
	run->chain[0].value = svc->value;
}

void compose_resolve(struct compose_resolver *r, const struct compose_service *svc, struct compose_eff *out)
{
	struct run run;
	const struct ydoc_pair *ext = ydoc_entry(svc->value, "extends");
	memset(out, 0, sizeof(*out));
	out->map = svc->value;
	if (!ext || r->merged >= COMPOSE_MAX_MERGED) {
		/* the common case: nothing to merge, every node is the service's own */
		struct step st = { r->d, r->path, r->dir, r->path, svc->name, svc->value };
		add_origin(out, &st, 0);
		if (ext) {
			struct compose_problem p = { "extends-limit", SEV_INFO, ext->value, NULL };
			p.msg = xasprintf("extends not followed: berth merges at most %d values per file", COMPOSE_MAX_MERGED);
			out->extends_key = ext->key;
			PUSH(out->problems, out->nproblems, out->capproblems, p);
		}
		return;
	}
	run_start(&run, r, svc, out);
	out->map = resolve_step(&run, 0);
	compose_eff_index(out);
	r->merged += out->ntags;
}

/* Follow one side's chain into out; returns its merged mapping (out->extends_key: that side's). */
static const struct ydoc_node *resolve_side(struct compose_resolver *r, const struct compose_service *svc,
					    struct compose_eff *out)
{
	struct run run;
	run_start(&run, r, svc, out);
	out->extends_key = NULL;
	return resolve_step(&run, 0);
}

/* Give origins [from, norigins) the layer; drop problems [pfrom, nproblems) of the other side. */
static void set_layer(struct compose_eff *e, size_t from, int layer, size_t pfrom)
{
	for (size_t i = from; i < e->norigins; i++)
		e->origins[i].layer = layer;
	if (!layer)
		return;
	for (size_t i = pfrom; i < e->nproblems; i++)
		free(e->problems[i].msg);
	e->nproblems = pfrom;
}

void compose_resolve_pair(struct compose_resolver *lo, const struct compose_service *lower,
			  struct compose_resolver *up, const struct compose_service *upper, int judged_upper,
			  struct compose_eff *out)
{
	const struct ydoc_node *lm, *um, *lext, *uext;
	size_t o_up, p_up;
	struct compose_resolver *mine = judged_upper ? up : lo;
	if (mine->merged >= COMPOSE_MAX_MERGED) {
		compose_resolve(mine, judged_upper ? upper : lower, out);
		return;
	}
	memset(out, 0, sizeof(*out));
	lm = resolve_side(lo, lower, out);
	lext = out->extends_key;
	set_layer(out, 0, judged_upper, 0);
	o_up = out->norigins;
	p_up = out->nproblems;
	um = resolve_side(up, upper, out);
	uext = out->extends_key;
	set_layer(out, o_up, !judged_upper, p_up);
	out->extends_key = judged_upper ? uext : lext;
	out->map = compose_merge(out, lm, um, o_up);
	compose_eff_index(out);
	mine->merged += out->ntags;
}
