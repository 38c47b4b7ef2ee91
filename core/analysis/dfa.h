/*
 * dfa - the shared analysis of one parsed Dockerfile, computed once and read
 * by every checklist group (check_perf.c, check_sec.c, check_size.c,
 * check_corr*.c, check_pitfalls.c). It answers the questions of
 * CHECKLIST.md's Terms: which stage ships (final stage, final chain), which
 * images are external and how well they are pinned, what each RUN runs
 * (parsed once with sh_parse), which toolchain packages stay, which
 * variables are in scope where.
 *
 * Ownership: struct dfa borrows the df_file (and path, fs, contexts given to
 * dfa_init); everything else inside is owned and released by dfa_free(),
 * allocated from one arena (df_arena.h): never free() a part of it alone.
 * Scripts made with dfa_script_init() are owned by the caller
 * (dfa_script_free). Strings returned by dfa_var() are borrowed from the
 * df_file.
 *
 * Rule ids of the findings (stable; severity in brackets, w = warning, e = error):
 *   perf.multi-stage       build-in-final, native-build-in-final [w]
 *   perf.cache-mounts      no-cache-mount [w]; no-cache-mount-named, os-no-cache-mount,
 *                          cache-mount-wasted, prefetched-store, local-wheels [info]
 *   perf.layer-order       deps-after-copy [w; info for pnpm install --offline after pnpm fetch
 *                          and for a pip install from (or after) local wheels]
 *   perf.dockerignore      no-dockerignore, env-not-ignored, git-not-ignored [w; git-not-ignored info when
 *                          another build of the same ignore file reads .git]; git-reincluded, git-read [info]
 *   perf.single-apt-layer  update-without-install, repeated-apt-update [w]; could-merge-apt [info]
 *   sec.pinned-base        latest [e] (also ${REGISTRY}/name); unpinned-tag, unresolved-image [w];
 *                          point-release, unresolved-image supplied by the build,
 *                          own-base-image (the namespace of a project image) [info]
 *   sec.non-root           no-user, root-user [w; info when the entrypoint (or supervisord) drops privileges,
 *                          or a rootless sibling Dockerfile is the non-root variant]
 *   sec.minimal-base       full-image [w]; jre-image, no-slim-variant [info]
 *   sec.no-secrets         secret-name, secret-file [w]; secret-value (key formats) [e]
 *   sec.healthcheck        no-healthcheck [w; info when nothing in the image can probe the app]
 *   size.*                 install-recommends, apt-lists-kept, pip-cache, apk-cache, yum-cache,
 *                          zypper-cache, build-tools (one per install), dev-requirements,
 *                          dev-extras, dev-deps [w; prod-deps info when a compile step follows]
 *   corr.parse             the parser's problem rules [e]: no-from, unknown-instruction,
 *                          missing-args, before-from, eof-continuation, unterminated-heredoc,
 *                          duplicate-stage, bad-exec-form, single-quoted-exec-form, bad-port,
 *                          multi-source-dest, bad-onbuild, reserved-stage-name, unterminated-quote
 *   corr.workdir-before-copy  relative-dest [w; info for images berth cannot see], relative-workdir [w]
 *   corr.copy-ownership    root-owned-copy [w]; copy-before-user, system-path-copy [info]
 *   corr.expose-port       port-not-exposed [w]
 *   corr.production-cmd    dev-flag, dev-server, shell-form, duplicate-cmd,
 *                          duplicate-entrypoint, dev-env [w]
 *   corr.env-defaults      undefined-var, from-arg-no-default [w]; var-from-image [info]
 *   corr.pitfalls          curl-pipe-shell, sudo, chmod-777, expose-ssh, copy-from-unknown,
 *                          duplicate-healthcheck, insecure-download [w]; apt-no-y, rpm-no-y,
 *                          zypper-no-n [e]; sudo after a non-root USER, chmod-777 in a dev stage
 *                          outside the final chain, add-url-no-checksum,
 *                          add-local-file, cd-in-run, maintainer [info]
 *   corr.syntax-directive  no-syntax-directive [w for syntax newer than Engine 23; info otherwise]
 */
