/*
 * Commits of accepted fixes (SPEC.md "Commits"), in temporary repositories
 * created here with libgit2: the commit holds exactly the fixes; staged,
 * unstaged and untracked work stays as it was; every refusal leaves the
 * whole folder, .git included, byte-identical; unborn branches get a root
 * commit; a second commit with nothing new creates none; git fsck --strict
 * and git status agree (when /usr/bin/git exists).
 */
#include "support.h"
#include "support_git.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <git2.h>

#include "commit.h"
#include "repo.h"
#include "util.h"

#define GIT_BIN "/usr/bin/git"  /* the real git, for fsck and status cross-checks */

static char tmp_root[256];

/* A fresh empty folder below the test's temporary root. */
static char *tmpdir(const char *name)
{
	return test_mkdir(tmp_root, name);
}


/* ---- snapshots: every file below a folder (.git included) with mode and content hash ---- */

static struct buf snap_buf;
static size_t snap_root_len;

static int snap_entry(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)f;
	buf_printf(&snap_buf, "%s %o %lld", p + snap_root_len, (unsigned)st->st_mode, (long long)st->st_size);
	if (flag == FTW_F && S_ISREG(st->st_mode)) {
		size_t len = 0;
		char *data = NULL;
		FILE *fp = fopen(p, "rb");
		if (fp) {
			data = xmalloc((size_t)st->st_size + 1);
			len = fread(data, 1, (size_t)st->st_size, fp);
			fclose(fp);
		}
		buf_printf(&snap_buf, " %016llx", (unsigned long long)repo_hash(data ? data : "", len));
		free(data);
	} else if (flag == FTW_SL) {
		char target[512];
		ssize_t n = readlink(p, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		buf_printf(&snap_buf, " -> %s", target);
	}
	buf_putc(&snap_buf, '\n');
	return 0;
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted listing of the folder: equal snapshots mean nothing changed on disk or in .git. */
static char *snapshot(const char *dir)
{
	char **lines = NULL, *all, *p;
	size_t n = 0, cap = 0;
	struct buf out = BUF_INIT;
	buf_clear(&snap_buf);
	snap_root_len = strlen(dir);
	nftw(dir, snap_entry, 16, FTW_PHYS);
	all = buf_detach(&snap_buf);
	for (p = strtok(all, "\n"); p; p = strtok(NULL, "\n"))
		PUSH(lines, n, cap, p);
	if (n)
		qsort(lines, n, sizeof(*lines), line_cmp);
	for (size_t i = 0; i < n; i++)
		buf_printf(&out, "%s\n", lines[i]);
	free(lines);
	free(all);
	return buf_detach(&out);
}

/* ---- helpers ---- */

static char *read_text(const char *dir, const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel), *data;
	FILE *f = fopen(p, "rb");
	long n;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = xmalloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	free(p);
	return data;
}

static void head_id(git_repository *g, git_oid *id)
{
	assert_int_equal(git_reference_name_to_id(id, g, "HEAD"), 0);
}

/* Content of `path` in the tree of commit `id` (malloc'd), and its mode. */
static char *blob_at(git_repository *g, const git_oid *id, const char *path, git_filemode_t *mode)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	char *out;
	assert_int_equal(git_commit_lookup(&c, g, id), 0);
	assert_int_equal(git_commit_tree(&t, c), 0);
	if (git_tree_entry_bypath(&e, t, path) != 0) {
		git_tree_free(t);
		git_commit_free(c);
		return NULL;
	}
	if (mode)
		*mode = git_tree_entry_filemode(e);
	assert_int_equal(git_blob_lookup(&b, g, git_tree_entry_id(e)), 0);
	out = xstrndup(git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
	return out;
}

static unsigned file_status(git_repository *g, const char *path)
{
	unsigned st = 0;
	assert_int_equal(git_status_file(&st, g, path), 0);
	return st;
}

/* Output of a git command run in `dir` (malloc'd), or NULL when git is not installed. */
static char *run_git(const char *dir, const char *args)
{
	char *cmd, *out;
	struct buf b = BUF_INIT;
	char chunk[256];
	FILE *p;
	size_t n;
	if (access(GIT_BIN, X_OK) != 0)
		return NULL;
	cmd = xasprintf("cd '%s' && " GIT_BIN " %s 2>&1; echo \"rc=$?\"", dir, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&b, chunk, n);
	pclose(p);
	free(cmd);
	out = buf_detach(&b);
	return out;
}

