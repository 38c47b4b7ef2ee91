/*
 * project_ci - how CI and scripts build: `docker build` / `docker buildx
 * build` / `podman build` lines (and `docker push NAME` after them) in
 * tracked *.sh, Makefile, *.mk and workflow `run:` steps, and the
 * docker/build-push-action steps of the workflows (.github/workflows, yml or yaml).
 *
 * Paths in a Makefile are relative to its folder (make runs there); in a
 * script or a workflow, to the repository root (where CI runs them).
 */
#include "project_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell.h"
#include "util.h"
#include "yamldoc.h"

/* A logical line (continuations joined) longer than this is not read as a build line. */
#define CI_MAX_LINE 65536
/* A bash array's words are kept up to this many bytes (they are a build line's options). */
#define CI_MAX_ARRAY 16384

struct script {
	struct project *p;
	const char *path;
	const char *base;       /* folder paths are relative to */
	int makefile;           /* a Makefile: $(NAME) names a variable, not a command */
	struct pvars vars;
	char **pushed;          /* `docker push NAME` seen, with the line's order */
	size_t npushed;
	size_t *push_order;
	size_t order;           /* build/push lines seen so far */
	size_t *ref_order;      /* per build line of this file: its order ... */
	size_t *ref_idx;        /* ... and its index in p->refs */
	size_t nref_order;
	struct pvars arrays;    /* bash arrays (`NAME=(...)`, `NAME+=(...)`): their words as written */
	char *open_array;       /* the array whose `(` a line opened and none has closed yet */
	int docs_only;          /* a README's shell blocks: only its `docker compose -f` sets are read */
};

/* Word i of a command counting its name as 0, NULL past the end. */
static const char *arg(const struct sh_cmd *c, size_t i)
{
	const struct sh_word *w;
	if (i == 0)
		return c->nassign < c->nwords ? c->words[c->nassign].text : NULL;
	w = sh_cmd_arg(c, i - 1);
	return w && w->text ? w->text : NULL;
}

/* docker, podman, $(DOCKER) expanded to docker, /usr/bin/docker */
static int container_tool(const char *name)
{
	const char *b = name ? str_basename(name) : "";
	return !strcmp(b, "docker") || !strcmp(b, "podman") || !strcmp(b, "buildah");
}

/* Options of docker build that take a value (as a separate word when not written --opt=value). */
static int takes_value(const char *o)
{
	static const char *const v[] = { "-f", "--file", "-t", "--tag", "--build-arg", "--target", "--build-context",
		"--platform", "--progress", "-o", "--output", "--cache-from", "--cache-to", "--label", "--network",
		"--secret", "--ssh", "--iidfile", "--metadata-file", "--builder", "--add-host", "--allow",
		"--annotation", "--attest", "--cgroup-parent", "--shm-size", "--ulimit", "-m", "--memory",
		"--cpu-shares", "--isolation", "--format", "--layers", "--authfile", "--creds", "--sbom",
		"--provenance", "--call", "--check", "--cpuset-cpus", "--memory-swap", NULL };
	for (size_t i = 0; v[i]; i++)
		if (!strcmp(o, v[i]))
			return 1;
	return 0;
}

static char *rel_path(const struct script *s, const char *p)
{
	if (!p || !*p || p[0] == '/' || strchr(p, '$') || strstr(p, "://"))
		return NULL;
	return path_join_norm(s->base, p);
}

static void build_line(struct script *s, const struct sh_cmd *c, size_t from, size_t off, const char *text)
{
	const char *file = NULL, *ctx = NULL;
	struct project_ref *r;
	char *where = project_where(s->path, text, off);
	int push = 0;
	r = project_new_ref(s->p, PSRC_SCRIPT, where);
	free(where);
	if (!r)
		return;
	for (size_t i = from; i <= sh_cmd_nargs(c); i++) {
		const char *a = arg(c, i), *val = NULL, *eq;
		char opt[32];
		if (!a)
			continue;
		if (a[0] != '-' || !a[1]) {
			ctx = a;
			continue;
		}
		eq = strchr(a, '=');
		if (a[1] == '-' && eq && (size_t)(eq - a) < sizeof(opt)) {
			memcpy(opt, a, (size_t)(eq - a));
			opt[eq - a] = '\0';
			val = eq + 1;
		} else if (strlen(a) < sizeof(opt)) {
			strcpy(opt, a);
			if (takes_value(opt))
				val = arg(c, ++i);
			else if (a[1] != '-' && strlen(a) > 2 && strchr("ft", a[1])) {
				opt[2] = '\0';          /* -fFILE, -tNAME */
				val = a + 2;
			}
		} else {
			continue;
		}
		if (!strcmp(opt, "--push") || (!strcmp(opt, "--output") && val && strstr(val, "push=true")))
			push = 1;
		if (!val)
			continue;
		if (!strcmp(opt, "-f") || !strcmp(opt, "--file"))
			file = val;
		else if (!strcmp(opt, "-t") || !strcmp(opt, "--tag"))
			plist_add(&r->tags, &r->ntags, xstrdup(val));
		else if (!strcmp(opt, "--build-arg"))
			plist_add(&r->args, &r->nargs, xstrdup(val));
		else if (!strcmp(opt, "--build-context"))
			plist_add(&r->named, &r->nnamed, xstrdup(val));
		else if (!strcmp(opt, "--target")) {
			free(r->target);
			r->target = xstrdup(val);
		}
	}
	r->pushed = push;
	r->context = ctx && strcmp(ctx, "-") ? rel_path(s, ctx) : NULL;
	if (file && strcmp(file, "-"))
		r->dockerfile = rel_path(s, file);
	else if (!file && r->context)
		r->dockerfile = path_join_norm(r->context, "Dockerfile");
	s->ref_order = xrealloc(s->ref_order, (s->nref_order + 1) * sizeof(*s->ref_order));
	s->ref_idx = xrealloc(s->ref_idx, (s->nref_order + 1) * sizeof(*s->ref_idx));
	s->ref_idx[s->nref_order] = (size_t)(r - s->p->refs);
	s->ref_order[s->nref_order++] = s->order++;
}

static void push_line(struct script *s, const struct sh_cmd *c, size_t from)
{
	for (size_t i = from; i <= sh_cmd_nargs(c); i++) {
		const char *a = arg(c, i);
		if (!a || a[0] == '-')
			continue;
		plist_add(&s->pushed, &s->npushed, xstrdup(a));
		s->push_order = xrealloc(s->push_order, s->npushed * sizeof(*s->push_order));
		s->push_order[s->npushed - 1] = s->order++;
		return;
	}
}

/*
 * `docker tag SRC DST` after a build tagged SRC in the same file: DST names
 * that build's image too (documenso's docker/build.sh builds
 * `documenso-base`, then tags it `documenso/documenso:latest`). Beyond
 * CHECKLIST.md revision 4, which names `docker build -t` only.
 */
