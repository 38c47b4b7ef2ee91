/*
 * fix_df_envrole - sec.healthcheck's "one image, one role" precondition when
 * an environment variable switches the role (FIX-HOLDOUT10.md R1).
 *
 * Dolibarr's entrypoint script docker-run.sh ends with
 *     if [[ ${DOLI_CRON} -eq 1 ]]; then ... cron -f; exit 0; fi
 *     exec "$@"
 * so a container started with DOLI_CRON=1 runs cron alone and nothing
 * listens on the port the image EXPOSEs; the repository's own Compose files
 * run the image that way. A HEALTHCHECK baked into the image marks every
 * such container unhealthy for ever.
 *
 * The rule: the script the ENTRYPOINT (or CMD) runs has an `if` testing an
 * environment variable whose branch runs another program in the
 * foreground — `exec PROGRAM`, or a long-running program (a foreground
 * flag such as `-f`, or a role name: cron, a worker, a scheduler) followed
 * by `exit` — that is not the image's own command. The variable is the
 * environment's when the script never sets it except from itself
 * (`X=${X:-0}`, `X=$(get_env X)`). The note names the Compose service of the
 * repository that sets the variable for this image when there is one.
 *
 * Not read (limits): `case` on a variable, branches in scripts the entry
 * script sources or calls, `env_file:` values.
 *
 * s6-overlay images (ENTRYPOINT /init) start no script berth sees in the
 * ENTRYPOINT: their set-up scripts are the files the image copies into
 * /etc/cont-init.d, /etc/services.d/<name>/run and
 * /etc/s6-overlay/s6-rc.d/<name>/up|run (LibreNMS: `COPY rootfs /`, and
 * 04-svc-main.sh `exit 0`s on SIDECAR_DISPATCHER=1 before it writes the nginx
 * service, FIX-HOLDOUT11.md R1). Such a script that exits on an environment
 * variable before it sets up a server, while a Compose service of the
 * repository running the image sets the variable so, withholds the probe.
 * Only folders copied from the build context whole (`COPY rootfs /`,
 * `COPY cont-init.d /etc/cont-init.d`) are read, at an absolute destination.
 */
#include "fix_df.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfa.h"
#include "yamldoc.h"

/* Words of an entry script looked at, at most (a real one has a few thousand). */
#define FIX_ENVROLE_WORDS 20000
/* Length of a variable or program name kept. */
#define FIX_ENVROLE_NAME 64
/* s6-overlay scripts read at most, and bytes of each (a real one is a few KiB). */
#define FIX_ENVROLE_S6_FILES 64
#define FIX_ENVROLE_S6_BYTES (256 * 1024)

struct tok {
	char *w;        /* quotes removed, $ and ${} kept */
	int start;      /* first word of a command */
	int line;
};

struct toks {
	struct tok *t;
	size_t n, cap;
};

static int is_kw(const struct tok *t, const char *kw)
{
	return t->start && !strcmp(t->w, kw);
}

/* After these words a command starts. */
static int opens_command(const char *w)
{
	static const char *const kws[] = { "then", "else", "do", "if", "elif", "while", "until", "!", "{", "}", NULL };
	for (size_t i = 0; kws[i]; i++)
		if (!strcmp(w, kws[i]))
			return 1;
	return 0;
}

/* Skip a here-document body: the lines up to the one that is the delimiter (tabs stripped for <<-). */
static const char *skip_heredoc(const char *p, const char *delim, int *line)
{
	size_t dl = strlen(delim);
	while (*p) {
		const char *e = strchr(p, '\n'), *q = p;
		size_t ll = e ? (size_t)(e - p) : strlen(p);
		while (*q == '\t')
			q++;
		ll -= (size_t)(q - p);
		if (ll && q[ll - 1] == '\r')
			ll--;
		p = e ? e + 1 : p + strlen(p);
		(*line)++;
		if (ll == dl && !strncmp(q, delim, dl))
			break;
	}
	return p;
}

