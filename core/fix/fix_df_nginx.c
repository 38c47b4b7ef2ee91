/*
 * fix_df_nginx - sec.non-root's precondition for an image that runs nginx
 * (FIX-HOLDOUT11.md R2).
 *
 * OhMyForm's docker/nginx installs nginx from Alpine's packages and its
 * start script execs it with the repository's conf/nginx.conf, which has
 * `user nginx;`, `pid /var/run/nginx.pid;` and `listen 80;`: run as a
 * non-root user, nginx can neither bind 80 nor create its pid file, and the
 * container exits at start. nginx runs as non-root only with every `listen`
 * at 1024 or above and its pid (and temp paths) where the user may write,
 * which is what the nginxinc/nginx-unprivileged image sets up.
 *
 * The rule: the final chain installs nginx, or its ENTRYPOINT/CMD (or the
 * script it runs) names nginx (an nginx base image is withheld by its facts'
 * port 80 already); then the nginx
 * configuration files the chain copies from the build context are read.
 * Non-root is withheld when one listens below 1024 or keeps its pid under
 * /run or /var/run, and when none sets `pid` (the package's or image's own
 * nginx.conf is in force, with its pid in root's /run).
 *
 * Not read (limits): `-g 'pid ...;'` on the command line, configs written
 * by a RUN or fetched, chowns of /run that make the pid path writable.
 */
#include "fix_df.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfa.h"

/* Configuration files read at most, bytes of each, and folder depth below a copied folder. */
#define FIX_NGINX_FILES 64
#define FIX_NGINX_FILE_MAX (256 * 1024)
#define FIX_NGINX_DEPTH 2
/* Length of the reason kept. */
#define FIX_NGINX_WHY 256

struct conf {
	size_t files;
	int pid_set;                    /* a `pid` directive was seen */
	char why[FIX_NGINX_WHY];        /* the first blocking directive */
};

/* An nginx package word (nginx, nginx-full, nginx-light, ...; not a module), or NULL. */
static const char *nginx_pkg(const char *t)
{
	return !strcmp(t, "nginx") || (str_starts(t, "nginx-") && !str_starts(t, "nginx-mod")) ? t : NULL;
}

/* The chain installs an nginx package: its line, else 0. */
static int installs_nginx(const struct fix_ctx *c)
{
	int line = 0;
	return fix_df_chain_install(c, nginx_pkg, &line) ? line : 0;
}

/* A line of the script runs nginx as its command (`nginx -g ...`, `exec /usr/sbin/nginx`), not a mention. */
static int script_starts_nginx(const char *text)
{
	for (const char *l = text; l && *l;) {
		const char *p = l + strspn(l, " \t"), *w;
		size_t n;
		if (str_starts(p, "exec "))
			p += 5 + strspn(p + 5, " \t");
		n = strcspn(p, " \t\r\n;");
		w = p;
		for (size_t k = 0; k < n; k++)
			if (p[k] == '/')
				w = p + k + 1;
		if ((size_t)(p + n - w) == 5 && !strncmp(w, "nginx", 5))
			return 1;
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	return 0;
}

/* The ENTRYPOINT or CMD of the chain (or a script it runs) names nginx: its line, else 0. */
static int command_runs_nginx(const struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		char *script;
		int hit = 0;
		if (in->kind != DF_CMD && in->kind != DF_ENTRYPOINT)
			continue;
		/* the program itself, not an argument naming nginx (docker-gen's `-notify-sighup nginx`) */
		if (in->json && in->argc > 0) {
			const char *b = str_basename(in->argv[0]);
			hit = !strcmp(b, "nginx") || (in->argc > 2 && (!strcmp(b, "sh") || !strcmp(b, "bash")) &&
						      !strcmp(in->argv[1], "-c") && script_starts_nginx(in->argv[2]));
		} else if (!in->json && in->args) {
			hit = script_starts_nginx(in->args);
		}
		if (!hit && (script = fix_df_entry_script(c, in)) != NULL) {
			hit = script_starts_nginx(script);
			free(script);
		}
		if (hit)
			return in->line;
	}
	return 0;
}

