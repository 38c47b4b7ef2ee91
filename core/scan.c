#include "scan.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "dfcheck.h"
#include "dockerfile.h"
#include "util.h"

/* A file with a NUL byte in its first 8 KiB is binary: judged as a parse failure, not parsed. */
#define SCAN_BINARY_PROBE 8192

static int looks_binary(const char *data, size_t len)
{
	return memchr(data, '\0', len < SCAN_BINARY_PROBE ? len : SCAN_BINARY_PROBE) != NULL;
}

static int parse_item(enum filekind kind)
{
	return kind == KIND_COMPOSE ? ITEM_COMPOSE_PARSE : ITEM_CORR_PARSE;
}

void scan_audit_file(struct file_result *res, const char *path, enum filekind kind,
		     const char *data, size_t len, const struct text *text,
		     const struct fsview *fs, const struct config *cfg,
		     char *const *contexts, size_t ncontexts)
{
	struct audit a;
	audit_init(&a, res, path, kind, text, cfg);
	if (looks_binary(data, len)) {
		audit_add(&a, parse_item(kind), SEV_ERROR, "binary", 0, 0, FIX_NONE,
			  "the file holds NUL bytes: it is binary, not a %s",
			  kind == KIND_COMPOSE ? "Compose file" : "Dockerfile");
	} else if (kind == KIND_DOCKERFILE) {
		struct df_file df;
		df_parse(&df, data, len);
		check_dockerfile(&a, &df, path, fs, contexts, ncontexts);
		df_free(&df);
	} else {
		struct compose_doc *d = compose_load(data, len);
		check_compose(&a, d, path, fs);
		compose_free(d);
	}
	check_finish(&a);
}

/* A failed read becomes the file's parse finding, so the report still names the file. */
static void audit_unreadable(struct scan_file *f, enum filekind kind, const struct config *cfg)
{
	struct audit a;
	audit_init(&a, &f->res, f->res.path ? f->res.path : "", kind, NULL, cfg);
	audit_add(&a, parse_item(kind), SEV_ERROR, "unreadable", 0, 0, FIX_NONE, "%s", f->read_error);
	check_finish(&a);
}

struct ctxmap {
	char *dockerfile;
	char **contexts;
	size_t n, cap;
};

static struct ctxmap *ctxmap_get(struct ctxmap **maps, size_t *n, size_t *cap, const char *dockerfile)
{
	struct ctxmap m = { 0 };
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*maps)[i].dockerfile, dockerfile) == 0)
			return &(*maps)[i];
	m.dockerfile = xstrdup(dockerfile);
	PUSH(*maps, *n, *cap, m);
	return &(*maps)[*n - 1];
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Candidate paths named by the command line, de-duplicated and sorted. */
static int collect_paths(struct repo *repo, const struct config *cfg, char *const *paths, size_t npaths,
			 char ***out, enum filekind **kinds, size_t *nout, char **err)
{
	char **all = NULL;
	enum filekind *kd = NULL;
	size_t n = 0, cap = 0, kcap = 0;
	char *root_only[] = { "." };

	if (npaths == 0) {
		paths = root_only;
		npaths = 1;
	}
	for (size_t i = 0; i < npaths; i++) {
		char *rel = NULL;
		enum fs_type t;
		struct fsview fs;
		if (repo_relpath(repo, paths[i], &rel) < 0) {
			*err = xasprintf("%s: outside the repository at %s", paths[i], repo_root(repo));
			goto fail;
		}
		repo_fsview(repo, &fs);
		t = fs_stat(&fs, rel);
		if (t == FS_DIR) {
			char **found = NULL;
			size_t nf = 0;
			repo_candidates(repo, rel, &found, &nf);
			for (size_t j = 0; j < nf; j++) {
				enum filekind k = KIND_DOCKERFILE;
				if (cfg && config_excluded(cfg, found[j])) {
					free(found[j]);
					continue;
				}
				repo_candidate_kind(str_basename(found[j]), &k);
				GROW(kd, kcap, n + 1);
				kd[n] = k;
				PUSH(all, n, cap, found[j]);
			}
			free(found);
			free(rel);
		} else {
			enum filekind k = KIND_DOCKERFILE;
			const char *base = str_basename(rel);
			/* a file named on the command line is always audited, its kind taken from its name */
			if (!repo_candidate_kind(base, &k)) {
				if (str_ends(base, ".yml") || str_ends(base, ".yaml"))
					k = KIND_COMPOSE;
			}
			if (t == FS_MISSING) {
				char *data = NULL, *rerr = NULL;
				size_t len;
				int rc = repo_read(repo, rel, &data, &len, NULL, &rerr);
				free(data);
				free(rerr);
				if (rc == REPO_ERR_MISSING) {
					*err = xasprintf("%s: no such file or folder", paths[i]);
					free(rel);
					goto fail;
				}
			}
			GROW(kd, kcap, n + 1);
			kd[n] = k;
			PUSH(all, n, cap, rel);
		}
	}
	/* sort paths with their kinds, then drop duplicates */
	{
		char **tagged = xcalloc(n ? n : 1, sizeof(*tagged));
		for (size_t i = 0; i < n; i++) {
			tagged[i] = xasprintf("%s%c%c", all[i], '\0', (char)('0' + kd[i]));
			free(all[i]);
		}
		qsort(tagged, n, sizeof(*tagged), path_cmp);
		size_t m = 0;
		for (size_t i = 0; i < n; i++) {
			if (m && strcmp(tagged[i], all[m - 1]) == 0) {
				free(tagged[i]);
				continue;
			}
			kd[m] = (enum filekind)(tagged[i][strlen(tagged[i]) + 1] - '0');
			all[m++] = tagged[i];
		}
		free(tagged);
		n = m;
	}
	*out = all;
	*kinds = kd;
	*nout = n;
	return 0;
fail:
	for (size_t i = 0; i < n; i++)
		free(all[i]);
	free(all);
	free(kd);
	return -1;
}

