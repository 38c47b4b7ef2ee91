/*
 * role_facts - what a file says about itself, for the roles of CHECKLIST.md:
 * the `# berth role=` pragma, the first comment paragraph, and (Dockerfile)
 * what the final chain runs, read once with the shared analysis (dfa.h),
 * the images it builds on or copies from, and its local COPY/ADD sources.
 */
#include "project_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "dfa.h"
#include "dockerfile.h"
#include "shell.h"
#include "util.h"
#include "yamldoc.h"

/* The first comment paragraph is read up to this many bytes (it is a few lines). */
#define FACTS_COMMENT_MAX 4096
/* `sleep N` idles when N is over this many seconds (a day). */
#define FACTS_IDLE_SECONDS 86400L
/* Bind-mount sources kept per Compose file (role.c reads their folders); a real file has a few dozen at most. */
#define ROLE_MAX_BINDS 256

void role_facts_init(struct role_facts *f, enum filekind kind)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->pragma = -1;
}

void role_facts_free(struct role_facts *f)
{
	plist_free(f->from, f->nfrom);
	plist_free(f->copy_from, f->ncopy_from);
	plist_free(f->sources, f->nsources);
	plist_free(f->binds, f->nbinds);
	plist_free(f->contexts, f->ncontexts);
	free(f->cmd_word);
	free(f->dev_image);
	free(f->debug_build);
	free(f->source_mount);
	free(f->test_service);
	free(f->readme_dev);
	free(f->readme_sample);
	free(f->readme_example);
	free(f->test_db);
	free(f->emulator);
	free(f->vs_tooling);
	for (size_t i = 0; i < f->nimages; i++)
		free(f->images[i]);
	free(f->images);
	free(f->checkout_mount);
	free(f->readme_test);
	free(f->checkout_tool);
	free(f->beside_source);
	memset(f, 0, sizeof(*f));
	f->pragma = -1;
}

/* `# berth role=ROLE` on a comment line (Compose: at the top level, column 1). */
static void find_pragma(struct role_facts *f, const char *data, size_t len, int col1_only)
{
	size_t i = 0;
	while (i < len) {
		size_t e = i, p = i;
		while (e < len && data[e] != '\n')
			e++;
		if (!col1_only)
			while (p < e && (data[p] == ' ' || data[p] == '\t'))
				p++;
		if (p < e && data[p] == '#') {
			p++;
			while (p < e && (data[p] == ' ' || data[p] == '\t'))
				p++;
			if (e - p > 11 && memcmp(data + p, "berth", 5) == 0 && (data[p + 5] == ' ' || data[p + 5] == '\t')) {
				p += 5;
				while (p < e && (data[p] == ' ' || data[p] == '\t'))
					p++;
				if (e - p > 5 && memcmp(data + p, "role=", 5) == 0) {
					size_t q = p + 5, w = q;
					char word[16];
					enum role r;
					while (w < e && isalpha((unsigned char)data[w]))
						w++;
					if (w - q < sizeof(word)) {
						memcpy(word, data + q, w - q);
						word[w - q] = '\0';
						if (role_parse(word, &r) == 0)
							f->pragma = (int)r;
					}
				}
			}
		}
		i = e + 1;
	}
}

/* Phrases that say a whole file is for development / for testing (CHECKLIST.md, rules 4 and 5). */
static const char *const DEV_PHRASES[] = { "for development", "development only", "local development",
	"dev only", "not for production", "do not use in production",
	/* beyond revision 4: redash's "for the **development** setup"; not "development
	 * environment", which names what a build stage makes (zulip: "we build a Zulip
	 * development environment image and use [it] to generate a production release") */
	"for the development", "development setup",
	/* beyond revision 4: trigger.dev's "Core local-dev stack: the minimum a contributor needs" (hyphens read as blanks) */
	"local dev ", "local dev.", "local dev,", "local dev:",
	/* HOLDOUT7.md: logto's "for demonstration only, do not use in prod", koillection's "for dev purposes" */
	"do not use in prod", "don't use in prod", "not for prod", "demonstration only", "for demonstration",
	"dev purposes", "development purposes",
	/* HOLDOUT9.md: otterwiki's "for running the latest development version"; HOLDOUT10.md: Part-DB's
	 * debian-manual-guide "for debugging" */
	"development version", "for debugging",
	/* HOLDOUT15.md: synapse's editable.Dockerfile "Not suitable for production use." */
	"not suitable for production", "not intended for production", "not meant for production",
	"not designed for production",
	/* HOLDOUT16.md: tensorzero's examples, "This is a simplified example for learning purposes. Do not use
	 * this in production." */
	"do not use this in production", "don't use this in production", "for learning purposes", NULL };
static const char *const TEST_PHRASES[] = { "for testing", "testing only",
	/* FIX-HOLDOUT8.md: Mailu's docs/ and setup/ stacks, "This file is used to test the mailu/docs website" */
	"used to test", "used for testing", NULL };

/*
 * "for development or in production" (loki's production/docker/README.md)
 * names both: no development-only file. "development" (or "dev") followed
 * by "or"/"and", then "production" within a few words.
 */
static int both_envs(const char *text)
{
	static const char *const JOIN[] = { "development or ", "development and ", "dev or ", "dev and ", NULL };
	for (size_t i = 0; JOIN[i]; i++)
		for (const char *p = strstr(text, JOIN[i]); p; p = strstr(p + 1, JOIN[i])) {
			const char *q = strstr(p, "production");
			if (q && q - p <= (ptrdiff_t)strlen(JOIN[i]) + 12)
				return 1;
		}
	return 0;
}

static int has_phrase(const char *text, const char *const *phrases)
{
	for (size_t i = 0; phrases[i]; i++)
		if (strstr(text, phrases[i]))
			return phrases != DEV_PHRASES || !both_envs(text);
	return 0;
}

