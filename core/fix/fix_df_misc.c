/*
 * fix_df_misc - WORKDIR before relative COPYs, EXPOSE of the port the app
 * evidently serves, and a HEALTHCHECK that connects to that port with a
 * runtime the image has (never a guessed HTTP path).
 */
#include "fix_df.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose.h"
#include "dfa.h"
#include "yamldoc.h"

/* Ports gathered per file at most. */
#define FIX_MAX_PORTS 16

static int absolute(const char *p)
{
	return p[0] == '/' || p[0] == '\\' || (isalpha((unsigned char)p[0]) && p[1] == ':');
}

/* Some WORKDIR in the stages `s` inherits from (itself excluded). */
static int inherited_workdir(const struct df_file *df, int s)
{
	int n = 0;
	for (int p = df->stages[s].parent; p >= 0 && n < FIX_DF_MAX_CHAIN; p = df->stages[p].parent, n++)
		for (size_t i = df->stages[p].first; i < df->stages[p].first + df->stages[p].count &&
		     i < df->ninstrs; i++)
			if (df->instrs[i].kind == DF_WORKDIR)
				return 1;
	return 0;
}

void fix_df_workdir(struct fix_ctx *c)
{
	const struct df_file *df = c->df;
	const char *dir = fix_value(c, "workdir");
	struct fix *f = NULL;
	char *root_why = NULL;
	if (!dir || !absolute(dir))
		dir = "/app";
	for (size_t s = 0; s < df->nstages; s++) {
		const struct df_stage *st = &df->stages[s];
		int wd = inherited_workdir(df, (int)s);
		for (size_t i = st->first + 1; i < st->first + st->count && i < df->ninstrs; i++) {
			const struct df_instr *in = &df->instrs[i];
			const char *raw = in->args ? in->args : "";
			struct df_span sp;
			if (in->kind == DF_WORKDIR) {
				if (!wd && *raw && !absolute(raw) && !strchr(raw, '$')) {
					if (!f)
						f = fix_new(c, ITEM_CORR_WORKDIR_BEFORE_COPY, "workdir", "set an absolute WORKDIR");
					fix_insert(f, c->in->path, in->args_span.start, "/");
				}
				wd = 1;
			} else if ((in->kind == DF_COPY || in->kind == DF_ADD) && !wd &&
				   (raw = dfa_copy_dest(in, &sp)) != NULL && !absolute(raw) && !strchr(raw, '$')) {
				/* the stage names what it copies by its path under `/` (FIX-HOLDOUT7 S2): keep `/` */
				char *why = fix_df_workdir_root(c, (int)s, i);
				if (!f)
					f = fix_new(c, ITEM_CORR_WORKDIR_BEFORE_COPY, "workdir", "set WORKDIR %s before copying",
						    why ? "/" : dir);
				fix_insert(f, c->in->path, fix_df_before(c, i), "WORKDIR %s%s", why ? "/" : dir, c->nl);
				if (why && !root_why)
					root_why = why;
				else
					free(why);
				wd = 1;
			}
		}
	}
	if (f && root_why)
		fix_set_note(f, "safe: WORKDIR / where the copies already land (%s), so nothing moves", root_why);
	free(root_why);
}

/* The port a word (with the next one) names, as corr.expose-port reads flags. */
static long port_of(const char *w, const char *next)
{
	int in_next;
	return dfa_port_of(w, next, &in_next);
}

static size_t add_port(long *ports, size_t n, long p)
{
	for (size_t i = 0; i < n; i++)
		if (ports[i] == p)
			return n;
	if (p > 0 && n < FIX_MAX_PORTS)
		ports[n++] = p;
	return n;
}

