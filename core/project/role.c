/*
 * role - every file's role, CHECKLIST.md's rules in order: configured,
 * published, template, dev, test, builder, base, runtime. Rules 1-5 read
 * only the file itself, its path and the model; rules 6-7 read the other
 * Dockerfiles, and a reference counts only from a file that rules 1-5 did
 * not make dev or test.
 */
#include "project_priv.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "util.h"

static const char *const SEPS = ".-_";

static const char *const TEMPLATE_SUFFIXES[] = { ".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".template", ".in",
	".erb", ".mustache", ".hbs", ".gotmpl", ".sample", ".example", ".orig", ".bak", ".rej", ".swp", NULL };

int role_template_name(const char *name)
{
	const char *dot;
	if (!name || !*name)
		return 0;
	if (name[strlen(name) - 1] == '~')
		return 1;
	dot = strrchr(name, '.');
	if (!dot || dot == name)
		return 0;
	for (size_t i = 0; TEMPLATE_SUFFIXES[i]; i++)
		if (str_ieq(dot, TEMPLATE_SUFFIXES[i]))
			return 1;
	return 0;
}

static const char *const DEV_DIRS[] = { ".devcontainer", "devcontainer", "devenv", "dev-env", ".gitpod", "gitpod",
	"workstation", "workstations",
	/* beyond revision 4: CodeSandbox's environment folder, as .devcontainer is VS Code's (excalidraw) */
	".codesandbox", NULL };
/* beyond revision 4: "devcontainer" as a word (frappe's devcontainer-example/) */
static const char *const DEV_DIR_WORDS[] = { "dev", "devel", "development", "devenv", "local", "devcontainer",
	"debug", NULL };
/*
 * Beyond revision 4 (tests/realworld/HOLDOUT.md, "role-demo"): a tutorial or
 * demo sandbox deploys nothing (loki's examples/getting-started). Words for
 * the unambiguous ones; `sandbox` and the split ones only as the whole folder
 * name (langfuse's in-app-agent-sandbox-runtime/ is a runtime image). Not
 * `example`/`examples`: install examples are deployments (REVIEW.md).
 */
static const char *const DEMO_DIRS[] = { "getting-started", "getting_started", "gettingstarted", "quick-start",
	"quick_start", "sandbox", NULL };
static const char *const DEMO_DIR_WORDS[] = { "quickstart", "demo", "demos", "tutorial", "tutorials", "playground",
	NULL };
/* beyond revision 4 (tests/realworld/HOLDOUT3.md): "gitpod", a DEV_DIRS word, in a file name too
 * (woodpecker's docker-compose.gitpod.yaml) */
/* beyond revision 4: "gitpod" (woodpecker), "devcontainer" (kanidm's scripts/Dockerfile.devcontainer) */
/* beyond revision 4 (HOLDOUT5.md role audit): "profiling", a build for profiling as "debug" is one for debugging
 * (openobserve's Dockerfile.profiling.amd64, built for PR images) */
static const char *const DEV_NAME_WORDS[] = { "dev", "devel", "development", "devenv", "local", "debug", "gitpod",
	"devcontainer", "profiling", NULL };
static const char *const DEV_NAME_WORDS_COMPOSE[] = { "dev", "devel", "development", "devenv", "local", "debug",
	"gitpod", "devcontainer", "profiling", "override", NULL };
static const char *const TEST_DIRS[] = { "integration-tests", "cypress", "playwright", "fixtures", "testdata",
	"__tests__", "spec", ".github", ".gitlab", ".circleci", ".buildkite", NULL };
/*
 * beyond revision 4: "cicd" (minio's Dockerfile.cicd); "suites" (authelia's internal/suites/, its integration
 * suites); HOLDOUT5.md's role audit: benchmark and load-test harnesses (karakeep's packages/benchmarks/), test
 * doubles (photoprism's docker/dummy/oidc, a fake identity provider for its tests)
 */
static const char *const TEST_DIR_WORDS[] = { "test", "tests", "testing", "e2e", "integration", "ci", "cicd", "suites",
	"benchmark", "benchmarks", "loadtest", "loadtests", "dummy", "mock", "mocks",
	/* HOLDOUT11.md: coturn's fuzzing/ harness; HOLDOUT13.md: lnbits' docker/regtest/ (a regression-test network) */
	"fuzz", "fuzzing", "fuzzer", "regtest",
	/* HOLDOUT15.md: kratos' oryx/watcherx/integrationtest/ (compound words written as one) */
	"integrationtest", "integrationtests", "e2etest", "e2etests", "smoketest", "smoketests", NULL };
/*
 * beyond revision 4: "integration" in a name too, as in a folder's (SigNoz's Dockerfile.integration);
 * "loadtest" (hatchet's loadtest.dockerfile), "benchmark", "coverage" (authelia's Dockerfile.coverage, an
 * instrumented build its integration suites run)
 */
static const char *const TEST_NAME_WORDS[] = { "test", "tests", "testing", "e2e", "ci", "cicd", "spec", "integration",
	"loadtest", "benchmark", "coverage", "fuzz", "fuzzing", "fuzzer", "integrationtest", "e2etest", "smoketest", NULL };
static const char *const BUILDER_NAME_WORDS[] = { "builder", "build", "binary", "toolchain", "compile", NULL };
static const char *const BUILDER_DIR_WORDS[] = { "builder", NULL };
static const char *const BASE_WORDS[] = { "base", NULL };

static int listed(const char *s, size_t n, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (strlen(names[i]) == n && strncmp(s, names[i], n) == 0)
			return 1;
	return 0;
}

/* The first folder of the path (not its file name) named as in `names` or with a word of `words`; malloc'd. */
static char *folder_hit(const char *path, const char *const *names, const char *const *words)
{
	const char *p = path;
	for (const char *slash; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		size_t n = (size_t)(slash - p);
		char *f = xstrndup(p, n);
		if ((names && listed(p, n, names)) || (words && str_has_word(f, SEPS, words)))
			return f;
		free(f);
	}
	return NULL;
}

