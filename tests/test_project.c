/*
 * test_project - the project model (project.h): every reader (bake HCL and
 * JSON, workflows, scripts and Makefiles, devcontainer.json, .gitpod.yml,
 * Compose), the build contexts in CHECKLIST.md's order with the inference,
 * and the published flag. Fixtures: tests/fixtures/project/.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "project_priv.h"
#include "repo.h"
#include "util.h"

static void read_fixture(struct project *p, const char *fixture, const char *as,
			 void (*reader)(struct project *, const char *, const char *, size_t))
{
	size_t len;
	char *data = fixture_read(fixture, &len);
	reader(p, as, data, len);
	free(data);
}

/* The reference of source `src` building `dockerfile` (NULL: unresolved), or NULL. */
static const struct project_ref *ref_of(const struct project *p, enum project_src src, const char *dockerfile)
{
	for (size_t i = 0; i < p->nrefs; i++) {
		const struct project_ref *r = &p->refs[i];
		if (r->src != src)
			continue;
		if (dockerfile ? r->dockerfile && !strcmp(r->dockerfile, dockerfile) : !r->dockerfile)
			return r;
	}
	return NULL;
}

static int has(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

static void test_bake_hcl(void **state)
{
	struct project p;
	const struct project_ref *r;
	(void)state;
	project_init(&p);
	read_fixture(&p, "project/docker-bake.hcl", "docker/docker-bake.hcl", project_read_bake_hcl);
	/* context relative to the bake file's folder, dockerfile relative to the context */
	r = ref_of(&p, PSRC_BAKE, "services/api/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "");
	assert_string_equal(r->target, "prod");
	assert_string_equal(r->name, "api");
	assert_true(has(r->tags, r->ntags, "ghcr.io/acme/api:1.4.2"));
	assert_true(has(r->tags, r->ntags, "ghcr.io/acme/api:latest"));
	assert_true(has(r->args, r->nargs, "GIT_SHA=abc123"));
	assert_true(has(r->args, r->nargs, "PYTHON_VERSION=3.12.4"));      /* inherited from "common" */
	assert_true(has(r->named, r->nnamed, "base=target:base"));
	assert_string_equal(r->where, "docker/docker-bake.hcl:25");
	r = ref_of(&p, PSRC_BAKE, "docker/base/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "docker/base");
	assert_true(has(r->tags, r->ntags, "ghcr.io/acme/base:1.4.2"));
	/* a function call and a variable without default stay unresolved */
	for (size_t i = 0; i < p.nrefs; i++)
		if (p.refs[i].name && !strcmp(p.refs[i].name, "unresolved")) {
			assert_null(p.refs[i].context);
			assert_null(p.refs[i].dockerfile);
			assert_int_equal(p.refs[i].ntags, 0);
		}
	/* the heredoc was stepped over: the next attribute still counts */
	assert_non_null(ref_of(&p, PSRC_BAKE, "docker/inline/Dockerfile"));
	/* project images: names without tags, sorted, once each */
	{
		char **names;
		size_t n;
		project_images(&p, &names, &n);
		assert_int_equal(n, 2);
		assert_string_equal(names[0], "ghcr.io/acme/api");
		assert_string_equal(names[1], "ghcr.io/acme/base");
		plist_free(names, n);
	}
	project_free(&p);
}

static void test_bake_json(void **state)
{
	struct project p;
	const struct project_ref *r;
	(void)state;
	project_init(&p);
	read_fixture(&p, "project/docker-bake.json", "docker-bake.json", project_read_bake_json);
	r = ref_of(&p, PSRC_BAKE, "worker/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "worker");
	assert_true(has(r->tags, r->ntags, "acme/worker:2.0.1"));
	assert_true(has(r->args, r->nargs, "MODE=prod"));
	r = ref_of(&p, PSRC_BAKE, "tools/Dockerfile.tools");
	assert_non_null(r);
	assert_string_equal(r->context, "");
	assert_string_equal(r->target, "final");
	project_free(&p);
}

static void test_workflow(void **state)
{
	struct project p;
	const struct project_ref *r;
	(void)state;
	project_init(&p);
	read_fixture(&p, "project/release.yml", ".github/workflows/release.yml", project_read_workflow);
	r = ref_of(&p, PSRC_WORKFLOW, "services/api/Dockerfile");
	assert_non_null(r);
	assert_true(r->pushed);         /* push: an expression (push except on pull requests) */
	assert_string_equal(r->context, "");
	assert_true(has(r->tags, r->ntags, "ghcr.io/acme/api:latest"));
	assert_true(has(r->args, r->nargs, "VERSION=1.2.3"));
	assert_string_equal(r->where, ".github/workflows/release.yml:8");
	/* no file: the context's Dockerfile; push: false */
	r = ref_of(&p, PSRC_WORKFLOW, "docs/Dockerfile");
	assert_non_null(r);
	assert_false(r->pushed);
	assert_string_equal(r->context, "docs");
	/* a run: step's docker build, followed by docker push of its tag */
	r = ref_of(&p, PSRC_SCRIPT, "tests/e2e/Dockerfile");
	assert_non_null(r);
	assert_true(r->pushed);
	assert_string_equal(r->context, "tests/e2e");
	assert_true(has(r->tags, r->ntags, "acme/e2e:ci"));
	project_free(&p);
}

/*
 * outline: a fork of the action (useblacksmith/build-push-action, same
 * inputs) tags the base image with `${{ env.BASE_IMAGE_NAME }}` set in the
 * workflow's env: the project image outlinewiki/outline-base.
 */
/*
 * linkwarden's release workflow: IMAGE_NAME is ${{ github.repository }}, and
 * the build pushes by digest through `outputs: type=image,name=...`; with the
 * repository's slug known, the image name is a tag of the root Dockerfile.
 */
/* HOLDOUT13.md, autobrr: `file: ${{ matrix.file || './ci.Dockerfile' }}` builds ci.Dockerfile when the matrix sets none. */
static void test_workflow_expression_default(void **state)
{
	static const char wf[] =
		"jobs:\n  docker:\n    runs-on: ubuntu-latest\n    steps:\n"
		"      - uses: docker/build-push-action@v6\n        with:\n          context: .\n"
		"          file: ${{ matrix.file || './ci.Dockerfile' }}\n          push: true\n"
		"      - uses: docker/build-push-action@v6\n        with:\n          context: .\n"
		"          file: ${{ matrix.file || inputs.file }}\n          push: true\n";
	struct project p;
	const struct project_ref *r;
	(void)state;
	project_init(&p);
	project_read_workflow(&p, ".github/workflows/release.yml", wf, strlen(wf));
	r = ref_of(&p, PSRC_WORKFLOW, "ci.Dockerfile");
	assert_non_null(r);
	assert_true(r->pushed);
	assert_string_equal(r->where, ".github/workflows/release.yml:5");
	/* no literal after ||: unresolved, no Dockerfile named */
	for (size_t i = 0; i < p.nrefs; i++)
		assert_true(!p.refs[i].dockerfile || strcmp(p.refs[i].dockerfile, "inputs.file"));
	project_free(&p);
}

/* HOLDOUT16 (crater's uffizzi-build.yml): a workflow only pull requests start pushes previews, not releases */
static void test_workflow_pr_only(void **state)
{
	static const char body[] =
		"jobs:\n  docker:\n    runs-on: ubuntu-latest\n    steps:\n"
		"      - uses: docker/build-push-action@v6\n        with:\n          context: .\n"
		"          file: ./uffizzi/Dockerfile\n          push: true\n";
	static const char *const ons[] = { "on:\n  pull_request:\n    types: [opened]\n", "on: pull_request\n",
		"on: [pull_request, pull_request_target]\n", "on:\n  pull_request:\n  push:\n    tags: ['v*']\n",
		"on: [push]\n" };
	static const int want[] = { PUSH_PREVIEW, PUSH_PREVIEW, PUSH_PREVIEW, 1, 1 };
	(void)state;
	for (size_t k = 0; k < sizeof(ons) / sizeof(ons[0]); k++) {
		struct project p;
		const struct project_ref *r;
		char *wf = xasprintf("%s%s", ons[k], body);
		project_init(&p);
		project_read_workflow(&p, ".github/workflows/preview.yml", wf, strlen(wf));
		r = ref_of(&p, PSRC_WORKFLOW, "uffizzi/Dockerfile");
		assert_non_null(r);
		assert_int_equal(r->pushed, want[k]);
		project_free(&p);
		free(wf);
	}
}

static void test_workflow_repository_slug(void **state)
{
	static const char wf[] =
		"env:\n  REGISTRY: ghcr.io\n  IMAGE_NAME: ${{ github.repository }}\n"
		"jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
		"      - uses: docker/build-push-action@v6\n        with:\n          context: .\n"
		"          outputs: type=image,name=${{ env.REGISTRY }}/${{ env.IMAGE_NAME }},push-by-digest=true,name-canonical=true,push=true\n"
		"      - uses: docker/build-push-action@v6\n        with:\n          context: ./web\n"
		"          tags: ${{ github.repository_owner }}/web:latest\n";
	struct project p;
	const struct project_ref *r;
	char *slug;
	(void)state;
	project_init(&p);
	p.slug = xstrdup("acme/app");
	project_read_workflow(&p, ".github/workflows/release.yml", wf, strlen(wf));
	r = ref_of(&p, PSRC_WORKFLOW, "Dockerfile");
	assert_non_null(r);
	assert_false(r->pushed);       /* rule 2 reads push: only */
	assert_true(has(r->tags, r->ntags, "ghcr.io/acme/app"));
	r = ref_of(&p, PSRC_WORKFLOW, "web/Dockerfile");
	assert_non_null(r);
	assert_true(has(r->tags, r->ntags, "acme/web:latest"));
	project_free(&p);
	/* without the slug the expressions stay as written */
	project_init(&p);
	project_read_workflow(&p, ".github/workflows/release.yml", wf, strlen(wf));
	r = ref_of(&p, PSRC_WORKFLOW, "Dockerfile");
	assert_non_null(r);
	assert_false(has(r->tags, r->ntags, "ghcr.io/acme/app"));
	project_free(&p);
	/* the slug of origin URLs */
	slug = repo_slug_of_url("https://github.com/linkwarden/linkwarden.git");
	assert_non_null(slug);
	assert_string_equal(slug, "linkwarden/linkwarden");
	free(slug);
	slug = repo_slug_of_url("git@github.com:umami-software/umami");
	assert_non_null(slug);
	assert_string_equal(slug, "umami-software/umami");
	free(slug);
	assert_null(repo_slug_of_url("/work/.mirror/acme+app/repo"));
	assert_null(repo_slug_of_url("https://gitlab.com/acme/app.git"));
	assert_null(repo_slug_of_url("https://github.com/acme"));
	assert_null(repo_slug_of_url("https://github.com/acme/app/tree/main"));
}

static void test_workflow_action_fork_env(void **state)
{
	const char *wf =
		"name: Docker build\n"
		"env:\n  IMAGE_NAME: outlinewiki/outline\n  BASE_IMAGE_NAME: outlinewiki/outline-base\n"
		"jobs:\n  build:\n    runs-on: ubuntu-24.04\n    env:\n      REG: ghcr.io/acme\n    steps:\n"
		"      - name: Build and push base image\n"
		"        uses: useblacksmith/build-push-action@fb9e3e6a9299c78462bfadd0d93352c316adc9b8\n"
		"        with:\n          context: .\n          file: Dockerfile.base\n"
		"          tags: ${{ env.BASE_IMAGE_NAME }}\n"
		"          outputs: type=image,push-by-digest=true,name-canonical=true,push=true\n"
		"      - uses: docker/build-push-action@v6\n        with:\n          file: Dockerfile\n"
		"          tags: ${{env.REG}}/app:${{ github.sha }},${{ env.UNSET }}/x\n";
	struct project p;
	const struct project_ref *r;
	char **names;
	size_t n;
	(void)state;
	project_init(&p);
	project_read_workflow(&p, ".github/workflows/docker-build.yml", wf, strlen(wf));
	r = ref_of(&p, PSRC_WORKFLOW, "Dockerfile.base");
	assert_non_null(r);
	assert_true(has(r->tags, r->ntags, "outlinewiki/outline-base"));
	r = ref_of(&p, PSRC_WORKFLOW, "Dockerfile");
	assert_non_null(r);
	assert_true(has(r->tags, r->ntags, "ghcr.io/acme/app:${{ github.sha }}"));
	project_images(&p, &names, &n);
	assert_true(has(names, n, "outlinewiki/outline-base"));
	assert_true(has(names, n, "ghcr.io/acme/app"));
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	project_free(&p);
}

/*
 * hedgedoc: one step builds `${{ matrix.component }}/docker/Dockerfile` with
 * `context: .` for each component of the job's matrix (beyond revision 4):
 * one reference per value, the root as context; `include:` entries give
 * values too. A variable the job's matrix does not give leaves the step as
 * written.
 */
static void test_workflow_matrix(void **state)
{
	const char *wf =
		"jobs:\n  build-and-push:\n    strategy:\n      matrix:\n        component: [ 'backend', 'frontend' ]\n"
		"    steps:\n      - uses: docker/build-push-action@v6.19.2\n        with:\n          push: true\n"
		"          file: ${{ matrix.component}}/docker/Dockerfile\n"
		"          tags: ghcr.io/hedgedoc/${{ matrix.component }}:develop\n          context: .\n"
		"  other:\n    strategy:\n      matrix:\n        include:\n          - app: api\n"
		"    steps:\n      - uses: docker/build-push-action@v6\n        with:\n"
		"          file: ${{ matrix.app }}/Dockerfile\n          context: ${{ matrix.app }}\n";
	struct project p;
	const struct project_ref *r;
	(void)state;
	project_init(&p);
	project_read_workflow(&p, ".github/workflows/docker.yml", wf, strlen(wf));
	r = ref_of(&p, PSRC_WORKFLOW, "backend/docker/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "");
	assert_true(r->pushed);
	assert_true(has(r->tags, r->ntags, "ghcr.io/hedgedoc/backend:develop"));
	r = ref_of(&p, PSRC_WORKFLOW, "frontend/docker/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "");
	assert_true(has(r->tags, r->ntags, "ghcr.io/hedgedoc/frontend:develop"));
	assert_false(has(r->tags, r->ntags, "ghcr.io/hedgedoc/backend:develop"));
	/* include: entries give the variable too (langfuse's web and worker, invidious) */
	r = ref_of(&p, PSRC_WORKFLOW, "api/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "api");
	project_free(&p);
	/* repeated values read once; an include entry without the variable gives none */
	project_init(&p);
	wf = "jobs:\n  b:\n    strategy:\n      matrix:\n        include:\n"
	     "          - {dockerfile: web/Dockerfile, arch: amd64}\n          - {dockerfile: web/Dockerfile, arch: arm64}\n"
	     "          - {arch: riscv}\n"
	     "    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n"
	     "          file: ${{ matrix.dockerfile }}\n          context: .\n";
	project_read_workflow(&p, ".github/workflows/docker.yml", wf, strlen(wf));
	assert_int_equal(p.nrefs, 1);
	assert_string_equal(p.refs[0].dockerfile, "web/Dockerfile");
	assert_true(p.refs[0].pushed);
	project_free(&p);
}

/*
 * lldap: the build's tags are `${{ steps.meta-base.outputs.tags }}` of a
 * metadata-action step (images x plain tags, under the same matrix value):
 * localhost:5000/lldap/lldap:debian-base, which another Dockerfile builds
 * FROM. Computed tags (semver, ref) leave the image names alone.
 */
static void test_workflow_metadata_action(void **state)
{
	const char *wf =
		"jobs:\n  build:\n    strategy:\n      matrix:\n        container: [\"debian\",\"alpine\"]\n"
		"    steps:\n      - name: meta\n        id: meta-base\n        uses: docker/metadata-action@v6\n"
		"        with:\n          images: |\n            localhost:5000/lldap/lldap\n"
		"          tags: ${{ matrix.container }}-base\n"
		"      - uses: docker/build-push-action@v7\n        with:\n          context: .\n          push: true\n"
		"          file: ./.github/workflows/Dockerfile.ci.${{ matrix.container }}-base\n"
		"          tags: |\n                ${{ steps.meta-base.outputs.tags }}\n"
		"      - id: meta\n        uses: docker/metadata-action@v6\n        with:\n"
		"          images: |\n            name=lldap/lldap,enable=true\n            ghcr.io/lldap/lldap\n"
		"          tags: |\n            type=semver,pattern={{version}}\n            type=ref,event=branch\n"
		"      - uses: docker/build-push-action@v7\n        with:\n          push: true\n"
		"          file: ./.github/workflows/Dockerfile.ci.${{ matrix.container }}\n"
		"          tags: ${{ steps.meta.outputs.tags }}\n";
	struct project p;
	const struct project_ref *r;
	(void)state;
	project_init(&p);
	project_read_workflow(&p, ".github/workflows/docker.yml", wf, strlen(wf));
	r = ref_of(&p, PSRC_WORKFLOW, ".github/workflows/Dockerfile.ci.debian-base");
	assert_non_null(r);
	assert_int_equal(r->ntags, 1);
	assert_string_equal(r->tags[0], "localhost:5000/lldap/lldap:debian-base");
	r = ref_of(&p, PSRC_WORKFLOW, ".github/workflows/Dockerfile.ci.alpine-base");
	assert_non_null(r);
	assert_true(has(r->tags, r->ntags, "localhost:5000/lldap/lldap:alpine-base"));
	r = ref_of(&p, PSRC_WORKFLOW, ".github/workflows/Dockerfile.ci.alpine");
	assert_non_null(r);
	assert_int_equal(r->ntags, 2);
	assert_true(has(r->tags, r->ntags, "lldap/lldap"));
	assert_true(has(r->tags, r->ntags, "ghcr.io/lldap/lldap"));
	project_free(&p);
}

/*
 * uptime-kuma: package.json scripts build and push the base images
 * (`docker buildx build -f docker/debian-base.dockerfile ... -t
 * louislam/uptime-kuma:base2-slim --target base2-slim . --push`): the
 * image names are project images.
 */
static void test_package_json_scripts(void **state)
{
	const char *pkg =
		"{\n  \"name\": \"uptime-kuma\",\n  \"scripts\": {\n"
		"    \"start\": \"node server/server.js\",\n"
		"    \"build-docker-base-slim\": \"docker buildx build -f docker/debian-base.dockerfile --platform "
		"linux/amd64,linux/arm64 -t louislam/uptime-kuma:base2-slim --target base2-slim . --push\"\n"
		"  },\n  \"dependencies\": {\"docker-cli-js\": \"1.0.0\"}\n}\n";
	struct project p;
	char **names;
	size_t n;
	(void)state;
	assert_true(project_reference_path("package.json"));
	assert_true(project_reference_path("web/package.json"));
	project_init(&p);
	project_read_package_json(&p, "tools/package.json", pkg, strlen(pkg));
	/* names only: no reference (roles and contexts are not decided by it) */
	assert_int_equal(p.nrefs, 0);
	project_images(&p, &names, &n);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "louislam/uptime-kuma");
	free(names[0]);
	free(names);
	project_free(&p);
}

static void test_makefile(void **state)
{
	struct project p;
	const struct project_ref *r;
	(void)state;
	project_init(&p);
	read_fixture(&p, "project/Makefile", "deploy/Makefile", project_read_script);
	/* make variables expanded, paths relative to the Makefile's folder */
	r = ref_of(&p, PSRC_SCRIPT, "web/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "");
	assert_string_equal(r->target, "runtime");
	assert_true(has(r->tags, r->ntags, "registry.example.com/shop/web:3.1.0"));
	assert_true(has(r->args, r->nargs, "VERSION=3.1.0"));
	assert_true(r->pushed);         /* `push:` pushes the tag `image:` built */
	assert_string_equal(r->where, "deploy/Makefile:8");
	r = ref_of(&p, PSRC_SCRIPT, "deploy/builder/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "deploy/builder");
	assert_true(has(r->tags, r->ntags, "shop/builder"));
	assert_false(r->pushed);
	project_free(&p);
}

static void test_script(void **state)
{
	struct project p;
	const struct project_ref *r;
	(void)state;
	project_init(&p);
	read_fixture(&p, "project/build.sh", "scripts/build.sh", project_read_script);
	r = ref_of(&p, PSRC_SCRIPT, "cli/Containerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "cli");
	assert_true(has(r->tags, r->ntags, "acme/cli:dev"));
	assert_true(has(r->args, r->nargs, "HTTP_PROXY"));      /* from the environment */
	assert_false(r->pushed);
	/* `docker image build` without -f: the context's Dockerfile */
	assert_non_null(ref_of(&p, PSRC_SCRIPT, "other/Dockerfile"));
	/* a commented line is not a build */
	assert_null(ref_of(&p, PSRC_SCRIPT, "ignored/Dockerfile"));
	project_free(&p);
}

/*
 * documenso's docker/build.sh: the script's own folder through $(readlink -f
 * "$(dirname "$0")"), the root above it, a build tagged acme-base, then
 * `docker tag` to the published name; the published name maps back to the
 * Dockerfile (project_image_sources), unless two Dockerfiles build it.
 */
static void test_script_tag_and_folder(void **state)
{
	static const char sh[] =
		"#!/usr/bin/env bash\n"
		"SCRIPT_DIR=\"$(readlink -f \"$(dirname \"$0\")\")\"\n"
		"MONOREPO_ROOT=\"$(readlink -f \"$SCRIPT_DIR/../\")\"\n"
		"docker build -f \"$SCRIPT_DIR/Dockerfile\" -t \"acme-base\" \"$MONOREPO_ROOT\"\n"
		"docker tag \"acme-base\" \"acme/app:latest\"\n"
		"docker image tag acme-base ghcr.io/acme/app:1.0.0\n"
		"docker build -t acme/tool:1 --target tool -f docker/Dockerfile .\n"
		"docker build -t acme/mixed:1 -f a/Dockerfile .\n"
		"docker build -t acme/mixed:2 -f b/Dockerfile .\n";
	struct project p;
	const struct project_ref *r;
	char **names;
	size_t n;
	struct project_image_src *srcs;
	struct project_image_map m;
	const struct project_image_src *src;
	(void)state;
	project_init(&p);
	project_read_script(&p, "docker/build.sh", sh, sizeof(sh) - 1);
	r = ref_of(&p, PSRC_SCRIPT, "docker/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "");
	assert_true(has(r->tags, r->ntags, "acme/app:latest"));
	assert_true(has(r->tags, r->ntags, "ghcr.io/acme/app:1.0.0"));
	project_images(&p, &names, &n);
	project_image_sources(&p, names, n, &srcs);
	m = (struct project_image_map){ names, srcs, n };
	src = project_image_src_of(&m, "acme/app:2.0.0");
	assert_non_null(src);
	assert_string_equal(src->dockerfile, "docker/Dockerfile");
	assert_null(src->target);
	assert_non_null(project_image_src_of(&m, "docker.io/acme/app"));
	assert_non_null(project_image_src_of(&m, "GHCR.IO/acme/app:1"));
	src = project_image_src_of(&m, "acme/tool:1");
	assert_non_null(src);
	assert_string_equal(src->target, "tool");
	assert_null(project_image_src_of(&m, "acme/mixed:1"));     /* two Dockerfiles build it */
	assert_null(project_image_src_of(&m, "acme/other:1"));
	assert_null(project_image_src_of(&m, "${REGISTRY}/acme/app:1"));
	project_image_srcs_free(srcs, n);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	project_free(&p);
}


/*
 * Beyond CHECKLIST.md revision 4 (tests/realworld/HOLDOUT5.md, pattern 3):
 * the one image a repository pushes, named through a secret
 * (`${{ secrets.DOCKER_USERNAME }}/paperless-ai`), is matched by its last
 * component - paperless-ai's compose runs clusterzx/paperless-ai.
 */
static void test_image_wildcard(void **state)
{
	static const char wf[] =
		"jobs:\n  build:\n    steps:\n      - id: meta\n        uses: docker/metadata-action@v5\n"
		"        with:\n          images: |\n            ${{ secrets.DOCKER_USERNAME }}/paperless-ai\n"
		"          tags: |\n            type=raw,value=latest\n"
		"      - uses: docker/build-push-action@v4\n        with:\n          context: .\n          push: true\n"
		"          tags: ${{ steps.meta.outputs.tags }}\n";
	static const char second[] =
		"jobs:\n  rag:\n    steps:\n      - uses: docker/build-push-action@v4\n        with:\n"
		"          context: .\n          file: Dockerfile.rag\n          push: true\n"
		"          tags: ${{ secrets.DOCKER_USERNAME }}/paperless-rag:latest\n";
	for (int two = 0; two < 2; two++) {
		struct project p;
		char **names;
		size_t n;
		struct project_image_src *srcs;
		struct project_image_map m;
		const struct project_image_src *src;
		(void)state;
		project_init(&p);
		project_read_workflow(&p, ".github/workflows/docker.yml", wf, sizeof(wf) - 1);
		if (two)
			project_read_workflow(&p, ".github/workflows/rag.yml", second, sizeof(second) - 1);
		project_images(&p, &names, &n);
		project_image_sources(&p, names, n, &srcs);
		m = (struct project_image_map){ names, srcs, n };
		src = project_image_src_of(&m, "clusterzx/paperless-ai:latest");
		if (two) {
			/* two images pushed: a last component alone says nothing */
			assert_null(src);
		} else {
			assert_non_null(src);
			assert_string_equal(src->dockerfile, "Dockerfile");
			assert_non_null(project_image_src_of(&m, "ghcr.io/someone/paperless-ai"));
			/* never an official image's bare name, nor another image */
			assert_null(project_image_src_of(&m, "paperless-ai"));
			assert_null(project_image_src_of(&m, "clusterzx/paperless-ngx"));
		}
		project_image_srcs_free(srcs, n);
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		project_free(&p);
	}
}

/* `docker compose -f A -f B`, `docker-compose --file=A`: the files run together, relative to where it runs. */
static void test_compose_sets(void **state)
{
	static const char mk[] =
		"up:\n\tdocker compose -p app -f compose.yml -f compose.release.yml up -d -f ignored.yml\n"
		"old:\n\tdocker-compose --file=ci/a.yml -fci/b.yml -f $(EXTRA) run tests\n"
		"plain:\n\tdocker compose up -d\n";
	struct project p;
	(void)state;
	project_init(&p);
	project_read_script(&p, "deploy/Makefile", mk, sizeof(mk) - 1);
	assert_int_equal(p.ncsets, 2);
	assert_int_equal(p.csets[0].n, 2);
	assert_string_equal(p.csets[0].files[0], "deploy/compose.yml");
	assert_string_equal(p.csets[0].files[1], "deploy/compose.release.yml");
	assert_string_equal(p.csets[0].source, "deploy/Makefile");
	assert_string_equal(p.csets[0].where, "deploy/Makefile:2");
	assert_int_equal(p.csets[1].n, 3);
	assert_string_equal(p.csets[1].files[0], "deploy/ci/a.yml");
	assert_string_equal(p.csets[1].files[1], "deploy/ci/b.yml");
	assert_null(p.csets[1].files[2]);       /* a variable: unresolved */
	project_free(&p);
}

/*
 * Taskfiles (beyond revision 4, HOLDOUT5.md): netbird's client/ui/Taskfile.yml
 * includes ./build/Taskfile.yml, whose build:docker task runs `docker build
 * -f build/docker/Dockerfile.server .` - from client/ui, the including
 * Taskfile's folder, where go-task runs included tasks.
 */
static void test_taskfile(void **state)
{
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct project p;
	const struct project_ref *r;
	char *paths[] = { "client/ui/Taskfile.yml", "client/ui/build/Taskfile.yml", "tools/Taskfile.yaml" };
	(void)state;
	memfs_add(m, "client/ui/Taskfile.yml",
		  "version: '3'\nincludes:\n  common: ./build/Taskfile.yml\n  other:\n    taskfile: ./other\n"
		  "    dir: ./other\n  extra: ../../tools/more.yml\n"
		  "tasks:\n  build:docker:\n    cmds:\n      - task: common:build:docker\n", 1);
	memfs_add(m, "client/ui/build/Taskfile.yml",
		  "version: '3'\nvars:\n  APP_NAME: netbird-ui\ntasks:\n  build:docker:\n    cmds:\n"
		  "      - docker build -t {{.TAG | default (printf \"%s:latest\" .APP_NAME)}} -f build/docker/Dockerfile.server .\n"
		  "  push:\n    dir: build/docker\n    cmds:\n      - docker build -t acme/{{.APP_NAME}}:1 .\n"
		  "      - cmd: docker push acme/{{ .APP_NAME }}:1\n", 1);
	memfs_add(m, "client/ui/other/Taskfile.yml", "tasks:\n  img: docker build -f Dockerfile.other .\n", 1);
	memfs_add(m, "tools/more.yml", "tasks:\n  tool:\n    cmd: docker build -f tools/Dockerfile.tool .\n", 1);
	memfs_add(m, "tools/Taskfile.yaml", "tasks:\n  t:\n    cmd: docker build -t t -f Dockerfile.t .\n", 1);
	memfs_view(m, &fs);
	project_init(&p);
	project_read(&p, &fs, paths, ARRAY_SIZE(paths));
	r = ref_of(&p, PSRC_SCRIPT, "client/ui/build/docker/Dockerfile.server");
	assert_non_null(r);
	assert_string_equal(r->context, "client/ui");
	assert_string_equal(r->where, "client/ui/build/Taskfile.yml:7 (task build:docker)");
	/* a task's dir:, a var substituted, a push later in the file */
	r = ref_of(&p, PSRC_SCRIPT, "client/ui/build/docker/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "client/ui/build/docker");
	assert_true(has(r->tags, r->ntags, "acme/netbird-ui:1"));
	assert_true(r->pushed);
	/* an include's dir:, a folder include, an included file of another name (run from client/ui) */
	assert_non_null(ref_of(&p, PSRC_SCRIPT, "client/ui/other/Dockerfile.other"));
	assert_non_null(ref_of(&p, PSRC_SCRIPT, "client/ui/tools/Dockerfile.tool"));
	/* a Taskfile nobody includes runs in its own folder */
	assert_non_null(ref_of(&p, PSRC_SCRIPT, "tools/Dockerfile.t"));
	/* the Taskfile itself is never read from its own folder when included */
	assert_null(ref_of(&p, PSRC_SCRIPT, "client/ui/build/build/docker/Dockerfile.server"));
	project_free(&p);
	memfs_free(m);
}

/* The Compose files docker compose -f commands name are read ahead for their own role (role.c's pairing). */
static void test_partner_roles(void **state)
{
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct project p;
	char *paths[] = { ".github/workflows/ci.yml" };
	(void)state;
	memfs_add(m, ".github/workflows/ci.yml",
		  "jobs:\n  a:\n    steps:\n      - run: docker compose -f docker-compose.yml -f docker-compose.release.yml up\n", 1);
	memfs_add(m, "docker-compose.yml", "services:\n  nats:\n    image: nats:2.14.3\n    volumes:\n"
		  "      - ./hack/dev/nats.conf:/etc/nats/nats.conf:ro\n", 1);
	memfs_add(m, "docker-compose.release.yml", "services:\n  api:\n    image: acme/api:1.0.0\n", 1);
	memfs_view(m, &fs);
	project_init(&p);
	project_read(&p, &fs, paths, ARRAY_SIZE(paths));
	assert_int_equal(p.npartners, 1);
	assert_string_equal(p.partners[0].path, "docker-compose.yml");
	assert_int_equal(p.partners[0].role, ROLE_DEV);
	assert_true(plist_has(p.not_partners, p.nnot_partners, "docker-compose.release.yml"));
	project_free(&p);
	memfs_free(m);
}

/*
 * loki's Makefile: the build command sits in a variable assigned inside
 * `ifeq` (tab-indented, `:=`), and the recipe line names it only as
 * $(OCI_BUILD); a recipe's shell-style `NAME=value cmd` is no assignment.
 */
static void test_makefile_build_variable(void **state)
{
	static const char mk[] =
		"IMAGE_PREFIX ?= grafana\n"
		"ifeq ($(CI),true)\n"
		"\tOCI_BUILD       := DOCKER_BUILDKIT=1 docker buildx build --platform=linux/amd64\n"
		"else\n"
		"\tOCI_BUILD       := DOCKER_BUILDKIT=1 docker build\n"
		"endif\n"
		"logcli-image:\n"
		"\t$(OCI_BUILD) -t $(IMAGE_PREFIX)/logcli:1 -f cmd/logcli/Dockerfile .\n"
		"other:\n"
		"\tTAG=x docker build -t acme/other:$$TAG -f other/Dockerfile other\n";
	struct project p;
	const struct project_ref *r;
	(void)state;
	project_init(&p);
	project_read_script(&p, "Makefile", mk, sizeof(mk) - 1);
	r = ref_of(&p, PSRC_SCRIPT, "cmd/logcli/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "");
	assert_true(has(r->tags, r->ntags, "grafana/logcli:1"));
	/* the recipe's TAG=x stays the shell's: the build line is still read */
	r = ref_of(&p, PSRC_SCRIPT, "other/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "other");
	project_free(&p);
}

/*
 * netbox-docker's build.sh: every option of the build in a bash array
 * (`NAME=(...)` over lines, `NAME+=(...)`), passed as "${NAME[@]}" to
 * `$DRY docker buildx --builder NAME build`; the Dockerfile from
 * `DOCKERFILE="${DOCKERFILE-Dockerfile}"`.
 */
static void test_script_array(void **state)
{
	struct project p;
	const struct project_ref *r;
	(void)state;
	project_init(&p);
	read_fixture(&p, "project/build_array.sh", "build.sh", project_read_script);
	r = ref_of(&p, PSRC_SCRIPT, "Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "");
	assert_string_equal(r->target, "main");
	assert_true(has(r->args, r->nargs, "FROM=docker.io/ubuntu:24.04"));
	assert_true(has(r->args, r->nargs, "NETBOX_PATH=${NETBOX_PATH}"));
	assert_false(has(r->args, r->nargs, "UNUSED=1"));      /* another array, never passed */
	assert_int_equal(p.nrefs, 1);
	project_free(&p);
}

static void test_dev_environments(void **state)
{
	struct project p;
	int ws = 0, compose = 0, extra = 0, gitpod = 0;
	(void)state;
	project_init(&p);
	read_fixture(&p, "project/devcontainer.json", ".devcontainer/python/devcontainer.json",
		     project_read_devcontainer);
	read_fixture(&p, "project/gitpod.yml", ".gitpod.yml", project_read_gitpod);
	for (size_t i = 0; i < p.ndev; i++) {
		ws |= !strcmp(p.dev[i].path, ".devcontainer/Dockerfile.workspace");
		compose |= !strcmp(p.dev[i].path, "compose.yaml");
		extra |= !strcmp(p.dev[i].path, ".devcontainer/python/compose.extra.yml");
		gitpod |= !strcmp(p.dev[i].path, ".gitpod/Dockerfile");
	}
	/* comments and trailing commas did not stop the reader */
	assert_true(ws);
	assert_true(compose);
	assert_true(extra);
	assert_true(gitpod);
	project_free(&p);
}

static void test_json_clean(void **state)
{
	const char *in = "{\"a\": \"//x,}\", // c\n \"b\": [1,2,], /* z */ }";
	size_t n;
	char *out = project_json_clean(in, strlen(in), &n);
	(void)state;
	assert_int_equal(n, strlen(in));
	assert_non_null(strstr(out, "\"//x,}\""));      /* strings untouched */
	assert_null(strstr(out, "// c"));
	assert_null(strstr(out, "2,]"));
	assert_null(strstr(out, "z */"));
	free(out);
}

static void test_reference_paths(void **state)
{
	static const char *const yes[] = { "docker-bake.hcl", "ci/docker-bake.json", "docker-bake.override.hcl",
		".github/workflows/ci.yml", ".github/workflows/release.yaml", "Makefile", "tools/build.sh",
		"mk/images.mk", ".devcontainer/devcontainer.json", ".devcontainer/py/devcontainer.json",
		".devcontainer.json", ".gitpod.yml", "README.md", "docs/readme.rst", "package.json", NULL };
	static const char *const no[] = { ".github/workflows/sub/x.yml", ".github/dependabot.yml", "READMEFIRST.md",
		"devcontainer.json", "src/main.c", "Dockerfile", NULL };
	(void)state;
	for (size_t i = 0; yes[i]; i++)
		if (!project_reference_path(yes[i]))
			fail_msg("%s should be read", yes[i]);
	for (size_t i = 0; no[i]; i++)
		if (project_reference_path(no[i]))
			fail_msg("%s should not be read", no[i]);
}

static void test_compose_refs(void **state)
{
	const char *yaml = "services:\n"
			   "  api:\n"
			   "    image: acme/api:1.0.0\n"
			   "    build:\n"
			   "      context: services/api\n"
			   "      args:\n"
			   "        NODE_ENV: production\n"
			   "        TOKEN:\n"
			   "      additional_contexts:\n"
			   "        shared: ../shared\n";
	struct compose_doc *d = compose_load(yaml, strlen(yaml));
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct project p;
	const struct project_ref *r;
	(void)state;
	memfs_add(m, "services/api/Dockerfile", "FROM node:20.11.1\n", 1);
	memfs_view(m, &fs);
	project_init(&p);
	project_add_compose(&p, "compose.yaml", d, &fs);
	r = ref_of(&p, PSRC_COMPOSE, "services/api/Dockerfile");
	assert_non_null(r);
	assert_string_equal(r->context, "services/api");
	assert_true(has(r->tags, r->ntags, "acme/api:1.0.0"));
	assert_true(has(r->args, r->nargs, "NODE_ENV=production"));
	assert_true(has(r->args, r->nargs, "TOKEN"));
	assert_true(has(r->named, r->nnamed, "shared=../shared"));
	project_free(&p);
	compose_free(d);
	memfs_free(m);
}

/* ---- build contexts ---- */

static void facts_of(struct role_facts *f, const char *text)
{
	role_facts_dockerfile(f, text, strlen(text));
}

static void test_context_order(void **state)
{
	struct project p;
	struct project_ctx c;
	struct role_facts f;
	struct project_ref *r;
	(void)state;
	project_init(&p);
	facts_of(&f, "FROM alpine:3.19.1\nCOPY . /src\n");
	/* scripts, workflows, bake, Compose: added in the reverse order, the first source still wins */
	r = project_new_ref(&p, PSRC_SCRIPT, "build.sh:1");
	r->dockerfile = xstrdup("app/Dockerfile");
	r->context = xstrdup("from-script");
	r = project_new_ref(&p, PSRC_WORKFLOW, "ci.yml:1");
	r->dockerfile = xstrdup("app/Dockerfile");
	r->context = xstrdup("from-workflow");
	project_contexts(&p, "app/Dockerfile", &f, NULL, &c);
	assert_int_equal(c.ncontexts, 1);
	assert_string_equal(c.contexts[0], "from-workflow");
	assert_int_equal(c.src, PSRC_WORKFLOW);
	project_ctx_free(&c);
	r = project_new_ref(&p, PSRC_BAKE, "docker-bake.hcl:1");
	r->dockerfile = xstrdup("app/Dockerfile");
	r->context = xstrdup("from-bake");
	project_contexts(&p, "app/Dockerfile", &f, NULL, &c);
	assert_string_equal(c.contexts[0], "from-bake");
	project_ctx_free(&c);
	/* Compose: every service's context, each judged */
	r = project_new_ref(&p, PSRC_COMPOSE, "compose.yaml:2");
	r->dockerfile = xstrdup("app/Dockerfile");
	r->context = xstrdup("app");
	plist_add(&r->args, &r->nargs, xstrdup("A=1"));
	r = project_new_ref(&p, PSRC_COMPOSE, "compose.yaml:9");
	r->dockerfile = xstrdup("app/Dockerfile");
	r->context = xstrdup("");
	project_contexts(&p, "app/Dockerfile", &f, NULL, &c);
	assert_int_equal(c.ncontexts, 2);
	assert_string_equal(c.contexts[0], "app");
	assert_string_equal(c.contexts[1], "");
	assert_int_equal(c.src, PSRC_COMPOSE);
	assert_false(c.unknown);
	assert_false(c.inferred);
	assert_int_equal(c.nargs, 1);
	assert_string_equal(c.args[0], "A=1");
	project_ctx_free(&c);
	role_facts_free(&f);
	project_free(&p);
}

static void test_context_inferred(void **state)
{
	struct project p;
	struct project_ctx c;
	struct role_facts f;
	struct memfs *m = memfs_new();
	struct fsview fs;
	(void)state;
	memfs_add(m, "svc/Dockerfile", "", 1);
	memfs_add(m, "svc/app.py", "", 1);
	memfs_add(m, "svc/conf/a.yml", "", 1);
	memfs_add(m, "requirements.txt", "", 1);
	memfs_add(m, "svc/requirements.txt", "", 1);
	memfs_view(m, &fs);
	project_init(&p);
	/* every source beside the Dockerfile: its folder */
	facts_of(&f, "FROM python:3.12.4-slim\nARG APP=app.py\nCOPY requirements.txt $APP /app/\n"
		     "COPY conf/*.yml /app/conf/\nCOPY --from=builder /out /out\nADD https://x.org/a.tgz /tmp/\n");
	project_contexts(&p, "svc/Dockerfile", &f, &fs, &c);
	assert_false(c.unknown);
	assert_true(c.inferred);
	assert_string_equal(c.contexts[0], "svc");
	project_ctx_free(&c);
	role_facts_free(&f);
	/* sources that exist only from the root: the root */
	facts_of(&f, "FROM python:3.12.4-slim\nCOPY svc/app.py requirements.txt /app/\n");
	project_contexts(&p, "svc/Dockerfile", &f, &fs, &c);
	assert_true(c.inferred);
	assert_string_equal(c.contexts[0], "");
	project_ctx_free(&c);
	role_facts_free(&f);
	/* a source found nowhere: unknown */
	facts_of(&f, "FROM python:3.12.4-slim\nCOPY package.json /app/\n");
	project_contexts(&p, "svc/Dockerfile", &f, &fs, &c);
	assert_true(c.unknown);
	assert_int_equal(c.ncontexts, 0);
	project_ctx_free(&c);
	role_facts_free(&f);
	project_free(&p);
	memfs_free(m);
}

/* Inputs built to hurt: every reader ends, within its limits. */
static void test_hostile(void **state)
{
	static const char *const bits[] = { "target \"a\" {", "}", "\"${", "<<", "<<EOT\n", "[", "{", "=",
		"context = ", "\"x\"", "/*", "#", "\n", ",", "inherits = [\"a\"]", "variable \"V\" { default = ",
		"docker build -f", " -t ", "\\\n", "$(", "${A}", "//", "\"dockerFile\": ", ":" };
	struct project p;
	struct pvars v = { 0 };
	struct buf big = BUF_INIT;
	char *x;
	unsigned seed = 12345;
	(void)state;
	/* values naming values: the expansion stops growing */
	for (int i = 0; i < 2000; i++)
		buf_puts(&big, "$A");
	pvars_set(&v, "A", 1, big.ptr, big.len);
	x = pvars_expand(&v, big.ptr);
	assert_true(strlen(x) < 2 * 65536 + 8192);
	free(x);
	pvars_free(&v);
	buf_free(&big);
	/* a wide inherits graph: every target still becomes one reference */
	for (int i = 0; i < 60; i++) {
		buf_printf(&big, "target \"t%d\" {\n  inherits = [", i);
		for (int k = 0; k < 60; k++)
			buf_printf(&big, "\"t%d\",", k);
		buf_puts(&big, "]\n  args = { A = \"1\" }\n}\n");
	}
	project_init(&p);
	project_read_bake_hcl(&p, "docker-bake.hcl", big.ptr, big.len);
	assert_int_equal(p.nrefs, 60);
	project_free(&p);
	buf_free(&big);
	/* random splices of the grammar's pieces, into every reader */
	for (int round = 0; round < 300; round++) {
		for (int k = 0; k < 40; k++) {
			seed = seed * 1103515245u + 12345u;
			buf_puts(&big, bits[(seed >> 8) % (sizeof(bits) / sizeof(bits[0]))]);
		}
		project_init(&p);
		project_read_bake_hcl(&p, "docker-bake.hcl", big.ptr, big.len);
		project_read_bake_json(&p, "docker-bake.json", big.ptr, big.len);
		project_read_workflow(&p, ".github/workflows/x.yml", big.ptr, big.len);
		project_read_script(&p, "Makefile", big.ptr, big.len);
		project_read_devcontainer(&p, ".devcontainer/devcontainer.json", big.ptr, big.len);
		project_read_gitpod(&p, ".gitpod.yml", big.ptr, big.len);
		assert_true(p.nrefs <= PROJECT_MAX_REFS);
		project_free(&p);
		buf_clear(&big);
	}
	buf_free(&big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bake_hcl),
		cmocka_unit_test(test_bake_json),
		cmocka_unit_test(test_workflow),
		cmocka_unit_test(test_workflow_action_fork_env),
		cmocka_unit_test(test_workflow_matrix),
		cmocka_unit_test(test_workflow_metadata_action),
		cmocka_unit_test(test_workflow_pr_only),
		cmocka_unit_test(test_workflow_repository_slug),
		cmocka_unit_test(test_workflow_expression_default),
		cmocka_unit_test(test_package_json_scripts),
		cmocka_unit_test(test_makefile),
		cmocka_unit_test(test_script),
		cmocka_unit_test(test_script_tag_and_folder),
		cmocka_unit_test(test_image_wildcard),
		cmocka_unit_test(test_compose_sets),
		cmocka_unit_test(test_taskfile),
		cmocka_unit_test(test_partner_roles),
		cmocka_unit_test(test_makefile_build_variable),
		cmocka_unit_test(test_script_array),
		cmocka_unit_test(test_dev_environments),
		cmocka_unit_test(test_json_clean),
		cmocka_unit_test(test_reference_paths),
		cmocka_unit_test(test_compose_refs),
		cmocka_unit_test(test_context_order),
		cmocka_unit_test(test_context_inferred),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
