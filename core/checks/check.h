/*
 * check - findings, per-file results and the small API that every checklist
 * group (check_perf.c, check_sec.c, ..., check_compose.c) reports through.
 *
 * A group never decides an item's final status: it says which items apply to
 * the file (audit_applies) and adds findings (audit_add). check_finish()
 * then applies the config (ignore, severity overrides), pragmas, and derives
 * each item's status with CHECKLIST.md's rule:
 *   fail    - an unsuppressed finding of severity warning or error
 *   ignored - such findings exist but every one is suppressed
 *   pass    - applicable, nothing of the above (info notes may remain)
 *   n/a     - the item does not apply.
 *
 * Ownership: a struct file_result owns its path, findings and their strings;
 * file_result_free() releases them. Strings passed to audit_add are copied.
 */
#ifndef BERTH_CHECK_H
#define BERTH_CHECK_H

#include <stddef.h>
#include "items.h"
#include "text.h"

enum sev { SEV_INFO, SEV_WARNING, SEV_ERROR, SEV_NEVER };
enum status { ST_NA, ST_PASS, ST_FAIL, ST_IGNORED };

const char *sev_name(enum sev s);                 /* "info", "warning", "error", "never" */
int sev_parse(const char *s, enum sev *out);      /* 0 ok, -1 unknown */
const char *status_name(enum status s);           /* "pass", "fail", "n/a", "ignored" */

/*
 * What a file is for (CHECKLIST.md, roles): decided per scan (project.h),
 * applied to the findings by check_finish (check_role.c). ROLE_RUNTIME is
 * 0: a file judged alone, with no role given, is judged as written.
 */
enum role { ROLE_RUNTIME = 0, ROLE_BASE, ROLE_BUILDER, ROLE_DEV, ROLE_TEST, ROLE_COUNT };
const char *role_name(enum role r);               /* "runtime", "base", "builder", "dev", "test" */
int role_parse(const char *s, enum role *out);    /* 0 ok, -1 unknown */

struct finding {
	int item;               /* enum item_id */
	char *rule;             /* finer id inside the item, e.g. "apt-no-y" */
	enum sev sev;
	size_t start, end;      /* byte span in the file, [start, end) */
	int line, col, end_line, end_col;   /* 1-based; end_col is inclusive of the last byte */
	char *message;
	enum fixkind fix;
	int suppressed;
	char *service;          /* compose: the (first) service name, else NULL */
	/*
	 * Compose: every service the finding stands for, in the order they were
	 * judged (check_finish merges the same problem of several services into
	 * one finding); NULL, 0 when service is NULL. services[0] is service.
	 */
	char **services;
	size_t nservices;
	size_t svccap_;         /* private: the room of services */
	const char *fix_level;  /* set by fix_annotate (core/fix): "safe", "review", "withheld"; else NULL */
	char *fix_note;         /* its note (SPEC.md `fix_note`), or NULL */
};

struct file_result {
	char *path;             /* relative to the repository root, '/' separators */
	enum filekind kind;
	enum status status[ITEM_COUNT];
	unsigned char applies[ITEM_COUNT];
	struct finding *findings;
	size_t nfindings, cap;
	enum role role;         /* ROLE_RUNTIME unless audit_set_role said otherwise */
	char *role_reason;      /* the evidence, in words; NULL for a file judged alone */
	unsigned char base_by_name;     /* ROLE_BASE only by its name (size.*, sec.minimal-base: info) */
	unsigned char context_unknown;  /* berth cannot tell the build context (perf.dockerignore: info) */
	/* check_once_across reworded or demoted a finding: this is no longer what auditing the file alone gives */
	unsigned char folded;
};

struct config;
struct check_memo;

/*
 * Where a project image is built, parallel to the scan's project image
 * names: the one Dockerfile (and stage) every build tagging that name
 * builds. Beyond CHECKLIST.md revision 4, which names project images but
 * does not map them back to their Dockerfiles.
 */
struct project_image_src {
	char *dockerfile;       /* repository-relative; NULL when no build names it, or different ones do */
	char *target;           /* the stage built; NULL: the final stage */
};

/* Image names (tag dropped, lower case, sorted as audit.project_images) and their sources, borrowed. */
struct project_image_map {
	char *const *names;
	const struct project_image_src *srcs;
	size_t n;
};

/* The source of image `ref` (any tag) in the map, or NULL when it is not there or its Dockerfile is not known. */
const struct project_image_src *project_image_src_of(const struct project_image_map *m, const char *ref);

