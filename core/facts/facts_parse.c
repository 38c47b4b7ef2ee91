/* facts_parse - images.yaml (or `.berth.yaml`'s `images:`) to entries, every value checked. */
#include "facts_priv.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Most entries, overrides per entry and items per list: far above real data, a bound on hostile input. */
#define FACTS_MAX_ENTRIES 4096
#define FACTS_MAX_TAGS 64
#define FACTS_MAX_LIST 256
/*
 * Most scalars one text may make us read once aliases are followed: what
 * stops an alias bomb (`tags: *a` in every entry, each list an alias too).
 * images.yaml reads about 10,000.
 */
#define FACTS_MAX_SCALARS 1000000

/* Linux capability names (capabilities(7)), for cap-add; CAP_ is not written. */
static const char *const caps[] = {
	"AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND", "BPF", "CHECKPOINT_RESTORE",
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK", "IPC_OWNER",
	"KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN",
	"NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP",
	"SETUID", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT",
	"SYS_PTRACE", "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "SYSLOG",
	"WAKE_ALARM", NULL
};
static const char *const user_tools[] = { "", "useradd", "busybox", "none", NULL };
static const char *const shells[] = { "", "bash", "sh", "none", NULL };
static const char *const pkgs[] = { "", "apt", "apk", "dnf", "microdnf", "yum", "tdnf", "none", NULL };
static const char *const drops[] = {
	"", "gosu", "su-exec", "setpriv", "s6-overlay", "chpst", "runuser", "su", "other", "none", NULL
};
static const char *const field_names[] = {
#define FACTS_NAME(id, name) name,
	FACTS_FIELDS(FACTS_NAME)
#undef FACTS_NAME
};

struct parse {
	yaml_document_t doc;
	const char *origin;
	struct facts_arena *arena;
	char **err;
	long budget;            /* scalars left to read (FACTS_MAX_SCALARS) */
};

static int fail(struct parse *p, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parse *p, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int len;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	len = snprintf(NULL, 0, "%s:%zu:%zu: %s", p->origin, n->start_mark.line + 1,
		       n->start_mark.column + 1, msg);
	*p->err = malloc((size_t)len + 1);
	if (*p->err)
		snprintf(*p->err, (size_t)len + 1, "%s:%zu:%zu: %s", p->origin,
			 n->start_mark.line + 1, n->start_mark.column + 1, msg);
	return -1;
}

static yaml_node_t *node(struct parse *p, int i)
{
	return yaml_document_get_node(&p->doc, i);
}

/* The scalar's text (NUL-free, non-empty), or NULL after fail(). */
static const char *scalar(struct parse *p, const yaml_node_t *n, const char *what)
{
	const char *s = (const char *)n->data.scalar.value;
	if (n->type != YAML_SCALAR_NODE)
		return fail(p, n, "%s: expected a single value", what), NULL;
	if (--p->budget < 0)
		return fail(p, n, "more than %d values once aliases are followed", FACTS_MAX_SCALARS), NULL;
	if (n->data.scalar.length == 0 || strlen(s) != n->data.scalar.length)
		return fail(p, n, "%s: expected a non-empty value", what), NULL;
	return s;
}

static int word_in(const char *s, const char *const *set)
{
	for (int i = 0; set[i]; i++)
		if (set[i][0] && strcmp(s, set[i]) == 0)
			return i;
	return -1;
}

static int parse_bool(struct parse *p, const yaml_node_t *n, const char *what, int *out)
{
	const char *s = scalar(p, n, what);
	if (!s)
		return -1;
	if (strcmp(s, "true") && strcmp(s, "false"))
		return fail(p, n, "%s: expected true or false, found '%s'", what, s);
	*out = s[0] == 't';
	return 0;
}

