/*
 * Every generator on its fixtures: tests/fixtures/fix/<item key>/<case>.in
 * is fixed by that item's generator alone and must give <case>.out byte for
 * byte; the generator run again on the result must change nothing. A case
 * without .out must get no fix. Extra files of the repository for a case go
 * in <case>.fs (lines "path<TAB>content", \n in content as the two
 * characters \n); values in <case>.set ("NAME=VALUE" lines). New or changed
 * files other than the planned one are expected in <case>.out.<name> with
 * '/' in the name as '%'.
 */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fix_priv.h"

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

/* The file name the case stands for: Dockerfile or compose.yaml (sub-folders kept from .fs). */
static const char *case_path(int item)
{
	return item_defs[item].kind == KIND_COMPOSE ? "compose.yaml" : "Dockerfile";
}

static int run_case(const char *key, const char *name)
{
	int item = item_find(key), bad = 0;
	char *base = xasprintf("%s/%s/%s", FIXDIR, key, name), *inpath = xasprintf("%s.in", base);
	char *outpath = xasprintf("%s.out", base), *in, *want;
	size_t inlen, wantlen, n = 0;
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct config cfg;
	struct fix_input fi;
	struct fix *fx = NULL;
	struct fix_overlay *ov;
	struct fsview ovview;

	config_init(&cfg);
	load_fs(m, base);
	load_set(&cfg, base);
	memfs_view(m, &fs);
	ov = fix_overlay_new(&fs);
	fix_overlay_view(ov, &ovview);
	in = slurp(inpath, &inlen);
	want = slurp(outpath, &wantlen);
	memset(&fi, 0, sizeof(fi));
	fi.path = case_path(item);
	fi.kind = item_defs[item].kind;
	fi.data = in;
	fi.len = inlen;
	fi.fs = &fs;
	fi.cfg = &cfg;
	fix_generate(&fi, item, &fx, &n);
	{
		char *got = NULL;
		size_t gotlen = 0;
		int applied = 0, others = 0;
		struct fix all;
		memset(&all, 0, sizeof(all));
		/* every fix of the generator together, on the original text (as fix_apply combines them) */
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; !fx[i].needs_value && j < fx[i].nchanges; j++)
				for (size_t k = 0; k < fx[i].changes[j].nedits; k++) {
					const struct fix_change *ch = &fx[i].changes[j];
					if (ch->create)
						fix_create(&all, ch->path, ch->edits[k].text);
					else
						fix_edit(&all, ch->path, ch->edits[k].start, ch->edits[k].end, ch->edits[k].text);
				}
		if (fix_normalize(&all) < 0) {
			print_error("%s/%s: overlapping edits\n", key, name);
			bad = 1;
		}
		for (size_t j = 0; !bad && j < all.nchanges; j++) {
			const struct fix_change *ch = &all.changes[j];
			char *res;
			size_t rlen;
			if (strcmp(ch->path, fi.path) == 0) {
				assert_int_equal(fix_change_apply(ch, in, inlen, &res, &rlen), 0);
				got = res;
				gotlen = rlen;
				applied |= ch->nedits > 0;
			} else {
				char *ename = xasprintf("%s.out.%s", base, ch->path), *exp, *old = NULL;
				size_t elen, olen = 0;
				for (char *p = ename + strlen(base); *p; p++)
					if (*p == '/')
						*p = '%';
				exp = slurp(ename, &elen);
				others = 1;
				if (!ch->create)
					fs_read(&fs, ch->path, &old, &olen);
				assert_int_equal(fix_change_apply(ch, old ? old : "", olen, &res, &rlen), 0);
				fix_overlay_put(ov, ch->path, res, rlen);
				if (!exp || rlen != elen || memcmp(res, exp, elen) != 0) {
					print_error("%s/%s: %s is\n---\n%s---\n", key, name, ch->path, res);
					bad = 1;
				}
				free(ename);
				free(exp);
				free(old);
				free(res);
			}
		}
		fix_clear(&all);
		if (!got && want && others) {
			/* only other files changed: the planned one stays as it was */
			got = xstrndup(in, inlen);
			gotlen = inlen;
		}
		if (!want && (applied || others)) {
			print_error("%s/%s: expected no fix, got\n---\n%s---\n", key, name, got);
			bad = 1;
		} else if (want && (!got || gotlen != wantlen || memcmp(got, want, wantlen) != 0)) {
			print_error("%s/%s: expected\n---\n%s---\ngot\n---\n%s---\n", key, name, want,
				    got ? got : "(no fix)");
			bad = 1;
		}
		/* fixing again changes nothing */
		if (!bad && got) {
			struct fix *again = NULL;
			size_t na = 0;
			fi.data = got;
			fi.len = gotlen;
			fi.fs = &ovview;
			fix_generate(&fi, item, &again, &na);
			for (size_t i = 0; i < na; i++) {
				for (size_t j = 0; j < again[i].nchanges && !again[i].needs_value; j++)
					if (again[i].changes[j].nedits) {
						print_error("%s/%s: not idempotent (%s)\n", key, name, again[i].title);
						bad = 1;
					}
				fix_clear(&again[i]);
			}
			free(again);
		}
		free(got);
	}
	for (size_t i = 0; i < n; i++)
		fix_clear(&fx[i]);
	free(fx);
	free(in);
	free(want);
	free(base);
	free(inpath);
	free(outpath);
	fix_overlay_free(ov);
	memfs_free(m);
	config_free(&cfg);
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
