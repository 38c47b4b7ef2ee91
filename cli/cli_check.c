/*
 * cli_check - `berth check`: options, the repository, the config, the scan,
 * the report and the exit code (SPEC.md "Exit codes").
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "fix.h"
#include "fix_session.h"
#include "pool.h"
#include "repo.h"
#include "repo_since.h"
#include "report.h"
#include "scan.h"
#include "scan_open.h"
#include "util.h"

/* Progress is redrawn at most this often (milliseconds), so a fast scan is not slowed by it. */
#define CLI_PROGRESS_EVERY_MS 50

#define CHECK_FORMATS "tty, json, sarif, gnu, codeclimate, checkstyle, junit, github, markdown"

static const char check_usage[] =
	"usage: berth check [--format FMT] [--fail-on LEVEL] [--config FILE]\n"
	"                   [--hadolint-config FILE] [--since REF] [PATH...]\n"
	"  FMT    tty (default), json, sarif, gnu, codeclimate,\n"
	"         checkstyle, junit, github, markdown\n"
	"  LEVEL  error, warning (default), info, never\n"
	"  --hadolint-config FILE  also honour a .hadolint.yaml (ignored, override, failure-threshold)\n"
	"  --since REF  report only findings on lines changed since the merge base of HEAD and REF\n";

struct check_args {
	enum report_fmt fmt;
	int has_fail_on;
	enum sev fail_on;
	const char *config;
	const char *hadolint;
	const char *since;
	char **paths;
	size_t npaths, cap;
};

struct progress {
	int on, shown;
	struct timespec last;
};

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "berth check: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
	fputs(check_usage, stderr);
	return 2;
}

/* 0 parsed, 1 help shown, 2 usage error (already reported). */
static int parse_option(int argc, char **argv, int *i, struct check_args *a)
{
	const char *val;
	int r;
	if ((r = cli_opt_value(argc, argv, i, "--format", &val)) != 0) {
		if (r < 0)
			return usage_error("--format needs a value:", CHECK_FORMATS);
		if (report_fmt_parse(val, &a->fmt) < 0)
			return usage_error("unknown format (" CHECK_FORMATS "):", val);
		return 0;
	}
	if ((r = cli_opt_value(argc, argv, i, "--fail-on", &val)) != 0) {
		if (r < 0 || sev_parse(val, &a->fail_on) < 0)
			return usage_error("--fail-on takes error, warning, info or never, got", r < 0 ? "nothing" : val);
		a->has_fail_on = 1;
		return 0;
	}
	if ((r = cli_opt_value(argc, argv, i, "--config", &val)) != 0) {
		if (r < 0 || !*val)
			return usage_error("--config needs a FILE", NULL);
		a->config = val;
		return 0;
	}
	if ((r = cli_opt_value(argc, argv, i, "--hadolint-config", &val)) != 0) {
		if (r < 0 || !*val)
			return usage_error("--hadolint-config needs a FILE", NULL);
		a->hadolint = val;
		return 0;
	}
	if ((r = cli_opt_value(argc, argv, i, "--since", &val)) != 0) {
		if (r < 0 || !*val)
			return usage_error("--since needs a git revision (a branch, tag or commit)", NULL);
		a->since = val;
		return 0;
	}
	if (strcmp(argv[*i], "-h") == 0 || strcmp(argv[*i], "--help") == 0) {
		fputs(check_usage, stdout);
		return 1;
	}
	return usage_error("unknown option", argv[*i]);
}

/* 0 ok, 1 help shown, 2 usage error. */
static int parse_args(int argc, char **argv, struct check_args *a)
{
	int opts_done = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!opts_done && strcmp(arg, "--") == 0) {
			opts_done = 1;
		} else if (!opts_done && arg[0] == '-' && arg[1] != '\0') {
			int r = parse_option(argc, argv, &i, a);
			if (r)
				return r;
		} else {
			PUSH(a->paths, a->npaths, a->cap, argv[i]);
		}
	}
	return 0;
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

static void progress_cb(size_t done, size_t total, void *payload)
{
	struct progress *p = payload;
	if (!p->on || (p->shown && done < total && elapsed_ms(&p->last) < CLI_PROGRESS_EVERY_MS))
		return;
	fprintf(stderr, "\rberth: checked %zu/%zu files", done, total);
	fflush(stderr);
	p->shown = 1;
	clock_gettime(CLOCK_MONOTONIC, &p->last);
}

static void progress_end(struct progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);     /* erase the line: the report follows clean */
	p->shown = 0;
}

/*
 * The repository and its config, opened as every command opens them
 * (scan_open: .berth.yaml, then a hadolint config on top, whose threshold
 * replaces fail-on), then --fail-on, which wins over both files.
 */
static int open_all(const struct check_args *a, struct repo **repo, struct config *cfg)
{
	struct scan_open_opts so = { a->paths, a->npaths, a->config, a->hadolint };
	char *err = NULL;
	int rc = scan_open(repo, cfg, &so, &err);
	if (rc < 0)
		fprintf(stderr, "berth check: %s\n", err);
	free(err);
	if (rc == 0 && a->has_fail_on)
		cfg->fail_on = a->fail_on;
	return rc;
}

