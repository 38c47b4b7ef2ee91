/* PLACEHOLDER: the Dockerfile checklist is being written (issue 2). */
#include "dfcheck.h"
void check_dockerfile(struct audit *a, const struct df_file *df, const char *path,
		      const struct fsview *fs, char *const *contexts, size_t ncontexts)
{ (void)a; (void)df; (void)path; (void)fs; (void)contexts; (void)ncontexts; }
int dfcheck_stage_has_healthcheck(const struct df_file *df, const char *target) { (void)df; (void)target; return 0; }