struct fixed {
	const char *path;
	const char *text;
	const char *keys[3];
	size_t nkeys;
	int is_new;
};

/* Read each existing file for its stamp, then commit the given texts. */
static int do_commit(struct repo *r, const struct fixed *fx, size_t n, const struct commit_opts *o,
		     struct commit_result *res, char **err)
{
	struct commit_file files[8];
	struct repo_stamp stamps[8];
	int rc;
	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++) {
		char *data = NULL, *rerr = NULL;
		size_t len;
		memset(&files[i], 0, sizeof(files[i]));
		files[i].path = fx[i].path;
		files[i].data = fx[i].text;
		files[i].len = strlen(fx[i].text);
		files[i].keys = fx[i].keys;
		files[i].nkeys = fx[i].nkeys;
		if (!fx[i].is_new && repo_read(r, fx[i].path, &data, &len, &stamps[i], &rerr) == 0)
			files[i].stamp = &stamps[i];
		free(data);
		free(rerr);
	}
	rc = commit_fixes(r, files, n, o, res, err);
	return rc;
}

static struct repo *open_repo(const char *dir)
{
	struct repo *r = NULL;
	char *err = NULL;
	assert_int_equal(repo_open(&r, dir, &err), 0);
	return r;
}

static const char DF_OLD[] = "FROM python:3.11-slim\r\nCMD [\"python\", \"app.py\"]\r\n";
static const char DF_NEW[] = "FROM python:3.11-slim\r\nUSER app\r\nCMD [\"python\", \"app.py\"]\r\n";
static const char APP_OLD[] = "FROM node:20\nCMD node server.js\n";
static const char APP_NEW[] = "FROM node:20\nUSER node\nCMD [\"node\", \"server.js\"]\n";

/* A repository with one commit: Dockerfile (CRLF), app/Dockerfile (executable), README.md, notes.txt. */
static git_repository *base_repo(const char *dir)
{
	git_repository *g = test_git_init(dir, 0);
	char *p;
	test_write_file(dir, "Dockerfile", DF_OLD);
	test_write_file(dir, "app/Dockerfile", APP_OLD);
	p = xasprintf("%s/app/Dockerfile", dir);
	assert_int_equal(chmod(p, 0755), 0);
	free(p);
	test_write_file(dir, "README.md", "readme\n");
	test_write_file(dir, "notes.txt", "notes\n");
	test_git_stage(g, "Dockerfile");
	test_git_stage(g, "app/Dockerfile");
	test_git_stage(g, "README.md");
	test_git_stage(g, "notes.txt");
	test_git_commit_index(g, "first");
	return g;
}

static void assert_diff_paths(git_repository *g, const git_oid *a, const git_oid *b, const char *const *want)
{
	git_commit *ca = NULL, *cb = NULL;
	git_tree *ta = NULL, *tb = NULL;
	git_diff *d = NULL;
	size_t n, i;
	assert_int_equal(git_commit_lookup(&ca, g, a), 0);
	assert_int_equal(git_commit_lookup(&cb, g, b), 0);
	assert_int_equal(git_commit_tree(&ta, ca), 0);
	assert_int_equal(git_commit_tree(&tb, cb), 0);
	assert_int_equal(git_diff_tree_to_tree(&d, g, ta, tb, NULL), 0);
	n = git_diff_num_deltas(d);
	for (i = 0; want[i]; i++) {
		const git_diff_delta *dd = i < n ? git_diff_get_delta(d, i) : NULL;
		if (!dd)
			fail_msg("commit lacks %s", want[i]);
		assert_string_equal(dd->new_file.path, want[i]);
	}
	assert_int_equal(n, i);
	git_diff_free(d);
	git_tree_free(ta);
	git_tree_free(tb);
	git_commit_free(ca);
	git_commit_free(cb);
}