/* One word from p (quotes removed): its end. */
static const char *read_word(const char *p, struct buf *b, int *line)
{
	while (*p && !strchr(" \t\r\n;&|<>()", *p)) {
		if (*p == '\'') {
			for (p++; *p && *p != '\''; p++)
				buf_putc(b, *p), *line += *p == '\n';
			p += *p != '\0';
		} else if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				buf_putc(b, *p);
				*line += *p == '\n';
			}
			p += *p != '\0';
		} else if (*p == '\\' && p[1]) {
			if (p[1] != '\n')
				buf_putc(b, p[1]);
			*line += p[1] == '\n';
			p += 2;
		} else if (*p == '$' && (p[1] == '(' || p[1] == '{')) {
			char open = p[1], close = open == '(' ? ')' : '}';
			int depth = 0;
			do {
				depth += *p == open;
				depth -= *p == close;
				*line += *p == '\n';
				buf_putc(b, *p++);
			} while (*p && depth > 0);
		} else if (*p == '`') {
			buf_putc(b, *p++);
			while (*p && *p != '`')
				*line += *p == '\n', buf_putc(b, *p++);
			if (*p)
				buf_putc(b, *p++);
		} else {
			buf_putc(b, *p++);
		}
	}
	return p;
}

/* The script's words, each marked when it begins a command (not a shell: enough to see if/then/fi). */
static void tokenize(const char *text, struct toks *out)
{
	const char *p = text;
	char *heredoc = NULL;
	int start = 1, line = 1;
	while (*p && out->n < FIX_ENVROLE_WORDS) {
		struct buf b = BUF_INIT;
		struct tok t;
		if (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
			continue;
		}
		if (*p == '\\' && p[1] == '\n') {
			p += 2;
			line++;
			continue;
		}
		if (*p == '\n') {
			p++;
			line++;
			start = 1;
			if (heredoc) {
				p = skip_heredoc(p, heredoc, &line);
				free(heredoc);
				heredoc = NULL;
			}
			continue;
		}
		if (*p == '#') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (strchr(";&|()", *p)) {
			start = 1;
			p++;
			continue;
		}
		if (*p == '<' && p[1] == '<' && p[2] != '<') {
			p += 2;
			p += *p == '-';
			while (*p == ' ' || *p == '\t')
				p++;
			p = read_word(p, &b, &line);
			free(heredoc);
			heredoc = buf_detach(&b);
			continue;
		}
		if (*p == '<' || *p == '>') {
			p++;
			continue;
		}
		p = read_word(p, &b, &line);
		t.w = buf_detach(&b);
		t.start = start;
		t.line = line;
		PUSH(out->t, out->n, out->cap, t);
		start = start && opens_command(t.w);
	}
	free(heredoc);
}

static void toks_free(struct toks *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->t[i].w);
	free(t->t);
}

/* The variable a word reads ($X, ${X}, ${X:-d}, ${X-d}) into name; 0 when none or a positional/special one. */
static int var_of(const char *w, char *name)
{
	size_t n = 0;
	if (w[0] != '$')
		return 0;
	w += 1 + (w[1] == '{');
	while ((isalnum((unsigned char)w[n]) || w[n] == '_') && n + 1 < FIX_ENVROLE_NAME)
		n++;
	if (!n || isdigit((unsigned char)w[0]))
		return 0;
	memcpy(name, w, n);
	name[n] = '\0';
	return 1;
}

struct branch {
	char var[FIX_ENVROLE_NAME];
	char *value;            /* the literal it is compared with (NULL: any non-empty value) */
	int neg;                /* != / -ne: taken when the value differs */
	int numeric;            /* -eq / -ne */
	char prog[FIX_ENVROLE_NAME];
	int if_line, prog_line;
};