/* The comment lines at the very top, up to the first blank line or instruction (FACTS_COMMENT_MAX bytes). */
static void first_paragraph(struct role_facts *f, const char *data, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	/* a YAML document's `---` start line comes before its comments (kanidm's otel stack) */
	if (len - i >= 3 && memcmp(data + i, "---", 3) == 0) {
		size_t e = i + 3;
		while (e < len && (data[e] == ' ' || data[e] == '\t' || data[e] == '\r'))
			e++;
		if (e == len || data[e] == '\n')
			i = e < len ? e + 1 : e;
	}
	while (i < len && b.len < FACTS_COMMENT_MAX) {
		size_t e = i, p = i, q;
		while (e < len && data[e] != '\n')
			e++;
		while (p < e && (data[p] == ' ' || data[p] == '\t'))
			p++;
		if (p == e || data[p] != '#')
			break;
		q = p + 1;
		while (q < e && (data[q] == '#' || data[q] == ' ' || data[q] == '\t' || data[q] == '\r'))
			q++;
		/*
		 * An empty comment line separates paragraphs of the same header: the
		 * whole leading comment block is read (HOLDOUT15.md, synapse's
		 * editable.Dockerfile: "# This dockerfile builds an editable install
		 * of Synapse. / # / # Used by `complement.sh`. Not suitable for
		 * production use."); a blank line or an instruction ends it.
		 */
		if (q == e) {
			i = e + 1;
			if (b.len)
				buf_puts(&b, ". ");
			continue;
		}
		for (size_t k = q; k < e; k++)
			if (data[k] == '-')     /* "dev-only" is "dev only" (kanidm's otel stack) */
				buf_putc(&b, ' ');
			else if (data[k] != '*' && data[k] != '`')      /* Markdown emphasis: "**development**" */
				buf_putc(&b, tolower((unsigned char)data[k]));
		buf_putc(&b, ' ');
		i = e + 1;
	}
	/* the paragraph's words joined by single spaces, so a phrase may cross a line break */
	{
		char *t = b.ptr ? b.ptr : NULL;
		if (t) {
			size_t w = 0;
			for (size_t r = 0; t[r]; r++) {
				char c = (t[r] == '\t' || t[r] == '\r') ? ' ' : t[r];
				if (c == ' ' && w && t[w - 1] == ' ')
					continue;
				t[w++] = c;
			}
			t[w] = '\0';
			f->comment_dev = has_phrase(t, DEV_PHRASES);
			f->comment_test = has_phrase(t, TEST_PHRASES);
		}
	}
	buf_free(&b);
}

/* Word i of a command counting its name as 0 (assignments skipped), "" past the end. */
static const char *word(const struct sh_cmd *c, size_t i)
{
	const struct sh_word *w;
	if (i == 0)
		return c->nassign < c->nwords && c->words[c->nassign].text ? c->words[c->nassign].text : "";
	w = sh_cmd_arg(c, i - 1);
	return w && w->text ? w->text : "";
}

/*
 * The command's name with the usual launchers skipped: `npx jest`, `python
 * -m pytest`, `bundle exec rspec`, `poetry run pytest`, `uv run pytest`,
 * `exec X`. *first is the index of the name among sh_cmd_arg's words.
 */
static const char *real_name(const struct sh_cmd *c, size_t *first)
{
	size_t i = 0;
	for (int hops = 0; hops < 4; hops++) {
		const char *n = str_basename(word(c, i));
		if (!strcmp(n, "npx") || !strcmp(n, "exec") || !strcmp(n, "dumb-init") || !strcmp(n, "tini")) {
			i++;
			if (!strcmp(word(c, i), "--"))
				i++;
		} else if ((str_starts(n, "python") && !strcmp(word(c, i + 1), "-m"))) {
			i += 2;
		} else if ((!strcmp(n, "bundle") && !strcmp(word(c, i + 1), "exec")) ||
			   ((!strcmp(n, "poetry") || !strcmp(n, "uv") || !strcmp(n, "pipenv")) && !strcmp(word(c, i + 1), "run"))) {
			i += 2;
		} else {
			*first = i;
			return n;
		}
	}
	*first = i;
	return str_basename(word(c, i));
}

static int test_runner(const struct sh_cmd *c)
{
	static const char *const alone[] = { "pytest", "py.test", "jest", "vitest", "mocha", "cypress", "rspec",
		"phpunit", NULL };
	static const char *const pairs[][2] = { { "playwright", "test" }, { "go", "test" }, { "cargo", "test" },
		{ "mvn", "test" }, { "./mvnw", "test" }, { "mvnw", "test" }, { "gradle", "test" }, { "gradlew", "test" },
		{ "npm", "test" }, { "yarn", "test" }, { "pnpm", "test" } };
	size_t first = 0;
	const char *n = real_name(c, &first);
	for (size_t i = 0; alone[i]; i++)
		if (!strcmp(n, alone[i]))
			return 1;
	if (!strcmp(n, "playwright") && !strcmp(str_basename(sh_cmd_name(c) ? sh_cmd_name(c) : ""), "npx"))
		return 1;       /* npx playwright */
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++)
		if (!strcmp(n, str_basename(pairs[i][0])) && !strcmp(word(c, first + 1), pairs[i][1]))
			return 1;
	if ((!strcmp(n, "npm") || !strcmp(n, "yarn") || !strcmp(n, "pnpm")) && !strcmp(word(c, first + 1), "run") &&
	    !strcmp(word(c, first + 2), "test"))
		return 1;
	return 0;
}

static int build_runner(const struct sh_cmd *c)
{
	static const char *const pack[] = { "dpkg-buildpackage", "debuild", "rpmbuild", "fpm", "nfpm", "goreleaser", NULL };
	size_t first = 0;
	int js = 0;
	const char *n = real_name(c, &first);
	if (dfa_compile_step(c, &js))
		return 1;
	for (size_t i = 0; pack[i]; i++)
		if (!strcmp(n, pack[i]))
			return 1;
	return (str_starts(n, "build") || str_starts(n, "package")) && str_ends(n, ".sh");
}

/* `sleep infinity`, `sleep N` over a day, `tail -f /dev/null`. */
static int idler(const struct sh_cmd *c)
{
	size_t first = 0;
	const char *n = real_name(c, &first);
	if (!strcmp(n, "sleep")) {
		const char *a = word(c, first + 1);
		char *end = NULL;
		long v;
		if (!strcmp(a, "infinity") || !strcmp(a, "inf"))
			return 1;
		v = strtol(a, &end, 10);
		return end && end != a && *end == '\0' && v > FACTS_IDLE_SECONDS;
	}
	if (!strcmp(n, "tail")) {
		int follow = 0, devnull = 0;
		for (size_t i = first + 1; i <= sh_cmd_nargs(c); i++) {
			const char *a = word(c, i);
			follow |= !strcmp(a, "-f") || !strcmp(a, "-F") || !strcmp(a, "--follow");
			devnull |= !strcmp(a, "/dev/null");
		}
		return follow && devnull;
	}
	return 0;
}

static void cmd_facts(struct role_facts *f, const struct sh_script *s)
{
	for (size_t i = 0; i < s->ncmds; i++) {
		const struct sh_cmd *c = &s->cmds[i];
		if (!sh_cmd_name(c))
			continue;
		if (test_runner(c) && !f->test_cmd) {
			f->test_cmd = 1;
			free(f->cmd_word);
			f->cmd_word = xstrdup(sh_cmd_name(c));
		}
		if (build_runner(c) && !f->build_cmd) {
			f->build_cmd = 1;
			if (!f->cmd_word)
				f->cmd_word = xstrdup(sh_cmd_name(c));
		}
	}
	if (s->ncmds && sh_cmd_name(&s->cmds[s->ncmds - 1]) && idler(&s->cmds[s->ncmds - 1]))
		f->idles = 1;
}

/*
 * Beyond revision 4 (tests/realworld/HOLDOUT3.md, woodpecker's
 * docker/Dockerfile.make): a CMD that is a bare interactive shell, with no
 * ENTRYPOINT and no EXPOSE in the final chain, in an image that keeps a
 * compiler toolchain, starts nothing to serve: it is a toolbox to build in,
 * as an idling image is one to work in.
 */
