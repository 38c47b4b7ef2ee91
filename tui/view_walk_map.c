/*
 * The tour's opening map (W): Compose files and their services (what each
 * builds or runs), each Dockerfile with the services building it, its base
 * image and its role with the reason, and what fails in most files. The
 * facts are core's: compose_services / compose_builds, df_parse's stages,
 * the scan's role and reason for every file; nothing is judged here.
 */
#include "view_walk_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "dockerfile.h"
#include "util.h"
#include "yamldoc.h"

/* The map lists at most this many Compose files and Dockerfiles (each), then "... and N more". */
#define WALK_MAP_FILES_MAX 12
/* Items the map's "what fails most" names. */
#define WALK_MAP_TOP 5

/* The Compose services building `df`, "compose.yaml: api, worker" (appended), from the builds of every Compose file. */
struct build_ref {
	char *compose;
	char *service;
	char *dockerfile;
};

struct map {
	struct build_ref *b;
	size_t nb, capb;
};

static void map_builds(struct tui_app *app, struct map *mp)
{
	struct fsview fs;
	size_t ncompose = 0;
	repo_fsview(app->repo, &fs);
	for (size_t i = 0; i < app->scan->nfiles && ncompose < WALK_MAP_FILES_MAX * 4; i++) {
		const struct scan_file *f = &app->scan->files[i];
		struct compose_doc *doc;
		struct compose_build *b = NULL;
		size_t n;
		if (f->res.kind != KIND_COMPOSE || !f->data)
			continue;
		ncompose++;
		doc = compose_load(f->data, f->len);
		n = doc ? compose_builds(doc, f->res.path, &fs, &b) : 0;
		for (size_t k = 0; k < n; k++) {
			struct build_ref r = { xstrdup(f->res.path), xstrdup(b[k].service ? b[k].service : "?"),
					       b[k].dockerfile ? xstrdup(b[k].dockerfile) : NULL };
			PUSH(mp->b, mp->nb, mp->capb, r);
		}
		compose_builds_free(b, n);
		compose_free(doc);
	}
}

static void map_free(struct map *mp)
{
	for (size_t i = 0; i < mp->nb; i++) {
		free(mp->b[i].compose);
		free(mp->b[i].service);
		free(mp->b[i].dockerfile);
	}
	free(mp->b);
}

static void map_compose(struct tui_app *app, const struct scan_file *f, const struct map *mp,
			struct tui_dlines *d, int width)
{
	struct compose_doc *doc = f->data ? compose_load(f->data, f->len) : NULL;
	const struct compose_service *sv;
	size_t n = 0;
	char *role = walk_role_text(&f->res), *t = xasprintf("%s  (%s)", f->res.path, role);
	walk_hang(d, 2, 6, t, width, TUI_ROLE_TITLE);
	free(t);
	free(role);
	sv = doc ? compose_services(doc, &n) : NULL;
	if (!n)
		walk_wrap(d, 6, doc ? "no services" : "not readable as Compose YAML", width, TUI_ROLE_NA);
	for (size_t i = 0; i < n; i++) {
		const char *img = ydoc_str(ydoc_get(sv[i].value, "image")), *df = NULL;
		for (size_t k = 0; k < mp->nb; k++)
			if (strcmp(mp->b[k].compose, f->res.path) == 0 && strcmp(mp->b[k].service, sv[i].name) == 0)
				df = mp->b[k].dockerfile ? mp->b[k].dockerfile : "a Dockerfile outside the repository";
		if (df)
			t = xasprintf("%-14s builds %s%s%s", sv[i].name, df, img ? ", tagged " : "", img ? img : "");
		else
			t = xasprintf("%-14s runs %s", sv[i].name, img ? img : "(no image named)");
		walk_wrap(d, 6, t, width, TUI_ROLE_NORMAL);
		free(t);
	}
	compose_free(doc);
	(void)app;
}

static void map_dockerfile(const struct scan_file *f, const struct map *mp, struct tui_dlines *d, int width)
{
	struct df_file df;
	struct buf b = BUF_INIT;
	size_t users = 0, others = 0;
	char *role = walk_role_text(&f->res), *t = xasprintf("%s  (%s)", f->res.path, role);
	walk_hang(d, 2, 6, t, width, TUI_ROLE_TITLE);
	free(t);
	free(role);
	for (size_t k = 0; k < mp->nb; k++)
		if (mp->b[k].dockerfile && strcmp(mp->b[k].dockerfile, f->res.path) == 0)
			buf_printf(&b, "%s%s (%s)", users++ ? ", " : "builds the service ", mp->b[k].service,
				   mp->b[k].compose);
	if (!users)
		buf_puts(&b, "no Compose service builds it");
	/* the base: the image the final stage's chain starts from, as written (tag kept) */
	df_parse(&df, f->data ? f->data : "", f->data ? f->len : 0);
	if (df.nstages) {
		int s = (int)df.nstages - 1;
		while (df.stages[s].parent >= 0 && df.stages[s].parent < s)
			s = df.stages[s].parent;
		buf_printf(&b, "; base image %s", df.stages[s].image_resolved ? df.stages[s].image_resolved
						  : df.stages[s].image ? df.stages[s].image : "?");
		for (size_t k = 0; k < df.nstages; k++)
			if ((int)k != s && df.stages[k].parent < 0 && df.stages[k].image)
				buf_printf(&b, "%s%s", others++ ? ", " : "; build stages from ",
					   df.stages[k].image_resolved ? df.stages[k].image_resolved : df.stages[k].image);
	}
	df_free(&df);
	walk_wrap(d, 6, buf_str(&b), width, TUI_ROLE_NORMAL);
	buf_free(&b);
}

