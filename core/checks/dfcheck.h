/*
 * dfcheck - the Dockerfile half of the checklist: every Dockerfile item of
 * CHECKLIST.md, judged on a parsed df_file. The groups live in
 * check_perf.c, check_sec.c, check_size.c and check_corr.c; the shared facts
 * they need (final stage, final chain, external images, each RUN's
 * commands, toolchain packages) are computed once in dfa.c (dfa.h).
 */
#ifndef BERTH_DFCHECK_H
#define BERTH_DFCHECK_H

#include <stddef.h>
#include "check.h"
#include "dockerfile.h"
#include "fsview.h"

/*
 * Judge every Dockerfile item and add the findings to `a`. `path` is the
 * Dockerfile's repository-relative path. `contexts` are the repository-
 * relative build contexts of the Compose services that build it ("" is the
 * root); with none, the Dockerfile's own folder is the context. `fs` may be
 * NULL (no .dockerignore, nothing exists).
 */
void check_dockerfile(struct audit *a, const struct df_file *df, const char *path,
		      const struct fsview *fs, char *const *contexts, size_t ncontexts);

/* 1 when a->build_args supplies build argument `name` (CHECKLIST.md: sec.pinned-base, corr.env-defaults). */
int audit_build_supplies(const struct audit *a, const char *name);
struct dfa;     /* dfa.h */
/*
 * sec.healthcheck's "nothing can probe the app" (scratch or facts without a
 * shell or probe tool, no probe copied in, no health command in the
 * program's sources), check_sec.c.
 */
int check_no_probe(const struct audit *au, const struct dfa *a);
/*
 * The same for the image a Compose service runs, built from Dockerfile
 * `path` (parsed: df) with `context` (NULL: the Dockerfile's folder) and
 * `target` (NULL: the final stage): 1 when nothing in it can probe the app.
 * A target other than the final stage: 0 (not judged).
 */
int dfcheck_no_probe(const struct audit *au, const struct df_file *df, const char *path, const struct fsview *fs,
		     const char *context, const char *target);
/* The value of the named context `name` a build of the file gives it ("docker-image://alpine:3.20"), or NULL. */
const char *audit_named_context(const struct audit *a, const char *name);

struct dfa_run;
/*
 * BEYOND REVISION 4 (HOLDOUT4 pattern 4, HOLDOUT5 pattern 7: tubearchivist's
 * `if [ "$INSTALL_DEBUG" ]`): command ci of run r sits in a shell `if`
 * branch the default build does not take (dfa_cmd_skipped) and no build of
 * the repository supplies the variable that decides it: it puts nothing in
 * the image a plain build makes, and the per-command size and apt items do
 * not judge it. 1 when so.
 */
int audit_skipped_branch(const struct audit *au, const struct dfa *a, const struct dfa_run *r, size_t ci);

/*
 * For compose.healthcheck: does the stage `target` (NULL: the final stage as
 * CHECKLIST.md's Terms define it) have a HEALTHCHECK in its chain?
 * 1 yes (HEALTHCHECK NONE counts), 0 no, -1 no such stage.
 */
int dfcheck_stage_has_healthcheck(const struct df_file *df, const char *target);

#endif
