/* dfa_lang - language package installs, project dependency installs and compile steps (CHECKLIST.md Terms). */
#include "dfa.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* "pip", "pip3", "pip3.11" / "python", "python3.12": the prefix followed by digits and dots only. */
static int versioned(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	if (!name || strncmp(name, prefix, n) != 0)
		return 0;
	return strspn(name + n, "0123456789.") == strlen(name + n);
}

/* Index of the first argument after "pip" (pip ..., python -m pip ...), or -1. */
static long pip_start(const struct sh_cmd *c)
{
	const char *n = sh_cmd_name(c);
	if (versioned(n, "pip"))
		return 0;
	if (versioned(n, "python") && strcmp(dfa_arg(c, 0), "-m") == 0 &&
	    (strcmp(dfa_arg(c, 1), "pip") == 0 || strcmp(dfa_arg(c, 1), "pip3") == 0))
		return 2;
	return -1;
}

/* First non-option argument from index `from`, skipping the values of options in `values`; -1 when none. */
static long first_plain(const struct sh_cmd *c, size_t from, const char *const *values)
{
	for (size_t i = from; i < sh_cmd_nargs(c); i++) {
		const char *t = dfa_arg(c, i);
		if (t[0] != '-')
			return (long)i;
		if (values && in_list(t, values))
			i++;
	}
	return -1;
}

static const char *const pip_values[] = { "-c", "--constraint", "-i", "--index-url",
	"--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root",
	"--trusted-host", "--platform", "--python-version", "--implementation", "--abi", "--src",
	"--upgrade-strategy", "--progress-bar", "--cache-dir", "--log", "--timeout", "--retries",
	"--proxy", "--cert", "--client-cert", "--only-binary", "--no-binary", "-C",
	"--config-settings", "--global-option", "--python", "--report", "--exists-action", NULL };

static int pip_local(const char *spec)
{
	return strcmp(spec, ".") == 0 || str_starts(spec, "./") || str_starts(spec, ".[");
}

/* The distribution name of a requirement ("pip==24.0" -> "pip"), compared to the installers. */
static int is_installer(const char *spec, const char *const *installers)
{
	size_t n = strcspn(spec, "=<>!~;[ @");
	char *name;
	int hit;
	if (spec[0] == '@')     /* npm scoped package */
		n = strcspn(spec + 1, "@") + 1;
	name = xstrndup(spec, n);
	hit = in_list(name, installers);
	free(name);
	return hit;
}

/* A distribution file or a folder of them named by path: `dist/app-1.0.whl`, `/wheels/` and a star, `x.tar.gz`. */
static int pip_file(const char *spec)
{
	if (strstr(spec, "://") || strchr(spec, '$'))
		return 0;
	if (str_ends(spec, ".whl") || str_ends(spec, ".tar.gz") || str_ends(spec, ".zip") || str_ends(spec, ".tgz"))
		return 1;
	return strchr(spec, '/') && (str_ends(spec, "/*") || str_ends(spec, "/"));
}

/* --find-links' value names a folder on disk, not a URL (`file://` is local too). */
static int pip_local_links(const char *v)
{
	return v[0] && (!strstr(v, "://") || str_starts(v, "file://"));
}

static void pip_install(const struct sh_cmd *c, size_t from, struct dfa_install *o)
{
	static const char *const installers[] = { "pip", "setuptools", "wheel", NULL };
	size_t npkg = 0, ninst = 0, nfile = 0;
	int no_index = 0, local_links = 0;
	for (size_t i = from; i < sh_cmd_nargs(c); i++) {
		const char *t = dfa_arg(c, i);
		if (!strcmp(t, "-r") || !strcmp(t, "--requirement")) {
			o->project = 1;
			if (!o->req)
				o->req = sh_cmd_arg(c, i + 1);
			i++;
		} else if ((str_starts(t, "-r") && t[1] == 'r' && t[2]) || str_starts(t, "--requirement=")) {
			o->project = 1;
			if (!o->req)
				o->req = sh_cmd_arg(c, i);
		} else if (!strcmp(t, "-e") || !strcmp(t, "--editable")) {
			if (pip_local(dfa_arg(c, i + 1)))
				o->project = 1;
			else
				npkg++;
			i++;
		} else if (t[0] == '-') {
			no_index |= !strcmp(t, "--no-index");
			if (!strcmp(t, "-f") || !strcmp(t, "--find-links"))
				local_links |= pip_local_links(dfa_arg(c, i + 1));
			else if (str_starts(t, "--find-links="))
				local_links |= pip_local_links(t + 13);
			if (in_list(t, pip_values))
				i++;
		} else if (pip_local(t)) {
			o->project = 1;
		} else {
			npkg++;
			nfile += pip_file(t);
			ninst += is_installer(t, installers);
		}
	}
	o->installers_only = !o->project && npkg > 0 && ninst == npkg;
	o->local_only = no_index || local_links || (!o->project && npkg > 0 && nfile == npkg);
}

