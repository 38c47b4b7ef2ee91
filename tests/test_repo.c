/*
 * Repository access: candidate names, discovery, candidates in a git
 * repository (tracked + untracked-not-ignored) and outside one, safe reads
 * (links, FIFOs, huge files, permissions), stamps, command-line paths and
 * the fsview. Every repository is created here, in a temporary folder.
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
#include <time.h>
#include <unistd.h>
#include <git2.h>

#include "repo.h"
#include "util.h"

static char tmp_root[256];

/* A fresh empty folder below the test's temporary root. */
static char *tmpdir(const char *name)
{
	return test_mkdir(tmp_root, name);
}

static void assert_paths(char **paths, size_t n, const char *const *want)
{
	size_t i;
	for (i = 0; want[i]; i++) {
		if (i >= n)
			fail_msg("missing candidate %s (got %zu)", want[i], n);
		assert_string_equal(paths[i], want[i]);
	}
	if (i != n)
		fail_msg("unexpected candidate %s", paths[i]);
}

static void test_candidate_kind(void **state)
{
	static const char *const docker[] = {
		"Dockerfile", "Dockerfile.prod", "Dockerfile.", "api.Dockerfile", "api.dockerfile",
		"Containerfile", "Containerfile.dev", "Dockerfile.compose.yaml", NULL };
	static const char *const compose[] = {
		"compose.yaml", "compose.yml", "compose.prod.yaml", "compose.x.yml", "docker-compose.yaml",
		"docker-compose.yml", "docker-compose.override.yml", "docker-compose.a.b.yaml", NULL };
	static const char *const neither[] = {
		"Dockerfile.dockerignore", "api.Dockerfile.dockerignore", "dockerfile", "DOCKERFILE",
		"Dockerfiles", "xDockerfile", "compose.json", "compose.yaml.bak", "composeyaml",
		"compose-prod.yaml", "docker-compose", "my-compose.yaml", "Containerfiles",
		".dockerignore", "compose.dockerignore", "", NULL };
	enum filekind k;
	(void)state;
	for (size_t i = 0; docker[i]; i++) {
		k = KIND_COMPOSE;
		if (!repo_candidate_kind(docker[i], &k) || k != KIND_DOCKERFILE)
			fail_msg("%s should be a Dockerfile", docker[i]);
	}
	for (size_t i = 0; compose[i]; i++) {
		k = KIND_DOCKERFILE;
		if (!repo_candidate_kind(compose[i], &k) || k != KIND_COMPOSE)
			fail_msg("%s should be a compose file", compose[i]);
	}
	for (size_t i = 0; neither[i]; i++)
		if (repo_candidate_kind(neither[i], &k))
			fail_msg("%s should not be a candidate", neither[i]);
}