/* What a checklist group writes into while it judges one file. */
struct audit {
	struct file_result *res;
	const struct text *text;        /* positions for spans */
	const struct config *cfg;       /* may be NULL: defaults */
	const char *service;            /* compose: set while judging one service */
	/*
	 * CHECKLIST.md "project image": the names the repository builds (tag
	 * dropped, lower case, Docker Hub's docker.io/ and library/ dropped,
	 * sorted), set by the scan after audit_init; none for a file judged alone.
	 */
	char *const *project_images;
	size_t nproject_images;
	/*
	 * Images the repository's workflows, scripts and bake files build, with
	 * the Dockerfile each comes from (Compose's own builds are the Compose
	 * check's); empty for a file judged alone.
	 */
	struct project_image_map image_map;
	/*
	 * Dockerfile: the build args the repository's builds supply to it (Compose
	 * build.args, bake args, --build-arg in tracked scripts and workflows):
	 * "NAME=VALUE", or "NAME" when the value comes from the environment.
	 * Borrowed; NULL, 0 when none are known (a file judged alone).
	 */
	char *const *build_args;
	size_t nbuild_args;
	/*
	 * Dockerfile: the named contexts the repository's builds give it (bake
	 * `contexts`, --build-context in tracked scripts): "NAME=VALUE".
	 * Borrowed; NULL, 0 when none are known.
	 */
	char *const *named_contexts;
	size_t nnamed_contexts;
	int official_images;            /* check_official_images, asked once by the scan; -1: not asked yet */
	/* the scan's answers about the repository (check_memo.h), borrowed; NULL for a file judged alone */
	struct check_memo *memo;
};

/*
 * 1 when the repository generates Docker Official Images (a
 * generate-stackbrew-library.sh at its root, or a workflow using
 * docker-library/bashbrew): sec.healthcheck leaves the healthcheck to the
 * deployer. A repository fact: the scan asks once (audit.official_images).
 */
struct fsview;
int check_official_images(const struct fsview *fs);

void audit_init(struct audit *a, struct file_result *res, const char *path,
		enum filekind kind, const struct text *text, const struct config *cfg);
/* The item applies to this file (otherwise it ends up n/a). */
void audit_applies(struct audit *a, int item);
/*
 * Add a finding spanning [start, end) of the text. `rule` is a static string.
 * The item is marked as applying. Returns the finding (valid until the next add).
 */
struct finding *audit_add(struct audit *a, int item, enum sev sev, const char *rule,
			  size_t start, size_t end, enum fixkind fix,
			  const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/*
 * The file's role (set after audit_init, before check_finish); `reason` is
 * copied. base_by_name and context_unknown as in struct file_result.
 */
void audit_set_role(struct audit *a, enum role role, const char *reason, int base_by_name,
		    int context_unknown);

/*
 * CHECKLIST.md's role table applied to the findings of a file of role
 * r->role: per item, as written, kept at severity info, or n/a (findings
 * dropped). check_finish calls it first.
 */
void check_apply_role(struct file_result *r);

/*
 * Apply the role (check_apply_role), config severity overrides and ignores,
 * pragmas (from the text), sort findings (line, column, key), report the
 * same problem once (findings with the same key, rule, line and message are
 * one finding naming every service: CHECKLIST.md "Status of an item") and
 * derive every status.
 */
void check_finish(struct audit *a);

/*
 * The same problem judged for several files is raised once (beyond
 * CHECKLIST.md revision 4, which folds findings within one file): a raised
 * finding of `item` with the same rule and message in several of res[0..n)
 * (in path order) stays raised in the first, its message naming the others;
 * in the others it becomes info, pointing at the first. For
 * perf.dockerignore, whose message names the build context's ignore file:
 * one .dockerignore shared by every Dockerfile of a context is one problem
 * with one fix. Suppressed findings take no part. Statuses are derived again.
 */
void check_once_across(struct file_result **res, size_t n, int item);
/*
 * BEYOND REVISION 4 (HOLDOUT3 pattern 3, HOLDOUT5 pattern 7): one ignore
 * file serves every Dockerfile of its context. When a build of one of
 * res[0..n) reads .git through it (its `git-read` info), another's request
 * for `.git` in the same file would break that build: a request for both
 * .git and .env becomes the .env request, one for .git alone becomes info.
 * check_once_across(ITEM_PERF_DOCKERIGNORE) calls it first (check_perf.c).
 */
void check_dockerignore_across(struct file_result **res, size_t n);

/*
 * Beyond CHECKLIST.md revision 4 (tests/realworld/HOLDOUT4.md, ghostfolio's
 * docker-compose.build.yml): a raised Compose finding on a service that takes
 * the problem through `extends:` from a service S of another file F of res
 * (its note names them: the value is inherited from S, or the key is missing
 * there too) becomes info when F raises the same problem (item, rule,
 * message) for S: one fix in F fixes both. When F is not audited, or judges
 * S otherwise (another role), the finding stays raised. Statuses are derived
 * again.
 */
void check_extends_across(struct file_result **res, size_t n);

/* Release what one finding owns (its strings, services, note): for code that drops findings. */
void finding_free(struct finding *f);
void file_result_free(struct file_result *r);

#endif