/* The name of the file's own folder (the last one), malloc'd; "" at the root. */
static char *own_folder(const char *path)
{
	char *dir = str_dirname(path);
	char *b = xstrdup(str_basename(dir));
	free(dir);
	return b;
}

/* Folders between the repository root and the file: 0 for a file at the root. */
static int folder_depth(const char *path)
{
	int n = 0;
	for (const char *p = path; *p; p++)
		n += *p == '/';
	return n;
}

static char *folder_reason(const char *f, const char *what)
{
	return xasprintf("under %s/ (%s)", f, what);
}

/*
 * Beyond CHECKLIST.md revision 4 (tests/realworld/HOLDOUT5.md, pattern 1):
 * a Compose file that bind-mounts files from a folder rule 4 calls
 * development (a folder of the source path, not its last component, in
 * DEV_DIRS or with a DEV_MOUNT_WORDS word) runs that development
 * configuration - hatchet's docker-compose.infra.yml mounts
 * ./hack/dev/prometheus.yml. "SERVICE (SOURCE, under FOLDER/)", malloc'd, or NULL.
 */
/*
 * The folder words of a development mount: DEV_DIR_WORDS without `local`
 * and `debug`, which also name where a deployment keeps its data
 * (`./local-storage`, `./volumes/debug-logs`).
 */
static const char *const DEV_MOUNT_WORDS[] = { "dev", "devel", "development", "devenv", "devcontainer", NULL };

/*
 * Beyond revision 4 (HOLDOUT12.md, pgcat's root docker-compose.yml, "a quick
 * local example"): a service that takes files from an examples or demo
 * folder of the repository runs the example, not a deployment.
 */
static const char *const EXAMPLE_MOUNT_WORDS[] = { "example", "examples", "demo", "demos", "sample", "samples", NULL };

/* "SERVICE mounts SOURCE from FOLDER/" for the first bind whose source has a folder of names/words, or NULL. */
static char *mount_from(const struct role_facts *f, const char *const *names, const char *const *words)
{
	for (size_t i = 0; i < f->nbinds; i++) {
		const char *tab = strchr(f->binds[i], '\t'), *src = tab ? tab + 1 : f->binds[i];
		char *hit = folder_hit(src, names, words);
		if (hit) {
			char *r = xasprintf("%.*s mounts %s from %s/", (int)(tab ? (size_t)(tab - f->binds[i]) : 0),
					    f->binds[i], src, hit);
			free(hit);
			return r;
		}
	}
	return NULL;
}

static char *example_mount(const struct role_facts *f)
{
	char *m = mount_from(f, NULL, EXAMPLE_MOUNT_WORDS), *r;
	if (!m)
		return NULL;
	r = xasprintf("service %s: it runs the example, not a deployment", m);
	free(m);
	return r;
}

static char *dev_mount(const struct role_facts *f)
{
	return mount_from(f, DEV_DIRS, DEV_MOUNT_WORDS);
}

/*
 * Beyond revision 4 (FIX-HOLDOUT6.md, solidtime's Laravel Sail stack): a
 * service builds from a development folder (docker/local/8.3), the image
 * rule 4 gives the dev role by its path.
 */
static char *dev_context(const struct role_facts *f)
{
	for (size_t i = 0; i < f->ncontexts; i++) {
		const char *tab = strchr(f->contexts[i], '\t'), *ctx = tab ? tab + 1 : f->contexts[i];
		char *path = xasprintf("%s/", ctx), *hit = folder_hit(path, DEV_DIRS, DEV_DIR_WORDS);
		free(path);
		if (hit) {
			char *r = xasprintf("%.*s builds from %s, under %s/", (int)(tab ? (size_t)(tab - f->contexts[i]) : 0),
					    f->contexts[i], ctx, hit);
			free(hit);
			return r;
		}
	}
	return NULL;
}

/*
 * Beyond revision 4 (HOLDOUT9.md, otterwiki's docs/plugin_examples): a
 * Compose file under a documentation or examples folder whose service builds
 * from above its own folder (`build: ../..`) builds the checkout to try it
 * out; an install example runs the published image instead.
 */
static const char *const DOC_DIRS[] = { "docs", "doc", "documentation", "examples", "example", ".examples", NULL };

static char *docs_checkout_build(const char *path, const struct role_facts *f)
{
	char *dir = folder_hit(path, DOC_DIRS, NULL);
	if (!dir)
		return NULL;
	for (size_t i = 0; i < f->ncontexts; i++) {
		const char *tab = strchr(f->contexts[i], '\t'), *ctx = tab ? tab + 1 : f->contexts[i];
		if (!strncmp(ctx, "..", 2) && (ctx[2] == '\0' || ctx[2] == '/')) {
			char *r = xasprintf("under %s/, service %.*s builds the checkout from %s: a documentation example "
					    "to try the source out, not a deployment", dir,
					    (int)(tab ? (size_t)(tab - f->contexts[i]) : 0), f->contexts[i], ctx);
			free(dir);
			return r;
		}
	}
	free(dir);
	return NULL;
}


/*
 * A Compose file runs the repository's own application: a service image is
 * a project image or is named after the repository (HOLDOUT12.md, puter's
 * self-hosting stack: ghcr.io/heyputer/puter beside dynamodb-local, its
 * store there). Without it, a stack of stock images and an emulator serves
 * an app that runs elsewhere.
 */
static int runs_own_image(const struct project *p, const struct role_facts *f)
{
	char **names = NULL;
	size_t n = 0;
	const char *repo = p->slug && strchr(p->slug, '/') ? strchr(p->slug, '/') + 1 : NULL;
	int hit = 0;
	project_images(p, &names, &n);
	for (size_t i = 0; i < f->nimages && !hit; i++) {
		char *img = project_image_name(f->images[i]);
		const char *last = img ? (strrchr(img, '/') ? strrchr(img, '/') + 1 : img) : NULL;
		hit = last && repo && str_ieq(last, repo);
		for (size_t j = 0; img && j < n && !hit; j++)
			hit = !strcmp(img, names[j]);
		free(img);
	}
	for (size_t j = 0; j < n; j++)
		free(names[j]);
	free(names);
	return hit;
}

