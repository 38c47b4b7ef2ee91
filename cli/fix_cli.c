/*
 * fix_cli - `berth fix` (SPEC.md "fix"): scan like `berth check`, plan and
 * apply every verified automatic fix (and those whose value is given), then
 * print one git-style patch (--dry-run, the default), write the files
 * atomically (--write) or commit them (--commit).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "diff.h"
#include "fix.h"
#include "fix_priv.h"
#include "repo.h"
#include "scan.h"
#include "scan_open.h"
#include "util.h"

struct fix_args {
	enum fix_mode mode;
	const char *message;
	const char *config;
	const char *hadolint;
	int allow_detached;
	enum fix_level level;   /* --level */
	char *only;             /* validated, comma-separated */
	char **sets;            /* NAME=VALUE */
	size_t nsets, capsets;
	char **paths;
	size_t npaths, cappaths;
};

static void usage(FILE *to)
{
	fputs("usage: berth fix [--dry-run | --write | --commit [-m MSG] [--allow-detached]]\n"
	      "                 [--level safe|review] [--only KEY[,KEY...]] [--set NAME=VALUE]...\n"
	      "                 [--config FILE] [--hadolint-config FILE] [PATH...]\n", to);
}

static int bad(const char *fmt, const char *what)
{
	fputs("berth fix: ", stderr);
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	usage(stderr);
	return 2;
}

/* Every key of --only must be a checklist item. */
static int check_only(const char *only)
{
	char *copy = xstrdup(only), *save = NULL;
	int rc = 0;
	for (char *k = strtok_r(copy, ",", &save); k; k = strtok_r(NULL, ",", &save))
		if (item_find(k) < 0) {
			rc = bad("--only: unknown item %s", k);
			break;
		}
	free(copy);
	return rc;
}

/* --- levels and values (issue 16) --- */

/* A --set NAME=VALUE berth takes (CHECKLIST.md "Fixes", Values): 0, or 2 with the reason on stderr. */
static int check_set(const char *set)
{
	char *name = xstrndup(set, strcspn(set, "="));
	const char *bad = NULL;
	int rc = config_fix_check(name, set + strlen(name) + 1, &bad);
	if (rc == CONFIG_FIX_BAD_NAME)
		fprintf(stderr, "berth fix: --set: unknown name %s (valid: %s)\n", name, bad);
	else if (rc == CONFIG_FIX_BAD_VALUE)
		fprintf(stderr, "berth fix: --set: bad value '%s' for %s: expected %s\n",
			set + strlen(name) + 1, name, bad);
	free(name);
	if (rc)
		usage(stderr);
	return rc ? 2 : 0;
}

/* An option's value: "--opt=V" or "--opt V". */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* 0 ok, 1 help shown, 2 usage error. */
static int parse_args(int argc, char **argv, struct fix_args *a)
{
	int modes = 0, dashdash = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;
		if (dashdash || arg[0] != '-' || strcmp(arg, "-") == 0) {
			PUSH(a->paths, a->npaths, a->cappaths, argv[i]);
		} else if (strcmp(arg, "--") == 0) {
			dashdash = 1;
		} else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			usage(stdout);
			return 1;
		} else if (strcmp(arg, "--dry-run") == 0) {
			a->mode = FIX_MODE_DRY_RUN, modes++;
		} else if (strcmp(arg, "--write") == 0) {
			a->mode = FIX_MODE_WRITE, modes++;
		} else if (strcmp(arg, "--commit") == 0) {
			a->mode = FIX_MODE_COMMIT, modes++;
		} else if (strcmp(arg, "--allow-detached") == 0) {
			a->allow_detached = 1;
		} else if (strcmp(arg, "-m") == 0 || is_opt(arg, "--message")) {
			if (!(v = strcmp(arg, "-m") == 0 ? (i + 1 < argc ? argv[++i] : NULL)
							 : opt_value(argc, argv, &i, "--message")))
				return bad("%s needs a message", arg);
			a->message = v;
		} else if (is_opt(arg, "--only")) {
			if (!(v = opt_value(argc, argv, &i, "--only")) || !*v)
				return bad("%s needs item keys", "--only");
			if (check_only(v))
				return 2;
			free(a->only);
			a->only = xstrdup(v);
		} else if (is_opt(arg, "--set")) {
			if (!(v = opt_value(argc, argv, &i, "--set")) || !strchr(v, '=') || *v == '=')
				return bad("%s needs NAME=VALUE", "--set");
			if (check_set(v))
				return 2;
			PUSH(a->sets, a->nsets, a->capsets, (char *)v);
		} else if (is_opt(arg, "--level")) {
			if (!(v = opt_value(argc, argv, &i, "--level")) || fix_level_parse(v, &a->level) < 0)
				return bad("%s takes safe or review", "--level");
		} else if (is_opt(arg, "--config")) {
			if (!(v = opt_value(argc, argv, &i, "--config")))
				return bad("%s needs a file", "--config");
			a->config = v;
		} else if (is_opt(arg, "--hadolint-config")) {
			if (!(v = opt_value(argc, argv, &i, "--hadolint-config")) || !*v)
				return bad("%s needs a file", "--hadolint-config");
			a->hadolint = v;
		} else {
			return bad("unknown option %s", arg);
		}
	}
	if (modes > 1)
		return bad("%s: choose one of --dry-run, --write, --commit", "mode");
	if (a->message && a->mode != FIX_MODE_COMMIT)
		return bad("%s: -m goes with --commit", "message");
	if (a->allow_detached && a->mode != FIX_MODE_COMMIT)
		return bad("%s goes with --commit", "--allow-detached");
	return 0;
}

/*
 * The repository and its config, opened as `check` opens them (scan_open:
 * --config or .berth.yaml, then --hadolint-config or .hadolint.yaml), so
 * a fix never touches what check reports as ignored; then the --set values.
 */
static int open_all(const struct fix_args *a, struct repo **repo, struct config *cfg)
{
	struct scan_open_opts so = { a->paths, a->npaths, a->config, a->hadolint };
	char *err = NULL;
	int rc = scan_open(repo, cfg, &so, &err);
	if (rc < 0)
		fprintf(stderr, "berth fix: %s\n", err);
	free(err);
	for (size_t i = 0; rc == 0 && i < a->nsets; i++) {
		char *name = xstrndup(a->sets[i], strcspn(a->sets[i], "="));
		config_set(cfg, name, a->sets[i] + strlen(name) + 1);
		free(name);
	}
	return rc;
}

int cli_fix(int argc, char **argv)
{
	struct fix_args a;
	struct repo *repo = NULL;
	struct config cfg;
	int rc;

	memset(&a, 0, sizeof(a));
	config_init(&cfg);
	rc = parse_args(argc, argv, &a);
	if (rc == 1)
		rc = 0;
	else if (rc == 0) {
		struct fix_cli_opts o = { a.mode, a.only, a.message, a.allow_detached, a.level };
		rc = 2;
		if (open_all(&a, &repo, &cfg) != 0) {
			/* reported */
		} else if (!repo_is_git(repo) && a.mode == FIX_MODE_WRITE && !a.npaths) {
			/* SPEC.md: never wander: outside a repository --write writes only where it is told */
			fputs("berth fix: --write outside a git repository needs the files or folders named "
			      "(berth fix --write .)\n", stderr);
		} else {
			rc = fix_cli_run(repo, &cfg, a.paths, a.npaths, &o);
		}
	}
	config_free(&cfg);
	repo_free(repo);
	free(a.only);
	free(a.sets);
	free(a.paths);
	return rc;
}