static int parse_long(struct parse *p, const yaml_node_t *n, const char *what, long lo, long hi,
		      long *out)
{
	const char *s = scalar(p, n, what);
	char *end;
	long v;
	if (!s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (!isdigit((unsigned char)s[0]) || *end || errno || v < lo || v > hi)
		return fail(p, n, "%s: expected a number from %ld to %ld, found '%s'", what, lo, hi, s);
	*out = v;
	return 0;
}

static int parse_enum(struct parse *p, const yaml_node_t *n, const char *what,
		      const char *const *set, int *out)
{
	const char *s = scalar(p, n, what);
	char expected[256] = "";
	if (!s)
		return -1;
	if ((*out = word_in(s, set)) > 0)
		return 0;
	for (int i = 1; set[i]; i++)
		snprintf(expected + strlen(expected), sizeof(expected) - strlen(expected), "%s%s",
			 i > 1 ? ", " : "", set[i]);
	return fail(p, n, "%s: unknown value '%s' (expected %s)", what, s, expected);
}

enum item_kind { ITEM_ANY, ITEM_WORD, ITEM_PATH, ITEM_ENV, ITEM_CAP };

static int item_ok(const char *s, enum item_kind kind)
{
	size_t i;
	switch (kind) {
	case ITEM_ANY:
		return 1;
	case ITEM_PATH:
		return s[0] == '/';
	case ITEM_CAP:
		return word_in(s, caps) >= 0;
	case ITEM_WORD:
		for (i = 0; s[i]; i++)
			if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && !strchr("._+-", s[i]))
				return 0;
		return 1;
	case ITEM_ENV:
		for (i = 0; s[i]; i++)
			if (!isalpha((unsigned char)s[i]) && s[i] != '_' && !(i && isdigit((unsigned char)s[i])))
				return 0;
		return 1;
	}
	return 0;
}

static const char *const item_what[] = {
	"a value", "a lower-case word", "an absolute path", "a variable name", "a capability name (CHOWN, SETUID, ...)"
};

/* A list of scalars; a lone scalar too when single_ok. */
static int parse_list(struct parse *p, yaml_node_t *n, const char *what, enum item_kind kind,
		      int single_ok, struct facts_list *out)
{
	size_t cnt = 0;
	const char **v;
	yaml_node_item_t *it;
	if (n->type == YAML_SCALAR_NODE && single_ok) {
		const char *s = scalar(p, n, what);
		if (!s)
			return -1;
		if (!item_ok(s, kind))
			return fail(p, n, "%s: expected %s, found '%s'", what, item_what[kind], s);
		v = facts_arena_alloc(p->arena, 2 * sizeof(*v));
		if (!v || !(v[0] = facts_arena_strdup(p->arena, s)))
			return fail(p, n, "out of memory");
		out->v = v;
		out->n = 1;
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return fail(p, n, "%s: expected a list", what);
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
		cnt++;
	if (cnt > FACTS_MAX_LIST)
		return fail(p, n, "%s: more than %d items", what, FACTS_MAX_LIST);
	v = facts_arena_alloc(p->arena, (cnt + 1) * sizeof(*v));
	if (!v)
		return fail(p, n, "out of memory");
	cnt = 0;
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *c = node(p, *it);
		const char *s = scalar(p, c, what);
		if (!s)
			return -1;
		if (!item_ok(s, kind))
			return fail(p, c, "%s: expected %s, found '%s'", what, item_what[kind], s);
		if (!(v[cnt++] = facts_arena_strdup(p->arena, s)))
			return fail(p, c, "out of memory");
	}
	out->v = v;
	out->n = cnt;
	return 0;
}

/* A mapping of at most max keys, all scalars, none repeated (max bounds the quadratic check). */
static int check_mapping(struct parse *p, yaml_node_t *n, const char *what, long max)
{
	yaml_node_pair_t *a, *b;
	if (n->type != YAML_MAPPING_NODE)
		return fail(p, n, "%s: expected a mapping", what);
	if (n->data.mapping.pairs.top - n->data.mapping.pairs.start > max)
		return fail(p, n, "%s: more than %ld keys", what, max);
	for (a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top; a++) {
		yaml_node_t *k = node(p, a->key);
		if (!scalar(p, k, what))
			return -1;
		for (b = n->data.mapping.pairs.start; b < a; b++)
			if (strcmp((const char *)node(p, b->key)->data.scalar.value,
				   (const char *)k->data.scalar.value) == 0)
				return fail(p, k, "%s: duplicate key '%s'", what, k->data.scalar.value);
	}
	return 0;
}

