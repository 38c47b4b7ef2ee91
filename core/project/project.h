/*
 * project - what the repository itself says about how its Dockerfiles are
 * built and used (CHECKLIST.md, "How a file is built" and "What a file is
 * for"): one model per scan, read from
 *   - Compose services that build (build context, dockerfile, args, target,
 *     and `image:` naming the image they build),
 *   - bake files (docker-bake.hcl / docker-bake.json / docker-bake.override.*):
 *     `target` blocks (context, dockerfile, tags, args, contexts, target),
 *     HCL variables with defaults,
 *   - GitHub workflows: docker/build-push-action steps (and forks with its
 *     inputs; file, context, push, tags, build-args; `${{ env.NAME }}` of the
 *     workflow, job and step expanded),
 *   - `docker build` / `docker buildx build` / `podman build` lines in tracked
 *     *.sh, Makefile, *.mk, workflow `run:` steps and package.json scripts
 *     (and `docker push NAME` after them in the same file),
 *   - dev environments: .devcontainer/(any folder)/devcontainer.json (build.dockerfile,
 *     dockerFile, dockerComposeFile) and .gitpod.yml (image.file).
 * and, from it, every audited file's role (project_roles) and each
 * Dockerfile's build contexts (project_contexts).
 *
 * Ownership: struct project owns everything in it; project_free() releases
 * it. Paths are repository-relative with '/' separators ("" is the root).
 */
#ifndef BERTH_PROJECT_H
#define BERTH_PROJECT_H

#include <stddef.h>
#include "check.h"
#include "fsview.h"
#include "strmap.h"

struct config;
struct compose_doc;

/* A reference file larger than this is not read (no real bake file, workflow or script comes close). */
#define PROJECT_MAX_FILE (1u << 20)
/* Reference files read at most per scan; more are ignored. */
#define PROJECT_MAX_FILES 4000
/* Build references kept at most per scan. */
#define PROJECT_MAX_REFS 20000

enum project_src { PSRC_COMPOSE, PSRC_BAKE, PSRC_WORKFLOW, PSRC_SCRIPT, PSRC_COUNT };

/* "Compose", "bake", "workflow", "script". */
const char *project_src_name(enum project_src s);

/* One place where the repository builds a Dockerfile. */
/* project_ref.pushed: pushed by a workflow that only pull-request events start (a preview, not a release) */
#define PUSH_PREVIEW 2

struct project_ref {
	enum project_src src;
	char *dockerfile;       /* NULL when it cannot be resolved */
	char *context;          /* NULL when unknown, remote or outside the repository */
	char **tags;            /* image names it builds (tag kept as written) */
	size_t ntags;
	char **args;            /* build args supplied: "NAME=VALUE" ("NAME" when the value comes from the environment) */
	size_t nargs;
	char **named;           /* named contexts: "NAME=VALUE" */
	size_t nnamed;
	char *target;           /* stage built, or NULL */
	char *name;             /* bake target or Compose service name, or NULL */
	int pushed;             /* the image is pushed (CI's push:, or docker push NAME after it); PUSH_PREVIEW: only for pull requests */
	char *where;            /* "FILE:LINE" it was read at */
};

/* How a tracked file names a Compose file (project_mention.c): by a test, by something neutral, or to run it. */
enum mention_kind { MENTION_TEST, MENTION_OTHER, MENTION_RUN };

/* A word of a workflow, Makefile, script or README that looks like a Compose file's path. */
struct project_mention {
	char *token;            /* the path as written, variables before it left out */
	char *dir;              /* folder it is relative to ("" the root; a Makefile's own folder) */
	char *file_dir;         /* the naming file's folder */
	char *file;             /* the naming file */
	enum mention_kind kind;
	char *where;            /* "FILE:LINE" and the job or target, for the reason */
};

/*
 * The Compose files one `docker compose` command of a script, Makefile,
 * Taskfile or workflow step runs together (its -f/--file options; beyond
 * CHECKLIST.md revision 4): role.c gives an overlay only ever run with a
 * development or test file that file's role.
 */
struct project_compose_set {
	char **files;           /* repository-relative; an unresolved one (a variable) is NULL */
	size_t n;
	char *source;           /* the file the command is in */
	char *where;            /* "FILE:LINE" (and the job, target or task), for the reason */
};

