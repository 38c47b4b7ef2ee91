/*
 * The command line: dispatch to the TUI, help and version, option parsing
 * (--opt VALUE, --opt=VALUE, --), usage errors with exit 2, rules and
 * explain, and `check` on a real folder (exit codes, formats, no colour or
 * progress when output is not a terminal).
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

/* Most arguments one test command line has. */
#define MAX_ARGS 16

static int tui_calls, tui_argc;
static char tui_arg1[256];

static int fake_tui(int argc, char **argv)
{
	tui_calls++;
	tui_argc = argc;
	snprintf(tui_arg1, sizeof(tui_arg1), "%s", argc > 1 ? argv[1] : "");
	return 42;
}

static char *out_text, *err_text;

static char *slurp(FILE *f)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	rewind(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

/* Run cli_main on a NULL-terminated argument list, stdout and stderr captured. */
static int run(const char *first, ...)
{
	char *argv[MAX_ARGS + 2];
	int argc = 0, rc, save_out, save_err;
	FILE *fo = tmpfile(), *fe = tmpfile();
	va_list ap;
	argv[argc++] = "berth";
	va_start(ap, first);
	for (const char *a = first; a && argc < MAX_ARGS; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	assert_non_null(fo);
	assert_non_null(fe);
	free(out_text);
	free(err_text);
	fflush(stdout);
	fflush(stderr);
	save_out = dup(1);
	save_err = dup(2);
	dup2(fileno(fo), 1);
	dup2(fileno(fe), 2);
	rc = cli_main(argc, argv, fake_tui);
	fflush(stdout);
	fflush(stderr);
	dup2(save_out, 1);
	dup2(save_err, 2);
	close(save_out);
	close(save_err);
	out_text = slurp(fo);
	err_text = slurp(fe);
	return rc;
}

#define assert_in(hay, needle) do { \
	if (!strstr((hay), (needle))) \
		fail_msg("wanted \"%s\" in:\n%s", (needle), (hay)); \
} while (0)

static void test_dispatch_to_tui(void **state)
{
	(void)state;
	tui_calls = 0;
	assert_int_equal(run(NULL), 42);
	assert_int_equal(tui_argc, 1);
	assert_int_equal(run("--ascii", NULL), 42);
	assert_string_equal(tui_arg1, "--ascii");
	assert_int_equal(run("--theme", "dark", "some/path", NULL), 42);
	assert_int_equal(tui_argc, 4);
	assert_int_equal(run("some/path", NULL), 42);
	assert_string_equal(tui_arg1, "some/path");
	assert_int_equal(tui_calls, 4);
	/* subcommands never reach the TUI */
	assert_int_equal(run("--version", NULL), 0);
	assert_int_equal(run("rules", NULL), 0);
	assert_int_equal(tui_calls, 4);
}

static void test_help_and_version(void **state)
{
	(void)state;
	assert_int_equal(run("--version", NULL), 0);
	assert_string_equal(out_text, "berth " BERTH_VERSION "\n");
	assert_string_equal(BERTH_VERSION, "0.1.0");
	assert_int_equal(run("--help", NULL), 0);
	assert_in(out_text, "berth check [--format FMT] [--fail-on LEVEL] [--config FILE] [--since REF] [PATH...]");
	assert_in(out_text, "berth explain KEY");
	assert_in(out_text, "berth rules");
	assert_in(out_text, "berth fix");
	assert_string_equal(err_text, "");
	assert_int_equal(run("help", NULL), 0);
	assert_in(out_text, "usage: berth");
	assert_int_equal(run("check", "--help", NULL), 0);
	assert_in(out_text, "usage: berth check");
}

static void test_check_usage_errors(void **state)
{
	(void)state;
	assert_int_equal(run("check", "--format", NULL), 2);
	assert_in(err_text, "usage: berth check");
	assert_string_equal(out_text, "");
	assert_int_equal(run("check", "--format", "xml", ".", NULL), 2);
	assert_in(err_text, "xml");
	assert_int_equal(run("check", "--format=yaml", NULL), 2);
	assert_int_equal(run("check", "--fail-on", "fatal", NULL), 2);
	assert_in(err_text, "fatal");
	assert_int_equal(run("check", "--fail-on=", NULL), 2);
	assert_int_equal(run("check", "--frobnicate", NULL), 2);
	assert_in(err_text, "--frobnicate");
	assert_int_equal(run("check", "--config", NULL), 2);
	assert_int_equal(run("check", "/nonexistent/berth/path", NULL), 2);
	assert_in(err_text, "/nonexistent/berth/path");
	assert_string_equal(out_text, "");
	/* after --, an option-like word is a PATH */
	assert_int_equal(run("check", "--", "--format", NULL), 2);
	assert_in(err_text, "--format: no such file or folder");
}

static void test_opt_value(void **state)
{
	char *argv[] = { "x", "--format", "json", "--format=gnu", "--formats", "--format", NULL };
	const char *val = NULL;
	int i = 1;
	(void)state;
	assert_int_equal(cli_opt_value(6, argv, &i, "--format", &val), 1);
	assert_string_equal(val, "json");
	assert_int_equal(i, 2);
	i = 3;
	assert_int_equal(cli_opt_value(6, argv, &i, "--format", &val), 1);
	assert_string_equal(val, "gnu");
	assert_int_equal(i, 3);
	i = 4;
	assert_int_equal(cli_opt_value(6, argv, &i, "--format", &val), 0);
	i = 5;
	assert_int_equal(cli_opt_value(6, argv, &i, "--format", &val), -1);
}

static void test_rules(void **state)
{
	(void)state;
	assert_int_equal(run("rules", NULL), 0);
	for (int i = 0; i < ITEM_COUNT; i++) {
		assert_in(out_text, item_defs[i].key);
		assert_in(out_text, item_defs[i].title);
	}
	assert_int_equal(run("rules", "--format", "json", NULL), 0);
	assert_true(out_text[0] == '[');
	assert_in(out_text, "{\"key\": \"sec.non-root\", \"title\": \"Runs as non-root user\", "
			    "\"category\": \"Security\", \"fix\": \"auto\"}");
	assert_int_equal(run("rules", "--format=tty", NULL), 0);
	assert_int_equal(run("rules", "--format", "sarif", NULL), 2);
	assert_int_equal(run("rules", "extra", NULL), 2);
}

static void test_explain(void **state)
{
	(void)state;
	assert_int_equal(run("explain", "sec.non-root", NULL), 0);
	assert_true(str_starts(out_text, "Runs as non-root user\n"));
	assert_in(out_text, "DL3002");
	assert_int_equal(run("explain", NULL), 2);
	assert_in(err_text, "usage:");
	assert_int_equal(run("explain", "a", "b", NULL), 2);
	assert_int_equal(run("explain", "sec.nonroot", NULL), 2);
	assert_in(err_text, "unknown key 'sec.nonroot'");
	assert_in(err_text, "did you mean: sec.non-root?");
	assert_string_equal(out_text, "");
	assert_int_equal(run("explain", "healthcheck", NULL), 2);
	assert_in(err_text, "sec.healthcheck");
	assert_in(err_text, "compose.healthcheck");
	/* a hostile key is not echoed raw */
	assert_int_equal(run("explain", "x\033[2Jy", NULL), 2);
	assert_null(strchr(err_text, '\033'));
	/* hadolint ids lead to the items covering them */
	assert_int_equal(run("explain", "DL3009", NULL), 0);
	assert_true(str_starts(out_text, "apt lists removed in same layer\n"));
	assert_int_equal(run("explain", "DL4006", NULL), 0);
	assert_in(out_text, "corr.pitfalls");
	assert_int_equal(run("explain", "DL3008", NULL), 2);    /* no berth counterpart */
}

/* ---- check on a folder outside any repository ---- */

static char tmpdir[256];

static void write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/berth-cli-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	write_file("Dockerfile", "FROM python:latest\nCMD python app.py\n");
	return 0;
}