static int bare_shell(const struct dfa *an)
{
	static const char *const shells[] = { "sh", "bash", "ash", "dash", "zsh", NULL };
	const struct sh_script *s;
	const char *n;
	int toolchain = 0;
	if (!an->eff.ok[0] || an->eff.idx[1] >= 0)
		return 0;
	for (size_t k = 0; k < an->npkgs && !toolchain; k++)
		toolchain = an->pkgs[k].stays && an->runs[an->pkgs[k].run].stage >= 0 &&
			    an->in_chain[an->runs[an->pkgs[k].run].stage];
	if (!toolchain)
		return 0;
	s = &an->eff.s[0].sh;
	if (s->ncmds != 1 || s->cmds[0].nassign || sh_cmd_nargs(&s->cmds[0]) || !(n = sh_cmd_name(&s->cmds[0])))
		return 0;
	for (size_t k = 0; k < an->nchain_instrs; k++)
		if (an->df->instrs[an->chain_instrs[k]].kind == DF_EXPOSE)
			return 0;
	for (size_t i = 0; shells[i]; i++)
		if (!strcmp(n, shells[i]))
			return 1;
	return 0;
}

/* `sleep N`, N a number with an optional s/m/h/d suffix (GNU sleep's). */
static int sleep_for(const struct sh_cmd *c)
{
	size_t first = 0;
	const char *n = real_name(c, &first), *a;
	char *end = NULL;
	if (strcmp(n, "sleep") || sh_cmd_nargs(c) != first + 1)
		return 0;
	a = word(c, first + 1);
	(void)strtod(a, &end);
	return end && end != a && (!*end || (strchr("smhd", *end) && !end[1]));
}

/*
 * Beyond revision 4 (tests/realworld/HOLDOUT4.md, homarr's
 * deployments/prebuilt-debian/Dockerfile: `pnpm install` compiles a native
 * module, `CMD ["sleep", "60s"]`, and CI runs it only to `docker cp` the
 * compiled file out): the final CMD is one `sleep` of any length, with no
 * ENTRYPOINT and no EXPOSE, after a RUN of the final chain that installs the
 * project's dependencies or compiles. Nothing is served; the container is
 * kept up to copy the build's output from. A sleep alone (`CMD sleep 60`
 * with nothing built) stays runtime.
 */
static int sleeps_built(const struct dfa *an)
{
	const struct sh_script *s;
	int built = 0;
	if (!an->eff.ok[0] || an->eff.idx[1] >= 0)
		return 0;
	s = &an->eff.s[0].sh;
	if (s->ncmds != 1 || s->cmds[0].nassign || !sh_cmd_name(&s->cmds[0]) || !sleep_for(&s->cmds[0]))
		return 0;
	for (size_t k = 0; k < an->nchain_instrs; k++)
		if (an->df->instrs[an->chain_instrs[k]].kind == DF_EXPOSE)
			return 0;
	for (size_t r = 0; r < an->nruns && !built; r++) {
		if (an->runs[r].stage < 0 || !an->in_chain[an->runs[r].stage])
			continue;
		for (size_t c = 0; c < an->runs[r].ncmds && !built; c++)
			built = an->runs[r].cmds[c].compile ||
				(an->runs[r].cmds[c].install && an->runs[r].cmds[c].inst.project);
	}
	return built;
}

/* NOPASSWD: ALL written to a sudoers file by a RUN of the final chain. */
static int grants_sudo(const char *t)
{
	const char *p = t;
	if (!t || !strstr(t, "sudoers"))
		return 0;
	while ((p = strstr(p, "NOPASSWD")) != NULL) {
		p += 8;
		while (*p == ':' || *p == ' ' || *p == '\t')
			p++;
		if (!strncmp(p, "ALL", 3))
			return 1;
	}
	return 0;
}

static void add_image(char ***v, size_t *n, const char *ref)
{
	char *name = project_image_name(ref);
	if (!name)
		return;
	if (plist_has(*v, *n, name))
		free(name);
	else
		plist_add(v, n, name);
}

/* Some COPY --from / RUN --mount=from= of the file names stage `st` (by name or index). */
static int source_stage(const struct df_file *df, int st)
{
	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct df_instr *in = &df->instrs[i];
		if (in->kind == DF_COPY || in->kind == DF_ADD) {
			const struct df_flag *fl = df_flag_get(in, "from");
			if (fl && fl->value && df_stage_find(df, fl->value, df->nstages) == st)
				return 1;
		} else if (in->kind == DF_RUN) {
			for (size_t k = 0; k < in->nflags; k++) {
				const char *v = strcmp(in->flags[k].name, "mount") ? NULL : df_flag_kv(&in->flags[k], "from");
				if (v && df_stage_find(df, v, df->nstages) == st)
					return 1;
			}
		}
	}
	return 0;
}

/* COPY --from / RUN --mount=from= naming no earlier stage: an image (expanded as the instruction sees it). */
static void copy_from(struct role_facts *f, const struct dfa *an, size_t i, const char *v)
{
	const struct df_file *df = an->df;
	int unres = 0;
	char *x;
	if (!v || !*v || df_stage_find(df, v, df->nstages) >= 0)
		return;
	x = dfa_expand(an, i, v, &unres);
	if (!unres && x && df_stage_find(df, x, df->nstages) < 0)
		add_image(&f->copy_from, &f->ncopy_from, x);
	free(x);
}

static void local_sources(struct role_facts *f, const struct dfa *an, size_t i, const struct df_instr *in)
{
	const char *src[DFA_MAX_SOURCES];
	struct df_span sp[DFA_MAX_SOURCES];
	size_t n = dfa_copy_sources(in, src, sp, DFA_MAX_SOURCES);
	for (size_t k = 0; k < n; k++) {
		int unres = 0;
		char *x;
		if (strstr(src[k], "://") || str_starts(src[k], "git@"))
			continue;
		x = dfa_expand(an, i, src[k], &unres);
		if (unres || !x || !*x) {
			f->unreadable_sources = 1;
			free(x);
			continue;
		}
		if (plist_has(f->sources, f->nsources, x))
			free(x);
		else
			plist_add(&f->sources, &f->nsources, x);
	}
}

/* A path as a folder key: trailing slashes dropped ("/workspace/" is "/workspace"). */
static size_t dir_len(const char *s)
{
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	return n;
}

/*
 * The final chain copies nothing of the repository in (COPY/ADD only
 * --from another stage or image), its last WORKDIR is one of its VOLUMEs,
 * and the effective CMD/ENTRYPOINT runs a relative path (`scripts/x`,
 * `./run.sh`): that program can only come from the folder mounted there, a
 * checkout (Kong's scripts/Dockerfile: `docker run -v $PWD:/workspace`
 * runs scripts/update-copyright). Beyond CHECKLIST.md revision 4.
 */
