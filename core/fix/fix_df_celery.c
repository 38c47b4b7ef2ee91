/*
 * fix_df_celery - sec.non-root's precondition for images that run celery
 * beat (FIX-HOLDOUT10.md R4).
 *
 * Celery beat keeps its schedule in a file, `celerybeat-schedule` in the
 * working directory unless -s/--schedule says otherwise (celery's
 * app/defaults.py: schedule_filename; beat.py: PersistentScheduler opens it
 * at start and dies when it cannot). open-event-server's web image builds
 * its app as root into the WORKDIR and is run with `celery ... worker -B`:
 * as a non-root user the beat cannot create its file and the periodic tasks
 * never run. The repository says it runs celery as root on purpose: its
 * Compose file and Kubernetes manifests set C_FORCE_ROOT, celery's switch
 * to allow root.
 *
 * The fix is withheld when the image's command (CMD, ENTRYPOINT or the
 * script they run) starts celery beat (`celery beat`, `worker -B`/`--beat`)
 * without -s/--schedule in a working directory the fix does not give to the
 * user (a WORKDIR with a variable, or none: a script's `cd` is not read), or when the image sets no command of its own (it is
 * given where it runs) or runs celery, and a YAML or env file of the
 * repository sets C_FORCE_ROOT.
 */
#include "fix_df.h"

#include <stdlib.h>
#include <string.h>

/* Bytes of a YAML or env file searched for C_FORCE_ROOT (a real one is a few KiB). */
#define FIX_CELERY_FILE_MAX (256 * 1024)

static int word_at(const char *line, const char *p, size_t len)
{
	return (p == line || strchr(" \t\"'[,=;&|(", p[-1])) && (!p[len] || strchr(" \t\"'],;&|)\n\r", p[len]));
}

/* `needle` occurs in the `len` bytes at s. */
static int has_text(const char *s, size_t len, const char *needle)
{
	size_t nl = strlen(needle);
	for (size_t i = 0; i + nl <= len; i++)
		if (!strncmp(s + i, needle, nl))
			return 1;
	return 0;
}

/* The line has `w` as a word. */
static int has_word(const char *line, size_t ll, const char *w)
{
	size_t wl = strlen(w);
	for (const char *p = line; p + wl <= line + ll; p++)
		if (!strncmp(p, w, wl) && word_at(line, p, wl))
			return 1;
	return 0;
}

/* The line number of a celery beat started without -s/--schedule in `text`, or 0; *celery when celery runs at all. */
static int beat_line(const char *text, int *celery)
{
	int n = 1;
	for (const char *l = text; l && *l; n++) {
		const char *e = strchr(l, '\n');
		size_t ll = e ? (size_t)(e - l) : strlen(l);
		const char *hash = memchr(l, '#', ll);
		size_t cl = hash && (hash == l || hash[-1] == ' ' || hash[-1] == '\t') ? (size_t)(hash - l) : ll;
		if (has_word(l, cl, "celery") || has_text(l, cl, "/celery ")) {
			*celery = 1;
			if ((has_word(l, cl, "beat") || has_word(l, cl, "-B") || has_word(l, cl, "--beat")) &&
			    !has_word(l, cl, "-s") && !has_text(l, cl, "--schedule"))
				return n;
		}
		l = e ? e + 1 : NULL;
	}
	return 0;
}

/* A YAML or env file of the repository that sets C_FORCE_ROOT: its path into *arg (malloc'd). */
static int forces_root(const struct fix_ctx *c, const char *path, void *arg)
{
	char **out = arg, *data = NULL;
	size_t len = 0;
	const char *b = str_basename(path);
	if (!str_ends(b, ".yml") && !str_ends(b, ".yaml") && !str_ends(b, ".env") && strcmp(b, ".env") != 0)
		return 0;
	if (fs_read(c->in->fs, path, &data, &len) != 0 || len > FIX_CELERY_FILE_MAX) {
		free(data);
		return 0;
	}
	if (has_text(data, len, "C_FORCE_ROOT"))
		*out = xstrdup(path);
	free(data);
	return *out != NULL;
}

