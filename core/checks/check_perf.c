/* check_perf - the Performance items of CHECKLIST.md. */
#include "dfa.h"

#include <stdlib.h>
#include <string.h>

#include "dfcheck.h"
#include "ignore.h"
#include "util.h"

static void add_cmd(struct audit *au, int item, enum sev sev, const char *rule, const struct dfa_cmd *dc,
		    enum fixkind fix, const char *fmt, const char *label)
{
	size_t s, e;
	char *own = label ? NULL : dfa_cmd_text(dc);
	dfa_cmd_span(dc, &s, &e);
	audit_add(au, item, sev, rule, s, e, fix, fmt, label ? label : own);
	free(own);
}

/* ---- perf.multi-stage ---- */

/* Terms: a compiler is a toolchain package other than the -dev/-devel headers and libraries. */
static int compiler_pkg(const char *name)
{
	size_t n = strlen(name);
	return !((n > 4 && !strcmp(name + n - 4, "-dev")) || (n > 6 && !strcmp(name + n - 6, "-devel")));
}

/* A compiler is present at command `cmd` of run `run`: installed earlier in this RUN, staying from an earlier RUN of the chain, or the image's own. */
static int compiler_present(const struct dfa *a, size_t run, size_t cmd, int before)
{
	const struct dfa_run *r = &a->runs[run];
	if (before)
		return 1;
	for (size_t k = r->pkg_first; k < r->pkg_first + r->npkg; k++)
		if (a->pkgs[k].cmd < cmd && compiler_pkg(a->pkgs[k].name))
			return 1;
	return a->final_image && dfa_toolchain_image(a->final_image, 0);
}

static int toolchain_stays(const struct dfa *a)
{
	for (size_t k = 0; k < a->npkgs; k++) {
		int st = a->runs[a->pkgs[k].run].stage;
		if (a->pkgs[k].stays && st >= 0 && a->in_chain[st])
			return 1;
	}
	return 0;
}

/*
 * The toolchain RUN ri builds with stays. BEYOND REVISION 4 (HOLDOUT5 pattern
 * 4, kanidm rlm_python): a RUN that installs toolchain packages and removes
 * every one of them afterwards (`install gcc && pip install … && remove gcc`)
 * built with a toolchain that does not stay, whatever `-dev` package another
 * RUN leaves (size.no-build-tools' business): only a compiler staying from an
 * earlier RUN of the chain (`before`), or a toolchain image, keeps it there.
 */
static int run_toolchain_stays(const struct dfa *a, size_t ri, int stays, int before, int js)
{
	const struct dfa_run *r = &a->runs[ri];
	int cleans = r->npkg > 0;
	if (a->final_image && dfa_toolchain_image(a->final_image, js))
		return 1;
	for (size_t k = r->pkg_first; k < r->pkg_first + r->npkg && cleans; k++)
		cleans = !a->pkgs[k].stays;
	return cleans ? before : stays;
}

/* The installs that build native extensions in the final image: the one reported, and how many. */
struct native_pick {
	const struct dfa_cmd *first, *project;
	int n;
};

/*
 * Reports a compile step of run ri (one finding per RUN: `make && make
 * install` is one build), or records its first install that builds with a
 * compiler present in `pick`.
 */
static void multi_stage_run(struct audit *au, const struct dfa *a, size_t ri, int stays, int before,
			    struct native_pick *pick)
{
	const struct dfa_run *r = &a->runs[ri];
	const struct dfa_cmd *native = NULL;
	for (size_t ci = 0; ci < r->ncmds; ci++) {
		const struct dfa_cmd *dc = &r->cmds[ci];
		if (!dc->compile && !(dc->install && dc->inst.lang_install &&
				      !dc->inst.installers_only && compiler_present(a, ri, ci, before)))
			continue;
		if (!run_toolchain_stays(a, ri, stays, before, dc->js))
			continue;
		if (dc->compile) {
			add_cmd(au, ITEM_PERF_MULTI_STAGE, SEV_WARNING, "build-in-final", dc, FIX_NONE,
				"`%s` builds in the final image and the toolchain stays there; build in a separate stage and COPY --from only the result",
				NULL);
			return;
		}
		if (!native)
			native = dc;
	}
	if (!native)
		return;
	pick->n++;
	if (!pick->first)
		pick->first = native;
	if (!pick->project && native->inst.project)
		pick->project = native;
}

