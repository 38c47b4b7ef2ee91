/* PLACEHOLDER: repository access is being written (issue 2). */
#include "repo.h"
#include <stdlib.h>
#include "util.h"
struct repo { int dummy; };
int repo_open(struct repo **out, const char *path, char **err) { (void)path; *err = NULL; *out = xcalloc(1, sizeof(struct repo)); return 0; }
void repo_free(struct repo *r) { free(r); }
const char *repo_root(const struct repo *r) { (void)r; return "."; }
int repo_is_git(const struct repo *r) { (void)r; return 0; }
const char *repo_branch(const struct repo *r) { (void)r; return NULL; }
struct git_repository *repo_git(struct repo *r) { (void)r; return NULL; }
int repo_relpath(const struct repo *r, const char *path, char **rel) { (void)r; *rel = xstrdup(path); return 0; }
int repo_candidate_kind(const char *name, enum filekind *kind) { (void)name; (void)kind; return 0; }
int repo_candidates(struct repo *r, const char *sub, char ***paths, size_t *n) { (void)r; (void)sub; *paths = NULL; *n = 0; return 0; }
int repo_read(struct repo *r, const char *rel, char **data, size_t *len, struct repo_stamp *st, char **err) { (void)r; (void)rel; (void)st; *data = NULL; *len = 0; *err = xstrdup("not implemented"); return REPO_ERR_UNREADABLE; }
int repo_stamp_check(struct repo *r, const char *rel, const struct repo_stamp *st) { (void)r; (void)rel; (void)st; return -1; }
uint64_t repo_hash(const char *data, size_t len) { (void)data; (void)len; return 0; }
int repo_tracked(struct repo *r, const char *rel) { (void)r; (void)rel; return 0; }
void repo_fsview(struct repo *r, struct fsview *out) { (void)r; out->read = NULL; out->stat = NULL; out->list = NULL; out->tracked = NULL; out->payload = NULL; }
void repo_paths_free(char **paths, size_t n) { for (size_t i = 0; i < n; i++) free(paths[i]); free(paths); }
