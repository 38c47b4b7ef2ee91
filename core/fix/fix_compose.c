/*
 * fix_compose - the automatic Compose fixes, per service, at the service's
 * indentation in the list style the file already uses: no-new-privileges,
 * cap_drop ALL (with the cap_add well-known images need), read_only with
 * tmpfs for the paths well-known images write, and a restart policy.
 */
#include "fix_compose.h"

#include <stdlib.h>
#include <string.h>

/* Capabilities and writable paths of images berth knows. */
struct known_image {
	const char *name;
	const char *caps[6];
	const char *tmpfs[4];
};

static const struct known_image known[] = {
	{ "postgres", { "CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID", NULL }, { "/tmp", "/var/run/postgresql", NULL } },
	{ "mysql", { "CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID", NULL }, { "/tmp", "/var/run/mysqld", NULL } },
	{ "mariadb", { "CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID", NULL }, { "/tmp", "/run/mysqld", NULL } },
	{ "nginx", { "CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID", "NET_BIND_SERVICE", NULL }, { "/tmp", "/var/run", "/var/cache/nginx", NULL } },
	{ "redis", { "CHOWN", "SETGID", "SETUID", NULL }, { "/tmp", NULL } },
	{ "httpd", { "NET_BIND_SERVICE", "SETGID", "SETUID", NULL }, { "/tmp", "/usr/local/apache2/logs", NULL } },
	{ "mongo", { "CHOWN", "SETGID", "SETUID", NULL }, { "/tmp", NULL } },
};

static const struct known_image *known_of(const struct csvc *s)
{
	char *name = cfile_image(s);
	const struct known_image *k = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		size_t n = strlen(known[i].name);
		const char *base = str_basename(name);
		if (strcmp(base, known[i].name) == 0 || (strncmp(base, known[i].name, n) == 0 && base[n] == '-'))
			k = &known[i];
	}
	free(name);
	return k;
}

static size_t count(const char *const *v)
{
	size_t n = 0;
	while (v[n])
		n++;
	return n;
}

static int seq_has(const struct ydoc_node *seq, int (*match)(const char *))
{
	for (size_t i = 0; seq && seq->type == YDOC_SEQUENCE && i < seq->nitems; i++)
		if (ydoc_str(seq->items[i]) && match(ydoc_str(seq->items[i])))
			return 1;
	return 0;
}

static int nnp(const char *v)
{
	return !strcmp(v, "no-new-privileges:true") || !strcmp(v, "no-new-privileges") ||
	       !strcmp(v, "no-new-privileges=true");
}

static int all(const char *v)
{
	return str_ieq(v, "ALL");
}

/* The entry of key `k` in a service: local (0), merged (1), local with an alias value (2), absent (-1). */
static int entry(const struct csvc *s, const char *k, const struct ydoc_node **v)
{
	const struct ydoc_pair *p = ydoc_entry(s->map, k);
	*v = p ? p->value : NULL;
	return !p ? -1 : p->merged ? 1 : p->value->start.offset < p->key->start.offset ? 2 : 0;
}

/* The text of a one-line scalar without its quotes: [*s, *e). 0 when it is not one. */
static int scalar_inner(const struct ydoc_node *n, size_t *s, size_t *e)
{
	if (!n || n->type != YDOC_SCALAR || n->start.line != n->end.line || n->end.offset <= n->start.offset)
		return 0;
	*s = n->start.offset;
	*e = n->end.offset;
	if (n->style == YDOC_SINGLE_QUOTED || n->style == YDOC_DOUBLE_QUOTED) {
		if (*e - *s < 2)
			return 0;
		(*s)++, (*e)--;
	}
	return n->style != YDOC_LITERAL && n->style != YDOC_FOLDED;
}

/* An entry that means to set no-new-privileges but does not (":false", a mapping): rewrite it. */
static int mend_nnp(struct fix *fx, const struct cfile *f, const struct ydoc_node *seq)
{
	for (size_t i = 0; seq && seq->type == YDOC_SEQUENCE && i < seq->nitems; i++) {
		const struct ydoc_node *it = seq->items[i];
		const char *v = ydoc_str(it);
		size_t s, e;
		if (it->start.offset < seq->start.offset)
			continue;       /* an alias: its text is elsewhere */
		if (v && str_starts(v, "no-new-privileges") && scalar_inner(it, &s, &e)) {
			fix_edit(fx, f->c->in->path, s, e, "no-new-privileges:true");
			return 1;
		}
		if (it->type == YDOC_MAPPING && it->npairs == 1 && ydoc_entry(it, "no-new-privileges") &&
		    it->pairs[0].value->start.line == it->start.line &&
		    it->pairs[0].value->end.offset > it->start.offset) {
			fix_edit(fx, f->c->in->path, it->start.offset, it->pairs[0].value->end.offset,
				 "no-new-privileges:true");
			return 1;
		}
	}
	return 0;
}

