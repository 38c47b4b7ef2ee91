/*
 * check_corr_cmd - what the image runs: corr.production-cmd,
 * corr.expose-port, and the "network service" and "known port" facts that
 * sec.healthcheck needs (CHECKLIST.md Terms).
 */
#include "dfa.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check_facts.h"
#include "util.h"

/* Highest TCP/UDP port. */

/* Word w of command c with the next one (for two-word patterns); "" past the end. */
static const char *word_at(const struct sh_cmd *c, size_t w)
{
	return w < c->nwords && c->words[w].text ? c->words[w].text : "";
}

/* ---- ports ---- */

/* 1 when the final chain EXPOSEs port p (a variable counts as any port); *any set when there is an EXPOSE. */
static int exposed(const struct dfa *a, long p, int *any)
{
	*any = 0;
	for (size_t k = 0; k < a->nchain_instrs; k++) {
		const struct df_instr *in = &a->df->instrs[a->chain_instrs[k]];
		if (in->kind != DF_EXPOSE)
			continue;
		*any = 1;
		for (size_t w = 0; w < in->nwords; w++)
			if (dfa_expose_covers(in->words[w].text, p))
				return 1;
	}
	return 0;
}

static void check_expose(struct audit *au, const struct dfa *a)
{
	const struct dfa_port *ports = a->ports;
	size_t n = a->nports;
	int any;
	exposed(a, 0, &any);
	if (!any && !n)
		return;
	audit_applies(au, ITEM_CORR_EXPOSE_PORT);
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t k = 0; k < i; k++)
			dup |= ports[k].n == ports[i].n;
		if (!dup && !exposed(a, ports[i].n, &any))
			audit_add(au, ITEM_CORR_EXPOSE_PORT, SEV_WARNING, "port-not-exposed", ports[i].start, ports[i].end,
				  FIX_AUTO, "the app serves port %ld but the image does not EXPOSE it; add EXPOSE %ld",
				  ports[i].n, ports[i].n);
	}
}

int check_known_port(const struct dfa *a)
{
	int any, known;
	known = a->nports > 0;
	for (size_t k = 0; k < a->nchain_instrs && !known; k++) {
		const struct df_instr *in = &a->df->instrs[a->chain_instrs[k]];
		for (size_t w = 0; in->kind == DF_EXPOSE && w < in->nwords && !known; w++)
			known = in->words[w].text && isdigit((unsigned char)in->words[w].text[0]);
	}
	(void)any;
	return known;
}

/* ---- network service ---- */

static int server_word(const struct sh_cmd *c, size_t w)
{
	static const char *const servers[] = { "uvicorn", "gunicorn", "hypercorn", "daphne", "waitress-serve",
		"nginx", "httpd", "httpd-foreground", "apache2", "apache2-foreground", "caddy", "puma",
		"unicorn", NULL };
	const char *t = str_basename(word_at(c, w)), *next = word_at(c, w + 1);
	for (const char *const *s = servers; *s; s++)
		if (!strcmp(t, *s))
			return 1;
	return str_starts(t, "php-fpm") || (!strcmp(t, "flask") && !strcmp(next, "run")) ||
	       (str_ends(t, "manage.py") && !strcmp(next, "runserver")) ||
	       (!strcmp(t, "-m") && !strcmp(next, "http.server")) ||
	       (!strcmp(t, "rails") && (!strcmp(next, "server") || !strcmp(next, "s"))) ||
	       (!strcmp(t, "npm") && !strcmp(next, "start")) || (!strcmp(t, "ng") && !strcmp(next, "serve"));
}

static int runs_server(const struct dfa_effective *e)
{
	for (int j = 0; j < 2; j++)
		for (size_t c = 0; e->ok[j] && c < e->s[j].sh.ncmds; c++)
			for (size_t w = e->s[j].sh.cmds[c].nassign; w < e->s[j].sh.cmds[c].nwords; w++)
				if (server_word(&e->s[j].sh.cmds[c], w))
					return 1;
	return 0;
}

