/* check_size_prod - size.prod-deps-only: project dependency installs that pull development dependencies. */
#include "dfa.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A finding on a command; `fmt` has one %s, the command's text. */
static void add_cmd_sev(struct audit *au, enum sev sev, const char *rule, const struct dfa_cmd *dc,
			enum fixkind fix, const char *fmt)
{
	size_t s, e;
	char *label = dfa_cmd_text(dc);
	dfa_cmd_span(dc, &s, &e);
	audit_add(au, ITEM_SIZE_PROD_DEPS_ONLY, sev, rule, s, e, fix, fmt, label);
	free(label);
}

static int has_arg_word(const struct sh_cmd *c, const char *w)
{
	for (size_t i = 0; i < sh_cmd_nargs(c); i++)
		if (!strcmp(dfa_arg(c, i), w))
			return 1;
	return 0;
}

/* ---- size.prod-deps-only ---- */

static int dev_requirements(const char *file)
{
	static const char *const words[] = { "dev", "develop", "development", "test", "tests", "testing",
		"lint", "ci", NULL };
	return str_has_word(file, "-_./", words);
}

static int dev_extras(const char *spec)
{
	static const char *const words[] = { "dev", "test", "tests", "testing", "lint", "docs", NULL };
	const char *open = strchr(spec, '[');
	return open && str_has_word(open + 1, ",] ", words);
}

/* pip -r FILE / extras of a command: whether it pulls dev dependencies (the finding added when `au`). */
static int pip_dev(struct audit *au, const struct dfa_cmd *dc, enum sev sev)
{
	const struct sh_cmd *c = dc->c;
	int dev = 0;
	for (size_t i = 0; i < sh_cmd_nargs(c); i++) {
		const char *t = dfa_arg(c, i), *file = NULL;
		if ((!strcmp(t, "-r") || !strcmp(t, "--requirement")) && i + 1 < sh_cmd_nargs(c))
			file = dfa_arg(c, i + 1);
		else if (str_starts(t, "--requirement="))
			file = t + 14;
		else if (str_starts(t, "-r") && t[2])
			file = t + 2;
		if (file && dev_requirements(file)) {
			size_t s, e;
			dev = 1;
			if (!au)
				continue;
			dfa_word_span(dc, sh_cmd_arg(c, file == t + 2 || file == t + 14 ? i : i + 1), &s, &e);
			audit_add(au, ITEM_SIZE_PROD_DEPS_ONLY, sev, "dev-requirements", s, e, FIX_AUTO,
				  "`%s` holds development dependencies; install only the production requirements in the image", file);
		} else if (t[0] == '.' && dev_extras(t)) {
			size_t s, e;
			dev = 1;
			if (!au)
				continue;
			dfa_word_span(dc, sh_cmd_arg(c, i), &s, &e);
			audit_add(au, ITEM_SIZE_PROD_DEPS_ONLY, sev, "dev-extras", s, e, FIX_NONE,
				  "`%s` installs development extras; install the package without them in the image", t);
		}
	}
	return dev;
}

static int has_pair(const struct sh_cmd *c, const char *opt, const char *value)
{
	char *joined = xasprintf("%s=%s", opt, value);
	int hit = 0;
	for (size_t i = 0; i < sh_cmd_nargs(c) && !hit; i++)
		hit = !strcmp(dfa_arg(c, i), joined) ||
		      (!strcmp(dfa_arg(c, i), opt) && !strcmp(dfa_arg(c, i + 1), value));
	free(joined);
	return hit;
}

/* NODE_ENV=production exported or assigned alone earlier in the same RUN. */
static int run_sets_node_env(const struct dfa_run *r, size_t ci)
{
	for (size_t k = 0; k < ci; k++) {
		const struct sh_cmd *c = r->cmds[k].c;
		if (r->cmds[k].name && strcmp(r->cmds[k].name, "export") != 0)
			continue;
		for (size_t i = 0; i < c->nwords; i++)
			if (c->words[i].text && !strcmp(c->words[i].text, "NODE_ENV=production"))
				return 1;
	}
	return 0;
}

/* The command installs only production dependencies (its own flags). */
static int prod_flags(const struct sh_cmd *c, enum dfa_lang lang)
{
	if (lang == DFA_LANG_NPM)
		return has_pair(c, "--omit", "dev") || sh_cmd_has_opt(c, "--production") ||
		       has_pair(c, "--only", "prod") || has_pair(c, "--only", "production");
	if (lang == DFA_LANG_YARN)
		return sh_cmd_has_opt(c, "--production");
	return sh_cmd_has_opt(c, "--prod") || sh_cmd_has_opt(c, "-P");
}

static int poetry_prod(const struct sh_cmd *c)
{
	return has_pair(c, "--only", "main") || has_pair(c, "--without", "dev") || sh_cmd_has_opt(c, "--no-dev");
}

static int js_prod(const struct dfa *a, const struct dfa_run *r, size_t ci, enum dfa_lang lang)
{
	const struct sh_cmd *c = r->cmds[ci].c;
	const char *env = dfa_var(a, r->instr, "NODE_ENV", 8);
	if ((env && !strcmp(env, "production")) || dfa_assigns(c, "NODE_ENV", "production") || run_sets_node_env(r, ci))
		return 1;
	return prod_flags(c, lang);
}

