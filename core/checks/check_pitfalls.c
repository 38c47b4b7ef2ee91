/* check_pitfalls - corr.pitfalls: the hadolint-style checks beyond the seed, each with its own rule id. */
#include "dfa.h"
#include "check_facts.h"
#include "dfcheck.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static int name_is(const struct dfa_cmd *dc, const char *n)
{
	return dc->name && !strcmp(dc->name, n);
}

static void add_word(struct audit *au, enum sev sev, const char *rule, const struct dfa_cmd *dc,
		     const struct sh_word *w, const char *msg)
{
	size_t s, e;
	if (w)
		dfa_word_span(dc, w, &s, &e);
	else
		dfa_cmd_span(dc, &s, &e);
	audit_add(au, ITEM_CORR_PITFALLS, sev, rule, s, e, FIX_NONE, "%s", msg);
}

/* "-o pipefail" among the words from index `from` ("-o", "-eo", "-euxo" then "pipefail"). */
static int words_pipefail(char *const *words, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		const char *w = words[i];
		if (w && w[0] == '-' && w[1] != '-' && strchr(w, 'o') && words[i + 1] &&
		    !strcmp(words[i + 1], "pipefail"))
			return 1;
	}
	return 0;
}

static int set_pipefail(const struct dfa_cmd *dc)
{
	const struct sh_cmd *c = dc->c;
	char *w[2];
	if (!name_is(dc, "set"))
		return 0;
	for (size_t i = 0; i + 1 < sh_cmd_nargs(c); i++) {
		w[0] = sh_cmd_arg(c, i)->text;
		w[1] = sh_cmd_arg(c, i + 1)->text;
		if (words_pipefail(w, 2))
			return 1;
	}
	return 0;
}

static int is_shell(const char *n)
{
	static const char *const shells[] = { "sh", "bash", "dash", "ash", "zsh", "ksh", NULL };
	for (const char *const *s = shells; n && *s; s++)
		if (!strcmp(n, *s))
			return 1;
	return 0;
}

/* How many times quiet is asked: -q, -qq (in a short group), --quiet; -q=N / --quiet=N give N. */
static int quiet_level(const struct sh_cmd *c)
{
	int q = 0;
	for (size_t i = 0; i < sh_cmd_nargs(c); i++) {
		const char *t = dfa_arg(c, i);
		if (str_starts(t, "-q=") || str_starts(t, "--quiet="))
			q += atoi(strchr(t, '=') + 1);
		else if (!strcmp(t, "--quiet"))
			q++;
		else if (t[0] == '-' && t[1] != '-')
			for (const char *p = t + 1; *p && *p != '='; p++)
				q += *p == 'q';
	}
	return q;
}

static int apt_yes(const struct sh_cmd *c)
{
	if (sh_cmd_has_opt(c, "-y") || sh_cmd_has_opt(c, "--yes") || sh_cmd_has_opt(c, "--assume-yes"))
		return 1;
	for (size_t i = 0; i < sh_cmd_nargs(c); i++) {
		const char *t = dfa_arg(c, i);
		if (strstr(t, "Assume-Yes=true") || strstr(t, "Assume-Yes=1"))
			return 1;
	}
	return quiet_level(c) >= 2;     /* quiet level 2 implies yes */
}

/* The OS install subcommand of a command ("install", "in"), or NULL. */
static const char *install_sub(const struct dfa_cmd *dc)
{
	const struct sh_word *w = dc->os_first ? sh_cmd_arg(dc->c, dc->os_first - 1) : NULL;
	return w ? w->text : NULL;
}

