/*
 * Tests of the Dockerfile parser (core/dockerfile.h): every construct with
 * exact offsets and line/column positions, every corr.parse problem rule,
 * hostile input, and the shared corpus.
 */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dockerfile.h"
#include "util.h"

static void parse(struct df_file *f, const char *s)
{
	df_parse(f, s, strlen(s));
}

static size_t count_rule(const struct df_file *f, const char *rule)
{
	size_t i, n = 0;
	for (i = 0; i < f->nproblems; i++)
		n += strcmp(f->problems[i].rule, rule) == 0;
	return n;
}

static const struct df_problem *problem_of(const struct df_file *f, const char *rule)
{
	size_t i;
	for (i = 0; i < f->nproblems; i++)
		if (strcmp(f->problems[i].rule, rule) == 0)
			return &f->problems[i];
	return NULL;
}

static void dump_problems(const struct df_file *f)
{
	size_t i;
	for (i = 0; i < f->nproblems; i++)
		print_message("problem %s: %s\n", f->problems[i].rule, f->problems[i].message);
}

#define assert_no_problems(f) do { if ((f)->nproblems) { dump_problems(f); \
	fail_msg("expected no problems, got %zu", (f)->nproblems); } } while (0)

/* The original bytes of a span. */
static char *span_text(const struct df_file *f, struct df_span sp)
{
	return xstrndup(f->data + sp.start, sp.end - sp.start);
}

#define assert_span_text(f, sp, want) do { char *t_ = span_text((f), (sp)); \
	assert_string_equal(t_, (want)); free(t_); } while (0)

static void assert_pos(const struct df_file *f, size_t off, int line, int col)
{
	int l, c;
	text_pos(&f->text, off, &l, &c);
	assert_int_equal(l, line);
	assert_int_equal(c, col);
}

static void test_instructions_basic(void **state)
{
	struct df_file f;
	(void)state;
	parse(&f, "from alpine:3.19\n\nRun echo hi  \nCmd [\"sh\"]\n");
	assert_no_problems(&f);
	assert_int_equal(f.ninstrs, 3);
	assert_int_equal(f.instrs[0].kind, DF_FROM);
	assert_string_equal(f.instrs[0].keyword, "FROM");
	assert_span_text(&f, f.instrs[0].kw_span, "from");
	assert_int_equal(f.instrs[1].kind, DF_RUN);
	assert_string_equal(f.instrs[1].args, "echo hi");
	assert_int_equal(f.instrs[1].line, 3);
	assert_pos(&f, f.instrs[1].args_span.start, 3, 5);
	assert_span_text(&f, f.instrs[1].span, "Run echo hi");
	assert_int_equal(f.instrs[1].nwords, 0);        /* shell-form RUN has no words */
	assert_int_equal(f.instrs[2].kind, DF_CMD);
	assert_true(f.instrs[2].json);
	assert_int_equal(f.instrs[2].argc, 1);
	assert_string_equal(f.instrs[2].argv[0], "sh");
	assert_string_equal(df_kind_name(DF_HEALTHCHECK), "HEALTHCHECK");
	assert_int_equal(f.escape, '\\');
	df_free(&f);
}

static void test_directives_top(void **state)
{
	struct df_file f;
	(void)state;
	parse(&f, "# Syntax = docker/dockerfile:1.7 \n#ESCAPE=`\n# check=skip=all\nFROM a\n");
	assert_no_problems(&f);
	assert_int_equal(f.ndirectives, 3);
	assert_string_equal(f.directives[0].name, "syntax");
	assert_string_equal(f.directives[0].value, "docker/dockerfile:1.7");
	assert_string_equal(f.syntax, "docker/dockerfile:1.7");
	assert_string_equal(f.directives[1].name, "escape");
	assert_int_equal(f.escape, '`');
	assert_string_equal(f.directives[2].value, "skip=all");
	assert_span_text(&f, f.directives[1].span, "#ESCAPE=`");
	assert_int_equal(f.ncomments, 3);
	df_free(&f);
}

static void test_directives_not_in_force(void **state)
{
	struct df_file f;
	(void)state;
	/* after a plain comment */
	parse(&f, "# hello\n# syntax=docker/dockerfile:1\nFROM a\n");
	assert_int_equal(f.ndirectives, 0);
	assert_null(f.syntax);
	df_free(&f);
	/* after a blank line */
	parse(&f, "\n# escape=`\nFROM a\n");
	assert_int_equal(f.ndirectives, 0);
	assert_int_equal(f.escape, '\\');
	df_free(&f);
	/* after an instruction */
	parse(&f, "FROM a\n# syntax=docker/dockerfile:1\n");
	assert_null(f.syntax);
	df_free(&f);
	/* an unknown key ends the block */
	parse(&f, "# foo=bar\n# syntax=x\nFROM a\n");
	assert_int_equal(f.ndirectives, 0);
	df_free(&f);
	/* a value is required */
	parse(&f, "# syntax=\n# escape=`\nFROM a\n");
	assert_int_equal(f.ndirectives, 0);
	df_free(&f);
}