static int colour_wanted(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	/* no-color.org: an empty NO_COLOR counts as unset */
	return isatty(STDOUT_FILENO) && !(nc && *nc) && !(term && strcmp(term, "dumb") == 0);
}

/*
 * --since REF: keep only the findings on lines changed since REF's merge
 * base (repo_since.h); the report says how many were left out. 0 ok, -1
 * reported.
 */
static int since_apply(const char *ref, struct repo *repo, struct scan *s, struct report_opts *o)
{
	static struct since sn;         /* the report borrows sn.ref; it lives until the process ends */
	char *err = NULL;
	since_free(&sn);
	if (since_load(&sn, repo, ref, &err) < 0) {
		fprintf(stderr, "berth check: %s\n", err ? err : "--since failed");
		free(err);
		return -1;
	}
	o->since_ref = sn.ref;
	o->since_left_out = 0;
	for (size_t i = 0; i < s->nfiles; i++)
		o->since_left_out += since_filter(&sn, &s->files[i].res, s->files[i].data, s->files[i].len);
	return 0;
}

/* --- JSON/SARIF: fix_level and fix_note of each finding (issue 16) --- */

struct annotate_job {
	struct scan *s;
	const struct config *cfg;
	struct fsview base;             /* the repository */
	int filtered;                   /* --since dropped findings: the results are no longer whole audits */
};

static void annotate_one(size_t i, void *arg)
{
	struct annotate_job *job = arg;
	struct scan_file *f = &job->s->files[i];
	struct fix_input in;
	struct fix_view_cache *cache;
	struct fsview view;
	if (!f->data)
		return;
	/*
	 * Each verification audits a fixed text again and asks the repository
	 * what the others asked: one file's answers are kept while it is
	 * planned, the scanned files served from the scan's own contents.
	 */
	cache = fix_view_cache_new(&job->base, scan_file_data, job->s);
	fix_view_cache_view(cache, &view);
	fix_input_of_scan(&in, job->s, i, &view, job->cfg);     /* as `berth fix` plans it */
	/* the scan audited the file over the same view: planning starts from that audit */
	fix_annotate_from(&f->res, &in, job->filtered ? NULL : &f->res);
	fix_view_cache_free(cache);
}

static void annotate_fixes(struct scan *s, struct repo *repo, const struct config *cfg, int filtered)
{
	struct annotate_job job = { s, cfg, { 0 }, filtered };
	repo_fsview(repo, &job.base);
	pool_for(s->nfiles, annotate_one, &job);
}

/* volatile: the store must happen although nothing reads it back */
static struct scan *volatile kept_scan;
static char out_block[1 << 16];

static int run(const struct check_args *a)
{
	struct repo *repo = NULL;
	struct config cfg;
	struct scan s;
	struct progress p = { isatty(STDERR_FILENO), 0, { 0, 0 } };
	struct report_opts o = { 0, NULL, NULL, NULL, 0 };
	char *err = NULL;
	int rc = 2;

	timing_phase("start");
	config_init(&cfg);
	if (open_all(a, &repo, &cfg) < 0)
		goto out;
	timing_phase("open+config");
	if (scan_run(&s, repo, &cfg, a->paths, a->npaths, progress_cb, &p, &err) < 0) {
		progress_end(&p);
		fprintf(stderr, "berth check: %s\n", err ? err : "scan failed");
		free(err);
		goto out;
	}
	progress_end(&p);
	timing_phase("dockerfiles");
	if (a->since && since_apply(a->since, repo, &s, &o) < 0) {
		scan_free(&s);
		goto out;
	}
	if (a->fmt == FMT_JSON || a->fmt == FMT_SARIF) {
		annotate_fixes(&s, repo, &cfg, a->since != NULL);
		timing_phase("fix-levels");
	}
	o.color = a->fmt == FMT_TTY && colour_wanted();
	/* a whole-repository JSON report runs to tens of MB: write it in large blocks, one lock */
	setvbuf(stdout, out_block, _IOFBF, sizeof(out_block));   /* glibc ignores the size without a buffer */
	flockfile(stdout);
	report_write(stdout, a->fmt, &s, &o);
	funlockfile(stdout);
	timing_phase("report");
	rc = report_failed(&s, cfg.fail_on);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("berth check: cannot write the report\n", stderr);
		rc = 2;
	}
	/*
	 * The process ends here: releasing tens of thousands of blocks one by
	 * one would only delay the exit (~50 ms for 12,000 files). The scan
	 * stays reachable from a static, so leak checkers do not count it.
	 */
	if (kept_scan) {                /* called again in one process (the tests) */
		scan_free(kept_scan);
		free(kept_scan);
	}
	kept_scan = xmalloc(sizeof(s));
	memcpy(kept_scan, &s, sizeof(s));
out:
	config_free(&cfg);
	repo_free(repo);
	timing_phase("free");
	return rc;
}

int cli_check(int argc, char **argv)
{
	struct check_args a;
	int rc;
	memset(&a, 0, sizeof(a));
	a.fmt = FMT_TTY;
	rc = parse_args(argc, argv, &a);
	if (rc == 0)
		rc = run(&a);
	else if (rc == 1)
		rc = 0;
	free(a.paths);
	return rc;
}