static const char *const js_installers[] = { "npm", "yarn", "pnpm", "corepack", NULL };
static const char *const npm_values[] = { "--prefix", "--registry", "--cache", "-w", "--workspace",
	"--omit", "--include", "--loglevel", "--userconfig", "--cwd", "--modules-folder",
	"--cache-folder", "--network-timeout", "--filter", "-C", "--dir", NULL };

/* Named packages after index `from`: counts them and the installers among them. */
static size_t js_packages(const struct sh_cmd *c, size_t from, size_t *ninst)
{
	size_t n = 0;
	*ninst = 0;
	for (size_t i = from; i < sh_cmd_nargs(c); i++) {
		const char *t = dfa_arg(c, i);
		if (t[0] == '-') {
			if (in_list(t, npm_values))
				i++;
			continue;
		}
		n++;
		*ninst += is_installer(t, js_installers);
	}
	return n;
}

static int js_install(const struct sh_cmd *c, const char *tool, struct dfa_install *o)
{
	long s = first_plain(c, 0, npm_values);
	const char *sub = s >= 0 ? dfa_arg(c, (size_t)s) : NULL;
	size_t npkg, ninst;
	int is_npm = !strcmp(tool, "npm"), is_yarn = !strcmp(tool, "yarn");
	o->lang = is_npm ? DFA_LANG_NPM : is_yarn ? DFA_LANG_YARN : DFA_LANG_PNPM;
	if (!sub) {
		if (!is_yarn || sh_cmd_has_opt(c, "--version") || sh_cmd_has_opt(c, "-v") ||
		    sh_cmd_has_opt(c, "--help") || sh_cmd_has_opt(c, "-h"))
			return 0;
		o->tool = "yarn";
		return o->lang_install = o->project = 1;
	}
	if (is_yarn && !strcmp(sub, "global") && !strcmp(dfa_arg(c, (size_t)s + 1), "add"))
		s++, sub = "add";
	if (is_npm && !strcmp(sub, "ci"))
		o->project = 1;
	else if (!strcmp(sub, "install") || (!is_yarn && !strcmp(sub, "i")) || !strcmp(sub, "add") ||
		 (is_npm && !strcmp(sub, "isntall")))
		o->project = !strcmp(sub, "add") ? 0 : 1;
	else
		return 0;
	npkg = js_packages(c, (size_t)s + 1, &ninst);
	if (o->project && npkg > 0 && !(is_npm && !strcmp(sub, "ci")))
		o->project = is_yarn;   /* yarn install takes no packages */
	o->installers_only = !o->project && npkg > 0 && ninst == npkg;
	o->tool = is_npm ? (!strcmp(sub, "ci") ? "npm ci" : "npm install") :
		  is_yarn ? (!strcmp(sub, "add") ? "yarn add" : "yarn install") :
		  (!strcmp(sub, "add") ? "pnpm add" : "pnpm install");
	return o->lang_install = 1;
}

static int other_project(const struct sh_cmd *c, struct dfa_install *o)
{
	static const char *const pairs[][3] = {
		{ "go", "mod", "download" }, { "bundle", "install", NULL }, { "composer", "install", NULL },
		{ "poetry", "install", NULL }, { "uv", "sync", NULL }, { "cargo", "fetch", NULL } };
	static const char *const tools[] = { "go mod download", "bundle install", "composer install",
		"poetry install", "uv sync", "cargo fetch" };
	const char *n = sh_cmd_name(c);
	for (size_t k = 0; n && k < ARRAY_SIZE(pairs); k++) {
		long s;
		if (strcmp(n, pairs[k][0]) != 0 || (s = first_plain(c, 0, NULL)) < 0)
			continue;
		if (strcmp(dfa_arg(c, (size_t)s), pairs[k][1]) != 0)
			continue;
		if (pairs[k][2] && strcmp(dfa_arg(c, (size_t)s + 1), pairs[k][2]) != 0)
			continue;
		o->lang = DFA_LANG_OTHER;
		o->project = 1;
		o->tool = tools[k];
		return 1;
	}
	return 0;
}

int dfa_is_pip(const struct sh_cmd *c)
{
	const char *n = sh_cmd_name(c);
	return n && n[0] == 'p' ? pip_start(c) >= 0 : 0;
}

