/* PLACEHOLDER: the real splitter is being written (issue 2). */
#include "shell.h"
#include <string.h>
void sh_parse(struct sh_script *out, const char *text, size_t len) { (void)text; (void)len; memset(out, 0, sizeof(*out)); }
void sh_free(struct sh_script *s) { (void)s; }
const char *sh_cmd_name(const struct sh_cmd *c) { (void)c; return NULL; }
size_t sh_cmd_nargs(const struct sh_cmd *c) { (void)c; return 0; }
const struct sh_word *sh_cmd_arg(const struct sh_cmd *c, size_t i) { (void)c; (void)i; return NULL; }
int sh_cmd_has_opt(const struct sh_cmd *c, const char *opt) { (void)c; (void)opt; return 0; }
const struct sh_word *sh_cmd_subcommand(const struct sh_cmd *c, const char *const *w) { (void)c; (void)w; return NULL; }
