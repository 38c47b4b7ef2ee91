/*
 * fix_df_listen - the port a web server listens on once the Dockerfile has
 * copied its own configuration over the image's (sec.healthcheck).
 *
 * The image facts' port (nginx 80) holds only while the image's own server
 * configuration is in force: CKAN's nginx copies a conf.d/default.conf whose
 * `listen 80;` is commented out and which listens on 443 only, and a probe
 * of 80 kept the container unhealthy for ever (FIX-HOLDOUT8.md R2). The
 * copied files' active `listen` (nginx) and `Listen` (Apache) lines say the
 * port; a TCP connection probe needs no TLS, so `listen 443 ssl` is a port.
 */
#include "fix_df.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dfa.h"

/* Bytes read per copied configuration file (a real one is a few KiB). */
#define FIX_LISTEN_FILE_MAX (256 * 1024)
/* Files read per copied folder, and ports gathered, at most. */
#define FIX_LISTEN_DIR_FILES 64
#define FIX_LISTEN_MAX_PORTS 16

enum server { SRV_NONE, SRV_NGINX, SRV_APACHE, SRV_CADDY };

/* The server whose configuration the image path `p` is (prefixes of the official images and distro packages). */
static enum server server_of(const char *p)
{
	if (str_starts(p, "/etc/nginx/") || !strcmp(p, "/etc/nginx"))
		return SRV_NGINX;
	if (str_starts(p, "/etc/apache2/") || !strcmp(p, "/etc/apache2") || str_starts(p, "/usr/local/apache2/conf/") ||
	    !strcmp(p, "/usr/local/apache2/conf") || str_starts(p, "/etc/httpd/"))
		return SRV_APACHE;
	if (str_starts(p, "/etc/caddy/") || !strcmp(p, "/etc/caddy"))
		return SRV_CADDY;
	return SRV_NONE;
}

/* A file at image path `p` the server reads for its listening sockets. */
static int config_file(enum server sv, const char *p)
{
	const char *b = str_basename(p);
	if (sv == SRV_CADDY)
		return 1;
	if (sv == SRV_NGINX)
		return str_ends(b, ".conf") || str_ends(b, ".template") || strstr(p, "/sites-enabled/") != NULL;
	return str_ends(b, ".conf");
}

struct listen {
	long ports[FIX_LISTEN_MAX_PORTS];
	size_t n;
	int files;              /* configuration files copied */
	int unread;             /* ... that berth could not read (another stage, a download, missing) */
	int variable;           /* a listen line whose port is a variable */
	int main_file;          /* nginx.conf, conf.d/default.conf, ports.conf, httpd.conf replaced */
	int caddy;              /* a Caddyfile copied: its site addresses are not read */
	char where[128];        /* the first file with a port, for the note */
};

/* The port of a listen argument: 80, [::]:80, 0.0.0.0:8080, *:80; -1 a unix socket; -2 a variable. */
static long listen_port(const char *w, size_t len)
{
	char buf[64];
	const char *colon;
	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, w, len);
	buf[len] = '\0';
	if (strchr(buf, '$'))
		return -2;
	if (str_starts(buf, "unix:"))
		return -1;
	colon = strrchr(buf, ':');
	if (colon && !strchr(colon, ']'))
		return dfa_port_num(colon + 1);
	if (strspn(buf, "0123456789") == len)
		return dfa_port_num(buf);
	return -1;      /* a host alone (nginx: port 80) is rare enough to leave to the person */
}

static void add(struct listen *l, long p, const char *file)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->ports[i] == p)
			return;
	if (l->n < FIX_LISTEN_MAX_PORTS)
		l->ports[l->n++] = p;
	if (!l->where[0])
		snprintf(l->where, sizeof(l->where), "%s", file);
}

/* The active `listen`/`Listen` lines of one file (comments after `#` ignored). */
static void scan_text(struct listen *l, enum server sv, const char *text, const char *file)
{
	const char *kw = sv == SRV_NGINX ? "listen" : "Listen";
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n'), *p = line, *e;
		size_t ll = end ? (size_t)(end - line) : strlen(line);
		while (p < line + ll && (*p == ' ' || *p == '\t'))
			p++;
		/* nginx may put a directive after `{` or `;` on the line: take each statement */
		for (; p < line + ll && *p != '#'; p++) {
			if ((p == line || strchr(" \t{;", p[-1])) && !strncasecmp(p, kw, strlen(kw)) &&
			    (p[strlen(kw)] == ' ' || p[strlen(kw)] == '\t')) {
				long port;
				p += strlen(kw);
				while (*p == ' ' || *p == '\t')
					p++;
				e = p;
				while (e < line + ll && !strchr(" \t;#", *e))
					e++;
				port = listen_port(p, (size_t)(e - p));
				if (port > 0)
					add(l, port, file);
				else if (port == -2)
					l->variable = 1;
				p = e - 1;
			}
		}
		line = end ? end + 1 : NULL;
	}
}

