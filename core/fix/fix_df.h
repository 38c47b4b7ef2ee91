/*
 * fix_df - helpers of the Dockerfile fixes (fix_df_util.c), shared by the
 * fix_df_*.c generators. Not a public API.
 */
#ifndef BERTH_FIX_DF_H
#define BERTH_FIX_DF_H

#include <stdint.h>
#include "fix_priv.h"
#include "shell.h"

/* Instructions of the final chain a fix looks at (real Dockerfiles have dozens; beyond, verification guards). */
#define FIX_MAX_CHAIN_INSTRS 4096
/* FROM <stage> links followed at most (a cycle is impossible; bound it anyway). */
#define FIX_DF_MAX_CHAIN 64

/* CHECKLIST.md Terms: the final stage (-1 when none), the final chain, its root stage and image. */
int fix_df_final_stage(const struct df_file *df);
int fix_df_in_chain(const struct df_file *df, int stage);
/* The first word of an OS package install of the final chain that `want` accepts; its line in *line (may be NULL). */
const char *fix_df_chain_install(const struct fix_ctx *c, const char *(*want)(const char *word), int *line);
int fix_df_chain_root(const struct df_file *df);
const char *fix_df_final_image(const struct df_file *df);   /* resolved, NULL when unknown */
/* The final chain's instructions in build order (indices into df->instrs, at most `max`): count. */
size_t fix_df_chain_instrs(const struct df_file *df, size_t *out, size_t max);

/*
 * Per instruction of the file (malloc'd, df->ninstrs bytes): 1 where the
 * author suppressed `item` for it — the config's `ignore`, a file-wide
 * pragma, or a pragma (`# berth ignore=`, `# hadolint ignore=`) above its
 * first line. A fix never does there what the author turned off, whichever
 * item's fix it is (openwisp-base's `# hadolint ignore=DL3008, DL3009` RUN
 * got perf.single-apt-layer's lists removal, FIX-HOLDOUT8.md).
 */
unsigned char *fix_df_suppressed(const struct fix_ctx *c, int item);

struct ydoc_node;
/* One Compose service that builds the Dockerfile: `file` its Compose file, `svc` its mapping. */
typedef int (*fix_df_builder_fn)(const struct fix_ctx *c, const char *file, const char *name,
				 const struct ydoc_node *svc, void *arg);
/*
 * Call fn on every service of the Compose files in the Dockerfile's folder
 * and the two above it that builds this Dockerfile; a nonzero return stops
 * the walk after that Compose file, and is returned (0 when none).
 */
int fix_df_each_builder(const struct fix_ctx *c, fix_df_builder_fn fn, void *arg);
/*
 * The same walk, also over the services that build nothing and run an image
 * (one the repository publishes from this Dockerfile, maybe under a name
 * berth cannot resolve: dawarich's freikin/dawarich).
 */
int fix_df_each_runner(const struct fix_ctx *c, fix_df_builder_fn fn, void *arg);

/*
 * fn on every service of every Compose file of the repository (the root and
 * folders below it, hidden ones, node_modules and vendor left out), whatever
 * it builds or runs; a nonzero return stops the walk and is returned. With a
 * scan of the repository, its Compose files (the paths it scanned).
 */
int fix_df_each_compose_service(const struct fix_ctx *c, fix_df_builder_fn fn, void *arg);
/* fn on every file of the repository, the same folders (path from the root); a nonzero return stops the walk. */
typedef int (*fix_df_file_fn)(const struct fix_ctx *c, const char *path, void *arg);
int fix_df_each_repo_file(const struct fix_ctx *c, fix_df_file_fn fn, void *arg);
/* The value a Compose service's `environment` (mapping or KEY=VALUE list) gives `key`, borrowed, or NULL. */
const char *fix_df_env_value(const struct ydoc_node *env, const char *key);
/*
 * A Compose service's `image` (in `file`) is this Dockerfile's: the scan maps
 * it to the file, its org.opencontainers.image.source label names it, or it
 * is named as the Dockerfile's folder or the repository (fix_df_user.c).
 */
