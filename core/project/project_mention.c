/*
 * project_mention - where the repository names its Compose files: the
 * words of workflows (per job), Makefiles (per target), scripts and
 * READMEs that look like a Compose file's path. Beyond CHECKLIST.md
 * revision 4 (tests/realworld/REVIEW.md, round 5): a Compose file that only
 * CI jobs, Makefile targets and scripts about tests name, and nothing that
 * runs it for real (another job or target, a deploy script, the
 * documentation), is a test harness — langfuse's docker-compose.build.yml
 * (CI's test-docker-build job), minio's docs/resiliency/docker-compose.yaml
 * (`make test-resiliency`).
 */
#include "project_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Mentions kept at most per scan; more are ignored (a real repository names its Compose files a few dozen times). */
#define PROJECT_MAX_MENTIONS 20000

#define SEPS ".-_"
/* Words of a job, target or script name that say it tests (role rule 5's, and smoke tests). */
const char *const MENTION_TEST_WORDS[] = { "test", "tests", "testing", "e2e", "integration", "ci", "smoke", "spec", NULL };
/* Words of a script's path, or a Compose file's name, that say it runs for real. */
static const char *const RUN_WORDS[] = { "deploy", "deployment", "prod", "production", "release", "install",
					 "publish", NULL };
/* The names `docker compose` reads without -f. */
static const char *const DEFAULT_NAMES[] = { "compose.yaml", "compose.yml", "docker-compose.yaml",
					     "docker-compose.yml", NULL };

static int default_name(const char *base)
{
	for (size_t i = 0; DEFAULT_NAMES[i]; i++)
		if (!strcmp(base, DEFAULT_NAMES[i]))
			return 1;
	return 0;
}

static int path_char(char c)
{
	return isalnum((unsigned char)c) || strchr("._/-${}()", c) != NULL;
}

static int has_compose(const char *s, size_t n)
{
	for (size_t i = 0; i + 7 <= n; i++)
		if (!strncasecmp(s + i, "compose", 7))
			return 1;
	return 0;
}

static void add_mention(struct project *p, const char *tok, const char *dir, const char *file,
			enum mention_kind kind, char *where)
{
	struct project_mention m;
	if (p->nmentions >= PROJECT_MAX_MENTIONS) {
		free(where);
		return;
	}
	m.token = xstrdup(tok);
	m.dir = xstrdup(dir);
	m.file_dir = str_dirname(file);
	m.file = xstrdup(file);
	m.kind = kind;
	m.where = where;
	PUSH(p->mentions, p->nmentions, p->capmentions, m);
}

void project_mentions_in(struct project *p, const char *path, const char *dir, const char *data, size_t from,
			 size_t to, enum mention_kind kind, const char *label)
{
	for (size_t i = from; i < to; i++) {
		size_t ext, j, e;
		char *tok, *t, *where;
		const char *cut;
		if (data[i] != '.')
			continue;
		if (i + 4 <= to && !strncmp(data + i, ".yml", 4))
			ext = 4;
		else if (i + 5 <= to && !strncmp(data + i, ".yaml", 5))
			ext = 5;
		else
			continue;
		e = i + ext;
		if (e < to && (isalnum((unsigned char)data[e]) || data[e] == '_'))
			continue;
		for (j = i; j > from && path_char(data[j - 1]); j--)
			;
		tok = xstrndup(data + j, e - j);
		/* what a variable or $(PWD) stands for is left out: the rest is the path */
		cut = tok;
		for (const char *q = tok; *q; q++)
			if (*q == '}' || *q == ')')
				cut = q + 1;
		while (*cut == '/' || (cut[0] == '.' && cut[1] == '/'))
			cut += *cut == '/' ? 1 : 2;
		t = xstrdup(cut);
		if (*t && !strchr(t, '$') && has_compose(str_basename(t), strlen(str_basename(t)))) {
			size_t line = 1;
			for (size_t k = 0; k < j; k++)
				line += data[k] == '\n';
			where = label ? xasprintf("%s:%zu (%s)", path, line, label) : xasprintf("%s:%zu", path, line);
			add_mention(p, t, dir, path, kind, where);
		}
		free(t);
		free(tok);
		i = e - 1;
	}
}

