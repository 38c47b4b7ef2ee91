/*
 * fix_facts - the seam between the fixes and the image facts (CHECKLIST.md
 * "Image facts"). Every answer is "unknown" until the facts part (core/facts,
 * and the config's `images:` entries) lands behind these functions: the
 * preconditions then withhold, or keep a fix at `review` with a note saying
 * what berth could not check. That conservative answer is the right one for
 * an image nobody has described.
 *
 * Each function is marked FACTS: where the facts table plugs in.
 */
#include "fix_priv.h"

#include <string.h>

/* FACTS: the default non-root user an image ships (name), or NULL when unknown or none. */
const char *fix_image_user(const char *ref)
{
	(void)ref;
	return NULL;
}

/* FACTS: 1 when the image's facts are known at all (users, tools, entrypoint), 0 unknown. */
int fix_image_known(const char *ref)
{
	(void)ref;
	return 0;
}

/* FACTS: its entrypoint starts as root and drops privileges (gosu, su-exec, s6): 1, 0 no, -1 unknown. */
int fix_image_drops_privileges(const char *ref)
{
	(void)ref;
	return -1;
}

/* FACTS: uid or gid 1000 is taken in the image: 1, 0 free, -1 unknown. */
int fix_image_uid1000_taken(const char *ref)
{
	(void)ref;
	return -1;
}

/*
 * FACTS: the tools an image has (FIX_TOOL_* bits), or -1 unknown. The user
 * tool decides how a system user is made; the runtimes decide the probe.
 */
int fix_image_tools(const char *ref)
{
	(void)ref;
	return -1;
}

/* FACTS: the image's documented default port, or -1 unknown. */
long fix_image_port(const char *ref)
{
	(void)ref;
	return -1;
}

/* FACTS: the image's documented health command (a shell command line), or NULL unknown. */
const char *fix_image_health(const char *ref)
{
	(void)ref;
	return NULL;
}

/*
 * FACTS (interim): the capabilities an image's entrypoint needs after
 * cap_drop ALL, and the paths it writes outside its volumes under
 * read_only. These few entries are the ones berth shipped before revision 4
 * and that the fix review found right (their entrypoints start as root and
 * chown/setuid to the service user); the facts part replaces them. Matched
 * on the image's last path component, any tag.
 */
struct interim {
	const char *name;
	const char *caps[6];
	const char *tmpfs[4];
};

static const struct interim interim[] = {
	{ "postgres", { "CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID", NULL }, { "/tmp", "/var/run/postgresql", NULL } },
	{ "mysql", { "CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID", NULL }, { "/tmp", "/var/run/mysqld", NULL } },
	{ "mariadb", { "CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID", NULL }, { "/tmp", "/run/mysqld", NULL } },
	{ "nginx", { "CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID", "NET_BIND_SERVICE", NULL }, { "/tmp", "/var/run", "/var/cache/nginx", NULL } },
	{ "redis", { "CHOWN", "SETGID", "SETUID", NULL }, { "/tmp", NULL } },
	{ "httpd", { "NET_BIND_SERVICE", "SETGID", "SETUID", NULL }, { "/tmp", "/usr/local/apache2/logs", NULL } },
	{ "mongo", { "CHOWN", "SETGID", "SETUID", NULL }, { "/tmp", NULL } },
};

static const struct interim *interim_of(const char *name)
{
	const char *base = name ? name : "";
	if (str_starts(base, "library/"))
		base += strlen("library/");
	if (strchr(base, '/'))
		return NULL;    /* official images only: bitnami/redis is another image */
	for (size_t i = 0; i < ARRAY_SIZE(interim); i++)
		if (strcmp(base, interim[i].name) == 0)
			return &interim[i];
	return NULL;
}

/* FACTS: the cap_add an image needs after cap_drop ALL (NULL-terminated), or NULL unknown. */
const char *const *fix_image_caps(const char *name)
{
	const struct interim *k = interim_of(name);
	return k ? k->caps : NULL;
}

/* FACTS: the tmpfs paths an image needs under read_only (NULL-terminated), or NULL unknown. */
const char *const *fix_image_tmpfs(const char *name)
{
	const struct interim *k = interim_of(name);
	return k ? k->tmpfs : NULL;
}
