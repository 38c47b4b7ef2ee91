/*
 * fix_df_generated - no edit to a Dockerfile the repository generates
 * (FIX-HOLDOUT10.md QUESTIONABLE, FIX-HOLDOUT8.md's Roundcube).
 *
 * Dolibarr's images/<version>/Dockerfile are written by update.sh from
 * Dockerfile.template (`sed ... Dockerfile.template ... > "${dir}/Dockerfile"`)
 * and its CI runs `./update.sh && git diff --exit-code`: an edit to a
 * generated file fails that check, and the next run of the script drops it
 * anyway (Roundcube's daily workflow reverted them). The edit belongs in the
 * template.
 *
 * A Dockerfile is generated when the repository has a template (a file with
 * a template suffix whose name starts with "Dockerfile") whose lines hold
 * most of the Dockerfile's, and a script (*.sh, Makefile) that names that
 * template (variables in the name match anything) and redirects output into
 * a file named as the Dockerfile. Both are looked for in the Dockerfile's
 * folder and the folders above it, and in their templates/, template/,
 * scripts/ and bin/ subfolders (a limit: elsewhere they are not seen).
 * Every fix that edits the Dockerfile is withheld.
 */
#include "fix_df.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Template and script files kept from the walk, and bytes read of each. */
#define FIX_GEN_FILES 32
#define FIX_GEN_FILE_MAX (256 * 1024)
/* Share of the Dockerfile's instruction lines (non-blank, not comments) the template must hold, in percent. */
#define FIX_GEN_SIMILAR 80

struct gen_walk {
	char *templates[FIX_GEN_FILES];
	size_t nt;
	char *scripts[FIX_GEN_FILES];
	size_t ns;
};

static const char *const tmpl_suffix[] = { ".template", ".templ", ".tmpl", ".tpl", ".j2", ".in", NULL };

static int template_name(const char *b)
{
	if (strncasecmp(b, "Dockerfile", 10) != 0)
		return 0;
	for (size_t i = 0; tmpl_suffix[i]; i++)
		if (str_ends(b, tmpl_suffix[i]) && strlen(b) > 10)
			return 1;
	return 0;
}

static void collect(struct gen_walk *w, const char *path)
{
	const char *b = str_basename(path);
	if (template_name(b) && w->nt < FIX_GEN_FILES)
		w->templates[w->nt++] = xstrdup(path);
	else if ((str_ends(b, ".sh") || !strcmp(b, "Makefile")) && w->ns < FIX_GEN_FILES)
		w->scripts[w->ns++] = xstrdup(path);
}

/* The files of folder `dir`, and of its subfolders named as below (templates/, scripts/). */
static void collect_dir(const struct fix_ctx *c, struct gen_walk *w, const char *dir, int sub)
{
	static const char *const subs[] = { "templates", "template", "scripts", "bin", NULL };
	char **names = NULL;
	size_t n = 0;
	if (fs_list(c->in->fs, dir, &names, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *b = names[i];
		int want_file = template_name(b) || str_ends(b, ".sh") || !strcmp(b, "Makefile"), want_dir = 0;
		char *p;
		enum fs_type t;
		for (size_t k = 0; sub && subs[k]; k++)
			want_dir |= !strcmp(b, subs[k]);
		/* only names that may matter are looked at: a look at another file ties the plan to it */
		if (!want_file && !want_dir)
			continue;
		p = *dir ? xasprintf("%s/%s", dir, b) : xstrdup(b);
		t = fs_stat(c->in->fs, p);
		if (t == FS_FILE && want_file)
			collect(w, p);
		else if (t == FS_DIR && want_dir)
			collect_dir(c, w, p, 0);
		free(p);
	}
	fs_names_free(names, n);
}

static char *read_text(const struct fix_ctx *c, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	if (fs_read(c->in->fs, path, &data, &len) != 0 || len > FIX_GEN_FILE_MAX || memchr(data, '\0', len)) {
		free(data);
		return NULL;
	}
	return data;
}

/* One line of text, blanks trimmed: its start and length. */
static const char *trimmed(const char *l, size_t ll, size_t *out)
{
	while (ll && (*l == ' ' || *l == '\t'))
		l++, ll--;
	while (ll && strchr(" \t\r", l[ll - 1]))
		ll--;
	*out = ll;
	return l;
}

/* The template holds at least FIX_GEN_SIMILAR % of the Dockerfile's instruction lines. */
static int similar(const char *df, const char *tmpl)
{
	size_t lines = 0, held = 0;
	for (const char *l = df; l && *l;) {
		const char *e = strchr(l, '\n'), *t;
		size_t ll;
		t = trimmed(l, e ? (size_t)(e - l) : strlen(l), &ll);
		if (ll && *t != '#') {
			int hit = 0;
			lines++;
			for (const char *m = tmpl; m && *m && !hit;) {
				const char *me = strchr(m, '\n'), *mt;
				size_t ml;
				mt = trimmed(m, me ? (size_t)(me - m) : strlen(m), &ml);
				hit = ml == ll && !strncmp(mt, t, ll);
				m = me ? me + 1 : NULL;
			}
			held += hit;
		}
		l = e ? e + 1 : NULL;
	}
	return lines && held * 100 >= lines * FIX_GEN_SIMILAR;
}

/* A word of the script naming the template: variables ($X, ${X}) match anything. */
static int names_template(const char *script, const char *tmpl)
{
	const char *b = str_basename(tmpl);
	for (const char *p = script; (p = strstr(p, "Dockerfile")) != NULL; p++) {
		const char *e = p;
		struct buf pat = BUF_INIT;
		int yes;
		while (*e && !strchr(" \t\r\n\"'`;|&<>()", *e)) {
			if (*e == '$') {
				buf_putc(&pat, '*');
				if (e[1] == '{') {
					while (*e && *e != '}')
						e++;
					e += *e == '}';
				} else {
					e++;
					while (*e == '_' || (*e >= 'A' && *e <= 'Z') || (*e >= 'a' && *e <= 'z') ||
					       (*e >= '0' && *e <= '9'))
						e++;
				}
				continue;
			}
			buf_putc(&pat, *e++);
		}
		yes = fnmatch(buf_str(&pat), b, 0) == 0;
		buf_free(&pat);
		if (yes)
			return 1;
	}
	return 0;
}

/* The script redirects output (> or >>) into a file named `name` ("$dir/Dockerfile"). */
static int writes_file(const char *script, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = script; (p = strchr(p, '>')) != NULL; p++) {
		const char *s = p + 1, *e;
		s += *s == '>';
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '&')
			continue;
		for (e = s; *e && !strchr(" \t\r\n;|&)", *e); e++)
			;
		while (e > s && (e[-1] == '"' || e[-1] == '\''))
			e--;
		if ((size_t)(e - s) >= nl && !strncmp(e - nl, name, nl) &&
		    ((size_t)(e - s) == nl || e[-(long)nl - 1] == '/' || e[-(long)nl - 1] == '"'))
			return 1;
	}
	return 0;
}