int scan_run(struct scan *s, struct repo *repo, const struct config *cfg,
	     char *const *paths, size_t npaths,
	     scan_progress_fn progress, void *payload, char **err)
{
	char **list = NULL;
	enum filekind *kinds = NULL;
	size_t n = 0, nmaps = 0, mapcap = 0;
	struct ctxmap *maps = NULL;
	struct fsview fs;

	memset(s, 0, sizeof(*s));
	s->repo = repo;
	s->cfg = cfg;
	*err = NULL;
	if (collect_paths(repo, cfg, paths, npaths, &list, &kinds, &n, err) < 0)
		return -1;
	repo_fsview(repo, &fs);
	s->files = xcalloc(n ? n : 1, sizeof(*s->files));
	s->nfiles = n;

	/* read everything first: Compose files decide the contexts of the Dockerfiles they build */
	for (size_t i = 0; i < n; i++) {
		struct scan_file *f = &s->files[i];
		f->res.path = list[i];
		f->res.kind = kinds[i];
		if (repo_read(repo, list[i], &f->data, &f->len, &f->stamp, &f->read_error) != 0) {
			free(f->data);
			f->data = NULL;
			f->len = 0;
			if (!f->read_error)
				f->read_error = xstrdup("cannot be read");
		}
		/* a binary file gets no line table: its bytes are never shown as source lines */
		if (f->data && !looks_binary(f->data, f->len))
			text_init(&f->text, f->data, f->len);
		else
			text_init(&f->text, "", 0);
	}
	for (size_t i = 0; i < n; i++) {
		struct scan_file *f = &s->files[i];
		struct compose_doc *d;
		struct compose_build *b = NULL;
		size_t nb;
		if (kinds[i] != KIND_COMPOSE || !f->data || looks_binary(f->data, f->len))
			continue;
		d = compose_load(f->data, f->len);
		nb = compose_builds(d, list[i], &fs, &b);
		for (size_t j = 0; j < nb; j++) {
			struct ctxmap *m;
			if (!b[j].dockerfile || !b[j].context)
				continue;
			m = ctxmap_get(&maps, &nmaps, &mapcap, b[j].dockerfile);
			PUSH(m->contexts, m->n, m->cap, xstrdup(b[j].context));
		}
		compose_builds_free(b, nb);
		compose_free(d);
	}
	for (size_t i = 0; i < n; i++) {
		struct scan_file *f = &s->files[i];
		char *path = f->res.path;
		char **ctx = NULL;
		size_t nctx = 0;
		f->res.path = NULL;
		if (kinds[i] == KIND_DOCKERFILE)
			for (size_t j = 0; j < nmaps; j++)
				if (strcmp(maps[j].dockerfile, path) == 0) {
					ctx = maps[j].contexts;
					nctx = maps[j].n;
				}
		if (!f->data) {
			f->res.path = path;
			audit_unreadable(f, kinds[i], cfg);
			/* audit_init copied the path */
			free(path);
		} else {
			scan_audit_file(&f->res, path, kinds[i], f->data, f->len, &f->text,
					&fs, cfg, ctx, nctx);
			free(path);
		}
		if (progress)
			progress(i + 1, n, payload);
	}
	for (size_t i = 0; i < nmaps; i++) {
		for (size_t j = 0; j < maps[i].n; j++)
			free(maps[i].contexts[j]);
		free(maps[i].contexts);
		free(maps[i].dockerfile);
	}
	free(maps);
	free(list);
	free(kinds);
	return 0;
}

void scan_free(struct scan *s)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		struct scan_file *f = &s->files[i];
		file_result_free(&f->res);
		text_free(&f->text);
		free(f->data);
		free(f->read_error);
	}
	free(s->files);
	memset(s, 0, sizeof(*s));
}
