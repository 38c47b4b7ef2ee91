/*
 * fix_df_user - sec.non-root (review): USER for the user the Dockerfile made,
 * the base image's own user (image facts), a system user with no fixed ids
 * (--set user=NAME, made with the tool the image evidently has) or
 * 65532:65532 on scratch; the WORKDIR and VOLUMEs chowned first. Withheld
 * when the author wrote USER root, when the entrypoint, CMD or the
 * repository's entrypoint script needs root, when root's home holds what
 * the app runs, when it listens below 1024, when the user is renamed, and
 * when nothing is known about the base image (even when the Dockerfile makes
 * its own user).
 * And --chown on the COPYs that come after the switch (corr.copy-ownership).
 */
#include "fix_df.h"
#include "fix_compose.h"

#include "dfa.h"
#include "repo.h"
#include "scan.h"
#include "yamldoc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int uses_cmd(const struct fix_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct sh_script sh;
		int found = 0;
		if (in->kind != DF_RUN || in->stage < 0 || !fix_df_in_chain(c->df, in->stage) ||
		    fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++)
			found |= sh_cmd_name(&sh.cmds[j]) && strcmp(sh_cmd_name(&sh.cmds[j]), name) == 0;
		sh_free(&sh);
		if (found)
			return 1;
	}
	return 0;
}

/* root, 0, root:..., 0:... */
static int is_root(const char *u)
{
	size_t n = strcspn(u, ":");
	return (n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

/* The last USER of the final chain (instruction index), or -1. */
static long last_user(const struct df_file *df)
{
	int s = fix_df_final_stage(df);
	for (int depth = 0; s >= 0 && depth < FIX_DF_MAX_CHAIN; depth++) {
		const struct df_stage *st = &df->stages[s];
		for (size_t i = st->first + st->count; i-- > st->first + 1;)
			if (i < df->ninstrs && df->instrs[i].kind == DF_USER)
				return (long)i;
		s = st->parent;
	}
	return -1;
}

static const char *user_of(const struct df_instr *in)
{
	return in->nwords ? in->words[0].text : in->args ? in->args : "";
}

/* A user created by useradd/adduser in the final chain: the last name given (malloc'd). */
static char *created_user(const struct fix_ctx *c)
{
	char *name = NULL;
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct sh_script sh;
		if (in->kind != DF_RUN || in->stage < 0 || !fix_df_in_chain(c->df, in->stage) ||
		    fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++) {
			const char *cmd = sh_cmd_name(&sh.cmds[j]);
			const struct sh_word *w = sh_cmd_nargs(&sh.cmds[j]) ?
				sh_cmd_arg(&sh.cmds[j], sh_cmd_nargs(&sh.cmds[j]) - 1) : NULL;
			if (cmd && (strcmp(cmd, "useradd") == 0 || strcmp(cmd, "adduser") == 0) && w &&
			    w->text[0] != '-' && !strchr(w->text, '$') && *w->text) {
				free(name);
				name = xstrdup(w->text);
			}
		}
		sh_free(&sh);
	}
	return name;
}

/* Words in an entrypoint, CMD or the repository's entrypoint script that need root at start. */
static const char *const root_words[] = {
	"gosu", "su-exec", "setpriv", "s6-setuidgid", "chpst", "runuser", "su", "sudo", "chown", "chmod",
	"usermod", "groupmod", "useradd", "adduser", "supervisord", "cron", "crond", "apache2-foreground",
	"httpd-foreground", "apache2ctl", "s6-svscan", "/init", "/sbin/init", "tini-static",
	/* FIX-HOLDOUT9.md (dendrite's Complement images): system changes only root can make at start */
	"update-ca-certificates", "pg_ctlcluster", "apt-get", NULL,
};
/* Packages whose presence says the image drops privileges or runs a root supervisor. */
static const char *const root_pkgs[] = { "gosu", "su-exec", "supervisor", "cron", "s6", "s6-overlay",
					 "runit", "apache2", NULL };

/* Bytes of an entrypoint script read at most (CHECKLIST.md "Image facts": 256 KiB). */
#define FIX_SCRIPT_MAX (256 * 1024)

/* The first root-needing word in `text` (a whole word), or NULL. */
static const char *root_word_in(const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t n = 0;
		while (i + n < len && (isalnum((unsigned char)text[i + n]) || strchr("-_/.", text[i + n])))
			n++;
		if (!n) {
			i++;
			continue;
		}
		for (size_t k = 0; root_words[k]; k++) {
			const char *w = root_words[k];
			size_t wl = strlen(w);
			/* a path ending in the word counts: /usr/sbin/gosu, /usr/local/bin/su-exec */
			if (n >= wl && memcmp(text + i + n - wl, w, wl) == 0 &&
			    (n == wl || text[i + n - wl - 1] == '/' || w[0] == '/'))
				return w;
		}
		i += n;
	}
	return NULL;
}

/* The effective ENTRYPOINT and CMD of the final chain (instruction indices, -1 none). */
static void effective(const struct df_file *df, long eff[2])
{
	int chain[FIX_DF_MAX_CHAIN], n = 0;
	eff[0] = eff[1] = -1;
	for (int s = fix_df_final_stage(df); s >= 0 && n < FIX_DF_MAX_CHAIN; s = df->stages[s].parent)
		chain[n++] = s;
	while (n-- > 0)
		for (size_t i = df->stages[chain[n]].first; i < df->stages[chain[n]].first +
		     df->stages[chain[n]].count && i < df->ninstrs; i++)
			if (df->instrs[i].kind == DF_ENTRYPOINT)
				eff[0] = (long)i, eff[1] = -1;  /* ENTRYPOINT resets an inherited CMD */
			else if (df->instrs[i].kind == DF_CMD)
				eff[1] = (long)i;
}

/* Words of an ENTRYPOINT/CMD checked for a script name at most. */
#define FIX_ENTRY_WORDS 8

/* The words of an instruction: exec argv, else its args split on blanks (malloc'd each). */
static size_t program_words(const struct df_instr *in, char **w, size_t max)
{
	size_t n = 0;
	/* an exec-form argument holding a command line (`sh -c "/env.sh && app"`) is split like a shell form */
	for (size_t a = 0; in->json && a < in->argc && n < max; a++)
		for (const char *p = in->argv[a]; *p && n < max;) {
			size_t k = strcspn(p, " \t;&|");
			if (k)
				w[n++] = xstrndup(p, k);
			p += k;
			p += *p != '\0';
		}
	for (const char *p = in->json ? "" : in->args ? in->args : ""; *p && n < max;) {
		size_t k = strcspn(p, " \t;&|");
		if (k)
			w[n++] = xstrndup(p, k);
		p += k;
		p += *p != '\0';
	}
	return n;
}

/*
 * The WORKDIR in effect before instruction `upto` of the final chain, as an
 * image path without its leading '/' ("" = /), malloc'd; NULL when a
 * variable hides it.
 */
static char *workdir_before(const struct fix_ctx *c, size_t upto)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	char *wd = xstrdup("");
	for (size_t k = 0; k < n && idx[k] < upto && wd; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		const char *w = in->kind == DF_WORKDIR && in->nwords ? in->words[0].text : NULL;
		char *next;
		if (!w)
			continue;
		next = strchr(w, '$') ? NULL : w[0] == '/' ? path_join_norm("", w + 1) : path_join_norm(wd, w);
		free(wd);
		wd = next;
	}
	return wd;
}

/* `p` (a path as the image sees it) seen from the image folder `wd`: image path without '/', malloc'd or NULL. */
static char *image_path(const char *wd, const char *p)
{
	return !wd || strchr(p, '$') ? NULL : p[0] == '/' ? path_join_norm("", p + 1) : path_join_norm(wd, p);
}

/*
 * A script the entrypoint runs (`prog`, a word with a '/' or ending in .sh)
 * that a COPY/ADD of a whole folder brought: linkding's `COPY . .` into
 * WORKDIR /etc/linkding, then CMD ["./bootstrap.sh"]. Its text, or NULL.
 */
static char *script_in_copied_dir(const struct fix_ctx *c, const struct df_instr *in, const char *prog,
				  const char *ctx)
{
	char *wd = workdir_before(c, (size_t)(in - c->df->instrs)), *want = image_path(wd, prog), *text = NULL;
	free(wd);
	for (size_t i = 0; want && i < c->df->ninstrs && !text; i++) {
		const struct df_instr *cp = &c->df->instrs[i];
		const char *src[16], *dest;
		struct df_span spans[16], dspan;
		size_t ns, dl;
		char *cwd, *d;
		if ((cp->kind != DF_COPY && cp->kind != DF_ADD) || cp->stage < 0 || i >= (size_t)(in - c->df->instrs) ||
		    !fix_df_in_chain(c->df, cp->stage) || df_flag_get(cp, "from") || !(dest = dfa_copy_dest(cp, &dspan)))
			continue;
		cwd = workdir_before(c, i);
		d = image_path(cwd, dest);
		free(cwd);
		dl = d ? strlen(d) : 0;
		/* the script lies below the destination folder */
		if (d && (dl == 0 || (strncmp(want, d, dl) == 0 && want[dl] == '/'))) {
			const char *rel = want + dl + (dl > 0);
			ns = dfa_copy_sources(cp, src, spans, ARRAY_SIZE(src));
			for (size_t j = 0; j < ns && !text; j++) {
				char *dir = path_join_norm(ctx, src[j]), *path = dir ? path_join_norm(dir, rel) : NULL;
				char *data = NULL;
				size_t len = 0;
				if (dir && fs_stat(c->in->fs, dir) == FS_DIR && path &&
				    fs_read(c->in->fs, path, &data, &len) == 0 && len <= FIX_SCRIPT_MAX)
					text = data;
				else
					free(data);
				free(path);
				free(dir);
			}
		}
		free(d);
	}
	free(want);
	return text;
}