/* A package install that waits for an answer (CHECKLIST.md corr.pitfalls): its rule and message, or NULL. */
static const char *interactive_install(const struct dfa_cmd *dc, const struct dfa_cmd *prev, const char **msg)
{
	const struct sh_cmd *c = dc->c;
	const char *sub = install_sub(dc);
	if (c->piped_in && prev && name_is(prev, "yes"))
		return NULL;
	if (dc->apt_install && !apt_yes(c)) {
		*msg = name_is(dc, "apt") ? "apt install without -y waits for a confirmation and the build stops; add -y" :
			"apt-get install without -y waits for a confirmation and the build stops; add -y";
		return "apt-no-y";
	}
	if (dc->os_pm == DFA_PM_YUM && sub && !strcmp(sub, "install") && !sh_cmd_has_opt(c, "-y") &&
	    !sh_cmd_has_opt(c, "--assumeyes")) {
		*msg = "this install without -y waits for a confirmation and the build stops; add -y";
		return "rpm-no-y";
	}
	if (dc->os_pm == DFA_PM_ZYPPER && !sh_cmd_has_opt(c, "-n") && !sh_cmd_has_opt(c, "--non-interactive") &&
	    !sh_cmd_has_opt(c, "-y") && !sh_cmd_has_opt(c, "--no-confirm")) {
		*msg = "zypper install without -n (--non-interactive) waits for a confirmation and the build stops; add -n";
		return "zypper-no-n";
	}
	return NULL;
}

/* An argument equal to `a` (or `a=...` when eq) anywhere in the command. */
static int has_arg(const struct sh_cmd *c, const char *a)
{
	for (size_t i = 0; i < sh_cmd_nargs(c); i++)
		if (!strcmp(dfa_arg(c, i), a))
			return 1;
	return 0;
}

static int has_arg_with(const struct sh_cmd *c, const char *needle)
{
	for (size_t i = 0; i < sh_cmd_nargs(c); i++)
		if (strstr(dfa_arg(c, i), needle))
			return 1;
	return 0;
}

/* A variable set (ENV, ARG default, VAR=value before a command) that turns verification off, or NULL. */
static const char *insecure_var(const char *name, const char *value)
{
	if (!name || !value)
		return NULL;
	if (!strcmp(name, "PIP_TRUSTED_HOST") && *value)
		return "PIP_TRUSTED_HOST";
	if (!strcmp(name, "NPM_CONFIG_STRICT_SSL") && str_ieq(value, "false"))
		return "NPM_CONFIG_STRICT_SSL=false";
	if (!strcmp(name, "NODE_TLS_REJECT_UNAUTHORIZED") && !strcmp(value, "0"))
		return "NODE_TLS_REJECT_UNAUTHORIZED=0";
	if (!strcmp(name, "GIT_SSL_NO_VERIFY") && *value && strcmp(value, "0") && !str_ieq(value, "false"))
		return "GIT_SSL_NO_VERIFY";
	return NULL;
}