/* Ports of the effective CMD/ENTRYPOINT and of the last HEALTHCHECK's localhost URL. */
static size_t evident_ports(const struct fix_ctx *c, long *ports)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx)), np = 0;
	long eff[2] = { -1, -1 }, hc = -1;
	for (size_t k = 0; k < n; k++) {
		enum df_kind kd = c->df->instrs[idx[k]].kind;
		if (kd == DF_CMD || kd == DF_ENTRYPOINT)
			eff[kd == DF_ENTRYPOINT] = (long)idx[k];
		else if (kd == DF_HEALTHCHECK)
			hc = (long)idx[k];
	}
	for (int j = 0; j < 2; j++) {
		const struct df_instr *in = eff[j] >= 0 ? &c->df->instrs[eff[j]] : NULL;
		struct sh_script sh;
		if (in && in->json)
			for (size_t a = 0; a < in->argc; a++)
				np = add_port(ports, np, port_of(in->argv[a], a + 1 < in->argc ? in->argv[a + 1] : ""));
		else if (in && fix_df_sh(in, &sh) == 0) {
			for (size_t k = 0; k < sh.ncmds; k++)
				for (size_t w = 0; w < sh.cmds[k].nwords; w++)
					np = add_port(ports, np, port_of(sh.cmds[k].words[w].text,
						w + 1 < sh.cmds[k].nwords ? sh.cmds[k].words[w + 1].text : ""));
			sh_free(&sh);
		}
	}
	if (hc >= 0 && c->df->instrs[hc].args && !c->df->instrs[hc].hc_none) {
		static const char *const hosts[] = { "localhost:", "127.0.0.1:", "0.0.0.0:" };
		for (const char *p = c->df->instrs[hc].args; *p; p++)
			for (size_t h = 0; h < ARRAY_SIZE(hosts); h++)
				if (str_starts(p, hosts[h])) {
					char digits[8];
					size_t dl = strspn(p + strlen(hosts[h]), "0123456789");
					if (dl && dl < sizeof(digits)) {
						memcpy(digits, p + strlen(hosts[h]), dl);
						digits[dl] = '\0';
						np = add_port(ports, np, dfa_port_num(digits));
					}
				}
	}
	return np;
}

/* 1 when the final chain EXPOSEs p (a variable counts as any port); *first_expose the last EXPOSE of the final stage. */
static int exposed(const struct fix_ctx *c, long p, long *last_expose)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	int final = fix_df_final_stage(c->df), yes = 0;
	*last_expose = -1;
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		if (in->kind != DF_EXPOSE)
			continue;
		if (in->stage == final)
			*last_expose = (long)idx[k];
		for (size_t w = 0; w < in->nwords; w++) {
			const char *t = in->words[w].text;
			if (!t || strchr(t, '$'))
				return 1;
			yes |= dfa_expose_covers(t, p);
		}
	}
	return yes;
}

void fix_df_expose(struct fix_ctx *c)
{
	long ports[FIX_MAX_PORTS], last = -1;
	size_t n = evident_ports(c, ports);
	struct buf list = BUF_INIT;
	struct fix *f;
	for (size_t i = 0; i < n; i++)
		if (!exposed(c, ports[i], &last))
			buf_printf(&list, " %ld", ports[i]);
	if (list.len) {
		f = fix_new(c, ITEM_CORR_EXPOSE_PORT, "expose", "EXPOSE%s", buf_str(&list));
		if (last >= 0)
			fix_insert(f, c->in->path, c->df->instrs[last].args_span.end, "%s", buf_str(&list));
		else {
			char *line = xasprintf("EXPOSE%s%s", buf_str(&list), c->nl);
			fix_df_insert_lines(f, c, fix_df_tail(c, fix_df_final_stage(c->df), NULL), line);
			free(line);
		}
	}
	buf_free(&list);
}

/* A package installed by apt-get/apk/yum in the final chain ("curl"). */
static int installs_pkg(const struct fix_ctx *c, const char *pkg)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	int yes = 0;
	for (size_t k = 0; k < n && !yes; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		struct sh_script sh;
		if (in->kind != DF_RUN || fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++) {
			size_t first;
			if (dfa_os_install(&sh.cmds[j], &first) == DFA_PM_NONE)
				continue;
			for (size_t w = 0; w < sh.cmds[j].nwords; w++)
				yes |= strcmp(sh.cmds[j].words[w].text, pkg) == 0;
		}
		sh_free(&sh);
	}
	return yes;
}

/* The SSH port, which an app image often EXPOSEs beside its own. */
#define FIX_SSH_PORT 22

/*
 * The final chain runs an SSH server: an instruction names sshd, dropbear
 * or the openssh-server package (LibreTranslate's root-with-sshd.Dockerfile
 * makes /var/run/sshd and starts it).
 */