/* The image may run Python code: a python base image, or a RUN of the final chain that installs with pip, poetry or uv. */
static int python_image(const struct fix_ctx *c, const size_t *idx, size_t n)
{
	const char *ref = fix_df_final_image(c->df);
	if (ref && strstr(ref, "python"))
		return 1;
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		const char *t = in->kind == DF_RUN ? fix_df_script(in) : NULL;
		if (t && (has_word(t, strlen(t), "pip") || has_word(t, strlen(t), "pip3") ||
			  has_word(t, strlen(t), "poetry") || has_word(t, strlen(t), "uv")))
			return 1;
	}
	return 0;
}

/*
 * The final chain's last WORKDIR is a literal folder other than `/`: the
 * non-root fix gives it to the user (fix_df_user.c, owned_paths), and beat
 * can write its schedule there.
 */
static int workdir_owned(const struct fix_ctx *c, const size_t *idx, size_t n)
{
	const char *wd = NULL;
	for (size_t k = 0; k < n; k++)
		if (c->df->instrs[idx[k]].kind == DF_WORKDIR)
			wd = c->df->instrs[idx[k]].args;
	return wd && wd[0] == '/' && wd[1] && !strchr(wd, '$');
}

char *fix_df_celery_root(const struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	long eff[2] = { -1, -1 };
	int celery = 0;
	char *forced = NULL, *why = NULL;
	for (size_t k = 0; k < n; k++)
		if (c->df->instrs[idx[k]].kind == DF_CMD || c->df->instrs[idx[k]].kind == DF_ENTRYPOINT)
			eff[c->df->instrs[idx[k]].kind == DF_ENTRYPOINT] = (long)idx[k];
	int owned = workdir_owned(c, idx, n);
	for (int j = 0; j < 2 && !why; j++) {
		const struct df_instr *in = eff[j] >= 0 ? &c->df->instrs[eff[j]] : NULL;
		struct buf b = BUF_INIT;
		char *script;
		int line;
		if (!in)
			continue;
		for (size_t a = 0; in->json && a < in->argc; a++)
			buf_printf(&b, "%s ", in->argv[a]);
		if (!in->json)
			buf_puts(&b, in->args ? in->args : "");
		if (beat_line(buf_str(&b), &celery) && !owned)
			why = xasprintf("withheld: the %s on line %d starts celery beat without -s/--schedule, and beat "
					"writes its celerybeat-schedule file in the working directory, which the fix "
					"does not give to the user: give it a writable --schedule path, then add USER",
					j ? "ENTRYPOINT" : "CMD", in->line);
		buf_free(&b);
		if (!why && (script = fix_df_entry_script(c, in)) != NULL) {
			if ((line = beat_line(script, &celery)) > 0 && !owned)
				why = xasprintf("withheld: the script the %s on line %d runs starts celery beat without "
						"-s/--schedule (its line %d), and beat writes its celerybeat-schedule file "
						"in the working directory, which the fix does not give to the user: give it "
						"a writable --schedule path, then add USER", j ? "ENTRYPOINT" : "CMD",
						in->line, line);
			free(script);
		}
	}
	if (why || (!celery && (eff[0] >= 0 || eff[1] >= 0 || !python_image(c, idx, n))))
		return why;
	if (fix_df_each_repo_file(c, forces_root, &forced) && forced) {
		why = xasprintf("withheld: %s sets C_FORCE_ROOT: the repository runs celery as root on purpose, and "
				"this image %s; celery beat writes its schedule file in the working directory: give "
				"it a writable --schedule path and drop C_FORCE_ROOT, then add USER", forced,
				celery ? "runs celery" : "sets no command of its own (it is given where it runs, maybe "
				"celery)");
		free(forced);
	}
	return why;
}