void fix_compose_security(struct fix_ctx *c)
{
	struct cfile f;
	struct fix *fx = NULL;
	if (cfile_load(&f, c) == 0)
		for (size_t i = 0; i < f.nsvcs; i++) {
			const struct csvc *s = &f.svcs[i];
			const struct ydoc_node *v;
			static const char *const item[] = { "no-new-privileges:true" };
			int e = entry(s, "security_opt", &v);
			char *lines;
			if (e >= 0 && seq_has(v, nnp))
				continue;
			if (!fx)
				fx = fix_new(c, ITEM_COMPOSE_NO_NEW_PRIVILEGES, "no-new-privileges",
					     "set security_opt no-new-privileges:true");
			if (e == 0 && !mend_nnp(fx, &f, v))
				cfile_append_item(fx, &f, v, item[0]);
			else if (e < 0) {
				lines = cfile_list(&f, s, "security_opt", item, 1);
				cfile_add_lines(fx, &f, s, lines);
				free(lines);
			}
		}
	cfile_free(&f);
}

void fix_compose_cap_drop(struct fix_ctx *c)
{
	struct cfile f;
	struct fix *fx = NULL;
	if (cfile_load(&f, c) == 0)
		for (size_t i = 0; i < f.nsvcs; i++) {
			const struct csvc *s = &f.svcs[i];
			const struct known_image *k = known_of(s);
			const struct ydoc_node *v, *add;
			static const char *const item[] = { "ALL" };
			int e = entry(s, "cap_drop", &v);
			if (e >= 0 && (seq_has(v, all) || (ydoc_str(v) && all(ydoc_str(v)))))
				continue;
			if (!fx) {
				fx = fix_new(c, ITEM_COMPOSE_CAP_DROP, "cap-drop", "drop all capabilities (cap_drop: ALL)");
				fx->note = xstrdup("an image that needs a capability to start fails without it: "
						   "add it back with cap_add");
			}
			if (e == 0 || e == 2) {
				size_t vs, ve;
				/* an alias value is shared with other services: leave it to the author */
				if (e == 0 && v->type == YDOC_SCALAR && scalar_inner(v, &vs, &ve))
					fix_edit(fx, c->in->path, vs, ve, "ALL");  /* ALL drops what it named too */
				else if (e == 0)
					cfile_append_item(fx, &f, v, item[0]);
				continue;
			}
			{
				char *lines = cfile_list(&f, s, "cap_drop", item, 1);
				struct buf b = BUF_INIT;
				buf_puts(&b, lines);
				free(lines);
				if (k && entry(s, "cap_add", &add) < 0) {
					lines = cfile_list(&f, s, "cap_add", k->caps, count(k->caps));
					buf_puts(&b, lines);
					free(lines);
				}
				cfile_add_lines(fx, &f, s, buf_str(&b));
				buf_free(&b);
			}
		}
	cfile_free(&f);
}

void fix_compose_read_only(struct fix_ctx *c)
{
	struct cfile f;
	struct fix *fx = NULL;
	if (cfile_load(&f, c) == 0)
		for (size_t i = 0; i < f.nsvcs; i++) {
			const struct csvc *s = &f.svcs[i];
			const struct known_image *k = known_of(s);
			const struct ydoc_node *v, *t;
			static const char *const tmp[] = { "/tmp", NULL };
			int e = entry(s, "read_only", &v);
			struct buf b = BUF_INIT;
			if (e >= 0 && ydoc_bool(v) == 1)
				continue;
			if (!fx) {
				fx = fix_new(c, ITEM_COMPOSE_READ_ONLY, "read-only",
					     "make the root filesystem read-only (with tmpfs where the image writes)");
				fx->note = xstrdup("an image that writes outside its volumes and tmpfs paths stops "
						   "working on a read-only root filesystem");
			}
			if (e == 0 && v->type == YDOC_SCALAR && v->start.line == v->end.line)
				fix_edit(fx, c->in->path, v->start.offset, v->end.offset, "true");
			else if (e == 0 || e == 2)
				continue;
			else
				buf_printf(&b, "%sread_only: true%s", s->indent, c->nl);
			if (entry(s, "tmpfs", &t) < 0) {
				const char *const *paths = k ? k->tmpfs : tmp;
				char *lines = cfile_list(&f, s, "tmpfs", paths, count(paths));
				buf_puts(&b, lines);
				free(lines);
			}
			if (b.len)
				cfile_add_lines(fx, &f, s, buf_str(&b));
			buf_free(&b);
		}
	cfile_free(&f);
}

void fix_compose_restart(struct fix_ctx *c)
{
	struct cfile f;
	struct fix *fx = NULL;
	if (cfile_load(&f, c) == 0)
		for (size_t i = 0; i < f.nsvcs; i++) {
			const struct csvc *s = &f.svcs[i];
			const struct ydoc_node *v, *deploy = ydoc_get(s->map, "deploy");
			char *line;
			if (entry(s, "restart", &v) >= 0 || (deploy && ydoc_get(deploy, "restart_policy")))
				continue;
			if (!fx)
				fx = fix_new(c, ITEM_COMPOSE_RESTART, "restart", "restart the service unless stopped");
			line = xasprintf("%srestart: unless-stopped%s", s->indent, c->nl);
			cfile_add_lines(fx, &f, s, line);
			free(line);
		}
	cfile_free(&f);
}