static int top_cmp(const void *pa, const void *pb)
{
	const struct tui_step *a = *(const struct tui_step *const *)pa, *b = *(const struct tui_step *const *)pb;
	return a->nfiles != b->nfiles ? (a->nfiles > b->nfiles ? -1 : 1) : (a->item > b->item) - (a->item < b->item);
}

void walk_build_map(struct tui_app *app, struct tui_dlines *d, int width)
{
	const struct scan *s = app->scan;
	struct tui_model *m = &app->m;
	struct map mp = { 0 };
	size_t ncompose = 0, ndf = 0, shown_c = 0, shown_d = 0, fails = 0;
	char *t;

	for (size_t i = 0; i < s->nfiles; i++)
		*(s->files[i].res.kind == KIND_COMPOSE ? &ncompose : &ndf) += 1;
	for (size_t i = 0; i < m->nwalk; i++)
		fails += m->walk[i].nfiles;
	map_builds(app, &mp);
	t = xasprintf("Welcome to %s. berth found %zu Compose %s and %zu %s; %zu %s fail%s, in %zu %s.",
		      app->repo_name ? app->repo_name : "this repository", ncompose, tui_plural(ncompose, "file", "files"),
		      ndf, tui_plural(ndf, "Dockerfile", "Dockerfiles"), m->nwalk, tui_plural(m->nwalk, "item", "items"),
		      m->nwalk == 1 ? "s" : "", fails, tui_plural(fails, "place", "places"));
	walk_wrap(d, 0, t, width, TUI_ROLE_NORMAL);
	free(t);
	walk_blank(d);
	tui_dlines_add(d, "Compose files and their services", TUI_ROLE_CATEGORY);
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].res.kind == KIND_COMPOSE && shown_c++ < WALK_MAP_FILES_MAX)
			map_compose(app, &s->files[i], &mp, d, width);
	if (!ncompose)
		walk_wrap(d, 2, "none", width, TUI_ROLE_NA);
	if (shown_c > WALK_MAP_FILES_MAX) {
		t = xasprintf("... and %zu more", shown_c - WALK_MAP_FILES_MAX);
		walk_wrap(d, 2, t, width, TUI_ROLE_NA);
		free(t);
	}
	walk_blank(d);
	tui_dlines_add(d, "Dockerfiles: what builds them, their base, their role", TUI_ROLE_CATEGORY);
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].res.kind == KIND_DOCKERFILE && shown_d++ < WALK_MAP_FILES_MAX)
			map_dockerfile(&s->files[i], &mp, d, width);
	if (!ndf)
		walk_wrap(d, 2, "none", width, TUI_ROLE_NA);
	if (shown_d > WALK_MAP_FILES_MAX) {
		t = xasprintf("... and %zu more", shown_d - WALK_MAP_FILES_MAX);
		walk_wrap(d, 2, t, width, TUI_ROLE_NA);
		free(t);
	}
	map_free(&mp);
	walk_blank(d);
	tui_dlines_add(d, "What fails most", TUI_ROLE_CATEGORY);
	{
		const struct tui_step **top = xcalloc(m->nwalk ? m->nwalk : 1, sizeof(*top));
		for (size_t i = 0; i < m->nwalk; i++)
			top[i] = &m->walk[i];
		qsort(top, m->nwalk, sizeof(*top), top_cmp);
		for (size_t i = 0; i < m->nwalk && i < WALK_MAP_TOP; i++) {
			t = xasprintf("%4zu %-6s %s (%s)", top[i]->nfiles, tui_plural(top[i]->nfiles, "file", "files"),
				      item_defs[top[i]->item].title, item_defs[top[i]->item].key);
			walk_wrap(d, 0, t, width, TUI_ROLE_FAIL);
			free(t);
		}
		free(top);
	}
	if (!m->nwalk)
		walk_wrap(d, 2, "nothing fails", width, TUI_ROLE_PASS);
	walk_blank(d);
	t = xasprintf("The tour has %zu %s, one per failing item, each across every file it fails in: why it "
		      "matters, how berth judges it, an example, your findings and the fix. a accepts a step's safe "
		      "fixes; nothing is written or committed until you say so (w, c). q leaves the tour at any time: "
		      "W again resumes where you left it.", m->nwalk, tui_plural(m->nwalk, "step", "steps"));
	walk_wrap(d, 0, t, width, TUI_ROLE_NORMAL);
	free(t);
	walk_blank(d);
	walk_wrap(d, 0, m->nwalk ? "Enter starts the tour · q leaves" : "q leaves", width, TUI_ROLE_TITLE);
}