/* Rule 4 (dev), then rule 5 (test), each with every kind of evidence; -1 when neither. */
static int dev_or_test(const struct project *p, const char *path, const struct role_facts *f, int compose_rules,
		       char **reason)
{
	const char *base = str_basename(path);
	char *dir;
	if (!compose_rules)
		return -1;
	if ((dir = folder_hit(path, DEV_DIRS, NULL)) != NULL) {
		*reason = xasprintf("under %s/", dir);
		free(dir);
		return ROLE_DEV;
	}
	if ((dir = folder_hit(path, NULL, DEV_DIR_WORDS)) != NULL) {
		*reason = folder_reason(dir, "a development folder");
		free(dir);
		return ROLE_DEV;
	}
	if ((dir = folder_hit(path, DEMO_DIRS, DEMO_DIR_WORDS)) != NULL) {
		*reason = folder_reason(dir, "a demo or tutorial folder");
		free(dir);
		return ROLE_DEV;
	}
	if (f->nopasswd) {
		*reason = xstrdup("grants passwordless sudo (NOPASSWD: ALL): a workstation, not a service");
		return ROLE_DEV;
	}
	for (size_t i = 0; i < p->ndev; i++)
		if (!strcmp(p->dev[i].path, path)) {
			*reason = xasprintf("named by the development environment %s", p->dev[i].where);
			return ROLE_DEV;
		}
	if (str_has_word(base, SEPS, f->kind == KIND_COMPOSE ? DEV_NAME_WORDS_COMPOSE : DEV_NAME_WORDS)) {
		*reason = xasprintf("its name (%s) says development", base);
		return ROLE_DEV;
	}
	if (f->idles) {
		*reason = xstrdup("its CMD only idles (sleep infinity, tail -f /dev/null): a container to work in");
		return ROLE_DEV;
	}
	/* beyond revision 4 (tests/realworld/HOLDOUT3.md): a toolbox image (woodpecker's Dockerfile.make) */
	if (f->shell_only) {
		*reason = xstrdup("its CMD is a bare shell, it EXPOSEs nothing and keeps a compiler toolchain: "
				  "a container to build in");
		return ROLE_DEV;
	}
	if (f->comment_dev) {
		*reason = xstrdup("its first comment says it is for development");
		return ROLE_DEV;
	}
	/*
	 * Beyond CHECKLIST.md revision 4 (tests/realworld/REVIEW.md, N1): a
	 * Compose file that only starts stock databases, caches or brokers, in a
	 * repository holding the application's own source, serves the app while
	 * it runs on the host (spring-petclinic, outline) - a development stack;
	 * so is one that runs an image tagged as a development build (mealie:dev).
	 */
	if (f->kind == KIND_COMPOSE && f->dev_image) {
		*reason = xasprintf("it runs %s, a development image by its tag", f->dev_image);
		return ROLE_DEV;
	}
	/*
	 * Beyond revision 4 (tests/realworld/HOLDOUT3.md): a service that builds
	 * this repository's source with debug logging or a development
	 * environment is a development stack (lemmy's docker/docker-compose.yml:
	 * `build: ../` with RUST_LOG=...lemmy_server=debug).
	 */
	if (f->kind == KIND_COMPOSE && f->debug_build) {
		*reason = xasprintf("service %s builds this repository's source with debug logging or a development "
				    "environment", f->debug_build);
		return ROLE_DEV;
	}
	/* beyond revision 4 (FIX-HOLDOUT3.md, shlink): the checkout mounted live over what the service builds */
	if (f->kind == KIND_COMPOSE && f->source_mount) {
		*reason = xasprintf("service %s mounts the build context it builds over the image (the checkout runs "
				    "live)", f->source_mount);
		return ROLE_DEV;
	}
	if (f->kind == KIND_COMPOSE && (dir = dev_context(f)) != NULL) {
		*reason = xasprintf("service %s (a development folder): it builds a development image", dir);
		free(dir);
		return ROLE_DEV;
	}
	if (f->kind == KIND_COMPOSE && (dir = dev_mount(f)) != NULL) {
		*reason = xasprintf("service %s, a development folder: it runs development configuration", dir);
		free(dir);
		return ROLE_DEV;
	}
	if (f->kind == KIND_COMPOSE && f->backing_only && p->app_manifest) {
		*reason = xasprintf("only backing services (databases, caches, brokers) for the app of this "
				    "repository (%s), which runs outside Compose", p->app_manifest);
		return ROLE_DEV;
	}
	if ((dir = folder_hit(path, TEST_DIRS, TEST_DIR_WORDS)) != NULL) {
		*reason = folder_reason(dir, "a test or CI folder");
		free(dir);
		return ROLE_TEST;
	}
	if (str_has_word(base, SEPS, TEST_NAME_WORDS)) {
		*reason = xasprintf("its name (%s) says test", base);
		return ROLE_TEST;
	}
	if (f->test_cmd) {
		if (f->kind == KIND_COMPOSE)
			*reason = xstrdup("every service runs a test runner, a browser-test image or a test fixture image");
		else
			*reason = xasprintf("its CMD/ENTRYPOINT runs a test runner (%s)", f->cmd_word ? f->cmd_word : "tests");
		return ROLE_TEST;
	}
	if (f->comment_test) {
		*reason = xstrdup("its first comment says it is for testing");
		return ROLE_TEST;
	}
	/* weaker than the file's own path, name and words: after them */
	/* beyond revision 4 (HOLDOUT14.md, wallabag): the repository's checkout bound over a built image */
	if (f->kind == KIND_COMPOSE && f->checkout_mount && folder_depth(path) == f->checkout_up) {
		*reason = xasprintf("service %s mounts the repository's checkout over the image it builds: the checkout runs "
				    "live, a development setup", f->checkout_mount);
		return ROLE_DEV;
	}
	if (f->kind == KIND_COMPOSE && f->test_db) {
		*reason = xasprintf("service %s is a database for the tests: a developer's stack, not a deployment", f->test_db);
		return ROLE_DEV;
	}
	if (f->kind == KIND_COMPOSE && f->emulator && !f->builds && !runs_own_image(p, f)) {
		*reason = xasprintf("service %s is a local stand-in for a cloud service: a developer's or test stack, "
				    "not a deployment", f->emulator);
		return ROLE_DEV;
	}
	if (f->kind == KIND_COMPOSE && (dir = example_mount(f)) != NULL) {
		*reason = dir;
		return ROLE_DEV;
	}
	if (f->kind == KIND_COMPOSE && (dir = docs_checkout_build(path, f)) != NULL) {
		*reason = dir;
		return ROLE_DEV;
	}
	if (f->kind == KIND_COMPOSE && f->readme_dev) {
		*reason = xasprintf("%s, beside it, says it is for development", f->readme_dev);
		return ROLE_DEV;
	}
	if (f->kind == KIND_COMPOSE && f->readme_example) {
		*reason = xasprintf("%s, beside it, names a worked example to try, not a deployment", f->readme_example);
		return ROLE_DEV;
	}
	if (f->kind == KIND_COMPOSE && f->readme_test) {
		*reason = xasprintf("%s, beside it, says it is for testing", f->readme_test);
		return ROLE_TEST;
	}
	if (f->kind == KIND_COMPOSE && f->preview) {
		*reason = xstrdup("its x-uffizzi key makes it a pull request's preview environment, not a deployment");
		return ROLE_TEST;
	}
	if (f->kind == KIND_COMPOSE && f->test_service) {
		*reason = xasprintf("service %s runs for tests: the stack exists to be tested", f->test_service);
		return ROLE_TEST;
	}
	/* beyond revision 4: only CI jobs, Makefile targets and scripts about tests name it (project_mention.c) */
	if (f->kind == KIND_COMPOSE && project_test_by_mentions(p, path, reason))
		return ROLE_TEST;
	/* beyond revision 4 (role_facts.c): a stack beside a program's source, a tool run over a checkout */
	if (f->kind == KIND_COMPOSE && f->beside_source) {
		*reason = xasprintf("beside the source of the program it tries out (%s): deployments live apart from the code",
				    f->beside_source);
		return ROLE_DEV;
	}
	if (f->checkout_tool) {
		*reason = xasprintf("runs %s, a checkout mounted at run time (it copies none of the repository in): "
				    "a tool image, not a service", f->checkout_tool);
		return ROLE_DEV;
	}
	/*
	 * Beyond revision 4 (HOLDOUT6.md qdrant, HOLDOUT5.md kanidm's orca,
	 * ROLES-AUDIT6.md karakeep's seed-snapshot): the repository's top-level
	 * tools/ folder holds the developers' tooling (generators, local
	 * clusters, seeders). A published image there was judged by rule 2.
	 */
	if (str_starts(path, "tools/")) {
		*reason = xstrdup("under tools/, the repository's development tooling (not published)");
		return ROLE_DEV;
	}
	return -1;
}

