/* check_pitfalls - corr.pitfalls: the hadolint-style checks beyond the seed, each with its own rule id. */
#include "dfa.h"

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

static int apt_yes(const struct sh_cmd *c)
{
	if (sh_cmd_has_opt(c, "-y") || sh_cmd_has_opt(c, "--yes") || sh_cmd_has_opt(c, "--assume-yes") ||
	    sh_cmd_has_opt(c, "--force-yes"))
		return 1;
	for (size_t i = 0; i < sh_cmd_nargs(c); i++) {
		const char *t = dfa_arg(c, i), *q;
		if (strstr(t, "Assume-Yes=true") || strstr(t, "Assume-Yes=1"))
			return 1;
		if (t[0] == '-' && t[1] != '-' && (q = strchr(t, 'q')) && strchr(q + 1, 'q'))
			return 1;       /* -qq implies -y */
	}
	return 0;
}

static void run_pitfalls(struct audit *au, const struct dfa_run *r, int pipefail)
{
	for (size_t ci = 0; ci < r->ncmds; ci++) {
		const struct dfa_cmd *dc = &r->cmds[ci];
		const struct sh_cmd *c = dc->c;
		pipefail |= set_pipefail(dc);
		if ((name_is(dc, "curl") || name_is(dc, "wget")) && c->op == SH_PIPE && !pipefail &&
		    ci + 1 < r->ncmds && r->cmds[ci + 1].s == dc->s && is_shell(r->cmds[ci + 1].name)) {
			size_t s, e, s2, e2;
			dfa_cmd_span(dc, &s, &e);
			dfa_cmd_span(&r->cmds[ci + 1], &s2, &e2);
			audit_add(au, ITEM_CORR_PITFALLS, SEV_WARNING, "curl-pipe-shell", s, e2 > e ? e2 : e, FIX_NONE,
				  "`%s | %s` hides a failed download (the shell succeeds on empty input); add set -o pipefail or a SHELL with -o pipefail",
				  dc->name, r->cmds[ci + 1].name);
		}
		if (name_is(dc, "sudo"))
			add_word(au, SEV_WARNING, "sudo", dc, NULL,
				 "sudo in RUN: the build already runs as root (or as USER); drop sudo and switch USER where needed");
		if (name_is(dc, "chmod"))
			for (size_t i = 0; i < sh_cmd_nargs(c); i++) {
				const char *t = dfa_arg(c, i);
				if (!strcmp(t, "777") || !strcmp(t, "0777") || !strcmp(t, "a+rwx"))
					add_word(au, SEV_WARNING, "chmod-777", dc, sh_cmd_arg(c, i),
						 "chmod 777 makes files writable by every user; grant only what the app needs");
			}
		if (dc->apt_install && !apt_yes(c) && !(c->piped_in && ci > 0 && name_is(&r->cmds[ci - 1], "yes")))
			add_word(au, SEV_ERROR, "apt-no-y", dc, NULL, name_is(dc, "apt") ?
				 "apt install without -y waits for a confirmation and the build stops; add -y" :
				 "apt-get install without -y waits for a confirmation and the build stops; add -y");
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
	    df_stage_find(a->df, v, in->stage >= 0 ? (size_t)in->stage : 0) < 0)
		audit_add(au, ITEM_CORR_PITFALLS, SEV_ERROR, "copy-from-unknown", fl->span.start, fl->span.end, FIX_NONE,
			  "COPY --from=%s names no earlier stage (nor an image reference); the build fails or pulls an image named %s",
			  v, v);
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

static void expose_ssh(struct audit *au, const struct df_instr *in)
{
	for (size_t w = 0; w < in->nwords; w++) {
		const char *t = in->words[w].text;
		if (t && (!strcmp(t, "22") || str_starts(t, "22/")))
			audit_add(au, ITEM_CORR_PITFALLS, SEV_WARNING, "expose-ssh", in->words[w].span.start,
				  in->words[w].span.end, FIX_NONE,
				  "EXPOSE 22: an SSH server in a container is a needless way in; use docker exec");
	}
}

/* The RUNs of each stage with the SHELL in force (inherited through FROM <stage>) deciding on pipefail. */
static void runs_by_stage(struct audit *au, const struct dfa *a)
{
	const struct df_file *df = a->df;
	int *end = xcalloc(df->nstages ? df->nstages : 1, sizeof(int));
	for (size_t i = 0; i < df->ninstrs && df->instrs[i].stage < 0; i++)
		if (a->run_of[i] >= 0)
			run_pitfalls(au, &a->runs[a->run_of[i]], 0);
	for (size_t s = 0; s < df->nstages; s++) {
		const struct df_stage *st = &df->stages[s];
		int p = st->parent, pf = p >= 0 && (size_t)p < s ? end[p] : 0;
		for (size_t i = st->first; i < st->first + st->count && i < df->ninstrs; i++) {
			const struct df_instr *in = &df->instrs[i];
			if (in->kind == DF_SHELL && in->json)
				pf = words_pipefail(in->argv, in->argc);
			else if (a->run_of[i] >= 0)
				run_pitfalls(au, &a->runs[a->run_of[i]], pf);
		}
		end[s] = pf;
	}
	free(end);
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
		else if (in->kind == DF_ADD)
			add_local(au, in);
		else if (in->kind == DF_EXPOSE)
			expose_ssh(au, in);
		else if (in->kind == DF_MAINTAINER)
			audit_add(au, ITEM_CORR_PITFALLS, SEV_INFO, "maintainer", in->span.start, in->span.end, FIX_NONE,
				  "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors=...");
	}
}