/* A script named by `words` that a COPY/ADD of the chain brought from the context `ctx`: its text. */
static char *script_in_context(const struct fix_ctx *c, const struct df_instr *in, char **words, size_t n,
			       const char *ctx)
{
	char *text = NULL;
	for (size_t k = 0; k < n && !text; k++) {
		const char *prog = str_basename(words[k]);
		if (!*prog || words[k][0] == '-')
			continue;
		for (size_t i = 0; i < c->df->ninstrs && !text; i++) {
			const struct df_instr *cp = &c->df->instrs[i];
			const char *src[16];
			struct df_span spans[16];
			size_t ns;
			if ((cp->kind != DF_COPY && cp->kind != DF_ADD) || cp->stage < 0 ||
			    !fix_df_in_chain(c->df, cp->stage) || df_flag_get(cp, "from"))
				continue;
			ns = dfa_copy_sources(cp, src, spans, ARRAY_SIZE(src));
			for (size_t j = 0; j < ns && !text; j++) {
				char *path, *data = NULL;
				size_t len = 0;
				if (strcmp(str_basename(src[j]), prog) != 0)
					continue;
				path = path_join_norm(ctx, src[j]);
				if (path && fs_read(c->in->fs, path, &data, &len) == 0 && len <= FIX_SCRIPT_MAX)
					text = data;
				else
					free(data);
				free(path);
			}
		}
	}
	for (size_t k = 0; k < n && !text; k++)
		if (words[k][0] != '-' && (strchr(words[k], '/') || str_ends(words[k], ".sh")))
			text = script_in_copied_dir(c, in, words[k], ctx);
	return text;
}

/*
 * A script the entrypoint runs that a COPY/ADD of the chain brought from the
 * context: its text. Every build context the scan found is tried in turn,
 * then the Dockerfile's folder: AppFlowy's gotrue is built from the root by
 * one workflow and from its own folder, which holds start.sh, by another.
 */
char *fix_df_entry_script(const struct fix_ctx *c, const struct df_instr *in)
{
	char *words[FIX_ENTRY_WORDS];
	size_t n = program_words(in, words, ARRAY_SIZE(words));
	struct dfa a;
	char *text = NULL;
	dfa_init(&a, c->df, c->in->path, c->in->fs, c->in->contexts, c->in->ncontexts);
	for (size_t k = 0; k <= c->in->ncontexts && !text; k++) {
		char *ctx = k < c->in->ncontexts ? dfa_context(&a, k) : str_dirname(c->in->path);
		int seen = 0;
		for (size_t j = 0; j < k && ctx && !seen; j++)
			seen = c->in->contexts[j] && !strcmp(c->in->contexts[j], ctx);
		if (ctx && !seen)
			text = script_in_context(c, in, words, n, ctx);
		free(ctx);
	}
	for (size_t k = 0; k < n; k++)
		free(words[k]);
	dfa_free(&a);
	return text;
}

/*
 * The first word an OS package install of the final chain gives that `want`
 * accepts (its text), with its instruction's line in *line; NULL when none.
 */
const char *fix_df_chain_install(const struct fix_ctx *c, const char *(*want)(const char *word), int *line)
{
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct sh_script sh;
		const char *hit = NULL;
		if (in->kind != DF_RUN || in->stage < 0 || !fix_df_in_chain(c->df, in->stage) || fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds && !hit; j++) {
			size_t first;
			if (dfa_os_install(&sh.cmds[j], &first) == DFA_PM_NONE)
				continue;
			for (size_t w = first; w < sh.cmds[j].nwords && !hit; w++)
				hit = want(sh.cmds[j].words[w].text);
		}
		sh_free(&sh);
		if (hit) {
			if (line)
				*line = in->line;
			return hit;
		}
	}
	return NULL;
}

/* A package of root_pkgs, as that list spells it, or NULL. */
static const char *root_pkg_word(const char *t)
{
	for (size_t k = 0; root_pkgs[k]; k++)
		if (strcmp(t, root_pkgs[k]) == 0)
			return root_pkgs[k];
	return NULL;
}

/* A numeric EXPOSE below 1024 in the final chain, or -1. */
static long low_port(const struct fix_ctx *c)
{
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		for (size_t w = 0; in->kind == DF_EXPOSE && in->stage >= 0 && fix_df_in_chain(c->df, in->stage) &&
		     w < in->nwords; w++) {
			char *t = xstrndup(in->words[w].text, strcspn(in->words[w].text, "/-"));
			long p = dfa_port_num(t);
			free(t);
			if (p > 0 && p < 1024)
				return p;
		}
	}
	return -1;
}

/* Characters that separate the paths of one value (PATH lists, "optional:file:/root/x/;..."). */
#define FIX_PATH_SEPS ":;, ="

/* One of the paths in `v` is /root or under it: 1. */
static int names_root_path(const char *v)
{
	for (const char *p = v; *p;) {
		size_t k = strcspn(p, FIX_PATH_SEPS);
		if (k >= 5 && strncmp(p, "/root", 5) == 0 && (k == 5 || p[5] == '/'))
			return 1;
		p += k;
		p += *p != '\0';
	}
	return 0;
}

/*
 * A tool that installs into the home of the user running it: when that user
 * is root, what it installs lands under /root (0700), which the app's user
 * cannot enter (SimpleLogin's `uv python install`: /code/.venv/bin/python
 * links into /root/.local/share/uv/python, FIX-HOLDOUT7.md R3). `env`: the
 * variable that moves the install out of the home, when one does.
 */
struct home_tool {
	const char *cmd, *sub;  /* the command and its subcommand (NULL: any) */
	const char *text;       /* or a word of the RUN's text (an installer fetched and piped to a shell) */
	const char *env, *what;
};
static const struct home_tool home_tools[] = {
	{ "uv", "python", NULL, "UV_PYTHON_INSTALL_DIR", "a uv-managed Python (uv python install: ~/.local/share/uv/python)" },
	{ "uv", "tool", NULL, "UV_TOOL_DIR", "a uv tool (uv tool install: ~/.local/share/uv/tools)" },
	{ "pyenv", "install", NULL, "PYENV_ROOT", "pyenv and its Python (~/.pyenv)" },
	{ NULL, NULL, "pyenv.run", "PYENV_ROOT", "pyenv and its Python (~/.pyenv)" },
	{ NULL, NULL, "pyenv-installer", "PYENV_ROOT", "pyenv and its Python (~/.pyenv)" },
	{ "nvm", "install", NULL, "NVM_DIR", "nvm and its Node.js (~/.nvm)" },
	{ NULL, NULL, "nvm-sh/nvm", "NVM_DIR", "nvm and its Node.js (~/.nvm)" },
	{ NULL, NULL, "sh.rustup.rs", "RUSTUP_HOME", "rustup's toolchain (~/.rustup, ~/.cargo)" },
	{ "rustup-init", NULL, NULL, "RUSTUP_HOME", "rustup's toolchain (~/.rustup, ~/.cargo)" },
	{ "pipx", "install", NULL, "PIPX_HOME", "a pipx install (~/.local)" },
};

/* Bytes of one line of an entrypoint script looked at for a write under root's home. */
#define FIX_HOME_LINE_MAX 4096

/* The chain sets `name` (ENV or ARG default) to a value outside /root before instruction `upto`: 1. */
static int env_moves_home(const struct fix_ctx *c, const char *name, size_t upto)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	int moved = 0;
	for (size_t k = 0; k < n && idx[k] < upto; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		for (size_t p = 0; (in->kind == DF_ENV || in->kind == DF_ARG) && p < in->npairs; p++)
			if (in->pairs[p].value && strcmp(in->pairs[p].key, name) == 0)
				moved = !names_root_path(in->pairs[p].value) && strcmp(in->pairs[p].value, "~") != 0 &&
					!str_starts(in->pairs[p].value, "$HOME") && !str_starts(in->pairs[p].value, "${HOME}");
	}
	return moved;
}

/* An option or word of a command: `pip install --user`, `poetry config virtualenvs.create false`. */
static int cmd_has_word(const struct sh_cmd *cmd, const char *w)
{
	for (size_t a = 0; a < sh_cmd_nargs(cmd); a++)
		if (strcmp(sh_cmd_arg(cmd, a)->text, w) == 0)
			return 1;
	return 0;
}

/*
 * Poetry keeps its virtualenvs in ~/.cache/pypoetry unless told to make
 * none or to make it in the project (ENV, or `poetry config` earlier in the
 * chain): 1 when it keeps them in the home.
 */
static int poetry_env_in_home(const struct fix_ctx *c, size_t upto)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	static const char *const off[] = { "POETRY_VIRTUALENVS_CREATE", "POETRY_VIRTUALENVS_IN_PROJECT",
					   "POETRY_VIRTUALENVS_PATH", NULL };
	for (size_t k = 0; k < n && idx[k] <= upto; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		struct sh_script sh;
		for (size_t p = 0; (in->kind == DF_ENV || in->kind == DF_ARG) && p < in->npairs; p++)
			for (size_t o = 0; off[o]; o++)
				if (in->pairs[p].value && strcmp(in->pairs[p].key, off[o]) == 0)
					return 0;
		if (in->kind != DF_RUN || fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++) {
			const char *nm = sh_cmd_name(&sh.cmds[j]);
			for (size_t a = 0; a < sh.cmds[j].nassign; a++)
				for (size_t o = 0; off[o]; o++)
					if (str_starts(sh.cmds[j].words[a].text, off[o]))
						nm = "poetry-off";
			if (nm && (strcmp(nm, "poetry-off") == 0 ||
				   (strcmp(nm, "poetry") == 0 && (cmd_has_word(&sh.cmds[j], "virtualenvs.create") ||
								   cmd_has_word(&sh.cmds[j], "virtualenvs.in-project") ||
								   cmd_has_word(&sh.cmds[j], "virtualenvs.path"))))) {
				sh_free(&sh);
				return 0;
			}
		}
		sh_free(&sh);
	}
	return 1;
}

