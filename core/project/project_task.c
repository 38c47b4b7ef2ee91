/*
 * project_task - Taskfiles (go-task, Taskfile.yml and its other names):
 * each task's commands are read as a Makefile recipe's are (builds, pushes,
 * tags, `docker compose -f` sets, Compose mentions per task), beyond
 * CHECKLIST.md revision 4, which names scripts, Makefiles and workflows
 * (tests/realworld/HOLDOUT5.md: hatchet starts its development stacks from
 * Taskfile.yaml tasks; netbird builds its UI's server image from an
 * included Taskfile).
 *
 * Where a task runs: go-task runs an included Taskfile's tasks in the
 * folder the including Taskfile's run in, unless the include names a
 * `dir:`; a Taskfile nobody includes runs in its own folder; a task's own
 * `dir:` is relative to that. `{{.NAME}}` of the Taskfile's top-level or the
 * task's string `vars:` is replaced by its value; any other template stays
 * unknown (a path holding it is not resolved).
 */
#include "project_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "yamldoc.h"

/* Taskfiles read at most per scan (included ones counted), within PROJECT_MAX_FILES. */
#define TASK_MAX_FILES 256
/* Folders one Taskfile is read for at most (it is included from several places that run elsewhere). */
#define TASK_MAX_DIRS 4
/* Rounds of passing a folder down the includes; deeper chains keep the Taskfile's own folder. */
#define TASK_MAX_DEPTH 8
/* Commands of one task read at most. */
#define TASK_MAX_CMDS 256

/* The names go-task looks for, in its order. */
static const char *const TASK_NAMES[] = { "Taskfile.yml", "taskfile.yml", "Taskfile.yaml", "taskfile.yaml",
	"Taskfile.dist.yml", "taskfile.dist.yml", "Taskfile.dist.yaml", "taskfile.dist.yaml", NULL };
/* Separators of a task's name words (`test:e2e`, `start-db`). */
#define TASK_SEPS ".-_ :"

int project_taskfile_name(const char *base)
{
	for (size_t i = 0; TASK_NAMES[i]; i++)
		if (!strcmp(base, TASK_NAMES[i]))
			return 1;
	return 0;
}

/* String vars of a `vars:` mapping into v (later ones win, as the task's over the file's). */
static void read_vars(struct pvars *v, const struct ydoc_node *vars)
{
	for (size_t i = 0; vars && vars->type == YDOC_MAPPING && i < vars->npairs; i++) {
		const char *k = ydoc_str(vars->pairs[i].key), *val = ydoc_str(vars->pairs[i].value);
		if (k && val && !strstr(val, "{{"))
			pvars_set(v, k, strlen(k), val, strlen(val));
	}
}

/* `s` with `{{.NAME}}` of a known var replaced by its value, any other `{{...}}` by an unknown variable; malloc'd. */
static char *subst(const struct pvars *v, const char *s)
{
	struct buf b = BUF_INIT;
	for (const char *p = s; *p;) {
		const char *e;
		if (p[0] != '{' || p[1] != '{' || (e = strstr(p + 2, "}}")) == NULL) {
			buf_putc(&b, *p++);
			continue;
		}
		{
			const char *n = p + 2, *ne;
			const char *val = NULL;
			while (n < e && *n == ' ')
				n++;
			if (*n == '.') {
				n++;
				for (ne = n; ne < e && (isalnum((unsigned char)*ne) || *ne == '_'); ne++)
					;
				{
					const char *t = ne;
					while (t < e && *t == ' ')
						t++;
					if (t == e && ne > n)
						val = pvars_get(v, n, (size_t)(ne - n));
				}
			}
			buf_add(&b, val ? val : "${TASKFILE_TEMPLATE}", strlen(val ? val : "${TASKFILE_TEMPLATE}"));
			p = e + 2;
		}
	}
	return buf_detach(&b);
}

static void read_cmd(struct project_cmds *c, const struct pvars *v, const char *base, const char *cmd,
		     const char *path, int line, const char *task)
{
	char *x = subst(v, cmd), *where = xasprintf("%s:%d (task %s)", path, line, task);
	project_cmds_read(c, base, x, strlen(x), where);
	free(where);
	free(x);
}

