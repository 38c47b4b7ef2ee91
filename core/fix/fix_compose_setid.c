/*
 * fix_compose_setid - compose.no-new-privileges' set-id precondition
 * (FIX-HOLDOUT7.md S1, beyond CHECKLIST.md revision 4): with
 * no_new_privs the kernel ignores the set-id bits of what a process
 * executes, so an image that relies on a set-id program run by a non-root
 * process breaks. docker-mailserver's Dovecot (uid 5000) sends Sieve
 * forwards through sendmail -> Postfix's setgid postdrop, which then
 * cannot write the maildrop queue. berth withholds the fix when the image
 * installs an MTA whose local submission is set-id, or makes a set-id
 * program itself (chmod u+s/g+s, a numeric 4xxx/2xxx mode, install -m,
 * COPY --chmod), read from the Dockerfile that builds the image (the
 * service's build, or the repository's Dockerfile of the image it runs)
 * and the scripts its RUNs execute; or when the image's own name says it
 * is one of those MTAs.
 */
#include "fix_compose.h"
#include "fix_df.h"
#include "check.h"
#include "dfa.h"
#include "repo.h"
#include "scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Scripts copied from the context and run by a RUN that are read per Dockerfile (one level: not the scripts they run). */
#define SETID_MAX_SCRIPTS 16
/* Words of one shell command looked at; a longer command is cut there. */
#define SETID_MAX_WORDS 256

/*
 * MTA packages whose local submission runs set-id (Debian/Alpine/Fedora
 * names), each from its sources: Postfix's postdrop ("designed to run with
 * set-gid privileges", postdrop(1); docker-mailserver's mail_state.sh
 * relies on it), Exim (Debian installs exim4 setuid root: images that run it
 * unprivileged `chmod u-s /usr/sbin/exim4`), Sendmail since 8.12 (a
 * set-group-ID smmsp binary, FreeBSD's etc/mail/README), dma (BINGRP=mail,
 * BINMODE=2555 in its Makefile). OpenSMTPD is not listed: the smtpctl
 * Makefiles read for this (openbsd/src, 2011) install it 555 (a limit, like msmtp,
 * ssmtp and nullmailer, which are not set-id or not checked).
 */
static const struct {
	const char *pkg, *setid;
} mtas[] = {
	{ "postfix", "postdrop and postqueue are setgid postdrop" },
	{ "exim4", "exim is setuid root" },
	{ "exim4-daemon-light", "exim is setuid root" },
	{ "exim4-daemon-heavy", "exim is setuid root" },
	{ "exim", "exim is setuid root" },
	{ "sendmail", "sendmail is setgid smmsp" },
	{ "sendmail-bin", "sendmail is setgid smmsp" },
	{ "dma", "dma is setgid mail" },
};

static const char *const pms[] = { "apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper", "tdnf", NULL };
static const char *const pm_installs[] = { "install", "add", "in", NULL };
static const char *const pm_removes[] = { "remove", "purge", "del", "erase", "autoremove", "rm", NULL };

/* Characters that end a word: blanks, quotes, shell operators, and the JSON of an exec form. */
#define SETID_SEPS " \t\r\n\\;&|()\"'`[],<>"

/* One shell command as words (borrowed spans of the text). */
struct cmd {
	const char *w[SETID_MAX_WORDS];
	size_t len[SETID_MAX_WORDS];
	size_t n;
};

static int word_is(const struct cmd *c, size_t i, const char *s)
{
	return i < c->n && c->len[i] == strlen(s) && strncmp(c->w[i], s, c->len[i]) == 0;
}

static int word_in(const struct cmd *c, size_t i, const char *const *list)
{
	for (size_t k = 0; list[k]; k++)
		if (word_is(c, i, list[k]))
			return 1;
	return 0;
}

/* The index of the first word that is not sudo, env or a VAR=value: where the command's name is. */
static size_t name_at(const struct cmd *c)
{
	size_t i = 0;
	while (i < c->n && (word_is(c, i, "sudo") || word_is(c, i, "env") || memchr(c->w[i], '=', c->len[i])))
		i++;
	return i;
}