/* The tree is HEAD's plus exactly the fixes: CRLF and the executable bit kept. */
static void check_fix_tree(git_repository *g, const char *dir, const git_oid *before, const git_oid *after)
{
	static const char *const changed[] = { ".dockerignore", "Dockerfile", "app/Dockerfile", NULL };
	git_filemode_t mode = 0;
	struct stat st;
	char *s;
	assert_diff_paths(g, before, after, changed);
	s = blob_at(g, after, "Dockerfile", &mode);
	assert_string_equal(s, DF_NEW);
	assert_int_equal(mode, GIT_FILEMODE_BLOB);
	free(s);
	s = blob_at(g, after, "app/Dockerfile", &mode);
	assert_string_equal(s, APP_NEW);
	assert_int_equal(mode, GIT_FILEMODE_BLOB_EXECUTABLE);
	free(s);
	s = blob_at(g, after, "README.md", NULL);
	assert_string_equal(s, "readme\n");             /* the staged edit stayed out */
	free(s);
	s = read_text(dir, "Dockerfile");
	assert_string_equal(s, DF_NEW);
	free(s);
	s = xasprintf("%s/app/Dockerfile", dir);
	assert_int_equal(stat(s, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);
	free(s);
}

/* The user's staged, unstaged and untracked work is as it was; the fixed files are clean. */
static char *check_user_work(git_repository *g, const char *dir)
{
	git_index *idx = NULL;
	const git_index_entry *ie;
	char *staged, *s;
	assert_int_equal(git_repository_index(&idx, g), 0);
	assert_int_equal(git_index_read(idx, 1), 0);
	ie = git_index_get_bypath(idx, "README.md", 0);
	assert_non_null(ie);
	staged = xstrdup(git_oid_tostr_s(&ie->id));
	git_index_free(idx);
	assert_true(file_status(g, "README.md") & GIT_STATUS_INDEX_MODIFIED);
	assert_true(file_status(g, "notes.txt") == GIT_STATUS_WT_MODIFIED);
	assert_true(file_status(g, "untracked.txt") == GIT_STATUS_WT_NEW);
	assert_int_equal(file_status(g, "Dockerfile"), GIT_STATUS_CURRENT);
	assert_int_equal(file_status(g, "app/Dockerfile"), GIT_STATUS_CURRENT);
	assert_int_equal(file_status(g, ".dockerignore"), GIT_STATUS_CURRENT);
	s = read_text(dir, "notes.txt");
	assert_string_equal(s, "notes, unstaged edit\n");
	free(s);
	return staged;
}

static void check_commit_and_reflog(git_repository *g, const git_oid *before, const git_oid *after)
{
	git_commit *c = NULL;
	git_reflog *log = NULL;
	assert_int_equal(git_commit_lookup(&c, g, after), 0);
	assert_int_equal(git_commit_parentcount(c), 1);
	assert_true(git_oid_equal(git_commit_parent_id(c, 0), before));
	assert_string_equal(git_commit_message(c),
			    "berth: 4 fixes in Dockerfile, app/Dockerfile, .dockerignore\n\n"
			    "- sec.non-root in Dockerfile\n- sec.healthcheck in Dockerfile\n"
			    "- corr.production-cmd in app/Dockerfile\n- perf.dockerignore in .dockerignore\n");
	assert_string_equal(git_commit_author(c)->email, "test@example.com");
	git_commit_free(c);
	assert_int_equal(git_reflog_read(&log, g, "refs/heads/main"), 0);
	assert_string_equal(git_reflog_entry_message(git_reflog_entry_byindex(log, 0)),
			    "commit: berth: 4 fixes in Dockerfile, app/Dockerfile, .dockerignore");
	git_reflog_free(log);
	assert_int_equal(git_reflog_read(&log, g, "HEAD"), 0);
	assert_true(git_reflog_entrycount(log) >= 2);
	git_reflog_free(log);
}

/* Nothing new makes no commit; a one-line message replaces the subject and keeps the body. */
static void check_again(git_repository *g, struct repo *r, const git_oid *after)
{
	const struct fixed same[] = { { "Dockerfile", DF_NEW, { "sec.non-root" }, 1, 0 } };
	const struct fixed more[] = { { "Dockerfile", DF_OLD, { "corr.parse" }, 1, 0 } };
	struct commit_opts o = { .message = "Harden the image" };
	struct commit_result res;
	git_commit *c = NULL;
	git_oid now;
	char *err = NULL;
	assert_int_equal(do_commit(r, same, 1, NULL, &res, &err), 0);
	assert_false(res.committed);
	assert_string_equal(res.id, "");
	head_id(g, &now);
	assert_true(git_oid_equal(&now, after));
	commit_result_free(&res);
	assert_int_equal(do_commit(r, more, 1, &o, &res, &err), 0);
	head_id(g, &now);
	assert_int_equal(git_commit_lookup(&c, g, &now), 0);
	assert_string_equal(git_commit_message(c), "Harden the image\n\n- corr.parse in Dockerfile\n");
	git_commit_free(c);
	commit_result_free(&res);
}

/* The real git agrees: fsck --strict is clean and status shows only the user's own work. */
static void check_with_git(const char *dir, const char *status, const char *staged)
{
	char *s = run_git(dir, "fsck --strict");
	if (!s) {
		print_message("%s not found: the git fsck --strict and git status cross-checks are skipped\n", GIT_BIN);
		return;
	}
	if (!strstr(s, "rc=0"))
		fail_msg("git fsck --strict: %s", s);
	free(s);
	s = run_git(dir, "status --porcelain");
	assert_string_equal(s, status);
	free(s);
	if (staged) {
		s = run_git(dir, "rev-parse :README.md");
		assert_non_null(strstr(s, staged));
		free(s);
	}
}

static void test_commit_only_the_fixes(void **state)
{
	char *dir = tmpdir("fixes"), *err = NULL, *staged;
	git_repository *g = base_repo(dir);
	struct repo *r;
	struct commit_result res;
	git_oid before, after;
	const struct fixed fx[] = {
		{ "Dockerfile", DF_NEW, { "sec.non-root", "sec.healthcheck" }, 2, 0 },
		{ "app/Dockerfile", APP_NEW, { "corr.production-cmd" }, 1, 0 },
		{ ".dockerignore", ".git\n.env\n", { "perf.dockerignore" }, 1, 1 },
	};
	(void)state;
	/* the user's own work: a staged change, an unstaged change, an untracked file */
	test_write_file(dir, "README.md", "readme, staged edit\n");
	test_git_stage(g, "README.md");
	test_write_file(dir, "notes.txt", "notes, unstaged edit\n");
	test_write_file(dir, "untracked.txt", "mine\n");
	head_id(g, &before);
	r = open_repo(dir);
	assert_int_equal(do_commit(r, fx, 3, NULL, &res, &err), 0);
	if (err)
		fail_msg("%s", err);
	assert_true(res.committed);
	assert_int_equal(res.nfiles, 3);
	assert_string_equal(res.branch, "main");
	head_id(g, &after);
	assert_string_equal(res.id, git_oid_tostr_s(&after));
	commit_result_free(&res);
	check_commit_and_reflog(g, &before, &after);
	check_fix_tree(g, dir, &before, &after);
	staged = check_user_work(g, dir);
	check_again(g, r, &after);
	check_with_git(dir, "M  README.md\n M notes.txt\n?? untracked.txt\nrc=0\n", staged);
	free(staged);
	repo_free(r);
	git_repository_free(g);
	free(dir);
}

/* Commit must refuse with `msg` and leave every byte of `dir` (.git included) as it was. */
static void expect_refusal(const char *dir, const struct fixed *fx, size_t n, const struct commit_opts *o,
			   const char *msg)
{
	struct repo *r = open_repo(dir);
	struct commit_result res;
	char *before = snapshot(dir), *after, *err = NULL;
	int rc = do_commit(r, fx, n, o, &res, &err);
	after = snapshot(dir);
	if (rc != -1)
		fail_msg("expected a refusal mentioning '%s', got %d", msg, rc);
	assert_non_null(err);
	if (!strstr(err, msg))
		fail_msg("refusal '%s' lacks '%s'", err, msg);
	assert_false(res.committed);
	if (strcmp(before, after) != 0)
		fail_msg("a refusal ('%s') changed the folder:\n--- before\n%s--- after\n%s", err, before, after);
	free(err);
	free(before);
	free(after);
	commit_result_free(&res);
	repo_free(r);
}

static const struct fixed FIX_DF[] = { { "Dockerfile", DF_NEW, { "sec.non-root" }, 1, 0 } };

/* The file's own uncommitted changes: unstaged, staged, its executable bit; untracked; partial sets. */
static void test_refuse_own_changes(void **state)
{
	char *dir = tmpdir("own"), *p;
	git_repository *g = base_repo(dir);
	(void)state;
	test_write_file(dir, "Dockerfile", "FROM python:3.12\n");
	expect_refusal(dir, FIX_DF, 1, NULL, "uncommitted changes");
	test_git_stage(g, "Dockerfile");
	expect_refusal(dir, FIX_DF, 1, NULL, "uncommitted changes");
	test_write_file(dir, "Dockerfile", DF_OLD);
	test_git_stage(g, "Dockerfile");
	p = xasprintf("%s/Dockerfile", dir);
	assert_int_equal(chmod(p, 0755), 0);
	expect_refusal(dir, FIX_DF, 1, NULL, "executable bit");
	assert_int_equal(chmod(p, 0644), 0);
	free(p);
	test_write_file(dir, "new.Dockerfile", "FROM a\n");
	{
		const struct fixed fx[] = { { "new.Dockerfile", "FROM b\n", { "sec.pinned-base" }, 1, 0 } };
		expect_refusal(dir, fx, 1, NULL, "untracked");
	}
	/* a good file first and a refused one second: nothing at all is written */
	test_write_file(dir, "notes.txt", "dirty\n");
	{
		const struct fixed fx[] = {
			{ "Dockerfile", DF_NEW, { "sec.non-root" }, 1, 0 },
			{ "notes.txt", "fixed\n", { "corr.parse" }, 1, 0 },
		};
		expect_refusal(dir, fx, 2, NULL, "notes.txt: has uncommitted changes");
	}
	git_repository_free(g);
	free(dir);
}

/* Paths: a "new" file that exists, one leaving the root, a tracked symlink, one inside a submodule. */
static void test_refuse_paths(void **state)
{
	char *dir = tmpdir("paths"), *p;
	git_repository *g = base_repo(dir);
	git_index *idx = NULL;
	git_index_entry e;
	(void)state;
	{
		const struct fixed fx[] = { { "README.md", "x\n", { "perf.dockerignore" }, 1, 1 } };
		expect_refusal(dir, fx, 1, NULL, "exists");
	}
	{
		const struct fixed fx[] = { { "../outside", "x\n", { "perf.dockerignore" }, 1, 1 } };
		expect_refusal(dir, fx, 1, NULL, "not a file inside the repository");
	}
	p = xasprintf("%s/link.Dockerfile", dir);
	assert_int_equal(symlink("Dockerfile", p), 0);
	free(p);
	test_git_stage(g, "link.Dockerfile");
	test_git_commit_index(g, "link");
	{
		const struct fixed fx[] = { { "link.Dockerfile", DF_NEW, { "sec.non-root" }, 1, 1 } };
		expect_refusal(dir, fx, 1, NULL, "symbolic link");
	}
	memset(&e, 0, sizeof(e));
	e.mode = GIT_FILEMODE_COMMIT;
	e.path = "sub";
	git_oid_fromstr(&e.id, "1111111111111111111111111111111111111111");
	assert_int_equal(git_repository_index(&idx, g), 0);
	assert_int_equal(git_index_add(idx, &e), 0);
	assert_int_equal(git_index_write(idx), 0);
	git_index_free(idx);
	test_git_commit_index(g, "submodule");
	test_write_file(dir, "sub/Dockerfile", DF_OLD);
	{
		const struct fixed fx[] = { { "sub/Dockerfile", DF_NEW, { "sec.non-root" }, 1, 0 } };
		expect_refusal(dir, fx, 1, NULL, "submodule");
	}
	git_repository_free(g);
	free(dir);
}

/* The file changed (and was committed by someone else) after berth read it. */
static void test_refuse_changed_since_read(void **state)
{
	char *dir = tmpdir("changed"), *data = NULL, *err = NULL, *before, *after;
	git_repository *g = base_repo(dir);
	struct repo *r = open_repo(dir);
	struct repo_stamp st;
	struct commit_file f;
	struct commit_result res;
	size_t len;
	const char *keys[] = { "sec.non-root" };
	(void)state;
	assert_int_equal(repo_read(r, "Dockerfile", &data, &len, &st, &err), 0);
	free(data);
	test_write_file(dir, "Dockerfile", "FROM python:3.11-slim\r\nCMD [\"python\", \"other.py\"]\r\n");
	test_git_stage(g, "Dockerfile");
	test_git_commit_index(g, "someone else");
	memset(&f, 0, sizeof(f));
	f.path = "Dockerfile";
	f.data = DF_NEW;
	f.len = strlen(DF_NEW);
	f.stamp = &st;
	f.keys = keys;
	f.nkeys = 1;
	before = snapshot(dir);
	assert_int_equal(commit_fixes(r, &f, 1, NULL, &res, &err), -1);
	assert_non_null(strstr(err, "changed since berth read it"));
	after = snapshot(dir);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(err);
	commit_result_free(&res);
	repo_free(r);
	git_repository_free(g);
	free(dir);
}

/* A held index.lock; missing user.name / user.email. */
static void test_refuse_lock_and_identity(void **state)
{
	char *dir = tmpdir("lock"), *lock = NULL;
	git_repository *g = base_repo(dir);
	git_config *cfg = NULL;
	(void)state;
	lock = xasprintf("%s/.git/index.lock", dir);
	test_write_file(dir, ".git/index.lock", "");
	expect_refusal(dir, FIX_DF, 1, NULL, "index.lock exists");
	assert_int_equal(unlink(lock), 0);
	free(lock);
	assert_int_equal(git_repository_config(&cfg, g), 0);
	assert_int_equal(git_config_delete_entry(cfg, "user.name"), 0);
	git_config_free(cfg);
	expect_refusal(dir, FIX_DF, 1, NULL, "user.name and user.email");
	git_repository_free(g);
	free(dir);
}

/* A detached HEAD: refused, unless allowed; then HEAD itself moves. */
static void test_detached_head(void **state)
{
	char *dir = tmpdir("detached"), *err = NULL;
	git_repository *g = base_repo(dir);
	struct commit_opts o = { .allow_detached = 1 };
	struct commit_result res;
	struct repo *r;
	git_oid head, now, branch;
	(void)state;
	head_id(g, &head);
	assert_int_equal(git_repository_set_head_detached(g, &head), 0);
	expect_refusal(dir, FIX_DF, 1, NULL, "detached");
	r = open_repo(dir);
	assert_string_equal(repo_branch(r), "HEAD");
	assert_int_equal(do_commit(r, FIX_DF, 1, &o, &res, &err), 0);
	assert_true(res.committed);
	assert_string_equal(res.branch, "HEAD");
	assert_true(git_repository_head_detached(g));
	head_id(g, &now);
	assert_false(git_oid_equal(&now, &head));
	assert_string_equal(git_oid_tostr_s(&now), res.id);
	assert_int_equal(git_reference_name_to_id(&branch, g, "refs/heads/main"), 0);
	assert_true(git_oid_equal(&branch, &head));     /* the branch stays where it was */
	commit_result_free(&res);
	repo_free(r);
	git_repository_free(g);
	free(dir);
}

/* keep_going: the dirty file is left out and named; the clean one is committed. */
static void test_keep_going(void **state)
{
	char *dir = tmpdir("keep"), *err = NULL, *s;
	git_repository *g = base_repo(dir);
	struct commit_opts o = { .keep_going = 1 };
	struct commit_result res;
	struct repo *r;
	git_commit *c = NULL;
	git_oid before, after;
	const struct fixed fx[] = {
		{ "notes.txt", "fixed\n", { "corr.parse" }, 1, 0 },
		{ "Dockerfile", DF_NEW, { "sec.non-root" }, 1, 0 },
	};
	(void)state;
	test_write_file(dir, "notes.txt", "dirty\n");
	head_id(g, &before);
	r = open_repo(dir);
	assert_int_equal(do_commit(r, fx, 2, &o, &res, &err), 0);
	assert_true(res.committed);
	assert_int_equal(res.nfiles, 1);
	assert_int_equal(res.nrefused, 1);
	assert_true(str_starts(res.refused[0], "notes.txt: has uncommitted changes"));
	head_id(g, &after);
	assert_int_equal(git_commit_lookup(&c, g, &after), 0);
	assert_string_equal(git_commit_message(c), "berth: 1 fix in Dockerfile\n\n- sec.non-root in Dockerfile\n");
	git_commit_free(c);
	s = read_text(dir, "notes.txt");
	assert_string_equal(s, "dirty\n");
	free(s);
	s = blob_at(g, &after, "notes.txt", NULL);
	assert_string_equal(s, "notes\n");
	free(s);
	assert_true(file_status(g, "notes.txt") == GIT_STATUS_WT_MODIFIED);
	commit_result_free(&res);
	/* repository-level problems still refuse everything */
	test_write_file(dir, ".git/index.lock", "");
	expect_refusal(dir, fx, 2, &o, "index.lock");
	repo_free(r);
	git_repository_free(g);
	free(dir);
}

static void test_refusals_outside(void **state)
{
	char *bare = tmpdir("bare.git"), *plain = tmpdir("plain");
	git_repository *g = test_git_init(bare, 1);
	const struct fixed fx[] = { { "Dockerfile", DF_NEW, { "sec.non-root" }, 1, 1 } };
	(void)state;
	expect_refusal(bare, fx, 1, NULL, "bare repository");
	expect_refusal(plain, fx, 1, NULL, "not inside a git repository");
	git_repository_free(g);
	free(bare);
	free(plain);
}

static void test_unborn_branch(void **state)
{
	char *dir = tmpdir("unborn"), *err = NULL, *s;
	git_repository *g = test_git_init(dir, 0);
	struct repo *r;
	struct commit_result res;
	git_commit *c = NULL;
	git_oid id;
	git_index *idx = NULL;
	git_reflog *log = NULL;
	git_filemode_t mode;
	const struct fixed fx[] = { { "Dockerfile", DF_NEW, { "sec.non-root" }, 1, 0 } };
	(void)state;
	test_write_file(dir, "Dockerfile", DF_OLD);
	test_write_file(dir, "other.txt", "staged, not committed\n");
	test_git_stage(g, "other.txt");
	r = open_repo(dir);
	assert_string_equal(repo_branch(r), "main");
	assert_int_equal(do_commit(r, fx, 1, NULL, &res, &err), 0);
	if (err)
		fail_msg("%s", err);
	assert_true(res.committed);
	head_id(g, &id);
	assert_int_equal(git_commit_lookup(&c, g, &id), 0);
	assert_int_equal(git_commit_parentcount(c), 0);
	git_commit_free(c);
	s = blob_at(g, &id, "Dockerfile", &mode);
	assert_string_equal(s, DF_NEW);
	free(s);
	assert_null(blob_at(g, &id, "other.txt", NULL));        /* staged work stays out */
	assert_int_equal(git_repository_index(&idx, g), 0);
	assert_int_equal(git_index_read(idx, 1), 0);
	assert_non_null(git_index_get_bypath(idx, "other.txt", 0));
	git_index_free(idx);
	assert_true(file_status(g, "other.txt") & GIT_STATUS_INDEX_NEW);
	assert_int_equal(file_status(g, "Dockerfile"), GIT_STATUS_CURRENT);
	assert_int_equal(git_reflog_read(&log, g, "refs/heads/main"), 0);
	assert_int_equal(git_reflog_entrycount(log), 1);
	assert_string_equal(git_reflog_entry_message(git_reflog_entry_byindex(log, 0)),
			    "commit (initial): berth: 1 fix in Dockerfile");
	git_reflog_free(log);
	commit_result_free(&res);
	check_with_git(dir, "A  other.txt\nrc=0\n", NULL);
	repo_free(r);
	git_repository_free(g);
	free(dir);
}

static void test_default_message(void **state)
{
	const char *k1[] = { "sec.non-root" }, *k2[] = { "compose.restart", "compose.cap-drop" };
	struct commit_file f[5];
	char *m;
	(void)state;
	memset(f, 0, sizeof(f));
	f[0].path = "a/Dockerfile"; f[0].keys = k1; f[0].nkeys = 1;
	f[1].path = "compose.yaml"; f[1].keys = k2; f[1].nkeys = 2;
	m = commit_default_message(f, 2);
	assert_string_equal(m, "berth: 3 fixes in a/Dockerfile, compose.yaml\n\n"
			       "- sec.non-root in a/Dockerfile\n- compose.restart in compose.yaml\n"
			       "- compose.cap-drop in compose.yaml\n");
	free(m);
	f[2].path = "b"; f[3].path = "c"; f[4].path = "b";
	m = commit_default_message(f, 5);
	assert_true(str_starts(m, "berth: 3 fixes in 4 files\n\n"));
	free(m);
	/* each fix's level and note under its line (SPEC.md "Commits") */
	{
		const char *n2[] = { "safe: the service comes back after a crash", NULL };
		f[1].notes = n2;
		m = commit_default_message(f, 2);
		assert_string_equal(m, "berth: 3 fixes in a/Dockerfile, compose.yaml\n\n"
				       "- sec.non-root in a/Dockerfile\n- compose.restart in compose.yaml\n"
				       "  safe: the service comes back after a crash\n"
				       "- compose.cap-drop in compose.yaml\n");
		free(m);
	}
}

/* One file berth wrote already (w): its content `text` over `base` (NULL: created). */
static int commit_written(const char *dir, const char *path, const char *text, const char *base,
			  struct commit_result *res, char **err)
{
	struct repo *r = open_repo(dir);
	const char *keys[] = { "sec.non-root" };
	struct commit_file f;
	int rc;
	memset(&f, 0, sizeof(f));
	f.path = path;
	f.data = text;
	f.len = strlen(text);
	f.keys = keys;
	f.nkeys = 1;
	f.written = 1;
	f.base = base;
	f.baselen = base ? strlen(base) : 0;
	rc = commit_fixes(r, &f, 1, NULL, res, err);
	repo_free(r);
	return rc;
}

/* Written then committed (the TUI's w then c): only as written, over HEAD as planned on; else nothing changes. */
static void test_commit_written(void **state)
{
	char *dir = tmpdir("written"), *err = NULL, *before, *after, *got;
	git_repository *g = base_repo(dir);
	struct commit_result res;
	git_oid h0, h1;
	(void)state;
	head_id(g, &h0);
	/* the file changed after berth wrote it: refused, nothing written */
	test_write_file(dir, "Dockerfile", "FROM python:3.11-slim\r\nUSER app2\r\nCMD [\"python\", \"app.py\"]\r\n");
	before = snapshot(dir);
	assert_int_equal(commit_written(dir, "Dockerfile", DF_NEW, DF_OLD, &res, &err), -1);
	assert_non_null(strstr(err, "changed since berth wrote it"));
	after = snapshot(dir);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(err);
	err = NULL;
	commit_result_free(&res);
	/* berth planned on another content than HEAD's (the user's own changes): refused */
	test_write_file(dir, "Dockerfile", DF_NEW);
	assert_int_equal(commit_written(dir, "Dockerfile", DF_NEW, "FROM python:3.12\n", &res, &err), -1);
	assert_non_null(strstr(err, "HEAD changed since berth wrote it"));
	free(err);
	err = NULL;
	commit_result_free(&res);
	/* as written, over HEAD: committed, not written again, the index follows, other work untouched */
	test_write_file(dir, "notes.txt", "dirty\n");
	assert_int_equal(commit_written(dir, "Dockerfile", DF_NEW, DF_OLD, &res, &err), 0);
	assert_true(res.committed);
	assert_int_equal(res.nfiles, 1);
	commit_result_free(&res);
	head_id(g, &h1);
	assert_false(git_oid_equal(&h0, &h1));
	got = blob_at(g, &h1, "Dockerfile", NULL);
	assert_string_equal(got, DF_NEW);
	free(got);
	assert_int_equal(file_status(g, "Dockerfile"), 0);
	assert_int_not_equal(file_status(g, "notes.txt"), 0);
	/* a file berth created (a .dockerignore): untracked until then, committed as written */
	test_write_file(dir, ".dockerignore", ".git\n");
	assert_int_equal(commit_written(dir, ".dockerignore", ".git\n", NULL, &res, &err), 0);
	assert_true(res.committed);
	commit_result_free(&res);
	assert_int_equal(file_status(g, ".dockerignore"), 0);
	/* committed already: HEAD holds it now, not what berth planned on */
	assert_int_equal(commit_written(dir, ".dockerignore", ".git\n", NULL, &res, &err), -1);
	assert_non_null(strstr(err, "HEAD has it now"));
	free(err);
	commit_result_free(&res);
	git_repository_free(g);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_only_the_fixes),
		cmocka_unit_test(test_refuse_own_changes),
		cmocka_unit_test(test_refuse_paths),
		cmocka_unit_test(test_refuse_changed_since_read),
		cmocka_unit_test(test_refuse_lock_and_identity),
		cmocka_unit_test(test_detached_head),
		cmocka_unit_test(test_keep_going),
		cmocka_unit_test(test_refusals_outside),
		cmocka_unit_test(test_unborn_branch),
		cmocka_unit_test(test_default_message),
		cmocka_unit_test(test_commit_written),
	};
	int rc;
	if (test_git_sandbox(tmp_root, sizeof(tmp_root), "commit") < 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	buf_free(&snap_buf);
	test_git_sandbox_end(tmp_root);
	return rc;
}