static int teardown_dir(void **state)
{
	char cmd[600];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_check_folder(void **state)
{
	char df[512];
	(void)state;
	snprintf(df, sizeof(df), "%s/Dockerfile", tmpdir);
	setenv("NO_COLOR", "", 1);      /* empty counts as unset, and stdout is a file anyway */
	assert_int_equal(run("check", tmpdir, NULL), 1);
	assert_null(strchr(out_text, '\033'));
	assert_in(out_text, "Dockerfile:1:6: error:");
	assert_in(out_text, "[sec.pinned-base]");
	assert_in(out_text, "1 file checked");
	/* stderr is not a terminal: no progress */
	assert_string_equal(err_text, "");
	assert_int_equal(run("check", "--fail-on", "never", tmpdir, NULL), 0);
	assert_int_equal(run("check", "--fail-on=error", "--format=gnu", tmpdir, NULL), 1);
	assert_true(str_starts(out_text, "Dockerfile:"));
	assert_int_equal(run("check", "--format", "json", df, NULL), 1);
	assert_true(str_starts(out_text, "{\n"));
	assert_in(out_text, "\"path\": \"Dockerfile\"");
	assert_int_equal(run("check", "--format", "sarif", "--fail-on", "never", tmpdir, NULL), 0);
	assert_in(out_text, "\"version\": \"2.1.0\"");
	assert_int_equal(run("check", "--format", "codeclimate", tmpdir, NULL), 1);
	assert_true(out_text[0] == '[');
	/* a config that cannot be read is exit 2, and no report */
	assert_int_equal(run("check", "--config", "/nonexistent/berth.yaml", tmpdir, NULL), 2);
	assert_string_equal(out_text, "");
	assert_in(err_text, "berth.yaml");
	unsetenv("NO_COLOR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dispatch_to_tui),
		cmocka_unit_test(test_help_and_version),
		cmocka_unit_test(test_check_usage_errors),
		cmocka_unit_test(test_opt_value),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_explain),
		cmocka_unit_test_setup_teardown(test_check_folder, setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