/* What one RUN (run as root, whose home is /root) installs into the home: a phrase (malloc'd), or NULL. */
static char *run_installs_home(const struct fix_ctx *c, const struct df_instr *in)
{
	struct sh_script sh;
	char *hit = NULL;
	size_t at = (size_t)(in - c->df->instrs);
	const char *text = fix_df_script(in);
	if (fix_df_sh(in, &sh) < 0)
		return NULL;
	for (size_t j = 0; j < sh.ncmds && !hit; j++) {
		const struct sh_cmd *cmd = &sh.cmds[j];
		const char *nm = sh_cmd_name(cmd);
		const struct sh_word *sub = sh_cmd_subcommand(cmd, NULL);
		if (!nm)
			continue;
		for (size_t t = 0; t < ARRAY_SIZE(home_tools) && !hit; t++) {
			const struct home_tool *h = &home_tools[t];
			if (!h->cmd || strcmp(nm, h->cmd) != 0 || (h->sub && (!sub || strcmp(sub->text, h->sub) != 0)))
				continue;
			/* uv python/tool install only: `uv python find/list` installs nothing */
			if (!strcmp(h->cmd, "uv") && !(sh_cmd_nargs(cmd) > 1 && !strcmp(sh_cmd_arg(cmd, 1)->text, "install")))
				continue;
			if (!env_moves_home(c, h->env, at))
				hit = xasprintf("line %d installs %s as root, under /root", in->line, h->what);
		}
		/* a uv command told to use a managed Python downloads one into the home */
		if (!hit && !strcmp(nm, "uv") && cmd_has_word(cmd, "--managed-python") &&
		    !env_moves_home(c, "UV_PYTHON_INSTALL_DIR", at))
			hit = xasprintf("line %d installs a uv-managed Python (--managed-python: "
					"~/.local/share/uv/python) as root, under /root", in->line);
		/* pip install --user (pip, pip3, python -m pip) */
		if (!hit && cmd_has_word(cmd, "--user") && cmd_has_word(cmd, "install") &&
		    (str_starts(nm, "pip") || str_starts(nm, "python")) && !env_moves_home(c, "PYTHONUSERBASE", at))
			hit = xasprintf("line %d installs Python packages with pip install --user as root "
					"(~/.local), under /root", in->line);
		if (!hit && !strcmp(nm, "poetry") && sub && !strcmp(sub->text, "install") && poetry_env_in_home(c, at))
			hit = xasprintf("line %d installs with poetry as root, whose virtualenv goes to "
					"~/.cache/pypoetry/virtualenvs, under /root", in->line);
	}
	for (size_t t = 0; t < ARRAY_SIZE(home_tools) && !hit && text; t++) {
		const struct home_tool *h = &home_tools[t];
		if (h->text && strstr(text, h->text) && !env_moves_home(c, h->env, at))
			hit = xasprintf("line %d installs %s as root, under /root", in->line, h->what);
	}
	sh_free(&sh);
	return hit;
}

/* A line writes: sed -i, a redirection, mkdir, touch, tee, cp, mv, ln, install. */
static int line_writes(const char *l)
{
	static const char *const w[] = { "sed -i", ">", "mkdir ", "touch ", "tee ", "cp ", "mv ", "ln ", "install ", NULL };
	for (size_t i = 0; w[i]; i++) {
		const char *p = strstr(l, w[i]);
		/* 2>&1, >/dev/null alone are no writes of a file there */
		if (p && (strcmp(w[i], ">") != 0 || (!str_starts(p, ">&") && !str_starts(p, ">/dev/") &&
						      !str_starts(p, "> /dev/"))))
			return 1;
	}
	return 0;
}

/* A line names root's home: /root (a whole path part), $HOME, ${HOME}, ~/. */
static int line_names_home(const char *l)
{
	for (const char *p = l; (p = strstr(p, "/root")) != NULL; p += 5)
		if ((p == l || strchr(" \t\"'=:(", p[-1])) && strchr("/ \t\"'\n;)", p[5]))
			return 1;
	return strstr(l, "$HOME") || strstr(l, "${HOME}") || strstr(l, " ~/");
}

/* The entrypoint or CMD script writes under root's home (Teedy's env.sh: sed -i of a file in /root/.config). */
/* Variables of an entrypoint script that hold a path under root's home, tracked at most. */
#define FIX_HOME_VARS 16

/* `NAME=/root/...` (or $HOME/...) at the start of a line: NAME's length, else 0. */
static size_t home_assignment(const char *l)
{
	size_t k = 0;
	while (isalnum((unsigned char)l[k]) || l[k] == '_')
		k++;
	return k && !isdigit((unsigned char)l[0]) && l[k] == '=' && line_names_home(l + k) ? k : 0;
}

/* The line uses one of the variables: $NAME or ${NAME}. */
static int uses_var(const char *l, char vars[][64], size_t nv)
{
	for (size_t v = 0; v < nv; v++) {
		size_t vl = strlen(vars[v]);
		for (const char *p = l; (p = strchr(p, '$')) != NULL; p++) {
			const char *q = p + 1 + (p[1] == '{');
			if (!strncmp(q, vars[v], vl) && !isalnum((unsigned char)q[vl]) && q[vl] != '_')
				return 1;
		}
	}
	return 0;
}

static char *entry_writes_home(const struct fix_ctx *c)
{
	long eff[2];
	char *hit = NULL;
	effective(c->df, eff);
	for (int j = 0; j < 2 && !hit; j++) {
		const struct df_instr *in = eff[j] >= 0 ? &c->df->instrs[eff[j]] : NULL;
		char *script = in ? fix_df_entry_script(c, in) : NULL;
		char vars[FIX_HOME_VARS][64];
		size_t nv = 0;
		for (char *l = script; l && *l && !hit;) {
			char *nl = strchr(l, '\n'), line[FIX_HOME_LINE_MAX];
			size_t n = nl ? (size_t)(nl - l) : strlen(l);
			const char *t = l;
			while (t < l + n && (*t == ' ' || *t == '\t'))
				t++;
			if (n < sizeof(line) && *t != '#') {
				memcpy(line, l, n);
				line[n] = '\0';
				size_t vk = home_assignment(line + (t - l));
				if (vk && vk < sizeof(vars[0]) && nv < FIX_HOME_VARS && !line_writes(line)) {
					memcpy(vars[nv], line + (t - l), vk);
					vars[nv++][vk] = '\0';
				} else if ((line_names_home(line) || uses_var(line, vars, nv)) && line_writes(line))
					hit = xasprintf("the script the %s runs (line %d) writes under root's home (%s), "
							"under /root", j ? "CMD" : "ENTRYPOINT", in->line, line + (t - l));
			}
			l = nl ? nl + 1 : l + n;
		}
		free(script);
	}
	return hit;
}

/*
 * The final chain keeps what the app runs or reads in root's home (0700 root
 * in the images berth knows), which a non-root user cannot reach: an ENV
 * value, VOLUME or WORKDIR under /root (halo's HALO_WORK_DIR=/root/.halo2),
 * an ADD/COPY into /root (Teedy's importer preferences), a RUN as root that
 * installs into $HOME (uv python install, pyenv, nvm, rustup, pip --user,
 * poetry's virtualenvs, pipx), or an entrypoint script that writes there
 * (FIX-HOLDOUT7.md R3). What and where, malloc'd, or NULL.
 */
static char *root_home_use(const struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	int as_root = 1;
	char *hit;
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		struct df_span sp;
		const char *dest;
		for (size_t p = 0; in->kind == DF_ENV && p < in->npairs; p++)
			if (in->pairs[p].value && names_root_path(in->pairs[p].value))
				return xasprintf("line %d keeps %s=%s under /root", in->line, in->pairs[p].key,
						 in->pairs[p].value);
		for (size_t w = 0; (in->kind == DF_VOLUME || in->kind == DF_WORKDIR) && w < in->nwords; w++)
			if (names_root_path(in->words[w].text))
				return xasprintf("line %d keeps its %s %s under /root", in->line,
						 in->kind == DF_VOLUME ? "volume" : "working directory", in->words[w].text);
		if ((in->kind == DF_COPY || in->kind == DF_ADD) && (dest = dfa_copy_dest(in, &sp)) != NULL &&
		    names_root_path(dest))
			return xasprintf("line %d copies into %s, under /root", in->line, dest);
		if (in->kind == DF_USER && in->nwords)
			as_root = is_root(in->words[0].text);
		/* $HOME is /root for root unless the chain moves it */
		if (in->kind == DF_RUN && as_root && !env_moves_home(c, "HOME", idx[k]) &&
		    (hit = run_installs_home(c, in)) != NULL)
			return hit;
	}
	return entry_writes_home(c);
}

/* `v` names the path `p` as one of its values (PATH-like lists split as for /root). */
static int names_path(const char *v, const char *p)
{
	size_t pl = strlen(p);
	for (const char *q = v; *q;) {
		size_t k = strcspn(q, FIX_PATH_SEPS);
		if ((k == pl || (k == pl + 1 && q[pl] == '/')) && strncmp(q, p, pl) == 0)
			return 1;
		q += k;
		q += *q != '\0';
	}
	return 0;
}

/*
 * The final working directory is the app's data folder, made by WORKDIR as
 * root and given to nobody: an ENV value names it, nothing is copied into
 * it, and no chown or COPY --chown after it reaches it (docuseal: WORKDIR /data/docuseal, ENV
 * WORKDIR=/data/docuseal; the app chowns it at start while it is root). A
 * volume mounted there keeps its owner (root, for a new bind mount), so a
 * chown in the image would not do. What and where, malloc'd, or NULL.
 */
