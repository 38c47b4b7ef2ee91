/* check_size - the Size items of CHECKLIST.md, judged on the final chain only. */
#include "dfa.h"

#include <stdlib.h>
#include <string.h>

#include "dfcheck.h"
#include "util.h"

/* A finding on a command; `fmt` has one %s, the command's text. */
static void add_cmd_sev(struct audit *au, int item, enum sev sev, const char *rule, const struct dfa_cmd *dc,
			enum fixkind fix, const char *fmt)
{
	size_t s, e;
	char *label = dfa_cmd_text(dc);
	dfa_cmd_span(dc, &s, &e);
	audit_add(au, item, sev, rule, s, e, fix, fmt, label);
	free(label);
}

static void add_cmd(struct audit *au, int item, const char *rule, const struct dfa_cmd *dc,
		    enum fixkind fix, const char *fmt)
{
	add_cmd_sev(au, item, SEV_WARNING, rule, dc, fix, fmt);
}

static int any_arg_has(const struct sh_cmd *c, const char *needle)
{
	for (size_t i = 0; i < sh_cmd_nargs(c); i++)
		if (strstr(dfa_arg(c, i), needle))
			return 1;
	return 0;
}

/* rm of something under one of `dirs` (NULL-terminated). */
static int rm_under(const struct dfa_cmd *dc, const char *const *dirs)
{
	if (!dc->name || strcmp(dc->name, "rm") != 0)
		return 0;
	for (size_t i = 0; i < sh_cmd_nargs(dc->c); i++)
		for (const char *const *d = dirs; *d; d++)
			if (str_starts(dfa_arg(dc->c, i), *d))
				return 1;
	return 0;
}

/*
 * rm of pip's cache folder: `<home>/.cache/pip` (any user's home, `~`, $HOME)
 * or the whole `<home>/.cache`. seafile-docker ends its pip RUNs with
 * `rm -r /root/.cache/pip`: the layer keeps no cache.
 */
static int rm_pip_cache(const struct dfa_cmd *dc)
{
	static const char *const tails[] = { "/.cache", "/.cache/", "/.cache/*", "/.cache/pip", "/.cache/pip/",
		"/.cache/pip/*", NULL };
	if (!dc->name || strcmp(dc->name, "rm") != 0)
		return 0;
	for (size_t i = 0; i < sh_cmd_nargs(dc->c); i++) {
		const char *t = dfa_arg(dc->c, i);
		size_t n = strlen(t);
		for (const char *const *e = tails; *e; e++) {
			size_t m = strlen(*e);
			if (n > m && strcmp(t + n - m, *e) == 0)
				return 1;
		}
	}
	return 0;
}

static int is_rpm_tool(const char *n)
{
	return n && (!strcmp(n, "yum") || !strcmp(n, "dnf") || !strcmp(n, "microdnf") || !strcmp(n, "tdnf"));
}

/* `yum clean all` in any option order (`yum clean -y all`), dnf, microdnf, tdnf too. */
static int rpm_clean_all(const struct dfa_cmd *dc)
{
	const struct sh_cmd *c = dc->c;
	int clean = 0;
	if (!is_rpm_tool(dc->name))
		return 0;
	for (size_t i = 0; i < sh_cmd_nargs(c); i++) {
		const char *t = dfa_arg(c, i);
		if (!clean)
			clean = !strcmp(t, "clean");
		else if (!strcmp(t, "all"))
			return 1;
	}
	return 0;
}

static int zypper_clean(const struct dfa_cmd *dc)
{
	const struct sh_word *w = dc->name && !strcmp(dc->name, "zypper") ? sh_cmd_subcommand(dc->c, NULL) : NULL;
	return w && (!strcmp(w->text, "clean") || !strcmp(w->text, "cc"));
}

static const char *const apk_dirs[] = { "/var/cache/apk", NULL };
static const char *const rpm_dirs[] = { "/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/tdnf", NULL };
static const char *const zypp_dirs[] = { "/var/cache/zypp", NULL };