/* The test of an `if` (its words up to `then`): a variable against a literal, or not empty. */
static int read_test(const struct tok *t, size_t n, struct branch *b)
{
	for (size_t i = 0; i < n; i++) {
		const char *op = i + 1 < n ? t[i + 1].w : "", *lit = i + 2 < n ? t[i + 2].w : NULL;
		if (!strcmp(t[i].w, "-n") && i + 1 < n && var_of(t[i + 1].w, b->var))
			return 1;
		if (!var_of(t[i].w, b->var))
			continue;
		if (!strcmp(op, "]") || !strcmp(op, "]]")) {
			if (i > 0 && (!strcmp(t[i - 1].w, "[") || !strcmp(t[i - 1].w, "[[")))
				return 1;       /* [ "$X" ]: set and not empty */
			continue;
		}
		b->numeric = !strcmp(op, "-eq") || !strcmp(op, "-ne");
		b->neg = !strcmp(op, "!=") || !strcmp(op, "-ne");
		if (lit && !strchr(lit, '$') && (b->numeric || b->neg || !strcmp(op, "=") || !strcmp(op, "=="))) {
			b->value = xstrdup(lit);
			return 1;
		}
	}
	return 0;
}

/* The index of the program a command runs past exec, assignments and privilege or init wrappers (n when none). */
static size_t program_at(const struct tok *t, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *w = t[i].w, *b = str_basename(w);
		if (strchr(w, '=') && w[0] != '-' && w[0] != '$') {
			i++;    /* VAR=value */
		} else if (!strcmp(b, "exec") || !strcmp(b, "env") || !strcmp(b, "nohup") || !strcmp(b, "tini") ||
			   !strcmp(b, "dumb-init") || !strcmp(b, "--")) {
			i++;
			while (i < n && t[i].w[0] == '-' && strcmp(t[i].w, "--") != 0)
				i++;
		} else if (!strcmp(b, "gosu") || !strcmp(b, "su-exec") || !strcmp(b, "s6-setuidgid") ||
			   !strcmp(b, "chpst") || !strcmp(b, "sudo") || !strcmp(b, "setpriv")) {
			i++;
			while (i < n && t[i].w[0] == '-')
				i += 1 + (i + 1 < n && (!strcmp(t[i].w, "-u") || !strcmp(t[i].w, "-g")));
			if (strcmp(b, "sudo") != 0 && strcmp(b, "setpriv") != 0)
				i++;    /* the user */
		} else {
			break;
		}
	}
	return i < n ? i : n;
}

/* The program a command runs (program_at); NULL when it is "$@" or a variable. */
static const char *program_of_cmd(const struct tok *t, size_t n)
{
	size_t i = program_at(t, n);
	if (i >= n || t[i].w[0] == '$')
		return NULL;
	return str_basename(t[i].w);
}

/* The end of the branch body that starts after t[then]: its own elif, else or fi (n when none). */
static size_t body_end(const struct tok *t, size_t n, size_t then)
{
	int depth = 0;
	for (size_t i = then + 1; i < n; i++) {
		if (!t[i].start)
			continue;
		if (!depth && (!strcmp(t[i].w, "elif") || !strcmp(t[i].w, "else") || !strcmp(t[i].w, "fi")))
			return i;
		if (!strcmp(t[i].w, "if") || !strcmp(t[i].w, "case") || !strcmp(t[i].w, "do"))
			depth++;
		else if (!strcmp(t[i].w, "fi") || !strcmp(t[i].w, "esac") || !strcmp(t[i].w, "done"))
			depth--;
	}
	return n;
}

/*
 * Outside the branch [from, to), the script goes on to the image's own
 * command: it runs "$@" (the CMD) or one of the image's own programs. A
 * branch with nothing after it is the server's path itself (shlink's
 * `if [ "$SHLINK_RUNTIME" = 'rr' ]; then exec ./bin/rr serve; fi`).
 */
static int runs_main(const struct toks *s, size_t from, size_t to, const char *const *own)
{
	for (size_t i = 0; i < s->n; i++) {
		size_t e = i + 1, p;
		if (!s->t[i].start || (i >= from && i < to) || opens_command(s->t[i].w))
			continue;
		while (e < s->n && !s->t[e].start)
			e++;
		p = program_at(s->t + i, e - i);
		if (p >= e - i)
			continue;
		p += i;
		if (!strcmp(s->t[p].w, "$@") || !strcmp(s->t[p].w, "${@}") || !strcmp(s->t[p].w, "$*"))
			return 1;
		for (size_t k = 0; own[k]; k++)
			if (!strcmp(str_basename(s->t[p].w), own[k]))
				return 1;
	}
	return 0;
}