static char *root_owned_data_dir(const struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx)), at = n;
	const char *wd = NULL, *env = NULL;
	int env_line = 0;
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		if (in->kind == DF_WORKDIR && in->nwords)
			wd = in->words[0].text, at = k;
	}
	if (!wd || wd[0] != '/' || strchr(wd, '$') || strcmp(wd, "/") == 0)
		return NULL;
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		const struct df_flag *ch = df_flag_get(in, "chown");
		for (size_t p = 0; in->kind == DF_ENV && p < in->npairs && !env; p++)
			if (in->pairs[p].value && names_path(in->pairs[p].value, wd))
				env = in->pairs[p].key, env_line = in->line;
		if (k <= at)
			continue;
		/* given to a user after the WORKDIR: a chown naming it, or anything copied with --chown */
		if ((in->kind == DF_RUN && in->args && strstr(in->args, "chown") &&
		     (strstr(in->args, wd) || strstr(in->args, " .")) ) || (ch && ch->value))
			return NULL;
		/* the image puts files there: the app's own folder, which the fix chowns, not a bare data folder */
		if (in->kind == DF_COPY || in->kind == DF_ADD)
			return NULL;
	}
	return env ? xasprintf("the app keeps its data in its working directory %s (line %d: %s names it), "
			       "which WORKDIR made root's and nothing gives to a user", wd, env_line, env) : NULL;
}

/*
 * A Compose service that builds the Dockerfile keeps something under /root:
 * a volume's target or an environment value (Flowise's queue files mount
 * ../.flowise:/root/.flowise and set DATABASE_PATH=/root/.flowise). The
 * first one found, in *(char **)arg.
 */
static int root_in_service(const struct fix_ctx *c, const char *file, const char *name,
			   const struct ydoc_node *svc, void *arg)
{
	const struct ydoc_node *v = ydoc_get(svc, "volumes"), *e = ydoc_get(svc, "environment");
	char **out = arg;
	(void)c;
	for (size_t i = 0; v && v->type == YDOC_SEQUENCE && i < v->nitems && !*out; i++) {
		const char *m = ydoc_str(v->items[i]);
		int ro;
		char *tgt = cfile_volume_target(v->items[i], &ro);
		if (tgt && names_root_path(tgt))
			*out = xasprintf("the Compose service %s (%s) mounts %s", name, file, m ? m : tgt);
		free(tgt);
	}
	for (size_t i = 0; e && e->type == YDOC_SEQUENCE && i < e->nitems && !*out; i++) {
		const char *kv = ydoc_str(e->items[i]), *eq = kv ? strchr(kv, '=') : NULL;
		if (eq && names_root_path(eq + 1))
			*out = xasprintf("the Compose service %s (%s) sets %s", name, file, kv);
	}
	for (size_t i = 0; e && e->type == YDOC_MAPPING && i < e->npairs && !*out; i++) {
		const char *k = ydoc_str(e->pairs[i].key), *val = ydoc_str(e->pairs[i].value);
		if (k && val && names_root_path(val))
			*out = xasprintf("the Compose service %s (%s) sets %s=%s", name, file, k, val);
	}
	return *out != NULL;
}

/* Variables the final WORKDIR may be written with ($APP_PATH): those tracked, in chain order. */
#define FIX_WD_VARS 32

/*
 * The final chain's last WORKDIR as an absolute image path ("/var/app"),
 * malloc'd; a WORKDIR that is one variable takes the value an ENV or ARG of
 * the chain gave it before (dawarich: ENV APP_PATH=/var/app, WORKDIR
 * $APP_PATH). NULL when none is set or a part is unknown.
 */
static char *final_workdir(const struct fix_ctx *c)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx)), nv = 0;
	const char *keys[FIX_WD_VARS], *vals[FIX_WD_VARS];
	char *wd = NULL;
	int set = 0;
	for (size_t k = 0; k < n; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		if (in->kind == DF_ENV || in->kind == DF_ARG) {
			for (size_t p = 0; p < in->npairs; p++) {
				size_t j = 0;
				if (!in->pairs[p].value)
					continue;
				while (j < nv && strcmp(keys[j], in->pairs[p].key) != 0)
					j++;
				if (j == nv && nv < FIX_WD_VARS)
					nv++;
				if (j < nv) {
					keys[j] = in->pairs[p].key;
					vals[j] = in->pairs[p].value;
				}
			}
		} else if (in->kind == DF_WORKDIR && in->nwords) {
			const char *w = in->words[0].text;
			char *next = NULL;
			if (w[0] == '$') {
				size_t l;
				const char *name = w + 1 + (w[1] == '{');
				l = strcspn(name, "}");
				w = NULL;
				for (size_t j = 0; j < nv && !w; j++)
					if (strlen(keys[j]) == l && !strncmp(keys[j], name, l) &&
					    name[l] == (in->words[0].text[1] == '{' ? '}' : '\0'))
						w = vals[j];
			}
			if (w && !strchr(w, '$'))
				next = w[0] == '/' ? path_join_norm("", w + 1) : wd ? path_join_norm(wd, w) : NULL;
			free(wd);
			wd = next;
			set = 1;
		}
	}
	if (!set || !wd) {
		free(wd);
		return NULL;
	}
	{
		char *abs = xasprintf("/%s", wd);
		free(wd);
		return abs;
	}
}

/* The repository part of an image reference, without registry, namespace, tag or digest (malloc'd). */
static char *image_base(const char *ref)
{
	struct dfa_image img;
	char *base;
	dfa_image_parse(&img, ref);
	base = xstrdup(str_basename(img.path ? img.path : ""));
	dfa_image_free(&img);
	return base;
}

/*
 * A service that builds nothing runs this Dockerfile's image: the image the
 * scan maps to it (a workflow or script builds it from this file), or, when
 * the scan cannot map it (dawarich's name comes from a secret), a Compose
 * file beside the Dockerfile (dawarich's docker/docker-compose.yml), or an
 * image named as the Dockerfile's folder or, for one under docker/ or at the
 * root, as the repository. An image mapped to another Dockerfile is not.
 */
static int runs_image(const struct fix_ctx *c, const char *file, const char *image, int beside);

static int runs_this_image(const struct fix_ctx *c, const char *file, const char *image)
{
	return runs_image(c, file, image, 1);
}

/*
 * The image is the one the Dockerfile's org.opencontainers.image.source
 * label names: its path is the label's repository (pds: LABEL
 * org.opencontainers.image.source=https://github.com/bluesky-social/pds,
 * image ghcr.io/bluesky-social/pds:0.4).
 */
static int labelled_source(const struct fix_ctx *c, const char *image)
{
	struct dfa_image img;
	int yes = 0;
	dfa_image_parse(&img, image);
	for (size_t i = 0; img.path && strchr(img.path, '/') && i < c->df->ninstrs && !yes; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		for (size_t p = 0; in->kind == DF_LABEL && p < in->npairs && !yes; p++) {
			const char *v = in->pairs[p].value;
			size_t vl = v ? strlen(v) : 0, pl = strlen(img.path);
			while (vl && v[vl - 1] == '/')
				vl--;
			if (vl > 4 && !strncmp(v + vl - 4, ".git", 4))
				vl -= 4;
			yes = !strcmp(in->pairs[p].key, "org.opencontainers.image.source") && vl > pl &&
			      v[vl - pl - 1] == '/' && !strncasecmp(v + vl - pl, img.path, pl);
		}
	}
	dfa_image_free(&img);
	return yes;
}

/* As runs_this_image; `beside` 0: a Compose file beside the Dockerfile is not enough (its postgres). */
static int runs_image(const struct fix_ctx *c, const char *file, const char *image, int beside)
{
	const struct project_image_src *src;
	char *base, *dir, *folder, *fdir;
	int yes = 0;
	if (!image || strchr(image, '$'))
		return 0;
	src = c->in->scan ? project_image_src_of(&c->in->scan->image_map, image) : NULL;
	if (src)
		return src->dockerfile && !strcmp(src->dockerfile, c->in->path);
	if (labelled_source(c, image))
		return 1;
	base = image_base(image);
	dir = str_dirname(c->in->path);
	fdir = str_dirname(file);
	folder = xstrdup(*dir ? str_basename(dir) : "");
	if (beside && !strcmp(dir, fdir))
		yes = 1;
	else if (*folder && strcasecmp(folder, "docker") != 0)
		yes = !strcasecmp(base, folder);
	else if (c->in->scan && c->in->scan->repo)
		yes = !strcasecmp(base, str_basename(repo_root(c->in->scan->repo)));
	free(folder);
	free(fdir);
	free(dir);
	free(base);
	return yes;
}

struct wd_volume {
	const char *wd;         /* the final WORKDIR, absolute, or NULL */
	int anywhere;           /* also a writable folder outside the WORKDIR */
	char *out;
};

/*
 * A mount target that names a file, not a folder: its last part has a dot
 * after its first character (/etc/nginx/nginx.conf, /app/servers.json; not
 * /pds or /home/node/.n8n). A single file mounted is read, not a data folder.
 */
static int file_target(const char *tgt)
{
	const char *last = strrchr(tgt, '/');
	last = last ? last + 1 : tgt;
	return *last && strchr(last + 1, '.') != NULL;
}

/*
 * A Compose service near the Dockerfile that mounts a writable volume or
 * bind folder: at or under the image's WORKDIR (dawarich: WORKDIR /var/app,
 * `dawarich_public:/var/app/public` on the service running the image its
 * workflow publishes, FIX-HOLDOUT4.md R5), or anywhere else (pds: the bind
 * `/pds:/pds` its installer makes as root, where the PDS keeps its data,
 * FIX-HOLDOUT5.md R2). What is there was written by root in existing
 * installations, and a new bind folder is the host's root's.
 */
static int repo_folder(const struct fix_ctx *c, const char *file, const struct ydoc_node *e);
static int runs_final_as_image_user(const struct fix_ctx *c, const char *file, const struct ydoc_node *svc);