static void test_git_candidates(void **state)
{
	char *dir = tmpdir("cand"), *err = NULL, **paths = NULL;
	git_repository *g = test_git_init(dir, 0);
	struct repo *r = NULL;
	size_t n = 0;
	static const char *const all[] = {
		"Dockerfile", "deep/new/compose.yaml", "svc/api/Dockerfile", "svc/api/compose.prod.yml",
		"svc/web.Dockerfile", "untracked.Dockerfile", NULL };
	static const char *const svc[] = {
		"svc/api/Dockerfile", "svc/api/compose.prod.yml", "svc/web.Dockerfile", NULL };
	(void)state;
	test_write_file(dir, ".gitignore", "ignored/\n*.tmp.Dockerfile\n");
	test_write_file(dir, "Dockerfile", "FROM a\n");
	test_write_file(dir, "Dockerfile.dockerignore", ".git\n");
	test_write_file(dir, "svc/api/Dockerfile", "FROM b\n");
	test_write_file(dir, "svc/api/compose.prod.yml", "services: {}\n");
	test_write_file(dir, "svc/web.Dockerfile", "FROM c\n");
	test_write_file(dir, "svc/README.md", "x\n");
	test_write_file(dir, "gone/Dockerfile", "FROM d\n");
	test_write_file(dir, "ignored/Dockerfile", "FROM e\n");
	test_write_file(dir, "x.tmp.Dockerfile", "FROM f\n");
	test_write_file(dir, "untracked.Dockerfile", "FROM g\n");
	test_write_file(dir, "deep/new/compose.yaml", "services: {}\n");
	test_write_file(dir, "svcx/Dockerfile.dockerignore", "x\n");
	test_write_file(dir, "excluded.Dockerfile", "FROM h\n");
	test_write_file(dir, ".git/info/exclude", "excluded.Dockerfile\n");
	test_write_file(dir, "ignored/keep/Dockerfile", "FROM i\n");
	{
		/* an untracked nested repository: git does not look inside */
		char *nested = xasprintf("%s/nested", dir);
		git_repository_free(test_git_init(nested, 0));
		test_write_file(nested, "Dockerfile", "FROM n\n");
		free(nested);
	}
	test_git_stage(g, ".gitignore");
	test_git_stage(g, "Dockerfile");
	test_git_stage(g, "Dockerfile.dockerignore");
	test_git_stage(g, "svc/api/Dockerfile");
	test_git_stage(g, "svc/api/compose.prod.yml");
	test_git_stage(g, "gone/Dockerfile");
	test_git_commit_index(g, "first");
	test_git_stage(g, "svc/web.Dockerfile");         /* staged, never committed: still tracked */
	{
		/* a submodule (gitlink) whose folder holds a Dockerfile: skipped */
		git_index *idx = NULL;
		git_index_entry e;
		memset(&e, 0, sizeof(e));
		e.mode = GIT_FILEMODE_COMMIT;
		e.path = "sub";
		git_oid_fromstr(&e.id, "1111111111111111111111111111111111111111");
		assert_int_equal(git_repository_index(&idx, g), 0);
		assert_int_equal(git_index_add(idx, &e), 0);
		assert_int_equal(git_index_write(idx), 0);
		git_index_free(idx);
		test_write_file(dir, "sub/Dockerfile", "FROM s\n");
	}
	{
		char *gone = xasprintf("%s/gone/Dockerfile", dir);
		assert_int_equal(unlink(gone), 0);
		free(gone);
	}
	assert_int_equal(repo_open(&r, dir, &err), 0);
	assert_true(repo_is_git(r));
	assert_false(repo_is_bare(r));
	assert_string_equal(repo_branch(r), "main");
	assert_int_equal(repo_candidates(r, "", &paths, &n), 0);
	assert_paths(paths, n, all);
	repo_paths_free(paths, n);
	assert_int_equal(repo_candidates(r, "svc", &paths, &n), 0);
	assert_paths(paths, n, svc);
	repo_paths_free(paths, n);
	assert_int_equal(repo_candidates(r, "./svc/", &paths, &n), 0);
	assert_paths(paths, n, svc);
	repo_paths_free(paths, n);
	assert_int_equal(repo_candidates(r, "svcx", &paths, &n), 0);
	assert_int_equal(n, 0);
	repo_paths_free(paths, n);
	assert_int_equal(repo_candidates(r, "../x", &paths, &n), -1);
	assert_true(repo_tracked(r, "Dockerfile"));
	assert_true(repo_tracked(r, "svc/web.Dockerfile"));
	assert_true(repo_tracked(r, "svc"));
	assert_false(repo_tracked(r, "untracked.Dockerfile"));
	assert_false(repo_tracked(r, "sv"));
	repo_free(r);
	git_repository_free(g);
	free(dir);
}

static void test_branch_states(void **state)
{
	char *dir = tmpdir("branch"), *err = NULL, *sub;
	git_repository *g = test_git_init(dir, 0);
	struct repo *r = NULL;
	git_oid head;
	(void)state;
	/* unborn: the name HEAD points at */
	assert_int_equal(repo_open(&r, dir, &err), 0);
	assert_string_equal(repo_branch(r), "main");
	repo_free(r);
	test_write_file(dir, "a/b/Dockerfile", "FROM x\n");
	test_git_stage(g, "a/b/Dockerfile");
	test_git_commit_index(g, "one");
	/* discovered from a sub-folder and from a file */
	sub = xasprintf("%s/a/b", dir);
	assert_int_equal(repo_open(&r, sub, &err), 0);
	assert_string_equal(repo_root(r), dir);
	repo_free(r);
	free(sub);
	sub = xasprintf("%s/a/b/Dockerfile", dir);
	assert_int_equal(repo_open(&r, sub, &err), 0);
	assert_string_equal(repo_root(r), dir);
	repo_free(r);
	free(sub);
	/* detached */
	assert_int_equal(git_reference_name_to_id(&head, g, "HEAD"), 0);
	assert_int_equal(git_repository_set_head_detached(g, &head), 0);
	assert_int_equal(repo_open(&r, dir, &err), 0);
	assert_string_equal(repo_branch(r), "HEAD");
	repo_free(r);
	/* missing path */
	sub = xasprintf("%s/nope", dir);
	assert_int_equal(repo_open(&r, sub, &err), -1);
	assert_null(r);
	assert_non_null(strstr(err, "no such file"));
	free(err);
	free(sub);
	git_repository_free(g);
	free(dir);
}