int fix_df_runs_image(const struct fix_ctx *c, const char *file, const char *image);
/* The final chain's last WORKDIR as an absolute image path (malloc'd), NULL when unset or unknown. */
char *fix_df_final_workdir(const struct fix_ctx *c);
/*
 * sec.healthcheck's roles precondition (fix_df_roles.c): why a HEALTHCHECK
 * baked into the image would hold for a container that serves nothing
 * (malloc'd), or NULL.
 */
char *fix_df_health_roles(const struct fix_ctx *c);
/*
 * The same precondition read in the entrypoint script (fix_df_envrole.c):
 * an environment variable switches the image to another foreground program
 * (Dolibarr's DOLI_CRON=1 runs cron alone). Why (malloc'd), or NULL.
 */
char *fix_df_health_env_role(const struct fix_ctx *c);

/*
 * Split a shell-form instruction into commands: 0 ok, -1 not shell form.
 * A `RUN <<EOF` whose command is the marker alone gives its heredoc body
 * (offsets then map straight into the body's bytes).
 */
int fix_df_sh(const struct df_instr *in, struct sh_script *sh);
/* 1 when fix_df_sh reads the instruction's heredoc body. */
int fix_df_heredoc(const struct df_instr *in);
/* The text fix_df_sh parsed (args or heredoc body). */
const char *fix_df_script(const struct df_instr *in);
/* The text of a script the ENTRYPOINT/CMD `in` runs that a COPY/ADD brought from the context (malloc'd), or NULL. */
char *fix_df_entry_script(const struct fix_ctx *c, const struct df_instr *in);
/* The repository's README or docs/ bind-mount a host folder at the app's folder (under the final WORKDIR `wd`, or a path the Dockerfile names): "FILE mounts the host folder SRC at TARGET" (malloc'd), or NULL. */
char *fix_df_documented_bind(const struct fix_ctx *c, const char *wd);
/* args offsets -> original offsets: where args[a] starts; just past args[a - 1]. */
size_t fix_df_start(const struct df_instr *in, size_t a);
size_t fix_df_end(const struct df_instr *in, size_t a);

/* How an instruction's continuation lines look. */
struct fix_layout {
	int multi;              /* it has continuation lines */
	int leading;            /* they start with "&&" (else operators end the lines) */
	char *indent;           /* their indent (or the file's, or four spaces) */
};
void fix_df_layout(const struct fix_ctx *c, const struct df_instr *in, struct fix_layout *l);
void fix_layout_free(struct fix_layout *l);
/* The continuation indent the file uses (malloc'd). */
char *fix_df_indent(const struct fix_ctx *c);

/* Chain `cmd` with && after original offset `at` of a RUN, in its layout. */
void fix_df_chain_cmd(struct fix *f, const struct fix_ctx *c, const struct df_instr *in,
		      size_t at, const char *cmd);
/* Where new lines go before instruction i (above the comments right over it); after it. */
size_t fix_df_before(const struct fix_ctx *c, size_t i);
size_t fix_df_after(const struct fix_ctx *c, size_t i);
/* Insert whole lines (ending in the file's newline) at a line start, keeping a missing final newline. */
void fix_df_insert_lines(struct fix *f, const struct fix_ctx *c, size_t at, const char *lines);
/*
 * Where instructions that finish a stage go (USER, HEALTHCHECK, EXPOSE):
 * before the CMD/ENTRYPOINT block ending `stage` (*before_instr its index),
 * else after the stage's last instruction (*before_instr SIZE_MAX).
 */
size_t fix_df_tail(const struct fix_ctx *c, int stage, size_t *before_instr);