/*
 * BEYOND REVISION 4 (HOLDOUT5 pattern 4, paperless-ai): the installs that
 * build with a compiler present are one finding per final chain, on the first
 * project dependency install (where native extensions come from), else on the
 * first install: a global `npm install -g pm2` before it compiles nothing, and
 * berth cannot tell which package builds.
 */
static void multi_stage_native(struct audit *au, const struct native_pick *pick)
{
	const struct dfa_cmd *dc = pick->project ? pick->project : pick->first;
	char *label;
	size_t s, e;
	if (!dc)
		return;
	label = dfa_cmd_text(dc);
	dfa_cmd_span(dc, &s, &e);
	if (pick->n > 1)
		audit_add(au, ITEM_PERF_MULTI_STAGE, SEV_WARNING, "native-build-in-final", s, e, FIX_NONE,
			  "`%s` installs packages with a compiler present in the final image and the toolchain stays (%d installs of the final chain do); install in a builder stage and copy the result",
			  label, pick->n);
	else
		audit_add(au, ITEM_PERF_MULTI_STAGE, SEV_WARNING, "native-build-in-final", s, e, FIX_NONE,
			  "`%s` installs packages with a compiler present in the final image and the toolchain stays; install in a builder stage and copy the result",
			  label);
	free(label);
}

static void check_multi_stage(struct audit *au, const struct dfa *a)
{
	int any = a->npkgs > 0, stays, before = 0;
	struct native_pick pick = { NULL, NULL, 0 };
	for (size_t r = 0; r < a->nruns && !any; r++)
		for (size_t c = 0; c < a->runs[r].ncmds && !any; c++)
			any = a->runs[r].cmds[c].compile;
	if (!any)
		return;
	audit_applies(au, ITEM_PERF_MULTI_STAGE);
	stays = toolchain_stays(a);
	for (size_t i = 0; i < a->nchain_instrs; i++) {
		int ri = a->run_of[a->chain_instrs[i]];
		if (ri < 0)
			continue;
		multi_stage_run(au, a, (size_t)ri, stays, before, &pick);
		for (size_t k = 0; k < a->runs[ri].npkg; k++)
			before |= a->pkgs[a->runs[ri].pkg_first + k].stays &&
				  compiler_pkg(a->pkgs[a->runs[ri].pkg_first + k].name);
	}
	multi_stage_native(au, &pick);
}

/* ---- perf.cache-mounts ---- */

/* 1 when the command is `pnpm fetch` (options before the subcommand allowed). */
static int pnpm_fetch(const struct sh_cmd *c)
{
	const char *n = sh_cmd_name(c);
	if (!n || strcmp(n, "pnpm") != 0)
		return 0;
	for (size_t i = 0; i < sh_cmd_nargs(c); i++)
		if (dfa_arg(c, i)[0] != '-')
			return !strcmp(dfa_arg(c, i), "fetch");
	return 0;
}

/*
 * pnpm's documented Docker idiom (beyond CHECKLIST.md revision 4, holdout
 * hoppscotch prod.Dockerfile): `COPY pnpm-lock.yaml`, `RUN pnpm fetch`, then
 * `COPY . .` and `pnpm install --offline` (or --prefer-offline). The store is
 * filled in a layer keyed on the lockfile alone; the install after the whole
 * context downloads nothing. 1 when command `ci` of run `r` is such an
 * install: a pnpm install with one of those flags after a `pnpm fetch` of the
 * same stage or a stage it is built FROM.
 */
static int pnpm_offline_after_fetch(const struct dfa *a, const struct dfa_run *r, size_t ci)
{
	const struct sh_cmd *c = r->cmds[ci].c;
	const char *n = sh_cmd_name(c);
	if (!n || strcmp(n, "pnpm") != 0 || !r->cmds[ci].install ||
	    !(sh_cmd_has_opt(c, "--offline") || sh_cmd_has_opt(c, "--prefer-offline")))
		return 0;
	for (size_t q = 0; q < a->nruns; q++) {
		const struct dfa_run *e = &a->runs[q];
		int s = r->stage;
		if (e->instr > r->instr)
			continue;
		while (s >= 0 && s != e->stage)
			s = a->df->stages[s].parent;      /* a parent is always an earlier stage: this ends */
		if (s < 0)
			continue;
		for (size_t k = 0; k < e->ncmds && (e != r || k < ci); k++)
			if (pnpm_fetch(e->cmds[k].c))
				return 1;
	}
	return 0;
}