static int runs_ssh_server(const struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	static const char *const words[] = { "sshd", "dropbear", "openssh-server", NULL };
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		for (size_t w = 0; words[w]; w++) {
			if (in->args && strstr(in->args, words[w]))
				return 1;
			for (size_t a = 0; in->json && a < in->argc; a++)
				if (strstr(in->argv[a], words[w]))
					return 1;
		}
	}
	return 0;
}

/*
 * The port to probe: the first numeric EXPOSE of the final chain, else an
 * evident one. Port 22 only when nothing else is exposed and the image runs
 * an SSH server: LibreTranslate's user-with-api-key.Dockerfile EXPOSEs 22
 * before 5000 but has no sshd at all, so a probe on 22 always failed
 * (FIX-HOLDOUT6.md R2); beside sshd, the app's own port is what to watch.
 */
/* The final chain EXPOSEs p, and only with a protocol other than tcp (500/udp). */
static int udp_only(const struct fix_ctx *c, long p)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	int other = 0;
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		for (size_t w = 0; in->kind == DF_EXPOSE && w < in->nwords; w++) {
			const char *proto = strchr(in->words[w].text, '/');
			char *t = xstrndup(in->words[w].text, strcspn(in->words[w].text, "/-"));
			long q = dfa_port_num(t);
			free(t);
			if (q != p)
				continue;
			if (!proto || strcasecmp(proto, "/tcp") == 0)
				return 0;
			other = 1;
		}
	}
	return other;
}

static long probe_port(const struct fix_ctx *c, long *udp)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	long ports[FIX_MAX_PORTS];
	int ssh = 0;
	*udp = -1;
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		for (size_t w = 0; in->kind == DF_EXPOSE && w < in->nwords; w++) {
			const char *proto = strchr(in->words[w].text, '/');
			char *t = xstrndup(in->words[w].text, strcspn(in->words[w].text, "/-"));
			long p = dfa_port_num(t);
			free(t);
			/*
			 * a port EXPOSEd as /udp (or /sctp) takes no TCP connection:
			 * docker-ipsec-vpn-server's `EXPOSE 500/udp 4500/udp` got a probe
			 * of TCP 500 that nothing ever accepts (FIX-HOLDOUT8.md R1)
			 */
			if (proto && strcasecmp(proto, "/tcp") != 0) {
				if (p > 0 && *udp < 0)
					*udp = p;
				continue;
			}
			if (p == FIX_SSH_PORT)
				ssh = 1;
			else if (p > 0)
				return p;
		}
	}
	if (ssh && runs_ssh_server(c))
		return FIX_SSH_PORT;
	n = evident_ports(c, ports);
	for (size_t i = 0; i < n; i++)
		if (ports[i] != FIX_SSH_PORT && !udp_only(c, ports[i]))
			return ports[i];
	return -1;
}

/* A server's own default port (uvicorn 8000, flask run 5000, ...), from two words of its command. */
static long server_port(const char *w, const char *next)
{
	static const struct { const char *cmd, *next; long port; } known[] = {
		{ "uvicorn", NULL, 8000 }, { "gunicorn", NULL, 8000 }, { "hypercorn", NULL, 8000 },
		{ "daphne", NULL, 8000 }, { "waitress-serve", NULL, 8080 }, { "flask", "run", 5000 },
		{ "manage.py", "runserver", 8000 }, { "-m", "http.server", 8000 }, { "rails", "server", 3000 },
		{ "nginx", NULL, 80 }, { "httpd-foreground", NULL, 80 }, { "apache2-foreground", NULL, 80 },
	};
	const char *b = str_basename(w);
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(b, known[i].cmd) && (!known[i].next || !strcmp(next, known[i].next)))
			return known[i].port;
	return -1;
}