static int parse_users(struct parse *p, yaml_node_t *n, struct image_facts *f)
{
	size_t cnt = 0;
	struct facts_user *u;
	yaml_node_item_t *it;
	if (n->type != YAML_SEQUENCE_NODE)
		return fail(p, n, "users: expected a list of {name, uid, gid}");
	cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (cnt > FACTS_MAX_LIST)
		return fail(p, n, "users: more than %d items", FACTS_MAX_LIST);
	u = facts_arena_alloc(p->arena, (cnt + 1) * sizeof(*u));
	if (!u)
		return fail(p, n, "out of memory");
	f->users = u;
	f->nusers = cnt;
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++, u++) {
		yaml_node_t *m = node(p, *it);
		yaml_node_pair_t *pr;
		if (check_mapping(p, m, "users", 3) < 0)
			return -1;
		u->uid = u->gid = -1;
		for (pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
			const char *k = (const char *)node(p, pr->key)->data.scalar.value;
			yaml_node_t *v = node(p, pr->value);
			if (strcmp(k, "name") == 0) {
				const char *s = scalar(p, v, "users.name");
				if (!s || !(u->name = facts_arena_strdup(p->arena, s)))
					return s ? fail(p, v, "out of memory") : -1;
			} else if (strcmp(k, "uid") == 0 || strcmp(k, "gid") == 0) {
				if (parse_long(p, v, k, 0, INT_MAX, k[0] == 'u' ? &u->uid : &u->gid) < 0)
					return -1;
			} else {
				return fail(p, node(p, pr->key), "users: unknown field '%s' (expected name, uid, gid)", k);
			}
		}
		if (!u->name)
			return fail(p, m, "users: every user needs a name");
	}
	return 0;
}

static int parse_ports(struct parse *p, yaml_node_t *n, struct image_facts *f)
{
	yaml_node_item_t *it;
	size_t cnt = 1;
	int *v;
	long x;
	/* [] is a fact too: the image listens on nothing (docker:cli) */
	if (n->type == YAML_SEQUENCE_NODE)
		cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (cnt > FACTS_MAX_LIST)
		return fail(p, n, "port: more than %d ports", FACTS_MAX_LIST);
	if (!(v = facts_arena_alloc(p->arena, (cnt + 1) * sizeof(*v))))
		return fail(p, n, "out of memory");
	f->ports = v;
	f->nports = cnt;
	if (n->type != YAML_SEQUENCE_NODE) {
		if (parse_long(p, n, "port", 1, 65535, &x) < 0)
			return -1;
		v[0] = (int)x;
		return 0;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		if (parse_long(p, node(p, *it), "port", 1, 65535, &x) < 0)
			return -1;
		*v++ = (int)x;
	}
	return 0;
}

static int parse_variants(struct parse *p, yaml_node_t *n, struct image_facts *f)
{
	yaml_node_pair_t *pr;
	if (check_mapping(p, n, "variants", 2) < 0)
		return -1;
	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		const char *k = (const char *)node(p, pr->key)->data.scalar.value;
		if (strcmp(k, "slim") && strcmp(k, "alpine"))
			return fail(p, node(p, pr->key), "variants: unknown field '%s' (expected slim, alpine)", k);
		if (parse_bool(p, node(p, pr->value), k, k[0] == 's' ? &f->slim : &f->alpine) < 0)
			return -1;
	}
	return 0;
}