/* The reference that builds and pushes this Dockerfile, or NULL. */
static const struct project_ref *published(const struct project *p, const char *path)
{
	for (size_t i = project_first_ref(p, path); i != (size_t)-1; i = project_next_ref(p, i, path))
		if (p->refs[i].pushed == 1 && (p->refs[i].src == PSRC_WORKFLOW || p->refs[i].src == PSRC_SCRIPT))
			return &p->refs[i];
	return NULL;
}

/* The first pull-request preview push of the Dockerfile at `path`, when nothing releases it (published: NULL). */
static const struct project_ref *previewed(const struct project *p, const char *path)
{
	for (size_t i = project_first_ref(p, path); i != (size_t)-1; i = project_next_ref(p, i, path))
		if (p->refs[i].pushed == PUSH_PREVIEW && p->refs[i].src == PSRC_WORKFLOW)
			return &p->refs[i];
	return NULL;
}

/* Everything a Dockerfile's image is called in the repository (its references' tags, bake target names). */
struct names {
	char **v;
	size_t n;
};

static void names_of(const struct project *p, const char *path, struct names *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = project_first_ref(p, path); i != (size_t)-1; i = project_next_ref(p, i, path)) {
		const struct project_ref *r = &p->refs[i];
		for (size_t k = 0; k < r->ntags; k++) {
			char *n = project_image_name(r->tags[k]);
			if (n && !plist_has(out->v, out->n, n))
				plist_add(&out->v, &out->n, n);
			else
				free(n);
		}
	}
}

/*
 * Beyond revision 4 (tests/realworld/HOLDOUT.md, "role-ci"): a published
 * Dockerfile under a test or CI folder whose image a workflow job runs in
 * (`container:`) is the CI's toolchain, not a deployment - lldap's
 * .github/workflows/Dockerfile.dev, pushed by a Makefile target as
 * lldap/rust-dev and used only as `container: image: lldap/rust-dev:latest`.
 * Returns the CI folder (malloc'd) and the image name, or NULL.
 */
static char *ci_container(const struct project *p, const char *path, const char **image)
{
	struct names nm;
	char *dir;
	if (!p->nci_images)
		return NULL;
	/* or named for CI or tests itself (pgcat's Dockerfile.ci, HOLDOUT12.md) */
	if ((dir = folder_hit(path, TEST_DIRS, TEST_DIR_WORDS)) == NULL &&
	    str_has_word(str_basename(path), SEPS, TEST_NAME_WORDS))
		dir = xstrdup(str_basename(path));
	if (!dir)
		return NULL;
	names_of(p, path, &nm);
	*image = NULL;
	for (size_t k = 0; k < nm.n && !*image; k++)
		for (size_t c = 0; c < p->nci_images && !*image; c++)
			if (!strcmp(nm.v[k], p->ci_images[c]))
				*image = p->ci_images[c];
	plist_free(nm.v, nm.n);
	if (!*image) {
		free(dir);
		return NULL;
	}
	return dir;
}