/* The directives of one nginx configuration file that keep it from running as non-root. */
static void scan(struct conf *cf, const char *text, const char *file)
{
	int line = 1;
	for (const char *l = text; l && *l; line++) {
		const char *end = strchr(l, '\n'), *p = l;
		size_t ll = end ? (size_t)(end - l) : strlen(l);
		for (; p < l + ll && *p != '#'; p++) {
			const char *e, *v;
			int is_listen, is_pid;
			if (p != l && !strchr(" \t{;", p[-1]))
				continue;
			is_listen = !strncmp(p, "listen", 6) && (p[6] == ' ' || p[6] == '\t');
			is_pid = !strncmp(p, "pid", 3) && (p[3] == ' ' || p[3] == '\t');
			if (!is_listen && !is_pid)
				continue;
			v = p + (is_listen ? 6 : 3);
			while (*v == ' ' || *v == '\t')
				v++;
			e = v;
			while (e < l + ll && !strchr(" \t;#", *e))
				e++;
			if (is_pid) {
				cf->pid_set = 1;
				if (!cf->why[0] && (str_starts(v, "/run/") || str_starts(v, "/var/run/")))
					snprintf(cf->why, sizeof(cf->why), "%s keeps nginx's pid at %.*s (line %d), "
						 "a root-owned folder", file, (int)(e - v), v, line);
			} else {
				char port[16];
				const char *colon;
				long pn;
				size_t vl = (size_t)(e - v);
				if (vl >= sizeof(port) + 48)
					continue;
				colon = memchr(v, ']', vl) ? memchr(v, ']', vl) : v;
				colon = memchr(colon, ':', (size_t)(e - colon));
				if (colon)
					vl = (size_t)(e - colon - 1), v = colon + 1;
				if (vl == 0 || vl >= sizeof(port))
					continue;
				memcpy(port, v, vl);
				port[vl] = '\0';
				pn = strspn(port, "0123456789") == vl ? dfa_port_num(port) : -1;
				if (!cf->why[0] && pn > 0 && pn < 1024)
					snprintf(cf->why, sizeof(cf->why), "%s has nginx listen on port %ld (line %d), "
						 "below 1024", file, pn, line);
			}
			p = e - 1;
		}
		l = end ? end + 1 : NULL;
	}
}

/* A file that may be an nginx configuration: *.conf, *.template, *.j2, *.tmpl, or named nginx*. */
static int conf_name(const char *name)
{
	return str_ends(name, ".conf") || str_ends(name, ".template") || str_ends(name, ".j2") ||
	       str_ends(name, ".tmpl") || str_starts(name, "nginx");
}

static void one(const struct fix_ctx *c, struct conf *cf, const char *path, const char *shown, int depth)
{
	enum fs_type t = fs_stat(c->in->fs, path);
	if (cf->files >= FIX_NGINX_FILES || cf->why[0])
		return;
	if (t == FS_FILE && conf_name(str_basename(path))) {
		char *text = NULL;
		size_t len = 0;
		cf->files++;
		if (fs_read(c->in->fs, path, &text, &len) == 0 && len <= FIX_NGINX_FILE_MAX &&
		    !memchr(text, '\0', len) && (strstr(text, "server {") || strstr(text, "http {") ||
		    strstr(text, "events {") || strstr(text, "listen ")))
			scan(cf, text, shown);
		free(text);
	} else if (t == FS_DIR && depth <= FIX_NGINX_DEPTH) {
		char **names = NULL;
		size_t n = 0;
		if (fs_list(c->in->fs, path, &names, &n) != 0)
			return;
		for (size_t i = 0; i < n; i++) {
			char *p = path_join_norm(path, names[i]), *s = xasprintf("%s/%s", shown, names[i]);
			if (p)
				one(c, cf, p, s, depth + 1);
			free(s);
			free(p);
		}
		fs_names_free(names, n);
	}
}

/* The nginx configuration files the final chain copies from the build context. */
static void gather(const struct fix_ctx *c, struct conf *cf)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	struct dfa a;
	char *ctx, *rel;
	dfa_init(&a, c->df, c->in->path, c->in->fs, c->in->contexts, c->in->ncontexts);
	ctx = dfa_context(&a, 0);
	if (!ctx)
		ctx = str_dirname(c->in->path);
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		const char *src[16];
		struct df_span spans[16];
		size_t ns;
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || df_flag_get(in, "from"))
			continue;
		ns = dfa_copy_sources(in, src, spans, ARRAY_SIZE(src));
		for (size_t j = 0; j < ns; j++) {
			char *p;
			if (strpbrk(src[j], "*?[$") || strstr(src[j], "://"))
				continue;
			p = path_join_norm(ctx, src[j]);
			rel = p ? xstrdup(p) : NULL;
			if (p)
				one(c, cf, p, rel, 0);
			free(rel);
			free(p);
		}
	}
	free(ctx);
	dfa_free(&a);
}

char *fix_df_nginx_root(const struct fix_ctx *c)
{
	struct conf cf;
	char how[96];
	int line;
	if ((line = installs_nginx(c)) > 0)
		snprintf(how, sizeof(how), "installs nginx (line %d)", line);
	else if ((line = command_runs_nginx(c)) > 0)
		snprintf(how, sizeof(how), "runs nginx (line %d)", line);
	else
		return NULL;
	memset(&cf, 0, sizeof(cf));
	gather(c, &cf);
	if (!cf.why[0] && cf.pid_set)
		return NULL;
	return xasprintf("withheld: the image %s and %s: nginx as non-root needs every listen at 1024 or above "
			 "and its pid and temp paths where the user may write (the nginxinc/nginx-unprivileged "
			 "image is set up so); change them, then add USER", how,
			 cf.why[0] ? cf.why : "no nginx configuration it copies sets pid, so the package's or "
			 "image's own nginx.conf keeps it under root's /run");
}