/*
 * 1 when pip install `ci` of run `r` downloads nothing (beyond CHECKLIST.md
 * revision 4, holdout 2 wger production/demo Dockerfiles): its own sources
 * are local (wheel files, --no-index, --find-links to a folder), or an
 * earlier pip install of the same RUN installed local wheels, the
 * dependencies a builder stage prebuilt (`pip install /wheels/<star> && pip
 * install .`): the project install then finds them satisfied.
 */
static int pip_prebuilt(const struct dfa_run *r, size_t ci)
{
	if (r->cmds[ci].inst.lang != DFA_LANG_PIP || !r->cmds[ci].install)
		return 0;
	if (r->cmds[ci].inst.local_only)
		return 1;
	for (size_t k = 0; k < ci; k++)
		if (r->cmds[k].install && r->cmds[k].inst.lang == DFA_LANG_PIP && r->cmds[k].inst.local_only)
			return 1;
	return 0;
}

/*
 * Beyond revision 4 (HOLDOUT9.md, otterwiki): `pip install .` installs the
 * project itself after an earlier RUN of the same stage (or one it is built
 * FROM) installed the dependencies with pip under a cache mount: little is
 * downloaded again. Every package argument of command `ci` is a local path
 * (`.`, `./x`, `/src`), and it reads no requirements file. The earlier RUN's
 * line, or 0.
 */
static int pip_local_after_cached_deps(const struct dfa *a, const struct dfa_run *r, size_t ci)
{
	const struct sh_cmd *c = r->cmds[ci].c;
	size_t local = 0;
	int sub = 0;
	if (r->cmds[ci].inst.lang != DFA_LANG_PIP || r->cmds[ci].inst.req)
		return 0;
	for (size_t i = 0; i < sh_cmd_nargs(c); i++) {
		const char *w = dfa_arg(c, i);
		if (!sub) {
			sub = !strcmp(w, "install");
			continue;
		}
		if (w[0] == '-') {
			if (!strcmp(w, "-e") || !strcmp(w, "--editable"))
				continue;
			if (strchr(w, '='))
				continue;
			return 0;       /* an option with a value berth does not read: not sure */
		}
		if (w[0] != '.' && w[0] != '/')
			return 0;
		local++;
	}
	if (!local)
		return 0;
	for (size_t q = 0; q < a->nruns; q++) {
		const struct dfa_run *e = &a->runs[q];
		int s = r->stage;
		if (e->instr >= r->instr || !dfa_run_cache_mount(&a->df->instrs[e->instr], NULL))
			continue;
		while (s >= 0 && s != e->stage)
			s = a->df->stages[s].parent;      /* a parent is always an earlier stage: this ends */
		if (s < 0)
			continue;
		for (size_t k = 0; k < e->ncmds; k++)
			if (e->cmds[k].install && e->cmds[k].inst.lang == DFA_LANG_PIP && e->cmds[k].inst.req)
				return a->df->instrs[e->instr].line;
	}
	return 0;
}