static void checkout_tool(struct role_facts *f, const struct df_file *df, const struct dfa *an)
{
	const char *wd = NULL, *prog = NULL, *vol = NULL;
	for (size_t k = 0; k < an->nchain_instrs; k++) {
		const struct df_instr *in = &df->instrs[an->chain_instrs[k]];
		if ((in->kind == DF_COPY || in->kind == DF_ADD) && !df_flag_get(in, "from"))
			return;
		if (in->kind == DF_WORKDIR && in->nwords)
			wd = in->words[0].text;
	}
	if (!wd || wd[0] != '/' || strchr(wd, '$'))
		return;
	/* what another stage puts into the workspace (or anywhere relative) ships with the image: not a mount's */
	for (size_t k = 0; k < an->nchain_instrs; k++) {
		const struct df_instr *in = &df->instrs[an->chain_instrs[k]];
		const size_t nw = in->json ? in->argc : in->nwords;
		const char *dest = nw ? (in->json ? in->argv[nw - 1] : in->words[nw - 1].text) : NULL;
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || !dest)
			continue;
		if (dest[0] != '/' || (!strncmp(dest, wd, dir_len(wd)) && (dest[dir_len(wd)] == '/' || !dest[dir_len(wd)])))
			return;
	}
	for (size_t k = 0; k < an->nchain_instrs && !vol; k++) {
		const struct df_instr *in = &df->instrs[an->chain_instrs[k]];
		const size_t nv = in->json ? in->argc : in->nwords;
		for (size_t v = 0; in->kind == DF_VOLUME && v < nv && !vol; v++) {
			const char *x = in->json ? in->argv[v] : in->words[v].text;
			if (dir_len(x) == dir_len(wd) && !strncmp(x, wd, dir_len(wd)))
				vol = x;
		}
	}
	for (int j = 0; j < 2 && vol && !prog; j++) {
		const struct sh_script *s = an->eff.ok[j] ? &an->eff.s[j].sh : NULL;
		for (size_t i = 0; s && i < s->ncmds && !prog; i++) {
			const struct sh_cmd *c = &s->cmds[i];
			const char *name = c->nassign < c->nwords ? c->words[c->nassign].text : NULL;
			if (name && name[0] != '/' && name[0] != '$' && strchr(name, '/'))
				prog = name;
		}
	}
	if (prog)
		f->checkout_tool = xasprintf("%s on %s", prog, vol);
}

void role_facts_dockerfile(struct role_facts *f, const char *data, size_t len)
{
	struct df_file df;
	struct dfa an;
	role_facts_init(f, KIND_DOCKERFILE);
	find_pragma(f, data, len, 0);
	first_paragraph(f, data, len);
	df_parse(&df, data, len);
	if (!df.nstages) {
		df_free(&df);
		return;
	}
	dfa_init(&an, &df, NULL, NULL, NULL, 0);
	for (int j = 0; j < 2; j++)
		if (an.eff.ok[j])
			cmd_facts(f, &an.eff.s[j].sh);
	f->shell_only = bare_shell(&an);
	/* no CMD, and no ENTRYPOINT but a wrapper script (openstreetmap's entrypoint.sh starts Xvfb, then `exec "$@"`) */
	f->no_cmd = an.eff.idx[0] < 0 &&
		    (an.eff.idx[1] < 0 || (dfa_entry_program(&an) && str_ends(dfa_entry_program(&an), ".sh")));
	f->sleeps_built = sleeps_built(&an);
	checkout_tool(f, &df, &an);
	for (size_t k = 0; k < an.nchain_instrs; k++) {
		const struct df_instr *in = &df.instrs[an.chain_instrs[k]];
		if (in->kind != DF_RUN)
			continue;
		f->nopasswd |= grants_sudo(in->args);
		for (size_t h = 0; h < in->nheredocs; h++)
			f->nopasswd |= grants_sudo(in->heredocs[h].body);
	}
	for (size_t s = 0; s < df.nstages; s++)
		if (an.external[s] && df.stages[s].image_resolved) {
			/* a stage outside the final chain that is only copied from: its image is a source of outputs */
			int source = !an.in_chain[s] && source_stage(&df, (int)s);
			if (source)
				add_image(&f->copy_from, &f->ncopy_from, df.stages[s].image_resolved);
			else
				add_image(&f->from, &f->nfrom, df.stages[s].image_resolved);
		}
	for (size_t i = 0; i < df.ninstrs; i++) {
		const struct df_instr *in = &df.instrs[i];
		if (in->kind == DF_COPY || in->kind == DF_ADD) {
			const struct df_flag *fl = df_flag_get(in, "from");
			if (fl)
				copy_from(f, &an, i, fl->value);
			else if (in->stage >= 0)
				local_sources(f, &an, i, in);
		} else if (in->kind == DF_RUN) {
			for (size_t k = 0; k < in->nflags; k++)
				if (!strcmp(in->flags[k].name, "mount"))
					copy_from(f, &an, i, df_flag_kv(&in->flags[k], "from"));
		}
	}
	dfa_free(&an);
	df_free(&df);
}

/* A service's command or entrypoint (string or list) parsed as a shell line. */
static int node_runs_tests(const struct ydoc_node *n)
{
	struct buf b = BUF_INIT;
	struct sh_script s;
	int hit = 0;
	if (!n)
		return 0;
	if (n->type == YDOC_SCALAR)
		buf_puts(&b, n->value ? n->value : "");
	else if (n->type == YDOC_SEQUENCE)
		for (size_t i = 0; i < n->nitems; i++) {
			const char *v = ydoc_str(n->items[i]);
			if (v) {
				buf_puts(&b, v);
				buf_putc(&b, ' ');
			}
		}
	sh_parse(&s, buf_str(&b), b.len);
	for (size_t i = 0; i < s.ncmds && !hit; i++)
		hit = sh_cmd_name(&s.cmds[i]) && test_runner(&s.cmds[i]);
	sh_free(&s);
	buf_free(&b);
	return hit;
}

/*
 * A browser-test image, or (beyond revision 4, tests/realworld/HOLDOUT3.md)
 * a test fixture: an image whose own name, the last path component, has the
 * word test (hedgedoc's rroemhild/test-openldap, a public LDAP server with
 * fixed test users).
 */
static int test_image(const char *image)
{
	static const char *const words[] = { "test", "testbed", NULL };
	char *n = image ? project_image_name(image) : NULL;
	int hit = n && (str_starts(n, "cypress/") || str_starts(n, "mcr.microsoft.com/playwright"));
	if (n && !hit && !strchr(n, '$'))
		hit = str_has_word(strrchr(n, '/') ? strrchr(n, '/') + 1 : n, ".-_", words);
	free(n);
	return hit;
}

/*
 * Stock images of backing services (the last path component of the image's
 * name): what a Compose file starts beside an app that runs on the host.
 */