static void test_directive_errors(void **state)
{
	struct df_file f;
	const struct df_problem *p;
	(void)state;
	parse(&f, "# syntax=a\n# SYNTAX=b\nFROM a\n");
	assert_int_equal(count_rule(&f, "bad-directive"), 1);
	assert_string_equal(f.syntax, "a");
	p = problem_of(&f, "bad-directive");
	assert_pos(&f, p->span.start, 2, 1);
	df_free(&f);
	parse(&f, "# escape=x\nFROM a\n");
	assert_int_equal(count_rule(&f, "bad-directive"), 1);
	assert_int_equal(f.escape, '\\');
	df_free(&f);
}

static void test_escape_backtick(void **state)
{
	struct df_file f;
	(void)state;
	parse(&f, "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir c:\\ `\n  && echo ok\nCOPY a\\b c:\\dst\\\n");
	assert_no_problems(&f);
	assert_int_equal(f.ninstrs, 3);
	assert_string_equal(f.instrs[1].args, "dir c:\\   && echo ok");
	assert_int_equal(f.instrs[1].end_line, 4);
	/* with ` as escape, backslashes are plain characters */
	assert_int_equal(f.instrs[2].nwords, 2);
	assert_string_equal(f.instrs[2].words[0].text, "a\\b");
	assert_string_equal(f.instrs[2].words[1].text, "c:\\dst\\");
	df_free(&f);
}

static void test_crlf_bom(void **state)
{
	struct df_file f;
	const char *s = "\xEF\xBB\xBF# syntax=docker/dockerfile:1\r\nFROM alpine AS base\r\nRUN echo a \\\r\n  b\r\nENV K=v\r\n";
	(void)state;
	parse(&f, s);
	assert_no_problems(&f);
	assert_string_equal(f.syntax, "docker/dockerfile:1");
	assert_int_equal(f.ninstrs, 3);
	assert_int_equal(f.instrs[0].kw_span.start, strlen("\xEF\xBB\xBF# syntax=docker/dockerfile:1\r\n"));
	assert_pos(&f, f.directives[0].span.start, 1, 1);
	assert_string_equal(f.stages[0].name, "base");
	assert_span_text(&f, f.stages[0].name_span, "base");
	assert_string_equal(f.instrs[1].args, "echo a   b");
	assert_span_text(&f, f.instrs[1].span, "RUN echo a \\\r\n  b");
	assert_string_equal(f.instrs[2].pairs[0].value, "v");
	assert_span_text(&f, f.instrs[2].pairs[0].value_span, "v");
	df_free(&f);
}

static void test_continuation_comments(void **state)
{
	struct df_file f;
	const char *s = "FROM a\nRUN apt-get update \\\n    # refresh\n\n    && apt-get install -y curl\nUSER app\n";
	const struct df_instr *in;
	size_t amp;
	(void)state;
	parse(&f, s);
	assert_no_problems(&f);
	assert_int_equal(f.ninstrs, 3);
	in = &f.instrs[1];
	assert_string_equal(in->args, "apt-get update     && apt-get install -y curl");
	assert_int_equal(in->line, 2);
	assert_int_equal(in->end_line, 5);
	/* args_map leads every byte back to the original text */
	amp = (size_t)(strstr(in->args, "&&") - in->args);
	assert_int_equal(in->args_map[amp], (size_t)(strstr(s, "&&") - s));
	assert_pos(&f, in->args_map[amp], 5, 5);
	assert_int_equal(in->args_map[strlen(in->args)], in->span.end);
	assert_int_equal(f.ncomments, 1);
	assert_int_equal(f.comments[0].line, 3);
	assert_true(f.comments[0].in_continuation);
	assert_span_text(&f, f.comments[0].span, "# refresh");
	assert_int_equal(f.instrs[2].kind, DF_USER);
	df_free(&f);
	/* an escaped escape at the end does not continue (BuildKit's rule) */
	parse(&f, "FROM a\nRUN echo \\\\\nUSER x\n");
	assert_int_equal(f.ninstrs, 3);
	df_free(&f);
	/* leading Unicode spaces (NBSP) are trimmed as BuildKit does */
	parse(&f, "FROM a\n\xC2\xA0RUN x\n\xE3\x80\x80# comment\n");
	assert_no_problems(&f);
	assert_int_equal(f.instrs[1].kind, DF_RUN);
	assert_int_equal(f.ncomments, 1);
	df_free(&f);
	/* trailing blanks after the escape still continue */
	parse(&f, "FROM a\nRUN echo a \\  \t\n b\n");
	assert_int_equal(f.ninstrs, 2);
	assert_string_equal(f.instrs[1].args, "echo a  b");
	df_free(&f);
}

