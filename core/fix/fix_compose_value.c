/*
 * fix_compose_value - Compose fixes that need a value: resource limits
 * (limits.cpus, limits.memory), a healthcheck command (healthcheck.<service>
 * or healthcheck) and a pinned image tag (pin.<image>).
 */
#include "fix_compose.h"

#include <stdlib.h>
#include <string.h>

#include "dfa.h"

/* Suggested defaults shown by the prompt. */
#define FIX_DEFAULT_CPUS "1"
#define FIX_DEFAULT_MEMORY "512M"

static int present(const struct ydoc_node *map, const char *key)
{
	const struct ydoc_node *v = ydoc_get(map, key);
	return v && !ydoc_is_null(v);
}

/* A local block mapping value of `key` in `map` (its key in *k), else NULL. */
static const struct ydoc_node *block_map(const struct cfile *f, const struct ydoc_node *map, const char *key,
					 const struct ydoc_node **k)
{
	const struct ydoc_pair *p = ydoc_entry(map, key);
	if (!p || p->merged || p->value->type != YDOC_MAPPING || p->value->start.offset < p->key->start.offset ||
	    f->data[p->value->start.offset] == '{' || p->value->start.line == p->key->start.line)
		return NULL;
	*k = p->key;
	return p->value;
}

/* The missing limits of one service as lines under deploy/resources/limits, wherever the path ends. */
static void add_limits(struct fix *fx, const struct cfile *f, const struct csvc *s, const char *cpus,
		       const char *mem)
{
	static const char *const path[] = { "deploy", "resources", "limits" };
	const struct ydoc_node *map = s->map, *key = NULL, *next = NULL;
	const char *indent = s->indent;
	size_t depth = 0, at;
	int eof;
	struct buf b = BUF_INIT;
	char *ind = xstrdup(indent);
	for (; depth < 3; depth++) {
		const struct ydoc_node *k = NULL;
		if (ydoc_entry(map, path[depth]) && !(next = block_map(f, map, path[depth], &k))) {
			free(ind);
			return;         /* there, but not a block mapping berth can edit */
		}
		if (!ydoc_entry(map, path[depth]))
			break;
		map = next;
		key = k;
		free(ind);
		ind = fix_line_indent(f->data, f->len, map->pairs[0].key->start.offset);
	}
	for (size_t d = depth; d < 3; d++) {
		char *deeper;
		buf_printf(&b, "%s%s:%s", ind, path[d], f->c->nl);
		deeper = xasprintf("%s%*s", ind, f->unit, "");
		free(ind);
		ind = deeper;
	}
	if (cpus)
		buf_printf(&b, "%scpus: \"%s\"%s", ind, cpus, f->c->nl);
	if (mem)
		buf_printf(&b, "%smemory: %s%s", ind, mem, f->c->nl);
	if (key)
		at = cfile_key_end(f, key, &eof);
	else
		at = s->end, eof = s->eof_no_nl;
	cfile_insert_at(fx, f, at, eof, buf_str(&b));
	buf_free(&b);
	free(ind);
}

/* A fix still waiting for a value has no edits. */
static void drop_edits(struct fix *fx)
{
	for (size_t i = 0; i < fx->nchanges; i++) {
		for (size_t j = 0; j < fx->changes[i].nedits; j++)
			free(fx->changes[i].edits[j].text);
		free(fx->changes[i].edits);
		fx->changes[i].edits = NULL;
		fx->changes[i].nedits = 0;
	}
}

void fix_compose_limits(struct fix_ctx *c)
{
	struct cfile f;
	struct fix *fx = NULL;
	const char *cpus = fix_value(c, "limits.cpus"), *mem = fix_value(c, "limits.memory");
	if (cfile_load(&f, c) == 0)
		for (size_t i = 0; i < f.nsvcs; i++) {
			const struct csvc *s = &f.svcs[i];
			const struct ydoc_node *lim = ydoc_get(ydoc_get(ydoc_get(s->map, "deploy"), "resources"), "limits");
			int cpu = present(lim, "cpus") || present(s->map, "cpus");
			int memory = present(lim, "memory") || present(s->map, "mem_limit");
			if (cpu && memory)
				continue;
			if (!fx) {
				fx = fix_new(c, ITEM_COMPOSE_RESOURCE_LIMITS, "limits", "set CPU and memory limits");
				fx->value_name = xstrdup(!cpu && !cpus ? "limits.cpus" : "limits.memory");
				fx->value_default = xstrdup(!cpu && !cpus ? FIX_DEFAULT_CPUS : FIX_DEFAULT_MEMORY);
			}
			if ((!cpu && !cpus) || (!memory && !mem)) {
				fx->needs_value = 1;
				continue;
			}
			add_limits(fx, &f, s, cpu ? NULL : cpus, memory ? NULL : mem);
		}
	if (fx && fx->needs_value)
		drop_edits(fx);
	else if (fx)
		fx->value = xstrdup(fix_value(c, fx->value_name) ? fix_value(c, fx->value_name) : "");
	cfile_free(&f);
}