static int is_main(enum server sv, const char *p)
{
	const char *b = str_basename(p);
	if (sv == SRV_NGINX)
		return !strcmp(b, "nginx.conf") || !strcmp(p, "/etc/nginx/conf.d/default.conf") ||
		       !strcmp(p, "/etc/nginx/templates/default.conf.template");
	return !strcmp(b, "ports.conf") || !strcmp(b, "httpd.conf") || !strcmp(b, "apache2.conf");
}

/* One file copied to image path `img` from context path `rel` (NULL: not from the context). */
static void one_file(const struct fix_ctx *c, const char *ctx, struct listen *l, const char *img, const char *rel)
{
	enum server sv = server_of(img);
	char *text;
	if (sv == SRV_NONE || !config_file(sv, img))
		return;
	l->files++;
	if (sv == SRV_CADDY) {
		l->caddy = 1;
		return;
	}
	l->main_file |= is_main(sv, img);
	if (!rel || !(text = fix_df_read_context(c, ctx, rel, FIX_LISTEN_FILE_MAX))) {
		l->unread++;
		return;
	}
	scan_text(l, sv, text, rel);
	free(text);
}

/* A folder of the context copied to `img` (its files, one level, and conf.d-like subfolders' files). */
static void one_dir(const struct fix_ctx *c, const char *ctx, struct listen *l, const char *img, const char *rel,
		    int depth)
{
	char **names = NULL, *dir = path_join_norm(ctx, rel);
	size_t n = 0;
	if (!dir || fs_list(c->in->fs, dir, &names, &n) != 0) {
		free(dir);
		return;
	}
	for (size_t i = 0; i < n && i < FIX_LISTEN_DIR_FILES; i++) {
		char *ip = xasprintf("%s/%s", img, names[i]), *rp = xasprintf("%s/%s", rel, names[i]);
		char *full = path_join_norm(dir, names[i]);
		enum fs_type t = full ? fs_stat(c->in->fs, full) : FS_MISSING;
		if (t == FS_DIR && depth < 1)
			one_dir(c, ctx, l, ip, rp, depth + 1);
		else if (t == FS_FILE)
			one_file(c, ctx, l, ip, rp);
		free(full);
		free(ip);
		free(rp);
	}
	fs_names_free(names, n);
	free(dir);
}

/*
 * `COPY *.conf /etc/nginx/conf.d/`: the context's files the glob in the
 * last part of `src` matches (a glob in a folder part is left unread: a limit).
 */
static void glob_files(const struct fix_ctx *c, const char *ctx, struct listen *l, const char *img, const char *src)
{
	char *sd = str_dirname(src), *dir, **names = NULL;
	size_t n = 0;
	int hit = 0;
	if (!strcmp(sd, "."))
		sd[0] = '\0';
	if (strpbrk(sd, "*?[") || !(dir = path_join_norm(ctx, sd))) {
		l->files++;
		l->unread++;
		free(sd);
		return;
	}
	if (fs_list(c->in->fs, dir, &names, &n) == 0)
		for (size_t i = 0; i < n && i < FIX_LISTEN_DIR_FILES; i++) {
			char *full = path_join_norm(dir, names[i]), *ip, *rp;
			if (fnmatch(str_basename(src), names[i], FNM_PERIOD) != 0 || !full ||
			    fs_stat(c->in->fs, full) != FS_FILE) {
				free(full);
				continue;
			}
			ip = xasprintf("%s/%s", img, names[i]);
			rp = *sd ? xasprintf("%s/%s", sd, names[i]) : xstrdup(names[i]);
			one_file(c, ctx, l, ip, rp);
			hit = 1;
			free(rp);
			free(ip);
			free(full);
		}
	fs_names_free(names, n);
	if (!hit && server_of(img) != SRV_NONE) {
		l->files++;     /* nothing of the repository matches: what the build copies is unknown */
		l->unread++;
	}
	free(dir);
	free(sd);
}

