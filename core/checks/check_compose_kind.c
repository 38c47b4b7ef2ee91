/*
 * check_compose_kind - what kind of service is judged (CHECKLIST.md,
 * "Compose items"), which decides the items about something missing:
 *
 * - partial: none of `image`, `build` and `extends` — it completes a
 *   service another file defines (an override, a `-f` fragment). Nothing is
 *   missing from it: no-new-privileges, cap-drop, read-only and
 *   resource-limits judge only what it sets, healthcheck and restart are n/a;
 * - one-shot: runs to completion (a migration, a test run, a setup job, a
 *   service with `network_mode: none` and no restart policy): healthcheck
 *   and restart are n/a; its missing hardening is info (check_compose_harden.c).
 */
#include <stdlib.h>
#include <string.h>

#include "check_compose_kind.h"
#include "compose_priv.h"
#include "util.h"

/* Words of a command looked at for a migration or a test runner; more are not read. */
#define ONESHOT_MAX_WORDS 256
/* Bytes of a command read for them (a command line is a few hundred); the rest is not read. */
#define ONESHOT_MAX_TEXT 4096

/* Profiles that mark a job, not a long-running service. */
static const char *const job_profiles[] = { "tools", "setup", "init", "migrate", "migration", "seed", "jobs",
	"test", NULL };

/* A command (one word or two in a row) that runs a migration or a test runner. */
static const char *const oneshot_one[] = { "migrate", "db:migrate", "pytest", "jest", "vitest", "mocha",
	"cypress", "rspec", "phpunit", NULL };
static const char *const oneshot_two[][2] = {
	{ "prisma", "migrate" }, { "alembic", "upgrade" }, { "manage.py", "migrate" }, { "flyway", "migrate" },
	{ "liquibase", "update" }, { "playwright", "test" }, { "npx", "playwright" }, { "go", "test" },
	{ "cargo", "test" }, { "mvn", "test" }, { "gradle", "test" }, { "npm", "test" }, { "yarn", "test" },
	{ "pnpm", "test" },
};