/* A healthcheck command for images berth knows (the prompt's suggestion). */
static const char *hc_default(const struct csvc *s)
{
	static const char *const known[][2] = {
		{ "postgres", "pg_isready -U postgres" },
		{ "redis", "redis-cli ping" },
		{ "mysql", "mysqladmin ping -h localhost" },
		{ "mariadb", "healthcheck.sh --connect --innodb_initialized" },
		{ "mongo", "mongosh --quiet --eval 'db.runCommand({ping: 1})'" },
		{ "rabbitmq", "rabbitmq-diagnostics -q ping" },
	};
	char *name = cfile_image(s);
	const char *r = "curl -fsS http://localhost/ || exit 1";
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (strcmp(str_basename(name), known[i][0]) == 0)
			r = known[i][1];
	free(name);
	return r;
}

static void json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		if ((unsigned char)*s >= 0x20)
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void fix_compose_healthcheck(struct fix_ctx *c)
{
	struct cfile f;
	if (cfile_load(&f, c) == 0)
		for (size_t i = 0; i < f.nsvcs; i++) {
			const struct csvc *s = &f.svcs[i];
			char *name = xasprintf("healthcheck.%s", s->name);
			const char *v = fix_value(c, name);
			struct fix *fx;
			struct buf b = BUF_INIT;
			/* precondition: a one-shot service exits; it has nothing to be healthy for */
			if (ydoc_entry(s->map, "healthcheck") || fix_compose_one_shot(&f, s)) {
				free(name);
				continue;
			}
			if (!v)
				v = fix_value(c, "healthcheck");
			fx = fix_new(c, ITEM_COMPOSE_HEALTHCHECK, "healthcheck", "add a healthcheck to %s", s->name);
			fx->service = xstrdup(s->name);
			fx->value_name = name;
			fx->value_default = xstrdup(hc_default(s));
			fx->partial = f.nsvcs > 1;
			if (!v || !*v) {
				fx->needs_value = 1;
				continue;
			}
			fx->value = xstrdup(v);
			buf_printf(&b, "%shealthcheck:%s%s%*stest: [\"CMD-SHELL\", ", s->indent, c->nl, s->indent, f.unit, "");
			json_str(&b, v);
			buf_printf(&b, "]%s", c->nl);
			buf_printf(&b, "%s%*sinterval: 30s%s", s->indent, f.unit, "", c->nl);
			buf_printf(&b, "%s%*stimeout: 5s%s", s->indent, f.unit, "", c->nl);
			buf_printf(&b, "%s%*sretries: 3%s", s->indent, f.unit, "", c->nl);
			cfile_add_lines(fx, &f, s, buf_str(&b));
			buf_free(&b);
		}
	cfile_free(&f);
}

void fix_compose_pin(struct fix_ctx *c)
{
	struct cfile f;
	if (cfile_load(&f, c) == 0)
		for (size_t i = 0; i < f.nsvcs; i++) {
			const struct csvc *s = &f.svcs[i];
			const struct ydoc_pair *p = ydoc_entry(s->map, "image");
			const char *ref = p ? ydoc_str(p->value) : NULL, *v;
			struct dfa_image img;
			char *full, *name;
			struct fix *fx;
			size_t st, en;
			if (!ref || strchr(ref, '$') || p->merged || p->value->start.offset < p->key->start.offset)
				continue;
			dfa_image_parse(&img, ref);
			if (!img.path || dfa_pin_classify(&img) <= DFA_PIN_INFO) {
				dfa_image_free(&img);
				continue;
			}
			full = xasprintf("pin.%s", img.path);
			name = xasprintf("pin.%s", str_basename(img.path));
			v = fix_value(c, full) ? fix_value(c, full) : fix_value(c, name);
			fx = fix_new(c, ITEM_COMPOSE_PINNED_IMAGE, "pin-image", "pin %s of %s to a full version",
				     img.path, s->name);
			fx->service = xstrdup(s->name);
			fx->value_name = fix_value(c, full) ? full : name;
			free(fx->value_name == full ? name : full);
			fx->value_default = img.tag ? xstrdup(img.tag) : NULL;
			fx->partial = f.nsvcs > 1;
			st = p->value->start.offset;
			en = p->value->end.offset;
			if (p->value->style == YDOC_SINGLE_QUOTED || p->value->style == YDOC_DOUBLE_QUOTED)
				st++, en--;
			if (!v || !*v || p->value->start.line != p->value->end.line || en <= st)
				fx->needs_value = 1;
			else {
				char *why = fix_pin_check(img.path, img.tag, v);
				fx->value = xstrdup(v);
				if (why) {
					fix_withhold(fx, "withheld: %s", why);
					free(why);
				} else {
					fix_df_retag(fx, c->in->path, f.data, st, en, v);
					fix_set_note(fx, "review: pins %s to %s (the same variant and major version)", img.path, v);
				}
			}
			if (fx->needs_value)
				fix_set_note(fx, "needs a value: --set %s=<a full version of the same variant>", fx->value_name);
			dfa_image_free(&img);
		}
	cfile_free(&f);
}