static void test_heredocs(void **state)
{
	struct df_file f;
	const struct df_instr *in;
	const char *s = "# syntax=docker/dockerfile:1\nFROM a\nRUN <<EOF cat <<-\"END\" > /x\n"
		"echo $HOME\nEOF\n\tbody line\n\tEND\nCOPY <<'CFG' /etc/app.conf\nk=v\nCFG\nUSER u\n";
	(void)state;
	parse(&f, s);
	assert_no_problems(&f);
	assert_int_equal(f.ninstrs, 4);
	in = &f.instrs[1];
	assert_int_equal(in->nheredocs, 2);
	assert_string_equal(in->heredocs[0].delim, "EOF");
	assert_false(in->heredocs[0].strip_tabs);
	assert_false(in->heredocs[0].quoted);
	assert_string_equal(in->heredocs[0].body, "echo $HOME\n");
	assert_span_text(&f, in->heredocs[0].body_span, "echo $HOME\n");
	assert_span_text(&f, in->heredocs[0].marker, "<<EOF");
	assert_span_text(&f, in->heredocs[0].span, "\necho $HOME\nEOF");
	assert_string_equal(in->heredocs[1].delim, "END");
	assert_true(in->heredocs[1].strip_tabs);
	assert_true(in->heredocs[1].quoted);
	assert_string_equal(in->heredocs[1].body, "body line\n");
	assert_span_text(&f, in->heredocs[1].marker, "<<-\"END\"");
	assert_int_equal(in->line, 3);
	assert_int_equal(in->end_line, 7);
	assert_string_equal(in->args, "<<EOF cat <<-\"END\" > /x");
	in = &f.instrs[2];
	assert_int_equal(in->kind, DF_COPY);
	assert_int_equal(in->nheredocs, 1);
	assert_true(in->heredocs[0].quoted);
	assert_string_equal(in->heredocs[0].body, "k=v\n");
	assert_int_equal(in->nwords, 2);
	assert_string_equal(in->words[1].text, "/etc/app.conf");
	assert_int_equal(f.instrs[3].line, 11);
	df_free(&f);
	/* CRLF heredoc: the terminator matches without its \r, the body has none */
	parse(&f, "FROM a\r\nRUN <<-EOF\r\n\tls -l\r\n\tEOF\r\n");
	assert_no_problems(&f);
	assert_string_equal(f.instrs[1].heredocs[0].body, "ls -l\n");
	/* body_map leads body bytes back to the original, past the stripped tab and the CR */
	assert_int_equal(f.instrs[1].heredocs[0].body_map[0], strlen("FROM a\r\nRUN <<-EOF\r\n\t"));
	assert_int_equal(f.instrs[1].heredocs[0].body_map[5], strlen("FROM a\r\nRUN <<-EOF\r\n\tls -l\r"));
	assert_int_equal(f.instrs[1].heredocs[0].body_map[6], f.instrs[1].heredocs[0].body_span.end);
	assert_span_text(&f, f.instrs[1].heredocs[0].body_span, "\tls -l\r\n");
	df_free(&f);
	/* here-strings and exec forms carry no heredoc */
	parse(&f, "FROM a\nRUN cat <<<\"x\"\nRUN [\"cat\", \"<<EOF\"]\n");
	assert_no_problems(&f);
	assert_int_equal(f.instrs[1].nheredocs, 0);
	assert_int_equal(f.instrs[2].nheredocs, 0);
	df_free(&f);
}

static void test_heredoc_unterminated(void **state)
{
	struct df_file f;
	const struct df_problem *p;
	(void)state;
	parse(&f, "FROM a\nRUN <<EOF\necho hi\nEOF \n");
	assert_int_equal(count_rule(&f, "unterminated-heredoc"), 1);
	p = problem_of(&f, "unterminated-heredoc");
	assert_pos(&f, p->span.start, 2, 5);
	assert_int_equal(f.ninstrs, 2);
	df_free(&f);
}

static void test_exec_forms(void **state)
{
	struct df_file f;
	const struct df_instr *in;
	(void)state;
	parse(&f, "FROM a\nENTRYPOINT [ \"/bin/tini\", \"--\" ]\nCMD [\"a\\\"b\", \"\\u00e9\\n\", \"\\ud83d\\ude00\"]\n"
		"RUN [\"sh\", \"-c\", \"x\"]\nCOPY [\"a b\", \"/dst/\"]\nVOLUME [\"/data\"]\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
		"CMD []\nRUN [ -f x ] && echo y\nCMD echo [\"a\"]\n");
	assert_no_problems(&f);
	in = &f.instrs[1];
	assert_true(in->json);
	assert_int_equal(in->argc, 2);
	assert_string_equal(in->argv[1], "--");
	in = &f.instrs[2];
	assert_string_equal(in->argv[0], "a\"b");
	assert_string_equal(in->argv[1], "\xC3\xA9\n");
	assert_string_equal(in->argv[2], "\xF0\x9F\x98\x80");
	in = &f.instrs[4];
	assert_true(in->json);
	assert_int_equal(in->nwords, 2);
	assert_string_equal(in->words[0].text, "a b");
	assert_span_text(&f, in->words[1].span, "\"/dst/\"");
	assert_true(f.instrs[6].json);
	assert_true(f.instrs[7].json);
	assert_int_equal(f.instrs[7].argc, 0);
	assert_false(f.instrs[8].json);         /* a shell test, not an array */
	assert_false(f.instrs[9].json);
	df_free(&f);
}