#ifndef BERTH_DFA_H
#define BERTH_DFA_H

#include <stddef.h>
#include "check.h"
#include "df_arena.h"
#include "dockerfile.h"
#include "fsview.h"
#include "shell.h"

/* Stages followed through FROM <stage> at most this deep (cycles are impossible, bound it anyway). */
#define DFA_MAX_CHAIN 64

/* An image reference split as Docker reads it. */
struct dfa_image {
	char *registry;         /* "gcr.io", NULL for Docker Hub (docker.io/index.docker.io dropped) */
	char *path;             /* "python", "bitnami/redis" ("library/" dropped for Docker Hub) */
	char *tag;              /* NULL when none */
	char *digest;           /* "sha256:..." or NULL */
};

void dfa_image_parse(struct dfa_image *img, const char *ref);
void dfa_image_free(struct dfa_image *img);
/* The same parse, its strings from `arena` (released with it: no dfa_image_free). */
void dfa_image_parse_in(struct dfa_image *img, const char *ref, struct df_arena *arena);
/* 1 when the image is `name` ("python", "mcr.microsoft.com/dotnet/sdk"), case-insensitively. */
int dfa_image_is(const struct dfa_image *img, const char *name);
/* dfa_image_is for a Docker Hub official name (no '/', ':' or '@' in it: "python"), without looking. */
int dfa_image_hub(const struct dfa_image *img, const char *name);
/* 1 when the tag contains `needle` (case-insensitive); 0 without a tag. */
int dfa_tag_has(const struct dfa_image *img, const char *needle);

/* How well an image is pinned (CHECKLIST.md, Terms: pinned tag). */
enum dfa_pin { DFA_PIN_OK, DFA_PIN_INFO, DFA_PIN_WARNING, DFA_PIN_ERROR };
enum dfa_pin dfa_pin_classify(const struct dfa_image *img);

/* Terms: secret-like name (1/0) and a literal value that is a setting, not a secret. */
int dfa_secret_name(const char *name);
int dfa_setting_value(const char *value);

/*
 * A shell script taken from an instruction, with a way back from offsets in
 * the parsed text to offsets in the file: through args_map (shell form),
 * from a base offset (heredoc body) or per element (exec form, where a
 * command's span becomes the span of the JSON strings it covers).
 */
enum dfa_map { DFA_MAP_ARGS, DFA_MAP_BASE, DFA_MAP_EXEC };

struct dfa_elem { size_t start, end; struct df_span span; };

struct dfa_script {
	struct sh_script sh;
	char *text;             /* what was parsed (owned copy) */
	size_t len;
	enum dfa_map mode;
	const size_t *map;      /* DFA_MAP_ARGS: the instruction's args_map ... */
	size_t map_base;        /* ... from this offset into args (HEALTHCHECK CMD) */
	size_t base, limit;     /* DFA_MAP_BASE: text[0] is at `base`, nothing past `limit` */
	struct dfa_elem *elems; /* DFA_MAP_EXEC */
	size_t nelems;
	struct df_span whole;   /* fallback */
	int in_arena;           /* private: text, elems and sh live in an arena (nothing to free) */
};

/* The script of a RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD (exec or shell form). 0 ok, -1 nothing to parse. */
int dfa_script_init(struct dfa_script *s, const struct df_file *df, const struct df_instr *in);
/* The same, everything allocated from `arena` (released with it; dfa_script_free does nothing). */
int dfa_script_init_in(struct dfa_script *s, const struct df_file *df, const struct df_instr *in,
		       struct df_arena *arena);
void dfa_script_free(struct dfa_script *s);
/* The scripts of a RUN (*out and everything in them from `arena`): heredoc bodies or its command. */
size_t dfa_run_scripts(const struct df_file *df, const struct df_instr *in, struct dfa_script **out,
		       struct df_arena *arena);
