/* PLACEHOLDER: the real parser is being written (issue 2). */
#include "dockerfile.h"
#include <string.h>
void df_parse(struct df_file *f, const char *data, size_t len) { memset(f, 0, sizeof(*f)); f->data = data; f->len = len; f->escape = '\\'; text_init(&f->text, data, len); }
void df_free(struct df_file *f) { text_free(&f->text); }
const char *df_kind_name(enum df_kind k) { (void)k; return "?"; }
int df_stage_find(const struct df_file *f, const char *name, size_t before) { (void)f; (void)name; (void)before; return -1; }
const struct df_flag *df_flag_get(const struct df_instr *in, const char *name) { (void)in; (void)name; return NULL; }
const char *df_flag_kv(const struct df_flag *fl, const char *key) { (void)fl; (void)key; return NULL; }
char *df_expand(const char *s, char escape, df_lookup_fn lookup, void *payload, int *unresolved) { (void)escape; (void)lookup; (void)payload; if (unresolved) *unresolved = 0; return strdup(s); }
