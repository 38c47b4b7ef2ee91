/* report_json - `check --format json`, exactly the shape SPEC.md shows. */
#include <stdlib.h>

#include "pool.h"
#include "report_int.h"

/*
 * Files are rendered on the pool into their own buffers, a batch at a time
 * (bounded memory), and written in path order: the output is the same as
 * one thread's.
 */
#define JSON_BATCH 512

static void put_finding(struct jw *j, const struct finding *f)
{
	jw_obj_inline(j, NULL);
	jw_str(j, "key", item_defs[f->item].key);
	jw_str(j, "rule", f->rule ? f->rule : "");
	jw_str(j, "severity", sev_name(f->sev));
	jw_int(j, "line", f->line);
	jw_int(j, "column", f->col);
	jw_int(j, "end_line", f->end_line);
	jw_int(j, "end_column", f->end_col);
	jw_str(j, "message", f->message ? f->message : "");
	jw_str(j, "fix", fixkind_name(f->fix));
	jw_bool(j, "suppressed", f->suppressed);
	if (f->service)
		jw_str(j, "service", f->service);
	jw_end_obj(j);
}

static void put_file(struct jw *j, const struct scan_file *sf)
{
	const struct file_result *r = &sf->res;
	const struct finding **fs = report_findings_sorted(r);
	jw_obj(j, NULL);
	jw_str(j, "path", r->path ? r->path : "");
	jw_str(j, "kind", filekind_name(r->kind));
	jw_obj_inline(j, "checklist");
	for (int i = 0; i < ITEM_COUNT; i++)
		if (item_defs[i].kind == r->kind)
			jw_str(j, item_defs[i].key, status_name(r->status[i]));
	jw_end_obj(j);
	jw_arr(j, "findings");
	for (size_t i = 0; i < r->nfindings; i++)
		if (fs[i]->item >= 0 && fs[i]->item < ITEM_COUNT)
			put_finding(j, fs[i]);
	jw_end_arr(j);
	jw_end_obj(j);
	free(fs);
}

struct render {
	const struct scan_file **files;
	size_t first;
	int depth;
	char **buf;
	size_t *len;
};

static void render_one(size_t i, void *arg)
{
	struct render *r = arg;
	struct jw j;
	jw_init_at(&j, NULL, r->depth, r->first + i > 0);
	put_file(&j, r->files[r->first + i]);
	r->len[i] = j.b.len;
	r->buf[i] = buf_detach(&j.b);
}

void report_json(FILE *out, const struct scan *s, const struct report_opts *o)
{
	struct jw j;
	struct report_counts c;
	const struct scan_file **files = report_files_sorted(s);
	char *buf[JSON_BATCH];
	size_t len[JSON_BATCH];
	struct render r = { .files = files, .buf = buf, .len = len };
	(void)o;
	report_count(s, &c);
	jw_init(&j, out);
	jw_obj(&j, NULL);
	jw_obj_inline(&j, "tool");
	jw_str(&j, "name", "berth");
	jw_str(&j, "version", BERTH_VERSION);
	jw_end_obj(&j);
	jw_arr(&j, "files");
	r.depth = j.depth;
	for (r.first = 0; r.first < s->nfiles; r.first += JSON_BATCH) {
		size_t n = s->nfiles - r.first < JSON_BATCH ? s->nfiles - r.first : JSON_BATCH;
		pool_for(n, render_one, &r);
		for (size_t i = 0; i < n; i++) {
			jw_splice(&j, buf[i], len[i]);
			free(buf[i]);
		}
	}
	jw_end_arr(&j);
	jw_obj_inline(&j, "summary");
	jw_int(&j, "files", (long long)c.files);
	jw_int(&j, "errors", (long long)c.errors);
	jw_int(&j, "warnings", (long long)c.warnings);
	jw_int(&j, "info", (long long)c.info);
	jw_int(&j, "suppressed", (long long)c.suppressed);
	jw_end_obj(&j);
	jw_end_obj(&j);
	free(files);
}
