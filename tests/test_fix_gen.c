/*
 * Every generator on its fixtures: tests/fixtures/fix/<item key>/<case>.in
 * is fixed by that item's generator alone and must give <case>.out byte for
 * byte; the generator run again on the result must change nothing. A case
 * without .out must get no fix. Extra files of the repository for a case go
 * in <case>.fs (lines "path<TAB>content", \n in content as the two
 * characters \n); values in <case>.set ("NAME=VALUE" lines); other Dockerfiles
 * the scan found built with a context in <case>.ctx ("path<TAB>context"
 * lines: the scan fix_input.scan stands for; a line naming the planned file
 * gives it that context); the planned file's own path in <case>.path (one
 * line; default Dockerfile or compose.yaml at the root). New or changed
 * files other than the planned one are expected in <case>.out.<name> with
 * '/' in the name as '%'. <case>.level ("LEVEL words of the note") asks that
 * one fix has that level (safe, review, withheld) and a note holding those
 * words: a withheld case states why it is withheld.
 */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fix_priv.h"
#include "scan.h"

#define FIXDIR "tests/fixtures/fix"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	buf_grow(&b, 1);
	b.ptr[b.len] = '\0';
	return buf_detach(&b);
}

static void load_fs(struct memfs *m, const char *base)
{
	char *path = xasprintf("%s.fs", base), *data;
	size_t len;
	data = slurp(path, &len);
	free(path);
	for (char *line = data, *next; line && *line; line = next) {
		char *tab, *nl = strchr(line, '\n');
		struct buf content = BUF_INIT;
		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		if (!(tab = strchr(line, '\t')))
			continue;
		*tab = '\0';
		for (const char *p = tab + 1; *p; p++) {
			if (p[0] == '\\' && p[1] == 'n') {
				buf_putc(&content, '\n');
				p++;
			} else
				buf_putc(&content, *p);
		}
		memfs_add(m, line, buf_str(&content), 1);
		buf_free(&content);
	}
	free(data);
}

static void load_set(struct config *cfg, const char *base)
{
	char *path = xasprintf("%s.set", base), *data;
	size_t len;
	data = slurp(path, &len);
	free(path);
	for (char *line = data, *next; line && *line; line = next) {
		char *nl = strchr(line, '\n'), *eq;
		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		if ((eq = strchr(line, '=')) != NULL) {
			*eq = '\0';
			config_set(cfg, line, eq + 1);
		}
	}
	free(data);
}

/* <case>.ctx: a scan holding only those Dockerfiles and their contexts; 0 when there is none. */
static int load_ctx(struct scan *s, const char *base)
{
	char *path = xasprintf("%s.ctx", base), *data;
	size_t len, cap = 0;
	data = slurp(path, &len);
	free(path);
	memset(s, 0, sizeof(*s));
	for (char *line = data, *next; line && *line; line = next) {
		char *nl = strchr(line, '\n'), *tab;
		struct scan_file f;
		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		if (!(tab = strchr(line, '\t')))
			continue;
		*tab = '\0';
		memset(&f, 0, sizeof(f));
		f.res.path = xstrdup(line);
		f.res.kind = KIND_DOCKERFILE;
		f.contexts = xcalloc(1, sizeof(*f.contexts));
		f.contexts[0] = xstrdup(tab + 1);
		f.ncontexts = 1;
		PUSH(s->files, s->nfiles, cap, f);
	}
	free(data);
	return s->nfiles > 0;
}

static void free_ctx(struct scan *s)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		free(s->files[i].res.path);
		free(s->files[i].contexts[0]);
		free(s->files[i].contexts);
	}
	free(s->files);
}

/* The file name the case stands for: Dockerfile or compose.yaml (sub-folders kept from .fs). */
static const char *case_path(int item)
{
	return item_defs[item].kind == KIND_COMPOSE ? "compose.yaml" : "Dockerfile";
}

/* One case being run: its inputs and what the generator made of them. */
struct gcase {
	const char *key, *name;
	int item;
	char *base, *in, *want, *got;
	size_t inlen, wantlen, gotlen;
	struct memfs *m;
	struct fsview fs, ovview;
	struct fix_overlay *ov;     /* the other files as the fixes left them */
	struct config cfg;
	int others;                 /* some other file changed */
};