/* [start, end) of the parsed text -> original bytes. */
void dfa_script_span(const struct dfa_script *s, size_t start, size_t end, size_t *os, size_t *oe);

enum dfa_pm { DFA_PM_NONE, DFA_PM_APT, DFA_PM_APK, DFA_PM_YUM, DFA_PM_ZYPPER };

enum dfa_lang { DFA_LANG_NONE, DFA_LANG_PIP, DFA_LANG_NPM, DFA_LANG_YARN, DFA_LANG_PNPM, DFA_LANG_OTHER };

struct dfa_install {
	enum dfa_lang lang;
	int lang_install;       /* Terms: language package install (pip/npm/yarn/pnpm) */
	int project;            /* Terms: project dependency install */
	int installers_only;    /* only pip/setuptools/wheel/npm/yarn/pnpm/corepack upgraded */
	const struct sh_word *req;      /* pip -r FILE: the FILE word (first) */
	/*
	 * pip: every source is local, so nothing is downloaded: --no-index,
	 * --find-links to a local folder, or only wheel/sdist files or a folder
	 * glob (`/wheels/` and a star) named (holdout 2, wger; beyond revision 4).
	 */
	int local_only;
	const char *tool;       /* "pip", "npm ci", "go mod download", ... for messages */
};

/*
 * One simple command of a RUN, in text order, with what it does decided
 * once by dfa_init (the functions named, which the checks would otherwise
 * ask again and again).
 */
struct dfa_cmd {
	const struct sh_cmd *c;
	const struct dfa_script *s;
	const char *name;               /* sh_cmd_name(c) */
	struct dfa_install inst;        /* dfa_install_of(c, &inst) ... */
	unsigned char install;          /* ... and what it returned */
	unsigned char compile, js;      /* dfa_compile_step(c, &js) */
	unsigned char apt_install;      /* dfa_apt_install(c) */
	unsigned char apt_update;       /* dfa_apt_update(c) */
	unsigned char apt_uses_index;   /* dfa_apt_uses_index(c): reads the fresh index otherwise */
	unsigned char is_apt;           /* dfa_is_apt(c) */
	unsigned char removes_lists;    /* dfa_removes_apt_lists(c) */
	enum dfa_pm os_pm;              /* dfa_os_install(c, &os_first) */
	size_t os_first;
};

struct dfa_run {
	size_t instr;           /* index into df->instrs */
	int stage;
	struct dfa_script *scripts;
	size_t nscripts;
	struct dfa_cmd *cmds;
	size_t ncmds;
	size_t pkg_first, npkg;         /* its toolchain packages in dfa.pkgs, in command order */
};

/* A toolchain package installed by an OS package manager. */
struct dfa_pkg {
	size_t run;             /* index into runs */
	size_t cmd;             /* the install command, index into the run's cmds */
	const struct sh_word *word;
	char *name;             /* version and architecture stripped */
	enum dfa_pm pm;
	char *group;            /* apk --virtual group or NULL */
	int stays;              /* not removed later in the same RUN */
};

/* The effective CMD ([0]) and ENTRYPOINT ([1]) of the final chain: the last of each, parsed. */
struct dfa_effective {
	long idx[2];            /* instruction indices; -1 when absent */
	struct dfa_script s[2];
	int ok[2];              /* s[j] holds the parsed script */
};

/* A port the image evidently serves: a CMD/ENTRYPOINT flag or the HEALTHCHECK's localhost URL. */
struct dfa_port { long n; size_t start, end; };
#define DFA_MAX_PORTS 32        /* evident ports considered per file */

/* One ENV or ARG definition (dfa_scope.c's index). */
struct dfa_var_ent {
	const char *name;
	size_t len;
	int kind;
	size_t instr;
	const char *value;
};