static void test_bad_exec_forms(void **state)
{
	struct df_file f;
	const struct df_problem *p;
	(void)state;
	parse(&f, "FROM a\nCMD ['node', 'app.js']\n");
	assert_int_equal(count_rule(&f, "single-quoted-exec-form"), 1);
	assert_int_equal(f.nproblems, 1);
	assert_false(f.instrs[1].json);
	p = problem_of(&f, "single-quoted-exec-form");
	assert_pos(&f, p->span.start, 2, 1);
	df_free(&f);
	parse(&f, "FROM a\nENTRYPOINT [ \"a\", ]\nRUN [\"a\" \"b\"]\nCOPY [\"a\", 1]\nCMD [\"a\"] x\n");
	assert_int_equal(count_rule(&f, "bad-exec-form"), 4);
	df_free(&f);
	/* SHELL must be JSON */
	parse(&f, "FROM a\nSHELL /bin/bash -c\n");
	assert_int_equal(count_rule(&f, "bad-exec-form"), 1);
	df_free(&f);
	/* shell forms that merely start with [ are fine */
	parse(&f, "FROM a\nRUN [ -d /x ] || mkdir /x\nCMD [x]\n");
	assert_no_problems(&f);
	df_free(&f);
}

static void test_flags(void **state)
{
	struct df_file f;
	const struct df_instr *in;
	const struct df_flag *fl;
	(void)state;
	parse(&f, "FROM --platform=$BUILDPLATFORM golang AS build\n"
		"RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked --network=none pip install x\n"
		"COPY --from=build --chown=\"app:app\" --chmod=755 --link --exclude=*.md /out /app\n"
		"HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/ || exit 1\n");
	assert_no_problems(&f);
	assert_string_equal(f.stages[0].platform, "$BUILDPLATFORM");
	in = &f.instrs[1];
	assert_int_equal(in->nflags, 2);
	fl = df_flag_get(in, "mount");
	assert_non_null(fl);
	assert_string_equal(fl->value, "type=cache,target=/root/.cache/pip,sharing=locked");
	assert_int_equal(fl->nkv, 3);
	assert_string_equal(df_flag_kv(fl, "target"), "/root/.cache/pip");
	assert_string_equal(df_flag_kv(fl, "sharing"), "locked");
	assert_null(df_flag_kv(fl, "id"));
	assert_span_text(&f, fl->span, "--mount=type=cache,target=/root/.cache/pip,sharing=locked");
	assert_string_equal(df_flag_get(in, "network")->value, "none");
	assert_string_equal(in->args, "pip install x");
	in = &f.instrs[2];
	assert_int_equal(in->nflags, 5);
	assert_string_equal(df_flag_get(in, "from")->value, "build");
	assert_string_equal(df_flag_get(in, "chmod")->value, "755");
	assert_string_equal(df_flag_get(in, "chown")->value, "app:app");
	assert_null(df_flag_get(in, "link")->value);
	assert_string_equal(df_flag_get(in, "exclude")->value, "*.md");
	assert_null(df_flag_get(in, "parents"));
	assert_int_equal(in->nwords, 2);
	in = &f.instrs[3];
	assert_string_equal(df_flag_get(in, "interval")->value, "30s");
	assert_false(in->hc_none);
	assert_string_equal(in->args + in->hc_cmd, "curl -f http://localhost/ || exit 1");
	assert_false(in->json);
	df_free(&f);
}

static void test_pairs(void **state)
{
	struct df_file f;
	const struct df_instr *in;
	(void)state;
	parse(&f, "ARG VERSION=1.2 OTHER\nFROM a\nENV A=1 B=\"x y\" C='$lit' D=a\\ b\n"
		"ENV LEGACY some value  here\nLABEL \"com.example.vendor\"=\"ACME Inc\" version=\"1.0\"\n");
	assert_no_problems(&f);
	in = &f.instrs[0];
	assert_int_equal(in->npairs, 2);
	assert_string_equal(in->pairs[0].key, "VERSION");
	assert_string_equal(in->pairs[0].value, "1.2");
	assert_null(in->pairs[1].value);
	in = &f.instrs[2];
	assert_int_equal(in->npairs, 4);
	assert_string_equal(in->pairs[1].value, "x y");
	assert_span_text(&f, in->pairs[1].value_span, "\"x y\"");
	assert_span_text(&f, in->pairs[1].key_span, "B");
	assert_string_equal(in->pairs[2].value, "$lit");
	assert_string_equal(in->pairs[3].value, "a b");
	assert_int_equal(in->nwords, 4);
	in = &f.instrs[3];
	assert_int_equal(in->npairs, 1);
	assert_string_equal(in->pairs[0].key, "LEGACY");
	assert_string_equal(in->pairs[0].value, "some value  here");
	assert_span_text(&f, in->pairs[0].value_span, "some value  here");
	in = &f.instrs[4];
	assert_int_equal(in->npairs, 2);
	assert_string_equal(in->pairs[0].key, "com.example.vendor");
	assert_string_equal(in->pairs[0].value, "ACME Inc");
	df_free(&f);
}