void project_mentions_script(struct project *p, const char *path, const char *data, size_t len, int makefile)
{
	char *dir = makefile ? str_dirname(path) : xstrdup("");
	if (!makefile) {
		char *d = str_dirname(path);
		enum mention_kind k = str_has_word(str_basename(path), SEPS, MENTION_TEST_WORDS) ||
				      str_has_word(d, SEPS "/", MENTION_TEST_WORDS) ? MENTION_TEST :
				      str_has_word(path, SEPS "/", RUN_WORDS) ? MENTION_RUN : MENTION_OTHER;
		project_mentions_in(p, path, dir, data, 0, len, k, NULL);
		free(d);
		free(dir);
		return;
	}
	/* a Makefile: each recipe line belongs to the target above it */
	{
		char *target = NULL;
		for (size_t s = 0, e; s < len; s = e + 1) {
			const char *colon;
			for (e = s; e < len && data[e] != '\n'; e++)
				;
			if (e > s && data[s] != '\t' && data[s] != ' ' && data[s] != '#' && data[s] != '.' &&
			    (colon = memchr(data + s, ':', e - s)) != NULL && !memchr(data + s, '=', (size_t)(colon - (data + s)))) {
				size_t n = (size_t)(colon - (data + s));
				while (n && (data[s + n - 1] == ' ' || data[s + n - 1] == '\t'))
					n--;
				free(target);
				target = xstrndup(data + s, n);
			}
			if (target) {
				char *label = xasprintf("target %s", target);
				project_mentions_in(p, path, dir, data, s, e,
						    str_has_word(target, SEPS " ", MENTION_TEST_WORDS) ? MENTION_TEST : MENTION_RUN, label);
				free(label);
			} else {
				project_mentions_in(p, path, dir, data, s, e, MENTION_OTHER, NULL);
			}
		}
		free(target);
	}
	free(dir);
}

void project_read_doc(struct project *p, const char *path, const char *data, size_t len)
{
	project_read_doc_commands(p, path, data, len);
	project_mentions_in(p, path, "", data, 0, len, MENTION_RUN, "documentation");
}

int project_mention_names(const struct project_mention *m, const char *path)
{
	const char *base = str_basename(path);
	size_t tl = strlen(m->token), pl = strlen(path);
	if (strchr(m->token, '/')) {
		char *full = path_join_norm(m->dir, m->token);
		int hit = full && !strcmp(full, path);
		free(full);
		/* `$repo_root/x.yml`, `$(PWD)/docs/x.yml`: the path ends with it */
		return hit || (pl > tl && !strcmp(path + pl - tl, m->token) && path[pl - tl - 1] == '/');
	}
	if (strcmp(m->token, base))
		return 0;
	if (!default_name(base))
		return 1;
	{
		char *d = str_dirname(path);
		int hit = !strcmp(d, m->dir) || !strcmp(d, m->file_dir);
		free(d);
		return hit;
	}
}

int project_test_by_mentions(const struct project *p, const char *path, char **reason)
{
	const struct project_mention *test = NULL;
	int run = 0;
	if ((!strchr(path, '/') && default_name(path)) || str_has_word(str_basename(path), SEPS, RUN_WORDS))
		return 0;
	for (size_t i = 0; i < p->nmentions && !run; i++) {
		const struct project_mention *m = &p->mentions[i];
		if (!project_mention_names(m, path))
			continue;
		if (m->kind == MENTION_RUN)
			run = 1;
		else if (m->kind == MENTION_TEST && !test)
			test = m;
	}
	if (run || !test)
		return 0;
	*reason = xasprintf("run only by CI or tests (%s); no other job, target, deploy script or README names it",
			    test->where);
	return 1;
}

void project_mentions_free(struct project *p)
{
	for (size_t i = 0; i < p->nmentions; i++) {
		free(p->mentions[i].token);
		free(p->mentions[i].dir);
		free(p->mentions[i].file_dir);
		free(p->mentions[i].file);
		free(p->mentions[i].where);
	}
	free(p->mentions);
	p->mentions = NULL;
	p->nmentions = p->capmentions = 0;
}