/* {MOUNT: [paths]}: a mapping of absolute paths to lists of them. */
static int parse_mount_writes(struct parse *p, yaml_node_t *n, struct image_facts *f)
{
	const char *what = "writes-when-mounted";
	yaml_node_pair_t *pr;
	struct facts_mount_write *w;
	size_t cnt;
	if (check_mapping(p, n, what, FACTS_MAX_LIST) < 0)
		return -1;
	cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	if (!(w = facts_arena_alloc(p->arena, (cnt + 1) * sizeof(*w))))
		return fail(p, n, "out of memory");
	f->mount_writes = w;
	f->nmount_writes = cnt;
	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++, w++) {
		yaml_node_t *k = node(p, pr->key);
		const char *s = (const char *)k->data.scalar.value;
		if (!item_ok(s, ITEM_PATH))
			return fail(p, k, "%s: expected an absolute path as the mount, found '%s'", what, s);
		if (!(w->mount = facts_arena_strdup(p->arena, s)))
			return fail(p, k, "out of memory");
		if (parse_list(p, node(p, pr->value), what, ITEM_PATH, 1, &w->paths) < 0)
			return -1;
	}
	return 0;
}

static int parse_health(struct parse *p, yaml_node_t *n, struct image_facts *f)
{
	if (parse_list(p, n, "health", ITEM_ANY, 0, &f->health) < 0)
		return -1;
	if (f->health.n < 2 || (strcmp(f->health.v[0], "CMD") && strcmp(f->health.v[0], "CMD-SHELL")))
		return fail(p, n, "health: expected [\"CMD\", program, args...] or [\"CMD-SHELL\", command]");
	return 0;
}

/* One field (key k, value v) into f. */
static int parse_field(struct parse *p, enum facts_field fld, yaml_node_t *k, yaml_node_t *v,
		       struct image_facts *f)
{
	int e = 0, r = 0;
	const char *what = field_names[fld], *s;
	switch (fld) {
	case FACTS_F_USER:
		if (!(s = scalar(p, v, what)))
			return -1;
		f->user = strcmp(s, "root") && strcmp(s, "0") ? facts_arena_strdup(p->arena, s) : NULL;
		break;
	case FACTS_F_USERS: r = parse_users(p, v, f); break;
	case FACTS_F_UID1000: r = parse_bool(p, v, what, &f->uid_1000_taken); break;
	case FACTS_F_GID1000: r = parse_bool(p, v, what, &f->gid_1000_taken); break;
	case FACTS_F_USER_TOOL: r = parse_enum(p, v, what, user_tools, &e); f->user_tool = e; break;
	case FACTS_F_SHELL: r = parse_enum(p, v, what, shells, &e); f->shell = e; break;
	case FACTS_F_PKG: r = parse_enum(p, v, what, pkgs, &e); f->package_manager = e; break;
	case FACTS_F_TOOLS: r = parse_list(p, v, what, ITEM_WORD, 0, &f->tools); break;
	case FACTS_F_PORT: r = parse_ports(p, v, f); break;
	case FACTS_F_HEALTH: r = parse_health(p, v, f); break;
	case FACTS_F_HEALTHCHECK: r = parse_bool(p, v, what, &f->healthcheck); break;
	case FACTS_F_DROPS: r = parse_enum(p, v, what, drops, &e); f->drops_privileges = e; break;
	case FACTS_F_ROOT_START: r = parse_bool(p, v, what, &f->starts_as_root); break;
	case FACTS_F_CAP_ADD: r = parse_list(p, v, what, ITEM_CAP, 0, &f->cap_add); break;
	case FACTS_F_FILE_CAPS: r = parse_bool(p, v, what, &f->file_caps); break;
	case FACTS_F_SETUID_START: r = parse_bool(p, v, what, &f->setuid_start); break;
	case FACTS_F_TMPFS: r = parse_list(p, v, what, ITEM_PATH, 0, &f->tmpfs); break;
	case FACTS_F_MOUNT_WRITES: r = parse_mount_writes(p, v, f); break;
	case FACTS_F_VOLUMES: r = parse_list(p, v, what, ITEM_PATH, 0, &f->volumes); break;
	case FACTS_F_WORKDIR:
		if (!(s = scalar(p, v, what)))
			return -1;
		if (s[0] != '/')
			return fail(p, v, "workdir: expected an absolute path, found '%s'", s);
		f->workdir = facts_arena_strdup(p->arena, s);
		break;
	case FACTS_F_ENV: r = parse_list(p, v, what, ITEM_ENV, 0, &f->env); break;
	case FACTS_F_VARIANTS: r = parse_variants(p, v, f); break;
	case FACTS_F_FULL: r = parse_bool(p, v, what, &f->full_image); break;
	case FACTS_F_COUNT: return fail(p, k, "internal error");
	}
	if (r == 0)
		f->known |= 1u << fld;
	return r;
}