struct dfa {
	const struct df_file *df;
	const char *path;
	const struct fsview *fs;
	char *const *contexts;
	size_t ncontexts;
	int final;              /* final stage, -1 when there is none */
	int *chain;             /* final chain, root first */
	size_t nchain;
	unsigned char *in_chain;        /* per stage */
	size_t *chain_instrs;   /* instruction indices of the final chain, in build order */
	size_t nchain_instrs;
	struct dfa_image *images;       /* per stage; path NULL when not external */
	unsigned char *external;        /* per stage */
	int root;               /* the chain's root stage */
	const struct dfa_image *final_image;    /* NULL when scratch, a stage, or unresolvable */
	struct dfa_run *runs;
	size_t nruns;
	int *run_of;            /* per instruction: index into runs, or -1 */
	struct dfa_pkg *pkgs;
	size_t npkgs;
	struct dfa_var_ent *vars;       /* sorted index of ENV/ARG definitions */
	size_t nvars;
	struct dfa_effective eff;       /* what the image runs */
	struct dfa_port ports[DFA_MAX_PORTS];   /* evident ports: the CMD's, the ENTRYPOINT's, the HEALTHCHECK's */
	size_t nports;
	struct df_arena *arena;         /* private: where everything above is allocated */
};

void dfa_init(struct dfa *a, const struct df_file *df, const char *path, const struct fsview *fs,
	      char *const *contexts, size_t ncontexts);
void dfa_free(struct dfa *a);

/* A command's text for messages, cut at DFA_LABEL_MAX bytes; malloc'd. */
#define DFA_LABEL_MAX 60
char *dfa_cmd_text(const struct dfa_cmd *dc);
/* COPY/ADD sources considered at most (more are not judged). */
#define DFA_MAX_SOURCES 64
size_t dfa_copy_sources(const struct df_instr *in, const char **src, struct df_span *spans, size_t max);
/* The destination of a COPY/ADD, or NULL. */
const char *dfa_copy_dest(const struct df_instr *in, struct df_span *span);
/* Terms: whole-context COPY. */
int dfa_whole_context_copy(const struct df_instr *in);
/* The k-th build context (Compose's, else the Dockerfile's folder); malloc'd. */
char *dfa_context(const struct dfa *a, size_t k);
/*
 * A build with context `ctx` (a folder of a->fs, "" the root) reads its
 * .git (dfa_git.c): a RUN that has the context (a whole-context COPY/ADD
 * before it in its chain, or a bind mount of it) runs git on the repository
 * (`describe`, `rev-parse`, `log`; not `clone`, `init`, `config`,
 * `ls-remote`), or `make`/`gmake`, `mage` or `cargo`/`xx-cargo` whose
 * Makefile, magefile.go or build.rs in the context calls git. 1 when it does.
 */
int dfa_build_reads_git(const struct dfa *a, const char *ctx);

/*
 * Command ci of run r sits in a shell `if` branch the default build (no
 * build arguments) does not take (dfa_branch.c): the then-branch of a
 * condition that is false, or the else-branch of one that is true, where the
 * condition is one test — `[ "$V" ]`, `[ -n "$V" ]`, `[ -z "$V" ]`,
 * `[ "$V" = LIT ]` (`==`, `!=`), also `[[ … ]]` and `test` — of an ARG or
 * ENV declared in the file (an ARG without default is empty). `name` gets
 * the variable ("" when none): a build that supplies it may take the branch.
 */
int dfa_cmd_skipped(const struct dfa *a, const struct dfa_run *r, size_t ci, char *name, size_t namesz);

