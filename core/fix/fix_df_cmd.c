/*
 * fix_df_cmd - the command that starts the app (corr.production-cmd): dev
 * flags dropped, shell form turned into exec form (or prefixed with `exec`
 * when it expands variables), duplicate CMD/ENTRYPOINT removed; and the one
 * parse problem berth can mend, a single-quoted exec form (corr.parse).
 */
#include "fix_df.h"

#include <stdlib.h>
#include <string.h>

/* Elements of a one-line JSON array at most (a CMD has a handful). */
#define FIX_MAX_ELEMS 256

static const char *const dev_flags[] = { "--reload", "--debug", "--watch", NULL };

static int is_dev_flag(const char *t)
{
	for (const char *const *f = dev_flags; *f; f++)
		if (strcmp(t, *f) == 0 || (str_starts(t, *f) && t[strlen(*f)] == '='))
			return 1;
	return 0;
}

/* Spans of the strings of a JSON array written on one line in [s, e); count, or -1. */
static int json_elems(const char *d, size_t s, size_t e, size_t *st, size_t *en)
{
	size_t p = s;
	int n = 0;
	while (p < e && (d[p] == ' ' || d[p] == '\t'))
		p++;
	if (p >= e || d[p++] != '[')
		return -1;
	for (;;) {
		while (p < e && (d[p] == ' ' || d[p] == '\t'))
			p++;
		if (p < e && d[p] == ']')
			return n;
		if (p >= e || d[p] != '"' || n >= FIX_MAX_ELEMS)
			return -1;
		st[n] = p++;
		while (p < e && d[p] != '"') {
			if (d[p] == '\n' || d[p] == '\r')
				return -1;
			p += d[p] == '\\' ? 2 : 1;
		}
		if (p >= e)
			return -1;
		en[n++] = ++p;
		while (p < e && (d[p] == ' ' || d[p] == '\t'))
			p++;
		if (p < e && d[p] == ',')
			p++;
	}
}

/* Drop the dev flags of an exec form. */
static void exec_drop(struct fix *f, const struct fix_ctx *c, const struct df_instr *in)
{
	size_t st[FIX_MAX_ELEMS], en[FIX_MAX_ELEMS];
	const char *d = c->df->data;
	int n = json_elems(d, in->args_span.start, in->args_span.end, st, en);
	for (int i = 0; n > 1 && i < n && (size_t)i < in->argc; i++) {
		if (!is_dev_flag(in->argv[i]))
			continue;
		/* with the comma before it (after it, for the first element) */
		if (i > 0)
			fix_edit(f, c->in->path, en[i - 1], en[i], "");
		else
			fix_edit(f, c->in->path, st[0], st[1], "");
	}
}

static void json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/* Shell form: exec form when it is one plain command, `exec ` when it expands variables. */
static void shell_fix(struct fix *f, const struct fix_ctx *c, const struct df_instr *in, int keep_shell)
{
	struct sh_script sh;
	const char *a = in->args ? in->args : "";
	if (fix_df_sh(in, &sh) < 0)
		return;
	if (sh.ncmds == 1 && sh.cmds[0].depth == 0 && sh.cmds[0].nassign == 0 && sh.cmds[0].nwords > 0 &&
	    !strpbrk(a, "|&;()`\n")) {
		const struct sh_cmd *cmd = &sh.cmds[0];
		if (!keep_shell && !strpbrk(a, "<>$*?~")) {
			struct buf b = BUF_INIT;
			buf_putc(&b, '[');
			for (size_t w = 0, k = 0; w < cmd->nwords; w++) {
				if (is_dev_flag(cmd->words[w].text))
					continue;
				buf_puts(&b, k++ ? ", " : "");
				json_str(&b, cmd->words[w].text);
			}
			buf_putc(&b, ']');
			fix_edit(f, c->in->path, in->args_span.start, in->args_span.end, buf_str(&b));
			buf_free(&b);
			sh_free(&sh);
			return;
		}
		fix_insert(f, c->in->path, fix_df_start(in, cmd->start), "exec ");
	}
	for (size_t j = 0; j < sh.ncmds; j++)
		for (size_t w = 0; sh.cmds[j].depth == 0 && w < sh.cmds[j].nwords; w++)
			if (is_dev_flag(sh.cmds[j].words[w].text)) {
				size_t s = fix_df_start(in, sh.cmds[j].words[w].start);
				size_t e = fix_df_end(in, sh.cmds[j].words[w].end);
				if (s > 0 && (c->df->data[s - 1] == ' ' || c->df->data[s - 1] == '\t'))
					s--;
				fix_edit(f, c->in->path, s, e, "");
			}
	sh_free(&sh);
}

