/*
 * fix_compose - the automatic Compose fixes, per service, at the service's
 * indentation in the list style the file already uses: no-new-privileges
 * (safe; not where sudo/su runs), cap_drop ALL (review: with the cap_add the
 * image facts give, or on a service that runs non-root), read_only (review:
 * with the tmpfs the image facts give) and a restart policy (safe; not for
 * one-shot services). A service a precondition holds back is named in the
 * fix's note; with none left, the fix is withheld (CHECKLIST.md "Fixes").
 */
#include "fix_compose.h"
#include "fix_df.h"
#include "check_compose_kind.h"
#include "compose.h"
#include "scan.h"

#include <stdlib.h>
#include <string.h>

/* A service with a `user:` that is not root. */
/* The service's own `user:` is root (root or 0, with or without a group): it beats the image's USER. */
static int runs_root(const struct csvc *s)
{
	const char *u = ydoc_str(ydoc_get(s->map, "user"));
	size_t n;
	if (!u)
		return 0;
	n = strcspn(u, ":");
	return (n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

static int runs_non_root(const struct csvc *s)
{
	const char *u = ydoc_str(ydoc_get(s->map, "user"));
	size_t n;
	if (!u || !*u || strchr(u, '$'))
		return 0;
	n = strcspn(u, ":");
	return !((n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0'));
}

/*
 * The Dockerfile of the image a service runs without building it, when the
 * repository's workflows, scripts or bake files build that image from one
 * Dockerfile's final stage (the scan's image map; a named stage is left
 * alone): its contents (malloc'd), or NULL. Beyond CHECKLIST.md revision 4.
 */
static char *image_dockerfile(const struct cfile *f, const struct csvc *s)
{
	const struct fix_input *in = f->c->in;
	const struct project_image_src *src;
	char *data = NULL;
	size_t len = 0;
	if (ydoc_get(s->map, "build") || !in->scan)
		return NULL;
	src = project_image_src_of(&in->scan->image_map, ydoc_str(ydoc_get(s->map, "image")));
	if (!src || src->target || fs_read(in->fs, src->dockerfile, &data, &len) != 0 || len > FIX_BUILD_DF_MAX ||
	    memchr(data, '\0', len)) {
		free(data);
		return NULL;
	}
	return data;
}

/*
 * CHECKLIST.md "Fixes", compose.cap-drop: a project image (the service builds
 * it from the repository, or runs the image the repository's CI builds) whose final chain's last USER is non-root and
 * whose ENTRYPOINT/CMD drops nothing needs no capability to start. The
 * Dockerfile is read as this run's earlier fixes left it (Compose files are
 * planned last), so a USER that sec.non-root adds counts at once and a
 * second run finds nothing new.
 */
static int project_non_root(const struct cfile *f, const struct csvc *s)
{
	static const char *const drops[] = { "gosu", "su-exec", "setpriv", "s6-setuidgid", "chpst", "runuser",
					     "sudo", "su", "init", "supervisord", "cron", "crond", NULL };
	char *data = cfile_build_dockerfile(f, s);
	const char *target = ydoc_str(ydoc_get(ydoc_get(s->map, "build"), "target"));
	struct df_file df;
	int st, yes = 0;
	/* kestra's `user: "root"` (to reach the Docker socket) over the image's USER kestra */
	if (runs_root(s)) {
		free(data);
		return 0;
	}
	if (!data)
		data = image_dockerfile(f, s);
	if (!data)
		return 0;
	df_parse(&df, data, strlen(data));
	st = fix_df_final_stage(&df);
	/* the stage the service builds: its build.target (karakeep's web builds `aio`, not the last stage) */
	if (target) {
		st = -1;
		for (size_t k = 0; k < df.nstages; k++)
			if (df.stages[k].name && str_ieq(df.stages[k].name, target))
				st = (int)k;
	}
	for (size_t i = df.ninstrs; st >= 0 && i-- > 0 && yes >= 0;) {
		const struct df_instr *in = &df.instrs[i];
		int on = 0;
		for (int t = st, depth = 0; t >= 0 && depth < FIX_DF_MAX_CHAIN && !on; t = df.stages[t].parent, depth++)
			on = t == in->stage;
		if (in->stage < 0 || !on)
			continue;
		if ((in->kind == DF_ENTRYPOINT || in->kind == DF_CMD) && in->args &&
		    str_has_word(in->args, " \t\"[],;&|/", drops))
			yes = -1;
		else if (in->kind == DF_USER && yes == 0) {
			const char *u = in->nwords ? in->words[0].text : "";
			size_t n = strcspn(u, ":");
			yes = *u && !strchr(u, '$') && !((n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0'))
			      ? 1 : -1;
		}
	}
	df_free(&df);
	free(data);
	return yes == 1;
}

/* The words of a service's command and entrypoint (string or list) joined by spaces (malloc'd). */
static char *run_text(const struct csvc *s)
{
	static const char *const keys[] = { "entrypoint", "command" };
	struct buf b = BUF_INIT;
	for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
		const struct ydoc_node *v = ydoc_get(s->map, keys[k]);
		if (v && ydoc_str(v))
			buf_printf(&b, " %s", ydoc_str(v));
		for (size_t i = 0; v && v->type == YDOC_SEQUENCE && i < v->nitems; i++)
			if (ydoc_str(v->items[i]))
				buf_printf(&b, " %s", ydoc_str(v->items[i]));
	}
	buf_putc(&b, ' ');
	return buf_detach(&b);
}

static const char *checks_one_shot(const struct cfile *f, const struct csvc *s);

/* Words of a command or entrypoint a one-shot test reads at most. */
#define FIX_ONESHOT_WORDS 24

/*
 * Parts of a program or script name (split at '.', '-', '_', ':') that say it
 * makes something once and exits: keys, certificates, generated files.
 * lago's rsa-keys runs ./scripts/generate.rsa.sh, which writes the keys if
 * missing and exits 0; restart: unless-stopped restarts it for ever
 * (FIX-HOLDOUT4.md). `php artisan key:generate`, `ssh-keygen`, `openssl
 * genrsa` are the same kind.
 */
static const char *const oneshot_parts[] = { "generate", "gen", "genkey", "genkeys", "genrsa", "keygen",
					     "gencert", "gencerts", NULL };

/* The text ends with `; exit` or `&& exit`, with status 0 or none. */
static int ends_with_exit(const char *t)
{
	size_t n = strlen(t);
	while (n && strchr(" \t\n\"'", t[n - 1]))
		n--;
	if (n >= 2 && t[n - 1] == '0' && t[n - 2] == ' ')
		for (n -= 2; n && t[n - 1] == ' ';)
			n--;
	if (n < 4 || strncmp(t + n - 4, "exit", 4) != 0)
		return 0;
	for (n -= 4; n && t[n - 1] == ' ';)
		n--;
	return (n >= 1 && t[n - 1] == ';') || (n >= 2 && t[n - 1] == '&' && t[n - 2] == '&');
}

/* A word of a command that names a one-shot program, or a shell command that ends with `exit`. */
static int command_runs_once(const struct ydoc_node *n)
{
	struct buf b = BUF_INIT;
	char *words[FIX_ONESHOT_WORDS];
	size_t nw = 0;
	int yes = 0;
	if (!n)
		return 0;
	if (ydoc_str(n))
		buf_puts(&b, n->value);
	for (size_t i = 0; n->type == YDOC_SEQUENCE && i < n->nitems; i++)
		if (ydoc_str(n->items[i]))
			buf_printf(&b, "%s%s", i ? " " : "", n->items[i]->value);
	for (const char *p = buf_str(&b); *p && nw < FIX_ONESHOT_WORDS;) {
		size_t k = strcspn(p, " \t\n;&|()\"'");
		if (k)
			words[nw++] = xstrndup(p, k);
		p += k;
		p += *p != '\0';
	}
	for (size_t i = 0; i < nw && !yes; i++) {
		const char *base = strrchr(words[i], '/') ? strrchr(words[i], '/') + 1 : words[i];
		for (const char *q = base; *q && !yes;) {
			size_t k = strcspn(q, ".-_:");
			for (size_t w = 0; oneshot_parts[w] && !yes; w++)
				yes = k == strlen(oneshot_parts[w]) && !strncmp(q, oneshot_parts[w], k);
			q += k;
			q += *q != '\0';
		}
	}
	/* sh -c "... && exit 0" (not "server || exit 1"): the command ends itself once its work is done */
	yes |= ends_with_exit(buf_str(&b));
	for (size_t i = 0; i < nw; i++)
		free(words[i]);
	buf_free(&b);
	return yes;
}

/* Bytes of a mounted script the one-shot test reads at most. */
#define FIX_ONESHOT_SCRIPT_MAX (256 * 1024)

/* A shell that may run a script file: sh, bash, ash, dash, zsh, by any path. */
static int shell_name(const char *w)
{
	static const char *const sh[] = { "sh", "bash", "ash", "dash", "zsh", NULL };
	const char *b = strrchr(w, '/') ? strrchr(w, '/') + 1 : w;
	for (size_t i = 0; sh[i]; i++)
		if (!strcmp(b, sh[i]))
			return 1;
	return 0;
}

/*
 * The script the service starts: the first word of its entrypoint (else of
 * its command), or the word after a shell that runs a file (`/bin/sh
 * /redis-conf.sh`, not `sh -c ...`). An absolute path, malloc'd, or NULL.
 */
static char *started_script(const struct csvc *s)
{
	const struct ydoc_node *n = ydoc_get(s->map, "entrypoint");
	char *w[2] = { NULL, NULL };
	size_t nw = 0;
	if (!n)
		n = ydoc_get(s->map, "command");
	if (n && ydoc_str(n)) {
		for (const char *p = n->value; *p && nw < 2;) {
			size_t k = strcspn(p, " \t\n");
			if (k)
				w[nw++] = xstrndup(p, k);
			p += k;
			p += *p != '\0';
		}
	}
	for (size_t i = 0; n && n->type == YDOC_SEQUENCE && i < n->nitems && nw < 2; i++)
		if (ydoc_str(n->items[i]))
			w[nw++] = xstrdup(n->items[i]->value);
	if (w[0] && w[1] && w[1][0] == '/' && shell_name(w[0])) {
		free(w[0]);
		w[0] = w[1];
		w[1] = NULL;
	}
	free(w[1]);
	if (w[0] && w[0][0] != '/') {
		free(w[0]);
		return NULL;
	}
	return w[0];
}

/*
 * The repository file the service mounts at `path`: a bind from the
 * repository of that file or of a folder holding it (solidtime:
 * ./docker/local/minio:/etc/minio, entrypoint /etc/minio/create_bucket.sh).
 * Its repository path, malloc'd, or NULL.
 */
static char *mounted_repo_file(const struct cfile *f, const struct csvc *s, const char *path)
{
	const struct ydoc_node *v = ydoc_get(s->map, "volumes");
	char *found = NULL;
	for (size_t i = 0; v && v->type == YDOC_SEQUENCE && i < v->nitems && !found; i++) {
		char *src = NULL, *tgt = NULL, *dir, *rel = NULL;
		int ro;
		size_t tl;
		if (cfile_volume_parts(v->items[i], &src, &tgt, &ro) == 0 && src[0] == '.' && tgt[0] == '/') {
			tl = strlen(tgt);
			while (tl > 1 && tgt[tl - 1] == '/')
				tl--;
			if (!strncmp(path, tgt, tl) && path[tl] == '\0')
				rel = xstrdup(src);
			else if (!strncmp(path, tgt, tl) && path[tl] == '/')
				rel = xasprintf("%s/%s", src, path + tl + 1);
			if (rel) {
				dir = str_dirname(f->c->in->path);
				found = path_join_norm(dir, rel);
				free(dir);
				free(rel);
			}
		}
		free(src);
		free(tgt);
	}
	return found;
}

/* The script's last command (its last line that is not blank or a comment) is `exit` or `exit 0`. */
static int script_ends_with_exit(const char *data, size_t len)
{
	size_t end = len, start;
	while (end) {
		size_t a, b;
		start = end;
		while (start && data[start - 1] != '\n')
			start--;
		for (a = start; a < end && (data[a] == ' ' || data[a] == '\t'); a++)
			;
		for (b = end; b > a && strchr(" \t\r\n;", data[b - 1]); b--)
			;
		if (b > a && data[a] != '#')
			return (b - a == 4 && !strncmp(data + a, "exit", 4)) ||
			       (b - a == 6 && !strncmp(data + a, "exit 0", 6));
		end = start ? start - 1 : 0;
	}
	return 0;
}

/*
 * The service starts a script of the repository it mounts, and that script
 * ends with exit: it does its work once (solidtime's create_bucket.sh empties
 * and recreates a bucket, then `exit 0`; FIX-HOLDOUT6.md S1). A script that
 * ends by exec'ing a server is not.
 */
static int mounted_script_exits(const struct cfile *f, const struct csvc *s)
{
	char *script, *file = NULL, *data = NULL;
	size_t len = 0;
	int yes = 0;
	if (!f->c || !f->c->in || !f->c->in->fs || (script = started_script(s)) == NULL)
		return 0;
	file = mounted_repo_file(f, s, script);
	if (file && fs_read(f->c->in->fs, file, &data, &len) == 0 && len <= FIX_ONESHOT_SCRIPT_MAX)
		yes = script_ends_with_exit(data, len);
	free(data);
	free(file);
	free(script);
	return yes;
}

/*
 * CHECKLIST.md "Compose items": a one-shot service (its reason), or NULL; the
 * checks' own test (a generator as the last command), then the fix's wider
 * one: a generator anywhere in the command, or a line ending with exit. The
 * checks keep judging those (a server may follow the generator); the fix
 * adds no restart policy to them.
 */
const char *fix_compose_one_shot(const struct cfile *f, const struct csvc *s)
{
	const char *why = checks_one_shot(f, s);
	if (!why && (command_runs_once(ydoc_get(s->map, "command")) || command_runs_once(ydoc_get(s->map, "entrypoint"))))
		why = "its command generates something and exits (keys, certificates) or ends with exit";
	if (!why && mounted_script_exits(f, s))
		why = "its script, mounted from the repository, ends with exit";
	return why;
}

static const char *checks_one_shot(const struct cfile *f, const struct csvc *s)
{
	int awaited = 0;
	for (size_t i = 0; i < f->nsvcs && !awaited; i++) {
		const struct ydoc_node *dep = ydoc_get(ydoc_get(f->svcs[i].map, "depends_on"), s->name);
		const char *cond = dep ? ydoc_str(ydoc_get(dep, "condition")) : NULL;
		awaited = cond && strcmp(cond, "service_completed_successfully") == 0;
	}
	const char *why = compose_oneshot_why(s->name, awaited, ydoc_get(s->map, "command"), ydoc_get(s->map, "entrypoint"),
					      ydoc_str(ydoc_get(s->map, "image")), ydoc_get(s->map, "profiles"));
	/* the checks' own reading: a service with no network and no restart policy is a job */
	return why ? why : compose_netless_job_why(ydoc_get(s->map, "network_mode"), ydoc_get(s->map, "restart"),
						   ydoc_get(s->map, "deploy"));
}

/*
 * The service's command or entrypoint starts as root and drops privileges or
 * runs cron (CHECKLIST.md "Image facts"): whatever the image facts say, it
 * needs capabilities and writes that berth cannot list. The word, or NULL.
 */
static const char *drops_in_command(const struct csvc *s)
{
	static const char *const words[] = { " gosu ", " su-exec ", " setpriv ", " s6-setuidgid ", " chpst ",
		" runuser ", " su ", " sudo ", " cron ", " crond ", "/gosu ", "/cron ", NULL };
	char *text = run_text(s);
	const char *hit = NULL;
	for (size_t i = 0; words[i] && !hit; i++)
		if (strstr(text, words[i]))
			hit = words[i];
	free(text);
	return hit;
}

/*
 * The service's own command or entrypoint uses sudo or su, or the Dockerfile
 * it builds installs sudo or grants it (NOPASSWD): no-new-privileges breaks them.
 */
static int uses_sudo(const struct cfile *f, const struct csvc *s)
{
	char *text = run_text(s), *df;
	int yes = strstr(text, " sudo ") || strstr(text, " su ") || strstr(text, "/sudo ");
	free(text);
	if (!yes && (df = cfile_build_dockerfile(f, s)) != NULL) {
		yes = str_has_word(df, " \t\n\\;&|()\"'", (const char *const[]){ "sudo", NULL }) || strstr(df, "NOPASSWD");
		free(df);
	}
	return yes;
}

/* Words in an image's name that say it runs a browser (appwrite/browser, selenium/standalone-chrome). */
static const char *const browser_words[] = { "chrome", "chromium", "browser", "browserless", "puppeteer",
	"playwright", "selenium", "headless", NULL };

/*
 * A browser image: Chromium's sandbox falls back to a setuid helper where
 * user namespaces are off, which no-new-privileges stops (the browser then
 * fails to start unless it runs with --no-sandbox). berth cannot see which.
 */
static int runs_browser(const struct csvc *s)
{
	const struct ydoc_node *img = ydoc_get(s->map, "image");
	const char *name, *slash;
	if (!img || img->type != YDOC_SCALAR || !img->value)
		return 0;
	name = (slash = strrchr(img->value, '/')) ? slash + 1 : img->value;
	for (size_t i = 0; browser_words[i]; i++)
		if (strstr(name, browser_words[i]))
			return 1;
	return 0;
}

/*
 * A non-root process of the service gets its capabilities from file
 * capabilities: the image facts say so, or the Dockerfile it builds runs
 * setcap. no-new-privileges cancels them on exec (the kernel keeps a
 * non-root exec to the permitted set it had): pi-hole's start.sh setcaps
 * pihole-FTL and starts it as user pihole, which then binds and serves
 * DHCP with none.
 */
static int uses_file_caps(const struct fix_ctx *c, const struct cfile *f, const struct csvc *s)
{
	char *df;
	int yes = fix_image_file_caps(c->in->cfg, ydoc_str(ydoc_get(s->map, "image"))) == 1;
	if (!yes && (df = cfile_build_dockerfile(f, s)) != NULL) {
		yes = str_has_word(df, " \t\n\\;&|()\"'", (const char *const[]){ "setcap", NULL });
		free(df);
	}
	return yes;
}

/* Words of an image or command that name a container runtime or an init system. */
static const char *const runtime_words[] = { "dind", "k3d", "k3s", "kindest", "dockerd", "containerd", "podman",
					     "systemd", NULL };

/*
 * A privileged service that runs containers or an init system (authelia's
 * k3d cluster, FIX-HOLDOUT3.md): every nested container and service inherits
 * no_new_privs and cannot drop it. A privileged service that only needs
 * devices (cadvisor, Home Assistant) is not one.
 */
static int runs_containers(const struct csvc *s)
{
	const char *img = ydoc_str(ydoc_get(s->map, "image"));
	const struct ydoc_node *cmd = ydoc_get(s->map, "command");
	int yes = 0;
	if (ydoc_bool(ydoc_get(s->map, "privileged")) != 1)
		return 0;
	for (size_t w = 0; runtime_words[w] && !yes; w++)
		yes = (img && strstr(img, runtime_words[w])) || (ydoc_str(cmd) && strstr(ydoc_str(cmd), runtime_words[w]));
	for (size_t i = 0; cmd && cmd->type == YDOC_SEQUENCE && i < cmd->nitems && !yes; i++)
		for (size_t w = 0; runtime_words[w] && !yes && ydoc_str(cmd->items[i]); w++)
			yes = strstr(ydoc_str(cmd->items[i]), runtime_words[w]) != NULL;
	return yes;
}

static int nnp_ok(const struct cfile *f, const struct csvc *s)
{
	char *setid;
	if (uses_sudo(f, s) || runs_browser(s) || uses_file_caps(f->c, f, s) || runs_containers(s) ||
	    fix_image_setuid_start(f->c->in->cfg, ydoc_str(ydoc_get(s->map, "image"))) == 1)
		return 0;
	setid = cfile_setid_why(f, s);
	free(setid);
	return setid == NULL;
}

static int restart_ok(const struct cfile *f, const struct csvc *s)
{
	const struct ydoc_node *d = ydoc_get(s->map, "deploy");
	return !fix_compose_one_shot(f, s) && !(d && ydoc_get(d, "restart_policy"));
}

/* Add a service's name to a note list ("a, b"). */
static void list_add(struct buf *b, const char *name)
{
	buf_printf(b, "%s%s", b->len ? ", " : "", name);
}

static size_t count(const char *const *v)
{
	size_t n = 0;
	while (v[n])
		n++;
	return n;
}

static int seq_has(const struct ydoc_node *seq, int (*match)(const char *))
{
	for (size_t i = 0; seq && seq->type == YDOC_SEQUENCE && i < seq->nitems; i++)
		if (ydoc_str(seq->items[i]) && match(ydoc_str(seq->items[i])))
			return 1;
	return 0;
}

static int nnp(const char *v)
{
	return !strcmp(v, "no-new-privileges:true") || !strcmp(v, "no-new-privileges") ||
	       !strcmp(v, "no-new-privileges=true");
}

static int all(const char *v)
{
	return str_ieq(v, "ALL");
}

/* The entry of key `k` in a service: local (0), merged (1), local with an alias value (2), absent (-1). */
static int entry(const struct csvc *s, const char *k, const struct ydoc_node **v)
{
	const struct ydoc_pair *p = ydoc_entry(s->map, k);
	*v = p ? p->value : NULL;
	return !p ? -1 : p->merged ? 1 : p->value->start.offset < p->key->start.offset ? 2 : 0;
}

/* The text of a one-line scalar without its quotes: [*s, *e). 0 when it is not one. */
static int scalar_inner(const struct ydoc_node *n, size_t *s, size_t *e)
{
	if (!n || n->type != YDOC_SCALAR || n->start.line != n->end.line || n->end.offset <= n->start.offset)
		return 0;
	*s = n->start.offset;
	*e = n->end.offset;
	if (n->style == YDOC_SINGLE_QUOTED || n->style == YDOC_DOUBLE_QUOTED) {
		if (*e - *s < 2)
			return 0;
		(*s)++, (*e)--;
	}
	return n->style != YDOC_LITERAL && n->style != YDOC_FOLDED;
}

/* An entry that means to set no-new-privileges but does not (":false", a mapping): rewrite it. */
static int mend_nnp(struct fix *fx, const struct cfile *f, const struct ydoc_node *seq)
{
	for (size_t i = 0; seq && seq->type == YDOC_SEQUENCE && i < seq->nitems; i++) {
		const struct ydoc_node *it = seq->items[i];
		const char *v = ydoc_str(it);
		size_t s, e;
		if (it->start.offset < seq->start.offset)
			continue;       /* an alias: its text is elsewhere */
		if (v && str_starts(v, "no-new-privileges") && scalar_inner(it, &s, &e)) {
			fix_edit(fx, f->c->in->path, s, e, "no-new-privileges:true");
			return 1;
		}
		if (it->type == YDOC_MAPPING && it->npairs == 1 && ydoc_entry(it, "no-new-privileges") &&
		    it->pairs[0].value->start.line == it->start.line &&
		    it->pairs[0].value->end.offset > it->start.offset) {
			fix_edit(fx, f->c->in->path, it->start.offset, it->pairs[0].value->end.offset,
				 "no-new-privileges:true");
			return 1;
		}
	}
	return 0;
}

/*
 * Finish a Compose fix that covers several services: the services held
 * back are named in its note; with none left to edit it is withheld.
 */
static void finish(struct fix *fx, int edited, const struct buf *held, const char *why_held, const char *review)
{
	if (!fx)
		return;
	if (!edited) {
		fix_withhold(fx, "withheld for %s: %s", buf_str(held), why_held);
		return;
	}
	if (held->len)
		fx->partial = 1;
	fix_set_note(fx, "%s%s%s%s%s", review, held->len ? "; withheld for " : "", buf_str(held),
		     held->len ? ": " : "", held->len ? why_held : "");
}

void fix_compose_security(struct fix_ctx *c)
{
	struct cfile f;
	struct fix *fx = NULL;
	struct buf held = BUF_INIT;
	int edited = 0;
	if (cfile_load(&f, c) == 0)
		for (size_t i = 0; i < f.nsvcs; i++) {
			const struct csvc *s = &f.svcs[i];
			const struct ydoc_node *v;
			static const char *const item[] = { "no-new-privileges:true" };
			int e = entry(s, "security_opt", &v);
			char *lines, *setid;
			if (e >= 0 && seq_has(v, nnp))
				continue;
			if (!fx)
				fx = fix_new(c, ITEM_COMPOSE_NO_NEW_PRIVILEGES, "no-new-privileges",
					     "set security_opt no-new-privileges:true");
			/* precondition: nothing it runs needs sudo or su at run time */
			if (uses_sudo(&f, s)) {
				list_add(&held, s->name);
				continue;
			}
			/* a set-id program a non-root process runs: an MTA's local submission, a chmod u+s (FIX-HOLDOUT7 S1) */
			if ((setid = cfile_setid_why(&f, s)) != NULL) {
				char *why = xasprintf("%s (%s)", s->name, setid);
				list_add(&held, why);
				free(why);
				free(setid);
				continue;
			}
			if (runs_browser(s)) {
				char *why = xasprintf("%s (a browser image: its sandbox may need setuid)", s->name);
				list_add(&held, why);
				free(why);
				continue;
			}
			if (fix_image_setuid_start(c->in->cfg, ydoc_str(ydoc_get(s->map, "image"))) == 1) {
				char *why = xasprintf("%s (the image starts through a setuid helper, such as rootless "
						      "Docker's newuidmap, which no-new-privileges disables)", s->name);
				list_add(&held, why);
				free(why);
				continue;
			}
			if (uses_file_caps(c, &f, s)) {
				char *why = xasprintf("%s (its process gets its capabilities from setcap file "
						      "capabilities, which no-new-privileges cancels)", s->name);
				list_add(&held, why);
				free(why);
				continue;
			}
			/* a privileged container runtime (dind, k3d, systemd): all it starts inherits no_new_privs */
			if (runs_containers(s)) {
				char *why = xasprintf("%s (a privileged container runtime: what it starts, nested "
						      "containers or services, inherits no_new_privs and cannot drop it)", s->name);
				list_add(&held, why);
				free(why);
				continue;
			}
			edited = 1;
			if (e == 0 && !mend_nnp(fx, &f, v))
				cfile_append_item(fx, &f, v, item[0]);
			else if (e < 0) {
				lines = cfile_list(&f, s, "security_opt", item, 1);
				cfile_add_shared(fx, &f, s, "security_opt", lines, nnp_ok);
				free(lines);
			}
		}
	finish(fx, edited, &held, "no-new-privileges stops what it needs (sudo or su in its command or the "
	       "Dockerfile it builds, a set-id program, a setuid sandbox or start helper, or file capabilities)",
	       "safe: setuid programs can no longer raise privileges");
	buf_free(&held);
	cfile_free(&f);
}

/* The first word of a service key's value (string or list): malloc'd, or NULL when it has none. */
static char *first_word(const struct csvc *s, const char *key, const char **rest)
{
	const struct ydoc_node *v = ydoc_get(s->map, key);
	const char *t = v ? ydoc_str(v) : NULL;
	*rest = NULL;
	if (v && v->type == YDOC_SEQUENCE && v->nitems) {
		t = ydoc_str(v->items[0]);
		*rest = v->nitems > 1 ? ydoc_str(v->items[1]) : NULL;
		return t ? xstrdup(t) : NULL;
	}
	if (!t)
		return NULL;
	t += strspn(t, " \t");
	if (!*t)
		return NULL;
	*rest = t + strcspn(t, " \t");
	*rest += strspn(*rest, " \t");
	return xstrndup(t, strcspn(t, " \t"));
}

static int is_shell(const char *w, const char *const *shells)
{
	for (size_t i = 0; shells[i]; i++)
		if (strcmp(w, shells[i]) == 0)
			return 1;
	return 0;
}

static int is_script(const char *w)
{
	size_t n = w ? strcspn(w, " \t") : 0;
	return n > 3 && strncmp(w + n - 3, ".sh", 3) == 0;
}

/*
 * The image facts describe what the image's own ENTRYPOINT needs (its
 * capabilities, where it writes). A service that sets `entrypoint:`, or whose
 * command starts with a shell script (`./start.sh`, `bash /init.sh`: the
 * stock entrypoint then runs that script in place of the server, as root),
 * runs something the facts know nothing about. What it runs instead
 * (malloc'd, "nothing" for an empty entrypoint), or NULL.
 */
static char *replaced_entrypoint(const struct csvc *s)
{
	static const char *const shells[] = { "sh", "bash", "ash", "dash", "/bin/sh", "/bin/bash", "/bin/ash",
					      "/bin/dash", "/usr/bin/bash", NULL };
	const char *rest;
	char *w;
	if (ydoc_get(s->map, "entrypoint")) {
		char *what;
		if ((w = first_word(s, "entrypoint", &rest)) == NULL)
			return xstrdup("nothing");
		what = rest && *rest ? xasprintf("%s %.*s", w, (int)strcspn(rest, " \t"), rest) : xstrdup(w);
		free(w);
		return what;
	}
	if ((w = first_word(s, "command", &rest)) == NULL)
		return NULL;
	if (is_script(w) || (rest && is_script(rest) && is_shell(w, shells))) {
		char *what = rest && *rest && !is_script(w) ? xasprintf("%s %.*s", w, (int)strcspn(rest, " \t"), rest)
			     : xstrdup(w);
		free(w);
		return what;
	}
	free(w);
	return NULL;
}

/* Longest mounted configuration file berth reads for the paths it writes. */
#define FIX_MOUNTED_CONF_MAX (256u * 1024u)

/*
 * A configuration file the service bind-mounts from the repository that
 * writes (a log, pid or temp line) under a folder the service bind-mounts
 * read-write from the host: shlink's nginx vhost sets error_log in the
 * mounted checkout. Root opens it, and without DAC_OVERRIDE root may not
 * write a folder the host user owns. "SOURCE writes under TARGET"
 * (malloc'd), or NULL.
 */
static char *config_writes_to_bind(const struct cfile *f, const struct csvc *s)
{
	const struct ydoc_node *v = ydoc_get(s->map, "volumes");
	char *dir = str_dirname(f->c->in->path), *hit = NULL;
	for (size_t i = 0; v && v->type == YDOC_SEQUENCE && i < v->nitems && !hit; i++) {
		char *src, *tgt, *path, *data = NULL;
		size_t len = 0;
		int ro;
		if (cfile_volume_parts(v->items[i], &src, &tgt, &ro) != 0)
			continue;
		path = (str_starts(src, "./") || str_starts(src, "../")) ? path_join_norm(dir, src) : NULL;
		if (path && fs_stat(f->c->in->fs, path) == FS_FILE &&
		    fs_read(f->c->in->fs, path, &data, &len) == 0 && len <= FIX_MOUNTED_CONF_MAX && !memchr(data, '\0', len)) {
			for (size_t j = 0; j < v->nitems && !hit; j++) {
				char *bs, *bt;
				int bro;
				if (j == i || cfile_volume_parts(v->items[j], &bs, &bt, &bro) != 0)
					continue;
				/* a host folder mounted read-write (a file, a named volume or :ro is not one) */
				if (!bro && (bs[0] == '.' || bs[0] == '/' || bs[0] == '~') && bt[0] == '/' && strcmp(bt, "/") != 0) {
					char *bp = bs[0] == '.' ? path_join_norm(dir, bs) : NULL;
					if (!bp || fs_stat(f->c->in->fs, bp) != FS_FILE) {
						for (const char *line = data; line && *line && !hit;) {
							const char *end = strchr(line, '\n'), *p;
							size_t ll = end ? (size_t)(end - line) : strlen(line), tl = strlen(bt);
							char *l = xstrndup(line, ll);
							for (p = l; (p = strstr(p, bt)) != NULL && !hit; p += tl)
								if (p[tl] == '/' && (strstr(l, "log") || strstr(l, "pid") || strstr(l, "temp")))
									hit = xasprintf("%s writes under %s", src, bt);
							free(l);
							line = end ? end + 1 : NULL;
						}
					}
					free(bp);
				}
				free(bs);
				free(bt);
			}
		}
		free(data);
		free(path);
		free(src);
		free(tgt);
	}
	free(dir);
	return hit;
}

/*
 * A service whose image facts would decide the fix but that replaces the
 * image's entrypoint: named in `held` with what it runs. 1: held.
 */
static int held_entrypoint(struct buf *held, const struct csvc *s)
{
	char *what = replaced_entrypoint(s), *why;
	if (!what)
		return 0;
	why = xasprintf("%s (the service replaces the image's entrypoint with %s: the image facts do not say "
			"what it needs)", s->name, what);
	list_add(held, why);
	free(why);
	free(what);
	return 1;
}

/*
 * A hardening fix is withheld for a service (named in `held`, with the
 * command that drops privileges when that is why) unless what the image
 * needs is `known` and its command does not switch users itself. 1: held.
 */
static int held_service(struct buf *held, const struct csvc *s, int known)
{
	const char *dw = drops_in_command(s);
	if (known && !dw)
		return 0;
	if (dw) {
		char *why = xasprintf("%s (its command runs%.*s)", s->name, (int)strlen(dw) - 1, dw);
		list_add(held, why);
		free(why);
	} else {
		list_add(held, s->name);
	}
	return 1;
}

static int caps_has(const char *const *caps, const char *cap)
{
	for (size_t i = 0; caps && caps[i]; i++)
		if (strcmp(caps[i], cap) == 0)
			return 1;
	return 0;
}

void fix_compose_cap_drop(struct fix_ctx *c)
{
	struct cfile f;
	struct fix *fx = NULL;
	struct buf held = BUF_INIT, facts = BUF_INIT;
	int edited = 0, unknown = 0;
	if (cfile_load(&f, c) == 0)
		for (size_t i = 0; i < f.nsvcs; i++) {
			const struct csvc *s = &f.svcs[i];
			char *name = cfile_image(s);
			const char *const *caps = *name ? fix_image_caps(c->in->cfg, ydoc_str(ydoc_get(s->map, "image"))) : NULL;
			const struct ydoc_node *v, *add;
			static const char *const item[] = { "ALL" };
			int e = entry(s, "cap_drop", &v);
			if (e >= 0 && (seq_has(v, all) || (ydoc_str(v) && all(ydoc_str(v))))) {
				free(name);
				continue;
			}
			if (!fx)
				fx = fix_new(c, ITEM_COMPOSE_CAP_DROP, "cap-drop", "drop all capabilities (cap_drop: ALL)");
			/* Docker gives a privileged container every capability whatever cap_drop says */
			if (ydoc_bool(ydoc_get(s->map, "privileged")) == 1) {
				char *why = xasprintf("%s (privileged: Docker grants it every capability, cap_drop "
						      "changes nothing)", s->name);
				list_add(&held, why);
				free(why);
				free(name);
				continue;
			}
			/* precondition: the image's needs are known, or it runs as non-root with no entrypoint to drop from */
			if (held_service(&held, s, caps || runs_non_root(s) || project_non_root(&f, s))) {
				unknown = 1;
				free(name);
				continue;
			}
			/* the facts' cap_add is for the image's own entrypoint; a non-root user needs none */
			if (caps && !runs_non_root(s) && !project_non_root(&f, s) && held_entrypoint(&held, s)) {
				free(name);
				continue;
			}
			/* root without DAC_OVERRIDE cannot write a host folder its mounted config logs to */
			if (caps && !runs_non_root(s) && !project_non_root(&f, s) && !caps_has(caps, "DAC_OVERRIDE")) {
				char *w = config_writes_to_bind(&f, s);
				if (w) {
					char *why = xasprintf("%s (its mounted %s, a host folder root may not write "
							      "without DAC_OVERRIDE)", s->name, w);
					list_add(&held, why);
					free(why);
					free(w);
					free(name);
					continue;
				}
			}
			if (caps)
				buf_printf(&facts, "%s%s", facts.len ? ", " : "", ydoc_str(ydoc_get(s->map, "image")));
			free(name);
			if (e == 0 || e == 2) {
				size_t vs, ve;
				/* an alias value is shared with other services: leave it to the author */
				if (e == 0 && v->type == YDOC_SCALAR && scalar_inner(v, &vs, &ve))
					fix_edit(fx, c->in->path, vs, ve, "ALL"), edited = 1;  /* ALL drops what it named too */
				else if (e == 0)
					cfile_append_item(fx, &f, v, item[0]), edited = 1;
				continue;
			}
			{
				char *lines = cfile_list(&f, s, "cap_drop", item, 1);
				struct buf b = BUF_INIT;
				buf_puts(&b, lines);
				free(lines);
				if (caps && *caps && entry(s, "cap_add", &add) < 0) {
					lines = cfile_list(&f, s, "cap_add", caps, count(caps));
					buf_puts(&b, lines);
					free(lines);
				}
				cfile_add_lines(fx, &f, s, buf_str(&b));
				buf_free(&b);
				edited = 1;
			}
		}
	{
		char *review = xasprintf("review: drops every capability%s%s%s; a service that needs one to start "
					 "fails without it", facts.len ? ", adding back what the image facts list for " : "",
					 buf_str(&facts), facts.len ? "" : " (the services run as a non-root user: their user:, or "
					 "the last USER of the Dockerfile they build)");
		finish(fx, edited, &held, unknown ? "berth has no facts about the image's capabilities and it may start "
		       "as root (add cap_add for what its entrypoint needs, or an images: entry)"
		       : "add cap_drop with the cap_add what it runs needs yourself", review);
		free(review);
	}
	buf_free(&held);
	buf_free(&facts);
	cfile_free(&f);
}

/* The service mounts something at `path` (a `volumes:` entry, short or long form). */
static int mounts(const struct csvc *s, const char *path)
{
	const struct ydoc_node *v = ydoc_get(s->map, "volumes");
	size_t n = strlen(path);
	for (size_t i = 0; v && v->type == YDOC_SEQUENCE && i < v->nitems; i++) {
		const char *e = ydoc_str(v->items[i]), *t;
		if (!e && (t = ydoc_str(ydoc_get(v->items[i], "target"))) != NULL && strcmp(t, path) == 0)
			return 1;
		/* SOURCE:TARGET[:MODE] or TARGET alone */
		for (const char *p = e; p && (p = strstr(p, path)) != NULL; p += n)
			if ((p == e || p[-1] == ':') && (p[n] == '\0' || p[n] == ':') && !(p[n] == ':' && str_starts(p + n, ":ro")))
				return 1;
	}
	return 0;
}

/* The service mounts anything at `path`: a volume (any mode, short or long form) or a tmpfs. */
static int mounted_at(const struct csvc *s, const char *path)
{
	const struct ydoc_node *v = ydoc_get(s->map, "volumes"), *t = ydoc_get(s->map, "tmpfs");
	size_t n = strlen(path);
	if (ydoc_str(t) && str_starts(ydoc_str(t), path) && strchr(":, ", ydoc_str(t)[n]))
		return 1;
	for (size_t i = 0; t && t->type == YDOC_SEQUENCE && i < t->nitems; i++) {
		const char *e = ydoc_str(t->items[i]);
		if (e && str_starts(e, path) && strchr(": ", e[n]))
			return 1;
	}
	for (size_t i = 0; v && v->type == YDOC_SEQUENCE && i < v->nitems; i++) {
		const char *e = ydoc_str(v->items[i]), *c, *tg;
		if (!e && (tg = ydoc_str(ydoc_get(v->items[i], "target"))) != NULL && strcmp(tg, path) == 0)
			return 1;
		if (!e)
			continue;
		tg = (c = strchr(e, ':')) != NULL ? c + 1 : e;     /* SOURCE:TARGET[:MODE] or TARGET alone */
		if (strncmp(tg, path, n) == 0 && (tg[n] == '\0' || tg[n] == ':'))
			return 1;
	}
	return 0;
}

/*
 * The configuration files a service bind-mounts from the repository into
 * /etc ("./config/nginx.conf"), added to `out` as "SOURCE (service)": the
 * image facts list where the stock configuration writes, and a replaced one
 * may put its pid file or temp paths elsewhere. A source berth cannot find
 * counts as a file when the target's name has an extension (not "conf.d").
 */
static void mounted_configs(const struct cfile *f, const struct csvc *s, struct buf *out)
{
	const struct ydoc_node *v = ydoc_get(s->map, "volumes");
	for (size_t i = 0; v && v->type == YDOC_SEQUENCE && i < v->nitems; i++) {
		const char *base;
		char *src, *tgt, *dir, *path;
		int file, ro;
		cfile_volume_parts(v->items[i], &src, &tgt, &ro);
		if (!src || !str_starts(tgt, "/etc/") || strchr(src, '$') ||
		    !(str_starts(src, "./") || str_starts(src, "../"))) {
			free(src);
			free(tgt);
			continue;
		}
		dir = str_dirname(f->c->in->path);
		path = path_join_norm(dir, src);
		base = strrchr(tgt, '/') + 1;
		switch (path ? fs_stat(f->c->in->fs, path) : FS_MISSING) {
		case FS_FILE:
			file = 1;
			break;
		case FS_DIR:
			file = 0;
			break;
		default:
			file = strchr(base, '.') && !str_ends(base, ".d");
		}
		if (file)
			buf_printf(out, "%s%s (%s, at %s)", out->len ? ", " : "", src, s->name, tgt);
		free(path);
		free(dir);
		free(src);
		free(tgt);
	}
}

/* The service mounts something at `path` or inside it (a volume's target; any mode). */
static int mounts_in(const struct csvc *s, const char *path)
{
	const struct ydoc_node *v = ydoc_get(s->map, "volumes");
	size_t n = strlen(path);
	for (size_t i = 0; v && v->type == YDOC_SEQUENCE && i < v->nitems; i++) {
		const char *e = ydoc_str(v->items[i]), *c, *tg;
		if (!e)
			tg = ydoc_str(ydoc_get(v->items[i], "target"));
		else
			tg = (c = strchr(e, ':')) != NULL ? c + 1 : e;     /* SOURCE:TARGET[:MODE] or TARGET alone */
		if (tg && strncmp(tg, path, n) == 0 && (tg[n] == '\0' || tg[n] == ':' || tg[n] == '/'))
			return 1;
	}
	return 0;
}

/* Paths the facts' entrypoint writes besides its tmpfs because the service mounts a trigger; count. */
#define FIX_RO_MOUNT_WRITES 8
static size_t mount_writes(const struct fix_ctx *c, const struct csvc *s, const char *ref, const char **out,
			   const char **trigger)
{
	const char *const *p, *mount;
	size_t n = 0;
	*trigger = NULL;
	for (size_t i = 0; (p = fix_image_mount_writes(c->in->cfg, ref, i, &mount)) != NULL; i++) {
		if (!mounts_in(s, mount))
			continue;
		*trigger = mount;
		for (; *p && n < FIX_RO_MOUNT_WRITES; p++)
			out[n++] = *p;
	}
	return n;
}

void fix_compose_read_only(struct fix_ctx *c)
{
	struct cfile f;
	struct fix *fx = NULL;
	struct buf held = BUF_INIT, confs = BUF_INIT, rendered = BUF_INIT;
	int edited = 0, unknown = 0;
	char *review;
	if (cfile_load(&f, c) == 0)
		for (size_t i = 0; i < f.nsvcs; i++) {
			const struct csvc *s = &f.svcs[i];
			char *name = cfile_image(s);
			const char *ref = ydoc_str(ydoc_get(s->map, "image"));
			const char *const *paths = *name ? fix_image_tmpfs(c->in->cfg, ref) : NULL;
			const char *bare = paths ? fix_image_bare_workdir(c->in->cfg, ref) : NULL;
			const struct ydoc_node *v, *t;
			int e = entry(s, "read_only", &v);
			struct buf b = BUF_INIT;
			const char *more[FIX_RO_MOUNT_WRITES], *trigger;
			size_t nmore;
			if (e >= 0 && ydoc_bool(v) == 1) {
				free(name);
				continue;
			}
			if (!fx)
				fx = fix_new(c, ITEM_COMPOSE_READ_ONLY, "read-only",
					     "make the root filesystem read-only (with tmpfs where the image writes)");
			/* precondition: the image facts list every path it writes outside its volumes */
			if (!paths && *name && ref && fix_image_known(c->in->cfg, ref) && !drops_in_command(s)) {
				/* facts, but none about its writes: say so, not "no facts" */
				char *why = xasprintf("%s (the image facts of %s do not list where it writes)", s->name, ref);
				list_add(&held, why);
				free(why);
				free(name);
				continue;
			}
			free(name);
			if (held_service(&held, s, paths != NULL)) {
				unknown |= !drops_in_command(s);
				continue;
			}
			/* the facts' tmpfs paths are where the image's own entrypoint writes */
			if (held_entrypoint(&held, s))
				continue;
			/* its data folder must stay writable: the image has no VOLUME over it here */
			if (bare && !mounts(s, bare)) {
				char *why = xasprintf("%s (it writes its data in %s, which is no volume in this image: "
						      "mount one there)", s->name, bare);
				list_add(&held, why);
				free(why);
				continue;
			}
			/*
			 * the entrypoint writes more when the service mounts a trigger:
			 * nginx renders /etc/nginx/templates into conf.d, and on a read-only
			 * root skips them and serves its default site (Roundcube's
			 * examples, FIX-HOLDOUT8.md R3)
			 */
			nmore = paths ? mount_writes(c, s, ref, more, &trigger) : 0;
			if (nmore && entry(s, "tmpfs", &t) >= 0) {
				size_t j = 0;
				while (j < nmore && mounted_at(s, more[j]))
					j++;
				if (j < nmore) {
					/* a tmpfs of the service's own is the author's list: berth adds nothing to it */
					char *why = xasprintf("%s (it mounts %s, so the image's entrypoint writes %s, which "
							      "its own tmpfs list leaves read-only: add it there)", s->name,
							      trigger, more[j]);
					list_add(&held, why);
					free(why);
					continue;
				}
			}
			if (e == 0 && v->type == YDOC_SCALAR && v->start.line == v->end.line)
				fix_edit(fx, c->in->path, v->start.offset, v->end.offset, "true"), edited = 1;
			else if (e == 0 || e == 2)
				continue;
			else
				buf_printf(&b, "%sread_only: true%s", s->indent, c->nl);
			{
				/*
				 * the image facts' paths and /tmp, which most programs expect
				 * writable; not where the service mounts something already: the
				 * daemon would put the tmpfs in place of that volume (pi-hole's
				 * caddy example mounts its certificates at /data)
				 */
				size_t n = count(paths), k = 0;
				const char **list = xcalloc(n + nmore + 2, sizeof(*list));
				int tmp = !mounted_at(s, "/tmp");
				for (size_t j = 0; j < n; j++) {
					tmp &= strcmp(paths[j], "/tmp") != 0;
					if (!mounted_at(s, paths[j]))
						list[k++] = paths[j];
				}
				for (size_t j = 0; j < nmore; j++) {
					size_t d = 0;
					while (d < k && strcmp(list[d], more[j]) != 0)
						d++;
					tmp &= strcmp(more[j], "/tmp") != 0;
					if (d == k && !mounted_at(s, more[j])) {
						list[k++] = more[j];
						buf_printf(&rendered, "%s%s (%s mounts %s)", rendered.len ? ", " : "", more[j],
							   s->name, trigger);
					}
				}
				if (tmp)
					list[k++] = "/tmp";
				/* a tmpfs of the service's own is the author's list: left as it is */
				if (k && entry(s, "tmpfs", &t) < 0) {
					char *lines = cfile_list(&f, s, "tmpfs", list, k);
					buf_puts(&b, lines);
					free(lines);
				}
				free(list);
			}
			if (b.len) {
				cfile_add_lines(fx, &f, s, buf_str(&b));
				edited = 1;
			}
			buf_free(&b);
			mounted_configs(&f, s, &confs);
		}
	review = xasprintf("review: a read-only root filesystem with tmpfs for /tmp and the paths the image facts "
			   "list (none when they say it writes only to its volumes); check the app writes nowhere "
			   "else%s%s%s%s%s%s", confs.len ? "; the facts describe the image's own configuration: check "
			   "the mounted " : "", buf_str(&confs), confs.len ? " writes nowhere else (pid file, temp "
			   "paths)" : "", rendered.len ? "; a tmpfs where the entrypoint renders what the service "
			   "mounts: " : "", buf_str(&rendered), rendered.len ? " starts empty, so the files the image "
			   "ships there are gone and only the rendered ones are served" : "");
	finish(fx, edited, &held, unknown ? "berth has no facts about where the image writes (pid files, caches, "
	       "config written at start): add read_only with the tmpfs paths it needs yourself"
	       : "add read_only with the tmpfs or volume each one needs yourself", review);
	free(review);
	buf_free(&rendered);
	buf_free(&confs);
	buf_free(&held);
	cfile_free(&f);
}

void fix_compose_restart(struct fix_ctx *c)
{
	struct cfile f;
	struct fix *fx = NULL;
	struct buf held = BUF_INIT;
	int edited = 0;
	const char *why = NULL;
	if (cfile_load(&f, c) == 0)
		for (size_t i = 0; i < f.nsvcs; i++) {
			const struct csvc *s = &f.svcs[i];
			const struct ydoc_node *v, *deploy = ydoc_get(s->map, "deploy");
			const char *shot;
			char *line;
			if (entry(s, "restart", &v) >= 0 || (deploy && ydoc_get(deploy, "restart_policy")))
				continue;
			if (!fx)
				fx = fix_new(c, ITEM_COMPOSE_RESTART, "restart", "restart the service unless stopped");
			/* precondition: not a one-shot service (a migration, a test run) */
			if ((shot = fix_compose_one_shot(&f, s)) != NULL) {
				/* the note's reason is the first service's; another reason goes beside its service */
				if (why && strcmp(why, shot) != 0) {
					char *named = xasprintf("%s (%s)", s->name, shot);
					list_add(&held, named);
					free(named);
				} else
					list_add(&held, s->name);
				why = why ? why : shot;
				continue;
			}
			line = xasprintf("%srestart: unless-stopped%s", s->indent, c->nl);
			cfile_add_shared(fx, &f, s, "restart", line, restart_ok);
			free(line);
			edited = 1;
		}
	finish(fx, edited, &held, why ? why : "a one-shot service", "safe: the service comes back after a crash "
	       "or a reboot unless stopped");
	buf_free(&held);
	cfile_free(&f);
}