static void tag_line(struct script *s, const struct sh_cmd *c, size_t from)
{
	const char *src = NULL, *dst = NULL;
	for (size_t i = from; i <= sh_cmd_nargs(c) && !dst; i++) {
		const char *a = arg(c, i);
		if (!a || a[0] == '-')
			continue;
		if (!src)
			src = a;
		else
			dst = a;
	}
	if (!dst)
		return;
	for (size_t k = s->nref_order; k-- > 0;) {
		struct project_ref *r = &s->p->refs[s->ref_idx[k]];
		if (plist_has(r->tags, r->ntags, src)) {
			if (!plist_has(r->tags, r->ntags, dst))
				plist_add(&r->tags, &r->ntags, xstrdup(dst));
			return;
		}
	}
}

/* Files of one `docker compose` command kept at most; a command naming more is not recorded. */
#define CI_MAX_COMPOSE_FILES 16
/* Compose sets kept at most per scan (a repository runs its Compose files a few hundred times at most). */
#define CI_MAX_COMPOSE_SETS 20000

/* Options of `docker compose` (before its subcommand) that take a value as the next word. */
static int compose_takes_value(const char *o)
{
	static const char *const v[] = { "-p", "--project-name", "--env-file", "--profile", "--project-directory",
		"--ansi", "--parallel", "--progress", "-c", "--context", "-H", "--host", "--log-level", NULL };
	for (size_t i = 0; v[i]; i++)
		if (!strcmp(o, v[i]))
			return 1;
	return 0;
}

/*
 * `docker compose -f A -f B CMD`, `docker-compose --file=A ...`: the files
 * it runs together (words from `from` on). Without -f nothing is kept.
 */
static void compose_line(struct script *s, const struct sh_cmd *c, size_t from, size_t off, const char *text)
{
	struct project_compose_set set;
	memset(&set, 0, sizeof(set));
	for (size_t i = from; i <= sh_cmd_nargs(c); i++) {
		const char *a = arg(c, i), *val = NULL;
		if (!a)
			continue;
		if (a[0] != '-')
			break;          /* the subcommand: options after it are its own */
		if (!strcmp(a, "-f") || !strcmp(a, "--file"))
			val = arg(c, ++i);
		else if (str_starts(a, "--file="))
			val = a + 7;
		else if (a[1] == 'f' && a[2] && a[1] != '-')
			val = a + 2;
		else if (compose_takes_value(a))
			i++;
		if (!val)
			continue;
		if (set.n >= CI_MAX_COMPOSE_FILES) {
			plist_free(set.files, set.n);
			return;
		}
		plist_add(&set.files, &set.n, rel_path(s, val));
	}
	if (!set.n)
		return;
	if (s->p->ncsets >= CI_MAX_COMPOSE_SETS) {
		plist_free(set.files, set.n);
		return;
	}
	set.source = xstrdup(s->path);
	set.where = project_where(s->path, text, off);
	PUSH(s->p->csets, s->p->ncsets, s->p->capcsets, set);
}

void project_csets_free(struct project *p)
{
	for (size_t i = 0; i < p->ncsets; i++) {
		plist_free(p->csets[i].files, p->csets[i].n);
		free(p->csets[i].source);
		free(p->csets[i].where);
	}
	free(p->csets);
	p->csets = NULL;
	p->ncsets = p->capcsets = 0;
}

static void command(struct script *s, const struct sh_cmd *c, size_t off, const char *text)
{
	const char *a1, *a2;
	size_t j = 2;
	{
		const char *b = arg(c, 0) ? str_basename(arg(c, 0)) : "";
		if (!strcmp(b, "docker-compose") || !strcmp(b, "podman-compose")) {
			compose_line(s, c, 1, off, text);
			return;
		}
		if (container_tool(b) && arg(c, 1) && !strcmp(arg(c, 1), "compose")) {
			compose_line(s, c, 2, off, text);
			return;
		}
	}
	if (s->docs_only)
		return;
	if (!container_tool(arg(c, 0)))
		return;
	a1 = arg(c, 1);
	a2 = arg(c, 2);
	if (!a1)
		return;
	/* buildx's own options before its command: `docker buildx --builder NAME build` (netbox-docker) */
	for (const char *w = a2; !strcmp(a1, "buildx") && w && w[0] == '-'; w = arg(c, j))
		j += !strcmp(w, "--builder") ? 2 : 1;
	if (!strcmp(a1, "build") || !strcmp(a1, "bud"))
		build_line(s, c, 2, off, text);
	else if (!strcmp(a1, "buildx") && arg(c, j) && !strcmp(arg(c, j), "build"))
		build_line(s, c, j + 1, off, text);
	else if (!strcmp(a1, "image") && a2 && !strcmp(a2, "build"))
		build_line(s, c, 3, off, text);
	else if (!strcmp(a1, "push") || (!strcmp(a1, "image") && a2 && !strcmp(a2, "push")))
		push_line(s, c, !strcmp(a1, "push") ? 2 : 3);
	else if (!strcmp(a1, "tag") || (!strcmp(a1, "image") && a2 && !strcmp(a2, "tag")))
		tag_line(s, c, !strcmp(a1, "tag") ? 2 : 3);
}

/* 1 when a shell value holds a command substitution ($(...) or `...`). */
static int command_output(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == '`' || (v[i] == '$' && i + 1 < n && v[i + 1] == '('))
			return 1;
	return 0;
}

/* 1 when value v reads variable n itself ($n, ${n...}, $(n...)). */
static int self_reference(const char *n, size_t nl, const char *v, size_t vl)
{
	for (size_t i = 0; i + 1 + nl <= vl; i++) {
		size_t k = i + 1;
		if (v[i] != '$')
			continue;
		k += v[k] == '{' || v[k] == '(';
		if (k + nl <= vl && memcmp(v + k, n, nl) == 0 &&
		    (k + nl == vl || !(isalnum((unsigned char)v[k + nl]) || v[k + nl] == '_')))
			return 1;
	}
	return 0;
}

/*
 * The folder a script's own-location idiom names, as a path from the
 * repository root ("." for the root; malloc'd), or NULL: `$(dirname "$0")`,
 * `$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)`, `$(readlink -f "$(dirname
 * "$0")")` are the script's folder; `$(readlink -f X)`, `$(realpath X)` and
 * `$(cd X && pwd)` of a path known now are that path (documenso's
 * docker/build.sh: SCRIPT_DIR, then MONOREPO_ROOT="$(readlink -f
 * "$SCRIPT_DIR/../")"). Beyond CHECKLIST.md revision 4.
 */