/* Every fix of the generator merged into one, on the original text (as fix_apply combines them). */
static int merge(struct fix *all, const struct fix *fx, size_t n)
{
	memset(all, 0, sizeof(*all));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; !fx[i].needs_value && j < fx[i].nchanges; j++)
			for (size_t k = 0; k < fx[i].changes[j].nedits; k++) {
				const struct fix_change *ch = &fx[i].changes[j];
				if (ch->create)
					fix_create(all, ch->path, ch->edits[k].text);
				else
					fix_edit(all, ch->path, ch->edits[k].start, ch->edits[k].end, ch->edits[k].text);
			}
	return fix_normalize(all);
}

/* Another file's change: compared with <case>.out.<name>. 1 when it differs. */
static int other_file(struct gcase *g, const struct fix_change *ch)
{
	char *ename = xasprintf("%s.out.%s", g->base, ch->path), *exp, *old = NULL, *res;
	size_t elen = 0, olen = 0, rlen;
	int bad = 0;
	for (char *p = ename + strlen(g->base); *p; p++)
		if (*p == '/')
			*p = '%';
	exp = slurp(ename, &elen);
	g->others = 1;
	if (!ch->create)
		fs_read(&g->fs, ch->path, &old, &olen);
	assert_int_equal(fix_change_apply(ch, old ? old : "", olen, &res, &rlen), 0);
	fix_overlay_put(g->ov, ch->path, res, rlen);
	if (!exp || rlen != elen || memcmp(res, exp, elen) != 0) {
		print_error("%s/%s: %s is\n---\n%s---\n", g->key, g->name, ch->path, res);
		bad = 1;
	}
	free(ename);
	free(exp);
	free(old);
	free(res);
	return bad;
}

/* The level and note <case>.level asks for; 1 when no fix has them. */
static int level_wrong(struct gcase *g, const struct fix *fx, size_t n)
{
	char *path = xasprintf("%s.level", g->base), *want;
	size_t len;
	int bad = 0;
	want = slurp(path, &len);
	free(path);
	if (want) {
		char *sp = strchr(want, ' '), *nl;
		const char *note = sp ? sp + 1 : "";
		int found = 0;
		if ((nl = strchr(want, '\n')) != NULL)
			*nl = '\0';
		if (sp)
			*sp = '\0';
		for (size_t i = 0; i < n; i++)
			found |= strcmp(fix_level_name(fx[i].level), want) == 0 && fx[i].note &&
				 strstr(fx[i].note, note) != NULL;
		if (!found) {
			print_error("%s/%s: no fix at level %s with a note holding \"%s\"; got:\n", g->key, g->name,
				    want, note);
			for (size_t i = 0; i < n; i++)
				print_error("  %s: %s\n", fix_level_name(fx[i].level), fx[i].note ? fx[i].note : "(none)");
			bad = 1;
		}
	}
	free(want);
	return bad;
}

/* Run the generator and apply what it made; 1 when something is wrong. */
static int generate_and_apply(struct gcase *g, struct fix_input *fi)
{
	struct fix *fx = NULL, all;
	size_t n = 0;
	int bad = 0;
	fix_generate(fi, g->item, &fx, &n);
	bad |= level_wrong(g, fx, n);
	if (merge(&all, fx, n) < 0) {
		print_error("%s/%s: overlapping edits\n", g->key, g->name);
		bad = 1;
	}
	for (size_t j = 0; !bad && j < all.nchanges; j++) {
		const struct fix_change *ch = &all.changes[j];
		if (strcmp(ch->path, fi->path) == 0 && ch->nedits)
			assert_int_equal(fix_change_apply(ch, g->in, g->inlen, &g->got, &g->gotlen), 0);
		else if (strcmp(ch->path, fi->path) != 0)
			bad |= other_file(g, ch);
	}
	fix_clear(&all);
	for (size_t i = 0; i < n; i++)
		fix_clear(&fx[i]);
	free(fx);
	return bad;
}

/* The generator run again on the result changes nothing. */
static int idempotent(struct gcase *g, struct fix_input *fi)
{
	struct fix *again = NULL;
	size_t na = 0;
	int bad = 0;
	fi->data = g->got;
	fi->len = g->gotlen;
	fi->fs = &g->ovview;
	fix_generate(fi, g->item, &again, &na);
	for (size_t i = 0; i < na; i++) {
		for (size_t j = 0; j < again[i].nchanges && !again[i].needs_value; j++)
			if (again[i].changes[j].nedits) {
				print_error("%s/%s: not idempotent (%s)\n", g->key, g->name, again[i].title);
				bad = 1;
			}
		fix_clear(&again[i]);
	}
	free(again);
	return bad;
}