/* A file a dev environment (devcontainer.json, .gitpod.yml) names. */
struct project_devref {
	char *path;
	char *where;
};

struct project {
	struct project_ref *refs;
	size_t nrefs, caprefs;
	struct project_devref *dev;
	size_t ndev, capdev;
	const char *app_manifest;       /* static: the app manifest at the root (package.json, go.mod, ...), or NULL */
	/*
	 * The repository's GitHub "owner/name" (malloc'd, set before
	 * project_read; NULL when unknown): workflows' `github.repository`.
	 */
	char *slug;
	/*
	 * Images tagged by `docker build` lines of package.json scripts (beyond
	 * CHECKLIST.md revision 4): project images only; they take no part in
	 * roles or contexts (a tag dropped, one name often tags several files).
	 */
	char **pkg_images;
	size_t npkg_images;
	/*
	 * Image names (tag dropped) that workflow jobs run in as their
	 * `container:` (beyond CHECKLIST.md revision 4): a CI job's toolchain,
	 * not a deployment.
	 */
	char **ci_images;
	size_t nci_images;
	struct project_mention *mentions;
	size_t nmentions, capmentions;
	struct project_compose_set *csets;
	size_t ncsets, capcsets;
	/*
	 * Compose files the csets name, read ahead (project_partner_roles) and
	 * dev or test by rules 1 and 4-5 alone: a Compose file is judged on its
	 * own, so its overlay's pairing rule reads its partner's role here.
	 */
	struct project_partner { char *path; int role; } *partners;
	size_t npartners;
	char **not_partners;    /* read ahead, and neither dev nor test */
	size_t nnot_partners;
	size_t files_read;      /* reference files read */
	size_t files_skipped;   /* too big, unreadable or past PROJECT_MAX_FILES */
	/* private: references by Dockerfile (project_index), so lookups stay linear in the repository */
	struct strmap by_df;
	size_t *next_ref;
	size_t nindexed;
};

void project_init(struct project *p);
void project_free(struct project *p);

/* 1 when the model reads this repository-relative path (bake, workflow, script, Makefile, dev environment). */
int project_reference_path(const char *path);

/* Read the reference files (repository-relative, as project_reference_path selects them) through fs. */
void project_read(struct project *p, const struct fsview *fs, char *const *paths, size_t n);

/* Add the builds of one Compose file (its path, its loaded document). */
void project_add_compose(struct project *p, const char *path, const struct compose_doc *d,
			 const struct fsview *fs);

/* Move every reference of `src` into `dst` (src is left empty). */
void project_take(struct project *dst, struct project *src);

/* A Dockerfile reached through a symbolic link: references naming `link` name `target`. */
void project_alias(struct project *p, const char *link, const char *target);

/*
 * Index the references by Dockerfile: call once every reference is in (and
 * aliases applied); project_roles and project_contexts use it when it is
 * current and fall back to a walk of every reference otherwise.
 */
void project_index(struct project *p);
/* The first reference building `path` and the next after reference i; (size_t)-1 at the end. */
size_t project_first_ref(const struct project *p, const char *path);
size_t project_next_ref(const struct project *p, size_t i, const char *path);

/* Project images: every name a reference (or a package.json script) tags an image with, tag dropped, sorted, unique (malloc'd). */
void project_images(const struct project *p, char ***names, size_t *n);
/*
 * For each of the n names project_images gave, the Dockerfile and stage
 * that build it (check.h), when every reference tagging that name builds
 * the same one; *srcs is malloc'd, n entries (project_image_srcs_free).
 */
void project_image_sources(const struct project *p, char *const *names, size_t n, struct project_image_src **srcs);
void project_image_srcs_free(struct project_image_src *srcs, size_t n);

