/*
 * fix_df_ownprobe - sec.healthcheck: the repository's own probe of the image
 * (FIX-HOLDOUT10.md R2).
 *
 * SonarQube's Data Center search image EXPOSEs 9000, but a search node runs
 * Elasticsearch alone, bound to the container's address, and never opens
 * 9000: a probe of 127.0.0.1:9000 keeps every container unhealthy for ever.
 * The repository says so itself: each Compose service running that image
 * probes `http://$SONAR_CLUSTER_NODE_NAME:9001/_cluster/health`. When a
 * Compose service of the repository that runs the image has a healthcheck
 * of its own naming ports, and none is the port berth would probe, that
 * probe wins: its port when it probes the container itself (localhost,
 * 127.0.0.1), else the fix is withheld.
 *
 * Only services that run the image's own command count (no `command:` but
 * options, no `entrypoint:`). A service runs the image when it builds the Dockerfile, runs an image the
 * scan maps to it (fix_df_runs_image), or names the Dockerfile's folders: a
 * tag "<parent>-<folder>" (sonarqube:datacenter-search for
 * commercial-editions/datacenter/search, as the repository's workflow tags
 * it) or a variable then "-<folder>" (${IMAGE}-search).
 */
#include "fix_df.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dfa.h"
#include "yamldoc.h"

/* Ports read from one healthcheck, at most. */
#define FIX_OWNPROBE_PORTS 8

struct own {
	long port;              /* the port berth would probe */
	long take;              /* the repository's local probe port, or -1 */
	char *why;              /* where the repository probes (malloc'd) */
	int away;               /* ... on another host */
};

/* The last two folders of the Dockerfile's path, as "parent" and "folder" (malloc'd; parent may be NULL). */
static void folders(const char *path, char **parent, char **folder)
{
	char *dir = str_dirname(path), *up = str_dirname(dir);
	*folder = *dir ? xstrdup(str_basename(dir)) : NULL;
	*parent = *up ? xstrdup(str_basename(up)) : NULL;
	free(up);
	free(dir);
}

static int names_folder(const struct fix_ctx *c, const char *image)
{
	char *parent, *folder, *want = NULL;
	const char *close = strrchr(image, '}');
	struct dfa_image img;
	int yes = 0;
	folders(c->in->path, &parent, &folder);
	if (folder && close && image[0] == '$') {
		/* ${IMAGE}-search: what follows the variable is the folder */
		want = xasprintf("-%s", folder);
		yes = !strcmp(close + 1, want);
		free(want);
		want = xasprintf(":%s", folder);
		yes |= !strcmp(close + 1, want);
	} else if (folder && parent && !strchr(image, '$')) {
		dfa_image_parse(&img, image);
		want = xasprintf("%s-%s", parent, folder);
		yes = img.tag && !strcasecmp(img.tag, want);
		dfa_image_free(&img);
	}
	free(want);
	free(parent);
	free(folder);
	return yes;
}

/* A host that is the container itself. */
static int local_host(const char *h, size_t n)
{
	static const char *const local[] = { "localhost", "127.0.0.1", "0.0.0.0", "[::1]", "::1", NULL };
	for (size_t i = 0; local[i]; i++)
		if (strlen(local[i]) == n && !strncmp(h, local[i], n))
			return 1;
	return 0;
}

/* The ports a health test names (host:PORT, /dev/tcp/HOST/PORT), each with whether its host is local. */
static size_t test_ports(const char *t, long *ports, int *local, size_t max)
{
	size_t n = 0;
	for (const char *p = t; *p && n < max; p++) {
		const char *h, *d;
		long v;
		if (*p == ':' && p > t && (isalnum((unsigned char)p[-1]) || strchr("}]_.", p[-1])) &&
		    isdigit((unsigned char)p[1])) {
			for (d = p + 1; isdigit((unsigned char)*d); d++)
				;
			if (isalnum((unsigned char)*d) || d - p - 1 > 5)
				continue;
			v = strtol(p + 1, NULL, 10);
			for (h = p; h > t && !strchr(" \t\"'/@=", h[-1]); h--)
				;
			ports[n] = v;
			local[n++] = local_host(h, (size_t)(p - h));
		} else if (!strncmp(p, "/dev/tcp/", 9)) {
			h = p + 9;
			d = strchr(h, '/');
			if (!d || !isdigit((unsigned char)d[1]))
				continue;
			ports[n] = strtol(d + 1, NULL, 10);
			local[n++] = local_host(h, (size_t)(d - h));
		}
	}
	return n;
}

