/* dfa_cmds - what a simple command of a RUN does: OS package installs and removals, apt. */
#include "dfa.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *dfa_arg(const struct sh_cmd *c, size_t i)
{
	const struct sh_word *w = sh_cmd_arg(c, i);
	return w && w->text ? w->text : "";
}

static int name_is(const struct sh_cmd *c, const char *n)
{
	const char *name = sh_cmd_name(c);
	return name && strcmp(name, n) == 0;
}

static const char *const apt_values[] = { "-o", "-t", "-c", "--target-release", "--option",
	"--config-file", NULL };
static const char *const apk_values[] = { "--virtual", "-t", "--repository", "-X", "--root", "-p",
	"--arch", "--cache-dir", "--keys-dir", "--repositories-file", NULL };
static const char *const yum_values[] = { "-c", "--config", "--installroot", "--releasever",
	"--enablerepo", "--disablerepo", "-x", "--exclude", "--setopt", "--repo", "--repoid", NULL };
static const char *const zypper_values[] = { "-r", "--repo", "-t", "--type", "--from", NULL };

static const char *const *pm_values(enum dfa_pm pm)
{
	switch (pm) {
	case DFA_PM_APT: return apt_values;
	case DFA_PM_APK: return apk_values;
	case DFA_PM_YUM: return yum_values;
	default: return zypper_values;
	}
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* Index (for sh_cmd_arg) of the subcommand, or -1. */
static long sub_index(const struct sh_cmd *c, const char *const *values)
{
	const struct sh_word *w = sh_cmd_subcommand(c, values);
	for (size_t i = 0; w && i < sh_cmd_nargs(c); i++)
		if (sh_cmd_arg(c, i) == w)
			return (long)i;
	return -1;
}

/* The package manager a command name is: a switch on its first byte, then one or two compares. */
static enum dfa_pm pm_named(const char *n)
{
	if (!n)
		return DFA_PM_NONE;
	switch (n[0]) {
	case 'a':
		return !strcmp(n, "apt-get") || !strcmp(n, "apt") ? DFA_PM_APT : !strcmp(n, "apk") ? DFA_PM_APK : DFA_PM_NONE;
	case 'y':
		return !strcmp(n, "yum") ? DFA_PM_YUM : DFA_PM_NONE;
	case 'd':
		return !strcmp(n, "dnf") ? DFA_PM_YUM : DFA_PM_NONE;
	case 'm':
		return !strcmp(n, "microdnf") ? DFA_PM_YUM : DFA_PM_NONE;
	case 't':
		return !strcmp(n, "tdnf") ? DFA_PM_YUM : DFA_PM_NONE;
	case 'z':
		return !strcmp(n, "zypper") ? DFA_PM_ZYPPER : DFA_PM_NONE;
	default:
		return DFA_PM_NONE;
	}
}

static enum dfa_pm pm_of(const struct sh_cmd *c)
{
	return pm_named(sh_cmd_name(c));
}

/* The subcommand that makes `pm` install ("install", "add", "in"). */
static int install_sub(enum dfa_pm pm, const char *sub)
{
	return (pm == DFA_PM_APT && strcmp(sub, "install") == 0) ||
	       (pm == DFA_PM_APK && strcmp(sub, "add") == 0) ||
	       (pm == DFA_PM_YUM && (strcmp(sub, "install") == 0 || strcmp(sub, "in") == 0 ||
				     strcmp(sub, "reinstall") == 0 || strcmp(sub, "upgrade") == 0)) ||
	       (pm == DFA_PM_ZYPPER && (strcmp(sub, "install") == 0 || strcmp(sub, "in") == 0));
}

enum dfa_pm dfa_os_install(const struct sh_cmd *c, size_t *first)
{
	enum dfa_pm pm = pm_of(c);
	long s;
	const char *sub;
	*first = 0;
	if (pm == DFA_PM_NONE || (s = sub_index(c, pm_values(pm))) < 0)
		return DFA_PM_NONE;
	sub = dfa_arg(c, (size_t)s);
	if (install_sub(pm, sub)) {
		*first = (size_t)s + 1;
		return pm;
	}
	return DFA_PM_NONE;
}

int dfa_pkg_arg(const struct sh_cmd *c, enum dfa_pm pm, size_t i, size_t first)
{
	const char *t = dfa_arg(c, i);
	if (i < first || !*t || t[0] == '-' || t[0] == '>' || t[0] == '<')
		return 0;
	/* every option listed with a value starts with '-' */
	if (i > first && dfa_arg(c, i - 1)[0] == '-' && in_list(dfa_arg(c, i - 1), pm_values(pm)))
		return 0;
	return 1;
}

const char *dfa_apk_virtual(const struct sh_cmd *c)
{
	for (size_t i = 0; i < sh_cmd_nargs(c); i++) {
		const char *t = dfa_arg(c, i);
		if (str_starts(t, "--virtual="))
			return t + 10;
		if ((!strcmp(t, "--virtual") || !strcmp(t, "-t")) && i + 1 < sh_cmd_nargs(c))
			return dfa_arg(c, i + 1);
	}
	return NULL;
}

char *dfa_pkg_strip(const char *word, enum dfa_pm pm)
{
	const char *stops = pm == DFA_PM_APT ? "=:" : pm == DFA_PM_APK ? "=<>~@" : "";
	return xstrndup(word, strcspn(word, stops));
}

static int removes_named(const struct sh_cmd *c, enum dfa_pm pm, size_t first,
			 const char *name, const char *group, int bare_all)
{
	int named = 0;
	for (size_t i = first; i < sh_cmd_nargs(c); i++) {
		char *p;
		int hit;
		if (!dfa_pkg_arg(c, pm, i, first))
			continue;
		named = 1;
		if (strchr(dfa_arg(c, i), '$'))
			return 1;       /* a variable of packages: the official images' $buildDeps */
		p = dfa_pkg_strip(dfa_arg(c, i), pm);
		hit = strcmp(p, name) == 0 || (group && strcmp(p, group) == 0);
		free(p);
		if (hit)
			return 1;
	}
	return !named && bare_all;
}

int dfa_os_removes(const struct sh_cmd *c, enum dfa_pm pm, const char *name, const char *group)
{
	long s;
	const char *sub;
	if (pm_of(c) != pm || (s = sub_index(c, pm_values(pm))) < 0)
		return 0;
	sub = dfa_arg(c, (size_t)s);
	switch (pm) {
	case DFA_PM_APT:
		if (strcmp(sub, "autoremove") == 0)
			return removes_named(c, pm, (size_t)s + 1, name, NULL, 1);
		if (strcmp(sub, "purge") == 0 || strcmp(sub, "remove") == 0)
			return removes_named(c, pm, (size_t)s + 1, name, NULL,
					     sh_cmd_has_opt(c, "--auto-remove") || sh_cmd_has_opt(c, "--autoremove"));
		return 0;
	case DFA_PM_APK:
		return strcmp(sub, "del") == 0 && removes_named(c, pm, (size_t)s + 1, name, group, 0);
	case DFA_PM_YUM:
		if (strcmp(sub, "autoremove") == 0)
			return removes_named(c, pm, (size_t)s + 1, name, NULL, 1);
		return (strcmp(sub, "remove") == 0 || strcmp(sub, "erase") == 0) &&
		       removes_named(c, pm, (size_t)s + 1, name, NULL, 0);
	case DFA_PM_ZYPPER:
		return (strcmp(sub, "remove") == 0 || strcmp(sub, "rm") == 0) &&
		       removes_named(c, pm, (size_t)s + 1, name, NULL, 0);
	default:
		return 0;
	}
}

int dfa_os_removal(const struct sh_cmd *c)
{
	static const char *const subs[] = { "purge", "remove", "autoremove", "del", "erase", "rm", NULL };
	enum dfa_pm pm = pm_of(c);
	long s;
	return pm != DFA_PM_NONE && (s = sub_index(c, pm_values(pm))) >= 0 && in_list(dfa_arg(c, (size_t)s), subs);
}

int dfa_is_apt(const struct sh_cmd *c)
{
	return pm_of(c) == DFA_PM_APT;
}

static int apt_sub(const struct sh_cmd *c, const char *sub)
{
	long s;
	return dfa_is_apt(c) && (s = sub_index(c, apt_values)) >= 0 && strcmp(dfa_arg(c, (size_t)s), sub) == 0;
}

int dfa_apt_install(const struct sh_cmd *c)
{
	return apt_sub(c, "install");
}

int dfa_apt_update(const struct sh_cmd *c)
{
	return apt_sub(c, "update");
}

/* How far into a command the word `playwright` is looked for: `npx -y playwright@1.49 install`. */
#define PLAYWRIGHT_SCAN_ARGS 4

/* 1 when `w` names the playwright CLI: `playwright`, `playwright@1.49.0`, `.../bin/playwright`. */
static int playwright_word(const char *w)
{
	const char *b = strrchr(w, '/');
	b = b ? b + 1 : w;
	return strncmp(b, "playwright", 10) == 0 && (b[10] == '\0' || b[10] == '@');
}

/* `playwright install --with-deps ...` or `playwright install-deps`, however it is launched. */
static int playwright_deps(const struct sh_cmd *c)
{
	const char *n = sh_cmd_name(c);
	size_t na = sh_cmd_nargs(c), at;
	if (n && playwright_word(n))
		at = 0;
	else {
		for (at = 0; at < na && at < PLAYWRIGHT_SCAN_ARGS && !playwright_word(dfa_arg(c, at)); at++)
			;
		if (at >= na || at >= PLAYWRIGHT_SCAN_ARGS)
			return 0;
		at++;
	}
	while (at < na && dfa_arg(c, at)[0] == '-')
		at++;
	if (at >= na)
		return 0;
	if (strcmp(dfa_arg(c, at), "install-deps") == 0)
		return 1;
	if (strcmp(dfa_arg(c, at), "install") != 0)
		return 0;
	for (size_t i = at + 1; i < na; i++)
		if (strcmp(dfa_arg(c, i), "--with-deps") == 0)
			return 1;
	return 0;
}

int dfa_apt_uses_index(const struct sh_cmd *c)
{
	return apt_sub(c, "upgrade") || apt_sub(c, "dist-upgrade") || apt_sub(c, "full-upgrade") ||
	       playwright_deps(c);
}

/*
 * 1 when rm's argument `p` takes /var/lib/apt/lists with it: the lists or
 * something in them, or a folder above them or everything in one (`/var/lib`,
 * `/var/lib/apt/`, `/var/lib/apt/` and a star): penpot ends its install with
 * `rm -rf /var/lib /var/cache`. The root itself is not counted.
 */
static int takes_apt_lists(const char *p)
{
	static const char lists[] = "/var/lib/apt/lists";
	size_t n = strlen(p);
	if (str_starts(p, lists))
		return 1;
	if (n >= 2 && p[n - 2] == '/' && p[n - 1] == '*')
		n -= 2;         /* a folder followed by a star empties it: the lists go too */
	while (n > 1 && p[n - 1] == '/')
		n--;
	return n > 1 && p[0] == '/' && !strncmp(p, lists, n) && lists[n] == '/';
}

/* rm of /var/lib/apt/lists[/...] or a folder above it (the name already known to be rm). */
static int rm_apt_lists(const struct sh_cmd *c)
{
	for (size_t i = 0; i < sh_cmd_nargs(c); i++)
		if (takes_apt_lists(dfa_arg(c, i)))
			return 1;
	return 0;
}

int dfa_removes_apt_lists(const struct sh_cmd *c)
{
	if (apt_sub(c, "dist-clean"))
		return 1;
	if (!name_is(c, "rm"))
		return 0;
	return rm_apt_lists(c);
}

void dfa_cmd_facts(struct dfa_cmd *dc)
{
	const struct sh_cmd *c = dc->c;
	const char *n = sh_cmd_name(c), *sub = NULL;
	enum dfa_pm pm = pm_named(n);
	long s;
	int js;
	dc->name = n;
	dc->os_pm = DFA_PM_NONE;
	dc->os_first = 0;
	/* one subcommand lookup answers dfa_os_install, dfa_is_apt, dfa_apt_install/update and dist-clean */
	if (pm != DFA_PM_NONE && (s = sub_index(c, pm_values(pm))) >= 0) {
		sub = dfa_arg(c, (size_t)s);
		if (install_sub(pm, sub)) {
			dc->os_pm = pm;
			dc->os_first = (size_t)s + 1;
		}
	}
	dc->is_apt = pm == DFA_PM_APT;
	dc->apt_install = dc->is_apt && sub && strcmp(sub, "install") == 0;
	dc->apt_update = dc->is_apt && sub && strcmp(sub, "update") == 0;
	dc->apt_uses_index = (unsigned char)dfa_apt_uses_index(c);
	dc->removes_lists = (dc->is_apt && sub && strcmp(sub, "dist-clean") == 0) ||
			    (n && strcmp(n, "rm") == 0 && rm_apt_lists(c));
	dc->install = (unsigned char)dfa_install_of(c, &dc->inst);
	dc->compile = (unsigned char)dfa_compile_step(c, &js);
	dc->js = (unsigned char)js;
}

int dfa_toolchain_pkg(const char *name)
{
	static const char *const names[] = { "build-essential", "gcc", "g++", "clang", "make", "cmake",
		"autoconf", "automake", "libtool", "pkg-config", "pkgconf", "alpine-sdk", "musl-dev",
		"cargo", "rust", "golang", "build-base", NULL };
	size_t n = strlen(name);
	/* the names start with one of these bytes: the list is read only then */
	if (strchr("abcglmpr", name[0]) && name[0] && in_list(name, names))
		return 1;
	return (n > 4 && memcmp(name + n - 4, "-dev", 4) == 0) || (n > 6 && memcmp(name + n - 6, "-devel", 6) == 0);
}

int dfa_toolchain_image(const struct dfa_image *img, int js_build)
{
	static const char *const names[] = { "golang", "rust", "gcc", "maven", "gradle",
		"mcr.microsoft.com/dotnet/sdk", "buildpack-deps", NULL };
	for (const char *const *n = names; *n; n++)
		if (dfa_image_is(img, *n))
			return 1;
	return js_build && dfa_image_hub(img, "node");
}

int dfa_assigns(const struct sh_cmd *c, const char *name, const char *value)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < c->nassign && i < c->nwords; i++) {
		const char *t = c->words[i].text;
		if (t && !strncmp(t, name, n) && t[n] == '=' && (!value || !strcmp(t + n + 1, value)))
			return 1;
	}
	return 0;
}