static void test_stages(void **state)
{
	struct df_file f;
	(void)state;
	parse(&f, "ARG BASE=debian\nARG TAG\nARG REG=docker.io\nFROM ${BASE}:${TAG:-12} AS Build\nRUN make\n"
		"FROM build AS test\nFROM $REG/library/alpine:${TAG}\nFROM scratch\nCOPY --from=test /x /x\n");
	assert_no_problems(&f);
	assert_int_equal(f.nstages, 4);
	assert_string_equal(f.stages[0].name, "Build");
	assert_string_equal(f.stages[0].image, "${BASE}:${TAG:-12}");
	assert_string_equal(f.stages[0].image_resolved, "debian:12");
	assert_int_equal(f.stages[0].first, 3);
	assert_int_equal(f.stages[0].count, 2);
	assert_int_equal(f.stages[0].parent, -1);
	assert_int_equal(f.stages[1].parent, 0);        /* names compare case-insensitively */
	assert_null(f.stages[2].image_resolved);        /* TAG has no value */
	assert_null(f.stages[2].name);
	assert_string_equal(f.stages[3].image, "scratch");
	assert_int_equal(f.instrs[0].stage, -1);
	assert_int_equal(f.instrs[4].stage, 0);
	assert_int_equal(f.instrs[8].stage, 3);
	assert_int_equal(df_stage_find(&f, "BUILD", f.nstages), 0);
	assert_int_equal(df_stage_find(&f, "test", 1), -1);
	assert_int_equal(df_stage_find(&f, "2", f.nstages), 2);
	assert_int_equal(df_stage_find(&f, "4", f.nstages), -1);
	assert_int_equal(df_stage_find(&f, "nope", f.nstages), -1);
	df_free(&f);
	/* a global default built from earlier ones; a later ARG without default hides nothing */
	parse(&f, "ARG REG=ghcr.io\nARG IMG=${REG}/me/app\nARG BAD=$NOPE\nFROM $IMG:1\nFROM ${BAD:-x}\nFROM $BAD\n");
	assert_no_problems(&f);
	assert_string_equal(f.stages[0].image_resolved, "ghcr.io/me/app:1");
	assert_string_equal(f.stages[1].image_resolved, "x");
	assert_null(f.stages[2].image_resolved);
	df_free(&f);
}

static void test_problem_rules(void **state)
{
	struct df_file f;
	const struct df_problem *p;
	(void)state;
	parse(&f, "RUN echo\n");
	assert_int_equal(count_rule(&f, "no-from"), 1);
	assert_int_equal(count_rule(&f, "before-from"), 0);
	df_free(&f);
	parse(&f, "");
	assert_int_equal(count_rule(&f, "no-from"), 1);
	df_free(&f);
	parse(&f, "ARG X=1\nENV Y=2\nFROM a\nFOO bar\n");
	assert_int_equal(count_rule(&f, "before-from"), 1);
	assert_int_equal(count_rule(&f, "unknown-instruction"), 1);
	p = problem_of(&f, "unknown-instruction");
	assert_pos(&f, p->span.start, 4, 1);
	assert_non_null(strstr(p->message, "FOO"));
	df_free(&f);
	parse(&f, "FROM a AS x\nFROM b AS X\n");
	assert_int_equal(count_rule(&f, "duplicate-stage"), 1);
	p = problem_of(&f, "duplicate-stage");
	assert_pos(&f, p->span.start, 2, 11);
	df_free(&f);
	parse(&f, "FROM a\nRUN echo \\\n");
	assert_int_equal(count_rule(&f, "eof-continuation"), 1);
	p = problem_of(&f, "eof-continuation");
	assert_pos(&f, p->span.start, 2, 10);
	df_free(&f);
	parse(&f, "FROM a\nRUN echo \\\n# only a comment\n");
	assert_int_equal(count_rule(&f, "eof-continuation"), 1);
	df_free(&f);
}