/* A long-running program: a foreground flag, or a role name (cron, a worker, a scheduler). */
static int long_running(const struct tok *t, size_t n, const char *prog)
{
	static const char *const fg[] = { "-f", "-F", "--foreground", "--nodaemon", "-nodaemon", "--no-daemon", "FOREGROUND",
					  "infinity", NULL };
	static const char *const roles[] = { "cron", "crond", "supercronic", "worker", "scheduler", "queue", "beat",
					     "celery", "sidekiq", NULL };
	for (size_t i = 1; i < n; i++)
		for (size_t k = 0; fg[k]; k++)
			if (!strcmp(t[i].w, fg[k]))
				return 1;
	return str_has_word(prog, "-_.", roles);
}

/*
 * The body of the `if` at t[i] (words from `then` to its own elif/else/fi):
 * a command that runs another program in the foreground, into b.
 */
static int read_body(const struct tok *t, size_t n, size_t then, const char *const *own, struct branch *b)
{
	int depth = 0;
	size_t prev = SIZE_MAX;         /* the previous command at this level */
	for (size_t i = then + 1; i < n; i++) {
		size_t e = i + 1;
		const char *prog;
		if (!t[i].start)
			continue;
		if (!depth && (!strcmp(t[i].w, "elif") || !strcmp(t[i].w, "else") || !strcmp(t[i].w, "fi")))
			return 0;
		if (!strcmp(t[i].w, "if") || !strcmp(t[i].w, "case") || !strcmp(t[i].w, "do"))
			depth++;
		else if (!strcmp(t[i].w, "fi") || !strcmp(t[i].w, "esac") || !strcmp(t[i].w, "done"))
			depth--;
		if (depth || opens_command(t[i].w))
			continue;
		while (e < n && !t[e].start)
			e++;
		if (!strcmp(t[i].w, "exit") && prev != SIZE_MAX) {
			size_t pe = prev + 1;
			while (pe < n && !t[pe].start)
				pe++;
			prog = program_of_cmd(t + prev, pe - prev);
			if (prog && long_running(t + prev, pe - prev, prog))
				goto found;
		}
		prev = i;
		if (strcmp(t[i].w, "exec") != 0)
			continue;
		prog = program_of_cmd(t + i, e - i);
		if (prog)
			goto found;
		continue;
found:
		for (size_t k = 0; own[k]; k++)
			if (!strcmp(prog, own[k]))
				return 0;       /* the image's own program, other options */
		snprintf(b->prog, sizeof(b->prog), "%s", prog);
		b->prog_line = t[prev].line;
		return 1;
	}
	return 0;
}

/* The script assigns `var` other than from itself (X=$1, X=worker): a shell variable, not the environment's. */
static int assigned(const struct toks *s, const char *var)
{
	size_t vl = strlen(var);
	for (size_t i = 0; i < s->n; i++) {
		const char *w = s->t[i].w;
		if (!strcmp(w, "export") || !strcmp(w, "local") || !strcmp(w, "readonly") || !strcmp(w, "declare"))
			continue;
		if (!strncmp(w, var, vl) && w[vl] == '=' && (s->t[i].start || (i && s->t[i - 1].start &&
		    (!strcmp(s->t[i - 1].w, "export") || !strcmp(s->t[i - 1].w, "local")))) && !strstr(w + vl + 1, var))
			return 1;
		if (!strcmp(w, "read") && s->t[i].start)
			for (size_t k = i + 1; k < s->n && !s->t[k].start; k++)
				if (!strcmp(s->t[k].w, var))
					return 1;
	}
	return 0;
}

/*
 * The `if`/`elif` at token i tests an environment variable the script never
 * sets itself: *b holds the test (b->value malloc'd, freed by the caller
 * whatever the answer), *then the index of its `then`.
 */
static int var_test(const struct toks *s, size_t i, struct branch *b, size_t *then)
{
	size_t t = i + 1;
	while (t < s->n && !is_kw(&s->t[t], "then"))
		t++;
	memset(b, 0, sizeof(*b));
	b->if_line = s->t[i].line;
	*then = t;
	return t < s->n && read_test(s->t + i + 1, t - i - 1, b) && !assigned(s, b->var);
}