/* A command that turns download verification off (rule insecure-download): what it uses, or NULL. */
static const char *insecure_cmd(const struct dfa_cmd *dc)
{
	const struct sh_cmd *c = dc->c;
	const char *n = dc->name;
	/* VAR=value before a command, alone, or after export */
	size_t nv = n && !strcmp(n, "export") ? c->nwords : c->nassign;
	for (size_t i = 0; i < nv && i < c->nwords; i++) {
		const char *t = c->words[i].text, *eq = t ? strchr(t, '=') : NULL;
		char name[DFA_NAME_MAX];
		const char *what;
		if (!eq || (size_t)(eq - t) >= sizeof(name))
			continue;
		memcpy(name, t, (size_t)(eq - t));
		name[eq - t] = '\0';
		if ((what = insecure_var(name, eq + 1)))
			return what;
	}
	if (!n)
		return NULL;
	if (!strcmp(n, "curl") && (sh_cmd_has_opt(c, "-k") || sh_cmd_has_opt(c, "--insecure")))
		return "curl -k";
	if (!strcmp(n, "wget") && sh_cmd_has_opt(c, "--no-check-certificate"))
		return "wget --no-check-certificate";
	if (dfa_is_pip(c) && sh_cmd_has_opt(c, "--trusted-host"))
		return "pip --trusted-host";
	if (dc->is_apt && (sh_cmd_has_opt(c, "--allow-unauthenticated") || sh_cmd_has_opt(c, "--force-yes") ||
			   has_arg_with(c, "AllowUnauthenticated=true")))
		return "apt --allow-unauthenticated";
	if (!strcmp(n, "apk") && sh_cmd_has_opt(c, "--allow-untrusted"))
		return "apk --allow-untrusted";
	if (!strcmp(n, "rpm") && sh_cmd_has_opt(c, "--nosignature"))
		return "rpm --nosignature";
	if ((!strcmp(n, "yum") || !strcmp(n, "dnf") || !strcmp(n, "microdnf") || !strcmp(n, "tdnf")) &&
	    sh_cmd_has_opt(c, "--nogpgcheck"))
		return "--nogpgcheck";
	if ((!strcmp(n, "npm") || !strcmp(n, "yarn")) && has_arg(c, "config") && has_arg(c, "set") &&
	    has_arg(c, "strict-ssl") && has_arg(c, "false"))
		return "strict-ssl false";
	if (!strcmp(n, "git") && (has_arg(c, "http.sslVerify=false") || has_arg_with(c, "sslVerify=false")))
		return "git http.sslVerify=false";
	return NULL;
}

static void insecure_add(struct audit *au, size_t s, size_t e, const char *what)
{
	audit_add(au, ITEM_CORR_PITFALLS, SEV_WARNING, "insecure-download", s, e, FIX_NONE,
		  "%s turns off the verification of what is downloaded: a tampered package or a man in the middle goes unnoticed; remove it and fix the certificate or key instead",
		  what);
}

/* sudo that only drops privileges (sudo -u USER, --user) is fine. */
static int sudo_drops(const struct sh_cmd *c)
{
	return sh_cmd_has_opt(c, "-u") || sh_cmd_has_opt(c, "--user");
}

/*
 * The failed download is caught anyway (beyond CHECKLIST.md revision 4,
 * holdout discourse_docker): the piped shell at `shell_ci` is followed by
 * `&& . "$HOME/.cargo/env"`, sourcing from the home folder what the install
 * script writes there; with no download that file is missing, so the chain
 * fails and, with only `&&` (or pipes) after it, so does the RUN. The
 * sourced path goes to `what`.
 */
static int failure_caught(const struct dfa_run *r, size_t shell_ci, const char **what)
{
	const struct dfa_cmd *sh = &r->cmds[shell_ci], *nx;
	const char *p;
	if (sh->c->op != SH_AND || shell_ci + 1 >= r->ncmds)
		return 0;
	nx = &r->cmds[shell_ci + 1];
	if (nx->s != sh->s || nx->c->depth != sh->c->depth || !nx->name ||
	    (strcmp(nx->name, ".") != 0 && strcmp(nx->name, "source") != 0))
		return 0;
	p = dfa_arg(nx->c, 0);
	if (!str_starts(p, "$HOME/") && !str_starts(p, "${HOME}/") && !str_starts(p, "~/") && !str_starts(p, "/root/"))
		return 0;
	for (size_t k = shell_ci + 1; k < r->ncmds && r->cmds[k].s == sh->s; k++) {
		const struct sh_cmd *c = r->cmds[k].c;
		if (c->depth == sh->c->depth && c->op != SH_AND && c->op != SH_PIPE && c->op != SH_END)
			return 0;       /* `;`, `||` or `&` after it: the chain's failure may not end the RUN */
	}
	*what = p;
	return 1;
}

/*
 * `dev`: the RUN is in a development stage the final image does not build on
 * (dfa_dev_stage): its chmod 777 is not in the shipped image (holdout 2,
 * kimai; beyond CHECKLIST.md revision 4).
 */