static int starts_exec(const struct df_instr *in)
{
	const char *t = in->args ? in->args : "";
	t += strspn(t, " \t");
	return str_starts(t, "exec") && (t[4] == ' ' || t[4] == '\t');
}

void fix_df_cmd(struct fix_ctx *c)
{
	const struct df_file *df = c->df;
	long eff[2] = { -1, -1 };
	int chain[FIX_DF_MAX_CHAIN], n = 0;
	struct fix *f;

	for (int s = fix_df_final_stage(df); s >= 0 && n < FIX_DF_MAX_CHAIN; s = df->stages[s].parent)
		chain[n++] = s;
	if (!n)
		return;
	f = fix_new(c, ITEM_CORR_PRODUCTION_CMD, "production-cmd", "start the app the production way");
	f->partial = 1;         /* dev servers and dev settings are left to the author */
	while (n-- > 0) {
		const struct df_stage *st = &df->stages[chain[n]];
		long last[2] = { -1, -1 };
		for (size_t i = st->first + 1; i < st->first + st->count && i < df->ninstrs; i++)
			if (df->instrs[i].kind == DF_CMD || df->instrs[i].kind == DF_ENTRYPOINT) {
				int j = df->instrs[i].kind == DF_ENTRYPOINT;
				if (last[j] >= 0)
					fix_edit(f, c->in->path, fix_line_start(df->data, df->instrs[last[j]].span.start),
						 fix_df_after(c, (size_t)last[j]), "");
				last[j] = eff[j] = (long)i;
			}
	}
	for (int j = 0; j < 2; j++) {
		const struct df_instr *in = eff[j] >= 0 ? &df->instrs[eff[j]] : NULL;
		if (!in)
			continue;
		if (in->json)
			exec_drop(f, c, in);
		else if (!starts_exec(in))
			/* an ENTRYPOINT in exec form would take the CMD as arguments: keep its shell */
			shell_fix(f, c, in, j == 1 && eff[0] >= 0);
		/* CHECKLIST.md "Fixes": dropping dev flags changes what the app does: review */
		for (size_t a = 0; in->json && a < in->argc; a++)
			if (is_dev_flag(in->argv[a]))
				f->level = FIX_LEVEL_REVIEW;
		if (!in->json && in->args) {
			struct sh_script sh;
			if (fix_df_sh(in, &sh) == 0) {
				for (size_t k = 0; k < sh.ncmds; k++)
					for (size_t w = 0; w < sh.cmds[k].nwords; w++)
						if (is_dev_flag(sh.cmds[k].words[w].text))
							f->level = FIX_LEVEL_REVIEW;
				sh_free(&sh);
			}
		}
	}
	if (f->level == FIX_LEVEL_REVIEW)
		fix_set_note(f, "review: drops the development flags of the command (reload, debug, watch); "
			     "check the app starts the same without them");
	else
		fix_set_note(f, "safe: the same process starts (exec form, the duplicate CMD or ENTRYPOINT removed); signals reach it");
}

void fix_df_parse(struct fix_ctx *c)
{
	struct fix *f = NULL;
	const char *d = c->df->data;
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		const struct df_instr *in = &c->df->instrs[i];
		struct buf b = BUF_INIT;
		size_t s = in->args_span.start, e = in->args_span.end;
		int single = 0;
		for (size_t p = 0; p < c->df->nproblems; p++)
			single |= strcmp(c->df->problems[p].rule, "single-quoted-exec-form") == 0 &&
				  c->df->problems[p].span.start >= in->span.start &&
				  c->df->problems[p].span.start < in->span.end;
		if (!single || memchr(d + s, '"', e - s) || memchr(d + s, '\\', e - s) ||
		    memchr(d + s, '\n', e - s))
			continue;
		for (size_t p = s; p < e; p++)
			buf_putc(&b, d[p] == '\'' ? '"' : d[p]);
		if (!f) {
			f = fix_new(c, ITEM_CORR_PARSE, "single-quoted-exec-form",
				    "write the exec form with double quotes (JSON)");
			f->partial = 1;
		}
		fix_edit(f, c->in->path, s, e, buf_str(&b));
		buf_free(&b);
	}
}