/* The first branch of the script that runs another program on an environment variable. */
static int find_branch(const char *text, const char *const *own, struct branch *out)
{
	struct toks s = { NULL, 0, 0 };
	int found = 0;
	tokenize(text, &s);
	for (size_t i = 0; i < s.n && !found; i++) {
		size_t then;
		struct branch b;
		if (!is_kw(&s.t[i], "if") && !is_kw(&s.t[i], "elif"))
			continue;
		if (var_test(&s, i, &b, &then) && read_body(s.t, s.n, then, own, &b) &&
		    runs_main(&s, then, body_end(s.t, s.n, then), own)) {
			*out = b;
			found = 1;
		} else {
			free(b.value);
		}
	}
	toks_free(&s);
	return found;
}

/* The value `v` (as a service sets it) takes the branch. */
static int takes(const struct branch *b, const char *v)
{
	int eq;
	if (!b->value)
		return *v != '\0';
	if (b->numeric) {
		char *e1, *e2;
		long x = strtol(v, &e1, 10), y = strtol(b->value, &e2, 10);
		if (e1 == v || *e1 || e2 == b->value || *e2)
			return 0;
		eq = x == y;
	} else {
		eq = !strcmp(v, b->value);
	}
	return b->neg ? !eq : eq;
}

struct setter {
	const struct branch *b;
	char *why;
};

/* The service builds the Dockerfile (1), builds another (0), or may run it (-1: nothing built that berth can tell). */
static int builds_this(const struct fix_ctx *c, const char *file, const struct ydoc_node *build)
{
	const char *ctx = ydoc_str(build), *dfile = NULL;
	char *dir, *path, *df;
	int yes;
	if (build->type == YDOC_MAPPING) {
		ctx = ydoc_str(ydoc_get(build, "context"));
		dfile = ydoc_str(ydoc_get(build, "dockerfile"));
	}
	if (!ctx)
		ctx = ".";
	if (strchr(ctx, '$') || (dfile && strchr(dfile, '$')) || strstr(ctx, "://"))
		return -1;
	dir = str_dirname(file);
	path = path_join_norm(dir, ctx);
	df = path ? path_join_norm(path, dfile ? dfile : "Dockerfile") : NULL;
	yes = df && !strcmp(df, c->in->path);
	free(df);
	free(path);
	free(dir);
	return yes;
}

static int sets_var(const struct fix_ctx *c, const char *file, const char *name, const struct ydoc_node *svc,
		    void *arg)
{
	struct setter *s = arg;
	const struct ydoc_node *build = ydoc_get(svc, "build");
	const char *image = ydoc_str(ydoc_get(svc, "image")), *v;
	if (build ? builds_this(c, file, build) == 0 :
	    !image || (fix_image_known(c->in->cfg, image) && !fix_df_runs_image(c, file, image)))
		return 0;
	v = fix_df_env_value(ydoc_get(svc, "environment"), s->b->var);
	if (!v || !takes(s->b, v))
		return 0;
	s->why = xasprintf("the Compose service %s (%s) sets %s=%s", name, file, s->b->var, v);
	return 1;
}

static int is_shell(const char *p)
{
	return !strcmp(p, "sh") || !strcmp(p, "bash") || !strcmp(p, "ash") || !strcmp(p, "dash");
}

/*
 * The last CMD and ENTRYPOINT of the final chain: their programs into own
 * (NULL-terminated), the index of the one that starts (the ENTRYPOINT, else
 * the CMD) and its program in *entry (borrowed from own).
 */