static int volume_in_workdir(const struct fix_ctx *c, const char *file, const char *name,
			     const struct ydoc_node *svc, void *arg)
{
	struct wd_volume *w = arg;
	const struct ydoc_node *v = ydoc_get(svc, "volumes");
	size_t wl = w->wd ? strlen(w->wd) : 0;
	if (!ydoc_get(svc, "build") && !runs_this_image(c, file, ydoc_str(ydoc_get(svc, "image"))))
		return 0;
	if (w->anywhere && !runs_final_as_image_user(c, file, svc))
		return 0;
	for (size_t i = 0; v && v->type == YDOC_SEQUENCE && i < v->nitems && !w->out; i++) {
		const char *m = ydoc_str(v->items[i]);
		int ro;
		char *tgt = cfile_volume_target(v->items[i], &ro);
		/* read only, nothing is written there */
		if (tgt && !ro && wl && !strncmp(tgt, w->wd, wl) && (tgt[wl] == '\0' || tgt[wl] == '/'))
			w->out = xasprintf("the Compose service %s (%s) mounts %s, in the WORKDIR %s", name, file,
					   m ? m : tgt, w->wd);
		else if (w->anywhere && tgt && !ro && tgt[0] == '/' && tgt[1] && !file_target(tgt) &&
			 !repo_folder(c, file, v->items[i]))
			w->out = xasprintf("the Compose service %s (%s) mounts %s, a folder it may write", name,
					   file, m ? m : tgt);
		free(tgt);
	}
	return w->out != NULL;
}

/*
 * A bind of a folder the repository holds (./src:/code/src, ./:/home/app):
 * the project's own files, mounted for development and read by the app; a
 * bind of a folder made at run time (./data, ./.flowise) or of a host path
 * (/pds), or a named volume, is the app's data.
 */
static int repo_folder(const struct fix_ctx *c, const char *file, const struct ydoc_node *e)
{
	char *src = NULL, *tgt = NULL, *dir, *p;
	int ro, yes = 0;
	if (cfile_volume_parts(e, &src, &tgt, &ro) == 0 && src[0] == '.') {
		dir = str_dirname(file);
		p = path_join_norm(dir, src);
		yes = p && fs_stat(c->in->fs, *p ? p : ".") == FS_DIR;
		free(p);
		free(dir);
	}
	free(src);
	free(tgt);
	return yes;
}

/*
 * The service runs the final stage as the image's USER: it sets no user:
 * of its own (shlink's development service runs as 1000:1000) and builds no
 * other target (karakeep's web builds `target: aio`, not the final mcp).
 */
static int runs_final_as_image_user(const struct fix_ctx *c, const char *file, const struct ydoc_node *svc)
{
	const struct ydoc_node *b = ydoc_get(svc, "build");
	const char *target = b && b->type == YDOC_MAPPING ? ydoc_str(ydoc_get(b, "target")) : NULL;
	int final = fix_df_final_stage(c->df);
	if (ydoc_get(svc, "user"))
		return 0;
	if (target && (final < 0 || df_stage_find(c->df, target, c->df->nstages) != final))
		return 0;
	return b ? 1 : runs_image(c, file, ydoc_str(ydoc_get(svc, "image")), 0);
}

/* s ends with the suffix. */
static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

/*
 * A service running the image needs root for what it is: it mounts the
 * Docker socket (root:docker 660 on the host: mailcow's dockerapi drives
 * Docker through it), or it is privileged or adds capabilities (mailcow's
 * netfilter writes iptables rules): capabilities reach only a root process,
 * not a USER's (FIX-HOLDOUT6.md R1). What, in *(char **)arg.
 */
static int root_needed_in_service(const struct fix_ctx *c, const char *file, const char *name,
				  const struct ydoc_node *svc, void *arg)
{
	const struct ydoc_node *v = ydoc_get(svc, "volumes"), *caps = ydoc_get(svc, "cap_add");
	const char *priv = ydoc_str(ydoc_get(svc, "privileged"));
	char **out = arg;
	if (!ydoc_get(svc, "build") && !runs_this_image(c, file, ydoc_str(ydoc_get(svc, "image"))))
		return 0;
	if (!runs_final_as_image_user(c, file, svc))
		return 0;
	for (size_t i = 0; v && v->type == YDOC_SEQUENCE && i < v->nitems && !*out; i++) {
		char *src = NULL, *tgt = NULL;
		int ro;
		if (cfile_volume_parts(v->items[i], &src, &tgt, &ro) == 0 &&
		    (ends_with(src, "/docker.sock") || ends_with(tgt, "/docker.sock")))
			*out = xasprintf("the Compose service %s (%s) mounts the Docker socket %s, which only root "
					 "or the host's docker group can open", name, file, src);
		free(src);
		free(tgt);
	}
	if (!*out && priv && !strcmp(priv, "true"))
		*out = xasprintf("the Compose service %s (%s) is privileged: its capabilities reach only a root "
				 "process", name, file);
	if (!*out && caps && ((caps->type == YDOC_SEQUENCE && caps->nitems) || ydoc_str(caps)))
		*out = xasprintf("the Compose service %s (%s) adds capabilities (cap_add): they reach only a root "
				 "process", name, file);
	return *out != NULL;
}

int fix_df_runs_image(const struct fix_ctx *c, const char *file, const char *image)
{
	return runs_image(c, file, image, 0);
}

char *fix_df_final_workdir(const struct fix_ctx *c)
{
	return final_workdir(c);
}

/* Docker official operating system images: their own command is a shell. */
static int os_image(const char *ref)
{
	static const char *const os[] = { "alpine", "debian", "ubuntu", "busybox", "fedora", "centos",
		"rockylinux", "almalinux", "amazonlinux", "oraclelinux", "archlinux", "opensuse/leap", NULL };
	struct dfa_image img;
	int yes = 0;
	dfa_image_parse(&img, ref);
	for (size_t i = 0; os[i] && !yes; i++)
		yes = dfa_image_is(&img, os[i]);
	dfa_image_free(&img);
	return yes;
}

/*
 * A comment line "# USER name" (name not root) in the final stage: the author
 * wrote a non-root USER and took it back, as pufferpanel did with its user's
 * adduser and chown lines beside it (FIX-HOLDOUT6.md R1). Putting it back is
 * the author's decision, made for a reason berth cannot see. Its line, or 0.
 */
static int commented_user(const struct fix_ctx *c)
{
	int s = fix_df_final_stage(c->df);
	return s < 0 ? 0 : df_commented_user(c->df, c->df->instrs[c->df->stages[s].first].line);
}

/*
 * FIX-HOLDOUT9.md (dendrite's ComplementLocal.Dockerfile): the command runs a
 * script that a RUN of the final chain writes (`echo '...' > run.sh`); that
 * RUN's text is the script. The root word found there, with the RUN's line
 * in *line, or NULL.
 */
static const char *written_script_root_word(const struct fix_ctx *c, const struct df_instr *in, int *line)
{
	size_t idx[FIX_DF_MAX_CHAIN * 8], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	const char *text = in->args ? in->args : "";
	for (size_t a = 0; a < (in->json ? in->argc : 1); a++) {
		const char *t = in->json ? in->argv[a] : text;
		/* every word with a '/' or ending in .sh: a script's path */
		for (const char *p = t; *p;) {
			size_t wl = strcspn(p, " \t;&|()\"'");
			if (wl && (memchr(p, '/', wl) || (wl > 3 && !strncmp(p + wl - 3, ".sh", 3)))) {
				char *w = xstrndup(p, wl), *pat[3];
				const char *b = str_basename(w);
				pat[0] = xasprintf("> %s", b);
				pat[1] = xasprintf(">%s", b);
				pat[2] = xasprintf("tee %s", b);
				for (size_t k = 0; k < n; k++) {
					const struct df_instr *r = &c->df->instrs[idx[k]];
					const char *word, *at = NULL;
					if (r->kind != DF_RUN || !r->args || r->line > in->line)
						continue;
					for (int q = 0; q < 3 && !at; q++)
						at = strstr(r->args, pat[q]);
					/* the text written: what the RUN echoes before the redirect (not its chmod after) */
					if (at && (word = root_word_in(r->args, (size_t)(at - r->args))) != NULL) {
						*line = r->line;
						for (int q = 0; q < 3; q++)
							free(pat[q]);
						free(w);
						return word;
					}
				}
				for (int q = 0; q < 3; q++)
					free(pat[q]);
				free(w);
			}
			p += wl;
			while (*p && strchr(" \t;&|()\"'", *p))
				p++;
		}
	}
	return NULL;
}

/*
 * sec.non-root's preconditions that do not depend on the user chosen
 * (CHECKLIST.md "Fixes"): why the fix is withheld (malloc'd), or NULL.
 */
/* Endings of start scripts in a language berth does not read as shell. */
static const char *const foreign_exts[] = { ".py", ".pl", ".rb", NULL };

/*
 * The entrypoint (the ENTRYPOINT, else the CMD) runs a start script in
 * another language by its own name (`CMD /start.py`): berth cannot see what
 * it writes or binds, as with an entrypoint script it could not read
 * (OhMyForm's nginx start.py rewrites /etc/nginx as root, FIX-HOLDOUT11.md
 * R2). Django's manage.py is the app's own command, not a start script.
 */
static char *foreign_entry_script(const struct fix_ctx *c, const long eff[2])
{
	long e = eff[0] >= 0 ? eff[0] : eff[1];
	char *words[FIX_ENTRY_WORDS], *why = NULL;
	size_t n, k = 0;
	if (e < 0)
		return NULL;
	n = program_words(&c->df->instrs[e], words, ARRAY_SIZE(words));
	/* `sh -c /start.py`, `exec /start.py`: the program past the shell */
	while (k < n && (!strcmp(str_basename(words[k]), "sh") || !strcmp(str_basename(words[k]), "bash") ||
			 !strcmp(words[k], "exec") || !strcmp(words[k], "-c") || words[k][0] == '"' ||
			 words[k][0] == '\''))
		k++;
	for (size_t x = 0; k < n && foreign_exts[x] && !why; x++)
		if (str_ends(words[k], foreign_exts[x]) && strcmp(str_basename(words[k]), "manage.py") != 0)
			why = xasprintf("withheld: the %s runs %s (line %d), a start script berth does not read as "
					"shell: check what it writes and which ports it binds, then add USER",
					eff[0] >= 0 ? "ENTRYPOINT" : "CMD", words[k], c->df->instrs[e].line);
	for (size_t j = 0; j < n; j++)
		free(words[j]);
	return why;
}