/* The package manager subcommand of c (install/add/…, remove/…): its list's match, else 0. */
static int pm_sub(const struct cmd *c, const char *const *subs)
{
	size_t i = name_at(c);
	if (!word_in(c, i, pms))
		return 0;
	/* options, and words a variable or an option's value supplies (`apt-get "${QUIET}" install`) */
	for (size_t k = i + 1; k < c->n; k++)
		if (c->w[k][0] != '-' && c->w[k][0] != '$' && !memchr(c->w[k], '=', c->len[k]))
			return word_in(c, k, subs);
	return 0;
}

/*
 * Call fn on each command of `text`: words split at SETID_SEPS; a command
 * ends at ; & | ( ) or a newline not escaped by a backslash; `#` at a
 * word's start comments out the rest of the line.
 */
static void each_cmd(const char *text, void (*fn)(const struct cmd *, void *), void *arg)
{
	struct cmd c;
	const char *p = text;
	c.n = 0;
	while (*p) {
		size_t n = strcspn(p, SETID_SEPS);
		if (n == 0) {
			char ch = *p++;
			int ends = ch == ';' || ch == '&' || ch == '|' || ch == '(' || ch == ')' || ch == '\n';
			if (ch == '\\' && *p == '\n')
				p++;    /* a continuation */
			else if (ends && c.n) {
				fn(&c, arg);
				c.n = 0;
			}
			continue;
		}
		if (*p == '#' && (p == text || strchr(" \t\n;&|(", p[-1]))) {
			p += strcspn(p, "\n");
			continue;
		}
		if (c.n < SETID_MAX_WORDS) {
			c.w[c.n] = p;
			c.len[c.n++] = n;
		}
		p += n;
	}
	if (c.n)
		fn(&c, arg);
}

/*
 * A file mode that sets a set-id bit: 1 setuid (maybe setgid too), 2 setgid
 * only, 0 neither. Octal with a special digit (4755, 02755) or symbolic
 * clauses ("u+s", "+s", "ug+s,o-w", "g=rxs").
 */
static int setid_mode(const char *m, size_t n)
{
	size_t d = 0;
	int res = 0;
	while (d < n && m[d] >= '0' && m[d] <= '7')
		d++;
	if (d == n && n >= 4) {
		int special = m[n - 4] - '0';
		return special & 4 ? 1 : special & 2 ? 2 : 0;
	}
	if (d == n)
		return 0;
	for (size_t i = 0; i < n;) {
		size_t end = i;
		int u = 0, g = 0, who = 0;
		while (end < n && m[end] != ',')
			end++;
		for (; i < end && strchr("ugoa", m[i]); i++) {
			who = 1;
			u |= m[i] == 'u' || m[i] == 'a';
			g |= m[i] == 'g' || m[i] == 'a';
		}
		if (!who)
			u = g = 1;
		if (i < end && (m[i] == '+' || m[i] == '=') && memchr(m + i, 's', end - i))
			res = u ? 1 : res ? res : g ? 2 : 0;
		i = end + 1;
	}
	return res;
}

/* What one text (a Dockerfile's RUNs, a script) shows; the first finding of each kind is kept. */
struct scan_state {
	int installs;                   /* an OS package install */
	int mta;                        /* index into mtas + 1, or 0 */
	char *chmod;                    /* the command that makes a set-id program (malloc'd), or NULL */
	const char *text;               /* the whole text (for mkdir lookups) */
};

/* `path` is a folder the text makes with mkdir (a setgid folder only passes its group on: harmless). */
static int made_folder(const char *text, const char *word, size_t len)
{
	char *path = xstrndup(word, len);
	int yes = 0;
	for (const char *p = strstr(text, "mkdir"); p; p = strstr(p + 5, "mkdir")) {
		const char *e = p + strcspn(p, ";&|\n");
		for (const char *q = p; (q = strstr(q, path)) != NULL && q < e; q++)
			if ((q[len] == '\0' || strchr(SETID_SEPS "/", q[len])) && q > text && strchr(SETID_SEPS, q[-1]))
				yes = 1;
	}
	free(path);
	return yes;
}

