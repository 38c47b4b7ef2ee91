/* report_json - `check --format json`, exactly the shape SPEC.md shows. */
#include <stdlib.h>

#include "report_priv.h"

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
	if (f->fix != FIX_NONE && f->fix_level) {
		jw_str(j, "fix_level", f->fix_level);
		jw_str(j, "fix_note", f->fix_note ? f->fix_note : "");
	}
	jw_bool(j, "suppressed", f->suppressed);
	if (f->service)
		jw_str(j, "service", f->service);
	report_put_services(j, f);
	jw_end_obj(j);
}

static void put_file(struct jw *j, const struct scan_file *sf)
{
	const struct file_result *r = &sf->res;
	const struct finding **fs = report_findings_sorted(r);
	jw_obj(j, NULL);
	jw_str(j, "path", r->path ? r->path : "");
	jw_str(j, "kind", filekind_name(r->kind));
	jw_str(j, "role", role_name(r->role));
	jw_str(j, "role_reason", r->role_reason ? r->role_reason : "");
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

/* One file's object, a part of the "files" array (report_each_file). */
static void json_file(struct buf *out, const struct scan_file *f, void *arg)
{
	struct jw j;
	jw_init_part(&j, out, *(const int *)arg);
	put_file(&j, f);
	jw_end_part(&j, out);
}

void report_json(FILE *out, const struct scan *s, const struct report_opts *o)
{
	struct jw j;
	struct report_counts c;
	const struct scan_file **files = report_files_sorted(s);
	int depth;
	report_count(s, &c);
	jw_init(&j, out);
	jw_obj(&j, NULL);
	jw_obj_inline(&j, "tool");
	jw_str(&j, "name", "berth");
	jw_str(&j, "version", BERTH_VERSION);
	jw_end_obj(&j);
	jw_arr(&j, "files");
	depth = j.depth;
	jw_flush(&j);
	jw_after_parts(&j, report_each_file(out, files, s->nfiles, json_file, &depth, ",", 1));
	jw_end_arr(&j);
	jw_obj_inline(&j, "summary");
	jw_int(&j, "files", (long long)c.files);
	jw_int(&j, "errors", (long long)c.errors);
	jw_int(&j, "warnings", (long long)c.warnings);
	jw_int(&j, "info", (long long)c.info);
	jw_int(&j, "suppressed", (long long)c.suppressed);
	if (o->since_ref) {             /* check --since: an extra key, SPEC's members unchanged */
		jw_obj_inline(&j, "since");
		jw_str(&j, "ref", o->since_ref);
		jw_int(&j, "left_out", (long long)o->since_left_out);
		jw_end_obj(&j);
	}
	jw_end_obj(&j);
	jw_end_obj(&j);
	free(files);
}