static char *withhold_non_root(const struct fix_ctx *c, long lu)
{
	long eff[2];
	const char *ref = fix_df_final_image(c->df), *w, *pkg;
	char *w2;
	long port;
	int cu;
	if (lu >= 0)
		return xasprintf("withheld: the author switched to root on line %d (USER %s): the image "
				 "runs as root on purpose; write the USER that suits its entrypoint yourself",
				 c->df->instrs[lu].line, user_of(&c->df->instrs[lu]));
	if (ref && fix_image_drops_privileges(c->in->cfg, ref) == 1)
		return xasprintf("withheld: the base image %s starts as root and drops privileges itself", ref);
	if ((cu = commented_user(c)) > 0)
		return xasprintf("withheld: line %d comments out a USER: the author took the non-root user "
				 "back; find out why (volumes written by root, a socket, a port) before adding USER", cu);
	effective(c->df, eff);
	for (int j = 0; j < 2; j++) {
		const struct df_instr *in = eff[j] >= 0 ? &c->df->instrs[eff[j]] : NULL;
		char *script;
		if (!in)
			continue;
		if (in->json) {
			for (size_t a = 0; a < in->argc; a++)
				if ((w = root_word_in(in->argv[a], strlen(in->argv[a]))) != NULL)
					return xasprintf("withheld: the %s runs %s, which needs root at start (line %d)",
							 j ? "CMD" : "ENTRYPOINT", w, in->line);
		} else if (in->args && (w = root_word_in(in->args, strlen(in->args))) != NULL)
			return xasprintf("withheld: the %s runs %s, which needs root at start (line %d)",
					 j ? "CMD" : "ENTRYPOINT", w, in->line);
		{
			int wline = 0;
			if ((w = written_script_root_word(c, in, &wline)) != NULL)
				return xasprintf("withheld: the %s runs a script the RUN on line %d writes, which uses %s "
						 "(it needs root at start)", j ? "CMD" : "ENTRYPOINT", wline, w);
		}
		if ((script = fix_df_entry_script(c, in)) != NULL) {
			w = root_word_in(script, strlen(script));
			if (w) {
				char *r = xasprintf("withheld: the entrypoint script run on line %d uses %s "
						    "(it needs root at start, then drops privileges or changes owners)",
						    in->line, w);
				free(script);
				return r;
			}
			free(script);
		}
	}
	if ((w2 = foreign_entry_script(c, eff)) != NULL)
		return w2;
	if ((w2 = fix_df_nginx_root(c)) != NULL)
		return w2;
	if ((w2 = root_home_use(c)) != NULL) {
		char *r = xasprintf("withheld: %s, which only root can read: move it, then add USER", w2);
		free(w2);
		return r;
	}
	if ((w2 = root_owned_data_dir(c)) != NULL) {
		char *r = xasprintf("withheld: %s; a volume mounted there keeps its owner (root, for a new bind "
				    "mount): give the folder and its volume to the user, then add USER", w2);
		free(w2);
		return r;
	}
	{
		char *wd = workdir_before(c, c->df->ninstrs);
		w2 = fix_df_documented_bind(c, wd);
		free(wd);
		if (w2) {
			char *r = xasprintf("withheld: %s: Docker creates it root-owned, and existing installations' "
					    "data there was written by root; give the folder to the user at start (an "
					    "entrypoint that chowns, then drops to it), then add USER", w2);
			free(w2);
			return r;
		}
	}
	{
		struct wd_volume wv = { NULL, 0, NULL };
		char *wd = final_workdir(c);
		wv.wd = wd;
		if (wd && wd[0] == '/' && wd[1] && fix_df_each_runner(c, volume_in_workdir, &wv) && wv.out) {
			char *r = xasprintf("withheld: %s: a volume keeps the owner of what wrote it (root, in "
					    "existing installations; the host's, for a bind mount); give it to the user "
					    "at start (an entrypoint that chowns, then drops to it), then add USER", wv.out);
			free(wv.out);
			free(wd);
			return r;
		}
		free(wd);
	}
	if (fix_df_each_builder(c, root_in_service, &w2) && w2) {
		char *r = xasprintf("withheld: %s, under /root, which only root can read: move the app's data "
				    "out of /root, then add USER", w2);
		free(w2);
		return r;
	}
	/* celery beat's schedule file in a root-owned WORKDIR, or celery run as root on purpose (FIX-HOLDOUT10.md R4) */
	if ((w2 = fix_df_celery_root(c)) != NULL)
		return w2;
	if ((pkg = fix_df_chain_install(c, root_pkg_word, NULL)) != NULL)
		return xasprintf("withheld: the image installs %s, which starts as root (a supervisor, cron "
				 "or a privilege drop)", pkg);
	if ((port = low_port(c)) > 0)
		return xasprintf("withheld: it listens on port %ld, below 1024, which a non-root user cannot "
				 "bind without a capability", port);
	/* no EXPOSE of its own: the base image's port from its facts (nginx:alpine serves on 80) */
	if (ref && (port = fix_image_port(c->in->cfg, ref)) > 0 && port < 1024)
		return xasprintf("withheld: %s listens on port %ld (image facts), below 1024, and runs as root "
				 "by design (pid and cache files under root-owned folders): use its unprivileged "
				 "variant, or keep root", ref, port);
	/*
	 * No CMD or ENTRYPOINT of its own on an operating system image, whose own
	 * command is a shell: what runs in it is given where it runs
	 * (nextcloud/all-in-one's alpine tool image, an init container that chmods
	 * volumes: FIX-HOLDOUT4.md R4), and berth cannot see it.
	 */
	if (eff[0] < 0 && eff[1] < 0 && ref && os_image(ref))
		return xasprintf("withheld: the image sets no CMD or ENTRYPOINT of its own, so %s's shell is what "
				 "it runs: the command is given where it runs (a Compose command, an init "
				 "container, a CI job) and may need root; add USER once you know what runs", ref);
	w2 = NULL;
	if (fix_df_each_runner(c, root_needed_in_service, &w2) && w2) {
		char *r = xasprintf("withheld: %s; keep root, or give the user what it needs, then add USER", w2);
		free(w2);
		return r;
	}
	/* last: a writable folder of a service running the image, outside its WORKDIR (FIX-HOLDOUT5.md R2) */
	{
		struct wd_volume wv = { NULL, 1, NULL };
		if (fix_df_each_runner(c, volume_in_workdir, &wv) && wv.out) {
			char *r = xasprintf("withheld: %s: a volume keeps the owner of what wrote it (root, in "
					    "existing installations; the host's, for a bind mount); give it to the user "
					    "at start (an entrypoint that chowns, then drops to it), then add USER", wv.out);
			free(wv.out);
			return r;
		}
	}
	return NULL;
}

/*
 * The chain renames or removes `user` after making it (usermod -l/--login,
 * userdel, deluser): it no longer exists under that name (FIX-REVIEW.md H4).
 */
static int user_renamed(const struct fix_ctx *c, const char *user)
{
	int gone = 0;
	for (size_t i = 0; i < c->df->ninstrs && !gone; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct sh_script sh;
		if (in->kind != DF_RUN || in->stage < 0 || !fix_df_in_chain(c->df, in->stage) || fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds; j++) {
			const char *cmd = sh_cmd_name(&sh.cmds[j]);
			size_t na = sh_cmd_nargs(&sh.cmds[j]);
			const char *last = na ? sh_cmd_arg(&sh.cmds[j], na - 1)->text : "";
			if (!cmd || strcmp(last, user) != 0)
				continue;
			if (!strcmp(cmd, "userdel") || !strcmp(cmd, "deluser"))
				gone = 1;
			else if (!strcmp(cmd, "usermod"))
				for (size_t a = 0; a + 1 < na; a++)
					gone |= !strcmp(sh_cmd_arg(&sh.cmds[j], a)->text, "-l") ||
						!strcmp(sh_cmd_arg(&sh.cmds[j], a)->text, "--login");
		}
		sh_free(&sh);
	}
	return gone;
}

/* The paths to give the new user: the final chain's last WORKDIR and its VOLUMEs ("" none; malloc'd). */
static char *owned_paths(const struct fix_ctx *c)
{
	struct buf b = BUF_INIT;
	const char *wd = NULL;
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		if (in->stage < 0 || !fix_df_in_chain(c->df, in->stage))
			continue;
		if (in->kind == DF_WORKDIR && in->args && in->args[0] == '/' && !strchr(in->args, '$'))
			wd = in->args;
		if (in->kind == DF_VOLUME) {
			for (size_t a = 0; in->json && a < in->argc; a++)
				if (in->argv[a][0] == '/' && !strchr(in->argv[a], '$'))
					buf_printf(&b, " %s", in->argv[a]);
			for (size_t w = 0; !in->json && w < in->nwords; w++)
				if (in->words[w].text[0] == '/' && !strchr(in->words[w].text, '$'))
					buf_printf(&b, " %s", in->words[w].text);
		}
	}
	if (wd && strcmp(wd, "/") != 0) {
		char *r = xasprintf(" %s%s", wd, buf_str(&b));
		buf_free(&b);
		return r;
	}
	return buf_detach(&b);
}