/*
 * A named context that points at a bake target ("deps=target:deps" on the
 * target building `user`): a Dockerfile using NAME in FROM or COPY --from
 * uses the image of the Dockerfile the target builds.
 */
struct named_use {
	const char *user;       /* the Dockerfile built with the named context */
	char *name;             /* NAME */
	const char *image_of;   /* the Dockerfile the target builds */
};

static void named_uses(const struct project *p, struct named_use **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < p->nrefs; i++) {
		const struct project_ref *r = &p->refs[i];
		for (size_t k = 0; r->dockerfile && k < r->nnamed; k++) {
			const char *eq = strchr(r->named[k], '=');
			if (!eq || !str_starts(eq + 1, "target:"))
				continue;
			for (size_t t = 0; t < p->nrefs; t++) {
				const struct project_ref *bt = &p->refs[t];
				if (bt->src != PSRC_BAKE || !bt->name || strcmp(bt->name, eq + 8) || !bt->dockerfile)
					continue;
				*out = xrealloc(*out, (*n + 1) * sizeof(**out));
				(*out)[*n].user = r->dockerfile;
				(*out)[*n].name = xstrndup(r->named[k], (size_t)(eq - r->named[k]));
				(*out)[*n].image_of = bt->dockerfile;
				(*n)++;
			}
		}
	}
}

static int named_hits(const struct named_use *nu, size_t nn, const char *user, const char *target_path,
		      char *const *used, size_t nused, const char **name)
{
	for (size_t i = 0; i < nn; i++) {
		if (strcmp(nu[i].user, user) || strcmp(nu[i].image_of, target_path))
			continue;
		for (size_t u = 0; u < nused; u++)
			if (!strcmp(nu[i].name, used[u])) {
				*name = used[u];
				return 1;
			}
	}
	return 0;
}

/* Does another Dockerfile (counted: not dev/test) use this one's image in `which` (FROM or COPY --from)? */
/* The counted Dockerfiles (not dev/test) that name an image: two, so one that is not the image's own is known. */
struct users {
	long first, second;
};

struct refs_ctx {
	char *const *paths;
	const struct role_facts *facts;
	size_t n;
	const int *phase;
	const struct named_use *nu;
	size_t nn;
	struct strmap map[2];   /* image name -> users: [0] FROM, [1] COPY --from / mount from= */
	struct users *u[2];
	size_t nu_[2];
};

/* Who uses which image name, once per scan (a walk per file would be quadratic). */
static void users_index(struct refs_ctx *x)
{
	for (int c = 0; c < 2; c++) {
		size_t cap = 0;
		memset(&x->map[c], 0, sizeof(x->map[c]));
		x->u[c] = NULL;
		x->nu_[c] = 0;
		for (size_t j = 0; j < x->n; j++) {
			const struct role_facts *f = &x->facts[j];
			char *const *v = c ? f->copy_from : f->from;
			size_t nv = c ? f->ncopy_from : f->nfrom;
			if (f->kind != KIND_DOCKERFILE || x->phase[j] == ROLE_DEV || x->phase[j] == ROLE_TEST)
				continue;
			for (size_t a = 0; a < nv; a++) {
				size_t k = strmap_get(&x->map[c], v[a]);
				if (k == (size_t)-1) {
					GROW(x->u[c], cap, x->nu_[c] + 1);
					x->u[c][x->nu_[c]] = (struct users){ (long)j, -1 };
					strmap_put(&x->map[c], v[a], x->nu_[c]++);
				} else if (x->u[c][k].second < 0 && x->u[c][k].first != (long)j) {
					x->u[c][k].second = (long)j;
				}
			}
		}
	}
}

static void users_free(struct refs_ctx *x)
{
	for (int c = 0; c < 2; c++) {
		strmap_free(&x->map[c]);
		free(x->u[c]);
	}
}

static long used_by(const struct refs_ctx *x, size_t self, const struct names *nm, int copy, const char **via)
{
	char *const *paths = x->paths;
	const struct role_facts *facts = x->facts;
	const int *phase = x->phase;
	size_t n = x->n;
	int named = 0;
	/* most images have no name in the repository: nothing can refer to them */
	for (size_t i = 0; i < x->nn && !named; i++)
		named = !strcmp(x->nu[i].image_of, paths[self]);
	if (!nm->n && !named)
		return -1;
	for (size_t k = 0; k < nm->n; k++) {
		size_t i = strmap_get(&x->map[copy ? 1 : 0], nm->v[k]);
		long j;
		if (i == (size_t)-1)
			continue;
		j = x->u[copy ? 1 : 0][i].first != (long)self ? x->u[copy ? 1 : 0][i].first : x->u[copy ? 1 : 0][i].second;
		if (j >= 0) {
			*via = nm->v[k];
			return j;
		}
	}
	for (size_t j = 0; named && j < n; j++) {
		char *const *v;
		size_t nv;
		if (j == self || facts[j].kind != KIND_DOCKERFILE || phase[j] == ROLE_DEV || phase[j] == ROLE_TEST)
			continue;
		v = copy ? facts[j].copy_from : facts[j].from;
		nv = copy ? facts[j].ncopy_from : facts[j].nfrom;
		for (size_t a = 0; a < nv; a++)
			if (plist_has(nm->v, nm->n, v[a])) {
				*via = v[a];
				return (long)j;
			}
		if (named && named_hits(x->nu, x->nn, paths[j], paths[self], v, nv, via))
			return (long)j;
	}
	return -1;
}