static void cache_mounts_run(struct audit *au, const struct dfa *a, const struct dfa_run *r)
{
	const struct df_instr *in = &a->df->instrs[r->instr];
	int mount = dfa_run_cache_mount(in, NULL), os_noted = 0, line;
	for (size_t ci = 0; ci < r->ncmds; ci++) {
		const struct sh_cmd *c = r->cmds[ci].c;
		const struct dfa_install inst = r->cmds[ci].inst;
		if (r->cmds[ci].install && inst.lang_install) {
			if (inst.lang == DFA_LANG_PIP && sh_cmd_has_opt(c, "--no-cache-dir") &&
			    dfa_run_cache_mount_has(in, "pip"))
				add_cmd(au, ITEM_PERF_CACHE_MOUNTS, SEV_INFO, "cache-mount-wasted", &r->cmds[ci], FIX_AUTO,
					"`%s` has --no-cache-dir beside a pip cache mount: the mount is wasted; drop --no-cache-dir", inst.tool);
			if (mount)
				continue;
			if (pnpm_offline_after_fetch(a, r, ci))
				add_cmd(au, ITEM_PERF_CACHE_MOUNTS, SEV_INFO, "prefetched-store", &r->cmds[ci], FIX_NONE,
					"`%s` installs offline from the store an earlier `pnpm fetch` filled in a layer keyed on the lockfile: nothing is downloaded again; a cache mount would also keep the store across lockfile changes",
					inst.tool);
			else if (pip_prebuilt(r, ci))
				add_cmd(au, ITEM_PERF_CACHE_MOUNTS, SEV_INFO, "local-wheels", &r->cmds[ci], FIX_NONE,
					"`%s` installs from local wheels (or after them in this RUN): nothing is downloaded again, a cache mount would not help",
					inst.tool);
			else if ((line = pip_local_after_cached_deps(a, r, ci)) > 0) {
				char *fmt = xasprintf("`%%s` installs the project from its folder; the RUN on line %d installed its requirements under a cache mount, so little is downloaded again (a cache mount here would catch the rest)",
						      line);
				add_cmd(au, ITEM_PERF_CACHE_MOUNTS, SEV_INFO, "deps-cached-before", &r->cmds[ci], FIX_AUTO,
					fmt, inst.tool);
				free(fmt);
			}
			else if (inst.project)
				add_cmd(au, ITEM_PERF_CACHE_MOUNTS, SEV_WARNING, "no-cache-mount", &r->cmds[ci], FIX_AUTO,
					"`%s` downloads every dependency again on each build; add --mount=type=cache to the RUN", inst.tool);
			else
				add_cmd(au, ITEM_PERF_CACHE_MOUNTS, SEV_INFO, "no-cache-mount-named", &r->cmds[ci], FIX_AUTO,
					"`%s` could reuse downloads with --mount=type=cache on the RUN", inst.tool);
		} else if (!mount && !os_noted && (r->cmds[ci].apt_install || r->cmds[ci].os_pm == DFA_PM_APK)) {
			os_noted = 1;
			add_cmd(au, ITEM_PERF_CACHE_MOUNTS, SEV_INFO, "os-no-cache-mount", &r->cmds[ci], FIX_AUTO,
				"`%s` could keep its package downloads in a --mount=type=cache", r->cmds[ci].name);
		}
	}
}

static void check_cache_mounts(struct audit *au, const struct dfa *a)
{
	int any = 0;
	for (size_t r = 0; r < a->nruns && !any; r++)
		for (size_t c = 0; c < a->runs[r].ncmds && !any; c++)
			any = a->runs[r].cmds[c].install && a->runs[r].cmds[c].inst.lang_install;
	if (!any)
		return;
	audit_applies(au, ITEM_PERF_CACHE_MOUNTS);
	for (size_t r = 0; r < a->nruns; r++)
		cache_mounts_run(au, a, &a->runs[r]);
}

/* ---- perf.layer-order ---- */

/* The manifest a project dependency install reads, relative to the context. */
static const char *manifest_of(const struct dfa_install *inst, const char *alt[2])
{
	const char *t = inst->tool;
	alt[0] = alt[1] = NULL;
	if (inst->lang == DFA_LANG_PIP) {
		if (inst->req) {
			const char *r = inst->req->text;
			if (str_starts(r, "--requirement="))
				r += 14;
			else if (str_starts(r, "-r"))
				r += 2;
			return str_starts(r, "./") ? r + 2 : r;
		}
		alt[0] = "setup.py";
		return "pyproject.toml";
	}
	if (inst->lang != DFA_LANG_OTHER)
		return "package.json";
	if (str_starts(t, "go "))
		return "go.mod";
	if (str_starts(t, "bundle"))
		return "Gemfile";
	if (str_starts(t, "composer"))
		return "composer.json";
	if (str_starts(t, "cargo"))
		return "Cargo.toml";
	return "pyproject.toml";
}

static enum fixkind layer_fix(const struct dfa *a, const struct dfa_install *inst)
{
	const char *alt[2], *m = manifest_of(inst, alt);
	char *ctx = dfa_context(a, 0);
	enum fixkind fix = FIX_NONE;
	const char *names[3] = { m, alt[0], alt[1] };
	for (size_t i = 0; i < 3 && fix == FIX_NONE; i++) {
		char *p = names[i] && !strchr(names[i], '$') ? path_join_norm(ctx, names[i]) : NULL;
		if (p && fs_stat(a->fs, p) == FS_FILE)
			fix = FIX_AUTO;
		free(p);
	}
	free(ctx);
	return fix;
}