/* Where a finding about something missing points: the final stage's FROM. */
void dfa_missing_span(const struct dfa *a, size_t *start, size_t *end);
/* Span of a command / a word of a RUN's command in the original bytes. */
void dfa_cmd_span(const struct dfa_cmd *dc, size_t *start, size_t *end);
void dfa_word_span(const struct dfa_cmd *dc, const struct sh_word *w, size_t *start, size_t *end);
/* The stage of instruction `i`, -1 before the first FROM. */
int dfa_stage_of(const struct dfa *a, size_t i);
/* Cache mount on a RUN whose target starts with `prefix` (NULL: any). */
int dfa_run_cache_mount(const struct df_instr *in, const char *prefix);
/* A cache or tmpfs mount (nothing it holds reaches the layer) on folder `dir` or under it, or whose target contains `needle`. */
int dfa_run_keep_out(const struct df_instr *in, const char *dir, const char *needle);
/* ... or whose target contains `needle`. */
int dfa_run_cache_mount_has(const struct df_instr *in, const char *needle);

/* Build the variable index (dfa_init calls it). */
void dfa_scope_init(struct dfa *a);

/*
 * The value of variable `name` as seen by instruction `i` (ENV, or ARG with a
 * default, in its stage and the stages it inherits; global ARGs only when
 * redeclared), or NULL when undefined. Borrowed from the df_file.
 */
const char *dfa_var(const struct dfa *a, size_t i, const char *name, size_t len);
/* 1 when `name` is declared before instruction `i` in its scope: an ENV, or an ARG with or without default. */
int dfa_declared(const struct dfa *a, size_t i, const char *name, size_t len);
/* Expand `s` as instruction `i` would; malloc'd, *unresolved set when a variable had no value. */
char *dfa_expand(const struct dfa *a, size_t i, const char *s, int *unresolved);
/* Longest variable name kept for messages. */
#define DFA_NAME_MAX 128
/* `s` with every variable reference replaced by '*' (for matching stage names); malloc'd. */
char *dfa_var_glob(const char *s);
/* 1 when a FROM image uses a variable that has no value (not well-known, no global default); its name in bad. */
int dfa_from_unset(const struct dfa *a, const char *image, char *bad, size_t badsz);
/* The text of a one-argument instruction (USER, WORKDIR) with quotes removed. */
const char *dfa_instr_text(const struct df_instr *in);
/* Terms: well-known variable. */
int dfa_well_known(const char *name, size_t len);

/* ---- command classification (dfa_cmds.c) ---- */

/* OS package install; *first is the index (sh_cmd_arg) of the first word after the subcommand. */
enum dfa_pm dfa_os_install(const struct sh_cmd *c, size_t *first);
/* apt-get/apt install (also for size.*), apt-get/apt update, any apt-get/apt command. */
int dfa_apt_install(const struct sh_cmd *c);
int dfa_apt_update(const struct sh_cmd *c);
/*
 * 1 when stage `s` is a development stage the final image does not build on:
 * named dev/development/debug/test (the words that make the final-stage
 * choice skip a stage) and outside the final chain (kimai `FROM base AS dev`
 * beside `FROM base AS prod`), and not the file's last stage: a dev-named
 * last stage is what a plain build makes, so the file's role rules apply.
 */
int dfa_dev_stage(const struct dfa *a, int s);
/*
 * 1 when `c` reads the apt index without being `apt-get install`: apt-get
 * upgrade/dist-upgrade/full-upgrade, or Playwright's dependency installer
 * (`playwright install --with-deps`, `playwright install-deps`, also through
 * npx/pnpm/yarn), which runs apt-get install itself. An `apt-get update`
 * followed by one of these is consumed at once.
 */