/* The final chain declares a VOLUME. */
static int chain_has_volume(const struct fix_ctx *c)
{
	for (size_t i = 0; i < c->df->ninstrs; i++)
		if (c->df->instrs[i].kind == DF_VOLUME && c->df->instrs[i].stage >= 0 &&
		    fix_df_in_chain(c->df, c->df->instrs[i].stage))
			return 1;
	return 0;
}

/* The user tool the image evidently has: from the facts, else from what the Dockerfile runs. */
static int user_tool(const struct fix_ctx *c)
{
	const char *ref = fix_df_final_image(c->df);
	int t = ref ? fix_image_tools(c->in->cfg, ref) : -1;
	if (t >= 0)
		return t & (FIX_TOOL_USERADD | FIX_TOOL_BUSYBOX);
	if (uses_cmd(c, "useradd") || uses_cmd(c, "groupadd"))
		return FIX_TOOL_USERADD;
	if (uses_cmd(c, "apk") || uses_cmd(c, "addgroup"))
		return FIX_TOOL_BUSYBOX;
	if (uses_cmd(c, "apt-get") || uses_cmd(c, "dnf") || uses_cmd(c, "yum") || uses_cmd(c, "microdnf"))
		return FIX_TOOL_USERADD;
	return 0;
}

/* The name of the system user a fix creates when nobody names one (--set user=NAME does). */
#define FIX_DEFAULT_USER "app"

/* The user tool the image facts name (useradd or BusyBox), 0 when they name none. */
static int facts_user_tool(const struct fix_ctx *c, const char *ref)
{
	int t = fix_image_tools(c->in->cfg, ref);
	return t < 0 ? 0 : t & FIX_TOOL_USERADD ? FIX_TOOL_USERADD : t & FIX_TOOL_BUSYBOX ? FIX_TOOL_BUSYBOX : 0;
}

/* An id flag of useradd/groupadd/adduser/addgroup (-u, --uid, -g, --gid, -G excluded: groups by name). */
static int id_flag(const char *w, const char **val)
{
	static const char *const flags[] = { "-u", "--uid", "-g", "--gid", NULL };
	for (size_t k = 0; flags[k]; k++) {
		size_t n = strlen(flags[k]);
		if (strncmp(w, flags[k], n) == 0 && (w[n] == '\0' || w[n] == '=' || (n == 2 && isdigit((unsigned char)w[n])))) {
			*val = w[n] == '=' ? w + n + 1 : w + n;
			return 1;
		}
	}
	return 0;
}

/*
 * The Dockerfile makes its user with uid or gid 1000 on a base image whose
 * facts say 1000 is taken (ubuntu:24.04's ubuntu, node's node): the build
 * stops at that RUN (FIX-REVIEW.md H3), so a USER for it fixes nothing. Why
 * (malloc'd), naming the user the image has, or NULL.
 */
static char *fixed_id_1000(const struct fix_ctx *c, const char *ref)
{
	int hit = 0, line = 0;
	if (!ref || fix_image_uid1000_taken(c->in->cfg, ref) != 1)
		return NULL;
	for (size_t i = 0; i < c->df->ninstrs && !hit; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct sh_script sh;
		if (in->kind != DF_RUN || in->stage < 0 || !fix_df_in_chain(c->df, in->stage) || fix_df_sh(in, &sh) < 0)
			continue;
		for (size_t j = 0; j < sh.ncmds && !hit; j++) {
			const char *cmd = sh_cmd_name(&sh.cmds[j]);
			size_t na = sh_cmd_nargs(&sh.cmds[j]);
			if (!cmd || (strcmp(cmd, "useradd") && strcmp(cmd, "groupadd") && strcmp(cmd, "adduser") &&
				     strcmp(cmd, "addgroup")))
				continue;
			for (size_t a = 0; a < na && !hit; a++) {
				const char *w = sh_cmd_arg(&sh.cmds[j], a)->text, *v = NULL;
				if (!id_flag(w, &v))
					continue;
				if (!*v && a + 1 < na)
					v = sh_cmd_arg(&sh.cmds[j], a + 1)->text;
				hit = strcmp(v, "1000") == 0;
			}
		}
		sh_free(&sh);
		if (hit)
			line = in->line;
	}
	if (!hit)
		return NULL;
	return xasprintf("withheld: line %d makes a user or group with id 1000, which %s already has (image facts): "
			 "the build stops there; use the image's own user%s%s, or create one without fixed ids", line, ref,
			 fix_image_user(c->in->cfg, ref) ? " " : "",
			 fix_image_user(c->in->cfg, ref) ? fix_image_user(c->in->cfg, ref) : "");
}

/*
 * The lines that make the user (when `create`), give it the WORKDIR and
 * VOLUMEs, and switch to it (malloc'd).
 */
static char *user_lines(const struct fix_ctx *c, const char *user, int tool, const char *paths)
{
	const char *nl = c->nl;
	char esc = c->df->escape, *ind = fix_df_indent(c), *r;
	struct buf b = BUF_INIT;
	if (tool == FIX_TOOL_BUSYBOX)
		buf_printf(&b, "RUN addgroup -S %s && adduser -S -G %s %s", user, user, user);
	else if (tool == FIX_TOOL_USERADD)
		buf_printf(&b, "RUN groupadd --system %s && %c%s%suseradd --system --create-home --gid %s %s",
			   user, esc, nl, ind, user, user);
	if (*paths)
		buf_printf(&b, "%schown -R %s:%s%s", b.len ? " && " : "RUN ", user, user, paths);
	if (b.len)
		buf_puts(&b, nl);
	buf_printf(&b, "USER %s%s", user, nl);
	free(ind);
	r = buf_detach(&b);
	return r;
}

/* A `chown` of `path` already in the chain, or a COPY --chown there. */
static int owned_already(const struct fix_ctx *c, const char *user)
{
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		const struct df_flag *ch = df_flag_get(in, "chown");
		if (in->stage < 0 || !fix_df_in_chain(c->df, in->stage))
			continue;
		if (ch && ch->value && str_starts(ch->value, user))
			return 1;
		if (in->kind == DF_RUN && in->args && strstr(in->args, "chown") && strstr(in->args, user))
			return 1;
	}
	return 0;
}

void fix_df_user(struct fix_ctx *c)
{
	int final = fix_df_final_stage(c->df), tool = 0;
	long lu = last_user(c->df);
	const char *given = fix_value(c, "user"), *ref, *base_user;
	char *made = NULL, *lines, *why, *paths;
	struct fix *f;
	const char *user;

	if (final < 0 || (lu >= 0 && !is_root(user_of(&c->df->instrs[lu]))))
		return;
	ref = fix_df_final_image(c->df);
	if (ref && strstr(ref, "nonroot"))
		return;
	if ((why = withhold_non_root(c, lu)) != NULL) {
		fix_new_withheld(c, ITEM_SEC_NON_ROOT, "non-root-user", "run as a non-root user", "%s", why);
		free(why);
		return;
	}
	base_user = ref ? fix_image_user(c->in->cfg, ref) : NULL;
	paths = owned_paths(c);
	if (ref && str_ieq(ref, "scratch") && !given) {
		if (*paths) {
			fix_new_withheld(c, ITEM_SEC_NON_ROOT, "non-root-user", "run as a non-root user",
					 "withheld: a scratch image has no shell to give%s to a user; copy them "
					 "with COPY --chown=65532:65532 and add USER 65532:65532", paths);
			free(paths);
			return;
		}
		f = fix_new(c, ITEM_SEC_NON_ROOT, "non-root-user", "run as a non-root user");
		fix_set_note(f, "review: USER 65532:65532 on scratch (no user database); check the binary "
			     "needs no root-owned path at run time");
		fix_df_insert_lines(f, c, fix_df_tail(c, final, NULL), "USER 65532:65532\n");
		free(paths);
		return;
	}
	made = given ? NULL : created_user(c);
	/*
	 * A user the Dockerfile makes is no fact about the base image: what its
	 * programs need at run time stays unknown (wazuh-agent on amazonlinux:2023
	 * starts daemons meant to run as root: FIX-HOLDOUT7.md). CHECKLIST.md
	 * "Fixes": withheld when the base image is unknown.
	 */
	if (made && (!ref || !fix_image_known(c->in->cfg, ref))) {
		fix_new_withheld(c, ITEM_SEC_NON_ROOT, "non-root-user", "run as a non-root user",
				 "withheld: berth has no facts about the base image %s (its entrypoint, what its "
				 "programs need at run time): check that %s can run it, then add USER %s",
				 ref ? ref : "(unresolved)", made, made);
		free(paths);
		free(made);
		return;
	}
	if (made && (why = fixed_id_1000(c, ref)) != NULL) {
		fix_new_withheld(c, ITEM_SEC_NON_ROOT, "non-root-user", "run as a non-root user", "%s", why);
		free(why);
		free(paths);
		free(made);
		return;
	}
	if (made)
		user = made;
	else if (given)
		user = given, tool = user_tool(c);
	else if (base_user)
		user = base_user;
	else if (ref && fix_image_known(c->in->cfg, ref) && (tool = facts_user_tool(c, ref)) != 0) {
		/* the facts say how users are made there: a system user, no fixed ids (uid 1000 may be taken) */
		user = FIX_DEFAULT_USER;
		given = user;
	} else if (ref && fix_image_known(c->in->cfg, ref)) {
		fix_new_withheld(c, ITEM_SEC_NON_ROOT, "non-root-user", "run as a non-root user",
				 "withheld: the image facts of %s name no non-root user it ships nor the tool that "
				 "makes one: add USER with a user it has, or --set user=NAME (fix.user in .berth.yaml) "
				 "to create a system user", ref);
		free(paths);
		return;
	} else {
		fix_new_withheld(c, ITEM_SEC_NON_ROOT, "non-root-user", "run as a non-root user",
				 "withheld: berth has no facts about the base image %s (its users, uid 1000, "
				 "its user tool, its entrypoint): add USER with a user it has, or an images: entry, "
				 "or --set user=NAME to create a system user", ref ? ref : "(unresolved)");
		free(paths);
		return;
	}
	if (given && !tool) {
		fix_new_withheld(c, ITEM_SEC_NON_ROOT, "non-root-user", "run as a non-root user",
				 "withheld: berth cannot tell which tool creates users in %s (useradd or "
				 "BusyBox adduser): create %s yourself and add USER %s", ref ? ref : "the base image",
				 given, given);
		free(paths);
		return;
	}
	if (user_renamed(c, user)) {
		fix_new_withheld(c, ITEM_SEC_NON_ROOT, "non-root-user", "run as a non-root user",
				 "withheld: the Dockerfile renames or removes the user %s: add USER with the name it "
				 "ends up with", user);
		free(paths);
		free(made);
		return;
	}
	if (*paths && owned_already(c, user)) {
		free(paths);
		paths = xstrdup("");
	}
	if (strchr(user, '$') || !*user) {
		free(paths);
		free(made);
		return;
	}
	lines = user_lines(c, user, given ? tool : 0, paths);
	f = fix_new(c, ITEM_SEC_NON_ROOT, "non-root-user", "run as a non-root user");
	/*
	 * The chown reaches a volume only when Docker first fills it: data an
	 * earlier root-run version wrote to an existing volume stays root's
	 * (pufferpanel's installations, FIX-HOLDOUT6.md). berth cannot see
	 * deployments, so the note says so.
	 */
	fix_set_note(f, "review: runs as %s (%s)%s%s; %s%s", user,
		     made ? "made by this Dockerfile" : given ? "a system user, no fixed ids" : "the base image's user",
		     *paths ? ", owning" : "", paths,
		     fix_image_known(c->in->cfg, ref) ? "check the app writes only where it may"
		     : "no facts about the base image: check its entrypoint needs no root",
		     chain_has_volume(c) ? "; volumes that earlier versions filled as root keep root's files: "
					   "chown them once when upgrading existing installations" : "");
	fix_df_insert_lines(f, c, fix_df_tail(c, final, NULL), lines);
	free(lines);
	free(paths);
	free(made);
}