static int project_install(const struct dfa_run *r, struct dfa_install *inst, size_t *ci)
{
	for (*ci = 0; *ci < r->ncmds; (*ci)++) {
		*inst = r->cmds[*ci].inst;
		if (r->cmds[*ci].install && inst->project)
			return 1;
	}
	return 0;
}

static void layer_order_stage(struct audit *au, const struct dfa *a, const struct df_stage *st)
{
	const struct df_file *df = a->df;
	int seen = 0, pending = -1;
	for (size_t i = st->first; i < st->first + st->count && i < df->ninstrs; i++) {
		struct dfa_install inst;
		size_t ci;
		int ri = a->run_of[i];
		if (dfa_whole_context_copy(&df->instrs[i]) && !seen && pending < 0)
			pending = (int)i;
		if (ri < 0 || !project_install(&a->runs[ri], &inst, &ci))
			continue;
		seen = 1;
		if (pending >= 0 && pnpm_offline_after_fetch(a, &a->runs[ri], ci)) {
			size_t s, e;
			dfa_cmd_span(&a->runs[ri].cmds[ci], &s, &e);
			audit_add(au, ITEM_PERF_LAYER_ORDER, SEV_INFO, "deps-after-copy", s, e, FIX_NONE,
				  "`%s` runs after the whole context was copied (line %d), but offline from the store `pnpm fetch` filled from the lockfile alone: a code change relinks node_modules and downloads nothing",
				  inst.tool, df->instrs[pending].line);
		} else if (pending >= 0 && pip_prebuilt(&a->runs[ri], ci)) {
			size_t s, e;
			dfa_cmd_span(&a->runs[ri].cmds[ci], &s, &e);
			audit_add(au, ITEM_PERF_LAYER_ORDER, SEV_INFO, "deps-after-copy", s, e, FIX_NONE,
				  "`%s` runs after the whole context was copied (line %d), but its dependencies come from local wheels: a code change reinstalls them from disk and downloads nothing",
				  inst.tool, df->instrs[pending].line);
		} else if (pending >= 0) {
			size_t s, e;
			dfa_cmd_span(&a->runs[ri].cmds[ci], &s, &e);
			audit_add(au, ITEM_PERF_LAYER_ORDER, SEV_WARNING, "deps-after-copy", s, e, layer_fix(a, &inst),
				  "`%s` runs after the whole context was copied (line %d): every code change reinstalls the dependencies; copy the manifest and install before `COPY . .`",
				  inst.tool, df->instrs[pending].line);
		}
	}
}

static void check_layer_order(struct audit *au, const struct dfa *a)
{
	int any = 0;
	for (size_t r = 0; r < a->nruns && !any; r++) {
		struct dfa_install inst;
		size_t ci;
		any = project_install(&a->runs[r], &inst, &ci);
	}
	if (!any)
		return;
	audit_applies(au, ITEM_PERF_LAYER_ORDER);
	for (size_t s = 0; s < a->df->nstages; s++)
		layer_order_stage(au, a, &a->df->stages[s]);
}

/* ---- perf.single-apt-layer ---- */

/*
 * new_source: the RUN adds an apt source before its update (a list written
 * into /etc/apt/sources.list*, add-apt-repository), so that update reads a
 * source no earlier one could: it is no repeat (beyond revision 4,
 * tests/realworld/HOLDOUT3.md: linkding's nodesource RUN).
 */
struct apt_facts { int update, install, lists, new_source; size_t update_cmd; };

#define APT_SOURCES "/etc/apt/sources.list"

/* Does the command write or name an apt source list, or add a repository? */
static int adds_apt_source(const struct dfa_cmd *dc)
{
	if (dc->name && !strcmp(dc->name, "add-apt-repository"))
		return 1;
	for (size_t i = 0; i < sh_cmd_nargs(dc->c); i++) {
		const struct sh_word *w = sh_cmd_arg(dc->c, i);
		if (w && w->text && strstr(w->text, APT_SOURCES))
			return 1;
	}
	return 0;
}

/* The update's script before it names an apt source list (a redirection `> /etc/apt/sources.list.d/x`). */
static int source_written_before(const struct dfa_cmd *upd)
{
	const struct dfa_script *s = upd->s;
	size_t end = upd->c->start, n = strlen(APT_SOURCES);
	if (!s || !s->text || end > s->len)
		return 0;
	for (size_t i = 0; i + n <= end; i++)
		if (!memcmp(s->text + i, APT_SOURCES, n))
			return 1;
	return 0;
}