/* The readers, one source each (also used directly by the tests). */
void project_read_bake_hcl(struct project *p, const char *path, const char *data, size_t len);
void project_read_bake_json(struct project *p, const char *path, const char *data, size_t len);
void project_read_workflow(struct project *p, const char *path, const char *data, size_t len);
void project_read_script(struct project *p, const char *path, const char *data, size_t len);
void project_read_devcontainer(struct project *p, const char *path, const char *data, size_t len);
void project_read_gitpod(struct project *p, const char *path, const char *data, size_t len);
void project_read_package_json(struct project *p, const char *path, const char *data, size_t len);
/*
 * A Taskfile (go-task): each task's commands (`cmds:` strings and `cmd:`
 * maps, a task-level `cmd:`) are read as a script's lines run from `dir`
 * (the folder the Taskfile's tasks run in, its own unless an including
 * Taskfile says otherwise) joined with the task's `dir:`; its Compose
 * mentions are a Makefile target's.
 */
void project_read_taskfile(struct project *p, const char *path, const char *dir, const char *data, size_t len);
/* A README: every Compose file it names is run for real. */
void project_read_doc(struct project *p, const char *path, const char *data, size_t len);

/* ---- roles (role.c, role_facts.c) ---- */

/*
 * What one file says about itself, gathered when it is read (so every file
 * is parsed once for it): the role pragma, the content rules of
 * CHECKLIST.md's roles, the images it builds on or copies from, and its
 * local COPY/ADD sources for the context inference.
 */
struct role_facts {
	enum filekind kind;
	int pragma;             /* a `# berth role=` value (enum role), -1 when none */
	int nopasswd;           /* the final chain grants NOPASSWD: ALL sudo */
	int idles;              /* the final CMD/ENTRYPOINT only idles */
	int shell_only;         /* the final CMD is a bare shell, no ENTRYPOINT, nothing EXPOSEd */
	int no_cmd;             /* the final chain sets no CMD, and no ENTRYPOINT but a wrapper script (*.sh) */
	int test_cmd;           /* ... runs a test runner (Compose: every service does, or a test image) */
	int build_cmd;          /* ... runs a compile step, packaging tool or build*.sh/package*.sh */
	int sleeps_built;       /* the final CMD only sleeps a while after a RUN installs or builds (role_facts.c) */
	int comment_dev, comment_test;  /* the first comment paragraph says so */
	int backing_only;       /* Compose: every service runs a stock database, cache, broker or mail catcher image */
	char *dev_image;        /* Compose: an image whose tag says development (`app:dev`), malloc'd, or NULL */
	char *debug_build;      /* Compose: a service that builds here and sets debug logging: "svc (VAR)", malloc'd */
	char *source_mount;     /* Compose: a service that mounts its own build context over the image: "svc (VOL)" */
	char *test_service;     /* Compose: a service that is a test harness: "svc (why)", malloc'd, or NULL */
	char *readme_example;   /* Compose: under examples/, the README beside it titled "Example: ..." (a worked example) */
	char *readme_sample;    /* Compose: the root README's title when it calls the repository a sample application */
	char *readme_dev, *readme_test; /* Compose: the README beside it that says so (role_readme_beside), or NULL */
	char *test_db;          /* Compose: a backing service named for tests ("test_postgres (postgres:12.10)"), or NULL */
	char *emulator;         /* Compose: a service running a cloud emulator or mock server ("s3 (localstack/localstack:3)") */
	char *vs_tooling;       /* Compose: a service image `${DOCKER_REGISTRY-}NAME` (Visual Studio's container tooling), or NULL */
	char **images;          /* Compose: each service's image as written (at most ROLE_MAX_BINDS) */
	size_t nimages;
	int builds;             /* Compose: some service builds (or extends) rather than pulls */
	int preview;            /* Compose: a pull request's preview environment (a top-level x-uffizzi key) */
	char *checkout_mount;   /* Compose: a building service's read-write bind of "." or "../.." ("php (.:/var/www/html)") */
	int checkout_up;        /* ... how many folders up that source goes (0 for ".") */
	/*
	 * Dockerfile: the final chain copies nothing of the repository in, its
	 * WORKDIR is a VOLUME, and its CMD/ENTRYPOINT runs a relative path from
	 * there: a tool image run over a mounted checkout. "PROGRAM on VOLUME"
	 * (malloc'd), or NULL.
	 */
	char *checkout_tool;
	/* Compose: the source file of a program beside it or one folder up, below the root (role_beside_source) */
	char *beside_source;
	/*
	 * Compose: the relative host paths its services bind-mount (at most
	 * ROLE_MAX_BINDS), each "SERVICE\tSOURCE" as written; role.c asks
	 * whether one comes from a development folder.
	 */
	char **binds;
	size_t nbinds;
	char **contexts;        /* Compose: each service's relative build context, "SERVICE\tCONTEXT" (at most ROLE_MAX_BINDS) */
	size_t ncontexts;
	char *cmd_word;         /* what the CMD runs, for the reason (malloc'd, or NULL) */
	char **from;            /* external FROM images (global ARG defaults substituted) */
	size_t nfrom;
	char **copy_from;       /* COPY --from / RUN --mount from= naming no stage */
	size_t ncopy_from;
	char **sources;         /* local COPY/ADD sources (no --from, no URL, no unresolved variable) */
	size_t nsources;
	int unreadable_sources; /* some source could not be judged (a variable without value) */
};