static char *script_folder(struct script *s, const char *v, size_t n)
{
	static const char *const wraps[] = { "$(readlink -f ", "$(realpath ", "$(cd ", NULL };
	char *raw, *x, *out = NULL;
	size_t k;
	if (s->makefile || !str_ends(s->path, ".sh") || n < 4 || strncmp(v, "$(", 2) || v[n - 1] != ')')
		return NULL;
	raw = xstrndup(v, n);
	if (strstr(raw, "dirname") && (strstr(raw, "\"$0\"") || strstr(raw, "$0)") || strstr(raw, "BASH_SOURCE")) &&
	    !strstr(raw, "..") && !strchr(raw, '|') && !strchr(raw, ';')) {
		char *d = str_dirname(s->path);
		out = xstrdup(*d ? d : ".");
		free(d);
		free(raw);
		return out;
	}
	for (k = 0; wraps[k] && !str_starts(raw, wraps[k]); k++)
		;
	if (wraps[k]) {
		const char *a = raw + strlen(wraps[k]);
		const char *end = k == 2 ? strstr(a, " && pwd)") : raw + n - 1;
		if (end && (k != 2 || !strcmp(end, " && pwd)"))) {
			char *arg1 = xstrndup(a, (size_t)(end - a)), *q = arg1;
			size_t al = strlen(q);
			if (al >= 2 && (q[0] == '"' || q[0] == '\'') && q[al - 1] == q[0]) {
				q[al - 1] = '\0';
				q++;
			}
			x = pvars_expand(&s->vars, q);
			if (*x && x[0] != '/' && !strpbrk(x, "$`()\"' ")) {
				char *norm = path_join_norm("", x);
				if (norm)
					out = xstrdup(*norm ? norm : ".");
				free(norm);
			}
			free(x);
			free(arg1);
		}
	}
	free(raw);
	return out;
}

/* `NAME=value`, `export NAME=value`, `NAME ?= value`, `NAME := value` (not `+=`): 1 when it was one. */
static int assignment(struct script *s, const char *l)
{
	const char *p = l, *n, *v, *e;
	size_t nl;
	int tab = 0;
	while (*p == ' ' || (s->makefile && *p == '\t'))
		tab |= *p++ == '\t';
	if (str_starts(p, "export "))
		p += 7;
	n = p;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	if (p == n || isdigit((unsigned char)*n))
		return 0;
	nl = (size_t)(p - n);
	/*
	 * A tab-indented line of a Makefile is a recipe, whose `NAME=value cmd`
	 * is the shell's; only make's own `NAME := value`, `NAME ?= value` or
	 * `NAME = value` (loki's OCI_BUILD inside `ifeq`) assigns there.
	 */
	if (tab && !(*p == ' ' || *p == '\t' || ((*p == ':' || *p == '?') && (p[1] == '=' || p[1] == ':'))))
		return 0;
	if (*p == ' ' || *p == '\t') {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '?' || *p == ':' || *p == '!')
			p++;
		if (*p == ':')
			p++;
		if (*p != '=')
			return 0;
	} else if ((*p == '?' || *p == ':') && (p[1] == '=' || (p[1] == ':' && p[2] == '='))) {
		p += p[1] == '=' ? 1 : 2;
	} else if (*p != '=') {
		return 0;
	}
	v = p + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	e = v + strlen(v);
	while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (e - v >= 2 && (*v == '"' || *v == '\'') && e[-1] == *v) {
		v++;
		e--;
	}
	if (!s->makefile && command_output(v, (size_t)(e - v))) {
		char *dir = script_folder(s, v, (size_t)(e - v));
		if (dir)
			pvars_set(&s->vars, n, nl, dir, strlen(dir));
		free(dir);
		return 1;       /* a command's output, known when the script runs: $NAME stays as written */
	}
	if (self_reference(n, nl, v, (size_t)(e - v))) {
		/* `X="${X-default}"`: read now, as the shell does (later it would name itself) */
		char *raw = xstrndup(v, (size_t)(e - v)), *x = pvars_expand(&s->vars, raw);
		pvars_set(&s->vars, n, nl, x, strlen(x));
		free(x);
		free(raw);
		return 1;
	}
	pvars_set(&s->vars, n, nl, v, (size_t)(e - v));
	return 1;
}

/* ---- bash arrays: the words of `"${NAME[@]}"` in a build line ---- */

/*
 * The `)` closing an array whose words start at p (quotes and `$(...)` inside
 * skipped), else NULL: the array goes on on the next line.
 */
static const char *array_close(const char *p)
{
	int depth = 0;
	char quote = 0;
	for (; *p; p++) {
		if (*p == '\\' && p[1] && quote != '\'') {
			p++;
		} else if (quote) {
			quote = *p == quote ? 0 : quote;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && depth-- == 0) {
			return p;
		}
	}
	return NULL;
}

static void array_add(struct script *s, const char *name, size_t nl, const char *w, size_t wl)
{
	const char *old = pvars_get(&s->arrays, name, nl);
	struct buf b = BUF_INIT;
	if (old && *old) {
		buf_add(&b, old, strlen(old));
		buf_putc(&b, ' ');
	}
	buf_add(&b, w, wl);
	if (b.len <= CI_MAX_ARRAY)
		pvars_set(&s->arrays, name, nl, buf_str(&b), b.len);
	buf_free(&b);
}

/*
 * `NAME=(words)` or `NAME+=(words)`, the words maybe running over lines up to
 * the closing `)`: kept (appended for `+=`, afresh for `=`). 1 when the line
 * belonged to an array.
 */