static struct apt_facts apt_facts(const struct audit *au, const struct dfa *a, const struct dfa_run *r)
{
	struct apt_facts f = { 0, 0, 0, 0, 0 };
	for (size_t ci = 0; ci < r->ncmds; ci++) {
		const struct dfa_cmd *dc = &r->cmds[ci];
		/* an update in a branch the default build skips runs nothing (audit_skipped_branch) */
		if (dc->apt_update && !f.update && !audit_skipped_branch(au, a, r, ci)) {
			f.update = 1;
			f.update_cmd = ci;
			f.new_source |= source_written_before(dc);
		}
		if (!f.update && adds_apt_source(dc))
			f.new_source = 1;
		/* an upgrade or Playwright's --with-deps reads the fresh index as an install does */
		f.install |= dc->apt_install || dc->apt_uses_index;
		f.lists |= dc->removes_lists;
	}
	return f;
}

static void single_apt_stage(struct audit *au, const struct dfa *a, const struct df_stage *st)
{
	size_t nupd = 0, all_clean = 1;
	for (int pass = 0; pass < 2; pass++) {
		size_t seen = 0;
		for (size_t i = st->first; i < st->first + st->count && i < a->df->ninstrs; i++) {
			int ri = a->run_of[i];
			struct apt_facts f;
			if (ri < 0 || !(f = apt_facts(au, a, &a->runs[ri])).update)
				continue;
			if (pass == 0) {
				nupd++;
				all_clean &= f.install && f.lists;
				if (!f.install)
					add_cmd(au, ITEM_PERF_SINGLE_APT_LAYER, SEV_WARNING, "update-without-install",
						&a->runs[ri].cmds[f.update_cmd], FIX_AUTO,
						"`%s` runs without an install in the same RUN: the cached index goes stale; run update && install in one RUN", NULL);
			} else if (seen++ > 0 && !f.new_source) {
				add_cmd(au, ITEM_PERF_SINGLE_APT_LAYER, all_clean ? SEV_INFO : SEV_WARNING,
					all_clean ? "could-merge-apt" : "repeated-apt-update", &a->runs[ri].cmds[f.update_cmd], FIX_AUTO,
					all_clean ? "`%s` again in this stage: the RUNs could be one apt layer" :
					"`%s` again in this stage: merge the apt-get RUNs into one update && install && rm -rf /var/lib/apt/lists/*",
					NULL);
			}
		}
		if (nupd < 2)
			break;
	}
}

static void check_single_apt(struct audit *au, const struct dfa *a)
{
	int any = 0;
	for (size_t r = 0; r < a->nruns && !any; r++)
		for (size_t c = 0; c < a->runs[r].ncmds && !any; c++)
			any = a->runs[r].cmds[c].is_apt;
	if (!any)
		return;
	audit_applies(au, ITEM_PERF_SINGLE_APT_LAYER);
	for (size_t s = 0; s < a->df->nstages; s++)
		single_apt_stage(au, a, &a->df->stages[s]);
}

/* ---- perf.dockerignore ---- */

static void ignore_missing(struct audit *au, const struct dfa *a, const char *ctx)
{
	size_t s, e;
	/* a build that reads .git (gitleaks' `git describe` after COPY . .) keeps it: the message must not call it junk */
	int reads_git = dfa_build_reads_git(a, ctx);
	dfa_missing_span(a, &s, &e);
	audit_add(au, ITEM_PERF_DOCKERIGNORE, SEV_WARNING, "no-dockerignore", s, e, FIX_AUTO,
		  "the build context %s%s%s has no .dockerignore: %s reach the builder; add one%s",
		  *ctx ? "`" : "", *ctx ? ctx : "(the repository root)", *ctx ? "`" : "",
		  reads_git ? ".env and other junk" : ".env, .git and other junk",
		  reads_git ? " (keep .git: the build reads it)" : "");
}

/* a then b, malloc'd (what xasprintf("%s%s") gives, without formatting). */
static char *concat(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *r = xmalloc(na + nb + 1);
	memcpy(r, a, na);
	memcpy(r + na, b, nb + 1);
	return r;
}

/* Messages check_dockerignore_across reads back (the ignore file comes first). */
#define GIT_READ_FMT "%s does not exclude .git, which this build reads (it runs git, or make, mage or cargo whose build file calls git): keep it"
#define GIT_READ_TAIL " does not exclude .git, which this build reads"
#define ENV_FMT "%s does not exclude .env: local secrets can end up in the image; add `.env` to it"
#define GIT_ENV_TAIL " excludes neither .git nor .env"
#define GIT_TAIL " does not exclude .git:"