static long own_programs(const struct fix_ctx *c, char **own, const char **entry)
{
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx)), k = 0;
	long eff[2] = { -1, -1 };
	for (size_t i = 0; i < n; i++)
		if (c->df->instrs[idx[i]].kind == DF_CMD || c->df->instrs[idx[i]].kind == DF_ENTRYPOINT)
			eff[c->df->instrs[idx[i]].kind == DF_ENTRYPOINT] = (long)idx[i];
	for (int j = 0; j < 2; j++) {
		const struct df_instr *in = eff[j] >= 0 ? &c->df->instrs[eff[j]] : NULL;
		struct toks s = { NULL, 0, 0 };
		const char *p;
		if (!in)
			continue;
		if (in->json) {
			for (size_t a = 0; a < in->argc; a++) {
				struct tok t = { xstrdup(in->argv[a]), a == 0, 0 };
				PUSH(s.t, s.n, s.cap, t);
			}
		} else {
			tokenize(in->args ? in->args : "", &s);
		}
		p = program_of_cmd(s.t, s.n);
		/* ["/bin/sh", "./docker-entrypoint.sh"]: the script is the program */
		for (size_t w = 1; p && w < s.n && is_shell(p); w++)
			if (s.t[w].w[0] != '-')
				p = str_basename(s.t[w].w);
		if (p) {
			own[k] = xstrdup(p);
			if (j == 1 || eff[1] < 0)
				*entry = own[k];
			k++;
		}
		toks_free(&s);
	}
	own[k] = NULL;
	return eff[1] >= 0 ? eff[1] : eff[0];
}

/* The body after t[then] starts with `exit` or `exit 0`: the script stops there, the rest is skipped. */
static int exits_at_once(const struct tok *t, size_t n, size_t then)
{
	size_t i = then + 1;
	if (i >= n || !t[i].start || strcmp(t[i].w, "exit") != 0)
		return 0;
	return i + 1 >= n || t[i + 1].start || !strcmp(t[i + 1].w, "0");
}

/* Programs a set-up script names when it sets up a server a TCP probe reaches. */
static int names_server(const char *text)
{
	static const char *const servers[] = { "nginx", "php-fpm", "php-fpm7", "php-fpm8", "httpd", "apache2",
					       "caddy", "gunicorn", "uwsgi", "uvicorn", "lighttpd", NULL };
	return str_has_word(text, " \t\r\n;&|()\"'/=:", servers);
}

struct s6_walk {
	const struct fix_ctx *c;
	size_t files;
	char *why;
};

/* One s6 script: an early `exit` on an environment variable a Compose service sets so, before a server's set-up. */
static void s6_script(struct s6_walk *w, const char *path, const char *img)
{
	struct toks s = { NULL, 0, 0 };
	char *text = NULL;
	size_t len = 0;
	if (w->why || w->files >= FIX_ENVROLE_S6_FILES || fs_stat(w->c->in->fs, path) != FS_FILE)
		return;
	w->files++;
	if (fs_read(w->c->in->fs, path, &text, &len) != 0 || len > FIX_ENVROLE_S6_BYTES || !names_server(text)) {
		free(text);
		return;
	}
	tokenize(text, &s);
	for (size_t i = 0; i < s.n && !w->why; i++) {
		size_t then;
		struct branch b;
		struct setter st;
		if (!is_kw(&s.t[i], "if"))
			continue;
		if (var_test(&s, i, &b, &then) && exits_at_once(s.t, s.n, then)) {
			st.b = &b;
			st.why = NULL;
			fix_df_each_compose_service(w->c, sets_var, &st);
			if (st.why) {
				w->why = xasprintf("withheld: %s, and the image's s6-overlay script %s exits (line %d) "
						   "before it sets up the server when %s%s%s: a HEALTHCHECK in the image "
						   "would hold for that container too, which serves nothing the probe "
						   "reaches; add a healthcheck to the serving service instead",
						   st.why, img, b.if_line, b.var, b.value ? (b.neg ? " is not " : " is ") :
						   " is set", b.value ? b.value : "");
				free(st.why);
			}
		}
		free(b.value);
	}
	toks_free(&s);
	free(text);
}

/* The scripts of the s6 folder `img` (an image path) copied from context folder `dir`. */
static void s6_folder(struct s6_walk *w, const char *dir, const char *img, int per_service)
{
	char **names = NULL;
	size_t n = 0;
	if (fs_stat(w->c->in->fs, dir) != FS_DIR || fs_list(w->c->in->fs, dir, &names, &n) != 0)
		return;
	for (size_t i = 0; i < n && !w->why; i++) {
		static const char *const svc_files[] = { "up", "run", NULL };
		char *p = path_join_norm(dir, names[i]), *ip = xasprintf("%s/%s", img, names[i]);
		for (size_t k = 0; p && per_service && svc_files[k]; k++) {
			char *f = path_join_norm(p, svc_files[k]), *fi = xasprintf("%s/%s", ip, svc_files[k]);
			if (f)
				s6_script(w, f, fi);
			free(fi);
			free(f);
		}
		if (p && !per_service)
			s6_script(w, p, ip);
		free(ip);
		free(p);
	}
	fs_names_free(names, n);
}