static int array_line(struct script *s, const char *l)
{
	const char *p = l, *n, *close;
	size_t nl;
	if (s->open_array) {
		close = array_close(l);
		array_add(s, s->open_array, strlen(s->open_array), l, close ? (size_t)(close - l) : strlen(l));
		if (close) {
			free(s->open_array);
			s->open_array = NULL;
		}
		return 1;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	n = p;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	nl = (size_t)(p - n);
	if (!nl || isdigit((unsigned char)*n))
		return 0;
	if (p[0] == '=' && p[1] == '(')
		pvars_set(&s->arrays, n, nl, "", 0);
	else if (!(p[0] == '+' && p[1] == '=' && p[2] == '('))
		return 0;
	p += p[0] == '=' ? 2 : 3;
	close = array_close(p);
	array_add(s, n, nl, p, close ? (size_t)(close - p) : strlen(p));
	if (!close)
		s->open_array = xstrndup(n, nl);
	return 1;
}

/* `line` with each `"${NAME[@]}"` (or `[*]`, quoted or not) of a known array replaced by its words; malloc'd. */
static char *arrays_expand(const struct script *s, const char *line)
{
	struct buf b = BUF_INIT;
	for (const char *p = line; *p;) {
		int quoted = *p == '"';
		const char *q = p + quoted, *n = q + 2, *e = n, *val = NULL;
		if (q[0] == '$' && q[1] == '{') {
			while (isalnum((unsigned char)*e) || *e == '_')
				e++;
			if (e > n && e[0] == '[' && (e[1] == '@' || e[1] == '*') && e[2] == ']' && e[3] == '}' &&
			    (!quoted || e[4] == '"'))
				val = pvars_get(&s->arrays, n, (size_t)(e - n));
		}
		if (val) {
			buf_add(&b, val, strlen(val));
			p = e + 4 + quoted;
		} else {
			buf_putc(&b, *p++);
		}
	}
	return buf_detach(&b);
}

/* A variable before the tool (`$DRY docker buildx ...`: a dry-run switch, `echo` or nothing) is skipped. */
static const char *skip_wrapper(const char *p)
{
	const char *e = p + 1;
	if (*p != '$')
		return p;
	if (*e == '{') {
		e = strchr(e, '}');
		if (!e)
			return p;
		e++;
	} else {
		while (isalnum((unsigned char)*e) || *e == '_')
			e++;
	}
	if (e == p + 1 || (*e != ' ' && *e != '\t'))
		return p;
	while (*e == ' ' || *e == '\t')
		e++;
	return str_starts(e, "docker ") || str_starts(e, "podman ") || str_starts(e, "buildah ") ? e : p;
}

static void logical_line(struct script *s, const char *line, size_t off, const char *text)
{
	const char *p = line;
	char *x, *y;
	struct sh_script sh;
	if (array_line(s, line) || assignment(s, line))
		return;
	while (*p == '\t' || *p == ' ' || *p == '@' || *p == '-' || *p == '+')
		p++;
	/* a line without the words is no build, unless a variable may hold them (`$(OCI_BUILD) -t ...`) */
	if (!strstr(p, "build") && !strstr(p, "push") && !strstr(p, "bud") && !strstr(p, "tag") &&
	    !strstr(p, "compose") && !strchr(p, '$'))
		return;
	y = arrays_expand(s, skip_wrapper(p));
	x = pvars_expand(&s->vars, y);
	free(y);
	if (!strstr(x, "build") && !strstr(x, "push") && !strstr(x, "bud") && !strstr(x, "tag") && !strstr(x, "compose")) {
		free(x);
		return;
	}
	sh_parse(&sh, x, strlen(x));
	for (size_t i = 0; i < sh.ncmds; i++)
		command(s, &sh.cmds[i], off, text);
	sh_free(&sh);
	free(x);
}

/* Read `text` line by line (backslash continuations joined). `text_off` maps into the file for positions. */
static void read_lines(struct script *s, const char *text, size_t len)
{
	struct buf l = BUF_INIT;
	size_t start = 0, first = 0;        /* the physical line's start, the logical line's */
	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		if (l.len == 0)
			first = start;
		{
			size_t e = i;
			if (e > start && text[e - 1] == '\r')
				e--;
			if (e > start && text[e - 1] == '\\') {
				if (l.len < CI_MAX_LINE)
					buf_add(&l, text + start, e - 1 - start);
				buf_putc(&l, ' ');
				start = i + 1;
				continue;
			}
			if (l.len < CI_MAX_LINE)
				buf_add(&l, text + start, e - start);
		}
		{
			const char *ln = buf_str(&l);
			size_t q = 0;
			while (ln[q] == ' ' || ln[q] == '\t')
				q++;
			if (ln[q] && ln[q] != '#')
				logical_line(s, ln, first, text);
		}
		buf_clear(&l);
		start = i + 1;
	}
	buf_free(&l);
}

/* A build line followed, in the same file, by `docker push` of one of its tags: pushed. */
static void mark_pushed(struct script *s)
{
	for (size_t k = 0; k < s->nref_order; k++) {
		struct project_ref *r = &s->p->refs[s->ref_idx[k]];
		for (size_t t = 0; t < r->ntags && !r->pushed; t++)
			for (size_t j = 0; j < s->npushed && !r->pushed; j++) {
				char *a, *b;
				if (s->push_order[j] < s->ref_order[k])
					continue;
				if (!strcmp(r->tags[t], s->pushed[j])) {
					r->pushed = 1;
					break;
				}
				/* `docker push NAME` pushes every tag of NAME */
				a = project_image_name(r->tags[t]);
				b = project_image_name(s->pushed[j]);
				r->pushed = a && b && !strcmp(a, b) && !strchr(str_basename(s->pushed[j]), ':');
				free(a);
				free(b);
			}
	}
}

static void script_init(struct script *s, struct project *p, const char *path, int makefile)
{
	memset(s, 0, sizeof(*s));
	s->p = p;
	s->path = path;
	s->base = makefile ? NULL : "";
	s->makefile = makefile;
}

static void script_done(struct script *s)
{
	mark_pushed(s);
	pvars_free(&s->vars);
	pvars_free(&s->arrays);
	free(s->open_array);
	plist_free(s->pushed, s->npushed);
	free(s->push_order);
	free(s->ref_order);
	free(s->ref_idx);
}

void project_read_script(struct project *p, const char *path, const char *data, size_t len)
{
	struct script s;
	const char *b = str_basename(path);
	int makefile = str_ends(b, ".mk") || !strcmp(b, "Makefile") || !strcmp(b, "makefile") ||
		       !strcmp(b, "GNUmakefile");
	char *dir = makefile ? str_dirname(path) : NULL;
	script_init(&s, p, path, makefile);
	if (makefile)
		s.base = dir;
	read_lines(&s, data, len);
	script_done(&s);
	project_mentions_script(p, path, data, len, makefile);
	free(dir);
}

/*
 * Beyond revision 4 (HOLDOUT12.md, openmrs's README: `docker compose -f
 * docker-compose.yml -f docker-compose.override.yml -f
 * docker-compose.grafana.yml up`): the `docker compose -f` lines of a
 * Markdown file's fenced code blocks are Compose sets too, read from the
 * repository root; a leading `$ ` prompt is dropped. Only those: a README's
 * other commands are examples, not the project's builds.
 */
void project_read_doc_commands(struct project *p, const char *path, const char *data, size_t len)
{
	struct script s;
	char *t;
	int fenced = 0;
	if (!str_ends(path, ".md") && !str_ends(path, ".markdown"))
		return;
	/* the code lines kept in place (everything else blanked), so positions stay the file's */
	t = xmalloc(len + 1);
	for (size_t i = 0; i < len;) {
		size_t e = i, q = i;
		while (e < len && data[e] != '\n')
			e++;
		while (q < e && (data[q] == ' ' || data[q] == '\t'))
			q++;
		if (e - q >= 3 && (!memcmp(data + q, "```", 3) || !memcmp(data + q, "~~~", 3))) {
			fenced = !fenced;
			memset(t + i, ' ', e - i);
		} else if (fenced) {
			memcpy(t + i, data + i, e - i);
			if (e - q >= 2 && data[q] == '$' && data[q + 1] == ' ')
				t[q] = ' ';
		} else {
			memset(t + i, ' ', e - i);
		}
		if (e < len)
			t[e] = '\n';
		i = e + 1;
	}
	t[len] = '\0';
	script_init(&s, p, path, 0);
	s.docs_only = 1;
	read_lines(&s, t, len);
	script_done(&s);
	free(t);
}

struct project_cmds {
	struct script s;
	char *base;
};

struct project_cmds *project_cmds_open(struct project *p, const char *path)
{
	struct project_cmds *c = xcalloc(1, sizeof(*c));
	script_init(&c->s, p, path, 0);
	return c;
}

void project_cmds_read(struct project_cmds *c, const char *base, const char *text, size_t len, const char *where)
{
	size_t before = c->s.p->nrefs, sets = c->s.p->ncsets;
	free(c->base);
	c->base = xstrdup(base ? base : "");
	c->s.base = c->base;
	read_lines(&c->s, text, len);
	for (size_t k = before; where && k < c->s.p->nrefs; k++) {
		free(c->s.p->refs[k].where);
		c->s.p->refs[k].where = xstrdup(where);
	}
	for (size_t k = sets; where && k < c->s.p->ncsets; k++) {
		free(c->s.p->csets[k].where);
		c->s.p->csets[k].where = xstrdup(where);
	}
}