static void run_pitfalls(struct audit *au, const struct dfa_run *r, int pipefail, int nonroot, int dev)
{
	for (size_t ci = 0; ci < r->ncmds; ci++) {
		const struct dfa_cmd *dc = &r->cmds[ci];
		const struct sh_cmd *c = dc->c;
		const char *rule, *msg = NULL, *what;
		pipefail |= set_pipefail(dc);
		if ((name_is(dc, "curl") || name_is(dc, "wget")) && c->op == SH_PIPE && !pipefail &&
		    ci + 1 < r->ncmds && r->cmds[ci + 1].s == dc->s && is_shell(r->cmds[ci + 1].name)) {
			size_t s, e, s2, e2;
			const char *sourced;
			dfa_cmd_span(dc, &s, &e);
			dfa_cmd_span(&r->cmds[ci + 1], &s2, &e2);
			if (failure_caught(r, ci + 1, &sourced))
				audit_add(au, ITEM_CORR_PITFALLS, SEV_INFO, "curl-pipe-shell", s, e2 > e ? e2 : e, FIX_NONE,
					  "`%s | %s` would hide a failed download, but the next command sources `%s`, which the script installs: the build fails there; set -o pipefail would say it at the download",
					  dc->name, r->cmds[ci + 1].name, sourced);
			else
				audit_add(au, ITEM_CORR_PITFALLS, SEV_WARNING, "curl-pipe-shell", s, e2 > e ? e2 : e, FIX_NONE,
					  "`%s | %s` hides a failed download (the shell succeeds on empty input); add set -o pipefail or a SHELL with -o pipefail",
					  dc->name, r->cmds[ci + 1].name);
		}
		if (name_is(dc, "sudo") && !sudo_drops(c))
			add_word(au, nonroot ? SEV_INFO : SEV_WARNING, "sudo", dc, NULL, nonroot == 2 ?
				 "sudo in RUN on a base image whose user berth does not know (cimg/* images run as circleci): sudo may be how root is reached; a USER root around the step would say it plainly" :
				 nonroot ?
				 "sudo in RUN after a non-root USER: this is how root is reached here; a USER root around the step says it plainly" :
				 "sudo in RUN: the build already runs as root; drop sudo and switch USER where needed");
		if (name_is(dc, "chmod"))
			for (size_t i = 0; i < sh_cmd_nargs(c); i++) {
				const char *t = dfa_arg(c, i);
				if (!strcmp(t, "777") || !strcmp(t, "0777") || !strcmp(t, "a+rwx"))
					add_word(au, dev ? SEV_INFO : SEV_WARNING, "chmod-777", dc, sh_cmd_arg(c, i), dev ?
						 "chmod 777 in a development stage the final image does not build on: writable by every user there only" :
						 "chmod 777 makes files writable by every user; grant only what the app needs");
			}
		if ((rule = interactive_install(dc, ci > 0 ? &r->cmds[ci - 1] : NULL, &msg)))
			add_word(au, SEV_ERROR, rule, dc, NULL, msg);
		if ((what = insecure_cmd(dc))) {
			size_t s, e;
			dfa_cmd_span(dc, &s, &e);
			insecure_add(au, s, e, what);
		}
		if (name_is(dc, "cd"))
			add_word(au, SEV_INFO, "cd-in-run", dc, NULL, "cd in RUN lasts only for this RUN; use WORKDIR");
	}
}

static void copy_from(struct audit *au, const struct dfa *a, size_t i)
{
	const struct df_instr *in = &a->df->instrs[i];
	const struct df_flag *fl = df_flag_get(in, "from");
	char *v;
	int unres = 0;
	if (!fl || !fl->value)
		return;
	v = dfa_expand(a, i, fl->value, &unres);
	if (!unres && *v && !strpbrk(v, "/:@") &&
	    df_stage_find(a->df, v, in->stage >= 0 ? (size_t)in->stage : 0) < 0 && !audit_named_context(au, v))
		audit_add(au, ITEM_CORR_PITFALLS, SEV_WARNING, "copy-from-unknown", fl->span.start, fl->span.end, FIX_NONE,
			  "COPY --from=%s names no earlier stage (nor an image reference); unless the build passes --build-context %s=..., it fails or pulls an image named %s",
			  v, v, v);
	free(v);
}