/* Terms: dev-dependency prune of the install's tool. */
static int prunes(const struct dfa_cmd *dc, const struct dfa_install *inst)
{
	const struct sh_cmd *c = dc->c;
	const char *n = dc->name;
	const struct sh_word *sub = n ? sh_cmd_subcommand(c, NULL) : NULL;
	const char *s = sub ? sub->text : "";
	if (!n)
		return 0;
	switch (inst->lang) {
	case DFA_LANG_NPM:
		return !strcmp(n, "npm") && !strcmp(s, "prune") && prod_flags(c, DFA_LANG_NPM);
	case DFA_LANG_YARN:
		return !strcmp(n, "yarn") && sh_cmd_has_opt(c, "--production") &&
		       (!strcmp(s, "install") || !strcmp(s, "workspaces") || !sub);
	case DFA_LANG_PNPM:
		return !strcmp(n, "pnpm") && (!strcmp(s, "prune") || !strcmp(s, "install") || !strcmp(s, "i")) &&
		       prod_flags(c, DFA_LANG_PNPM);
	case DFA_LANG_PIP:
		return dfa_is_pip(c) && has_arg_word(c, "uninstall");
	default:
		return !strcmp(n, "poetry") && !strcmp(s, "install") && poetry_prod(c);
	}
}

/* Commands either side of an install searched for its other branch, at most (a hostile RUN stays linear). */
#define SIZE_BRANCH_WINDOW 32

/* The same RUN also holds the production variant of the install: one branch of an if/case each. */
static int other_branch_prod(const struct dfa *a, const struct dfa_run *r, size_t ci)
{
	const struct dfa_install *inst = &r->cmds[ci].inst;
	const struct dfa_script *sc = r->cmds[ci].s;
	if (!sc->text || (!strstr(sc->text, "if ") && !strstr(sc->text, "case ")))
		return 0;
	for (size_t k = ci > SIZE_BRANCH_WINDOW ? ci - SIZE_BRANCH_WINDOW : 0; k < r->ncmds && k <= ci + SIZE_BRANCH_WINDOW; k++) {
		const struct dfa_cmd *o = &r->cmds[k];
		if (k == ci || !o->install || !o->inst.project || o->inst.lang != inst->lang || o->s != sc)
			continue;
		if (inst->lang == DFA_LANG_PIP ? !pip_dev(NULL, o, SEV_INFO) :
		    inst->lang == DFA_LANG_OTHER ? poetry_prod(o->c) : js_prod(a, r, k, inst->lang))
			return 1;
	}
	return 0;
}

/* Where the last dev-dependency prune of each tool and the last compile step stand in the final chain (command ordinals, 0 none). */
struct follow {
	size_t prune[DFA_LANG_OTHER + 1];
	size_t compile;
};

static void follow_init(const struct dfa *a, struct follow *fw)
{
	size_t ord = 0;
	memset(fw, 0, sizeof(*fw));
	for (size_t k = 0; k < a->nchain_instrs; k++) {
		int ri = a->run_of[a->chain_instrs[k]];
		for (size_t c = 0; ri >= 0 && c < a->runs[ri].ncmds; c++) {
			const struct dfa_cmd *dc = &a->runs[ri].cmds[c];
			ord++;
			for (int l = DFA_LANG_PIP; l <= DFA_LANG_OTHER; l++) {
				struct dfa_install probe = { 0 };
				probe.lang = (enum dfa_lang)l;
				if (prunes(dc, &probe))
					fw->prune[l] = ord;
			}
			if (dc->compile)
				fw->compile = ord;
		}
	}
}

static void prod_cmd(struct audit *au, const struct dfa *a, const struct dfa_run *r, size_t ci,
		     const struct follow *fw, size_t ord)
{
	const struct sh_cmd *c = r->cmds[ci].c;
	const struct dfa_install inst = r->cmds[ci].inst;
	enum sev sev;
	int dev, compile;
	if (!r->cmds[ci].install || !inst.project)
		return;
	audit_applies(au, ITEM_SIZE_PROD_DEPS_ONLY);
	if (inst.lang == DFA_LANG_PIP)
		dev = pip_dev(NULL, &r->cmds[ci], SEV_WARNING);
	else if (inst.lang != DFA_LANG_OTHER)
		dev = !js_prod(a, r, ci, inst.lang);
	else
		dev = !strcmp(inst.tool, "poetry install") && !poetry_prod(c);
	/* a dev-dependency prune after the install in the chain */
	if (!dev || fw->prune[inst.lang] > ord || other_branch_prod(a, r, ci))
		return;
	compile = fw->compile > ord;
	/* a compile step after the install needs the dev dependencies: build in another stage (perf.multi-stage) */
	sev = compile ? SEV_INFO : SEV_WARNING;
	if (inst.lang == DFA_LANG_PIP)
		pip_dev(au, &r->cmds[ci], sev);
	else if (inst.lang != DFA_LANG_OTHER)
		add_cmd_sev(au, sev, "dev-deps", &r->cmds[ci], FIX_AUTO, compile ?
			    "`%s` installs devDependencies, which the build step after it needs; build in another stage and install only production dependencies in the image" :
			    "`%s` installs devDependencies too; add --omit=dev (npm), --production (yarn), --prod (pnpm) or set NODE_ENV=production");
	else
		add_cmd_sev(au, sev, "dev-deps", &r->cmds[ci], FIX_NONE,
			    "`%s` installs the dev group too; add --only main (or --without dev)");
}

void check_size_prod(struct audit *au, const struct dfa *a)
{
	struct follow fw;
	size_t ord = 0;
	follow_init(a, &fw);
	for (size_t k = 0; k < a->nchain_instrs; k++) {
		int ri = a->run_of[a->chain_instrs[k]];
		for (size_t c = 0; ri >= 0 && c < a->runs[ri].ncmds; c++)
			prod_cmd(au, a, &a->runs[ri], c, &fw, ++ord);
	}
}