void project_cmds_close(struct project_cmds *c)
{
	if (!c)
		return;
	script_done(&c->s);
	free(c->base);
	free(c);
}

/* ---- GitHub workflows ---- */

/* A list given as a YAML list or as a string of lines / comma-separated values. */
static void str_items(const struct ydoc_node *n, char ***v, size_t *nv, int commas)
{
	if (!n)
		return;
	if (n->type == YDOC_SEQUENCE) {
		for (size_t i = 0; i < n->nitems; i++)
			if (ydoc_str(n->items[i]))
				plist_add(v, nv, xstrdup(ydoc_str(n->items[i])));
		return;
	}
	if (ydoc_str(n)) {
		const char *s = ydoc_str(n);
		while (*s) {
			size_t k = commas ? strcspn(s, ",\n") : strcspn(s, "\n");
			const char *a = s, *e = s + k;
			while (a < e && (*a == ' ' || *a == '\t'))
				a++;
			while (e > a && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
				e--;
			if (e > a)
				plist_add(v, nv, xstrndup(a, (size_t)(e - a)));
			s += k;
			if (*s)
				s++;
		}
	}
}

/* Environments a workflow step sees, innermost first (step, job, workflow). */
#define GH_ENV_LEVELS 3

/* The expression from n to its closing `}}` at e is `name` alone. */
static int gh_is(const char *n, const char *e, const char *name)
{
	size_t l = strlen(name);
	if ((size_t)(e - n) < l || strncmp(n, name, l))
		return 0;
	for (n += l; n < e; n++)
		if (*n != ' ')
			return 0;
	return 1;
}

/*
 * Beyond revision 4 (HOLDOUT13.md, autobrr's release.yml: `file: ${{
 * matrix.file || './ci.Dockerfile' }}`): an expression ending in `|| 'TEXT'`
 * is TEXT whenever its left side is empty, the case berth reads. Appends
 * TEXT to b and returns 1, else 0. [n, e) is the expression's inside.
 */
static int gh_default(struct buf *b, const char *n, const char *e)
{
	const char *or = NULL, *l, *r;
	for (const char *t = n; t + 1 < e; t++)
		if (t[0] == '|' && t[1] == '|')
			or = t;
	if (!or)
		return 0;
	for (l = or + 2; l < e && *l == ' '; l++)
		;
	for (r = e; r > l && r[-1] == ' '; r--)
		;
	if (r - l < 2 || (*l != '\'' && *l != '"') || r[-1] != *l || memchr(l + 1, *l, (size_t)(r - l - 2)))
		return 0;
	buf_add(b, l + 1, (size_t)(r - l - 2));
	return 1;
}

/*
 * `s` with every `${{ env.NAME }}` the step's environments give replaced by
 * its value (the innermost wins), and `${{ github.repository }}` /
 * `${{ github.repository_owner }}` by the repository's slug when it is known
 * (an env value made of those is expanded too: linkwarden's
 * `IMAGE_NAME: ${{ github.repository }}`); other expressions stay as
 * written. malloc'd. envs may be NULL.
 */
static char *gh_expand(const char *s, const struct ydoc_node *const *envs, const char *slug)
{
	struct buf b = BUF_INIT;
	const char *p = s;
	while (*p) {
		const char *q = strstr(p, "${{"), *e, *n, *val = NULL;
		size_t nl;
		if (!q) {
			buf_add(&b, p, strlen(p));
			break;
		}
		buf_add(&b, p, (size_t)(q - p));
		e = strstr(q, "}}");
		if (!e) {
			buf_add(&b, q, strlen(q));
			break;
		}
		n = q + 3;
		while (*n == ' ')
			n++;
		if (slug && gh_is(n, e, "github.repository")) {
			buf_puts(&b, slug);
			p = e + 2;
			continue;
		}
		if (slug && gh_is(n, e, "github.repository_owner") && strchr(slug, '/')) {
			buf_add(&b, slug, (size_t)(strchr(slug, '/') - slug));
			p = e + 2;
			continue;
		}
		if (envs && str_starts(n, "env.")) {
			n += 4;
			for (nl = 0; isalnum((unsigned char)n[nl]) || n[nl] == '_'; nl++)
				;
			{
				const char *t = n + nl;
				while (*t == ' ')
					t++;
				for (int k = 0; nl && t == e && k < GH_ENV_LEVELS && !val; k++) {
					const struct ydoc_node *m = envs[k];
					for (size_t i = 0; m && m->type == YDOC_MAPPING && i < m->npairs && !val; i++) {
						const char *key = ydoc_str(m->pairs[i].key);
						if (key && strlen(key) == nl && !strncmp(key, n, nl))
							val = ydoc_str(m->pairs[i].value);
					}
				}
			}
		}
		if (val && strstr(val, "${{") && slug) {
			char *inner = gh_expand(val, NULL, slug);     /* github.* only: no env loop */
			if (!strstr(inner, "${{"))
				buf_puts(&b, inner);
			else
				buf_add(&b, q, (size_t)(e + 2 - q));
			free(inner);
		} else if (val && !strstr(val, "${{")) {
			buf_add(&b, val, strlen(val));
		} else if (!gh_default(&b, n, e)) {
			buf_add(&b, q, (size_t)(e + 2 - q));
		}
		p = e + 2;
	}
	return buf_detach(&b);
}

/*
 * A job's matrix (beyond CHECKLIST.md revision 4, which names the step's
 * `file:`/`context:` only): hedgedoc builds `${{ matrix.component }}/docker/
 * Dockerfile` for each component of a list. One variable bound to one value
 * of its list; the step is read once per value.
 */
struct gh_matrix {
	const char *key, *val;
};

/* Values of one matrix variable read per step: more and the step is read as written. */
#define GH_MATRIX_MAX 16

/* `s` with every `${{ matrix.KEY }}` replaced by m's value (malloc'd); a copy without m. */
static char *matrix_subst(const char *s, const struct gh_matrix *m)
{
	struct buf b = BUF_INIT;
	const char *p = s;
	size_t kl = m ? strlen(m->key) : 0;
	while (m && *p) {
		const char *q = strstr(p, "${{"), *e, *n;
		if (!q || !(e = strstr(q, "}}")))
			break;
		n = q + 3;
		while (*n == ' ')
			n++;
		buf_add(&b, p, (size_t)(q - p));
		if (str_starts(n, "matrix.") && (size_t)(e - n) >= 7 + kl && !strncmp(n + 7, m->key, kl) &&
		    gh_is(n + 7, e, m->key))
			buf_puts(&b, m->val);
		else
			buf_add(&b, q, (size_t)(e + 2 - q));
		p = e + 2;
	}
	buf_puts(&b, p);
	return buf_detach(&b);
}

/* The step's `with.KEY` string with matrix and env expressions expanded (malloc'd), or NULL. */
static char *with_str(const struct ydoc_node *with, const char *key, const struct ydoc_node *const *envs,
		      const char *slug, const struct gh_matrix *m)
{
	const char *v = ydoc_str(ydoc_get(with, key));
	char *t, *r;
	if (!v)
		return NULL;
	t = matrix_subst(v, m);
	r = gh_expand(t, envs, slug);
	free(t);
	return r;
}

/* docker/build-push-action, or a fork with the same inputs (useblacksmith/build-push-action). */
static int build_push_action(const char *uses)
{
	const char *at = uses ? strchr(uses, '@') : NULL, *slash = uses ? strchr(uses, '/') : NULL;
	size_t n = at ? (size_t)(at - uses) : uses ? strlen(uses) : 0;
	return slash && (size_t)(slash - uses) < n && n - (size_t)(slash - uses) == strlen("/build-push-action") &&
	       !strncmp(slash, "/build-push-action", n - (size_t)(slash - uses));
}

/*
 * `outputs: type=image,name=NAME,push-by-digest=true,push=true` (linkwarden's
 * release workflow pushes by digest, its tags made later by imagetools): the
 * image's name is a tag of the build. Beyond CHECKLIST.md revision 4, which
 * reads `tags:` only; whether it is pushed stays `push:`'s (rule 2), so an
 * outputs-only push publishes nothing (outline's Dockerfile.base stays a
 * builder).
 */
static void outputs_names(struct project_ref *r, const struct ydoc_node *outputs)
{
	char **items = NULL;
	size_t n = 0;
	str_items(outputs, &items, &n, 0);
	for (size_t i = 0; i < n; i++) {
		const char *o = items[i], *name = strstr(o, "name=");
		if (!strstr(o, "type=image") && !strstr(o, "type=registry"))
			continue;
		/* `name=` itself, not the end of `push-by-digest-name=` or similar */
		while (name && name != o && name[-1] != ',')
			name = strstr(name + 1, "name=");
		if (name && name[5] && name[5] != ',')
			plist_add(&r->tags, &r->ntags, xstrndup(name + 5, strcspn(name + 5, ",")));
	}
	plist_free(items, n);
}

/* docker/metadata-action (or a fork with its inputs). */
static int metadata_action(const char *uses)
{
	const char *slash = uses ? strchr(uses, '/') : NULL;
	size_t n = slash ? strcspn(slash, "@") : 0;
	return slash && n == strlen("/metadata-action") && !strncmp(slash, "/metadata-action", n);
}

/* Names of images metadata-action lists: `NAME` or `name=NAME,enable=...` per line (malloc'd strings). */
/* The image name's last component (after its last '/') is literal: no expression in it. */
static int literal_last(const char *v)
{
	const char *slash = strrchr(v, '/'), *close = NULL;
	for (const char *q = strstr(v, "}}"); q; q = strstr(q + 2, "}}"))
		close = q;
	return slash && slash[1] && close && close < slash && !strchr(slash, '$') && !strchr(slash, '{');
}

static void meta_images(const struct ydoc_node *with, const struct ydoc_node *const *envs, const char *slug,
			const struct gh_matrix *m, char ***out, size_t *n)
{
	char **items = NULL;
	size_t ni = 0;
	str_items(ydoc_get(with, "images"), &items, &ni, 0);
	for (size_t i = 0; i < ni; i++) {
		char *t = matrix_subst(items[i], m), *x = gh_expand(t, envs, slug);
		const char *v = x, *name = strstr(x, "name=");
		free(t);
		if (name && (name == x || name[-1] == ','))
			v = name + 5;
		/*
		 * an expression in the namespace, a literal name after it
		 * (`${{ secrets.DOCKER_USERNAME }}/paperless-ai`) is kept for its
		 * last component (project.c, one_wild_image)
		 */
		if (*v && (!strstr(v, "${{") || literal_last(v)))
			plist_add(out, n, xstrndup(v, strcspn(v, ",")));
		free(x);
	}
	plist_free(items, ni);
}

/*
 * A step's `${{ steps.ID.outputs.tags }}` where step ID is a metadata-action
 * (beyond CHECKLIST.md revision 4, which reads `tags:` as written): each of
 * its images with each plain tag it sets (`NAME`, `type=raw,value=NAME`), or
 * the image name alone when its tags are computed (semver, ref, sha): the
 * name is what makes it a project image. Returns 1 when `item` was one.
 */
static int meta_tags(const struct ydoc_node *steps, const char *item, const struct ydoc_node *const *envs,
		     const char *slug, const struct gh_matrix *m, char ***out, size_t *n)
{
	const char *q = strstr(item, "${{"), *e = q ? strstr(q, "}}") : NULL, *id, *idend;
	char **images = NULL, **tags = NULL;
	size_t nimg = 0, ntag = 0, plain = 0;
	const struct ydoc_node *with = NULL;
	if (!q || !e)
		return 0;
	id = q + 3;
	while (*id == ' ')
		id++;
	if (!str_starts(id, "steps."))
		return 0;
	id += 6;
	idend = strstr(id, ".outputs.tags");
	if (!idend || idend > e || !gh_is(idend + 13, e, ""))
		return 0;
	for (size_t i = 0; steps && steps->type == YDOC_SEQUENCE && i < steps->nitems && !with; i++) {
		const char *sid = ydoc_str(ydoc_get(steps->items[i], "id"));
		if (sid && strlen(sid) == (size_t)(idend - id) && !strncmp(sid, id, (size_t)(idend - id)) &&
		    metadata_action(ydoc_str(ydoc_get(steps->items[i], "uses"))))
			with = ydoc_get(steps->items[i], "with");
	}
	if (!with)
		return 0;
	meta_images(with, envs, slug, m, &images, &nimg);
	str_items(ydoc_get(with, "tags"), &tags, &ntag, 0);
	for (size_t t = 0; t < ntag; t++) {
		char *x = matrix_subst(tags[t], m), *v = gh_expand(x, envs, slug), *val = NULL;
		free(x);
		if (!strstr(v, "type=") && !strchr(v, ',') && !strstr(v, "${{") && !strchr(v, '{'))
			val = xstrdup(v);
		else if (str_starts(v, "type=raw,") && strstr(v, "value=") && !strstr(v, "${{")) {
			const char *a = strstr(v, "value=") + 6;
			val = xstrndup(a, strcspn(a, ","));
		}
		for (size_t i = 0; val && *val && i < nimg; i++) {
			plist_add(out, n, xasprintf("%s:%s", images[i], val));
			plain++;
		}
		free(val);
		free(v);
	}
	for (size_t i = 0; !plain && i < nimg; i++)
		plist_add(out, n, xstrdup(images[i]));
	plist_free(images, nimg);
	plist_free(tags, ntag);
	return 1;
}

static void build_push_step(struct project *p, const char *path, const struct ydoc_node *step,
			    const struct ydoc_node *const *envs, const struct gh_matrix *m,
			    const struct ydoc_node *steps)
{
	const struct ydoc_node *with = ydoc_get(step, "with"), *push;
	char *file = with_str(with, "file", envs, p->slug, m), *ctx = with_str(with, "context", envs, p->slug, m);
	char *where = xasprintf("%s:%d", path, step->start.line), *tags;
	struct project_ref *r = project_new_ref(p, PSRC_WORKFLOW, where);
	free(where);
	if (!r) {
		free(file);
		free(ctx);
		return;
	}
	/* the action's defaults: the repository root (its Git context), and Dockerfile in the context */
	if (!ctx)
		r->context = xstrdup("");
	else if (!strstr(ctx, "${{") && !strstr(ctx, "://"))
		r->context = path_join_norm("", ctx);
	if (file && !strstr(file, "${{"))
		r->dockerfile = path_join_norm("", file);
	else if (!file && r->context)
		r->dockerfile = path_join_norm(r->context, "Dockerfile");
	push = ydoc_get(with, "push");
	if (push && ydoc_str(push))
		r->pushed = ydoc_bool(push) == 1 || !strcmp(ydoc_str(push), "true") || strstr(ydoc_str(push), "${{") != NULL;
	{
		char **items = NULL;
		size_t ni = 0;
		str_items(ydoc_get(with, "tags"), &items, &ni, 1);
		for (size_t i = 0; i < ni; i++)
			if (!meta_tags(steps, items[i], envs, p->slug, m, &r->tags, &r->ntags))
				plist_add(&r->tags, &r->ntags, xstrdup(items[i]));
		plist_free(items, ni);
	}
	outputs_names(r, ydoc_get(with, "outputs"));
	for (size_t i = 0; i < r->ntags; i++) {
		char *t = matrix_subst(r->tags[i], m);
		tags = gh_expand(t, envs, p->slug);
		free(t);
		free(r->tags[i]);
		r->tags[i] = tags;
	}
	free(file);
	free(ctx);
	str_items(ydoc_get(with, "build-args"), &r->args, &r->nargs, 0);
	str_items(ydoc_get(with, "build-contexts"), &r->named, &r->nnamed, 0);
	if (ydoc_str(ydoc_get(with, "target")))
		r->target = xstrdup(ydoc_str(ydoc_get(with, "target")));
}

/* Add a matrix value once (expressions skipped); 0 when the list is full. */
static int gh_matrix_add(const char **vals, size_t *n, const char *v)
{
	if (!v || strstr(v, "${{"))
		return 1;
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(vals[i], v))
			return 1;
	if (*n >= GH_MATRIX_MAX)
		return 0;
	vals[(*n)++] = v;
	return 1;
}

