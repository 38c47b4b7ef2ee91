/*
 * Tests of the shell-word splitter (core/shell.h): operators, quoting,
 * assignments, reserved words, descent into sh -c, $( ), backticks and
 * wrappers, here-documents, option queries, hostile input.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "shell.h"
#include "util.h"

static void parse(struct sh_script *s, const char *text)
{
	sh_parse(s, text, strlen(text));
}

/* "name@depth:op" for every command, space separated, for compact comparisons. */
static char *summary(const struct sh_script *s)
{
	static const char *const ops[] = { "end", "and", "or", "seq", "pipe", "bg" };
	struct buf b = BUF_INIT;
	size_t i;
	for (i = 0; i < s->ncmds; i++) {
		const char *n = sh_cmd_name(&s->cmds[i]);
		buf_printf(&b, "%s%s@%d:%s%s", i ? " " : "", n ? n : "-", s->cmds[i].depth,
			ops[s->cmds[i].op], s->cmds[i].piped_in ? "<" : "");
	}
	return buf_detach(&b);
}

#define assert_summary(s, want) do { char *g_ = summary(s); \
	if (strcmp(g_, (want)) != 0) { fail_msg("got  %s\nwant %s", g_, (want)); } \
	free(g_); } while (0)

static void test_operators(void **state)
{
	struct sh_script s;
	(void)state;
	parse(&s, "a && b || c; d | e & f\ng");
	assert_summary(&s, "a@0:and b@0:or c@0:seq d@0:pipe e@0:bg< f@0:seq g@0:end");
	sh_free(&s);
	parse(&s, "a|&b;;c");
	assert_summary(&s, "a@0:pipe b@0:seq< c@0:end");
	sh_free(&s);
	parse(&s, "");
	assert_int_equal(s.ncmds, 0);
	sh_free(&s);
}

static void test_words_and_offsets(void **state)
{
	struct sh_script s;
	const char *t = "apt-get install -y \"lib foo\" 'a$b' c\\ d e\"f\"g $'x\\ty'";
	const struct sh_cmd *c;
	(void)state;
	parse(&s, t);
	assert_int_equal(s.ncmds, 1);
	c = &s.cmds[0];
	assert_int_equal(c->nwords, 8);
	assert_string_equal(sh_cmd_name(c), "apt-get");
	assert_int_equal(sh_cmd_nargs(c), 7);
	assert_string_equal(c->words[3].text, "lib foo");
	assert_true(c->words[3].quoted);
	assert_int_equal(c->words[3].start, (size_t)(strstr(t, "\"lib") - t));
	assert_int_equal(c->words[3].end, (size_t)(strstr(t, " 'a") - t));
	assert_string_equal(c->words[4].text, "a$b");
	assert_string_equal(c->words[5].text, "c d");
	assert_string_equal(c->words[6].text, "efg");
	assert_string_equal(c->words[7].text, "x\ty");
	assert_false(c->words[0].quoted);
	assert_int_equal(c->start, 0);
	assert_int_equal(c->end, strlen(t));
	assert_null(sh_cmd_arg(c, 7));
	assert_string_equal(sh_cmd_arg(c, 0)->text, "install");
	sh_free(&s);
	parse(&s, "/usr/bin/pip3 --version");
	assert_string_equal(sh_cmd_name(&s.cmds[0]), "pip3");
	sh_free(&s);
}

static void test_assignments(void **state)
{
	struct sh_script s;
	(void)state;
	parse(&s, "DEBIAN_FRONTEND=noninteractive A+=1 apt-get install -y x B=2; X=1");
	assert_int_equal(s.ncmds, 2);
	assert_int_equal(s.cmds[0].nassign, 2);
	assert_string_equal(sh_cmd_name(&s.cmds[0]), "apt-get");
	assert_int_equal(sh_cmd_nargs(&s.cmds[0]), 4);     /* B=2 after the name is an argument */
	assert_int_equal(s.cmds[1].nassign, 1);
	assert_null(sh_cmd_name(&s.cmds[1]));
	assert_int_equal(sh_cmd_nargs(&s.cmds[1]), 0);
	sh_free(&s);
}