/*
 * CHECKLIST.md, perf.dockerignore: a context that is not the repository's
 * root fails only when it holds, on disk, something to keep out that the
 * patterns do not exclude - a `.env` or `.env.*` (not an example, sample or
 * template), `node_modules`, `.venv`/`venv`, `__pycache__` - else the
 * finding is info ("nothing to exclude today"). Only the context's own
 * entries are looked at (remark42's Hugo site: none).
 */
static int context_holds_junk(const struct dfa *a, const struct dockerignore *d, const char *ctx)
{
	static const char *const junk[] = { ".env", "node_modules", ".venv", "venv", "__pycache__", NULL };
	static const char *const tame[] = { ".example", ".sample", ".template", ".dist", NULL };
	char **names = NULL;
	size_t n = 0;
	int hit = 0;
	if (fs_list(a->fs, ctx, &names, &n) != 0)
		return 1;       /* cannot look: judged as written */
	for (size_t i = 0; i < n && !hit; i++) {
		const char *nm = names[i];
		int is = 0;
		for (size_t k = 0; junk[k] && !is; k++)
			is = !strcmp(nm, junk[k]);
		if (!is && str_starts(nm, ".env.")) {
			is = 1;
			for (size_t k = 0; tame[k] && is; k++)
				is = !str_ends(nm, tame[k]);
		}
		if (!is)
			continue;
		hit = !dockerignore_excludes(d, nm);
	}
	fs_names_free(names, n);
	return hit;
}

/*
 * CHECKLIST.md, perf.dockerignore: `.env` need not be excluded when the
 * context's `.env` is tracked by git (public already) or a COPY/ADD of the
 * context reads it by name (the build needs it).
 */
static int env_wanted(const struct dfa *a, const char *ctx)
{
	char *p = *ctx ? concat(ctx, "/.env") : xstrdup(".env");
	int tracked = fs_tracked(a->fs, p);
	free(p);
	if (tracked)
		return 1;
	for (size_t i = 0; i < a->df->ninstrs; i++) {
		const struct df_instr *in = &a->df->instrs[i];
		const char *src[DFA_MAX_SOURCES];
		struct df_span spans[DFA_MAX_SOURCES];
		size_t n;
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || df_flag_get(in, "from"))
			continue;
		n = dfa_copy_sources(in, src, spans, DFA_MAX_SOURCES);
		for (size_t k = 0; k < n; k++)
			if (src[k] && (!strcmp(src[k], ".env") || !strcmp(src[k], "./.env") || str_ends(src[k], "/.env")))
				return 1;
	}
	return 0;
}

static void ignore_context(struct audit *au, const struct dfa *a, const char *ctx)
{
	char *own = concat(a->path, ".dockerignore"), *file = own, *data = NULL;
	size_t len = 0, s, e;
	struct dockerignore *d;
	int env, git;
	/* the Dockerfile's own ignore file wins when it can be read; no stat first */
	if (fs_read(a->fs, own, &data, &len) != 0) {
		free(own);
		data = NULL;
		file = *ctx ? concat(ctx, "/.dockerignore") : xstrdup(".dockerignore");
		if (fs_read(a->fs, file, &data, &len) != 0) {
			ignore_missing(au, a, ctx);
			free(file);
			return;
		}
	}
	d = dockerignore_parse(data, len);
	dfa_missing_span(a, &s, &e);
	env = !dockerignore_excludes(d, ".env") && !env_wanted(a, ctx);
	/*
	 * BEYOND REVISION 4 (HOLDOUT3 pattern 3, HOLDOUT5 pattern 7: miniflux,
	 * vikunja, netbird): a build that reads .git (`git describe` after
	 * `COPY . .`, a Makefile or magefile calling git) would lose what it
	 * stamps without it: .git is not asked for (the fix adds none either).
	 */
	git = !*ctx && !dockerignore_excludes(d, ".git");
	if (git && dfa_build_reads_git(a, ctx)) {
		/* said so, for check_dockerignore_across: a Dockerfile sharing the file must not ask for .git */
		audit_add(au, ITEM_PERF_DOCKERIGNORE, SEV_INFO, "git-read", s, e, FIX_NONE, GIT_READ_FMT, file);
		git = 0;
	}
	/* both missing is one problem of one file, at one line: one finding (one fix adds both) */
	if (git && env)
		audit_add(au, ITEM_PERF_DOCKERIGNORE, SEV_WARNING, "git-not-ignored", s, e, FIX_AUTO,
			  "%s excludes neither .git nor .env: the whole history and local secrets are sent to the builder; "
			  "add `.git` and `.env` to it", file);
	else if (env && *ctx && !context_holds_junk(a, d, ctx))
		audit_add(au, ITEM_PERF_DOCKERIGNORE, SEV_INFO, "env-not-ignored", s, e, FIX_AUTO,
			  ENV_FMT " (nothing to exclude today: the context `%s` holds no .env, node_modules or virtualenv)",
			  file, ctx);
	else if (env)
		audit_add(au, ITEM_PERF_DOCKERIGNORE, SEV_WARNING, "env-not-ignored", s, e, FIX_AUTO, ENV_FMT, file);
	else if (git)
		audit_add(au, ITEM_PERF_DOCKERIGNORE, SEV_WARNING, "git-not-ignored", s, e, FIX_AUTO,
			  "%s does not exclude .git: the whole history is sent to the builder; add `.git` to it", file);
	dockerignore_free(d);
	free(data);
	free(file);
}

