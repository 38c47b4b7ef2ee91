/* PLACEHOLDER: the .dockerignore matcher is being written (issue 2). */
#include "ignore.h"
#include <stdlib.h>
struct dockerignore { int dummy; };
struct dockerignore *dockerignore_parse(const char *data, size_t len) { (void)data; (void)len; return calloc(1, sizeof(struct dockerignore)); }
void dockerignore_free(struct dockerignore *d) { free(d); }
int dockerignore_match(const struct dockerignore *d, const char *path) { (void)d; (void)path; return 0; }
int dockerignore_excludes(const struct dockerignore *d, const char *path) { (void)d; (void)path; return 0; }
size_t dockerignore_invalid(const struct dockerignore *d) { (void)d; return 0; }
