/* dfa - stages, the final chain, external images, RUN scripts and toolchain packages of one Dockerfile. */
#include "dfa.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int dev_named(const char *name)
{
	static const char *const words[] = { "dev", "devenv", "envs", "development", "debug", "test", NULL };
	return name && str_has_word(name, "-_.", words);
}

int dfa_dev_stage(const struct dfa *a, int s)
{
	/* the file's last stage is what a plain `docker build` makes: never set aside here */
	return s >= 0 && (size_t)s + 1 < a->df->nstages && !a->in_chain[s] && dev_named(a->df->stages[s].name);
}

/* 1 when `ref` (a --from value) names stage s: its name (any case) or its index. */
static int refers_to(const struct df_file *df, const char *ref, size_t s)
{
	char idx[24];
	if (!ref)
		return 0;
	snprintf(idx, sizeof(idx), "%zu", s);
	return (df->stages[s].name && str_ieq(ref, df->stages[s].name)) || !strcmp(ref, idx);
}

/*
 * Stage s is only a source of other stages: some other stage copies from it
 * (COPY --from, RUN --mount=from) and none builds FROM it. Such a trailing
 * stage is not what ships.
 */
static int source_only(const struct df_file *df, size_t s)
{
	int used = 0;
	for (size_t t = 0; t < df->nstages; t++)
		if (df->stages[t].parent == (int)s)
			return 0;
	for (size_t i = 0; i < df->ninstrs && !used; i++) {
		const struct df_instr *in = &df->instrs[i];
		if (in->stage < 0 || (size_t)in->stage == s)
			continue;
		for (size_t f = 0; f < in->nflags && !used; f++) {
			const struct df_flag *fl = &in->flags[f];
			if (!strcmp(fl->name, "from") && (in->kind == DF_COPY || in->kind == DF_ADD))
				used = refers_to(df, fl->value, s);
			else if (!strcmp(fl->name, "mount") && in->kind == DF_RUN)
				used = refers_to(df, df_flag_kv(fl, "from"), s);
		}
	}
	return used;
}

/* Trailing stages tested for being only a source, at most (each test reads the file once: a hostile file of many stages stays linear). */
#define DFA_SOURCE_SKIP_MAX 16

static void find_final(struct dfa *a)
{
	const struct df_file *df = a->df;
	size_t tested = 0;
	a->final = -1;
	if (!df->nstages)
		return;
	/* trailing dev/test/debug stages and trailing stages used only as a source are skipped */
	for (size_t i = df->nstages; i-- > 0;)
		if (!dev_named(df->stages[i].name) && (tested++ >= DFA_SOURCE_SKIP_MAX || !source_only(df, i))) {
			a->final = (int)i;
			return;
		}
	a->final = (int)df->nstages - 1;
}

static void build_chain(struct dfa *a)
{
	const struct df_file *df = a->df;
	int tmp[DFA_MAX_CHAIN], n = 0;
	a->in_chain = df_arena_calloc(a->arena, df->nstages ? df->nstages : 1, 1);
	a->root = a->final;
	if (a->final < 0)
		return;
	for (int s = a->final; s >= 0 && (size_t)s < df->nstages && n < DFA_MAX_CHAIN && !a->in_chain[s];
	     s = df->stages[s].parent) {
		tmp[n++] = s;
		a->in_chain[s] = 1;
		a->root = s;
	}
	a->chain = df_arena_alloc(a->arena, (size_t)n * sizeof(int));
	a->nchain = (size_t)n;
	for (int i = 0; i < n; i++)
		a->chain[i] = tmp[n - 1 - i];
	for (size_t c = 0, cap = 0; c < a->nchain; c++) {
		const struct df_stage *st = &df->stages[a->chain[c]];
		for (size_t i = st->first; i < st->first + st->count && i < df->ninstrs; i++)
			APUSH(a->arena, a->chain_instrs, a->nchain_instrs, cap, i);
	}
}