/* With no EXPOSE at all: the default port of the server the image runs, or -1. */
static long default_port(const struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	long eff[2] = { -1, -1 }, port = -1;
	const char *ref = fix_df_final_image(c->df);
	for (size_t k = 0; k < n; k++) {
		enum df_kind kd = c->df->instrs[idx[k]].kind;
		if (kd == DF_EXPOSE)
			return -1;
		if (kd == DF_CMD || kd == DF_ENTRYPOINT)
			eff[kd == DF_ENTRYPOINT] = (long)idx[k];
	}
	for (int j = 0; j < 2 && port < 0; j++) {
		const struct df_instr *in = eff[j] >= 0 ? &c->df->instrs[eff[j]] : NULL;
		struct sh_script sh;
		if (in && in->json)
			for (size_t a = 0; a < in->argc && port < 0; a++)
				port = server_port(in->argv[a], a + 1 < in->argc ? in->argv[a + 1] : "");
		else if (in && fix_df_sh(in, &sh) == 0) {
			for (size_t k = 0; k < sh.ncmds && port < 0; k++)
				for (size_t w = 0; w < sh.cmds[k].nwords && port < 0; w++)
					port = server_port(sh.cmds[k].words[w].text,
						w + 1 < sh.cmds[k].nwords ? sh.cmds[k].words[w + 1].text : "");
			sh_free(&sh);
		}
	}
	if (port < 0 && ref && eff[0] < 0 && eff[1] < 0) {
		struct dfa_image img;
		dfa_image_parse(&img, ref);
		if (img.path && (dfa_image_is(&img, "nginx") || dfa_image_is(&img, "httpd") || dfa_image_is(&img, "caddy")))
			port = 80;
		dfa_image_free(&img);
	}
	return port;
}

/*
 * The image runs the web server whose configuration it may copy: its base is
 * nginx, httpd or caddy (or an apache/nginx variant of another image, such
 * as php:8.2-apache), or its CMD/ENTRYPOINT names one. Only then does a
 * copied configuration speak over an EXPOSEd port.
 */
static int runs_web_server(const struct fix_ctx *c)
{
	static const char *const servers[] = { "nginx", "apache2-foreground", "httpd-foreground", "httpd", "apache2",
					       "apachectl", "caddy", NULL };
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	const char *ref = fix_df_final_image(c->df);
	struct dfa_image img;
	int yes = 0;
	if (ref) {
		dfa_image_parse(&img, ref);
		yes = img.path && (dfa_image_is(&img, "nginx") || dfa_image_is(&img, "httpd") ||
				   dfa_image_is(&img, "caddy") || dfa_tag_has(&img, "apache") || dfa_tag_has(&img, "nginx"));
		dfa_image_free(&img);
	}
	for (size_t k = 0; k < n && !yes; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		if (in->kind != DF_CMD && in->kind != DF_ENTRYPOINT)
			continue;
		for (size_t a = 0; in->json && a < in->argc && !yes; a++)
			for (size_t i = 0; servers[i] && !yes; i++)
				yes = !strcmp(str_basename(in->argv[a]), servers[i]);
		if (!in->json && in->args)
			yes = str_has_word(in->args, " \t/;&|\"'", servers);
	}
	return yes;
}

/* The chain sets PORT (ENV or ARG in the final chain): the probe reads it at run time. */
static int sets_port(const struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		for (size_t p = 0; in->kind == DF_ENV && p < in->npairs; p++)
			if (strcmp(in->pairs[p].key, "PORT") == 0)
				return 1;
	}
	return 0;
}

/* A program the command runs, by its base name `b`: its runtime into *found and *which. */
static void runtime_of(const char *b, const char **found, const char **which)
{
	static const char *const py[] = { "python", "python3", "gunicorn", "uvicorn", "hypercorn", "daphne",
					  "waitress-serve", "flask", "celery", NULL };
	static const char *const js[] = { "node", "npm", "yarn", "pnpm", "npx", NULL };
	for (size_t i = 0; py[i]; i++)
		if (strcmp(b, py[i]) == 0)
			*found = "python", *which = strcmp(b, "python") == 0 ? "python" : "python3";
	for (size_t i = 0; js[i]; i++)
		if (strcmp(b, js[i]) == 0)
			*found = "node", *which = "node";
}