/* Into /etc or /usr: system files that root should own. */
static int system_dest(const struct df_instr *in)
{
	struct df_span sp;
	const char *d = dfa_copy_dest(in, &sp);
	return d && (str_starts(d, "/etc") || str_starts(d, "/usr")) && (d[4] == '/' || d[4] == '\0');
}

/* Lines of the COPYs left root's that a corr.copy-ownership note names at most. */
#define FIX_CHOWN_HELD_LINES 6

/* --chmod that makes the file executable (an octal mode with an x bit, or a symbolic +x): a program. */
static int chmod_exec(const struct df_instr *in)
{
	const struct df_flag *m = df_flag_get(in, "chmod");
	const char *v = m ? m->value : NULL;
	if (!v || !*v)
		return 0;
	if (strspn(v, "01234567") == strlen(v)) {
		for (const char *p = v; *p; p++)
			if ((*p - '0') & 1)
				return 1;
		return 0;
	}
	return strchr(v, 'x') != NULL;
}

/* Words after which a shell word is a command: `exec ./auth`, `then /app/run`. */
static const char *const cmd_lead[] = { "exec", "then", "do", "else", "nohup", "command", "time", NULL };

/* The word that starts at `w` in `text` is in a command's place: first on its line or after ; & | ( ` or cmd_lead. */
static int command_position(const char *text, const char *w)
{
	const char *p = w;
	while (p > text && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	if (p == text || strchr("\n;&|(`", p[-1]))
		return 1;
	for (size_t k = 0; cmd_lead[k]; k++) {
		size_t n = strlen(cmd_lead[k]);
		if ((size_t)(p - text) >= n && !strncmp(p - n, cmd_lead[k], n) &&
		    (p - n == text || strchr(" \t\n;&|(", p[-(long)n - 1])))
			return 1;
	}
	return 0;
}

/* `name` run by path in `text`: after a '/' (./auth, /app/auth), ending a word, in a command's place. */
static int runs_by_path(const char *text, const char *name)
{
	size_t n = strlen(name);
	if (!text || !n)
		return 0;
	for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
		const char *w = p;
		if (p == text || p[-1] != '/' || !(p[n] == '\0' || strchr(" \t\r\n\"';&|)", p[n])))
			continue;
		while (w > text && !strchr(" \t\n;&|(`\"'", w[-1]))
			w--;
		if (command_position(text, w))
			return 1;
	}
	return 0;
}

/* Programs the image runs: the words of its ENTRYPOINT, CMD and HEALTHCHECK, and the scripts they start. */
struct run_names {
	char *words[3 * FIX_ENTRY_WORDS];
	size_t n;
	char *scripts[2];
};

static void run_names_init(const struct fix_ctx *c, struct run_names *r)
{
	long eff[2];
	memset(r, 0, sizeof(*r));
	effective(c->df, eff);
	for (int k = 0; k < 2; k++)
		if (eff[k] >= 0) {
			r->n += program_words(&c->df->instrs[eff[k]], r->words + r->n, FIX_ENTRY_WORDS);
			r->scripts[k] = fix_df_entry_script(c, &c->df->instrs[eff[k]]);
		}
	for (size_t i = c->df->ninstrs; i-- > 0;) {
		const struct df_instr *in = &c->df->instrs[i];
		if (in->kind == DF_HEALTHCHECK && in->stage >= 0 && fix_df_in_chain(c->df, in->stage)) {
			r->n += program_words(in, r->words + r->n, FIX_ENTRY_WORDS);
			break;
		}
	}
}

static void run_names_free(struct run_names *r)
{
	for (size_t k = 0; k < r->n; k++)
		free(r->words[k]);
	free(r->scripts[0]);
	free(r->scripts[1]);
}

/*
 * A COPY/ADD that brings a program the image runs: its entrypoint, command or
 * health check (by name), a file those scripts run by path (gotrue's
 * start.sh runs ./auth), or a file copied executable (--chmod=775). Root
 * should keep these: the user runs them; owning them would let the app
 * rewrite its own code (nextcloud whiteboard's start.sh, FIX-HOLDOUT4).
 */
static int copies_program(const struct df_instr *in, const struct run_names *r)
{
	const char *src[16];
	struct df_span sp[16], dsp;
	const char *dest = dfa_copy_dest(in, &dsp);
	size_t ns = dfa_copy_sources(in, src, sp, ARRAY_SIZE(src));
	if (chmod_exec(in))
		return 1;
	for (size_t j = 0; j <= ns; j++) {
		/* the sources, and the destination when it names the file (COPY start.sh /entry.sh) */
		const char *name = j < ns ? str_basename(src[j]) : ns == 1 && dest && !str_ends(dest, "/") &&
			strcmp(dest, ".") ? str_basename(dest) : NULL;
		if (!name || !*name || !strcmp(name, "."))
			continue;
		for (size_t k = 0; k < r->n; k++)
			if (r->words[k][0] != '-' && !strcmp(str_basename(r->words[k]), name))
				return 1;
		if (runs_by_path(r->scripts[0], name) || runs_by_path(r->scripts[1], name))
			return 1;
	}
	return 0;
}

void fix_df_chown(struct fix_ctx *c)
{
	struct fix *f = NULL;
	int chain[FIX_DF_MAX_CHAIN], n = 0;
	const char *user = NULL, *held_user = NULL, *them;
	int held = 0;
	struct buf lines = BUF_INIT;
	struct run_names r;
	run_names_init(c, &r);
	for (int s = fix_df_final_stage(c->df); s >= 0 && n < FIX_DF_MAX_CHAIN; s = c->df->stages[s].parent)
		chain[n++] = s;
	/* build order: the root stage first; USER carries over into the stages built on it */
	while (n-- > 0) {
		const struct df_stage *st = &c->df->stages[chain[n]];
		for (size_t i = st->first + 1; i < st->first + st->count && i < c->df->ninstrs; i++) {
			const struct df_instr *in = &c->df->instrs[i];
			if (in->kind == DF_USER)
				user = is_root(user_of(in)) ? NULL : user_of(in);
			if ((in->kind != DF_COPY && in->kind != DF_ADD) || !user || df_flag_get(in, "chown") ||
			    system_dest(in))
				continue;
			if (copies_program(in, &r)) {
				if (held++ < FIX_CHOWN_HELD_LINES)
					buf_printf(&lines, "%s%d", held > 1 ? ", " : "", in->line);
				held_user = user;
				continue;
			}
			if (!f)
				f = fix_new(c, ITEM_CORR_COPY_OWNERSHIP, "copy-chown",
					    "give copied files to the user that runs the app (--chown)");
			fix_insert(f, c->in->path, in->nflags ? in->flags[0].span.start : in->args_span.start,
				   "--chown=%s ", user);
		}
	}
	them = held > 1 ? "them" : "it";
	if (held && !f)
		fix_new_withheld(c, ITEM_CORR_COPY_OWNERSHIP, "copy-chown",
				 "give copied files to the user that runs the app (--chown)",
				 "withheld: the COPY%s on line%s %s bring%s what the image runs (its entrypoint, "
				 "command, health check or a file they run): root should own %s, %s only runs %s; "
				 "owning %s would let the app rewrite its own code", held > 1 ? "s" : "", held > 1 ? "s" : "",
				 lines.ptr, held > 1 ? "" : "s", them, held_user, them, them);
	else if (held) {
		fix_set_note(f, "review: gives the other copied files to the user; not the COPY%s on line%s %s, which "
			     "bring%s what the image runs: root keeps %s, %s only runs %s", held > 1 ? "s" : "",
			     held > 1 ? "s" : "", lines.ptr, held > 1 ? "" : "s", them, held_user, them);
		f->partial = 1; /* that COPY's finding stays */
	}
	run_names_free(&r);
	buf_free(&lines);
}