/* What a whole RUN does, computed once for all its commands: the last command of each kind of clean. */
struct run_facts {
	long lists;             /* removes the apt lists: its index, -1 none */
	long apk_rm;            /* rm of /var/cache/apk */
	long rpm_clean;         /* yum|dnf|microdnf|tdnf clean all or rm of their cache */
	long zypp_clean;        /* zypper clean or rm of /var/cache/zypp */
	long pip_off;           /* PIP_NO_CACHE_DIR exported or assigned alone */
	long pip_rm;            /* the last rm of pip's cache folder */
	long last_apt;          /* the last apt-get update/install */
	int lists_mount;        /* a cache or tmpfs mount keeps the lists out */
	size_t first_apt;       /* the first apt install (reported once per RUN) */
};

static int sets_pip_off(const struct dfa_cmd *dc)
{
	const struct sh_cmd *c = dc->c;
	if (dc->name && strcmp(dc->name, "export") != 0)
		return 0;
	for (size_t i = 0; i < c->nwords; i++)
		if (c->words[i].text && str_starts(c->words[i].text, "PIP_NO_CACHE_DIR="))
			return 1;
	return 0;
}

static void run_facts(const struct dfa *a, const struct dfa_run *r, struct run_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->lists = f->apk_rm = f->rpm_clean = f->zypp_clean = f->pip_off = f->pip_rm = f->last_apt = -1;
	f->first_apt = r->ncmds;
	f->lists_mount = dfa_run_keep_out(&a->df->instrs[r->instr], "/var/lib/apt", NULL);
	for (size_t k = 0; k < r->ncmds; k++) {
		const struct dfa_cmd *dc = &r->cmds[k];
		if (dc->removes_lists)
			f->lists = (long)k;
		if (rm_under(dc, apk_dirs))
			f->apk_rm = (long)k;
		if (rpm_clean_all(dc) || rm_under(dc, rpm_dirs))
			f->rpm_clean = (long)k;
		if (zypper_clean(dc) || rm_under(dc, zypp_dirs))
			f->zypp_clean = (long)k;
		if (rm_pip_cache(dc))
			f->pip_rm = (long)k;
		if (f->pip_off < 0 && sets_pip_off(dc))
			f->pip_off = (long)k;
		if (dc->apt_install || dc->apt_update)
			f->last_apt = (long)k;
		if (f->first_apt == r->ncmds && dc->apt_install)
			f->first_apt = k;
	}
}

/* Calls fn for every command of every RUN of the final chain. */
typedef void (*cmd_fn)(struct audit *au, const struct dfa *a, const struct dfa_run *r, size_t ci,
		       const struct run_facts *f);

static void each_chain_cmd(struct audit *au, const struct dfa *a, cmd_fn fn)
{
	for (size_t k = 0; k < a->nchain_instrs; k++) {
		int ri = a->run_of[a->chain_instrs[k]];
		struct run_facts f;
		if (ri < 0)
			continue;
		run_facts(a, &a->runs[ri], &f);
		for (size_t ci = 0; ci < a->runs[ri].ncmds; ci++)
			fn(au, a, &a->runs[ri], ci, &f);
	}
}

/* ---- size.no-install-recommends, size.apt-lists-cleaned ---- */

static void apt_cmd(struct audit *au, const struct dfa *a, const struct dfa_run *r, size_t ci,
		    const struct run_facts *f)
{
	const struct sh_cmd *c = r->cmds[ci].c;
	if (!r->cmds[ci].apt_install)
		return;
	audit_applies(au, ITEM_SIZE_NO_INSTALL_RECOMMENDS);
	audit_applies(au, ITEM_SIZE_APT_LISTS_CLEANED);
	if (audit_skipped_branch(au, a, r, ci))
		return;
	if (!sh_cmd_has_opt(c, "--no-install-recommends") && !any_arg_has(c, "APT::Install-Recommends=false") &&
	    !any_arg_has(c, "APT::Install-Recommends=0"))
		add_cmd(au, ITEM_SIZE_NO_INSTALL_RECOMMENDS, "install-recommends", &r->cmds[ci], FIX_AUTO,
			"`%s` without --no-install-recommends pulls in recommended packages; add --no-install-recommends");
	/* a removal before the last update or install removes nothing that stays */
	if (!f->lists_mount && f->lists < f->last_apt && ci == f->first_apt)
		add_cmd(au, ITEM_SIZE_APT_LISTS_CLEANED, "apt-lists-kept", &r->cmds[ci], FIX_AUTO,
			"`%s` leaves /var/lib/apt/lists in the layer; end the same RUN with rm -rf /var/lib/apt/lists/*");
}

/* ---- size.no-pkg-cache ---- */