static int archive_name(const char *s)
{
	static const char *const ext[] = { ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz",
		".txz", ".tar.zst", ".tzst", ".gz", ".bz2", ".xz", ".zst", ".lz", ".lzma", NULL };
	for (const char *const *e = ext; *e; e++)
		if (str_ends(s, *e))
			return 1;
	return 0;
}

static void add_local(struct audit *au, const struct df_instr *in)
{
	const char *src[DFA_MAX_SOURCES];
	struct df_span sp[DFA_MAX_SOURCES];
	size_t n = dfa_copy_sources(in, src, sp, DFA_MAX_SOURCES);
	for (size_t i = 0; i < n; i++) {
		if (strstr(src[i], "://") || str_starts(src[i], "git@") || archive_name(src[i]))
			continue;
		audit_add(au, ITEM_CORR_PITFALLS, SEV_INFO, "add-local-file", sp[i].start, sp[i].end, FIX_NONE,
			  "ADD of the local file `%s` (not an archive to unpack); use COPY, which does only that", src[i]);
	}
}

/*
 * The image's own program is an SSH server (the effective ENTRYPOINT, else
 * CMD, runs sshd past init wrappers and shells: coolify's testing-host
 * `CMD ["/usr/sbin/sshd", "-D", ...]`): port 22 is the service it is for
 * (a bastion, an SSH target for tests), not a side door beside an app,
 * which is what the pitfall is about. Beyond CHECKLIST.md revision 4
 * (HOLDOUT15.md item 10).
 */
static int serves_ssh(const struct dfa *a)
{
	const char *prog = dfa_entry_program(a);
	if (!prog)
		return 0;
	prog = str_basename(prog);
	return !strcmp(prog, "sshd") || !strcmp(prog, "dropbear");
}

static void expose_ssh(struct audit *au, const struct dfa *a, const struct df_instr *in)
{
	if (serves_ssh(a))
		return;
	for (size_t w = 0; w < in->nwords; w++) {
		const char *t = in->words[w].text;
		if (t && (!strcmp(t, "22") || str_starts(t, "22/")))
			audit_add(au, ITEM_CORR_PITFALLS, SEV_WARNING, "expose-ssh", in->words[w].span.start,
				  in->words[w].span.end, FIX_NONE,
				  "EXPOSE 22: an SSH server in a container is a needless way in; use docker exec");
	}
}

/*
 * The user an external base image runs its build as: 1 non-root (image
 * facts), 2 unknown — beyond revision 4 (HOLDOUT12.md, pgcat's Dockerfile.ci
 * on cimg/rust, whose Dockerfile ends with USER circleci): an image with a
 * namespace or registry and no facts —, else 0 (root: Docker official images
 * without facts build as root, as they do).
 */
static int base_user(const struct audit *au, const struct dfa *a, size_t s)
{
	const struct dfa_image *img = &a->images[s];
	char ref[CHECK_FACTS_REF_MAX];
	if (!img->path)
		return 0;
	if (facts_user_nonroot(au->cfg, check_facts_ref(img, ref, sizeof(ref)), NULL) == FACT_YES)
		return 1;
	if ((img->registry || strchr(img->path, '/')) && facts_known(au->cfg, ref) != FACT_YES)
		return 2;
	return 0;
}

/* Per stage, in build order: the SHELL in force (pipefail) and the USER (non-root), inherited through FROM <stage>. */
struct stage_state { int pipefail, nonroot; };