/* 1 when the image facts give `img` a port it listens on; no or unknown: 0. */
static int image_has_port(const struct audit *au, const struct dfa_image *img)
{
	char ref[CHECK_FACTS_REF_MAX];
	return facts_port(au->cfg, check_facts_ref(img, ref, sizeof(ref)), NULL) == FACT_YES;
}

/*
 * Generic servers by name: the last component of the image's name is one of
 * these, or one of these followed by one of generic_suffixes. A Dockerfile
 * on such a base brings the application (the site, the config, the PHP code),
 * so the image is the project's service even as a thin layer. Any other image
 * named after a server (nginxproxy/nginx-proxy) is an application of its own.
 */
static const char *const server_names[] = { "nginx", "httpd", "caddy", "traefik", "haproxy", "envoy", "tomcat",
	"jetty", NULL };
/* What may follow a generic server's name and keep it generic (nginxinc/nginx-unprivileged, envoy-alpine). */
static const char *const generic_suffixes[] = { "", "-unprivileged", "-alpine", NULL };

enum server_kind { SERVER_NONE, SERVER_GENERIC, SERVER_APP, SERVER_FACTS };

/*
 * Why the final image is a server: SERVER_GENERIC (a generic server by name,
 * or php with an apache/fpm tag), SERVER_APP (named after a server but an
 * application of its own: nginxproxy/nginx-proxy), SERVER_FACTS (only the
 * image facts give it a port: nextcloud, minio/minio, dotnet/aspnet), or
 * SERVER_NONE.
 */
static enum server_kind server_image(const struct audit *au, const struct dfa_image *img)
{
	const char *last;
	if (!img || !img->path)
		return SERVER_NONE;
	last = str_basename(img->path);
	for (const char *const *n = server_names; *n; n++) {
		if (!str_starts(last, *n))
			continue;
		for (const char *const *g = generic_suffixes; *g; g++)
			if (!strcmp(last + strlen(*n), *g))
				return SERVER_GENERIC;
		return SERVER_APP;
	}
	if (dfa_image_hub(img, "php") && (dfa_tag_has(img, "apache") || dfa_tag_has(img, "fpm")))
		return SERVER_GENERIC;
	return image_has_port(au, img) ? SERVER_FACTS : SERVER_NONE;
}

/*
 * Runtime images made for servers, and the runtime that starts an app on
 * them: the ASP.NET Core image sets ASPNETCORE_HTTP_PORTS=8080 for the
 * Kestrel server of the app `dotnet X.dll` starts (dotnet/dotnet-docker
 * src/aspnet/8.0/bookworm-slim/amd64/Dockerfile, as images.yaml cites).
 */
static const char *const server_runtimes[][3] = {
	/* image, program, what its first argument ends with */
	{ "mcr.microsoft.com/dotnet/aspnet", "dotnet", ".dll" },
};

/*
 * 1 when a command of the effective ENTRYPOINT/CMD runs the program the image
 * is named after (minio on minio/minio), or starts an app with the runtime of
 * a server runtime image (`dotnet app.dll` on dotnet/aspnet).
 */
static int runs_image_program(const struct dfa_effective *e, const struct dfa_image *img)
{
	const char *name = str_basename(img->path);
	for (int j = 0; j < 2; j++)
		for (size_t c = 0; e->ok[j] && c < e->s[j].sh.ncmds; c++) {
			const struct sh_cmd *cmd = &e->s[j].sh.cmds[c];
			const char *prog = str_basename(word_at(cmd, cmd->nassign)), *arg = word_at(cmd, cmd->nassign + 1);
			if (cmd->nassign < cmd->nwords && !strcmp(prog, name))
				return 1;
			for (size_t r = 0; r < ARRAY_SIZE(server_runtimes); r++)
				if (dfa_image_is(img, server_runtimes[r][0]) && !strcmp(prog, server_runtimes[r][1]) &&
				    str_ends(arg, server_runtimes[r][2]))
					return 1;
		}
	return 0;
}