static int backing_image(const char *image)
{
	static const char *const names[] = { "postgres", "postgis", "mysql", "mariadb", "mongo", "redis", "valkey",
		"memcached", "rabbitmq", "zookeeper", "kafka", "cp-kafka", "cp-zookeeper", "elasticsearch",
		"opensearch", "minio", "mailhog", "mailpit", "adminer", "pgadmin4", "localstack", "clickhouse-server",
		"clickhouse", "cassandra", "nats", "influxdb", "server", "azurite", "mongo-express", "phpmyadmin", NULL };
	char *n = image ? project_image_name(image) : NULL;
	const char *last;
	int hit = 0;
	if (!n)
		return 0;
	last = strrchr(n, '/') ? strrchr(n, '/') + 1 : n;
	for (size_t i = 0; names[i] && !hit; i++)
		hit = strcmp(last, names[i]) == 0;
	/* "server" only as mcr.microsoft.com/mssql/server */
	if (hit && strcmp(last, "server") == 0)
		hit = str_starts(n, "mcr.microsoft.com/mssql/");
	free(n);
	return hit;
}

/*
 * Beyond revision 4 (HOLDOUT14.md, quickwit's integration-test stack): a
 * local stand-in for a cloud service or a test double - an emulator
 * (localstack, azurite, fake-gcs-server, the gcloud and Cosmos DB
 * emulators, dynamodb-local, moto, elasticmq) or a mock server. Production
 * talks to the real service, so a stack that starts one is a developer's or
 * a test stack. Matched on the image's name without its tag.
 */
static int emulator_image(const char *image)
{
	static const char *const names[] = { "localstack/localstack", "localstack/localstack-pro",
		"mcr.microsoft.com/azure-storage/azurite", "arafato/azurite", "fsouza/fake-gcs-server",
		"amazon/dynamodb-local", "motoserver/moto", "softwaremill/elasticmq", "softwaremill/elasticmq-native",
		"mockserver/mockserver", "wiremock/wiremock", "shopify/toxiproxy", "ghcr.io/shopify/toxiproxy", NULL };
	static const char *const words[] = { "emulator", "fake", NULL };
	char *n = image ? project_image_name(image) : NULL;
	const char *last;
	int hit = 0;
	if (!n || strchr(n, '$')) {
		free(n);
		return 0;
	}
	for (size_t i = 0; names[i] && !hit; i++)
		hit = strcmp(n, names[i]) == 0;
	last = strrchr(n, '/') ? strrchr(n, '/') + 1 : n;
	if (!hit)
		hit = str_has_word(last, ".-_", words);
	free(n);
	return hit;
}

/* An image whose tag has a word dev, devel, develop or development (`mealie:dev`, `app:1.2-dev`). */
static int dev_tag(const char *image)
{
	static const char *const words[] = { "dev", "devel", "develop", "development", NULL };
	const char *slash, *colon;
	if (!image || strchr(image, '$'))
		return 0;
	slash = strrchr(image, '/');
	colon = strrchr(slash ? slash : image, ':');
	return colon && str_has_word(colon + 1, ".-_", words);
}