/* pip's --no-cache-dir, or its prefix --no-cache that pip accepts. */
static int pip_no_cache(const struct sh_cmd *c)
{
	for (size_t i = 0; i < sh_cmd_nargs(c); i++) {
		const char *t = dfa_arg(c, i);
		if (str_starts(t, "--no-cache") && str_starts("--no-cache-dir", t))
			return 1;
	}
	return 0;
}

static void cache_cmd(struct audit *au, const struct dfa *a, const struct dfa_run *r, size_t ci,
		      const struct run_facts *f)
{
	const struct sh_cmd *c = r->cmds[ci].c;
	const struct df_instr *in = &a->df->instrs[r->instr];
	enum dfa_pm pm = r->cmds[ci].os_pm;
	long at = (long)ci;
	if ((r->cmds[ci].install || pm != DFA_PM_NONE) && audit_skipped_branch(au, a, r, ci)) {
		if ((r->cmds[ci].install && r->cmds[ci].inst.lang == DFA_LANG_PIP) || pm == DFA_PM_APK ||
		    pm == DFA_PM_YUM || pm == DFA_PM_ZYPPER)
			audit_applies(au, ITEM_SIZE_NO_PKG_CACHE);
		return;
	}
	/* a clean before the install cleans nothing: only what comes after counts */
	if (r->cmds[ci].install && r->cmds[ci].inst.lang == DFA_LANG_PIP) {
		audit_applies(au, ITEM_SIZE_NO_PKG_CACHE);
		if (!pip_no_cache(c) && !dfa_run_keep_out(in, NULL, "pip") &&
		    !dfa_var(a, r->instr, "PIP_NO_CACHE_DIR", 16) && !dfa_assigns(c, "PIP_NO_CACHE_DIR", NULL) &&
		    !(f->pip_off >= 0 && f->pip_off < at) && f->pip_rm < at)
			add_cmd(au, ITEM_SIZE_NO_PKG_CACHE, "pip-cache", &r->cmds[ci], FIX_AUTO,
				"`%s` keeps pip's download cache in the layer; add --no-cache-dir (or a pip cache mount)");
	} else if (pm == DFA_PM_APK) {
		audit_applies(au, ITEM_SIZE_NO_PKG_CACHE);
		/* --no-network fetches no index, so it leaves no cache either (the official images' run-deps step) */
		if (!sh_cmd_has_opt(c, "--no-cache") && !sh_cmd_has_opt(c, "--no-network") &&
		    !dfa_run_keep_out(in, "/var/cache/apk", NULL) && f->apk_rm < at)
			add_cmd(au, ITEM_SIZE_NO_PKG_CACHE, "apk-cache", &r->cmds[ci], FIX_AUTO,
				"`%s` keeps the apk index cache in the layer; use apk add --no-cache");
	} else if (pm == DFA_PM_YUM) {
		int kept_out = 0;
		audit_applies(au, ITEM_SIZE_NO_PKG_CACHE);
		for (const char *const *d = rpm_dirs; *d && !kept_out; d++)
			kept_out = dfa_run_keep_out(in, *d, NULL);
		if (f->rpm_clean < at && !kept_out)
			add_cmd(au, ITEM_SIZE_NO_PKG_CACHE, "yum-cache", &r->cmds[ci], FIX_AUTO,
				"`%s` keeps the package cache in the layer; end the same RUN with clean all");
	} else if (pm == DFA_PM_ZYPPER) {
		audit_applies(au, ITEM_SIZE_NO_PKG_CACHE);
		if (f->zypp_clean < at && !dfa_run_keep_out(in, "/var/cache/zypp", NULL))
			add_cmd(au, ITEM_SIZE_NO_PKG_CACHE, "zypper-cache", &r->cmds[ci], FIX_NONE,
				"`%s` keeps the package cache in the layer; end the same RUN with zypper clean --all");
	}
}

/* ---- size.no-build-tools ---- */

/* Package names listed in one finding, at most (the rest are counted). */
#define SIZE_MAX_LISTED 8

static int is_headers(const char *name)
{
	size_t n = strlen(name);
	return (n > 4 && !strcmp(name + n - 4, "-dev")) || (n > 6 && !strcmp(name + n - 6, "-devel"));
}