static void test_comments_and_joins(void **state)
{
	struct sh_script s;
	(void)state;
	parse(&s, "# setup\nset -eux; \\\n  apt-get \\\n update # refresh && rm -rf /\necho a#b");
	assert_summary(&s, "set@0:seq apt-get@0:seq echo@0:end");
	assert_string_equal(s.cmds[1].words[1].text, "update");
	assert_string_equal(s.cmds[2].words[1].text, "a#b");
	sh_free(&s);
}

static void test_reserved_words(void **state)
{
	struct sh_script s;
	(void)state;
	parse(&s, "if [ -f x ]; then apt-get install -y y; elif true; then :; else exit 1; fi && echo ok");
	assert_summary(&s, "[@0:seq apt-get@0:seq true@0:seq :@0:seq exit@0:and echo@0:end");
	sh_free(&s);
	parse(&s, "for p in a b $(ls); do pip install \"$p\"; done; while read l; do echo; done < f");
	assert_summary(&s, "ls@1:end pip@0:seq read@0:seq echo@0:seq");
	sh_free(&s);
	parse(&s, "case \"$ARCH\" in\n amd64|x86_64) A=x ;;\n arm64) curl -o x y;;\n *) exit 1;;\nesac; make");
	assert_summary(&s, "-@0:seq curl@0:seq exit@0:seq make@0:end");
	sh_free(&s);
	parse(&s, "{ cd /x && make; } || (echo fail; exit 1) | tee log");
	assert_summary(&s, "cd@0:and make@0:or echo@0:seq exit@0:pipe tee@0:end<");
	sh_free(&s);
	parse(&s, "! grep -q x f");
	assert_string_equal(sh_cmd_name(&s.cmds[0]), "grep");
	sh_free(&s);
}

static void test_descent(void **state)
{
	struct sh_script s;
	const char *t = "sh -c 'cd /src && make' && bash -exc \"pip install x\"";
	(void)state;
	parse(&s, t);
	assert_summary(&s, "sh@0:and cd@1:and make@1:end bash@0:end pip@1:end");
	assert_int_equal(s.cmds[1].start, (size_t)(strstr(t, "cd") - t));
	assert_int_equal(s.cmds[4].words[2].start, (size_t)(strstr(t, "x\"") - t));
	sh_free(&s);
	parse(&s, "echo $(curl -s https://x | sh) \"v=$(cat VERSION)\" `uname -m` $((1+2))");
	assert_summary(&s, "curl@1:pipe sh@1:end< cat@1:end uname@1:end echo@0:end");
	assert_string_equal(s.cmds[4].words[1].text, "$(curl -s https://x | sh)");
	assert_string_equal(s.cmds[4].words[2].text, "v=$(cat VERSION)");
	sh_free(&s);
	parse(&s, "exec gunicorn -b :8000 app; sudo -u me env -i A=1 apt-get install x; nohup node a &");
	assert_summary(&s, "exec@0:seq gunicorn@1:seq sudo@0:seq env@1:seq apt-get@2:seq nohup@0:bg node@1:bg");
	assert_int_equal(s.cmds[4].nassign, 1);
	sh_free(&s);
	parse(&s, "su postgres -c 'initdb -D /x' && gosu app:app node a.js; timeout -s KILL 10 curl x | xargs -n 1 rm -f");
	assert_summary(&s, "su@0:and initdb@1:end gosu@0:seq node@1:seq timeout@0:pipe curl@1:pipe xargs@0:end< rm@1:end<");
	assert_string_equal(sh_cmd_arg(&s.cmds[1], 1)->text, "/x");
	sh_free(&s);
	/* sh without -c runs a script file: nothing to descend into */
	parse(&s, "sh ./install.sh 'a b'");
	assert_int_equal(s.ncmds, 1);
	sh_free(&s);
}