/* A `# syntax=` naming docker/dockerfile is in force. */
int fix_df_has_syntax(const struct fix_ctx *c);
/* Add the directive (or move a misplaced one to the top) when it is not in force. */
void fix_df_need_syntax(struct fix *f, const struct fix_ctx *c);
/* Add a flag after the keyword (own_line: then a continuation, for --mount on a RUN). */
void fix_df_add_flag(struct fix *f, const struct fix_ctx *c, const struct df_instr *in,
		     const char *flag, int own_line);

/*
 * corr.workdir-before-copy (fix_df_wdroot.c): the relative COPY/ADD at
 * instruction `at` of `stage` (and those after it) put files under `/`, and
 * the stage, a stage built FROM it, a COPY --from of it or its CMD's script
 * names one by that path: "line N names /NAME, …" (malloc'd), else NULL.
 * With a reason the fix writes `WORKDIR /` (nothing moves).
 */
char *fix_df_workdir_root(const struct fix_ctx *c, int stage, size_t at);

/*
 * size.prod-deps-only (fix_df_manifest.c): the package.json that command j
 * of `sh` (a RUN at instruction `instr` of the final chain) installs from,
 * when a COPY/ADD brought it from the build context: its path in the
 * repository (malloc'd). Else NULL and *why (malloc'd): the folder is
 * unknown, or the file comes from elsewhere (another stage, a download, a
 * step that generates it).
 */
char *fix_df_npm_manifest(const struct fix_ctx *c, size_t instr, const struct sh_script *sh, size_t j,
			  char **why);

/*
 * The text of the file at absolute `path` in the image, when a COPY/ADD of
 * the Dockerfile brought it from the build context `ctx` (looked up there,
 * then at the repository root); NULL when berth cannot tell (malloc'd).
 */
/* Text file `rel` (at most max bytes, no NUL) under the build context, else from the repository root (malloc'd), or NULL. */
char *fix_df_read_context(const struct fix_ctx *c, const char *ctx, const char *rel, size_t max);
char *fix_df_image_file(const struct fix_ctx *c, const char *ctx, const char *path);

/*
 * sec.healthcheck (fix_df_listen.c): the port a server listens on when the
 * final chain copies its own configuration over the image's (nginx
 * `listen`, Apache `Listen` of the copied files); `port` (the image's own,
 * from the facts or the server's default) when it copies none or the copied
 * files listen on it too, else their first port with *from (malloc'd) the
 * file. -1 and *why (malloc'd, "withheld: ...") when berth cannot read them.
 */
long fix_df_config_port(const struct fix_ctx *c, long port, char **why, char **from);

/*
 * sec.healthcheck (fix_df_ownprobe.c): a Compose service of the repository
 * that runs the image has a healthcheck of its own probing another port than
 * `port`: that port with *why (malloc'd, where it comes from) when it probes
 * the container itself, -1 and *why ("withheld: ...") when another host;
 * else `port` (*why NULL).
 */
long fix_df_own_probe(const struct fix_ctx *c, long port, char **why);
/*
 * sec.non-root (fix_df_celery.c): the image starts celery beat without a
 * schedule path, or may run celery (no command of its own, or celery) in a
 * repository that sets C_FORCE_ROOT: why ("withheld: ...", malloc'd), or NULL.
 */
char *fix_df_celery_root(const struct fix_ctx *c);
/*
 * sec.non-root (fix_df_nginx.c): the image runs nginx (installed, or named
 * by its command) and the configuration it copies listens below 1024 or
 * keeps the pid under /run, or sets no pid: why ("withheld: ...",
 * malloc'd), or NULL.
 */
char *fix_df_nginx_root(const struct fix_ctx *c);

/*
 * fix_df_generated.c: the Dockerfile is written by a script of the
 * repository from a template (Dolibarr's update.sh and Dockerfile.template):
 * every fix of the context that edits it is withheld, its note naming both.
 */
void fix_df_generated(struct fix_ctx *c);

#endif