int dfa_apt_uses_index(const struct sh_cmd *c);
int dfa_is_apt(const struct sh_cmd *c);
/* Removes the apt lists: rm of /var/lib/apt/lists[/...], apt-get|apt dist-clean. */
int dfa_removes_apt_lists(const struct sh_cmd *c);
/* Package arguments of an install from index `first` (options and their values skipped). */
int dfa_pkg_arg(const struct sh_cmd *c, enum dfa_pm pm, size_t i, size_t first);
/* apk add --virtual NAME / -t NAME, or NULL. */
const char *dfa_apk_virtual(const struct sh_cmd *c);
/* A package word without version or architecture ("gcc=4:12" -> "gcc"); malloc'd. */
char *dfa_pkg_strip(const char *word, enum dfa_pm pm);
/* 1 when `c` is a package removal of some OS package manager (purge, remove, del, ...). */
int dfa_os_removal(const struct sh_cmd *c);
/* 1 when `c` removes package `name` (or its apk group) installed with `pm`. */
int dfa_os_removes(const struct sh_cmd *c, enum dfa_pm pm, const char *name, const char *group);
/* 1 when a leading VAR=value of the command sets `name` (to `value`, unless NULL). */
int dfa_assigns(const struct sh_cmd *c, const char *name, const char *value);
/* Fill the facts of dc (its c set): what the functions above and below answer for its command. */
void dfa_cmd_facts(struct dfa_cmd *dc);

/* 1 when the command is a language package install or a project dependency install. */
int dfa_install_of(const struct sh_cmd *c, struct dfa_install *out);
/* 1 when the command runs pip (pip, pip3, python -m pip). */
int dfa_is_pip(const struct sh_cmd *c);
/* 1 when the command is a compile step; *js set for npm/yarn/pnpm builds. */
int dfa_compile_step(const struct sh_cmd *c, int *js);
/* Terms: build toolchain package (name already stripped of versions). */
int dfa_toolchain_pkg(const char *name);
/* Terms: toolchain image (`js_build`: the compile step is an npm/yarn/pnpm build). */
int dfa_toolchain_image(const struct dfa_image *img, int js_build);
/* Argument i's text or "" past the end. */
const char *dfa_arg(const struct sh_cmd *c, size_t i);

#define DFA_PORT_MAX 65535
/* A port number 1..65535 from decimal text, or -1. */
long dfa_port_num(const char *s);
/*
 * The port a CMD/ENTRYPOINT word gives with the next one (`--port N`,
 * `--port=N`, `-p N`, `--bind`/`-b HOST:N`, `--listen [HOST:]N`), or -1;
 * *in_next set when the port is in the next word.
 */
long dfa_port_of(const char *w, const char *next, int *in_next);
/* 1 when an EXPOSE word ("8000", "8000/tcp", "8000-8010", "$PORT") covers the port. */
int dfa_expose_covers(const char *word, long port);
/* Fill a->eff and a->ports (dfa_init calls it once the final chain is known). */
void dfa_effective_init(struct dfa *a);
/* The program the effective ENTRYPOINT (else CMD) runs, past init wrappers and shells (`tini --`, `sh`), or NULL. */
const char *dfa_entry_program(const struct dfa *a);

/* ---- the groups ---- */
void check_perf(struct audit *au, const struct dfa *a);
void check_dockerignore(struct audit *au, const struct dfa *a);
void check_sec(struct audit *au, const struct dfa *a);
void check_sec_secrets(struct audit *au, const struct dfa *a);  /* sec.no-secrets (check_sec calls it) */
void check_size(struct audit *au, const struct dfa *a);
void check_size_prod(struct audit *au, const struct dfa *a);    /* size.prod-deps-only (check_size calls it) */
void check_corr(struct audit *au, const struct dfa *a);
void check_corr_cmd(struct audit *au, const struct dfa *a);
void check_pitfalls(struct audit *au, const struct dfa *a);
/* sec.healthcheck and corr.expose-port share the facts about ports and services. */
#define CHECK_NET_YES 1         /* a network service; *why says how */
#define CHECK_NET_BASE_ONLY 2   /* a service only through a base the file does not make its own: info; *why says so */
int check_network_service(const struct audit *au, const struct dfa *a, const char **why);
int check_known_port(const struct dfa *a);

/* 1 when USER instruction i names a non-root user (an unresolvable one counts as non-root). */
int dfa_user_nonroot(const struct dfa *a, size_t i);

#endif