/*
 * The matrix variable the step's file: or context: names, when the job's
 * strategy.matrix gives it a list of strings, or its `include:` entries
 * give it values: the step once per distinct value (at most GH_MATRIX_MAX);
 * otherwise once, as written.
 */
static void build_push_steps(struct project *p, const char *path, const struct ydoc_node *job,
			     const struct ydoc_node *step, const struct ydoc_node *const *envs)
{
	const struct ydoc_node *steps = ydoc_get(job, "steps");
	const struct ydoc_node *with = ydoc_get(step, "with"), *list = NULL;
	const struct ydoc_node *matrix = ydoc_get(ydoc_get(job, "strategy"), "matrix");
	const char *fields[] = { ydoc_str(ydoc_get(with, "file")), ydoc_str(ydoc_get(with, "context")) };
	char key[64] = "";
	for (int f = 0; f < 2 && !*key; f++) {
		const char *q = fields[f] ? strstr(fields[f], "${{") : NULL;
		while (q && !*key) {
			const char *n = q + 3, *e = strstr(q, "}}");
			size_t kl = 0;
			while (*n == ' ')
				n++;
			if (e && str_starts(n, "matrix.")) {
				n += 7;
				while (isalnum((unsigned char)n[kl]) || n[kl] == '_' || n[kl] == '-')
					kl++;
				if (kl && kl < sizeof(key) && gh_is(n + kl, e, "")) {
					memcpy(key, n, kl);
					key[kl] = '\0';
				}
			}
			q = e ? strstr(e, "${{") : NULL;
		}
	}
	const char *vals[GH_MATRIX_MAX];
	size_t nv = 0;
	int over = 0;
	if (*key)
		list = ydoc_get(matrix, key);
	if (list && list->type == YDOC_SEQUENCE) {
		for (size_t i = 0; i < list->nitems && !over; i++)
			over = !gh_matrix_add(vals, &nv, ydoc_str(list->items[i]));
	} else if (*key && (list = ydoc_get(matrix, "include")) != NULL && list->type == YDOC_SEQUENCE) {
		/* `include:` entries each giving the variable (langfuse's web and worker, invidious's two arches) */
		for (size_t i = 0; i < list->nitems && !over; i++)
			over = !gh_matrix_add(vals, &nv, ydoc_str(ydoc_get(list->items[i], key)));
	}
	if (!nv || over) {
		build_push_step(p, path, step, envs, NULL, steps);
		return;
	}
	for (size_t i = 0; i < nv; i++) {
		struct gh_matrix m = { key, vals[i] };
		build_push_step(p, path, step, envs, &m, steps);
	}
}