/* chmod MODE FILE…, install -m MODE …: a set-id program made, its command text kept. */
static void check_mode(const struct cmd *c, struct scan_state *st)
{
	size_t i = name_at(c), k;
	int kind = 0, recursive = 0;
	const char *target = NULL;
	size_t tlen = 0;
	if (word_is(c, i, "chmod")) {
		for (k = i + 1; k < c->n && c->w[k][0] == '-' && setid_mode(c->w[k] + 1, c->len[k] - 1) == 0; k++)
			recursive |= memchr(c->w[k], 'R', c->len[k]) != NULL || word_is(c, k, "--recursive");
		if (k < c->n)
			kind = setid_mode(c->w[k], c->len[k]);
		if (k + 1 < c->n) {
			target = c->w[k + 1];
			tlen = c->len[k + 1];
		}
	} else if (word_is(c, i, "install")) {
		for (k = i + 1; k < c->n && !kind; k++) {
			if (word_is(c, k, "-m") && k + 1 < c->n)
				kind = setid_mode(c->w[k + 1], c->len[k + 1]);
			else if (c->len[k] > 7 && strncmp(c->w[k], "--mode=", 7) == 0)
				kind = setid_mode(c->w[k] + 7, c->len[k] - 7);
		}
	}
	/* setgid alone on a folder (-R, a trailing slash, one the text makes) changes what no exec gets */
	if (kind == 2 && (recursive || (target && (target[tlen - 1] == '/' || made_folder(st->text, target, tlen)))))
		kind = 0;
	if (kind && !st->chmod) {
		struct buf b = BUF_INIT;
		for (k = i; k < c->n && k < i + 6; k++)
			buf_printf(&b, "%s%.*s", k > i ? " " : "", (int)c->len[k], c->w[k]);
		st->chmod = buf_detach(&b);
	}
}

static void on_cmd(const struct cmd *c, void *arg)
{
	struct scan_state *st = arg;
	if (pm_sub(c, pm_installs))
		st->installs = 1;
	check_mode(c, st);
	if (st->mta || pm_sub(c, pm_removes))
		return;
	for (size_t i = 0; i < c->n; i++)
		for (size_t m = 0; m < ARRAY_SIZE(mtas) && !st->mta; m++)
			if (word_is(c, i, mtas[m].pkg))
				st->mta = (int)m + 1;
}

/* Scan one text; *why gets a reason (malloc'd) when it installs an MTA or makes a set-id program. */
static int scan_text(const char *text, const char *where, char **why)
{
	struct scan_state st = { 0, 0, NULL, text };
	each_cmd(text, on_cmd, &st);
	if (st.installs && st.mta) {
		int m = st.mta - 1;
		*why = xasprintf("%s installs %s (%s): no-new-privileges ignores the bit for a non-root sender, such "
				 "as a delivery agent's forward or auto-reply", where, mtas[m].pkg, mtas[m].setid);
	} else if (st.chmod) {
		*why = xasprintf("%s makes a set-id program (`%s`): no-new-privileges ignores the bit", where, st.chmod);
	}
	free(st.chmod);
	return *why != NULL;
}

/*
 * An image whose name is an MTA's ("boky/postfix", "mailcow/postfix",
 * "docker-exim4"): its last component, a leading "docker-" dropped, is the
 * MTA's name. A name that only holds one ("postfix-tlspol", a policy
 * server beside Postfix; "postfixadmin") is not one.
 */