static void test_redirections_heredocs(void **state)
{
	struct sh_script s;
	(void)state;
	parse(&s, "curl -fsSL x 2>&1 >/dev/null | tee -a log &>/dev/null; cat <<EOF > /etc/x\nrm -rf /\nEOF\n"
		"cat <<-'E' | sh\n\tnot a command\n\tE\necho done <<< \"str\"");
	assert_summary(&s, "curl@0:pipe tee@0:seq< cat@0:seq cat@0:pipe sh@0:seq< echo@0:end");
	assert_int_equal(sh_cmd_nargs(&s.cmds[0]), 2);
	assert_int_equal(sh_cmd_nargs(&s.cmds[1]), 2);
	assert_int_equal(sh_cmd_nargs(&s.cmds[5]), 1);
	sh_free(&s);
	/* a Dockerfile heredoc marker alone (the body is elsewhere) */
	parse(&s, "<<EOF");
	assert_int_equal(s.ncmds, 0);
	sh_free(&s);
}

static void test_options(void **state)
{
	static const char *const with_value[] = { "-o", "-c", NULL };
	struct sh_script s;
	const struct sh_cmd *c;
	(void)state;
	parse(&s, "apt-get -o Dpkg::Options::=--force-confold -qy --no-install-recommends=1 install curl -- -x");
	c = &s.cmds[0];
	assert_true(sh_cmd_has_opt(c, "-y"));
	assert_true(sh_cmd_has_opt(c, "-q"));
	assert_true(sh_cmd_has_opt(c, "--no-install-recommends"));
	assert_false(sh_cmd_has_opt(c, "--no-install"));
	assert_false(sh_cmd_has_opt(c, "-f"));          /* never inside a long option or a value */
	assert_false(sh_cmd_has_opt(c, "-x"));          /* after "--" */
	assert_false(sh_cmd_has_opt(c, "-n"));
	assert_string_equal(sh_cmd_subcommand(c, with_value)->text, "install");
	assert_string_equal(sh_cmd_subcommand(c, NULL)->text, "Dpkg::Options::=--force-confold");
	sh_free(&s);
	parse(&s, "pip install --no-cache-dir -r r.txt; npm -- ci; ls -");
	assert_true(sh_cmd_has_opt(&s.cmds[0], "--no-cache-dir"));
	assert_string_equal(sh_cmd_subcommand(&s.cmds[1], NULL)->text, "ci");
	assert_string_equal(sh_cmd_subcommand(&s.cmds[2], NULL)->text, "-");
	assert_string_equal(sh_cmd_subcommand(&s.cmds[0], NULL)->text, "install");
	sh_free(&s);
	parse(&s, "apt-get -qq");
	assert_true(sh_cmd_has_opt(&s.cmds[0], "-qq"));
	assert_null(sh_cmd_subcommand(&s.cmds[0], NULL));
	sh_free(&s);
}

static void test_hostile(void **state)
{
	static const char *const cases[] = {
		"'unterminated", "\"unterminated $(x", "$(", "$((", "`", "${", "\\", "a \\", "<<", "2>",
		"case x in", "for", "sh -c", "bash -c '", ")))(((", ";;;;&&||", "$'\\", "cat <<EOF\nno end",
	};
	struct sh_script s;
	struct buf b = BUF_INIT;
	size_t i;
	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		parse(&s, cases[i]);
		sh_free(&s);
	}
	/* deep nesting of sh -c and $( ) stops at the depth limit */
	for (i = 0; i < 2000; i++)
		buf_puts(&b, "$(sh -c \"");
	parse(&s, buf_str(&b));
	for (i = 0; i < s.ncmds; i++)
		assert_true(s.cmds[i].depth <= 8);
	sh_free(&s);
	buf_clear(&b);
	for (i = 0; i < 200000; i++)
		buf_puts(&b, "a 'b' \"c\" && ");
	parse(&s, buf_str(&b));
	assert_int_equal(s.ncmds, 200000);
	sh_free(&s);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_words_and_offsets),
		cmocka_unit_test(test_assignments),
		cmocka_unit_test(test_comments_and_joins),
		cmocka_unit_test(test_reserved_words),
		cmocka_unit_test(test_descent),
		cmocka_unit_test(test_redirections_heredocs),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