/* One task: its commands and mentions, run from `dir`. */
static void read_task(struct project *p, struct project_cmds *c, const struct pvars *file_vars, const char *path,
		      const char *dir, const char *data, const char *name, const struct ydoc_node *t)
{
	const struct ydoc_node *cmds = t, *one = NULL, *tdir;
	struct pvars v;
	char *base;
	memset(&v, 0, sizeof(v));
	for (size_t i = 0; i < file_vars->n; i++)
		pvars_set(&v, file_vars->names[i], strlen(file_vars->names[i]), file_vars->values[i],
			  strlen(file_vars->values[i]));
	if (t->type == YDOC_MAPPING) {
		read_vars(&v, ydoc_get(t, "vars"));
		cmds = ydoc_get(t, "cmds");
		one = ydoc_get(t, "cmd");
	}
	tdir = t->type == YDOC_MAPPING ? ydoc_get(t, "dir") : NULL;
	if (ydoc_str(tdir)) {
		char *d = subst(&v, ydoc_str(tdir));
		base = strchr(d, '$') ? NULL : path_join_norm(dir, d);
		free(d);
	} else {
		base = xstrdup(dir);
	}
	if (!base) {
		pvars_free(&v);
		return;         /* runs where a template or an absolute path says: unknown */
	}
	{
		char *label = xasprintf("task %s", name);
		project_mentions_in(p, path, base, data, t->start.offset, t->end.offset,
				    str_has_word(name, TASK_SEPS, MENTION_TEST_WORDS) ? MENTION_TEST : MENTION_RUN, label);
		free(label);
	}
	if (ydoc_str(t) && t->type == YDOC_SCALAR)
		read_cmd(c, &v, base, ydoc_str(t), path, t->start.line, name);
	if (one) {
		const char *s = ydoc_str(one) ? ydoc_str(one) : ydoc_str(ydoc_get(one, "cmd"));
		if (s)
			read_cmd(c, &v, base, s, path, one->start.line, name);
	}
	for (size_t i = 0; cmds && cmds->type == YDOC_SEQUENCE && i < cmds->nitems && i < TASK_MAX_CMDS; i++) {
		const struct ydoc_node *it = cmds->items[i];
		const char *s = ydoc_str(it) ? ydoc_str(it) : ydoc_str(ydoc_get(it, "cmd"));
		if (s)
			read_cmd(c, &v, base, s, path, it->start.line, name);
	}
	free(base);
	pvars_free(&v);
}

void project_read_taskfile(struct project *p, const char *path, const char *dir, const char *data, size_t len)
{
	struct ydoc y;
	const struct ydoc_node *tasks;
	struct pvars vars;
	struct project_cmds *c;
	memset(&y, 0, sizeof(y));
	if (ydoc_load(&y, data, len) != 0 || !y.ndocs || y.docs[0]->type != YDOC_MAPPING) {
		ydoc_free(&y);
		return;
	}
	memset(&vars, 0, sizeof(vars));
	read_vars(&vars, ydoc_get(y.docs[0], "vars"));
	tasks = ydoc_get(y.docs[0], "tasks");
	c = project_cmds_open(p, path);
	for (size_t i = 0; tasks && tasks->type == YDOC_MAPPING && i < tasks->npairs; i++) {
		const char *name = ydoc_str(tasks->pairs[i].key);
		const struct ydoc_node *t = tasks->pairs[i].value;
		if (name && t && t->end.offset <= len && t->start.offset <= t->end.offset)
			read_task(p, c, &vars, path, dir ? dir : "", data, name, t);
	}
	project_cmds_close(c);
	pvars_free(&vars);
	ydoc_free(&y);
}

/* ---- which folder each Taskfile runs in: the includes ---- */

struct tfile {
	char *path;
	char *data;
	size_t len;
	char *dirs[TASK_MAX_DIRS];      /* folders it runs in */
	size_t ndirs;
	int included;                   /* some Taskfile includes it */
};

struct tedge {
	size_t from, to;
	char *dir;                      /* the include's dir: (repository-relative), or NULL: the includer's */
};

struct tset {
	struct tfile *f;
	size_t n, cap;
	struct tedge *e;
	size_t ne, cape;
};

static size_t tset_find(const struct tset *t, const char *path)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->f[i].path, path))
			return i;
	return (size_t)-1;
}

/* Read a Taskfile in (once); its index, or -1 when it cannot be read. */
static size_t tset_add(struct tset *t, struct project *p, const struct fsview *fs, const char *path)
{
	size_t i = tset_find(t, path);
	struct tfile f;
	if (i != (size_t)-1)
		return i;
	memset(&f, 0, sizeof(f));
	if (t->n >= TASK_MAX_FILES || p->files_read >= PROJECT_MAX_FILES || fs_read(fs, path, &f.data, &f.len) != 0 ||
	    f.len > PROJECT_MAX_FILE) {
		free(f.data);
		p->files_skipped++;
		return (size_t)-1;
	}
	p->files_read++;
	f.path = xstrdup(path);
	PUSH(t->f, t->n, t->cap, f);
	return t->n - 1;
}