/* An image CI jobs run in joins p->ci_images (a variable in it: unknown, skipped). */
static void ci_image(struct project *p, const char *img)
{
	char *name;
	if (!img || !*img || strchr(img, '$') || p->nci_images >= PROJECT_MAX_REFS)
		return;
	name = project_image_name(img);
	if (name && *name && !plist_has(p->ci_images, p->nci_images, name))
		plist_add(&p->ci_images, &p->nci_images, name);
	else
		free(name);
}

/* A job's `container:` (an image, or a mapping with `image:`). */
static void job_container(struct project *p, const struct ydoc_node *job)
{
	const struct ydoc_node *c = ydoc_get(job, "container");
	ci_image(p, ydoc_str(c) ? ydoc_str(c) : ydoc_str(ydoc_get(c, "image")));
}

/*
 * Beyond revision 4 (HOLDOUT12.md, pgcat's .circleci/config.yml: `docker: -
 * image: ghcr.io/postgresml/pgcat-ci:latest`): the images CI jobs run in —
 * CircleCI executors (`docker:` lists of `image:`, in jobs and executors) and
 * GitLab CI's `image:` (top level, `default:` and jobs) — join p->ci_images,
 * as a GitHub job's `container:` does.
 */
void project_read_ci_config(struct project *p, const char *path, const char *data, size_t len)
{
	struct ydoc y;
	const struct ydoc_node *root;
	int gitlab = !strcmp(str_basename(path), ".gitlab-ci.yml");
	memset(&y, 0, sizeof(y));
	if (ydoc_load(&y, data, len) != 0 || !y.ndocs || (root = y.docs[0])->type != YDOC_MAPPING) {
		ydoc_free(&y);
		return;
	}
	if (gitlab) {
		const struct ydoc_node *img = ydoc_get(root, "image");
		ci_image(p, ydoc_str(img) ? ydoc_str(img) : ydoc_str(ydoc_get(img, "name")));
		img = ydoc_get(ydoc_get(root, "default"), "image");
		ci_image(p, ydoc_str(img) ? ydoc_str(img) : ydoc_str(ydoc_get(img, "name")));
		for (size_t j = 0; j < root->npairs; j++) {
			img = ydoc_get(root->pairs[j].value, "image");
			ci_image(p, ydoc_str(img) ? ydoc_str(img) : ydoc_str(ydoc_get(img, "name")));
		}
	} else {
		static const char *const groups[] = { "jobs", "executors", NULL };
		for (size_t g = 0; groups[g]; g++) {
			const struct ydoc_node *m = ydoc_get(root, groups[g]);
			for (size_t j = 0; m && m->type == YDOC_MAPPING && j < m->npairs; j++) {
				const struct ydoc_node *d = ydoc_get(m->pairs[j].value, "docker");
				for (size_t k = 0; d && d->type == YDOC_SEQUENCE && k < d->nitems; k++)
					ci_image(p, ydoc_str(ydoc_get(d->items[k], "image")));
			}
		}
	}
	ydoc_free(&y);
}