/*
 * How the final image's base makes it a network service: CHECK_NET_YES, or
 * CHECK_NET_BASE_ONLY when only the base does and this file does not make
 * the service its own, or 0. A layer that adds no CMD or ENTRYPOINT (EXPOSE
 * was seen before) on an application image (nextcloud, nginx-proxy) leaves its
 * healthcheck to whoever deploys that image; a port known only from the facts
 * (dotnet/aspnet's 8080) says nothing about a CMD/ENTRYPOINT of the file's own
 * (a one-shot tool) unless it runs the image's program (or its runtime:
 * dotnet app.dll on aspnet). A generic server (nginx, php-apache) serves what
 * the file puts in it: always a service.
 */
static int base_service(const struct audit *au, const struct dfa *a)
{
	enum server_kind k = server_image(au, a->final_image);
	int own = a->eff.idx[0] >= 0 || a->eff.idx[1] >= 0;
	if (k == SERVER_NONE)
		return 0;
	if (k == SERVER_GENERIC || (k == SERVER_APP && own))
		return CHECK_NET_YES;
	if (!own)
		return CHECK_NET_BASE_ONLY;
	return k == SERVER_FACTS && runs_image_program(&a->eff, a->final_image) ? CHECK_NET_YES : CHECK_NET_BASE_ONLY;
}

int check_network_service(const struct audit *au, const struct dfa *a, const char **why)
{
	int base;
	*why = NULL;
	for (size_t k = 0; k < a->nchain_instrs; k++) {
		enum df_kind kind = a->df->instrs[a->chain_instrs[k]].kind;
		if (kind == DF_EXPOSE || kind == DF_HEALTHCHECK) {
			*why = kind == DF_EXPOSE ? "it EXPOSEs a port" : "it has a HEALTHCHECK";
			return CHECK_NET_YES;
		}
	}
	base = base_service(au, a);
	if (base == CHECK_NET_YES) {
		*why = "its base image is a server";
		return CHECK_NET_YES;
	}
	if (runs_server(&a->eff))
		*why = "its CMD/ENTRYPOINT starts a server";
	else if (a->nports > 0)
		*why = "it listens on a port";
	if (*why)
		return CHECK_NET_YES;
	if (!base)
		return 0;
	*why = a->eff.idx[0] < 0 && a->eff.idx[1] < 0
		       ? "it is a layer on a server image that adds no EXPOSE, CMD or ENTRYPOINT: whoever deploys that image decides its healthcheck"
		       : "its base image serves a port, but nothing shows that its own ENTRYPOINT/CMD serves: add one if it does";
	return CHECK_NET_BASE_ONLY;
}

/* ---- corr.production-cmd ---- */

static const char *dev_word(const struct sh_cmd *c, size_t w)
{
	const char *t = word_at(c, w), *next = word_at(c, w + 1), *b = str_basename(t);
	static const char *const flags[] = { "--reload", "--debug", "--watch", NULL };
	for (const char *const *f = flags; *f; f++)
		if (!strcmp(t, *f) || (str_starts(t, *f) && t[strlen(*f)] == '='))
			return *f;
	if (!strcmp(b, "nodemon"))
		return "nodemon";
	if (!strcmp(b, "npm") && !strcmp(next, "run") && !strcmp(word_at(c, w + 2), "dev"))
		return "npm run dev";
	if (!strcmp(b, "yarn") && (!strcmp(next, "dev") || (!strcmp(next, "run") && !strcmp(word_at(c, w + 2), "dev"))))
		return "yarn dev";
	if (!strcmp(b, "flask") && !strcmp(next, "run"))
		return "flask run";
	if (str_ends(b, "manage.py") && !strcmp(next, "runserver"))
		return "manage.py runserver";
	if (!strcmp(b, "ng") && !strcmp(next, "serve"))
		return "ng serve";
	return NULL;
}

static void dev_words(struct audit *au, const struct dfa_script *s)
{
	for (size_t c = 0; c < s->sh.ncmds; c++) {
		const struct sh_cmd *cmd = &s->sh.cmds[c];
		for (size_t w = cmd->nassign; w < cmd->nwords; w++) {
			const char *what = dev_word(cmd, w);
			size_t st, en;
			if (!what)
				continue;
			dfa_script_span(s, cmd->words[w].start, cmd->words[w].end, &st, &en);
			/* a dev flag can simply go; which production server replaces a dev server is the author's call */
			audit_add(au, ITEM_CORR_PRODUCTION_CMD, SEV_WARNING, what[0] == '-' ? "dev-flag" : "dev-server", st, en,
				  what[0] == '-' ? FIX_AUTO : FIX_NONE,
				  "`%s` is for development (reloading, debugging or a dev server); run the production server instead", what);
		}
	}
}

