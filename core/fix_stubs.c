#include "fix_priv.h"
void fix_df_pin(struct fix_ctx *c) { (void)c; }
void fix_df_minimal(struct fix_ctx *c) { (void)c; }
void fix_compose_security(struct fix_ctx *c) { (void)c; }
void fix_compose_cap_drop(struct fix_ctx *c) { (void)c; }
void fix_compose_read_only(struct fix_ctx *c) { (void)c; }
void fix_compose_restart(struct fix_ctx *c) { (void)c; }
void fix_compose_limits(struct fix_ctx *c) { (void)c; }
void fix_compose_healthcheck(struct fix_ctx *c) { (void)c; }
void fix_compose_pin(struct fix_ctx *c) { (void)c; }