static int runs_it(const struct fix_ctx *c, const char *file, const struct ydoc_node *svc)
{
	const struct ydoc_node *b = ydoc_get(svc, "build");
	const char *image = ydoc_str(ydoc_get(svc, "image"));
	if (b) {
		const char *ctx = b->type == YDOC_MAPPING ? ydoc_str(ydoc_get(b, "context")) : ydoc_str(b);
		const char *df = b->type == YDOC_MAPPING ? ydoc_str(ydoc_get(b, "dockerfile")) : NULL;
		char *dir = str_dirname(file), *p = ctx ? path_join_norm(dir, ctx) : NULL;
		char *full = p ? path_join_norm(p, df ? df : "Dockerfile") : NULL;
		int yes = full && !strcmp(full, c->in->path);
		free(full);
		free(p);
		free(dir);
		return yes;
	}
	return image && (fix_df_runs_image(c, file, image) || names_folder(c, image));
}

static int own_probe(const struct fix_ctx *c, const char *file, const char *name, const struct ydoc_node *svc,
		     void *arg)
{
	struct own *o = arg;
	const struct ydoc_node *hc = ydoc_get(svc, "healthcheck"), *test = hc ? ydoc_get(hc, "test") : NULL;
	struct buf t = BUF_INIT;
	long ports[FIX_OWNPROBE_PORTS];
	int local[FIX_OWNPROBE_PORTS];
	size_t n;
	const char *cmd = ydoc_str(ydoc_get(svc, "command"));
	const struct ydoc_node *cv = ydoc_get(svc, "command");
	/*
	 * a service that gives its own command or entrypoint probes that one
	 * (awesome-compose's flask-app runs gunicorn on 8000, the image's CMD
	 * `python app.py` serves the EXPOSEd 5000); options alone go to the
	 * image's own entrypoint
	 */
	if (cv && cv->type == YDOC_SEQUENCE && cv->nitems)
		cmd = ydoc_str(cv->items[0]);
	if (!test || !runs_it(c, file, svc) || ydoc_get(svc, "entrypoint") || (cmd && cmd[0] != '-'))
		return 0;
	if (ydoc_str(test))
		buf_puts(&t, ydoc_str(test));
	for (size_t i = 0; test->type == YDOC_SEQUENCE && i < test->nitems; i++)
		if (ydoc_str(test->items[i]))
			buf_printf(&t, "%s ", ydoc_str(test->items[i]));
	n = test_ports(buf_str(&t), ports, local, ARRAY_SIZE(ports));
	buf_free(&t);
	for (size_t i = 0; i < n; i++)
		if (ports[i] == o->port)
			return 0;       /* the repository probes the same port */
	if (!n)
		return 0;
	o->away = !local[0];
	o->take = local[0] ? ports[0] : -1;
	o->why = xasprintf("the Compose service %s (%s) runs this image with a healthcheck of its own that probes "
			   "port %ld%s", name, file, ports[0], local[0] ? "" : " on another host (not the container's "
			   "127.0.0.1)");
	return 1;
}

long fix_df_own_probe(const struct fix_ctx *c, long port, char **why)
{
	struct own o = { port, -1, NULL, 0 };
	*why = NULL;
	if (!fix_df_each_compose_service(c, own_probe, &o))
		return port;
	if (o.away) {
		*why = xasprintf("withheld: %s, not port %ld: the image's server listens elsewhere; add HEALTHCHECK "
				 "with the repository's own probe", o.why, port);
		free(o.why);
		return -1;
	}
	*why = o.why;
	return o.take;
}
