/*
 * check_compose_extends - a service's settings as Compose sees them: its own
 * keys, those of the services it `extends:` in the same file, and those of
 * the service another file's `extends: {file, service}` names (one level;
 * that file's own in-file extends are followed too). Values found in another
 * file are judged, but findings never point into it (ccx_add falls back to
 * the service key).
 */
#include <stdlib.h>
#include <string.h>

#include "compose_int.h"
#include "util.h"

/* The other file, read once per audit; NULL when there are too many already. */
static const struct ccx_ext *ext_load(struct ccx *c, const char *path)
{
	struct ccx_ext e;
	char *data = NULL;
	size_t len = 0;
	for (size_t i = 0; i < c->nexts; i++)
		if (strcmp(c->exts[i].path, path) == 0)
			return &c->exts[i];
	if (c->nexts >= COMPOSE_MAX_EXTERNAL)
		return NULL;
	e.path = xstrdup(path);
	e.dir = str_dirname(path);
	e.doc = NULL;
	if (fs_stat(c->fs, path) == FS_FILE && fs_read(c->fs, path, &data, &len) == 0)
		e.doc = compose_load(data, len);
	free(data);
	PUSH(c->exts, c->nexts, c->capexts, e);
	return &c->exts[c->nexts - 1];
}

static const struct ydoc_node *find_service(const struct compose_doc *d, const char *name)
{
	for (size_t i = 0; d && i < d->nservices; i++)
		if (strcmp(d->services[i].name, name) == 0)
			return d->services[i].value;
	return NULL;
}

/* `extends: {file, service}` of one service mapping, resolved through c->fs. */
static void from_file(struct ccx *c, const struct ydoc_node *ext)
{
	struct compose_interp f;
	const char *name = ydoc_str(ydoc_get(ext, "service"));
	char *path;
	if (!name || ccx_str(c, ydoc_get(ext, "file"), &f) < 0)
		return;
	path = f.unresolved ? NULL : path_join_norm(c->dir, f.value);
	compose_interp_free(&f);
	if (path && strcmp(path, c->path) != 0) {
		const struct ccx_ext *e = ext_load(c, path);
		if (e && e->doc) {
			c->ext_svc = find_service(e->doc, name);
			c->ext_file = c->ext_svc ? e : NULL;
		}
	}
	free(path);
}

void ccx_resolve_extends(struct ccx *c)
{
	const struct ydoc_node *svc = c->svc->value;
	c->ext_svc = NULL;
	c->ext_file = NULL;
	for (int step = 0; svc && step <= COMPOSE_MAX_EXTENDS; step++) {
		const struct ydoc_node *ext = ydoc_get(svc, "extends");
		if (ext && ext->type == YDOC_MAPPING && ydoc_get(ext, "file")) {
			if (c->nfile_extends++ < COMPOSE_MAX_FILE_EXTENDS)
				from_file(c, ext);
			return;
		}
		svc = compose_svc_parent(c->d, svc);
	}
}

void ccx_extends_free(struct ccx *c)
{
	for (size_t i = 0; i < c->nexts; i++) {
		free(c->exts[i].path);
		free(c->exts[i].dir);
		compose_free(c->exts[i].doc);
	}
	free(c->exts);
	c->exts = NULL;
	c->nexts = c->capexts = 0;
}

const struct ydoc_node *ccx_get(const struct ccx *c, const char *key, const char **dir)
{
	const struct ydoc_node *n = compose_svc_get(c->d, c->svc->value, key);
	if (dir)
		*dir = c->dir;
	if (!n && c->ext_svc) {
		n = compose_svc_get(c->ext_file->doc, c->ext_svc, key);
		if (dir)
			*dir = c->ext_file->dir;
	}
	return ydoc_is_null(n) ? NULL : n;
}