/* The runtime the effective ENTRYPOINT/CMD runs ("python3", "node"), or NULL (static). */
static const char *cmd_runtime(const struct fix_ctx *c, const char **which)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	const char *found = NULL;
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		struct sh_script sh;
		if (in->kind != DF_CMD && in->kind != DF_ENTRYPOINT)
			continue;
		for (size_t a = 0; in->json && a < in->argc; a++)
			runtime_of(str_basename(in->argv[a]), &found, which);
		if (!in->json && fix_df_sh(in, &sh) == 0) {
			for (size_t j = 0; j < sh.ncmds; j++)
				runtime_of(sh_cmd_name(&sh.cmds[j]) ? str_basename(sh_cmd_name(&sh.cmds[j])) : "", &found, which);
			sh_free(&sh);
		}
	}
	return found;
}

/*
 * A TCP connection probe (CHECKLIST.md "Fixes": never a guessed HTTP path)
 * in a runtime or tool the image evidently has (malloc'd), NULL when berth
 * knows none. `env_port`: read $PORT at run time, `port` its default.
 */
static char *probe_cmd(const struct fix_ctx *c, long port, int env_port, const char **how)
{
	const char *ref = fix_df_final_image(c->df), *which = NULL, *rt = cmd_runtime(c, &which);
	int tools = ref ? fix_image_tools(c->in->cfg, ref) : -1;
	/*
	 * The runtime's own probes in exec form: an image that runs python or node
	 * need not have a shell (distroless, growthbook's dhi.io/node:
	 * FIX-HOLDOUT4.md R3), and these read $PORT themselves.
	 */
	if (rt && strcmp(rt, "python") == 0 && !strpbrk(which, "\"\\")) {
		*how = "the python the CMD runs";
		if (env_port)
			return xasprintf("[\"%s\", \"-c\", \"import os, socket; socket.create_connection(('127.0.0.1', "
					 "int(os.environ.get('PORT', '%ld'))), 4).close()\"]", which, port);
		return xasprintf("[\"%s\", \"-c\", \"import socket; socket.create_connection(('127.0.0.1', %ld), 4)"
				 ".close()\"]", which, port);
	}
	if (rt && strcmp(rt, "node") == 0) {
		*how = "the node the CMD runs";
		if (env_port)
			return xasprintf("[\"node\", \"-e\", \"require('net').connect(process.env.PORT || %ld, '127.0.0.1')"
					 ".on('connect', () => process.exit(0)).on('error', () => process.exit(1))\"]", port);
		return xasprintf("[\"node\", \"-e\", \"require('net').connect(%ld, '127.0.0.1')"
				 ".on('connect', () => process.exit(0)).on('error', () => process.exit(1))\"]", port);
	}
	if ((tools >= 0 && (tools & FIX_TOOL_NC)) || installs_pkg(c, "netcat-openbsd") ||
	    installs_pkg(c, "netcat-traditional") || installs_pkg(c, "netcat")) {
		*how = "nc, which the image has";
		return env_port ? xasprintf("nc -z 127.0.0.1 \"${PORT:-%ld}\" || exit 1", port)
				: xasprintf("nc -z 127.0.0.1 %ld || exit 1", port);
	}
	if ((tools >= 0 && (tools & FIX_TOOL_BASH)) || installs_pkg(c, "bash")) {
		*how = "bash's /dev/tcp (bash is in the image)";
		return env_port ? xasprintf("bash -c 'exec 3<>/dev/tcp/127.0.0.1/${PORT:-%ld}' || exit 1", port)
				: xasprintf("bash -c 'exec 3<>/dev/tcp/127.0.0.1/%ld' || exit 1", port);
	}
	return NULL;
}

/*
 * sec.healthcheck's precondition (FIX-REVIEW.md R4): one image, several
 * roles. A script named for another role (cron, a queue worker, a
 * scheduler) copied into the image, or the Compose services, build targets
 * and documented runs fix_df_health_roles reads (fix_df_roles.c), say the
 * image also runs without serving: a HEALTHCHECK baked in marks those
 * containers unhealthy for ever (and swarm restarts them). Why (malloc'd), or NULL.
 */
static const char *const role_words[] = { "cron", "crond", "crontab", "queue", "worker", "workers", "scheduler",
					   "beat", NULL };