static int run_case(const char *key, const char *name)
{
	struct gcase g;
	struct fix_input fi;
	struct scan sc;
	char *path, *planned;
	size_t plen;
	int bad;

	memset(&g, 0, sizeof(g));
	g.key = key;
	g.name = name;
	g.item = item_find(key);
	g.base = xasprintf("%s/%s/%s", FIXDIR, key, name);
	g.m = memfs_new();
	config_init(&g.cfg);
	load_fs(g.m, g.base);
	load_set(&g.cfg, g.base);
	memfs_view(g.m, &g.fs);
	g.ov = fix_overlay_new(&g.fs);
	fix_overlay_view(g.ov, &g.ovview);
	path = xasprintf("%s.in", g.base);
	g.in = slurp(path, &g.inlen);
	free(path);
	path = xasprintf("%s.out", g.base);
	g.want = slurp(path, &g.wantlen);
	free(path);
	memset(&fi, 0, sizeof(fi));
	path = xasprintf("%s.path", g.base);
	planned = slurp(path, &plen);
	free(path);
	while (planned && plen && (planned[plen - 1] == '\n' || planned[plen - 1] == ' '))
		planned[--plen] = '\0';
	fi.path = planned ? planned : case_path(g.item);
	fi.kind = item_defs[g.item].kind;
	fi.data = g.in;
	fi.len = g.inlen;
	fi.fs = &g.fs;
	fi.cfg = &g.cfg;
	fi.scan = load_ctx(&sc, g.base) ? &sc : NULL;
	/* a .ctx line naming the planned file gives its own context */
	for (size_t i = 0; fi.scan && i < sc.nfiles; i++)
		if (strcmp(sc.files[i].res.path, fi.path) == 0) {
			fi.contexts = sc.files[i].contexts;
			fi.ncontexts = sc.files[i].ncontexts;
		}
	bad = generate_and_apply(&g, &fi);
	if (!g.got && g.want && g.others) {
		/* only other files changed: the planned one stays as it was */
		g.got = xstrndup(g.in, g.inlen);
		g.gotlen = g.inlen;
	}
	if (!g.want && (g.got || g.others)) {
		print_error("%s/%s: expected no fix, got\n---\n%s---\n", key, name, g.got ? g.got : "(other files)");
		bad = 1;
	} else if (g.want && (!g.got || g.gotlen != g.wantlen || memcmp(g.got, g.want, g.wantlen) != 0)) {
		print_error("%s/%s: expected\n---\n%s---\ngot\n---\n%s---\n", key, name, g.want,
			    g.got ? g.got : "(no fix)");
		bad = 1;
	}
	if (!bad && g.got)
		bad = idempotent(&g, &fi);
	free(g.got);
	free(g.in);
	free(g.want);
	free(g.base);
	free(planned);
	fix_overlay_free(g.ov);
	memfs_free(g.m);
	config_free(&g.cfg);
	free_ctx(&sc);
	return bad;
}

static void test_all_cases(void **state)
{
	DIR *top = opendir(FIXDIR);
	struct dirent *e;
	int failed = 0, cases = 0;
	(void)state;
	assert_non_null(top);
	while ((e = readdir(top)) != NULL) {
		char *sub;
		DIR *d;
		struct dirent *c;
		if (e->d_name[0] == '.' || item_find(e->d_name) < 0)
			continue;
		sub = xasprintf("%s/%s", FIXDIR, e->d_name);
		d = opendir(sub);
		while (d && (c = readdir(d)) != NULL) {
			size_t l = strlen(c->d_name);
			if (l > 3 && strcmp(c->d_name + l - 3, ".in") == 0) {
				char *name = xstrndup(c->d_name, l - 3);
				failed += run_case(e->d_name, name);
				cases++;
				free(name);
			}
		}
		if (d)
			closedir(d);
		free(sub);
	}
	closedir(top);
	print_message("%d generator cases, %d failed\n", cases, failed);
	assert_int_equal(failed, 0);
	assert_true(cases > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