/* A workflow that runs the script, then `git diff` (a check that the generated files are up to date): its path. */
static char *checked_by(const struct fix_ctx *c, const char *script)
{
	char **names = NULL, *out = NULL;
	size_t n = 0;
	if (fs_list(c->in->fs, ".github/workflows", &names, &n) != 0)
		return NULL;
	for (size_t i = 0; i < n && !out; i++) {
		char *p = xasprintf(".github/workflows/%s", names[i]), *t = read_text(c, p);
		const char *run = t ? strstr(t, str_basename(script)) : NULL;
		if (run && strstr(run, "git diff"))
			out = p, p = NULL;
		free(t);
		free(p);
	}
	fs_names_free(names, n);
	return out;
}

/* Why the Dockerfile is generated (malloc'd), or NULL. */
static char *generated_by(const struct fix_ctx *c)
{
	struct gen_walk w;
	char *why = NULL;
	char *dir = str_dirname(c->in->path);
	memset(&w, 0, sizeof(w));
	/* the Dockerfile's folder and those above it, each with its templates/ and scripts/ (not the whole tree) */
	for (;;) {
		char *up;
		collect_dir(c, &w, dir, 1);
		if (!*dir)
			break;
		up = str_dirname(dir);
		free(dir);
		dir = up;
	}
	free(dir);
	for (size_t t = 0; t < w.nt && !why; t++) {
		char *tt;
		if (!strcmp(w.templates[t], c->in->path) || !(tt = read_text(c, w.templates[t])))
			continue;
		if (similar(c->in->data, tt))
			for (size_t s = 0; s < w.ns && !why; s++) {
				char *st = read_text(c, w.scripts[s]);
				if (st && names_template(st, w.templates[t]) && writes_file(st, str_basename(c->in->path))) {
					char *ci = checked_by(c, w.scripts[s]);
					why = xasprintf("withheld: %s writes this Dockerfile from %s (the template holds its "
							"lines): an edit here is lost when the script runs again%s%s%s; make "
							"the change in %s", w.scripts[s], w.templates[t],
							ci ? ", and " : "", ci ? ci : "",
							ci ? " fails on it (it runs the script, then git diff)" : "",
							w.templates[t]);
					free(ci);
				}
				free(st);
			}
		free(tt);
	}
	for (size_t i = 0; i < w.nt; i++)
		free(w.templates[i]);
	for (size_t i = 0; i < w.ns; i++)
		free(w.scripts[i]);
	return why;
}

void fix_df_generated(struct fix_ctx *c)
{
	const char *why;
	char *own = NULL;
	int edits = 0;
	for (size_t i = 0; i < c->nfixes && !edits; i++)
		for (size_t k = 0; c->fixes[i].level != FIX_LEVEL_WITHHELD && k < c->fixes[i].nchanges; k++)
			edits |= !strcmp(c->fixes[i].changes[k].path, c->in->path);
	if (!edits || !c->in->fs)
		return;
	if (c->parsed && c->parsed->gen_known) {
		why = c->parsed->gen_why;
	} else {
		why = own = generated_by(c);
		if (c->parsed) {
			c->parsed->gen_known = 1;
			c->parsed->gen_why = own;
			own = NULL;
		}
	}
	for (size_t i = 0; why && i < c->nfixes; i++) {
		int mine = 0;
		for (size_t k = 0; c->fixes[i].level != FIX_LEVEL_WITHHELD && k < c->fixes[i].nchanges; k++)
			mine |= !strcmp(c->fixes[i].changes[k].path, c->in->path);
		if (mine)
			fix_withhold(&c->fixes[i], "%s", why);
	}
	free(own);
}