static void test_bare(void **state)
{
	char *dir = tmpdir("bare.git"), *err = NULL, **paths = NULL;
	git_repository *g = test_git_init(dir, 1);
	struct repo *r = NULL;
	size_t n = 5;
	(void)state;
	assert_int_equal(repo_open(&r, dir, &err), 0);
	assert_true(repo_is_git(r));
	assert_true(repo_is_bare(r));
	assert_int_equal(repo_candidates(r, "", &paths, &n), 0);
	assert_int_equal(n, 0);
	repo_paths_free(paths, n);
	repo_free(r);
	git_repository_free(g);
	free(dir);
}

static void test_plain_folder(void **state)
{
	char *dir = tmpdir("plain"), *err = NULL, **paths = NULL, *link, *target, *sub;
	struct repo *r = NULL;
	size_t n = 0;
	static const char *const want[] = {
		"Dockerfile", "a/compose.yml", "a/linked.Dockerfile", "b/c/Containerfile", NULL };
	(void)state;
	test_write_file(dir, "Dockerfile", "FROM a\n");
	test_write_file(dir, "a/compose.yml", "services: {}\n");
	test_write_file(dir, "b/c/Containerfile", "FROM b\n");
	test_write_file(dir, ".git/Dockerfile", "FROM inside-git\n");
	test_write_file(dir, "b/.git/compose.yaml", "x\n");
	test_write_file(dir, "a/Dockerfile.dockerignore", "x\n");
	target = tmpdir("plain-target");
	test_write_file(target, "Dockerfile", "FROM outside\n");
	link = xasprintf("%s/linkdir", dir);
	assert_int_equal(symlink(target, link), 0);
	free(link);
	link = xasprintf("%s/a/linked.Dockerfile", dir);
	sub = xasprintf("%s/Dockerfile", target);
	assert_int_equal(symlink(sub, link), 0);
	free(sub);
	free(link);
	assert_int_equal(repo_open(&r, dir, &err), 0);
	assert_false(repo_is_git(r));
	assert_null(repo_branch(r));
	assert_null(repo_git(r));
	assert_int_equal(repo_candidates(r, "", &paths, &n), 0);
	assert_paths(paths, n, want);
	repo_paths_free(paths, n);
	assert_false(repo_tracked(r, "Dockerfile"));
	repo_free(r);
	/* a file's folder is the root outside a repository */
	sub = xasprintf("%s/b/c/Containerfile", dir);
	assert_int_equal(repo_open(&r, sub, &err), 0);
	free(sub);
	sub = xasprintf("%s/b/c", dir);
	assert_string_equal(repo_root(r), sub);
	free(sub);
	repo_free(r);
	free(target);
	free(dir);
}

static struct repo *open_plain(const char *dir)
{
	struct repo *r = NULL;
	char *err = NULL;
	assert_int_equal(repo_open(&r, dir, &err), 0);
	return r;
}

static void expect_read_error(struct repo *r, const char *rel, int code, const char *msg)
{
	char *data = (char *)"x", *err = NULL;
	size_t len = 7;
	int rc = repo_read(r, rel, &data, &len, NULL, &err);
	if (rc != code)
		fail_msg("%s: expected %d, got %d (%s)", rel, code, rc, err ? err : "");
	assert_null(data);
	assert_int_equal(len, 0);
	assert_non_null(err);
	if (!strstr(err, msg))
		fail_msg("%s: message '%s' lacks '%s'", rel, err, msg);
	free(err);
}