static int shell_syntax(const struct df_instr *in, const struct dfa_script *s)
{
	return strpbrk(in->args ? in->args : "", "|&;<>()$`*?~\n") != NULL || s->sh.ncmds != 1;
}

static void shell_form(struct audit *au, const struct df_instr *in, const struct dfa_script *s, int ok)
{
	const char *t = in->args ? in->args : "";
	t += strspn(t, " \t");
	if (in->json || (str_starts(t, "exec") && (t[4] == ' ' || t[4] == '\t')))
		return;
	audit_add(au, ITEM_CORR_PRODUCTION_CMD, SEV_WARNING, "shell-form", in->span.start, in->span.end,
		  ok && !shell_syntax(in, s) ? FIX_AUTO : FIX_NONE,
		  "%s in shell form runs under /bin/sh -c, so signals do not reach the app; use the exec form [\"...\"] or start with exec",
		  in->kind == DF_CMD ? "CMD" : "ENTRYPOINT");
}

static void duplicates(struct audit *au, const struct dfa *a)
{
	for (size_t c = 0; c < a->nchain; c++) {
		const struct df_stage *st = &a->df->stages[a->chain[c]];
		int seen[2] = { 0, 0 };
		for (size_t i = st->first; i < st->first + st->count && i < a->df->ninstrs; i++) {
			const struct df_instr *in = &a->df->instrs[i];
			int j = in->kind == DF_ENTRYPOINT;
			if (in->kind != DF_CMD && in->kind != DF_ENTRYPOINT)
				continue;
			if (seen[j]++)
				audit_add(au, ITEM_CORR_PRODUCTION_CMD, SEV_WARNING, j ? "duplicate-entrypoint" : "duplicate-cmd",
					  in->span.start, in->span.end, FIX_AUTO,
					  "more than one %s in this stage: only the last one counts; remove the others", j ? "ENTRYPOINT" : "CMD");
		}
	}
}

static void dev_env(struct audit *au, const struct dfa *a)
{
	static const char *const bad[][2] = { { "FLASK_DEBUG", "1" }, { "FLASK_ENV", "development" },
		{ "NODE_ENV", "development" }, { "RAILS_ENV", "development" } };
	for (size_t k = 0; k < a->nchain_instrs; k++) {
		const struct df_instr *in = &a->df->instrs[a->chain_instrs[k]];
		for (size_t p = 0; in->kind == DF_ENV && p < in->npairs; p++)
			for (size_t b = 0; b < ARRAY_SIZE(bad); b++)
				if (in->pairs[p].key && in->pairs[p].value && !strcmp(in->pairs[p].key, bad[b][0]) &&
				    !strcmp(in->pairs[p].value, bad[b][1]))
					audit_add(au, ITEM_CORR_PRODUCTION_CMD, SEV_WARNING, "dev-env", in->pairs[p].span.start,
						  in->pairs[p].span.end, FIX_NONE,
						  "%s=%s turns on development mode in the shipped image; remove it or set the production value",
						  bad[b][0], bad[b][1]);
	}
}

static void check_production(struct audit *au, const struct dfa *a, const struct dfa_effective *e)
{
	if (e->idx[0] < 0 && e->idx[1] < 0)
		return;
	audit_applies(au, ITEM_CORR_PRODUCTION_CMD);
	for (int j = 0; j < 2; j++) {
		if (e->idx[j] < 0)
			continue;
		if (e->ok[j])
			dev_words(au, &e->s[j]);
		shell_form(au, &a->df->instrs[e->idx[j]], &e->s[j], e->ok[j]);
	}
	duplicates(au, a);
	dev_env(au, a);
}

void check_corr_cmd(struct audit *au, const struct dfa *a)
{
	check_production(au, a, &a->eff);
	check_expose(au, a);
}