void check_dockerignore(struct audit *au, const struct dfa *a)
{
	int any = 0;
	for (size_t i = 0; i < a->df->ninstrs && !any; i++)
		any = a->df->instrs[i].stage >= 0 && dfa_whole_context_copy(&a->df->instrs[i]);
	if (!any)
		return;
	audit_applies(au, ITEM_PERF_DOCKERIGNORE);
	for (size_t k = 0; k < (a->ncontexts ? a->ncontexts : 1); k++) {
		char *ctx = dfa_context(a, k);
		ignore_context(au, a, ctx);
		free(ctx);
	}
}

/* The ignore file a perf.dockerignore message about it starts with, when it is followed by `tail`; malloc'd or NULL. */
static char *ignore_file_of(const char *msg, const char *tail)
{
	const char *p = strstr(msg, tail);
	return p && p > msg ? xstrndup(msg, (size_t)(p - msg)) : NULL;
}

/* 1 + the index of a file of res[0..n) whose build reads .git through ignore file `file` (its git-read finding), or 0. */
static int read_through(struct file_result **res, size_t n, const char *file)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < res[i]->nfindings; k++) {
			const struct finding *f = &res[i]->findings[k];
			char *g;
			int same;
			if (f->item != ITEM_PERF_DOCKERIGNORE || strcmp(f->rule, "git-read") != 0 ||
			    !(g = ignore_file_of(f->message, GIT_READ_TAIL)))
				continue;
			same = !strcmp(g, file);
			free(g);
			if (same)
				return (int)i + 1;
		}
	return 0;
}

void check_dockerignore_across(struct file_result **res, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int changed = 0;
		for (size_t k = 0; k < res[i]->nfindings; k++) {
			struct finding *f = &res[i]->findings[k];
			char *file, *m;
			int both, by;
			if (f->item != ITEM_PERF_DOCKERIGNORE || strcmp(f->rule, "git-not-ignored") != 0 ||
			    f->sev < SEV_WARNING || f->sev == SEV_NEVER)
				continue;
			both = (file = ignore_file_of(f->message, GIT_ENV_TAIL)) != NULL;
			if (!file && !(file = ignore_file_of(f->message, GIT_TAIL)))
				continue;
			if (!(by = read_through(res, n, file))) {
				free(file);
				continue;
			}
			if (both) {
				/* .env is still missing: the same finding as the other files' that read .git */
				m = xasprintf(ENV_FMT, file);
				free(f->rule);
				f->rule = xstrdup("env-not-ignored");
			} else {
				m = xasprintf("%s; but %s, built with the same context, reads .git: keep it", f->message,
					      res[by - 1]->path);
				f->sev = SEV_INFO;
			}
			free(f->message);
			f->message = m;
			free(file);
			changed = 1;
		}
		if (changed)
			res[i]->folded = 1;
	}
}

void check_perf(struct audit *au, const struct dfa *a)
{
	check_multi_stage(au, a);
	check_cache_mounts(au, a);
	check_layer_order(au, a);
	check_single_apt(au, a);
}