static int in_list(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

/*
 * Does a command list end at p: `;`, `&&`, `||` or a lone `&` (not the `&`
 * of a redirection, `2>&1`, `&>`)? A pipe does not: a pipeline is one
 * command, all its parts run to completion together.
 */
static int is_separator(const char *start, const char *p)
{
	if (*p == ';')
		return 1;
	if (*p == '|')
		return p[1] == '|' || (p > start && p[-1] == '|');
	if (*p != '&')
		return 0;
	if ((p > start && (p[-1] == '>' || p[-1] == '<')) || p[1] == '>')
		return 0;
	return 1;
}

/*
 * The words of the last command of a command line (after the last `;`, `&&`,
 * `||` or `&`): what keeps running. `migrate && gunicorn app` serves;
 * `wait-for db && pytest` is a test run. Each word is its last path
 * component. Blanks and quotes only separate words.
 */
static size_t split_words(const char *s, char *buf, size_t cap, const char **w, size_t maxw)
{
	size_t n = 0, j = 0;
	for (const char *p = s; *p && j + 1 < cap; p++) {
		if (is_separator(s, p)) {
			n = 0;          /* a new command starts: the earlier ones ran to completion */
			j = 0;
			continue;
		}
		if (strchr(" \t\r\n()'\"`|", *p)) {
			if (j && buf[j - 1] != '\0')
				buf[j++] = '\0';
			continue;
		}
		if (j == 0 || buf[j - 1] == '\0') {
			if (n == maxw)
				break;
			w[n++] = &buf[j];
		}
		buf[j++] = *p;
	}
	buf[j] = '\0';
	for (size_t i = 0; i < n; i++)
		w[i] = str_basename(w[i]);      /* /usr/local/bin/pytest -> pytest */
	return n;
}

/*
 * Parts of a program name (split at '.', '-', '_', ':') that say it makes
 * something once and exits: lago's rsa-keys runs ./scripts/generate.rsa.sh,
 * which writes the keys if missing and exits 0 (FIX-HOLDOUT4.md);
 * `php artisan key:generate`, `ssh-keygen`, `openssl genrsa` alike. Beyond
 * CHECKLIST.md revision 4. Options (`--gen-docs`) are not programs.
 */
static const char *const generator_parts[] = { "generate", "gen", "genkey", "genkeys", "genrsa", "keygen",
	"gencert", "gencerts", NULL };

static int names_generator(const char *word)
{
	if (*word == '-')
		return 0;
	for (const char *q = word; *q;) {
		size_t k = strcspn(q, ".-_:");
		for (size_t i = 0; generator_parts[i]; i++)
			if (k == strlen(generator_parts[i]) && strncmp(q, generator_parts[i], k) == 0)
				return 1;
		q += k;
		q += *q != '\0';
	}
	return 0;
}

static int text_runs_oneshot(const char *s)
{
	char buf[ONESHOT_MAX_TEXT];
	const char *w[ONESHOT_MAX_WORDS];
	size_t n = split_words(s, buf, sizeof(buf), w, ONESHOT_MAX_WORDS);
	for (size_t i = 0; i < n; i++) {
		if (in_list(w[i], oneshot_one) || names_generator(w[i]))
			return 1;
		for (size_t k = 0; i + 1 < n && k < ARRAY_SIZE(oneshot_two); k++)
			if (strcmp(w[i], oneshot_two[k][0]) == 0 && strcmp(w[i + 1], oneshot_two[k][1]) == 0)
				return 1;
	}
	return 0;
}

/*
 * A command that does nothing and exits: `true`, `/bin/true`, `:`, `exit N`,
 * alone or under `sh -c` / `bash -c`, with no other command in the line.
 * huginn's `mysqldata` (mysql image, `command: /bin/true`) exists only to
 * hold volumes for `volumes_from`.
 */
static int text_inert(const char *s)
{
	char buf[ONESHOT_MAX_TEXT];
	const char *w[ONESHOT_MAX_WORDS];
	size_t n, i = 0;
	if (strpbrk(s, ";&|\n"))
		return 0;
	n = split_words(s, buf, sizeof(buf), w, ONESHOT_MAX_WORDS);
	while (i < n && (!strcmp(w[i], "sh") || !strcmp(w[i], "bash") || !strcmp(w[i], "-c")))
		i++;
	if (n - i == 1)
		return !strcmp(w[i], "true") || !strcmp(w[i], ":") || !strcmp(w[i], "exit");
	if (n - i == 2 && !strcmp(w[i], "exit"))
		return strspn(w[i + 1], "0123456789") == strlen(w[i + 1]);
	return 0;
}

/* `command` or `entrypoint`: a string, or a list whose items are joined, tested by fn. */
static int command_is(const struct ydoc_node *n, int (*fn)(const char *))
{
	struct buf b = BUF_INIT;
	int yes;
	if (!n)
		return 0;
	if (ydoc_str(n))
		return fn(n->value);
	for (size_t i = 0; n->type == YDOC_SEQUENCE && i < n->nitems; i++)
		if (ydoc_str(n->items[i]))
			buf_printf(&b, "%s%s", i ? " " : "", n->items[i]->value);
	yes = b.len && fn(buf_str(&b));
	buf_free(&b);
	return yes;
}

static int runs_oneshot(const struct ydoc_node *n)
{
	return command_is(n, text_runs_oneshot);
}

/* `entrypoint: ""` or `[]` clears the image's entrypoint: the command runs alone. */
static int empty_command(const struct ydoc_node *n)
{
	return !n || (ydoc_str(n) && !*n->value) || (n->type == YDOC_SEQUENCE && n->nitems == 0);
}

int compose_inert(const struct ydoc_node *command, const struct ydoc_node *entrypoint)
{
	if (!empty_command(entrypoint))
		return command_is(entrypoint, text_inert) && (!command || command_is(command, text_inert));
	return command_is(command, text_inert);
}

static int oneshot_image(const char *img)
{
	if (!img)
		return 0;
	if (str_starts(img, "docker.io/"))
		img += strlen("docker.io/");
	return str_starts(img, "cypress/") || str_starts(img, "mcr.microsoft.com/playwright");
}

static int job_profile(const struct ydoc_node *p)
{
	if (!p || p->type != YDOC_SEQUENCE || p->nitems == 0)
		return 0;
	for (size_t i = 0; i < p->nitems; i++)
		if (!ydoc_str(p->items[i]) || !in_list(p->items[i]->value, job_profiles))
			return 0;
	return 1;
}

/* The services some service of d waits for with condition service_completed_successfully. */
static void awaited_of(struct ccx *c, const struct compose_doc *d)
{
	for (size_t i = 0; d && i < d->nservices; i++) {
		const struct ydoc_node *deps = ydoc_get(d->services[i].value, "depends_on");
		for (size_t k = 0; deps && deps->type == YDOC_MAPPING && k < deps->npairs; k++) {
			const char *name = ydoc_str(deps->pairs[k].key);
			const char *cond = ydoc_str(ydoc_get(deps->pairs[k].value, "condition"));
			if (name && cond && strcmp(cond, "service_completed_successfully") == 0)
				strmap_put(&c->awaited, name, 1);
		}
	}
}

void ccx_kinds_load(struct ccx *c)
{
	awaited_of(c, c->d);
	awaited_of(c, c->pair);
}

void ccx_kinds_free(struct ccx *c)
{
	strmap_free(&c->awaited);
}

const char *compose_oneshot_why(const char *name, int awaited, const struct ydoc_node *command,
				const struct ydoc_node *entrypoint, const char *image,
				const struct ydoc_node *profiles)
{
	if (compose_inert(command, entrypoint))
		return "its command does nothing (true, exit): a container that only holds volumes or waits for `run`";
	if (awaited)
		return "another service waits for it to complete";
	if (compose_is_job_name(name))
		return "its name says it runs once (init, setup, seed, migrate, ...)";
	if (runs_oneshot(command) || runs_oneshot(entrypoint))
		return "its command runs a migration, a test or a generator (keys, certificates)";
	if (oneshot_image(image))
		return "its image is a test runner";
	if (job_profile(profiles))
		return "all its profiles are one-shot ones (tools, setup, migrate, ...)";
	return NULL;
}

/* A restart policy that restarts: `restart` other than "no", or deploy.restart_policy other than condition none. */
static int restarts(const struct ydoc_node *restart, const struct ydoc_node *deploy)
{
	const struct ydoc_node *rp = ydoc_get(deploy, "restart_policy");
	const char *cond = ydoc_str(ydoc_get(rp, "condition"));
	if (restart && !ydoc_is_null(restart) && !(ydoc_str(restart) && strcmp(restart->value, "no") == 0))
		return 1;
	return rp && !ydoc_is_null(rp) && !(cond && strcmp(cond, "none") == 0);
}

const char *compose_netless_job_why(const struct ydoc_node *network_mode, const struct ydoc_node *restart,
				    const struct ydoc_node *deploy)
{
	const char *net = ydoc_str(network_mode);
	if (!net || strcmp(net, "none") != 0 || restarts(restart, deploy))
		return NULL;
	return "network_mode: none and no restart policy: a job that runs and exits, it has no network to serve anything on";
}

/* compose_oneshot_why, then compose_netless_job_why, for the service the checks judge (NULL: not one-shot). */
static const char *ccx_oneshot_why(const struct ccx *c)
{
	struct compose_interp r;
	int img = ccx_str(c, ccx_get(c, "image", NULL), &r) >= 0;
	const char *why = compose_oneshot_why(c->svc->name, strmap_get(&c->awaited, c->svc->name) != (size_t)-1,
					      ccx_get(c, "command", NULL), ccx_get(c, "entrypoint", NULL),
					      img ? r.value : NULL, ccx_get(c, "profiles", NULL));
	if (img)
		compose_interp_free(&r);
	if (!why)
		why = compose_netless_job_why(ccx_get(c, "network_mode", NULL), ccx_get(c, "restart", NULL),
					      ccx_get(c, "deploy", NULL));
	return why;
}

int ccx_oneshot(const struct ccx *c)
{
	return ccx_oneshot_why(c) != NULL;
}

int ccx_partial(const struct ccx *c)
{
	if (c->pair_upper)
		return 1;       /* an override completing a base service: the base file reports what is missing */
	return !ydoc_entry(c->svc->value, "extends") && !ccx_get(c, "image", NULL) && !ccx_get(c, "build", NULL);
}