/* Case-insensitive equality of the first n bytes of a with the whole of b. */
static int name_is(const char *a, size_t n, const char *b)
{
	if (strlen(b) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* Case-insensitive: the n bytes of a end with b. */
static int name_ends(const char *a, size_t n, const char *b)
{
	size_t m = strlen(b);
	return n >= m && name_is(a + n - m, m, b);
}

/*
 * One environment entry that says the service runs for development: a log
 * level variable (RUST_LOG, LOG_LEVEL, *_LOG_LEVEL, *_LOGLEVEL) whose value
 * has the word debug or trace, or an environment variable (NODE_ENV,
 * RAILS_ENV, APP_ENV, ...) set to development.
 */
static int debug_entry(const char *name, size_t n, const char *value)
{
	static const char *const levels[] = { "debug", "trace", NULL };
	static const char *const envs[] = { "NODE_ENV", "RAILS_ENV", "RACK_ENV", "APP_ENV", "FLASK_ENV", "MIX_ENV",
		"ASPNETCORE_ENVIRONMENT", NULL };
	if (!value || strchr(value, '$'))
		return 0;
	if (name_is(name, n, "RUST_LOG") || name_is(name, n, "LOG_LEVEL") || name_is(name, n, "LOGLEVEL") ||
	    name_ends(name, n, "_LOG_LEVEL") || name_ends(name, n, "_LOGLEVEL"))
		return str_has_word(value, " ,=:;\"'", levels);
	for (size_t i = 0; envs[i]; i++)
		if (name_is(name, n, envs[i]))
			return !strcmp(value, "development");
	return 0;
}

/*
 * A mapping or a KEY=VALUE list (a service's environment, a build's args): the
 * first entry `accepts` takes (the key, or the whole KEY=VALUE), or NULL.
 */
static const char *entry_find(const struct ydoc_node *m, int (*accepts)(const char *name, size_t n, const char *value))
{
	if (m && m->type == YDOC_MAPPING) {
		for (size_t i = 0; i < m->npairs; i++) {
			const char *k = ydoc_str(m->pairs[i].key);
			if (k && accepts(k, strlen(k), ydoc_str(m->pairs[i].value)))
				return k;
		}
	} else if (m && m->type == YDOC_SEQUENCE) {
		for (size_t i = 0; i < m->nitems; i++) {
			const char *e = ydoc_str(m->items[i]);
			const char *eq = e ? strchr(e, '=') : NULL;
			if (eq && accepts(e, (size_t)(eq - e), eq + 1))
				return e;
		}
	}
	return NULL;
}

/* The service's environment: the first entry debug_entry accepts, or NULL. */
static const char *debug_env(const struct ydoc_node *env)
{
	return entry_find(env, debug_entry);
}

/*
 * Beyond revision 4 (HOLDOUT10.md, postal's root docker-compose.yml, CI's
 * rspec stack): an environment variable that names the app's environment
 * (ENV, ENVIRONMENT, *_ENV, *_ENVIRONMENT: RAILS_ENVIRONMENT, NODE_ENV) set to
 * test or testing. The entry (the key, or KEY=VALUE), or NULL.
 */
static int test_entry(const char *name, size_t n, const char *value)
{
	if (!value || !(name_is(name, n, "ENV") || name_is(name, n, "ENVIRONMENT") || name_ends(name, n, "_ENV") ||
			name_ends(name, n, "_ENVIRONMENT")))
		return 0;
	return name_is(value, strlen(value), "test") || name_is(value, strlen(value), "testing");
}

static const char *test_env(const struct ydoc_node *env)
{
	return entry_find(env, test_entry);
}

/*
 * Beyond revision 4 (HOLDOUT11.md, ErsatzTV's docker/docker-compose.yml:
 * INFO_VERSION "docker-compose-develop"): a build arg whose value has the
 * word develop, development or dev builds a development image. The arg's
 * name, or NULL.
 */
static int dev_arg_entry(const char *name, size_t n, const char *value)
{
	static const char *const words[] = { "dev", "develop", "development", NULL };
	(void)name;
	(void)n;
	return value && !strchr(value, '$') && !strchr(value, '/') && str_has_word(value, "-_.: ", words);
}

static const char *dev_build_arg(const struct ydoc_node *args)
{
	return entry_find(args, dev_arg_entry);
}

/* A relative host path or build context as a folder: "./", "." and "" are the same; no trailing '/'. */
static char *folder_norm(const char *s, size_t n)
{
	char *t;
	while (n >= 2 && s[0] == '.' && s[1] == '/') {
		s += 2;
		n -= 2;
		while (n && *s == '/')
			s++, n--;
	}
	while (n && s[n - 1] == '/')
		n--;
	if (n == 1 && s[0] == '.')
		n = 0;
	t = xstrndup(s, n);
	return t;
}

/*
 * Beyond CHECKLIST.md revision 4 (tests/realworld/FIX-HOLDOUT3.md, shlink):
 * a service that builds the repository and bind-mounts that same build
 * context over the image (`build: .` with `./:/home/shlink/www`) runs the
 * checkout live, as a development setup does; a deployment runs what it
 * built. The volume as written, or NULL.
 */
/*
 * Beyond revision 4 (HOLDOUT14.md, wallabag's compose.yaml: `build: context:
 * docker/php` with `.:/var/www/html`): a service that builds an image and
 * bind-mounts, read-write, "." or a chain of ".." over it. role.c asks
 * whether that source is the repository's root from the file's folder. The
 * volume as written, with the number of folders up in *up, or NULL.
 */
static const char *root_like_mount(const struct ydoc_node *svc, int *up)
{
	const struct ydoc_node *vols = ydoc_get(svc, "volumes");
	if (!ydoc_get(svc, "build") || !vols || vols->type != YDOC_SEQUENCE)
		return NULL;
	for (size_t i = 0; i < vols->nitems; i++) {
		const char *v = ydoc_str(vols->items[i]), *colon, *mode;
		char *h;
		int n = 0, ok = 1;
		if (!v || !(colon = strchr(v, ':')) || v[0] != '.')
			continue;
		mode = strchr(colon + 1, ':');
		if (mode && !strncmp(mode + 1, "ro", 2) && (mode[3] == '\0' || mode[3] == ','))
			continue;
		h = folder_norm(v, (size_t)(colon - v));
		for (const char *p = h; *p && ok; ) {
			if (!strncmp(p, "..", 2) && (p[2] == '/' || !p[2])) {
				n++;
				p += p[2] ? 3 : 2;
			} else
				ok = 0;
		}
		free(h);
		if (ok) {
			*up = n;
			return v;
		}
	}
	return NULL;
}

static const char *context_mount(const struct ydoc_node *svc)
{
	const struct ydoc_node *b = ydoc_get(svc, "build"), *vols = ydoc_get(svc, "volumes");
	const char *ctx = ydoc_str(b) ? ydoc_str(b) : ydoc_str(ydoc_get(b, "context"));
	const char *hit = NULL;
	char *c;
	if (!ctx || strchr(ctx, '$') || strstr(ctx, "://") || ctx[0] == '/' || !vols || vols->type != YDOC_SEQUENCE)
		return NULL;
	c = folder_norm(ctx, strlen(ctx));
	/* the checkout itself (the file's folder or one above it), not a config folder built as an image */
	if (*c && strcmp(c, "..") != 0) {
		free(c);
		return NULL;
	}
	for (size_t i = 0; i < vols->nitems && !hit; i++) {
		const char *v = ydoc_str(vols->items[i]), *colon;
		const char *src = v ? NULL : ydoc_str(ydoc_get(vols->items[i], "source"));
		const char *type = v ? NULL : ydoc_str(ydoc_get(vols->items[i], "type"));
		size_t n;
		char *h;
		if (v && (colon = strchr(v, ':')) != NULL) {
			const char *mode = strchr(colon + 1, ':');
			/* mounted read-only, the checkout is data the deployment reads (CTFd's .:/opt/CTFd:ro) */
			if (mode && (!strncmp(mode + 1, "ro", 2) && (mode[3] == '\0' || mode[3] == ',')))
				continue;
			src = v;
			n = (size_t)(colon - v);
		} else if (src && type && !strcmp(type, "bind") && ydoc_bool(ydoc_get(vols->items[i], "read_only")) != 1) {
			n = strlen(src);
		} else
			continue;
		/* a relative host path (a named volume has no '.' or '/' start) */
		if (!n || (src[0] != '.'))
			continue;
		h = folder_norm(src, n);
		if (!strcmp(h, c))
			hit = v ? v : src;
		free(h);
	}
	free(c);
	return hit;
}

/* The relative host paths service `name` bind-mounts (short `SRC:DST[:MODE]` or long `type: bind`), into f->binds. */
static void bind_sources(struct role_facts *f, const char *name, const struct ydoc_node *svc)
{
	const struct ydoc_node *vols = ydoc_get(svc, "volumes");
	for (size_t i = 0; vols && vols->type == YDOC_SEQUENCE && i < vols->nitems && f->nbinds < ROLE_MAX_BINDS; i++) {
		const char *v = ydoc_str(vols->items[i]), *src = NULL, *colon;
		size_t n = 0;
		if (v && (colon = strchr(v, ':')) != NULL) {
			src = v;
			n = (size_t)(colon - v);
		} else if (!v && (src = ydoc_str(ydoc_get(vols->items[i], "source"))) != NULL &&
			   ydoc_str(ydoc_get(vols->items[i], "type")) &&
			   !strcmp(ydoc_str(ydoc_get(vols->items[i], "type")), "bind")) {
			n = strlen(src);
		}
		/* ${PWD}/x, $PWD/x: the folder Compose runs in, as ./x is (pgcat, HOLDOUT12.md) */
		if (src && n > 7 && !strncmp(src, "${PWD}/", 7)) {
			plist_add(&f->binds, &f->nbinds, xasprintf("%s\t./%.*s", name ? name : "?", (int)(n - 7), src + 7));
			continue;
		}
		if (src && n > 5 && !strncmp(src, "$PWD/", 5)) {
			plist_add(&f->binds, &f->nbinds, xasprintf("%s\t./%.*s", name ? name : "?", (int)(n - 5), src + 5));
			continue;
		}
		/* relative host paths only: a named volume has no '.' start, an absolute path is the host's */
		if (!src || !n || src[0] != '.' || memchr(src, '$', n))
			continue;
		plist_add(&f->binds, &f->nbinds, xasprintf("%s\t%.*s", name ? name : "?", (int)n, src));
	}
}

/*
 * Beyond revision 4 (HOLDOUT8.md, isso): one service builds a test image of
 * the repository's own — the Dockerfile or target it builds has a word test,
 * tests, testing, testbed or e2e ("isso-client" builds
 * docker/Dockerfile-js-testbed, the Jest and Puppeteer runner of isso's
 * integration stack) — so the stack exists to be tested. A pulled test image
 * beside a serving one is not enough (revision 4: "one service that serves").
 * What made it one, malloc'd, or NULL.
 */
static char *harness_service(const char *name, const struct ydoc_node *v)
{
	static const char *const words[] = { "test", "tests", "testing", "testbed", "e2e", NULL };
	const struct ydoc_node *b = ydoc_get(v, "build");
	const char *df = b ? ydoc_str(ydoc_get(b, "dockerfile")) : NULL, *tgt = b ? ydoc_str(ydoc_get(b, "target")) : NULL;
	if (df && !strchr(df, '$') && str_has_word(str_basename(df), ".-_", words))
		return xasprintf("%s (builds %s)", name, df);
	if (tgt && !strchr(tgt, '$') && str_has_word(tgt, ".-_", words))
		return xasprintf("%s (builds target %s)", name, tgt);
	return NULL;
}

void role_facts_compose(struct role_facts *f, const char *data, size_t len, const struct compose_doc *d)
{
	int backing = 1;
	size_t n = 0;
	const struct compose_service *sv;
	int all = 1;
	role_facts_init(f, KIND_COMPOSE);
	find_pragma(f, data, len, 1);
	first_paragraph(f, data, len);
	sv = d ? compose_services(d, &n) : NULL;
	for (size_t i = 0; i < n; i++) {
		const struct ydoc_node *v = sv[i].value;
		if (!(test_image(ydoc_str(ydoc_get(v, "image"))) || node_runs_tests(ydoc_get(v, "command")) ||
		      node_runs_tests(ydoc_get(v, "entrypoint"))))
			all = 0;
		if (ydoc_get(v, "build") || ydoc_get(v, "extends") || !backing_image(ydoc_str(ydoc_get(v, "image"))))
			backing = 0;
		if (!f->dev_image && dev_tag(ydoc_str(ydoc_get(v, "image"))))
			f->dev_image = xstrdup(ydoc_str(ydoc_get(v, "image")));
		if (!f->test_service && sv[i].name)
			f->test_service = harness_service(sv[i].name, v);
		/* HOLDOUT13.md, autobrr: a database for the tests beside the app (test_postgres): a developer's stack */
		if (!f->test_db && sv[i].name && backing_image(ydoc_str(ydoc_get(v, "image")))) {
			static const char *const words[] = { "test", "tests", "testing", NULL };
			if (str_has_word(sv[i].name, ".-_", words))
				f->test_db = xasprintf("%s (%s)", sv[i].name, ydoc_str(ydoc_get(v, "image")));
		}
		if (!f->emulator && sv[i].name && emulator_image(ydoc_str(ydoc_get(v, "image"))))
			f->emulator = xasprintf("%s (%s)", sv[i].name, ydoc_str(ydoc_get(v, "image")));
		if (ydoc_str(ydoc_get(v, "image")) && f->nimages < ROLE_MAX_BINDS)
			plist_add(&f->images, &f->nimages, xstrdup(ydoc_str(ydoc_get(v, "image"))));
		if (ydoc_get(v, "build") || ydoc_get(v, "extends"))
			f->builds = 1;
		if (!f->test_service && sv[i].name && test_env(ydoc_get(v, "environment")))
			f->test_service = xasprintf("%s (%s)", sv[i].name, test_env(ydoc_get(v, "environment")));
		bind_sources(f, sv[i].name, v);
		{
			const struct ydoc_node *b = ydoc_get(v, "build");
			const char *ctx = b ? (b->type == YDOC_SCALAR ? ydoc_str(b) : ydoc_str(ydoc_get(b, "context"))) : NULL;
			if (ctx && ctx[0] && ctx[0] != '/' && !strchr(ctx, '$') && !strstr(ctx, "://") &&
			    f->ncontexts < ROLE_MAX_BINDS)
				plist_add(&f->contexts, &f->ncontexts, xasprintf("%s\t%s", sv[i].name ? sv[i].name : "?", ctx));
		}
		if (!f->source_mount && context_mount(v))
			f->source_mount = xasprintf("%s (%s)", sv[i].name, context_mount(v));
		if (!f->checkout_mount) {
			int up = 0;
			const char *m = root_like_mount(v, &up);
			if (m) {
				f->checkout_mount = xasprintf("%s (%s)", sv[i].name ? sv[i].name : "?", m);
				f->checkout_up = up;
			}
		}

		if (!f->vs_tooling && ydoc_str(ydoc_get(v, "image")) &&
		    str_starts(ydoc_str(ydoc_get(v, "image")), "${DOCKER_REGISTRY-}"))
			f->vs_tooling = xasprintf("%s (%s)", sv[i].name ? sv[i].name : "?", ydoc_str(ydoc_get(v, "image")));
		if (!f->debug_build && ydoc_get(v, "build") && dev_build_arg(ydoc_get(ydoc_get(v, "build"), "args")))
			f->debug_build = xasprintf("%s (build arg %s)", sv[i].name ? sv[i].name : "?",
						   dev_build_arg(ydoc_get(ydoc_get(v, "build"), "args")));
		if (!f->debug_build && ydoc_get(v, "build")) {
			const char *e = debug_env(ydoc_get(v, "environment"));
			if (e) {
				const char *eq = strchr(e, '=');
				f->debug_build = xasprintf("%s (%.*s)", sv[i].name, (int)(eq ? (size_t)(eq - e) : strlen(e)), e);
			}
		}
	}
	f->test_cmd = n > 0 && all;
	f->backing_only = n > 0 && backing;
	/* HOLDOUT16.md, crater: Uffizzi's top-level key makes the file a pull request's preview environment */
	for (size_t i = 0; i + 10 <= len; i++)
		if ((i == 0 || data[i - 1] == '\n') && !strncmp(data + i, "x-uffizzi:", 10)) {
			f->preview = 1;
			break;
		}
}

/* Bytes of a README's opening read for what it says of the Compose file beside it. */
#define ROLE_README_OPENING 1024

/*
 * Beyond revision 4 (HOLDOUT9.md, otterwiki's docs/auth_examples/ folders): below
 * the root, the README in a Compose file's own folder is about that file,
 * and its opening (title and first paragraph, at most ROLE_README_OPENING
 * bytes) may say what it is for in the author's words ("# Example for
 * testing AUTH_METHOD=PROXY_HEADER"). The root README describes the project
 * and is not read. Sets f->readme_dev / f->readme_test to its path.
 */
/* Bytes of the root README's title line read, at most. */
#define ROLE_README_TITLE 512

/*
 * Beyond revision 4 (HOLDOUT15.md, spring-petclinic-microservices: "#
 * Distributed version of the Spring PetClinic Sample Application";
 * HOLDOUT14.md, eShopOnWeb: "# Microsoft eShopOnWeb ASP.NET Core Reference
 * Application"): a repository whose root README title calls it a sample,
 * demo or reference application runs its Compose files to show the app, not
 * to deploy it. Its Dockerfiles keep their role (a sample still publishes
 * images); a Compose file named for a deployment keeps its own. Sets
 * f->readme_sample to the title (malloc'd).
 */
static void readme_sample(struct role_facts *f, const struct fsview *fs, const char *compose_path)
{
	static const char *const NAMES[] = { "README.md", "README", "README.txt", "readme.md", "Readme.md", NULL };
	static const char *const PHRASES[] = { "sample application", "sample app", "reference application",
		"reference app", "demo application", "demo app", "example application", "example app", NULL };
	static const char *const RUN[] = { "deploy", "deployment", "prod", "production", "release", "install", NULL };
	if (str_has_word(compose_path, ".-_/", RUN))
		return;
	for (size_t k = 0; NAMES[k]; k++) {
		char *data = NULL, *t;
		size_t len = 0, i = 0, e, w = 0;
		if (fs_stat(fs, NAMES[k]) != FS_FILE || fs_read(fs, NAMES[k], &data, &len) != 0) {
			free(data);
			continue;
		}
		while (i < len && isspace((unsigned char)data[i]))
			i++;
		for (e = i; e < len && data[e] != '\n' && e - i < ROLE_README_TITLE; e++)
			;
		t = xstrndup(data + i, e - i);
		for (size_t r = 0; t[r]; r++)
			if (t[r] != '#' && t[r] != '*' && t[r] != '`' && t[r] != '\r')
				t[w++] = (char)tolower((unsigned char)(t[r] == '-' ? ' ' : t[r]));
		t[w] = '\0';
		for (size_t ph = 0; PHRASES[ph] && !f->readme_sample; ph++) {
			const char *hit = strstr(t, PHRASES[ph]);
			size_t pl = strlen(PHRASES[ph]);
			/* "sample app" not as the start of "sample apple", "demo application" not "demo applications" */
			if (hit && (hit == t || !isalnum((unsigned char)hit[-1])) && !isalnum((unsigned char)hit[pl]))
				f->readme_sample = xasprintf("%s (\"%.*s\")", NAMES[k], (int)(e - i > 120 ? 120 : e - i), data + i);
		}
		free(t);
		free(data);
		break;
	}
}

/*
 * Beyond revision 4 (HOLDOUT16.md, tensorzero's examples/babyai/README.md
 * "# Example: LLMs Learn to Navigate Mazes from Experience"): under an
 * examples folder, a README whose title starts with the word "example"
 * names a worked example to try, not an install one - unless the title says
 * deploy, production, install or self-host. `t` is the opening, lower case.
 */
static int example_title(const char *t, const char *compose_path)
{
	static const char *const DIRS[] = { "example", "examples", NULL };
	static const char *const RUN[] = { "deploy", "deployment", "deploying", "production", "install",
		"installation", "self", "selfhost", "selfhosted", "selfhosting", NULL };
	char *dir = str_dirname(compose_path), *title;
	const char *e;
	int hit;
	while (*t == ' ')
		t++;
	hit = !strncmp(t, "example", 7) && (t[7] == ':' || t[7] == ' ' || (t[7] == 's' && t[8] == ':'));
	hit = hit && str_has_word(dir, "/", DIRS);
	free(dir);
	if (!hit)
		return 0;
	/* the title: up to the two blanks that end its line (the opening joins lines with one) */
	e = strstr(t, "  ");
	title = e ? xstrndup(t, (size_t)(e - t)) : xstrdup(t);
	hit = !str_has_word(title, " :-,.()", RUN);
	free(title);
	return hit;
}

void role_readme_beside(struct role_facts *f, const struct fsview *fs, const char *compose_path)
{
	static const char *const NAMES[] = { "README.md", "README", "README.txt", "readme.md", "Readme.md", NULL };
	char *dir = str_dirname(compose_path);
	readme_sample(f, fs, compose_path);
	if (dir && *dir && strcmp(dir, ".")) {
		for (size_t k = 0; NAMES[k]; k++) {
			char *p = xasprintf("%s/%s", dir, NAMES[k]), *data = NULL;
			size_t len = 0, paras = 0, i = 0;
			struct buf b = BUF_INIT;
			if (fs_stat(fs, p) != FS_FILE || fs_read(fs, p, &data, &len) != 0) {
				free(data);
				free(p);
				continue;
			}
			/* the title and the first paragraph: up to the end of the second block of text */
			while (i < len && paras < 2 && b.len < ROLE_README_OPENING) {
				size_t e = i, q;
				int blank = 1;
				while (e < len && data[e] != '\n')
					e++;
				for (q = i; q < e; q++)
					if (!isspace((unsigned char)data[q]) && data[q] != '#')
						blank = 0;
				if (blank) {
					if (b.len && b.ptr[b.len - 1] != '\n')
						paras++;
					if (b.len)
						buf_putc(&b, '\n');
				} else {
					for (q = i; q < e; q++)
						if (data[q] == '-')
							buf_putc(&b, ' ');
						else if (data[q] != '*' && data[q] != '`' && data[q] != '#' && data[q] != '\r')
							buf_putc(&b, (char)tolower((unsigned char)data[q]));
					buf_putc(&b, ' ');
				}
				i = e + 1;
			}
			if (b.len) {
				char *t = b.ptr;
				for (size_t r = 0; t[r]; r++)
					if (t[r] == '\n' || t[r] == '\t')
						t[r] = ' ';
				if (has_phrase(t, DEV_PHRASES))
					f->readme_dev = xstrdup(p);
				else if (has_phrase(t, TEST_PHRASES))
					f->readme_test = xstrdup(p);
				else if (example_title(t, compose_path))
					f->readme_example = xstrdup(p);
			}
			buf_free(&b);
			free(data);
			free(p);
			break;
		}
	}
	free(dir);
}

/* Folders looked at for a program's source: the Compose file's own, and the one above it. */
#define ROLE_SOURCE_LEVELS 2

/* Files that say a folder holds a program's own source, not a deployment. */
static const char *const SOURCE_FILES[] = { "main.go", NULL };
static const char *const SOURCE_SUFFIXES[] = { ".gemspec", NULL };

/*
 * Beyond CHECKLIST.md revision 4 (tests/realworld/HOLDOUT.md, loki): a
 * Compose file in a program's source folder (cmd/logql-analyzer/ beside
 * main.go), or in a folder of it (clients/cmd/fluentd/docker/ under the
 * gem's fluent-plugin-grafana-loki.gemspec), starts that program to try it
 * out; a deployment lives apart from the code. The repository root is never
 * such a folder (an app's root compose is its deployment).
 */
char *role_beside_source(const struct fsview *fs, const char *compose_path)
{
	char *dir = str_dirname(compose_path), *hit = NULL;
	for (int up = 0; up < ROLE_SOURCE_LEVELS && !hit && dir && *dir && strcmp(dir, "."); up++) {
		char **names = NULL;
		size_t n = 0;
		for (size_t i = 0; SOURCE_FILES[i] && !hit; i++) {
			char *p = xasprintf("%s/%s", dir, SOURCE_FILES[i]);
			if (fs_stat(fs, p) == FS_FILE)
				hit = p;
			else
				free(p);
		}
		if (!hit && fs_list(fs, dir, &names, &n) == 0) {
			for (size_t i = 0; i < n && !hit; i++)
				for (size_t k = 0; SOURCE_SUFFIXES[k] && !hit; k++)
					if (str_ends(names[i], SOURCE_SUFFIXES[k]))
						hit = xasprintf("%s/%s", dir, names[i]);
		}
		fs_names_free(names, n);
		if (!hit) {
			char *up_dir = str_dirname(dir);
			free(dir);
			dir = up_dir;
		}
	}
	free(dir);
	return hit;
}