static char *role_script(const struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		const char *src[16];
		struct df_span spans[16];
		size_t ns;
		if (in->kind != DF_COPY && in->kind != DF_ADD)
			continue;
		ns = dfa_copy_sources(in, src, spans, ARRAY_SIZE(src));
		for (size_t j = 0; j < ns; j++)
			if (str_has_word(str_basename(src[j]), "-_.", role_words))
				return xasprintf("withheld: line %d copies %s into the image, so it also runs as "
						 "another role (cron, a queue worker) that serves no port: a HEALTHCHECK "
						 "in the image would mark those containers unhealthy; add a healthcheck "
						 "to the serving Compose service instead", in->line, str_basename(src[j]));
	}
	return NULL;
}

static char *withhold_healthcheck(const struct fix_ctx *c)
{
	char *why = role_script(c);
	return why ? why : fix_df_health_roles(c);
}

void fix_df_healthcheck(struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	long udp, port = probe_port(c, &udp), dflt = -1;
	char *cmd, *ind, *lines;
	const char *how = NULL;
	char dport[24] = "";    /* the default port in decimal (generators run on several threads: no static buffer) */
	int env_port = sets_port(c), from_facts = 0;
	long exposed = -1;      /* the EXPOSEd port a copied configuration overrode */
	char *own = NULL;       /* the repository's own probe the port comes from */
	char *conf = NULL;      /* the copied server configuration the port comes from */
	struct fix *f;
	char *held;
	for (size_t k = 0; k < n; k++)
		if (c->df->instrs[idx[k]].kind == DF_HEALTHCHECK)
			return;
	/*
	 * The facts were read for other versions of the base image (mariadb:10.2
	 * lacks the health user of 10.4.30+: FIX-HOLDOUT7.md R2): its health
	 * command, port and tools are unknown, and a guess would be the newer one's.
	 */
	if ((held = fix_image_out_of_range(c->in->cfg, fix_df_final_image(c->df))) != NULL) {
		fix_new_withheld(c, ITEM_SEC_HEALTHCHECK, "healthcheck", "add a HEALTHCHECK",
				 "withheld: berth's facts about %s hold for the versions %s and later lines only, "
				 "so its health command for this version is unknown: add HEALTHCHECK with the "
				 "command that version documents", fix_df_final_image(c->df), held);
		free(held);
		return;
	}
	/* the base image documents its own health command: no port or probe to guess */
	if (fix_df_final_image(c->df) && (cmd = fix_image_health(c->in->cfg, fix_df_final_image(c->df))) != NULL) {
		if ((held = withhold_healthcheck(c)) != NULL) {
			fix_new_withheld(c, ITEM_SEC_HEALTHCHECK, "healthcheck", "add a HEALTHCHECK", "%s", held);
			free(held);
			free(cmd);
			return;
		}
		ind = fix_df_indent(c);
		lines = xasprintf("HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 %c%s%sCMD %s%s",
				  c->df->escape, c->nl, ind, cmd, c->nl);
		f = fix_new(c, ITEM_SEC_HEALTHCHECK, "healthcheck", "add the base image's documented HEALTHCHECK");
		fix_set_note(f, "review: %s, the health command the image facts give for %s; check the app runs "
			     "as that image's own service does", cmd, fix_df_final_image(c->df));
		fix_df_insert_lines(f, c, fix_df_tail(c, fix_df_final_stage(c->df), NULL), lines);
		free(lines);
		free(ind);
		free(cmd);
		return;
	}
	if (port < 0 && udp > 0) {
		fix_new_withheld(c, ITEM_SEC_HEALTHCHECK, "healthcheck", "add a HEALTHCHECK",
				 "withheld: the image EXPOSEs port %ld for UDP only (no TCP port), and a TCP "
				 "connection probe would never succeed: add HEALTHCHECK with the app's own "
				 "health command", udp);
		return;
	}
	if (port < 0 && fix_df_final_image(c->df) && fix_image_port(c->in->cfg, fix_df_final_image(c->df)) > 0)
		port = fix_image_port(c->in->cfg, fix_df_final_image(c->df)), from_facts = 1;
	if (port < 0)
		port = dflt = default_port(c);
	/*
	 * The facts' or the server's default port holds while the image's own
	 * configuration does. An EXPOSEd port yields to the listen port of a
	 * server configuration the Dockerfile copies and berth reads, in an image
	 * that runs that server (Dolibarr's certbot nginx EXPOSEs 8080, its
	 * copied default.conf listens on 80 and 443: FIX-HOLDOUT10.md R3); a
	 * configuration berth cannot read leaves it.
	 */
	if (port > 0 && (dflt > 0 || from_facts || runs_web_server(c))) {
		char *why = NULL;
		long p = fix_df_config_port(c, port, &why, &conf);
		if (p < 0 && (dflt > 0 || from_facts)) {
			fix_new_withheld(c, ITEM_SEC_HEALTHCHECK, "healthcheck", "add a HEALTHCHECK", "%s", why);
			free(why);
			return;
		}
		free(why);
		if (p > 0 && p != port && dflt < 0 && !from_facts)
			exposed = port;
		if (p > 0 && p != port)
			port = p, dflt = -1;
	}
	if (port < 0) {
		fix_new_withheld(c, ITEM_SEC_HEALTHCHECK, "healthcheck", "add a HEALTHCHECK",
				 "withheld: berth knows no port the app listens on: add HEALTHCHECK with the "
				 "app's own health command");
		return;
	}
	if (!(cmd = probe_cmd(c, port, env_port, &how))) {
		free(conf);
		fix_new_withheld(c, ITEM_SEC_HEALTHCHECK, "healthcheck", "add a HEALTHCHECK",
				 "withheld: berth knows no runtime or tool in the image to probe port %ld with "
				 "(python, node, nc, bash): add HEALTHCHECK with the app's own health command", port);
		return;
	}
	/* read last (it may read Compose files): only when a fix would be made */
	if ((held = withhold_healthcheck(c)) != NULL) {
		fix_new_withheld(c, ITEM_SEC_HEALTHCHECK, "healthcheck", "add a HEALTHCHECK", "%s", held);
		free(held);
		free(cmd);
		free(conf);
		return;
	}
	/* the repository's own healthcheck of the image probes another port (FIX-HOLDOUT10.md R2) */
	{
		long p = fix_df_own_probe(c, port, &own);
		if (p < 0) {
			fix_new_withheld(c, ITEM_SEC_HEALTHCHECK, "healthcheck", "add a HEALTHCHECK", "%s", own);
			free(own);
			free(cmd);
			free(conf);
			return;
		}
		if (p != port) {
			port = p, dflt = -1, exposed = -1;
			free(conf);
			conf = NULL;
			free(cmd);
			if (!(cmd = probe_cmd(c, port, env_port, &how))) {
				fix_new_withheld(c, ITEM_SEC_HEALTHCHECK, "healthcheck", "add a HEALTHCHECK",
						 "withheld: %s, and berth knows no runtime or tool in the image to probe it "
						 "with: add HEALTHCHECK with that probe", own);
				free(own);
				return;
			}
		} else {
			free(own);
			own = NULL;
		}
	}
	if (dflt > 0)
		snprintf(dport, sizeof(dport), "%ld", dflt);
	ind = fix_df_indent(c);
	/* a server's default port is EXPOSEd with it: the probe makes the port evident */
	lines = xasprintf("%s%s%sHEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 %c%s%sCMD %s%s",
			  dflt > 0 ? "EXPOSE " : "", dport, dflt > 0 ? c->nl : "",
			  c->df->escape, c->nl, ind, cmd, c->nl);
	f = fix_new(c, ITEM_SEC_HEALTHCHECK, "healthcheck", "add a HEALTHCHECK probing port %ld", port);
	if (exposed > 0)
		snprintf(dport, sizeof(dport), "%ld", exposed);
	fix_set_note(f, "review: a TCP connection to port %s%ld%s%s%s%s%s%s%s%s%s%s with %s; it shows the server "
		     "listens, not that the app is healthy: a health endpoint is better", env_port ? "$PORT (default " : "",
		     port, env_port ? ")" : "", dflt > 0 ? " (the server's default port)" : "",
		     conf ? " (the listen port of the copied " : "", conf ? conf : "",
		     exposed > 0 ? ", not the EXPOSEd " : "", exposed > 0 ? dport : "", conf ? ")" : "",
		     own ? " (" : "", own ? own : "", own ? ")" : "", how);
	fix_df_insert_lines(f, c, fix_df_tail(c, fix_df_final_stage(c->df), NULL), lines);
	free(lines);
	free(ind);
	free(cmd);
	free(conf);
	free(own);
}