/* The Taskfile an include names: a file, or a folder holding one of TASK_NAMES; malloc'd or NULL. */
static char *include_target(const struct fsview *fs, const char *from_dir, const char *inc)
{
	char *t;
	if (!inc || strstr(inc, "{{") || strchr(inc, '$') || strstr(inc, "://"))
		return NULL;
	t = path_join_norm(from_dir, inc);
	if (!t)
		return NULL;
	if (fs_stat(fs, t) == FS_DIR || !(str_ends(t, ".yml") || str_ends(t, ".yaml"))) {
		for (size_t i = 0; TASK_NAMES[i]; i++) {
			char *c = *t ? xasprintf("%s/%s", t, TASK_NAMES[i]) : xstrdup(TASK_NAMES[i]);
			if (fs_stat(fs, c) == FS_FILE) {
				free(t);
				return c;
			}
			free(c);
		}
		free(t);
		return NULL;
	}
	return t;
}

static void read_includes(struct tset *t, struct project *p, const struct fsview *fs, size_t i)
{
	struct ydoc y;
	const struct ydoc_node *inc;
	char *own = str_dirname(t->f[i].path);
	memset(&y, 0, sizeof(y));
	if (ydoc_load(&y, t->f[i].data, t->f[i].len) == 0 && y.ndocs && y.docs[0]->type == YDOC_MAPPING &&
	    (inc = ydoc_get(y.docs[0], "includes")) && inc->type == YDOC_MAPPING) {
		for (size_t k = 0; k < inc->npairs; k++) {
			const struct ydoc_node *v = inc->pairs[k].value;
			const char *file = ydoc_str(v) ? ydoc_str(v) : ydoc_str(ydoc_get(v, "taskfile"));
			const char *d = ydoc_str(ydoc_get(v, "dir"));
			char *target = include_target(fs, own, file);
			size_t to;
			struct tedge e;
			if (!target)
				continue;
			to = tset_add(t, p, fs, target);
			free(target);
			if (to == (size_t)-1 || to == i)
				continue;
			e.from = i;
			e.to = to;
			e.dir = NULL;
			if (d) {
				/* a templated or escaping dir: where it runs is unknown, it is not read from there */
				e.dir = strstr(d, "{{") || strchr(d, '$') ? NULL : path_join_norm(own, d);
				if (!e.dir)
					continue;
			}
			t->f[to].included = 1;
			PUSH(t->e, t->ne, t->cape, e);
		}
	}
	ydoc_free(&y);
	free(own);
}

static int add_dir(struct tfile *f, const char *d)
{
	for (size_t i = 0; i < f->ndirs; i++)
		if (!strcmp(f->dirs[i], d))
			return 0;
	if (f->ndirs >= TASK_MAX_DIRS)
		return 0;
	f->dirs[f->ndirs++] = xstrdup(d);
	return 1;
}

void project_read_taskfiles(struct project *p, const struct fsview *fs, char *const *paths, size_t n)
{
	struct tset t;
	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < n; i++)
		if (project_taskfile_name(str_basename(paths[i])))
			tset_add(&t, p, fs, paths[i]);
	/* includes may add Taskfiles of other names: the list grows while it is walked */
	for (size_t i = 0; i < t.n; i++)
		read_includes(&t, p, fs, i);
	for (size_t i = 0; i < t.n; i++)
		if (!t.f[i].included) {
			char *own = str_dirname(t.f[i].path);
			add_dir(&t.f[i], own);
			free(own);
		}
	for (int round = 0, changed = 1; changed && round < TASK_MAX_DEPTH; round++) {
		changed = 0;
		for (size_t k = 0; k < t.ne; k++) {
			struct tfile *to = &t.f[t.e[k].to];
			if (t.e[k].dir)
				changed |= add_dir(to, t.e[k].dir);
			else
				for (size_t d = 0; d < t.f[t.e[k].from].ndirs; d++)
					changed |= add_dir(to, t.f[t.e[k].from].dirs[d]);
		}
	}
	for (size_t i = 0; i < t.n; i++) {
		if (!t.f[i].ndirs) {
			/* only reached through a cycle or a chain too deep: its own folder */
			char *own = str_dirname(t.f[i].path);
			add_dir(&t.f[i], own);
			free(own);
		}
		for (size_t d = 0; d < t.f[i].ndirs; d++)
			project_read_taskfile(p, t.f[i].path, t.f[i].dirs[d], t.f[i].data, t.f[i].len);
	}
	for (size_t i = 0; i < t.n; i++) {
		free(t.f[i].path);
		free(t.f[i].data);
		for (size_t d = 0; d < t.f[i].ndirs; d++)
			free(t.f[i].dirs[d]);
	}
	for (size_t k = 0; k < t.ne; k++)
		free(t.e[k].dir);
	free(t.f);
	free(t.e);
}