/*
 * Beyond revision 4 (tests/realworld/HOLDOUT3.md, miniflux's
 * packaging/rpm/Dockerfile, built by `make rpm` as miniflux-rpm-builder and
 * run once to produce packages): an image name given in the repository whose
 * own name (the last path component) has a builder word.
 */
static const char *builder_image(const struct names *nm)
{
	for (size_t k = 0; k < nm->n; k++) {
		const char *last = strrchr(nm->v[k], '/') ? strrchr(nm->v[k], '/') + 1 : nm->v[k];
		if (!strchr(last, '$') && str_has_word(last, SEPS, BUILDER_NAME_WORDS))
			return nm->v[k];
	}
	return NULL;
}

/* Words of an overlay's name that say it deploys: never given its partner's role by pairing. */
static const char *const PAIR_VETO_WORDS[] = { "prod", "production", "deploy", "deployment", NULL };
/* The names `docker compose` reads without -f (run alone that way, unseen). */
static const char *const COMPOSE_DEFAULTS[] = { "compose.yaml", "compose.yml", "docker-compose.yaml",
	"docker-compose.yml", NULL };
/* Rounds of the pairing rule (an overlay of an overlay of a dev file); more chains stay as they are. */
#define ROLE_PAIR_ROUNDS 4

static long path_index(char *const *paths, size_t n, const char *path)
{
	for (size_t i = 0; path && i < n; i++)
		if (!strcmp(paths[i], path))
			return (long)i;
	return -1;
}

/*
 * Beyond CHECKLIST.md revision 4 (tests/realworld/HOLDOUT5.md, pattern 2):
 * a Compose file that every `docker compose -f` command of the repository
 * runs together with a file already dev or test, and that nothing else
 * names (a README, a command of another file), is part of that stack and
 * takes its role - hatchet's docker-compose.release.yml, only ever run as
 * `-f docker-compose.yml -f docker-compose.release.yml` over the
 * development docker-compose.yml. Not for a default name (`docker compose`
 * reads it without -f) nor a name saying it deploys. 0 with the partner's
 * path and role and the first such command, or -1.
 */
static int paired_with(const struct project *p, char *const *paths, size_t n, const int *phase, size_t self,
		       const char **partner, int *role, const char **where)
{
	const char *path = paths[self], *mate_path = NULL;
	int mate_role = -1;
	size_t uses = 0;
	*partner = NULL;
	if (listed(str_basename(path), strlen(str_basename(path)), COMPOSE_DEFAULTS) ||
	    str_has_word(str_basename(path), SEPS, PAIR_VETO_WORDS))
		return -1;
	for (size_t i = 0; i < p->ncsets; i++) {
		const struct project_compose_set *cs = &p->csets[i];
		long mate = -1;
		int in = 0;
		for (size_t k = 0; k < cs->n; k++)
			in |= cs->files[k] && !strcmp(cs->files[k], path);
		if (!in)
			continue;
		uses++;
		for (size_t k = 0; k < cs->n && mate < 0; k++) {
			long j = path_index(paths, n, cs->files[k]);
			if (!cs->files[k] || !strcmp(cs->files[k], path))
				continue;
			if (j >= 0 && (phase[j] == ROLE_DEV || phase[j] == ROLE_TEST)) {
				mate = j;
				mate_path = paths[j];
				mate_role = phase[j];
			} else if (j < 0) {
				/* judged alone (a Compose file is, in the scan's first pass): the model's own reading */
				for (size_t q = 0; q < p->npartners && mate < 0; q++)
					if (!strcmp(p->partners[q].path, cs->files[k])) {
						mate = (long)q;
						mate_path = p->partners[q].path;
						mate_role = p->partners[q].role;
					}
			}
		}
		if (mate < 0)
			return -1;      /* run once without a development or test partner */
		if (!*partner) {
			*partner = mate_path;
			*role = mate_role;
			*where = cs->where;
		}
	}
	if (!uses)
		return -1;
	/* every other place naming it must be a file whose commands pair it (a README or a bare mention vetoes) */
	for (size_t m = 0; m < p->nmentions; m++) {
		int covered = 0;
		if (!project_mention_names(&p->mentions[m], path))
			continue;
		for (size_t i = 0; i < p->ncsets && !covered; i++)
			for (size_t k = 0; k < p->csets[i].n && !covered; k++)
				covered = p->csets[i].files[k] && !strcmp(p->csets[i].files[k], path) &&
					  !strcmp(p->csets[i].source, p->mentions[m].file);
		if (!covered)
			return -1;
	}
	return *partner ? 0 : -1;
}

/* Rule 1: the pragma, else the first matching `roles:` glob. */
/*
 * Beyond CHECKLIST.md revision 4 (tests/realworld/HOLDOUT6.md, trigger.dev's
 * docker/Dockerfile.postgres and internal-packages/clickhouse/Dockerfile):
 * a Dockerfile the repository builds only from Compose files that are dev or
 * test - at least one such build, none from a bake file, a workflow, a script
 * or a Compose file of another role - is part of that stack. Never a
 * Dockerfile at the repository's root: the project's own image is often
 * built by a service other than the ones berth reads (a registry's automated
 * build) - unless it sets no CMD or ENTRYPOINT, so that only the stack says
 * how it runs (HOLDOUT14.md, openstreetmap-website's development image,
 * whose command and checkout the dev Compose file gives). The stack's role
 * (dev before test) and the first Compose file, or -1.
 */
static int built_only_by(const struct project *p, char *const *paths, size_t n, const int *phase, const int *runner,
			 const char *path, int no_cmd, const char **by)
{
	int role = -1;
	if (!strchr(path, '/') && !no_cmd)
		return -1;
	for (size_t i = 0; i < p->nrefs; i++) {
		const struct project_ref *r = &p->refs[i];
		size_t len;
		long j = -1;
		if (!r->dockerfile || strcmp(r->dockerfile, path) != 0)
			continue;
		if (r->src != PSRC_COMPOSE || !r->where)
			return -1;
		len = strcspn(r->where, ":");
		for (size_t k = 0; k < n && j < 0; k++)
			if (strlen(paths[k]) == len && strncmp(paths[k], r->where, len) == 0)
				j = (long)k;
		if (j < 0 || runner[j] || (phase[j] != ROLE_DEV && phase[j] != ROLE_TEST))
			return -1;
		if (role < 0 || phase[j] == ROLE_DEV) {
			if (role != ROLE_DEV)
				*by = paths[j];
			role = phase[j];
		}
	}
	return role;
}