static int field_of(const char *k)
{
	for (int i = 0; i < FACTS_F_COUNT; i++)
		if (strcmp(k, field_names[i]) == 0)
			return i;
	return -1;
}

static int parse_override(struct parse *p, yaml_node_t *m, struct facts_override *o)
{
	yaml_node_pair_t *pr;
	o->f.slim = o->f.alpine = -1;
	if (check_mapping(p, m, "tags", FACTS_F_COUNT + 1) < 0)
		return -1;
	for (pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = node(p, pr->key), *v = node(p, pr->value);
		const char *key = (const char *)k->data.scalar.value;
		int fld = field_of(key);
		if (strcmp(key, "match") == 0) {
			if (parse_list(p, v, "match", ITEM_ANY, 1, &o->match) < 0)
				return -1;
		} else if (fld < 0) {
			return fail(p, k, "tags: unknown field '%s' (see images.yaml's header)", key);
		} else if (parse_field(p, (enum facts_field)fld, k, v, &o->f) < 0) {
			return -1;
		}
	}
	if (!o->match.n)
		return fail(p, m, "tags: every override needs a match (a tag glob or a list of them)");
	return 0;
}

static int parse_tags(struct parse *p, yaml_node_t *n, struct facts_entry *e)
{
	yaml_node_item_t *it;
	size_t cnt;
	if (n->type != YAML_SEQUENCE_NODE)
		return fail(p, n, "tags: expected a list of overrides");
	cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (cnt > FACTS_MAX_TAGS)
		return fail(p, n, "tags: more than %d overrides", FACTS_MAX_TAGS);
	if (!(e->tags = facts_arena_alloc(p->arena, (cnt + 1) * sizeof(*e->tags))))
		return fail(p, n, "out of memory");
	e->ntags = cnt;
	e->has_tags = 1;
	cnt = 0;
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
		if (parse_override(p, node(p, *it), &e->tags[cnt++]) < 0)
			return -1;
	return 0;
}

static int parse_aliases(struct parse *p, yaml_node_t *n, struct facts_entry *e)
{
	const char **v;
	if (parse_list(p, n, "aliases", ITEM_ANY, 1, &e->aliases) < 0)
		return -1;
	v = (const char **)e->aliases.v;
	for (size_t i = 0; i < e->aliases.n; i++)
		if (!(v[i] = facts_norm_name(p->arena, v[i], strlen(v[i]))))
			return fail(p, n, "aliases: '%s' is not an image name", e->aliases.v[i]);
	e->has_aliases = 1;
	return 0;
}

static int parse_versions(struct parse *p, yaml_node_t *n, struct facts_entry *e)
{
	if (parse_list(p, n, "versions", ITEM_ANY, 1, &e->versions) < 0)
		return -1;
	for (size_t i = 0; i < e->versions.n; i++)
		if (!facts_version_ok(e->versions.v[i]))
			return fail(p, n, "versions: '%s' is not a version (two to four numbers: 10.4.30)",
				    e->versions.v[i]);
	e->has_versions = 1;
	return 0;
}

