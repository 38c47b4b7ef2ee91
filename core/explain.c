/* PLACEHOLDER: explanations are being written (issue 2). */
#include "explain.h"
static const struct explain none = { "", "", "", "", "", "" };
const struct explain *explain_get(int item) { (void)item; return &none; }
int explain_write(FILE *out, const char *key) { (void)out; (void)key; return -1; }
void rules_write(FILE *out, int json) { (void)out; (void)json; }