static int configured(const struct config *cfg, const char *path, const struct role_facts *f, char **reason)
{
	enum role r;
	const char *glob = NULL;
	if (f->pragma >= 0) {
		*reason = xasprintf("configured: # berth role=%s", role_name((enum role)f->pragma));
		return f->pragma;
	}
	if (cfg && config_role(cfg, path, &r, &glob)) {
		*reason = xasprintf("configured: roles \"%s\" in .berth.yaml", glob);
		return (int)r;
	}
	return -1;
}

void project_roles(const struct project *p, const struct config *cfg, char *const *paths,
		   const struct role_facts *facts, size_t n, struct role_result *out)
{
	int *phase = xcalloc(n ? n : 1, sizeof(*phase));
	int *runner = xcalloc(n ? n : 1, sizeof(*runner));
	const struct project_ref **pub = xcalloc(n ? n : 1, sizeof(*pub));
	enum profile prof = cfg ? cfg->profile : PROFILE_AUTO;
	struct refs_ctx x;
	struct named_use *nu_owned;

	/* rules 1-5: what each file is by itself */
	for (size_t i = 0; i < n; i++) {
		const struct role_facts *f = &facts[i];
		char *why = NULL;
		int r = configured(cfg, paths[i], f, &why);
		memset(&out[i], 0, sizeof(out[i]));
		if (r < 0 && f->kind == KIND_DOCKERFILE && (pub[i] = published(p, paths[i])) != NULL) {
			char *dir = folder_hit(paths[i], DEV_DIRS, NULL);
			const char *ci_image = NULL;
			if (dir) {
				why = xasprintf("under %s/ (a published development image, %s)", dir, pub[i]->where);
				r = ROLE_DEV;
				pub[i] = NULL;
				free(dir);
			} else if ((dir = ci_container(p, paths[i], &ci_image)) != NULL) {
				int named = !strcmp(dir, str_basename(paths[i]));
				why = xasprintf("%s %s%s, and its image %s is a CI job's container (published by %s)",
						named ? "named" : "under", dir, named ? "" : "/", ci_image, pub[i]->where);
				r = ROLE_TEST;
				pub[i] = NULL;
				free(dir);
			} else {
				why = xasprintf("built and pushed by %s", pub[i]->where);
				r = ROLE_RUNTIME;
			}
		}
		if (r < 0 && f->kind == KIND_DOCKERFILE && !pub[i] && previewed(p, paths[i])) {
			why = xasprintf("built and pushed only for pull-request previews (%s, a workflow that only pull "
					"requests start)", previewed(p, paths[i])->where);
			r = ROLE_TEST;
		}
		if (r < 0 && f->kind == KIND_COMPOSE && prof == PROFILE_DEVELOPMENT) {
			why = xstrdup("compose-profile: development in .berth.yaml");
			r = ROLE_DEV;
		}
		if (r < 0)
			r = dev_or_test(p, paths[i], f, !(f->kind == KIND_COMPOSE && prof == PROFILE_PRODUCTION), &why);
		/*
		 * Beyond revision 4 (HOLDOUT14.md, eShopOnWeb): Visual Studio's
		 * container tooling writes `${DOCKER_REGISTRY-}NAME` into the Compose
		 * file it runs and debugs locally. The file is a developer's runner;
		 * the Dockerfiles it builds are the project's images, judged as
		 * written (runner[i]: no "built only by" for them).
		 */
		if (r < 0 && f->kind == KIND_COMPOSE && f->vs_tooling && prof != PROFILE_PRODUCTION) {
			why = xasprintf("service %s uses Visual Studio's container tooling (${DOCKER_REGISTRY-}): the file "
					"runs the stack on a developer's machine", f->vs_tooling);
			r = ROLE_DEV;
			runner[i] = 1;
		}
		/* the same for a sample application's stack (role_facts.c, readme_sample) */
		if (r < 0 && f->kind == KIND_COMPOSE && f->readme_sample && prof != PROFILE_PRODUCTION) {
			why = xasprintf("the repository is a sample application (%s): its Compose file shows the app, it "
					"deploys nothing", f->readme_sample);
			r = ROLE_DEV;
			runner[i] = 1;
		}
		phase[i] = r;
		out[i].role = r < 0 ? ROLE_RUNTIME : (enum role)r;
		out[i].reason = why;
	}
	/* beyond revision 4: an overlay run only with a dev or test file takes its role */
	for (int round = 0, changed = 1; changed && round < ROLE_PAIR_ROUNDS && prof != PROFILE_PRODUCTION; round++) {
		changed = 0;
		for (size_t i = 0; i < n; i++) {
			const char *where = NULL, *mate = NULL;
			int r = -1;
			if (facts[i].kind != KIND_COMPOSE || phase[i] >= 0 ||
			    paired_with(p, paths, n, phase, i, &mate, &r, &where) != 0)
				continue;
			phase[i] = r;
			out[i].role = (enum role)r;
			free(out[i].reason);
			out[i].reason = xasprintf("only ever run together with %s (%s), e.g. %s", mate,
						  role_name((enum role)r), where);
			changed = 1;
		}
	}
	/* beyond revision 4: a Dockerfile built only by dev or test Compose files */
	for (size_t i = 0; i < n; i++) {
		const char *by = NULL;
		int r;
		if (facts[i].kind != KIND_DOCKERFILE || phase[i] >= 0 || pub[i] ||
		    (r = built_only_by(p, paths, n, phase, runner, paths[i], facts[i].no_cmd, &by)) < 0)
			continue;
		phase[i] = r;
		out[i].role = (enum role)r;
		free(out[i].reason);
		out[i].reason = xasprintf("built only by %s files (%s)", r == ROLE_DEV ? "development" : "test", by);
	}
	/* rules 2 (base when built on), 6 and 7: what the other Dockerfiles do with it */
	memset(&x, 0, sizeof(x));
	x.paths = paths;
	x.facts = facts;
	x.n = n;
	x.phase = phase;
	named_uses(p, &nu_owned, &x.nn);
	x.nu = nu_owned;
	users_index(&x);
	for (size_t i = 0; i < n; i++) {
		const struct role_facts *f = &facts[i];
		struct names nm;
		const char *via = NULL;
		long j;
		char *own;
		if (f->kind != KIND_DOCKERFILE || (phase[i] >= 0 && !pub[i]))
			continue;
		names_of(p, paths[i], &nm);
		if (pub[i]) {
			if ((j = used_by(&x, i, &nm, 0, &via)) >= 0) {
				free(out[i].reason);
				out[i].role = ROLE_BASE;
				out[i].reason = xasprintf("built and pushed by %s, and built FROM by %s", pub[i]->where, paths[j]);
			}
			plist_free(nm.v, nm.n);
			continue;
		}
		own = own_folder(paths[i]);
		if (f->build_cmd) {
			out[i].role = ROLE_BUILDER;
			out[i].reason = xasprintf("its CMD/ENTRYPOINT builds or packages (%s)", f->cmd_word ? f->cmd_word : "a build");
		} else if (f->sleeps_built) {
			/* beyond revision 4 (tests/realworld/HOLDOUT4.md): homarr's prebuilt-debian */
			out[i].role = ROLE_BUILDER;
			out[i].reason = xstrdup("its CMD only sleeps a while after a RUN installs or builds, and it EXPOSEs "
						"nothing: a container to copy the build's output from");
		} else if ((j = used_by(&x, i, &nm, 1, &via)) >= 0) {
			out[i].role = ROLE_BUILDER;
			out[i].reason = xasprintf("copied from by %s (COPY --from=%s)", paths[j], via);
		} else if (str_has_word(str_basename(paths[i]), SEPS, BUILDER_NAME_WORDS)) {
			out[i].role = ROLE_BUILDER;
			out[i].reason = xasprintf("its name (%s) says builder", str_basename(paths[i]));
		} else if ((via = builder_image(&nm)) != NULL) {
			out[i].role = ROLE_BUILDER;
			out[i].reason = xasprintf("its image's name (%s) says builder", via);
		} else if (*own && str_has_word(own, SEPS, BUILDER_DIR_WORDS)) {
			out[i].role = ROLE_BUILDER;
			out[i].reason = xasprintf("its folder %s/ says builder", own);
		} else if ((j = used_by(&x, i, &nm, 0, &via)) >= 0) {
			out[i].role = ROLE_BASE;
			out[i].reason = xasprintf("built FROM by %s (FROM %s)", paths[j], via);
		} else if (str_has_word(str_basename(paths[i]), SEPS, BASE_WORDS) ||
			   (*own && str_has_word(own, SEPS, BASE_WORDS))) {
			out[i].role = ROLE_BASE;
			out[i].base_by_name = 1;
			out[i].reason = xasprintf("its %s says base (by name only: no Dockerfile here builds FROM it)",
						  str_has_word(str_basename(paths[i]), SEPS, BASE_WORDS) ? "name" : "folder");
		}
		free(own);
		plist_free(nm.v, nm.n);
	}
	for (size_t i = 0; i < n; i++)
		if (!out[i].reason)
			out[i].reason = xstrdup(facts[i].kind == KIND_COMPOSE ?
						"runtime: nothing marks it as development or test" :
						"runtime: nothing marks it as development, test, builder or base");
	users_free(&x);
	for (size_t i = 0; i < x.nn; i++)
		free(nu_owned[i].name);
	free(nu_owned);
	free(phase);
	free(runner);
	free(pub);
}