static void test_read_safety(void **state)
{
	char *dir = tmpdir("read"), *p, *data = NULL, *err = NULL;
	struct repo *r;
	struct repo_stamp st;
	size_t len = 0;
	int fd;
	(void)state;
	test_write_file(dir, "Dockerfile", "FROM a\r\nRUN x\n");
	test_write_file(dir, "real/Dockerfile", "FROM b\n");
	p = xasprintf("%s/link", dir);
	assert_int_equal(symlink("Dockerfile", p), 0);
	free(p);
	p = xasprintf("%s/linkdir", dir);
	assert_int_equal(symlink("real", p), 0);
	free(p);
	p = xasprintf("%s/fifo/Dockerfile", dir);
	test_write_file(dir, "fifo/x", "");
	assert_int_equal(mkfifo(p, 0644), 0);
	free(p);
	p = xasprintf("%s/big.Dockerfile", dir);
	fd = open(p, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 52428800), 0);
	close(fd);
	free(p);
	r = open_plain(dir);
	assert_int_equal(repo_read(r, "Dockerfile", &data, &len, &st, &err), 0);
	assert_int_equal(len, 14);
	assert_string_equal(data, "FROM a\r\nRUN x\n");
	assert_true(st.hash == repo_hash(data, len));
	assert_int_equal(st.size, 14);
	assert_true(S_ISREG(st.mode));
	free(data);
	assert_int_equal(repo_read(r, "./real/../real/Dockerfile", &data, &len, NULL, &err), 0);
	assert_string_equal(data, "FROM b\n");
	free(data);
	expect_read_error(r, "link", REPO_ERR_SYMLINK, "link: a symbolic link; berth does not follow links");
	expect_read_error(r, "linkdir/Dockerfile", REPO_ERR_SYMLINK, "symbolic link");
	expect_read_error(r, "fifo/Dockerfile", REPO_ERR_NOT_REGULAR, "fifo/Dockerfile: a FIFO, not a regular file");
	expect_read_error(r, "big.Dockerfile", REPO_ERR_TOO_BIG,
			  "big.Dockerfile: 52428800 bytes, over berth's 4 MiB limit");
	expect_read_error(r, "real", REPO_ERR_NOT_REGULAR, "a folder");
	expect_read_error(r, "../read/Dockerfile", REPO_ERR_OUTSIDE, "outside");
	expect_read_error(r, "/etc/passwd", REPO_ERR_OUTSIDE, "outside");
	expect_read_error(r, "nope", REPO_ERR_MISSING, "no such file");
	expect_read_error(r, "Dockerfile/x", REPO_ERR_MISSING, "no such file");
	if (geteuid() != 0) {
		test_write_file(dir, "secret.Dockerfile", "FROM s\n");
		p = xasprintf("%s/secret.Dockerfile", dir);
		chmod(p, 0);
		expect_read_error(r, "secret.Dockerfile", REPO_ERR_UNREADABLE, "secret.Dockerfile: permission denied");
		chmod(p, 0644);
		free(p);
	} else {
		print_message("running as root: the permission-denied case cannot be produced, skipped\n");
	}
	repo_free(r);
	free(dir);
}

static void test_stamp(void **state)
{
	char *dir = tmpdir("stamp"), *data = NULL, *err = NULL, *p;
	struct repo *r;
	struct repo_stamp st;
	struct timespec ts[2];
	struct stat sb;
	size_t len;
	(void)state;
	test_write_file(dir, "Dockerfile", "FROM a\n");
	r = open_plain(dir);
	assert_int_equal(repo_read(r, "Dockerfile", &data, &len, &st, &err), 0);
	free(data);
	assert_int_equal(repo_stamp_check(r, "Dockerfile", &st), 0);
	/* same size, same mtime, other bytes: only the hash can tell */
	p = xasprintf("%s/Dockerfile", dir);
	assert_int_equal(stat(p, &sb), 0);
	test_write_file(dir, "Dockerfile", "FROM b\n");
	ts[0] = sb.st_atim;
	ts[1] = sb.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	assert_int_equal(repo_stamp_check(r, "Dockerfile", &st), -1);
	/* back to the old bytes but a new mtime */
	test_write_file(dir, "Dockerfile", "FROM a\n");
	ts[1].tv_sec += 5;
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	assert_int_equal(repo_stamp_check(r, "Dockerfile", &st), -1);
	/* replaced by a link */
	assert_int_equal(unlink(p), 0);
	assert_int_equal(symlink("/etc/hostname", p), 0);
	assert_int_equal(repo_stamp_check(r, "Dockerfile", &st), -1);
	free(p);
	repo_free(r);
	free(dir);
}