static int parse_entry(struct parse *p, yaml_node_t *k, yaml_node_t *m, struct facts_entry *e)
{
	const char *name = (const char *)k->data.scalar.value;
	yaml_node_pair_t *pr;
	if (!(e->name = facts_norm_name(p->arena, name, strlen(name))))
		return fail(p, k, "'%s' is not an image name (no tag or digest here: use tags:)", name);
	e->glob = strpbrk(e->name, "*?[") != NULL;
	e->f.name = e->name;
	e->f.slim = e->f.alpine = -1;
	if (m->type == YAML_SCALAR_NODE && m->data.scalar.length == 0)
		return fail(p, m, "%s: an empty entry", name);
	if (check_mapping(p, m, name, FACTS_F_COUNT + 4) < 0)
		return -1;
	for (pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
		yaml_node_t *kn = node(p, pr->key), *v = node(p, pr->value);
		const char *key = (const char *)kn->data.scalar.value, *s;
		int fld = field_of(key);
		if (strcmp(key, "source") == 0) {
			if (!(s = scalar(p, v, "source")))
				return -1;
			e->f.source = facts_arena_strdup(p->arena, s);
			e->has_source = 1;
		} else if (strcmp(key, "aliases") == 0) {
			if (parse_aliases(p, v, e) < 0)
				return -1;
		} else if (strcmp(key, "tags") == 0) {
			if (parse_tags(p, v, e) < 0)
				return -1;
		} else if (strcmp(key, "versions") == 0) {
			if (parse_versions(p, v, e) < 0)
				return -1;
		} else if (fld < 0) {
			return fail(p, kn, "%s: unknown field '%s' (see images.yaml's header)", name, key);
		} else if (parse_field(p, (enum facts_field)fld, kn, v, &e->f) < 0) {
			return -1;
		}
	}
	if (!e->has_source)
		e->f.source = facts_arena_strdup(p->arena, p->origin);
	return 0;
}

static int parse_images(struct parse *p, yaml_node_t *m, struct facts_entry **entries, size_t *n)
{
	yaml_node_pair_t *pr;
	size_t cnt;
	if (m->type == YAML_SCALAR_NODE && m->data.scalar.length == 0)
		return 0;       /* `images:` with nothing under it */
	if (check_mapping(p, m, "images", FACTS_MAX_ENTRIES) < 0)
		return -1;
	cnt = (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
	if (!(*entries = facts_arena_alloc(p->arena, (cnt + 1) * sizeof(**entries))))
		return fail(p, m, "out of memory");
	for (pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top; pr++) {
		struct facts_entry *e = &(*entries)[*n];
		if (parse_entry(p, node(p, pr->key), node(p, pr->value), e) < 0)
			return -1;
		for (size_t i = 0; i < *n; i++)
			if (strcmp((*entries)[i].name, e->name) == 0)
				return fail(p, node(p, pr->key), "images: '%s' twice (as '%s' too)",
					    e->name, node(p, pr->key)->data.scalar.value);
		(*n)++;
	}
	return 0;
}

int facts_parse(const char *yaml, size_t len, const char *origin, struct facts_arena *arena,
		struct facts_entry **entries, size_t *n, char **err)
{
	struct parse p = { .origin = origin, .arena = arena, .err = err, .budget = FACTS_MAX_SCALARS };
	yaml_parser_t parser;
	yaml_node_t *root;
	yaml_node_pair_t *pr;
	int rc = 0;
	*entries = NULL;
	*n = 0;
	*err = NULL;
	if (len > FACTS_MAX_YAML) {
		yaml_node_t whole = { 0 };
		return fail(&p, &whole, "more than %u bytes", FACTS_MAX_YAML);
	}
	if (!yaml_parser_initialize(&parser)) {
		yaml_node_t whole = { 0 };
		return fail(&p, &whole, "out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
	if (!yaml_parser_load(&parser, &p.doc)) {
		yaml_node_t at = { 0 };
		at.start_mark = parser.problem_mark;
		rc = fail(&p, &at, "YAML: %s", parser.problem ? parser.problem : "unreadable");
		yaml_parser_delete(&parser);
		return rc;
	}
	yaml_parser_delete(&parser);
	root = yaml_document_get_root_node(&p.doc);
	if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)) {
		if (root->type != YAML_MAPPING_NODE) {
			rc = fail(&p, root, "expected a mapping with an `images` key");
		} else {
			for (pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
				yaml_node_t *k = node(&p, pr->key);
				if (k->type == YAML_SCALAR_NODE && strcmp((const char *)k->data.scalar.value, "images") == 0) {
					rc = parse_images(&p, node(&p, pr->value), entries, n);
					break;
				}
			}
		}
	}
	yaml_document_delete(&p.doc);
	return rc;
}