/*
 * Beyond CHECKLIST.md revision 4 (HOLDOUT16.md, crater's uffizzi-build.yml:
 * `on: pull_request` only, pushing to a throwaway preview registry): the
 * workflow's triggers are all pull-request events.
 */
static int pr_event(const char *s)
{
	return s && (!strcmp(s, "pull_request") || !strcmp(s, "pull_request_target"));
}

static int pr_only(const struct ydoc_node *on)
{
	size_t n = 0;
	if (!on)
		return 0;
	if (on->type == YDOC_SCALAR)
		return pr_event(ydoc_str(on));
	if (on->type == YDOC_SEQUENCE) {
		for (size_t i = 0; i < on->nitems; i++)
			if (!pr_event(ydoc_str(on->items[i])))
				return 0;
		return on->nitems > 0;
	}
	if (on->type == YDOC_MAPPING) {
		for (size_t i = 0; i < on->npairs; i++, n++)
			if (!pr_event(ydoc_str(on->pairs[i].key)))
				return 0;
		return n > 0;
	}
	return 0;
}

void project_read_workflow(struct project *p, const char *path, const char *data, size_t len)
{
	struct ydoc y;
	const struct ydoc_node *jobs;
	size_t first_ref;
	memset(&y, 0, sizeof(y));
	if (ydoc_load(&y, data, len) != 0 || !y.ndocs) {
		ydoc_free(&y);
		return;
	}
	jobs = ydoc_get(y.docs[0], "jobs");
	first_ref = p->nrefs;
	for (size_t j = 0; jobs && jobs->type == YDOC_MAPPING && j < jobs->npairs; j++) {
		const struct ydoc_node *steps = ydoc_get(jobs->pairs[j].value, "steps");
		const struct ydoc_node *envs[GH_ENV_LEVELS] = { NULL, ydoc_get(jobs->pairs[j].value, "env"),
								ydoc_get(y.docs[0], "env") };
		struct script s;
		const struct ydoc_node *job = jobs->pairs[j].value;
		const char *jname = ydoc_str(jobs->pairs[j].key), *title = ydoc_str(ydoc_get(job, "name"));
		if (jname && job->end.offset <= len && job->start.offset < job->end.offset) {
			char *label = xasprintf("job %s", jname);
			int test = str_has_word(jname, ".-_ ", MENTION_TEST_WORDS) ||
				   (title && str_has_word(title, ".-_ ()", MENTION_TEST_WORDS));
			project_mentions_in(p, path, "", data, job->start.offset, job->end.offset,
					    test ? MENTION_TEST : MENTION_RUN, label);
			free(label);
		}
		job_container(p, job);
		script_init(&s, p, path, 0);
		for (size_t i = 0; steps && steps->type == YDOC_SEQUENCE && i < steps->nitems; i++) {
			const struct ydoc_node *st = steps->items[i];
			const char *uses = ydoc_str(ydoc_get(st, "uses")), *run = ydoc_str(ydoc_get(st, "run"));
			envs[0] = ydoc_get(st, "env");
			if (build_push_action(uses))
				build_push_steps(p, path, job, st, envs);
			if (run) {
				const struct ydoc_node *rn = ydoc_get(st, "run");
				/* positions: the step's run: value, counted in the workflow file */
				size_t before = p->nrefs, sets = p->ncsets;
				read_lines(&s, run, strlen(run));
				for (size_t k = before; k < p->nrefs; k++) {
					free(p->refs[k].where);
					p->refs[k].where = xasprintf("%s:%d", path, rn->start.line);
				}
				for (size_t k = sets; k < p->ncsets; k++) {
					free(p->csets[k].where);
					p->csets[k].where = xasprintf("%s:%d (job %s)", path, rn->start.line, jname ? jname : "?");
				}
			}
		}
		script_done(&s);
	}
	/* a workflow run only for pull requests pushes previews, not releases */
	if (pr_only(ydoc_get(y.docs[0], "on")))
		for (size_t k = first_ref; k < p->nrefs; k++)
			if (p->refs[k].pushed)
				p->refs[k].pushed = PUSH_PREVIEW;
	ydoc_free(&y);
}

/* ---- package.json scripts ---- */

/* `needle` occurs in data[0..len) (the data need not end with a NUL). */
static int has_bytes(const char *data, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (data[i] == needle[0] && !memcmp(data + i, needle, n))
			return 1;
	return 0;
}

/*
 * `npm run NAME` runs a script of package.json: the images its `docker
 * build -t NAME` lines tag are project images (beyond CHECKLIST.md revision
 * 4, which names *.sh, Makefiles and workflows: uptime-kuma builds and
 * pushes its base images from package.json). Only the names are kept: as
 * references they would also decide roles, where one image name tagging
 * several Dockerfiles (louislam/uptime-kuma:base2, :builder-go, :push)
 * would tie each to the others' users.
 */
void project_read_package_json(struct project *p, const char *path, const char *data, size_t len)
{
	struct ydoc y;
	size_t clen;
	char *clean, *dir;
	const struct ydoc_node *scripts;
	/* most manifests build nothing: no parse for them */
	if (!has_bytes(data, len, "build") || (!has_bytes(data, len, "docker") && !has_bytes(data, len, "podman")))
		return;
	clean = project_json_clean(data, len, &clen);
	dir = str_dirname(path);
	memset(&y, 0, sizeof(y));
	if (ydoc_load(&y, clean, clen) == 0 && y.ndocs && y.docs[0]->type == YDOC_MAPPING &&
	    (scripts = ydoc_get(y.docs[0], "scripts")) && scripts->type == YDOC_MAPPING) {
		struct project tmp;
		struct script s;
		project_init(&tmp);
		script_init(&s, &tmp, path, 0);
		s.base = dir;
		for (size_t i = 0; i < scripts->npairs; i++)
			if (ydoc_str(scripts->pairs[i].value))
				read_lines(&s, ydoc_str(scripts->pairs[i].value), strlen(ydoc_str(scripts->pairs[i].value)));
		script_done(&s);
		for (size_t i = 0; i < tmp.nrefs; i++)
			for (size_t k = 0; k < tmp.refs[i].ntags && p->npkg_images < PROJECT_MAX_REFS; k++)
				if (!plist_has(p->pkg_images, p->npkg_images, tmp.refs[i].tags[k]))
					plist_add(&p->pkg_images, &p->npkg_images, xstrdup(tmp.refs[i].tags[k]));
		project_free(&tmp);
	}
	ydoc_free(&y);
	free(clean);
	free(dir);
}