int dfa_install_of(const struct sh_cmd *c, struct dfa_install *o)
{
	const char *n = sh_cmd_name(c);
	long p, s;
	memset(o, 0, sizeof(*o));
	if (!n)
		return 0;
	/* pip and python -m pip start with 'p'; the other tools are told apart by their first byte */
	p = n[0] == 'p' ? pip_start(c) : -1;
	if (p >= 0) {
		s = first_plain(c, (size_t)p, NULL);
		if (s < 0 || strcmp(dfa_arg(c, (size_t)s), "install") != 0)
			return 0;
		o->lang = DFA_LANG_PIP;
		o->tool = "pip install";
		o->lang_install = 1;
		pip_install(c, (size_t)s + 1, o);
		return 1;
	}
	switch (n[0]) {
	case 'n': case 'y': case 'p':
		if (!strcmp(n, "npm") || !strcmp(n, "yarn") || !strcmp(n, "pnpm"))
			return js_install(c, n, o);
		/* fall through - poetry is another project install */
	case 'g': case 'b': case 'c': case 'u':
		return other_project(c, o);
	default:
		return 0;
	}
}

/* Some non-option argument from `from` on is one of `words`. */
static int any_arg(const struct sh_cmd *c, size_t from, const char *const *words)
{
	for (size_t i = from; i < sh_cmd_nargs(c); i++)
		if (in_list(dfa_arg(c, i), words))
			return 1;
	return 0;
}

static int js_build(const struct sh_cmd *c, const char *n)
{
	long s = first_plain(c, 0, npm_values);
	const char *sub = s >= 0 ? dfa_arg(c, (size_t)s) : "";
	long t = s >= 0 ? first_plain(c, (size_t)s + 1, NULL) : -1;
	const char *next = t >= 0 ? dfa_arg(c, (size_t)t) : "";
	if (!strcmp(sub, "run") || !strcmp(sub, "run-script"))
		return !strcmp(next, "build");
	return strcmp(n, "npm") != 0 && !strcmp(sub, "build");
}

int dfa_compile_step(const struct sh_cmd *c, int *js)
{
	static const char *const mvn[] = { "package", "install", "verify", NULL };
	static const char *const gradle[] = { "build", "assemble", NULL };
	static const char *const setup[] = { "build", "bdist_wheel", NULL };
	const char *n = sh_cmd_name(c), *sub;
	long s, p;
	*js = 0;
	if (!n)
		return 0;
	/* a switch on the first byte, then the few names that start with it */
	switch (n[0]) {
	case 'm':
		if (!strcmp(n, "make"))
			return 1;
		if (!strcmp(n, "mvn") || !strcmp(n, "mvnw"))
			return any_arg(c, 0, mvn);
		return 0;
	case 'g':
		if (!strcmp(n, "gcc") || !strcmp(n, "g++"))
			return 1;
		if (!strcmp(n, "gradle") || !strcmp(n, "gradlew"))
			return any_arg(c, 0, gradle);
		if (strcmp(n, "go") != 0 || (s = first_plain(c, 0, NULL)) < 0)
			return 0;
		sub = dfa_arg(c, (size_t)s);
		return !strcmp(sub, "build") || !strcmp(sub, "install") || !strcmp(sub, "get");
	case 'c':
		if (!strcmp(n, "cc"))
			return 1;
		if (strcmp(n, "cargo") != 0 || (s = first_plain(c, 0, NULL)) < 0)
			return 0;
		return !strcmp(dfa_arg(c, (size_t)s), "build");
	case 't':
		return !strcmp(n, "tsc");
	case 'n': case 'y':
		if (!strcmp(n, "npm") || !strcmp(n, "yarn"))
			return *js = js_build(c, n);
		return 0;
	case 'p':
		if (!strcmp(n, "pnpm"))
			return *js = js_build(c, n);
		if ((p = pip_start(c)) >= 0)
			return (s = first_plain(c, (size_t)p, NULL)) >= 0 && !strcmp(dfa_arg(c, (size_t)s), "wheel");
		if (versioned(n, "python"))
			return str_ends(dfa_arg(c, 0), "setup.py") && any_arg(c, 1, setup);
		return 0;
	case 'd':
		if (strcmp(n, "dotnet") != 0 || (s = first_plain(c, 0, NULL)) < 0)
			return 0;
		return !strcmp(dfa_arg(c, (size_t)s), "build") || !strcmp(dfa_arg(c, (size_t)s), "publish");
	default:
		return 0;
	}
}