/* The s6-overlay scripts the final chain copies from the context: why one withholds the probe, or NULL. */
static char *s6_env_role(const struct fix_ctx *c)
{
	static const struct { const char *dir; int per_service; } s6[] = {
		{ "/etc/cont-init.d", 0 }, { "/etc/services.d", 1 }, { "/etc/s6-overlay/s6-rc.d", 1 },
	};
	size_t idx[FIX_MAX_CHAIN_INSTRS], n = fix_df_chain_instrs(c->df, idx, ARRAY_SIZE(idx));
	struct s6_walk w = { c, 0, NULL };
	struct dfa a;
	char *ctx;
	dfa_init(&a, c->df, c->in->path, c->in->fs, c->in->contexts, c->in->ncontexts);
	ctx = dfa_context(&a, 0);
	if (!ctx)
		ctx = str_dirname(c->in->path);
	for (size_t k = 0; k < n && !w.why; k++) {
		const struct df_instr *in = &c->df->instrs[idx[k]];
		const char *src[16], *dest;
		struct df_span spans[16], dsp;
		size_t ns, dl;
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || df_flag_get(in, "from") ||
		    !(dest = dfa_copy_dest(in, &dsp)) || dest[0] != '/' || strchr(dest, '$'))
			continue;
		dl = strlen(dest);
		while (dl > 0 && dest[dl - 1] == '/')
			dl--;
		ns = dfa_copy_sources(in, src, spans, ARRAY_SIZE(src));
		for (size_t j = 0; j < ns && !w.why; j++) {
			char *cs = strpbrk(src[j], "*?[$") || strstr(src[j], "://") ? NULL : path_join_norm(ctx, src[j]);
			for (size_t t = 0; cs && t < ARRAY_SIZE(s6) && !w.why; t++) {
				const char *T = s6[t].dir;
				char *dir;
				/* the folder lies at or below the destination: `COPY rootfs /`, `COPY s6 /etc/` */
				if (strncmp(T, dest, dl) != 0 || (T[dl] != '/' && T[dl] != '\0'))
					continue;
				dir = T[dl] ? path_join_norm(cs, T + dl + 1) : xstrdup(cs);
				if (dir)
					s6_folder(&w, dir, T, s6[t].per_service);
				free(dir);
			}
			free(cs);
		}
	}
	free(ctx);
	dfa_free(&a);
	return w.why;
}

char *fix_df_health_env_role(const struct fix_ctx *c)
{
	char *own[3], *text, *why = NULL;
	const char *script = "its entrypoint script";
	long entry = own_programs(c, own, &script);
	struct branch b;
	if (entry >= 0 && (text = fix_df_entry_script(c, &c->df->instrs[entry])) != NULL) {
		if (find_branch(text, (const char *const *)own, &b)) {
			struct setter s = { &b, NULL };
			char cond[FIX_ENVROLE_NAME + 96];
			if (!b.value)
				snprintf(cond, sizeof(cond), "%s is set", b.var);
			else
				snprintf(cond, sizeof(cond), "%s is %s%s", b.var, b.neg ? "not " : "", b.value);
			fix_df_each_compose_service(c, sets_var, &s);
			why = xasprintf("withheld: %s%sthe image's %s runs %s (line %d) instead of its server when %s "
					"(line %d): a HEALTHCHECK in the image would hold for those containers too, which "
					"serve nothing the probe reaches; add a healthcheck to the serving service instead",
					s.why ? s.why : "", s.why ? ", and " : "", script, b.prog, b.prog_line, cond,
					b.if_line);
			free(s.why);
			free(b.value);
		}
		free(text);
	}
	for (size_t k = 0; own[k]; k++)
		free(own[k]);
	return why ? why : s6_env_role(c);
}