static char *lower(const char *s)
{
	char *l = xstrdup(s);
	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

/* Stage names matched against variable FROM images per file, at most (a hostile file could ask for n^2). */
#define DFA_GLOB_BUDGET 100000

/* FROM binary-$TARGETOS: a variable image that can only name earlier stages (binary-linux, ...). */
static int names_stage(const struct df_file *df, size_t i, size_t *budget)
{
	char *glob = dfa_var_glob(df->stages[i].image), *pat = lower(glob);
	int hit = 0;
	for (size_t j = 0; j < i && !hit && *budget > 0; j++, (*budget)--) {
		char *name = df->stages[j].name ? lower(df->stages[j].name) : NULL;
		hit = name && fnmatch(pat, name, 0) == 0;
		free(name);
	}
	free(glob);
	free(pat);
	return hit;
}

static void find_images(struct dfa *a)
{
	const struct df_file *df = a->df;
	size_t n = df->nstages ? df->nstages : 1, budget = DFA_GLOB_BUDGET;
	a->images = df_arena_calloc(a->arena, n, sizeof(*a->images));
	a->external = df_arena_calloc(a->arena, n, 1);
	for (size_t i = 0; i < df->nstages; i++) {
		const struct df_stage *st = &df->stages[i];
		const char *ref = st->image_resolved;
		if (st->parent >= 0 || !st->image || !*st->image)     /* FROM without an image is a parse problem */
			continue;
		if ((ref && str_ieq(ref, "scratch")) || (!ref && names_stage(df, i, &budget)))
			continue;
		a->external[i] = 1;
		if (ref)
			dfa_image_parse_in(&a->images[i], ref, a->arena);
	}
	if (a->root >= 0 && a->external[a->root] && a->images[a->root].path)
		a->final_image = &a->images[a->root];
}

static int cmd_cmp(const void *pa, const void *pb)
{
	const struct dfa_cmd *x = pa, *y = pb;
	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	if (x->c->start != y->c->start)
		return x->c->start < y->c->start ? -1 : 1;
	return x->c->depth < y->c->depth ? -1 : x->c->depth > y->c->depth;
}

static void build_runs(struct dfa *a)
{
	const struct df_file *df = a->df;
	size_t cap = 0;
	a->run_of = df_arena_alloc(a->arena, (df->ninstrs ? df->ninstrs : 1) * sizeof(int));
	for (size_t i = 0; i < df->ninstrs; i++) {
		struct dfa_run r = { 0 };
		size_t n = 0;
		a->run_of[i] = -1;
		if (df->instrs[i].kind != DF_RUN)
			continue;
		r.instr = i;
		r.stage = df->instrs[i].stage;
		r.nscripts = dfa_run_scripts(df, &df->instrs[i], &r.scripts, a->arena);
		for (size_t s = 0; s < r.nscripts; s++)
			n += r.scripts[s].sh.ncmds;
		r.cmds = df_arena_calloc(a->arena, n ? n : 1, sizeof(*r.cmds));
		for (size_t s = 0; s < r.nscripts; s++)
			for (size_t c = 0; c < r.scripts[s].sh.ncmds; c++) {
				r.cmds[r.ncmds].c = &r.scripts[s].sh.cmds[c];
				r.cmds[r.ncmds++].s = &r.scripts[s];
			}
		if (r.ncmds > 1)
			qsort(r.cmds, r.ncmds, sizeof(*r.cmds), cmd_cmp);
		for (size_t c = 0; c < r.ncmds; c++)
			dfa_cmd_facts(&r.cmds[c]);
		a->run_of[i] = (int)a->nruns;
		APUSH(a->arena, a->runs, a->nruns, cap, r);
	}
}

/* Package-by-argument comparisons spent on removals per RUN, at most (hostile files could ask for n^2). */
#define DFA_REMOVE_BUDGET 2000000

/* Marks the toolchain packages of RUN r that a later command of the same RUN removes. */
static void removals(struct dfa *a, const struct dfa_run *r)
{
	size_t budget = DFA_REMOVE_BUDGET;
	for (size_t ci = 0; ci < r->ncmds; ci++) {
		const struct sh_cmd *c = r->cmds[ci].c;
		if (!dfa_os_removal(c))
			continue;
		for (size_t k = r->pkg_first; k < r->pkg_first + r->npkg && budget > 0; k++) {
			struct dfa_pkg *p = &a->pkgs[k];
			size_t cost = sh_cmd_nargs(c) + 1;
			budget = budget > cost ? budget - cost : 0;
			if (p->stays && p->cmd < ci && dfa_os_removes(c, p->pm, p->name, p->group))
				p->stays = 0;
		}
	}
}

/* Package names one variable word may expand to, at most (more are not judged). */
#define DFA_MAX_EXPANDED_PKGS 256

/* Commands before an install searched for shell assignments, at most (they stand just before it; a hostile RUN stays linear). */
#define DFA_ASSIGN_WINDOW 64

struct run_lookup {
	const struct dfa *a;
	const struct dfa_run *r;
	size_t ci;
};

/*
 * A variable as the install at command ci sees it: a shell assignment of an
 * earlier command of the same RUN (`buildDeps='gcc make'; apt-get install
 * $buildDeps`, the official images' pattern), else the ARG/ENV in scope.
 */
static const char *run_var(void *payload, const char *name, size_t len)
{
	const struct run_lookup *l = payload;
	const char *v = NULL;
	for (size_t k = l->ci > DFA_ASSIGN_WINDOW ? l->ci - DFA_ASSIGN_WINDOW : 0; k < l->ci && k < l->r->ncmds; k++) {
		const struct sh_cmd *c = l->r->cmds[k].c;
		for (size_t w = 0; w < c->nassign && w < c->nwords; w++) {
			const char *t = c->words[w].text;
			if (t && !strncmp(t, name, len) && t[len] == '=')
				v = t + len + 1;
		}
	}
	if (!v)
		v = dfa_var(l->a, l->r->instr, name, len);
	/* a value that needs expanding itself is not resolved here */
	return v && strchr(v, '$') ? NULL : v;
}

static void add_pkg(struct dfa *a, size_t *cap, size_t ri, size_t ci, const struct sh_word *word,
		    const char *text, size_t n, enum dfa_pm pm, const char *group)
{
	struct dfa_pkg p = { 0 };
	char *raw = xstrndup(text, n), *name = dfa_pkg_strip(raw, pm);
	free(raw);
	if (dfa_toolchain_pkg(name)) {
		p.name = df_arena_strdup(a->arena, name);
		p.run = ri;
		p.cmd = ci;
		p.pm = pm;
		p.word = word;
		p.group = (char *)group;        /* a word of the script: it lives in the same arena */
		p.stays = 1;
		APUSH(a->arena, a->pkgs, a->npkgs, *cap, p);
	}
	free(name);
}

/* The packages of a word that holds variables (`$BUILD_DEPS`), after substitution. */
static void expanded_pkgs(struct dfa *a, size_t *cap, size_t ri, size_t ci, const struct sh_word *w,
			  enum dfa_pm pm, const char *group)
{
	struct run_lookup l = { a, &a->runs[ri], ci };
	int unres = 0;
	char *v = df_expand(w->text, a->df->escape, run_var, &l, &unres);
	const char *p = v;
	for (size_t k = 0; *p && k < DFA_MAX_EXPANDED_PKGS; k++) {
		size_t n;
		p += strspn(p, " \t\n");
		n = strcspn(p, " \t\n");
		if (n && p[0] != '-')
			add_pkg(a, cap, ri, ci, w, p, n, pm, group);
		p += n;
	}
	free(v);
}

/* Toolchain packages of one RUN, then whether a later command of the same RUN removes them. */
static void run_pkgs(struct dfa *a, size_t ri, size_t *cap)
{
	struct dfa_run *r = &a->runs[ri];
	size_t first_new = a->npkgs;
	for (size_t ci = 0; ci < r->ncmds; ci++) {
		const struct sh_cmd *c = r->cmds[ci].c;
		size_t first = r->cmds[ci].os_first;
		enum dfa_pm pm = r->cmds[ci].os_pm;
		const char *group = pm == DFA_PM_APK ? dfa_apk_virtual(c) : NULL;
		for (size_t i = first; pm != DFA_PM_NONE && i < sh_cmd_nargs(c); i++) {
			const struct sh_word *w = sh_cmd_arg(c, i);
			if (!dfa_pkg_arg(c, pm, i, first))
				continue;
			if (strchr(w->text, '$'))
				expanded_pkgs(a, cap, ri, ci, w, pm, group);
			else
				add_pkg(a, cap, ri, ci, w, w->text, strlen(w->text), pm, group);
		}
	}
	r->pkg_first = first_new;
	r->npkg = a->npkgs - first_new;
	if (r->npkg)
		removals(a, r);
}

/* Arena bytes asked for per byte of the Dockerfile: its scripts, their words and commands fit. */
#define DFA_ARENA_PER_BYTE 16

void dfa_init(struct dfa *a, const struct df_file *df, const char *path, const struct fsview *fs,
	      char *const *contexts, size_t ncontexts)
{
	size_t cap = 0;
	memset(a, 0, sizeof(*a));
	a->df = df;
	a->path = path ? path : "Dockerfile";
	a->fs = fs;
	a->contexts = contexts;
	a->ncontexts = ncontexts;
	a->arena = df_arena_new(df->len < ((size_t)-1) / DFA_ARENA_PER_BYTE ? 1024 + df->len * DFA_ARENA_PER_BYTE : df->len);
	find_final(a);
	build_chain(a);
	find_images(a);
	dfa_scope_init(a);
	build_runs(a);
	for (size_t r = 0; r < a->nruns; r++)
		run_pkgs(a, r, &cap);
	dfa_effective_init(a);
}

void dfa_free(struct dfa *a)
{
	df_arena_free(a->arena);
	memset(a, 0, sizeof(*a));
}

void dfa_missing_span(const struct dfa *a, size_t *start, size_t *end)
{
	const struct df_file *df = a->df;
	*start = *end = 0;
	if (a->final >= 0 && df->stages[a->final].first < df->ninstrs) {
		const struct df_instr *in = &df->instrs[df->stages[a->final].first];
		*start = in->span.start;
		*end = in->span.end;
	}
}

void dfa_cmd_span(const struct dfa_cmd *dc, size_t *start, size_t *end)
{
	dfa_script_span(dc->s, dc->c->start, dc->c->end, start, end);
}

void dfa_word_span(const struct dfa_cmd *dc, const struct sh_word *w, size_t *start, size_t *end)
{
	dfa_script_span(dc->s, w->start, w->end, start, end);
}

int dfa_stage_of(const struct dfa *a, size_t i)
{
	return i < a->df->ninstrs ? a->df->instrs[i].stage : -1;
}

static int mount_target_matches(const struct df_flag *fl, const char *prefix, const char *needle)
{
	const char *target = df_flag_kv(fl, "target");
	if (!target)
		target = df_flag_kv(fl, "dst");
	if (!target)
		target = df_flag_kv(fl, "destination");
	if (prefix)
		return target && str_starts(target, prefix);
	if (needle)
		return target && strstr(target, needle) != NULL;
	return 1;
}

static int mount_matches(const struct df_flag *fl, const char *prefix, const char *needle)
{
	const char *type = df_flag_kv(fl, "type");
	return type && !strcmp(type, "cache") && mount_target_matches(fl, prefix, needle);
}

int dfa_run_keep_out(const struct df_instr *in, const char *dir, const char *needle)
{
	for (size_t i = 0; i < in->nflags; i++) {
		const struct df_flag *fl = &in->flags[i];
		const char *type = df_flag_kv(fl, "type"), *t;
		if (strcmp(fl->name, "mount") != 0 || !type || (strcmp(type, "cache") && strcmp(type, "tmpfs")))
			continue;
		if (needle && mount_target_matches(fl, NULL, needle))
			return 1;
		if (!dir || !mount_target_matches(fl, dir, NULL))
			continue;
		t = df_flag_kv(fl, "target");
		if (!t)
			t = df_flag_kv(fl, "dst");
		if (!t)
			t = df_flag_kv(fl, "destination");
		/* the folder itself or something under it, not /var/lib/aptitude for /var/lib/apt */
		if (t && (t[strlen(dir)] == '\0' || t[strlen(dir)] == '/'))
			return 1;
	}
	return 0;
}

int dfa_run_cache_mount(const struct df_instr *in, const char *prefix)
{
	for (size_t i = 0; i < in->nflags; i++)
		if (strcmp(in->flags[i].name, "mount") == 0 && mount_matches(&in->flags[i], prefix, NULL))
			return 1;
	return 0;
}

int dfa_run_cache_mount_has(const struct df_instr *in, const char *needle)
{
	for (size_t i = 0; i < in->nflags; i++)
		if (strcmp(in->flags[i].name, "mount") == 0 && mount_matches(&in->flags[i], NULL, needle))
			return 1;
	return 0;
}

char *dfa_cmd_text(const struct dfa_cmd *dc)
{
	const struct sh_cmd *c = dc->c;
	struct buf b = BUF_INIT;
	size_t start = c->start, end = c->end;
	if (c->nassign < c->nwords)
		start = c->words[c->nassign].start;
	if (end > dc->s->len)
		end = dc->s->len;
	if (start > end)
		start = end;
	for (size_t i = start; i < end && b.len < DFA_LABEL_MAX; i++) {
		char ch = isspace((unsigned char)dc->s->text[i]) ? ' ' : dc->s->text[i];
		if (ch != ' ' || (b.len && b.ptr[b.len - 1] != ' '))
			buf_putc(&b, ch);
	}
	if (end - start > DFA_LABEL_MAX)
		buf_puts(&b, "...");
	return buf_detach(&b);
}

/* COPY/ADD sources: the words (or exec-form elements) before the destination, heredoc markers excluded. */
size_t dfa_copy_sources(const struct df_instr *in, const char **src, struct df_span *spans, size_t max)
{
	size_t n = 0, total = in->json ? in->argc : in->nwords;
	for (size_t i = 0; i + 1 < total && n < max; i++) {
		const char *t = in->json ? in->argv[i] : in->words[i].text;
		if (!t || str_starts(t, "<<"))
			continue;
		src[n] = t;
		spans[n] = in->json ? in->args_span : in->words[i].span;
		n++;
	}
	return n;
}

const char *dfa_copy_dest(const struct df_instr *in, struct df_span *span)
{
	size_t total = in->json ? in->argc : in->nwords;
	if (total < 2)
		return NULL;
	*span = in->json ? in->args_span : in->words[total - 1].span;
	return in->json ? in->argv[total - 1] : in->words[total - 1].text;
}

int dfa_whole_context_copy(const struct df_instr *in)
{
	const char *src[DFA_MAX_SOURCES];
	struct df_span sp[DFA_MAX_SOURCES];
	size_t n;
	if ((in->kind != DF_COPY && in->kind != DF_ADD) || df_flag_get(in, "from"))
		return 0;
	n = dfa_copy_sources(in, src, sp, DFA_MAX_SOURCES);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(src[i], ".") || !strcmp(src[i], "./") || !strcmp(src[i], "*"))
			return 1;
	return 0;
}

char *dfa_context(const struct dfa *a, size_t k)
{
	if (a->ncontexts)
		return xstrdup(a->contexts[k < a->ncontexts ? k : 0] ? a->contexts[k < a->ncontexts ? k : 0] : "");
	return str_dirname(a->path);
}

const char *dfa_instr_text(const struct df_instr *in)
{
	if (in->nwords == 1 && in->words[0].text)
		return in->words[0].text;
	return in->args ? in->args : "";
}