static const char *image_mta(const char *ref)
{
	static const char *const names[] = { "postfix", "exim", "exim4", "sendmail", NULL };
	struct dfa_image img;
	const char *hit = NULL, *last;
	if (!ref || strchr(ref, '$'))
		return NULL;
	dfa_image_parse(&img, ref);
	last = img.path ? str_basename(img.path) : NULL;
	if (last && str_starts(last, "docker-"))
		last += 7;
	for (size_t i = 0; last && names[i] && !hit; i++)
		if (str_ieq(last, names[i]))
			hit = names[i];
	dfa_image_free(&img);
	return hit;
}

/*
 * An image named after the repository itself (its path, registry and tag
 * dropped, is the GitHub owner/name of remote.origin.url:
 * ghcr.io/docker-mailserver/docker-mailserver in docker-mailserver's own
 * compose.yaml, whose CI pushes it under names kept in secrets) is built
 * from the root Dockerfile: that path (malloc'd), or NULL.
 */
static char *own_image_dockerfile(const struct fix_input *in, const char *ref)
{
	struct dfa_image img;
	char *slug, *path = NULL;
	if (!ref || strchr(ref, '$') || !in->scan || !in->scan->repo)
		return NULL;
	dfa_image_parse(&img, ref);
	if (img.path && strchr(img.path, '/') && (slug = repo_github_slug(in->scan->repo)) != NULL) {
		if (str_ieq(img.path, slug))
			path = xstrdup("Dockerfile");
		free(slug);
	}
	dfa_image_free(&img);
	return path;
}

/* The Dockerfile of a service (the one it builds, else the repository's Dockerfile of its image): text, path, context, target. */
static char *service_dockerfile(const struct cfile *f, const struct csvc *s, char **path, char **ctx,
				const char **target)
{
	const struct fix_input *in = f->c->in;
	const struct ydoc_node *b = ydoc_get(s->map, "build");
	char *data = NULL;
	size_t len = 0;
	*path = *ctx = NULL;
	*target = NULL;
	if (b) {
		const char *c = ydoc_str(b) ? ydoc_str(b) : ydoc_str(ydoc_get(b, "context"));
		const char *file = !ydoc_str(b) ? ydoc_str(ydoc_get(b, "dockerfile")) : NULL;
		char *dir;
		if (!c || strchr(c, '$') || strstr(c, "://") || (file && strchr(file, '$')))
			return NULL;
		dir = str_dirname(in->path);
		*ctx = path_join_norm(dir, c);
		*path = *ctx ? path_join_norm(*ctx, file ? file : "Dockerfile") : NULL;
		*target = ydoc_str(ydoc_get(b, "target"));
		free(dir);
	} else if (in->scan) {
		const struct project_image_src *src =
			project_image_src_of(&in->scan->image_map, ydoc_str(ydoc_get(s->map, "image")));
		if (src) {
			*path = xstrdup(src->dockerfile);
			*ctx = str_dirname(src->dockerfile);
			*target = src->target;
		} else if ((*path = own_image_dockerfile(in, ydoc_str(ydoc_get(s->map, "image")))) != NULL) {
			*ctx = xstrdup("");
		}
	}
	if (!*path || fs_read(in->fs, *path, &data, &len) != 0 || len > FIX_BUILD_DF_MAX || memchr(data, '\0', len)) {
		free(data);
		free(*path);
		free(*ctx);
		*path = *ctx = NULL;
		return NULL;
	}
	return data;
}

/* Stage `st` is `target`'s stage or one it builds FROM (the final stage's when target is NULL). */
static int in_chain(const struct df_file *df, const char *target, int st)
{
	int t = fix_df_final_stage(df);
	if (target) {
		t = -1;
		for (size_t k = 0; k < df->nstages; k++)
			if (df->stages[k].name && str_ieq(df->stages[k].name, target))
				t = (int)k;
	}
	for (int depth = 0; t >= 0 && depth < FIX_DF_MAX_CHAIN; t = df->stages[t].parent, depth++)
		if (t == st)
			return 1;
	return 0;
}

/* Absolute paths among a RUN's words: the scripts it may run (those a COPY/ADD brought from the context). */
struct scripts {
	const struct fix_ctx *c;
	const char *ctx, *dfpath;
	char *why;
	size_t read;
};