/* "`a`, `b` and 3 more" of the packages [from, to) of the kind asked (headers or not). */
static void list_pkgs(struct buf *b, const struct dfa *a, size_t from, size_t to, int headers)
{
	size_t shown = 0, total = 0;
	for (size_t k = from; k < to; k++) {
		const struct dfa_pkg *p = &a->pkgs[k];
		int dup = 0;
		if (!p->stays || is_headers(p->name) != headers)
			continue;
		for (size_t j = from; j < k && !dup; j++)
			dup = a->pkgs[j].stays && !strcmp(a->pkgs[j].name, p->name);
		if (dup)
			continue;
		total++;
		if (shown < SIZE_MAX_LISTED)
			buf_printf(b, "%s`%s`", shown++ ? ", " : "", p->name);
	}
	if (total > shown)
		buf_printf(b, " and %zu more", total - shown);
}

/*
 * Beyond revision 4 (HOLDOUT11.md, stash's published docker/compiler image;
 * quickwit's build/cross-images): a Dockerfile whose folder or name has a
 * word compiler, toolchain or cross makes an image whose compilers are what
 * it is for - a CI or cross-compiling toolchain, even when pushed (rule 2
 * makes it runtime). Its build tools are info.
 */
static int toolchain_path(const char *path)
{
	static const char *const words[] = { "compiler", "compilers", "toolchain", "toolchains", "cross", NULL };
	return path && str_has_word(path, ".-_/", words);
}

/* One finding per install: its staying toolchain packages [from, to), compilers and headers named apart. */
static void build_tools_install(struct audit *au, const struct dfa *a, size_t from, size_t to)
{
	const struct dfa_run *r = &a->runs[a->pkgs[from].run];
	const struct dfa_cmd *dc = &r->cmds[a->pkgs[from].cmd];
	struct buf msg = BUF_INIT;
	size_t s = 0, e = 0, ncomp = 0, nhead = 0;
	int first = 1, one;
	for (size_t k = from; k < to; k++) {
		size_t ws, we;
		if (!a->pkgs[k].stays)
			continue;
		dfa_word_span(dc, a->pkgs[k].word, &ws, &we);
		if (first || ws < s)
			s = ws;
		if (first || we > e)
			e = we;
		first = 0;
		if (is_headers(a->pkgs[k].name))
			nhead++;
		else
			ncomp++;
	}
	if (first)
		return;
	one = ncomp == 1 && !nhead;    /* development headers are plural, whatever their number */
	if (ncomp) {
		buf_puts(&msg, ncomp > 1 ? "the compilers and build tools " : "the compiler or build tool ");
		list_pkgs(&msg, a, from, to, 0);
	}
	if (nhead) {
		buf_puts(&msg, ncomp ? " and the development headers " : "the development headers ");
		list_pkgs(&msg, a, from, to, 1);
	}
	if (toolchain_path(au->res->path))
		audit_add(au, ITEM_SIZE_NO_BUILD_TOOLS, SEV_INFO, "build-tools", s, e, FIX_NONE,
			  "%s %s in the final image; its path (%s) says the image exists to provide a toolchain, so "
			  "that is its point", msg.ptr, one ? "stays" : "stay", au->res->path);
	else
		audit_add(au, ITEM_SIZE_NO_BUILD_TOOLS, SEV_WARNING, "build-tools", s, e, FIX_NONE,
			  "%s %s in the final image; install %s in a builder stage and copy the result, or remove %s in the same RUN",
			  msg.ptr, one ? "stays" : "stay", one ? "it" : "them", one ? "it" : "them");
	buf_free(&msg);
}

static void check_build_tools(struct audit *au, const struct dfa *a)
{
	audit_applies(au, ITEM_SIZE_NO_BUILD_TOOLS);
	for (size_t k = 0, end; k < a->npkgs; k = end) {
		const struct dfa_pkg *p = &a->pkgs[k];
		const struct dfa_run *r = &a->runs[p->run];
		for (end = k + 1; end < a->npkgs && a->pkgs[end].run == p->run && a->pkgs[end].cmd == p->cmd; end++)
			;
		if (r->stage < 0 || !a->in_chain[r->stage])
			continue;
		build_tools_install(au, a, k, end);
	}
}

void check_size(struct audit *au, const struct dfa *a)
{
	each_chain_cmd(au, a, apt_cmd);
	each_chain_cmd(au, a, cache_cmd);
	check_build_tools(au, a);
	check_size_prod(au, a);
}