static void test_missing_args(void **state)
{
	static const char *const bad[] = {
		"FROM\n", "FROM a\nCOPY onlyone\n", "FROM a\nADD\n", "FROM a\nENV\n", "FROM a\nENV KEY\n",
		"FROM a\nARG\n", "FROM a\nLABEL\n", "FROM a\nEXPOSE\n", "FROM a\nUSER\n", "FROM a\nWORKDIR\n",
		"FROM a\nHEALTHCHECK\n", "FROM a\nCMD\n", "FROM a\nENTRYPOINT\n", "FROM a\nRUN\n",
		"FROM a\nRUN --mount=type=cache,target=/x\n", "FROM a AS\n", "FROM a\nHEALTHCHECK CMD\n",
		"FROM a\nCOPY [\"x\"]\n", "FROM a\nENV A=1 B\n",
	};
	static const char *const good[] = {
		"FROM a\nCOPY <<EOF /x\nhi\nEOF\n", "FROM a\nARG NAME\n", "FROM a\nHEALTHCHECK NONE\n",
		"FROM a\nENV A=\n", "FROM a\nEXPOSE 80/tcp 443\n",
	};
	size_t i;
	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct df_file f;
		parse(&f, bad[i]);
		if (count_rule(&f, "missing-args") != 1) {
			dump_problems(&f);
			fail_msg("case %zu: %s", i, bad[i]);
		}
		df_free(&f);
	}
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		struct df_file f;
		parse(&f, good[i]);
		if (f.nproblems) {
			dump_problems(&f);
			fail_msg("case %zu: %s", i, good[i]);
		}
		df_free(&f);
	}
}

static void test_onbuild_healthcheck(void **state)
{
	struct df_file f;
	const struct df_instr *in;
	(void)state;
	parse(&f, "FROM a\nONBUILD COPY --chown=1 . /app\nONBUILD RUN <<EOF\nmake\nEOF\n"
		"HEALTHCHECK NONE\nhealthcheck --retries=3 cmd [\"curl\", \"-f\", \"http://localhost:8080/\"]\n");
	assert_no_problems(&f);
	in = &f.instrs[1];
	assert_int_equal(in->kind, DF_ONBUILD);
	assert_non_null(in->onbuild);
	assert_int_equal(in->onbuild->kind, DF_COPY);
	assert_string_equal(df_flag_get(in->onbuild, "chown")->value, "1");
	assert_int_equal(in->onbuild->nwords, 2);
	assert_span_text(&f, in->onbuild->kw_span, "COPY");
	assert_int_equal(in->onbuild->stage, 0);
	in = &f.instrs[2];
	assert_int_equal(in->onbuild->nheredocs, 1);
	assert_string_equal(in->onbuild->heredocs[0].body, "make\n");
	assert_int_equal(in->end_line, 5);
	assert_true(f.instrs[3].hc_none);
	in = &f.instrs[4];
	assert_true(in->json);
	assert_int_equal(in->argc, 3);
	assert_string_equal(in->argv[2], "http://localhost:8080/");
	assert_string_equal(in->args + in->hc_cmd, "[\"curl\", \"-f\", \"http://localhost:8080/\"]");
	df_free(&f);
}

static const char *vars(void *payload, const char *name, size_t len)
{
	(void)payload;
	if (len == 1 && name[0] == 'A')
		return "alpha";
	if (len == 5 && memcmp(name, "EMPTY", 5) == 0)
		return "";
	return NULL;
}

static void test_expand(void **state)
{
	static const struct { const char *in, *out; int unres; } cases[] = {
		{ "$A-${A}", "alpha-alpha", 0 },
		{ "${B:-d}|${B-d}|${EMPTY:-d}|${EMPTY-d}", "d|d|d|", 0 },
		{ "${A:+x}|${B:+x}|${EMPTY:+x}|${EMPTY+x}", "x|||x", 0 },
		{ "${B:-${C:-${A}}}", "alpha", 0 },
		{ "x$B.y", "x.y", 1 },
		{ "\\$A $", "$A $", 0 },
		{ "${A", "${A", 0 },
		{ "$", "$", 0 },
		{ "${B:-", "${B:-", 0 },
		{ "${A${A}", "${A${A}", 0 },
		{ "${1}${-x}", "${1}${-x}", 0 },
	};
	size_t i;
	char *r;
	int u;
	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		r = df_expand(cases[i].in, '\\', vars, NULL, &u);
		if (strcmp(r, cases[i].out) != 0 || u != cases[i].unres)
			fail_msg("%s -> %s (%d)", cases[i].in, r, u);
		free(r);
	}
	r = df_expand("`$A", '`', vars, NULL, NULL);
	assert_string_equal(r, "$A");
	free(r);
}