static void runs_by_stage(struct audit *au, const struct dfa *a)
{
	const struct df_file *df = a->df;
	struct stage_state *end = xcalloc(df->nstages ? df->nstages : 1, sizeof(*end));
	for (size_t i = 0; i < df->ninstrs && df->instrs[i].stage < 0; i++)
		if (a->run_of[i] >= 0)
			run_pitfalls(au, &a->runs[a->run_of[i]], 0, 0, 0);
	for (size_t s = 0; s < df->nstages; s++) {
		const struct df_stage *st = &df->stages[s];
		int p = st->parent;
		struct stage_state now = { 0, 0 };
		long health = -1;
		if (p >= 0 && (size_t)p < s)
			now = end[p];
		else if (a->external[s])
			now.nonroot = base_user(au, a, s);
		for (size_t i = st->first; i < st->first + st->count && i < df->ninstrs; i++) {
			const struct df_instr *in = &df->instrs[i];
			if (in->kind == DF_SHELL && in->json)
				now.pipefail = words_pipefail(in->argv, in->argc);
			else if (in->kind == DF_USER && in->nwords)
				now.nonroot = dfa_user_nonroot(a, i);
			else if (a->run_of[i] >= 0)
				run_pitfalls(au, &a->runs[a->run_of[i]], now.pipefail, now.nonroot,
					     dfa_dev_stage(a, (int)s));
			else if (in->kind == DF_HEALTHCHECK) {
				if (health >= 0)
					audit_add(au, ITEM_CORR_PITFALLS, SEV_WARNING, "duplicate-healthcheck",
						  df->instrs[health].span.start, df->instrs[health].span.end, FIX_NONE,
						  "a second HEALTHCHECK follows in this stage (line %d): only the last one counts; remove this one",
						  in->line);
				health = (long)i;
			}
		}
		end[s] = now;
	}
	free(end);
}

/* ENV and ARG values that turn verification off. */
static void insecure_pairs(struct audit *au, const struct df_instr *in)
{
	for (size_t p = 0; p < in->npairs; p++) {
		const char *what = insecure_var(in->pairs[p].key, in->pairs[p].value);
		if (what)
			insecure_add(au, in->pairs[p].span.start, in->pairs[p].span.end, what);
	}
}

/* ADD of a URL without --checksum: what arrives is whatever the server sends that day. */
static void add_url(struct audit *au, const struct df_instr *in)
{
	const char *src[DFA_MAX_SOURCES];
	struct df_span sp[DFA_MAX_SOURCES];
	size_t n = dfa_copy_sources(in, src, sp, DFA_MAX_SOURCES);
	if (df_flag_get(in, "checksum"))
		return;
	for (size_t i = 0; i < n; i++)
		if (str_starts(src[i], "http://") || str_starts(src[i], "https://"))
			audit_add(au, ITEM_CORR_PITFALLS, SEV_INFO, "add-url-no-checksum", sp[i].start, sp[i].end, FIX_NONE,
				  "ADD of `%s` without --checksum: nothing checks what the server sends; add --checksum=sha256:...",
				  src[i]);
}

void check_pitfalls(struct audit *au, const struct dfa *a)
{
	const struct df_file *df = a->df;
	audit_applies(au, ITEM_CORR_PITFALLS);
	runs_by_stage(au, a);
	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct df_instr *in = &df->instrs[i];
		if (in->kind == DF_COPY)
			copy_from(au, a, i);
		else if (in->kind == DF_ADD) {
			add_local(au, in);
			add_url(au, in);
		} else if (in->kind == DF_ENV || in->kind == DF_ARG)
			insecure_pairs(au, in);
		else if (in->kind == DF_EXPOSE)
			expose_ssh(au, a, in);
		else if (in->kind == DF_MAINTAINER)
			audit_add(au, ITEM_CORR_PITFALLS, SEV_INFO, "maintainer", in->span.start, in->span.end, FIX_NONE,
				  "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors=...");
	}
}