/* Compose files named by `docker compose -f` commands read ahead for their own role, at most this many. */
#define ROLE_MAX_PARTNERS 64

void project_partner_roles(struct project *p, const struct fsview *fs)
{
	for (size_t i = 0; i < p->ncsets; i++)
		for (size_t k = 0; k < p->csets[i].n; k++) {
			const char *path = p->csets[i].files[k];
			char *data = NULL, *why = NULL;
			size_t len = 0, q;
			struct compose_doc *d;
			struct role_facts f;
			int r;
			if (!path || p->npartners + p->nnot_partners >= ROLE_MAX_PARTNERS)
				continue;
			for (q = 0; q < p->npartners && strcmp(p->partners[q].path, path); q++)
				;
			if (q < p->npartners || plist_has(p->not_partners, p->nnot_partners, path))
				continue;
			if (fs_read(fs, path, &data, &len) != 0 || len > PROJECT_MAX_FILE) {
				free(data);
				plist_add(&p->not_partners, &p->nnot_partners, xstrdup(path));
				continue;
			}
			d = compose_load(data, len);
			role_facts_compose(&f, data, len, d);
			f.beside_source = role_beside_source(fs, path);
			role_readme_beside(&f, fs, path);
			r = f.pragma >= 0 ? f.pragma : dev_or_test(p, path, &f, 1, &why);
			if (r == ROLE_DEV || r == ROLE_TEST) {
				p->partners = xrealloc(p->partners, (p->npartners + 1) * sizeof(*p->partners));
				p->partners[p->npartners].path = xstrdup(path);
				p->partners[p->npartners].role = r;
				p->npartners++;
			} else {
				plist_add(&p->not_partners, &p->nnot_partners, xstrdup(path));
			}
			free(why);
			role_facts_free(&f);
			compose_free(d);
			free(data);
		}
}