static void test_relpath(void **state)
{
	char *dir = tmpdir("rel"), *rel = NULL, *p, cwd[4096];
	struct repo *r;
	(void)state;
	test_write_file(dir, "a/b/Dockerfile", "FROM a\n");
	r = open_plain(dir);
	assert_int_equal(repo_relpath(r, dir, &rel), 0);
	assert_string_equal(rel, "");
	free(rel);
	p = xasprintf("%s/a/./b/../b/Dockerfile", dir);
	assert_int_equal(repo_relpath(r, p, &rel), 0);
	assert_string_equal(rel, "a/b/Dockerfile");
	free(rel);
	free(p);
	p = xasprintf("%s/..", dir);
	assert_int_equal(repo_relpath(r, p, &rel), -1);
	free(p);
	assert_int_equal(repo_relpath(r, "/", &rel), -1);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	p = xasprintf("%s/a", dir);
	assert_int_equal(chdir(p), 0);
	assert_int_equal(repo_relpath(r, "b/Dockerfile", &rel), 0);
	assert_string_equal(rel, "a/b/Dockerfile");
	free(rel);
	assert_int_equal(repo_relpath(r, ".", &rel), 0);
	assert_string_equal(rel, "a");
	free(rel);
	assert_int_equal(repo_relpath(r, "..", &rel), 0);
	assert_string_equal(rel, "");
	free(rel);
	assert_int_equal(repo_relpath(r, "../..", &rel), -1);
	assert_int_equal(repo_relpath(r, "b/missing.Dockerfile", &rel), 0);
	assert_string_equal(rel, "a/b/missing.Dockerfile");
	free(rel);
	assert_int_equal(chdir(cwd), 0);
	free(p);
	repo_free(r);
	free(dir);
}

static void test_fsview(void **state)
{
	char *dir = tmpdir("view"), *data = NULL, **names = NULL, *p;
	git_repository *g = test_git_init(dir, 0);
	struct repo *r;
	struct fsview fs;
	size_t len, n;
	(void)state;
	test_write_file(dir, "app/package.json", "{}\n");
	test_write_file(dir, "app/Dockerfile", "FROM a\n");
	test_write_file(dir, "app/.dockerignore", ".git\n");
	test_git_stage(g, "app/Dockerfile");
	p = xasprintf("%s/app/link.json", dir);
	assert_int_equal(symlink("/etc/passwd", p), 0);
	free(p);
	r = open_plain(dir);
	repo_fsview(r, &fs);
	assert_int_equal(fs_stat(&fs, ""), FS_DIR);
	assert_int_equal(fs_stat(&fs, "app"), FS_DIR);
	assert_int_equal(fs_stat(&fs, "app/package.json"), FS_FILE);
	assert_int_equal(fs_stat(&fs, "app/link.json"), FS_MISSING);
	assert_int_equal(fs_stat(&fs, "app/nope"), FS_MISSING);
	assert_int_equal(fs_stat(&fs, "../view/app"), FS_MISSING);
	assert_int_equal(fs_read(&fs, "app/.dockerignore", &data, &len), 0);
	assert_string_equal(data, ".git\n");
	free(data);
	assert_int_equal(fs_read(&fs, "app/link.json", &data, &len), -1);
	assert_int_equal(fs_list(&fs, "app", &names, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(names[0], ".dockerignore");
	assert_string_equal(names[1], "Dockerfile");
	assert_string_equal(names[2], "link.json");
	assert_string_equal(names[3], "package.json");
	fs_names_free(names, n);
	assert_int_equal(fs_list(&fs, "app/package.json", &names, &n), -1);
	assert_true(fs_tracked(&fs, "app/Dockerfile"));
	assert_false(fs_tracked(&fs, "app/package.json"));
	repo_free(r);
	git_repository_free(g);
	free(dir);
}

static void test_hash(void **state)
{
	(void)state;
	/* FNV-1a 64 reference values */
	assert_true(repo_hash("", 0) == 0xcbf29ce484222325ULL);
	assert_true(repo_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(repo_hash("foobar", 6) == 0x85944171f73967e8ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_candidate_kind),
		cmocka_unit_test(test_git_candidates),
		cmocka_unit_test(test_branch_states),
		cmocka_unit_test(test_bare),
		cmocka_unit_test(test_plain_folder),
		cmocka_unit_test(test_read_safety),
		cmocka_unit_test(test_stamp),
		cmocka_unit_test(test_relpath),
		cmocka_unit_test(test_fsview),
		cmocka_unit_test(test_hash),
	};
	int rc;
	if (test_git_sandbox(tmp_root, sizeof(tmp_root), "repo") < 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	test_git_sandbox_end(tmp_root);
	return rc;
}