static void test_hostile(void **state)
{
	struct df_file f;
	size_t n = 1 << 20, i;
	char *big = xmalloc(n + 1);
	clock_t t0;
	(void)state;
	/* a 1 MB single RUN line with quotes, escapes and heredoc-like words */
	memcpy(big, "FROM a\nRUN ", 11);
	for (i = 11; i < n; i++)
		big[i] = "a \"'\\<$(){}[],=\t"[i % 17];
	big[n] = '\0';
	t0 = clock();
	df_parse(&f, big, n);
	assert_true(f.ninstrs >= 2);
	df_free(&f);
	/* a 1 MB line of continuations and FROMs */
	for (i = 0; i + 7 < n; i += 7)
		memcpy(big + i, i % 2 ? "FROM \\\n" : "ENV a\\\n", 7);
	df_parse(&f, big, n);
	df_free(&f);
	/* unclosed ${ references: expansion stays linear */
	for (i = 0; i < n; i++)
		big[i] = "${a"[i % 3];
	big[n] = '\0';
	free(df_expand(big, '\\', NULL, NULL, NULL));
	/* binary noise and stray NULs */
	for (i = 0; i < n; i++)
		big[i] = (char)((i * 2654435761u) >> 13);
	df_parse(&f, big, n);
	df_free(&f);
	/* a megabyte-long unknown keyword: the message stays short */
	memset(big, 'X', n);
	memcpy(big, "FROM a\n", 7);
	df_parse(&f, big, n);
	assert_int_equal(count_rule(&f, "unknown-instruction"), 1);
	assert_true(strlen(problem_of(&f, "unknown-instruction")->message) < 300);
	df_free(&f);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
	free(big);
	/* truncated constructs at the very end */
	parse(&f, "FROM a\nCMD [\"\\u12");
	assert_int_equal(count_rule(&f, "bad-exec-form"), 1);
	df_free(&f);
	parse(&f, "\xEF\xBB");
	df_free(&f);
	parse(&f, "FROM a\nRUN <<");
	df_free(&f);
	parse(&f, "FROM a\nENV A=\"unterminated");
	df_free(&f);
	df_parse(&f, NULL, 0);
	assert_int_equal(count_rule(&f, "no-from"), 1);
	df_free(&f);
}

static void parse_fixture(struct df_file *f, const char *name, char **data)
{
	size_t len;
	*data = fixture_read(name, &len);
	df_parse(f, *data, len);
}

static void test_fixture_windows_crlf(void **state)
{
	struct df_file f;
	char *d;
	const struct df_instr *in;
	(void)state;
	parse_fixture(&f, "dockerfile/windows-crlf.Dockerfile", &d);
	assert_no_problems(&f);
	assert_int_equal(f.escape, '`');
	assert_string_equal(f.syntax, "docker/dockerfile:1");
	assert_int_equal(f.ninstrs, 7);
	in = &f.instrs[1];
	assert_true(in->json);
	assert_string_equal(in->argv[2], "$ErrorActionPreference = 'Stop';");
	in = &f.instrs[2];
	assert_string_equal(in->args, "Write-Host one;     Write-Host two");
	assert_int_equal(in->line, 5);
	assert_int_equal(in->end_line, 8);
	assert_int_equal(f.ncomments, 3);
	assert_true(f.comments[2].in_continuation);
	assert_int_equal(f.comments[2].line, 6);
	assert_span_text(&f, f.comments[2].span, "# a comment inside");
	in = &f.instrs[3];
	assert_int_equal(in->nwords, 2);
	assert_string_equal(in->words[1].text, "C:\\app\\");
	in = &f.instrs[5];
	assert_int_equal(in->npairs, 2);
	assert_string_equal(in->pairs[0].value, "C:\\app;${PATH}");
	assert_string_equal(in->pairs[1].key, "MODE");
	assert_pos(&f, in->pairs[1].key_span.start, 12, 5);
	assert_string_equal(f.instrs[6].argv[0], "C:\\app\\run.exe");
	assert_string_equal(f.stages[0].name, "base");
	df_free(&f);
	free(d);
}

static void test_fixture_heredoc_stages(void **state)
{
	struct df_file f;
	char *d;
	const struct df_instr *in;
	(void)state;
	parse_fixture(&f, "dockerfile/heredoc-stages.Dockerfile", &d);
	assert_no_problems(&f);
	assert_string_equal(f.syntax, "docker/dockerfile:1.4");
	assert_int_equal(f.nstages, 2);
	assert_string_equal(f.stages[0].platform, "$BUILDPLATFORM");
	assert_string_equal(f.stages[0].image, "python:3.10-alpine");
	assert_int_equal(f.stages[1].parent, 0);
	in = &f.instrs[f.stages[1].first + 1];
	assert_int_equal(in->kind, DF_RUN);
	assert_int_equal(in->nheredocs, 1);
	assert_string_equal(in->heredocs[0].body, "apk update\napk add git\n");
	assert_int_equal(in->line, 22);
	assert_int_equal(in->end_line, 25);
	in = &f.instrs[f.stages[0].first + 3];
	assert_string_equal(df_flag_kv(df_flag_get(in, "mount"), "target"), "/root/.cache/pip");
	assert_string_equal(in->args, "pip3 install -r requirements.txt");
	in = &f.instrs[f.stages[0].first + 5];
	assert_int_equal(in->kind, DF_ENV);
	assert_string_equal(in->pairs[0].key, "FLASK_APP");
	assert_string_equal(in->pairs[0].value, "hello.py");
	df_free(&f);
	free(d);
}