static void on_script_word(const struct cmd *c, void *arg)
{
	struct scripts *sc = arg;
	for (size_t i = 0; i < c->n && !sc->why && sc->read < SETID_MAX_SCRIPTS; i++) {
		char *path, *text, *where;
		if (c->w[i][0] != '/' || c->len[i] < 2)
			continue;
		path = xstrndup(c->w[i], c->len[i]);
		text = fix_df_image_file(sc->c, sc->ctx, path);
		if (text) {
			sc->read++;
			where = xasprintf("%s, run by a RUN of %s,", path, sc->dfpath);
			scan_text(text, where, &sc->why);
			free(where);
			free(text);
		}
		free(path);
	}
}

/* The Dockerfile's final chain (or target's): its RUNs, the scripts they run, COPY --chmod, its base image's name. */
static char *dockerfile_setid(const struct cfile *f, const char *data, const char *path, const char *ctx,
			      const char *target)
{
	struct df_file df;
	struct fix_ctx dc = *f->c;
	struct buf runs = BUF_INIT;
	char *why = NULL;
	df_parse(&df, data, strlen(data));
	dc.df = &df;
	for (size_t i = 0; i < df.ninstrs && !why; i++) {
		const struct df_instr *in = &df.instrs[i];
		const struct df_flag *fl;
		if (in->stage < 0 || !in_chain(&df, target, in->stage))
			continue;
		if (in->kind == DF_FROM && (size_t)in->stage < df.nstages && df.stages[in->stage].parent < 0) {
			const char *img = df.stages[in->stage].image_resolved;
			const char *mta = image_mta(img);
			if (mta)
				why = xasprintf("%s builds on %s, which runs %s: its local mail submission is set-id, "
						"which no-new-privileges ignores for a non-root sender", path, img, mta);
		} else if ((in->kind == DF_COPY || in->kind == DF_ADD) && (fl = df_flag_get(in, "chmod")) && fl->value &&
			   setid_mode(fl->value, strlen(fl->value)) == 1) {
			why = xasprintf("%s copies a set-id program (line %d, --chmod=%s): no-new-privileges ignores "
					"the bit", path, in->line, fl->value);
		} else if (in->kind == DF_RUN) {
			struct scripts sc = { &dc, ctx, path, NULL, 0 };
			buf_printf(&runs, "%s\n", in->args ? in->args : "");
			for (size_t h = 0; h < in->nheredocs; h++)
				buf_printf(&runs, "%s\n", in->heredocs[h].body ? in->heredocs[h].body : "");
			each_cmd(in->args ? in->args : "", on_script_word, &sc);
			for (size_t h = 0; h < in->nheredocs && !sc.why; h++)
				if (in->heredocs[h].body)
					each_cmd(in->heredocs[h].body, on_script_word, &sc);
			why = sc.why;
		} else if (in->kind == DF_WORKDIR || in->kind == DF_VOLUME) {
			/* folders the image makes: a setgid on them is not a set-id program */
			for (size_t w = 0; w < in->nwords; w++)
				buf_printf(&runs, "mkdir %s\n", in->words[w].text);
		}
	}
	if (!why && runs.len)
		scan_text(buf_str(&runs), path, &why);
	buf_free(&runs);
	df_free(&df);
	return why;
}

char *cfile_setid_why(const struct cfile *f, const struct csvc *s)
{
	const char *img = ydoc_str(ydoc_get(s->map, "image")), *mta = image_mta(img), *target;
	char *path, *ctx, *data, *why = NULL;
	if (mta && !ydoc_get(s->map, "build"))
		return xasprintf("its image %s runs %s: its local mail submission is set-id, which "
				 "no-new-privileges ignores for a non-root sender", img, mta);
	data = service_dockerfile(f, s, &path, &ctx, &target);
	if (data)
		why = dockerfile_setid(f, data, path, ctx, target);
	free(data);
	free(path);
	free(ctx);
	return why;
}