void role_facts_init(struct role_facts *f, enum filekind kind);
void role_facts_free(struct role_facts *f);
/* Facts of a Dockerfile (parsed here) or a Compose file (`d` loaded; may be NULL when not well-formed). */
void role_facts_dockerfile(struct role_facts *f, const char *data, size_t len);
void role_facts_compose(struct role_facts *f, const char *data, size_t len, const struct compose_doc *d);
/*
 * A Compose file's folder, or the folder above it, below the repository
 * root, holds a program's own source (main.go, a *.gemspec): the path of
 * that file (malloc'd), or NULL.
 */
char *role_beside_source(const struct fsview *fs, const char *compose_path);
void role_readme_beside(struct role_facts *f, const struct fsview *fs, const char *compose_path);

struct role_result {
	enum role role;
	char *reason;           /* malloc'd */
	int base_by_name;       /* ROLE_BASE by name only */
};

/*
 * The role of every file, CHECKLIST.md's rules in order. `paths` and `facts`
 * describe every candidate of the repository (not only the audited ones:
 * references need the others); out[i] is set for each. cfg may be NULL.
 */
void project_roles(const struct project *p, const struct config *cfg, char *const *paths,
		   const struct role_facts *facts, size_t n, struct role_result *out);
/* Read ahead the Compose files `docker compose -f` commands name, for the pairing rule (role.c); after project_read. */
void project_partner_roles(struct project *p, const struct fsview *fs);
/* A template's name (CHECKLIST.md roles, rule 3): its last suffix is one of the template suffixes. */
int role_template_name(const char *name);

/* ---- build contexts ---- */

struct project_ctx {
	char **contexts;        /* repository-relative, each judged */
	size_t ncontexts;
	int unknown;            /* no source names it and the inference failed */
	enum project_src src;   /* where they came from (when not inferred) */
	int inferred;           /* from the COPY sources */
	char **args;            /* build args supplied by every reference: "NAME=VALUE" */
	size_t nargs;
	char **named;           /* named contexts of the bake targets building it */
	size_t nnamed;
};

/*
 * The build contexts of Dockerfile `path`: Compose, then bake, workflows,
 * scripts; else inferred from the COPY/ADD sources (the Dockerfile's folder,
 * else the root), else unknown.
 */
void project_contexts(const struct project *p, const char *path, const struct role_facts *f,
		      const struct fsview *fs, struct project_ctx *out);
void project_ctx_free(struct project_ctx *c);

/* ---- INCLUDEd Dockerfiles (project_include.c; beyond revision 4) ---- */

#define PROJECT_INCLUDE_MAX 32          /* INCLUDE lines followed per Dockerfile */
#define PROJECT_INCLUDE_NAMES_MAX 256   /* stage names a file receives from the fragments before it */

struct df_file;
/*
 * The files Dockerfile `path` (parsed: df) INCLUDEs, when its syntax line
 * selects a frontend other than Docker's: resolved against its folder, then
 * the repository root; those that exist, in order, into out (malloc'd).
 */
size_t project_includes(const struct fsview *fs, const char *path, const struct df_file *df, char **out, size_t max);
/* The stages named in included[0..upto), as named contexts "NAME=include:PATH", appended to names. */
void project_include_names(const struct fsview *fs, char *const *included, size_t upto, char ***names, size_t *n);

#endif