static void test_fixture_problems(void **state)
{
	static const struct { const char *rule; int line, col; } want[] = {
		{ "before-from", 2, 1 }, { "unknown-instruction", 4, 1 }, { "missing-args", 5, 1 },
		{ "single-quoted-exec-form", 6, 1 }, { "bad-exec-form", 7, 1 }, { "duplicate-stage", 8, 16 },
		{ "missing-args", 9, 1 }, { "eof-continuation", 14, 10 },
	};
	struct df_file f;
	char *d;
	size_t i;
	(void)state;
	parse_fixture(&f, "dockerfile/problems.Dockerfile", &d);
	if (f.nproblems != ARRAY_SIZE(want))
		dump_problems(&f);
	assert_int_equal(f.nproblems, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		assert_string_equal(f.problems[i].rule, want[i].rule);
		assert_pos(&f, f.problems[i].span.start, want[i].line, want[i].col);
		assert_true(f.problems[i].message[0] != '\0');
	}
	df_free(&f);
	free(d);
	parse_fixture(&f, "dockerfile/unterminated-heredoc.Dockerfile", &d);
	assert_int_equal(f.nproblems, 1);
	assert_string_equal(f.problems[0].rule, "unterminated-heredoc");
	assert_span_text(&f, f.problems[0].span, "<<EOT\nnever closed\n");
	assert_string_equal(f.instrs[1].heredocs[0].body, "never closed\n");
	df_free(&f);
	free(d);
}

/*
 * Corpus files Docker itself rejects, with the problem expected. Keep each
 * reason explicit: anything else found in the corpus fails the test.
 */
static const struct { const char *path, *rule, *why; } corpus_allow[] = {
	{ "docker-compose/pkg/e2e/fixtures/wrong-composefile/service1/Dockerfile", "unknown-instruction",
	  "compose's own test fixture: line 17 is the deliberate instruction WRONG, which Docker rejects" },
	{ NULL, NULL, NULL }
};

static int is_dockerfile_name(const char *name)
{
	return strcmp(name, "Dockerfile") == 0 || str_starts(name, "Dockerfile.") ||
		str_ends(name, ".Dockerfile") || strcmp(name, "Containerfile") == 0 ||
		str_starts(name, "Containerfile.");
}

static int allowed(const char *rel, const char *rule)
{
	size_t i;
	for (i = 0; corpus_allow[i].path; i++)
		if (strcmp(corpus_allow[i].path, rel) == 0 && strcmp(corpus_allow[i].rule, rule) == 0)
			return 1;
	return 0;
}

struct corpus_stats { size_t files, bytes, unexpected; double seconds; };

static void corpus_file(const char *path, const char *rel, struct corpus_stats *st)
{
	FILE *fp = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n, i;
	struct df_file f;
	clock_t t0;
	if (!fp)
		return;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	t0 = clock();
	df_parse(&f, b.ptr ? b.ptr : "", b.len);
	st->seconds += (double)(clock() - t0) / CLOCKS_PER_SEC;
	st->files++;
	st->bytes += b.len;
	for (i = 0; i < f.nproblems; i++) {
		int line, col, ok = allowed(rel, f.problems[i].rule);
		text_pos(&f.text, f.problems[i].span.start, &line, &col);
		print_message("%s %s:%d:%d: %s: %s\n", ok ? "allowed" : "UNEXPECTED", rel, line, col,
			f.problems[i].rule, f.problems[i].message);
		st->unexpected += !ok;
	}
	df_free(&f);
	buf_free(&b);
}

static void corpus_walk(const char *dir, const char *rel, struct corpus_stats *st)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat sb;
		char *path, *r;
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		r = *rel ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			corpus_walk(path, r, st);
		else if (S_ISREG(sb.st_mode) && is_dockerfile_name(e->d_name))
			corpus_file(path, r, st);
		free(path);
		free(r);
	}
	closedir(d);
}

static void test_corpus(void **state)
{
	const char *shared = shared_dir();
	struct corpus_stats st = { 0, 0, 0, 0 };
	char *dir;
	(void)state;
	if (!shared) {
		print_message("skipped: the shared corpus (../shared) is absent\n");
		skip();
	}
	dir = xasprintf("%s/corpus", shared);
	corpus_walk(dir, "", &st);
	free(dir);
	print_message("corpus: %zu Dockerfiles, %zu bytes parsed in %.3f s\n", st.files, st.bytes, st.seconds);
	assert_true(st.files > 0);
	assert_int_equal(st.unexpected, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instructions_basic),
		cmocka_unit_test(test_directives_top),
		cmocka_unit_test(test_directives_not_in_force),
		cmocka_unit_test(test_directive_errors),
		cmocka_unit_test(test_escape_backtick),
		cmocka_unit_test(test_crlf_bom),
		cmocka_unit_test(test_continuation_comments),
		cmocka_unit_test(test_heredocs),
		cmocka_unit_test(test_heredoc_unterminated),
		cmocka_unit_test(test_exec_forms),
		cmocka_unit_test(test_bad_exec_forms),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_problem_rules),
		cmocka_unit_test(test_missing_args),
		cmocka_unit_test(test_onbuild_healthcheck),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_fixture_windows_crlf),
		cmocka_unit_test(test_fixture_heredoc_stages),
		cmocka_unit_test(test_fixture_problems),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
