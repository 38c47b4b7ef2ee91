/*
 * report_codeclimate - GitLab Code Quality: a JSON array of issues with
 * description, check_name, fingerprint, severity and location. GitLab has no
 * notion of a suppressed finding, so those are left out.
 *
 * Severity: info -> info, warning -> minor, error -> major, and an error of a
 * security item -> critical (a leaked secret or a privileged container is
 * what a merge request must not miss).
 */
#include <stdlib.h>

#include "report_priv.h"
#include "util.h"

static int security_item(int item)
{
	return item_defs[item].cat == CAT_SEC || item == ITEM_COMPOSE_NO_INLINE_SECRETS ||
	       item == ITEM_COMPOSE_NO_PRIVILEGED;
}

static const char *cc_severity(const struct finding *f)
{
	if (f->sev == SEV_ERROR)
		return security_item(f->item) ? "critical" : "major";
	return f->sev == SEV_WARNING ? "minor" : "info";
}

/* Code Climate's own categories; GitLab shows them, the spec asks for at least one. */
static const char *cc_category(int item)
{
	if (security_item(item))
		return "Security";
	switch (item_defs[item].cat) {
	case CAT_PERF:
	case CAT_SIZE: return "Performance";
	case CAT_COMPOSE: return item == ITEM_COMPOSE_PARSE || item == ITEM_COMPOSE_BUILD_VALID
				 ? "Bug Risk" : "Security";
	default: return "Bug Risk";
	}
}

static void put_issue(struct jw *j, const struct file_result *r, const struct finding *f,
		      const char *fingerprint)
{
	jw_obj(j, NULL);
	jw_str(j, "type", "issue");
	jw_str(j, "check_name", item_defs[f->item].key);
	if (f->service) {
		/* GitLab shows only the description: the services go in it */
		struct buf d = BUF_INIT;
		buf_puts(&d, f->message ? f->message : "");
		report_services_note(&d, f);
		jw_str(j, "description", buf_str(&d));
		buf_free(&d);
	} else {
		jw_str(j, "description", f->message ? f->message : "");
	}
	jw_arr(j, "categories");
	jw_str(j, NULL, cc_category(f->item));
	jw_end_arr(j);
	jw_str(j, "fingerprint", fingerprint);
	jw_str(j, "severity", cc_severity(f));
	jw_obj(j, "location");
	jw_str(j, "path", r->path ? r->path : "");
	jw_obj(j, "lines");
	jw_int(j, "begin", f->line > 0 ? f->line : 1);
	jw_int(j, "end", f->end_line >= f->line ? f->end_line : (f->line > 0 ? f->line : 1));
	jw_end_obj(j);
	jw_end_obj(j);
	jw_end_obj(j);
}

static void cc_file(struct buf *b, const struct scan_file *file, void *arg)
{
	const struct file_result *r = &file->res;
	const struct finding **fs = report_findings_sorted(r);
	char (*fp)[33] = report_fingerprints(file, fs);
	struct jw j;
	jw_init_part(&j, b, *(const int *)arg);
	for (size_t k = 0; k < r->nfindings; k++)
		if (!fs[k]->suppressed && fs[k]->sev != SEV_NEVER &&
		    fs[k]->item >= 0 && fs[k]->item < ITEM_COUNT)
			put_issue(&j, r, fs[k], fp[k]);
	jw_end_part(&j, b);
	free(fp);
	free(fs);
}

void report_codeclimate(FILE *out, const struct scan *s, const struct report_opts *o)
{
	const struct scan_file **files = report_files_sorted(s);
	struct jw j;
	int depth;
	(void)o;
	jw_init(&j, out);
	jw_arr(&j, NULL);
	depth = j.depth;
	jw_flush(&j);
	jw_after_parts(&j, report_each_file(out, files, s->nfiles, cc_file, &depth, ",", 1));
	jw_end_arr(&j);
	free(files);
}