static char *trim_slash(char *s)
{
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

/*
 * The WORKDIR in force before chain instruction k (idx[k]), as an image path
 * without its leading '/' ("" the root), malloc'd; NULL when the chain sets
 * none before it (the base image's own is unknown) or a variable in it
 * cannot be resolved.
 */
static char *workdir_at(const struct fix_ctx *c, struct dfa *a, const size_t *idx, size_t k)
{
	char *wd = NULL;
	for (size_t j = 0; j < k; j++) {
		const struct df_instr *in = &c->df->instrs[idx[j]];
		int unresolved = 0;
		char *w, *next;
		if (in->kind != DF_WORKDIR || !in->nwords)
			continue;
		w = dfa_expand(a, idx[j], in->words[0].text, &unresolved);
		next = unresolved ? NULL : w[0] == '/' ? path_join_norm("", w + 1) : wd ? path_join_norm(wd, w) : NULL;
		free(w);
		free(wd);
		wd = next;
	}
	return wd;
}

/*
 * A COPY/ADD destination as an absolute image path (malloc'd), a relative
 * one resolved against the WORKDIR: Dolibarr's certbot example copies its
 * server config with `WORKDIR /etc/nginx` + `COPY ./nginx/nginx.conf
 * ./conf.d/default.conf` (FIX-HOLDOUT10.md R3). NULL when unknown.
 */
static char *absolute_dest(const struct fix_ctx *c, struct dfa *a, const size_t *idx, size_t k, const char *dest)
{
	int unresolved = 0;
	char *d = dfa_expand(a, idx[k], dest, &unresolved), *wd, *j, *out;
	if (unresolved || d[0] == '/') {
		if (unresolved) {
			free(d);
			return NULL;
		}
		return d;
	}
	wd = workdir_at(c, a, idx, k);
	j = wd ? path_join_norm(wd, d) : NULL;
	out = j ? xasprintf("/%s%s", j, str_ends(d, "/") || !strcmp(d, ".") ? "/" : "") : NULL;
	free(j);
	free(wd);
	free(d);
	return out;
}

static void gather(const struct fix_ctx *c, struct listen *l)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	struct dfa a;
	char *ctx;
	dfa_init(&a, c->df, c->in->path, c->in->fs, c->in->contexts, c->in->ncontexts);
	ctx = dfa_context(&a, 0);
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		const char *src[16], *dest;
		struct df_span spans[16], dsp;
		size_t ns;
		int into, other;
		char *d;
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || !(dest = dfa_copy_dest(in, &dsp)))
			continue;
		if (!(d = absolute_dest(c, &a, idx, k, dest)))
			continue;       /* an unknown destination (or relative with no WORKDIR known): left unread (a limit) */
		ns = dfa_copy_sources(in, src, spans, ARRAY_SIZE(src));
		/* `COPY default.conf /etc/nginx/conf.d`: the folder the image has, so into it */
		into = ns > 1 || str_ends(d, "/");
		into |= !strchr(str_basename(trim_slash(d)), '.');
		other = df_flag_get(in, "from") != NULL;
		for (size_t j = 0; j < ns; j++) {
			const char *s = src[j];
			char *cs, *img;
			int url = strstr(s, "://") != NULL;
			while (str_starts(s, "./"))
				s += 2;
			if (server_of(d) == SRV_NONE)
				break;  /* only copies into a server's configuration folder (not `COPY etc/ /etc/`: a limit) */
			if (!other && !url && !strchr(s, '$') && strpbrk(str_basename(s), "*?[")) {
				glob_files(c, ctx, l, d, s);
				continue;
			}
			cs = other || url || strchr(s, '$') || strpbrk(s, "*?[") ? NULL : path_join_norm(ctx, s);
			if (cs && fs_stat(c->in->fs, cs) == FS_DIR) {
				one_dir(c, ctx, l, d, *s ? s : ".", 0);
			} else {
				img = into ? xasprintf("%s/%s", d, str_basename(s)) : xstrdup(d);
				/* a folder from another stage or a download: its files are unknown */
				if (!cs && server_of(img) != SRV_NONE && !strchr(str_basename(s), '.')) {
					l->files++;
					l->unread++;
				} else
					one_file(c, ctx, l, img, cs ? s : NULL);
				free(img);
			}
			free(cs);
		}
		free(d);
	}
	free(ctx);
	dfa_free(&a);
}

long fix_df_config_port(const struct fix_ctx *c, long port, char **why, char **from)
{
	struct listen l;
	*why = NULL;
	*from = NULL;
	memset(&l, 0, sizeof(l));
	gather(c, &l);
	if (!l.files)
		return port;
	if (l.caddy) {
		*why = xasprintf("withheld: the Dockerfile copies its own Caddyfile, and berth does not read the "
				 "ports of its site addresses: add HEALTHCHECK with the port it serves");
		return -1;
	}
	for (size_t i = 0; i < l.n; i++)
		if (l.ports[i] == port)
			return port;    /* the copied configuration listens on the image's port too */
	if (l.unread) {
		*why = xasprintf("withheld: the Dockerfile copies a server configuration berth cannot read (from "
				 "another stage, a download, or a file not in the repository), so the port it listens on is unknown: add "
				 "HEALTHCHECK with the port it serves");
		return -1;
	}
	if (l.n) {
		*from = xstrdup(l.where);
		return l.ports[0];
	}
	if (l.variable) {
		*why = xasprintf("withheld: the copied server configuration listens on a port set by a variable: "
				 "add HEALTHCHECK with the port it serves");
		return -1;
	}
	if (l.main_file) {
		*why = xasprintf("withheld: the Dockerfile replaces the server's main configuration, and berth "
				 "finds no listen port in it: add HEALTHCHECK with the port it serves");
		return -1;
	}
	return port;    /* files beside the image's own (conf.d/app.conf, a VirtualHost): its port stays */
}
