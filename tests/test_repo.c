/*
 * Repository access: candidate names, discovery, candidates in a git
 * repository (tracked + untracked-not-ignored) and outside one, safe reads
 * (links, FIFOs, huge files, permissions), stamps, command-line paths and
 * the fsview. Every repository is created here, in a temporary folder.
 *
 * Also: libgit2 is loaded only when git is needed (a check of one named
 * file never loads it, a folder's check does), discovery without libgit2
 * finds what git_repository_open_ext(path, 0) found (worktrees, .git
 * files, core.worktree, and what it leaves to libgit2), and when libgit2
 * cannot be loaded the calls that need it say so without crashing. Those
 * run in child processes: libgit2, once loaded, stays loaded.
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <git2.h>

#include "commit.h"
#include "config.h"
#include "diff.h"
#define GITLIB_NO_MACROS        /* this file calls the linked libgit2 itself */
#include "gitlib.h"
#include "repo.h"
#include "scan.h"
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
		"docker-compose.yml", "docker-compose.override.yml", "docker-compose.a.b.yaml",
		"compose-prod.yaml", "docker-compose-ci.yml", NULL };
	static const char *const neither[] = {
		"Dockerfile.dockerignore", "api.Dockerfile.dockerignore", "dockerfile", "DOCKERFILE",
		"Dockerfiles", "xDockerfile", "compose.json", "compose.yaml.bak", "composeyaml",
		"compose-.yaml", "docker-compose", "my-compose.yaml", "Containerfiles",
		".dockerignore", "compose.dockerignore", "",
		/* templates (CHECKLIST.md, roles rule 3) */
		"Dockerfile.j2", "Dockerfile.jinja2", "Dockerfile.tmpl", "Dockerfile.in", "Dockerfile~",
		"docker-compose.yml.example", "compose.yaml.tpl", "Containerfile.orig", "api.Dockerfile.sample", NULL };
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
	/* named on the command line, a template is judged as what its name stands for */
	k = KIND_COMPOSE;
	assert_true(repo_template_kind("Dockerfile.j2", &k));
	assert_int_equal(k, KIND_DOCKERFILE);
	assert_true(repo_template_kind("docker-compose.yml.example", &k));
	assert_int_equal(k, KIND_COMPOSE);
	assert_false(repo_template_kind("Dockerfile", &k));
	assert_false(repo_template_kind("notes.txt.bak", &k));
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

/*
 * Vendored trees are another project's files (HOLDOUT.md, loki: a
 * go-redis CI compose under a Go vendor/ raised 76 fails): a Go vendor/
 * with modules.txt, node_modules/ and third_party/ are not listed, a
 * vendor/ without modules.txt is, and naming the vendored folder lists it.
 */
static void test_vendored(void **state)
{
	char *dir = tmpdir("vend"), *err = NULL, **paths = NULL;
	git_repository *g = test_git_init(dir, 0);
	struct repo *r = NULL;
	size_t n = 0;
	static const char *const all[] = { "Dockerfile", "app/vendor/Dockerfile", NULL };
	static const char *const named[] = { "vendor/github.com/redis/go-redis/v9/docker-compose.yml", NULL };
	(void)state;
	test_write_file(dir, "Dockerfile", "FROM a\n");
	test_write_file(dir, "vendor/modules.txt", "# github.com/redis/go-redis/v9 v9.7.3\n");
	test_write_file(dir, "vendor/github.com/redis/go-redis/v9/docker-compose.yml",
			"services:\n  redis:\n    image: redis:latest\n    network_mode: host\n");
	test_write_file(dir, "web/node_modules/pkg/Dockerfile", "FROM b\n");
	test_write_file(dir, "third_party/lib/compose.yaml", "services: {}\n");
	test_write_file(dir, "app/vendor/Dockerfile", "FROM c\n");    /* no modules.txt: the project's own */
	test_git_stage(g, "Dockerfile");
	test_git_stage(g, "vendor/modules.txt");
	test_git_stage(g, "vendor/github.com/redis/go-redis/v9/docker-compose.yml");
	test_git_stage(g, "third_party/lib/compose.yaml");
	test_git_commit_index(g, "first");
	assert_int_equal(repo_open(&r, dir, &err), 0);
	assert_int_equal(repo_candidates(r, "", &paths, &n), 0);
	assert_paths(paths, n, all);
	repo_paths_free(paths, n);
	assert_int_equal(repo_candidates(r, "vendor", &paths, &n), 0);
	assert_paths(paths, n, named);
	repo_paths_free(paths, n);
	assert_int_equal(repo_candidates(r, "third_party/lib", &paths, &n), 0);
	assert_int_equal(n, 1);
	repo_paths_free(paths, n);
	repo_free(r);
	git_repository_free(g);
	free(dir);
}

/*
 * The work-tree walk runs on the pool: a wide and deep tree gives the same
 * candidates on one thread and on four — tracked, untracked, ignored
 * folders, a nested repository and a deleted tracked file included.
 */
static void test_walk_threads(void **state)
{
	char *dir = tmpdir("walk"), *err = NULL, **one = NULL, **four = NULL;
	git_repository *g = test_git_init(dir, 0);
	struct repo *r = NULL;
	size_t n1 = 0, n4 = 0;
	(void)state;
	test_write_file(dir, ".gitignore", "skip/\n");
	for (int i = 0; i < 120; i++) {
		char p[80];
		snprintf(p, sizeof(p), "t%02d/app%03d/Dockerfile", i % 7, i);
		test_write_file(dir, p, "FROM a\n");
		if (i % 3 == 0)
			test_git_stage(g, p);
		snprintf(p, sizeof(p), "t%02d/app%03d/deep/er/compose.yaml", i % 7, i);
		if (i % 5 == 0)
			test_write_file(dir, p, "services: {}\n");
		snprintf(p, sizeof(p), "skip/app%03d/Dockerfile", i);
		if (i % 10 == 0)
			test_write_file(dir, p, "FROM b\n");
	}
	test_write_file(dir, "gone/Dockerfile", "FROM c\n");
	test_git_stage(g, "gone/Dockerfile");
	test_git_commit_index(g, "first");
	{
		char *gone = xasprintf("%s/gone/Dockerfile", dir), *nested = xasprintf("%s/t01/nested", dir);
		assert_int_equal(unlink(gone), 0);
		git_repository_free(test_git_init(nested, 0));
		test_write_file(nested, "Dockerfile", "FROM n\n");
		free(gone);
		free(nested);
	}
	assert_int_equal(repo_open(&r, dir, &err), 0);
	setenv("BERTH_THREADS", "1", 1);
	assert_int_equal(repo_candidates(r, "", &one, &n1), 0);
	setenv("BERTH_THREADS", "4", 1);
	assert_int_equal(repo_candidates(r, "", &four, &n4), 0);
	unsetenv("BERTH_THREADS");
	/* 120 Dockerfiles (40 tracked), 24 compose files; nothing ignored, nested or deleted */
	assert_int_equal(n1, 144);
	assert_int_equal(n4, n1);
	for (size_t i = 0; i < n1; i++) {
		assert_string_equal(one[i], four[i]);
		assert_null(strstr(one[i], "skip/"));
		assert_null(strstr(one[i], "nested"));
		assert_null(strstr(one[i], "gone/"));
		if (i)
			assert_true(strcmp(one[i - 1], one[i]) < 0);
	}
	repo_paths_free(one, n1);
	repo_paths_free(four, n4);
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
	/* links and FIFOs with candidate names are listed, never followed or opened: reading them refuses */
	static const char *const want[] = {
		"Dockerfile", "a/compose.yml", "a/linked.Dockerfile", "b/c/Containerfile", "b/fifo.Dockerfile", NULL };
	(void)state;
	test_write_file(dir, "Dockerfile", "FROM a\n");
	test_write_file(dir, "a/compose.yml", "services: {}\n");
	test_write_file(dir, "b/c/Containerfile", "FROM b\n");
	link = xasprintf("%s/b/fifo.Dockerfile", dir);
	assert_int_equal(mkfifo(link, 0644), 0);
	free(link);
	test_write_file(dir, ".git/Dockerfile", "FROM inside-git\n");
	/* a folder holding .git is a nested repository: not entered (SPEC.md) */
	test_write_file(dir, "n/.git/compose.yaml", "x\n");
	test_write_file(dir, "n/Dockerfile", "FROM nested\n");
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
	/* a link inside the repository is followed for lookups (lemmy's .dockerignore ->
	 * .gitignore), hop by hop; one leading out, or through a linked folder out, is not */
	test_write_file(dir, ".gitignore", "target\n");
	p = xasprintf("%s/.dockerignore", dir);
	assert_int_equal(symlink(".gitignore", p), 0);
	free(p);
	p = xasprintf("%s/app/up", dir);
	assert_int_equal(symlink("../.dockerignore", p), 0);
	free(p);
	p = xasprintf("%s/out", dir);
	assert_int_equal(symlink("/etc", p), 0);
	free(p);
	p = xasprintf("%s/app/hosts", dir);
	assert_int_equal(symlink("../out/hostname", p), 0);
	free(p);
	assert_int_equal(fs_stat(&fs, ".dockerignore"), FS_FILE);
	assert_int_equal(fs_read(&fs, ".dockerignore", &data, &len), 0);
	assert_string_equal(data, "target\n");
	free(data);
	assert_int_equal(fs_read(&fs, "app/up", &data, &len), 0);
	assert_string_equal(data, "target\n");
	free(data);
	assert_int_equal(fs_stat(&fs, "app/hosts"), FS_MISSING);
	assert_int_equal(fs_read(&fs, "app/hosts", &data, &len), -1);
	assert_int_equal(fs_stat(&fs, "out/hostname"), FS_MISSING);
	repo_free(r);
	git_repository_free(g);
	free(dir);
}

/* ---- libgit2 loaded only when needed ---- */

/* Scan `path` (absolute, a file or a folder) in the repository holding it: 0 and the file count, or -1 and *err. */
static int scan_path(const char *path, size_t *nfiles, char **err)
{
	struct repo *r = NULL;
	struct config cfg;
	struct scan s;
	char *paths[1];
	int rc;
	*err = NULL;
	*nfiles = 0;
	if (repo_open(&r, path, err) < 0)
		return -1;
	paths[0] = (char *)path;
	config_init(&cfg);
	rc = scan_run(&s, r, &cfg, paths, 1, NULL, NULL, err);
	if (rc == 0) {
		*nfiles = s.nfiles;
		scan_free(&s);
	}
	config_free(&cfg);
	repo_free(r);
	return rc;
}

/* Run fn(arg) in a child process (a fresh copy of this one's libgit2 state); its exit status, 0 when all held. */
static int in_child(int (*fn)(const char *), const char *arg)
{
	int status = 0;
	pid_t pid;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn(arg));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* In a child: each check numbered; the first that fails is the exit status (cmocka is the parent's). */
#define CHILD_CHECK(step, cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s: check %d failed: %s\n", __func__, (step), #cond); \
		return (step); \
	} \
} while (0)

static const char *const lazy_names[] = { "plain", "lazy", "lazy-wt", "lazy-sep", "lazy-sep.git" };

/* A plain folder, a repository (with a worktree), a repository whose git folder lies elsewhere. */
static void make_lazy_fixtures(void)
{
	char *plain = tmpdir("lazy-plain"), *dir = tmpdir("lazy"), *wt, *sep, *gitdir, *from, *to;
	git_repository *g = test_git_init(dir, 0), *g2;
	git_worktree *w = NULL;
	test_write_file(plain, "Dockerfile", "FROM a\n");
	test_write_file(dir, "Dockerfile", "FROM a\n");
	test_write_file(dir, "svc/api/Dockerfile", "FROM b\nUSER 1000\n");
	test_write_file(dir, "compose.yaml", "services:\n  api:\n    image: x\n    env_file: .env\n");
	test_write_file(dir, ".env", "A=1\n");
	test_git_stage(g, "Dockerfile");
	test_git_stage(g, "svc/api/Dockerfile");
	test_git_stage(g, "compose.yaml");
	test_git_stage(g, ".env");
	test_git_commit_index(g, "first");
	wt = xasprintf("%s/lazy-wt", tmp_root);
	test_rm_rf(wt);
	assert_int_equal(git_worktree_add(&w, g, "lazy-wt", wt, NULL), 0);
	git_worktree_free(w);
	git_repository_free(g);
	/* `git init --separate-git-dir`: a .git file naming a git folder elsewhere, relatively */
	sep = tmpdir("lazy-sep");
	gitdir = xasprintf("%s/lazy-sep.git", tmp_root);
	test_rm_rf(gitdir);
	g2 = test_git_init(sep, 0);
	git_repository_free(g2);
	from = xasprintf("%s/.git", sep);
	assert_int_equal(rename(from, gitdir), 0);
	test_write_file(sep, ".git", "gitdir: ../lazy-sep.git\n");
	test_write_file(sep, "app/Dockerfile", "FROM c\n");
	to = NULL;
	free(from);
	free(to);
	free(gitdir);
	free(sep);
	free(wt);
	free(dir);
	free(plain);
}

static char *fixture(const char *name, const char *rel)
{
	return *rel ? xasprintf("%s/%s/%s", tmp_root, name, rel) : xasprintf("%s/%s", tmp_root, name);
}

/* One named file is checked without libgit2, in a plain folder and in every kind of repository. */
static int child_single_files(const char *unused)
{
	static const char *const files[][2] = {
		{ "lazy-plain", "Dockerfile" }, { "lazy-plain", "" }, { "lazy", "Dockerfile" },
		{ "lazy", "svc/api/Dockerfile" }, { "lazy-wt", "svc/api/Dockerfile" }, { "lazy-sep", "app/Dockerfile" },
	};
	struct repo *r = NULL;
	char *err = NULL, *p;
	size_t n;
	int step = 0;
	(void)unused;
	(void)lazy_names;
	CHILD_CHECK(++step, !gitlib_loaded());
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		p = fixture(files[i][0], files[i][1]);
		CHILD_CHECK(++step, scan_path(p, &n, &err) == 0 && n == 1);
		CHILD_CHECK(++step, !gitlib_loaded());
		free(p);
	}
	/* the root, the branch and "is it git" of each repository: still no libgit2 */
	p = fixture("lazy-wt", "svc/api");
	CHILD_CHECK(++step, repo_open(&r, p, &err) == 0);
	free(p);
	p = fixture("lazy-wt", "");
	CHILD_CHECK(++step, repo_is_git(r) && !repo_is_bare(r) && strcmp(repo_root(r), p) == 0);
	CHILD_CHECK(++step, repo_branch(r) && strcmp(repo_branch(r), "lazy-wt") == 0);
	free(p);
	repo_free(r);
	p = fixture("lazy-sep", "app");
	CHILD_CHECK(++step, repo_open(&r, p, &err) == 0);
	free(p);
	p = fixture("lazy-sep", "");
	CHILD_CHECK(++step, repo_is_git(r) && strcmp(repo_root(r), p) == 0 && strcmp(repo_branch(r), "main") == 0);
	free(p);
	repo_free(r);
	CHILD_CHECK(++step, !gitlib_loaded());
	/* a Compose file naming an env_file asks whether git tracks it: that loads libgit2 */
	p = fixture("lazy", "compose.yaml");
	CHILD_CHECK(++step, scan_path(p, &n, &err) == 0 && n == 1);
	CHILD_CHECK(++step, gitlib_loaded());
	free(p);
	return 0;
}

/* A folder's check lists the index: it loads libgit2, in a repository and in its worktree. */
static int child_folder(const char *name)
{
	char *p = fixture(name, ""), *err = NULL;
	size_t n = 0;
	CHILD_CHECK(1, !gitlib_loaded());
	CHILD_CHECK(2, scan_path(p, &n, &err) == 0 && n == 3);
	CHILD_CHECK(3, gitlib_loaded());
	free(p);
	return 0;
}

#define MISSING_SONAME "libgit2-berth-test-missing.so.0"

/* libgit2 cannot be loaded: what needs it says why, the rest works, nothing crashes. */
static int child_load_failure(const char *unused)
{
	struct repo *r = NULL;
	struct repo_stamp st;
	struct commit_result res;
	struct commit_file f;
	struct buf b = BUF_INIT;
	const char *want = "cannot load libgit2 (" MISSING_SONAME "): ";
	char *err = NULL, *p, *data = NULL, **paths = NULL;
	size_t n = 0, len;
	(void)unused;
	CHILD_CHECK(1, gitlib_set_soname(MISSING_SONAME) == 0);
	p = fixture("lazy", "svc/api/Dockerfile");
	CHILD_CHECK(2, scan_path(p, &n, &err) == 0 && n == 1);
	free(p);
	p = fixture("lazy", "");
	CHILD_CHECK(3, scan_path(p, &n, &err) == -1 && err && strstr(err, want) && !gitlib_loaded());
	free(err);
	CHILD_CHECK(4, repo_open(&r, p, &err) == 0 && repo_is_git(r) && strcmp(repo_branch(r), "main") == 0);
	CHILD_CHECK(5, repo_git(r) == NULL && repo_error(r) && strstr(repo_error(r), want));
	CHILD_CHECK(6, repo_candidates(r, "", &paths, &n) == -1 && !paths && n == 0);
	CHILD_CHECK(7, !repo_tracked(r, "Dockerfile"));
	CHILD_CHECK(8, repo_read(r, "Dockerfile", &data, &len, &st, &err) == 0);
	memset(&f, 0, sizeof(f));
	f.path = "Dockerfile";
	f.data = "FROM b\n";
	f.len = 7;
	f.stamp = &st;
	CHILD_CHECK(9, commit_fixes(r, &f, 1, NULL, &res, &err) == -1 && err && strstr(err, want));
	free(err);
	commit_result_free(&res);
	CHILD_CHECK(10, strcmp(data, "FROM a\n") == 0);     /* refused before anything was written */
	free(data);
	CHILD_CHECK(11, diff_patch(&b, "Dockerfile", "a\n", 2, "b\n", 2, &err) == -1 && err && strstr(err, want));
	free(err);
	CHILD_CHECK(12, diff_patch(&b, "Dockerfile", "a\n", 2, "a\n", 2, NULL) == 0 && b.len == 0);
	buf_free(&b);
	repo_free(r);
	free(p);
	/* a bare repository is left to libgit2 from the start: repo_open says so */
	p = fixture("bare-for-load", "");
	CHILD_CHECK(13, repo_open(&r, p, &err) == -1 && !r && err && strstr(err, want));
	free(err);
	free(p);
	CHILD_CHECK(14, gitlib_set_soname("x") == -1);
	return 0;
}

/* The binary itself: no libgit2 among its libraries for one named file, libgit2 dlopen()ed for a folder. */
static int berth_loads_libgit2(const char *berth, const char *path)
{
	char *cmd = xasprintf("LD_DEBUG=files '%s' check --format json '%s' 2>&1 >/dev/null", berth, path), line[4096];
	FILE *f = popen(cmd, "r");
	int found = 0;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		found |= strstr(line, "libgit2") != NULL;
	pclose(f);
	free(cmd);
	return found;
}

static void test_gitlib_lazy(void **state)
{
	const char *berth = getenv("BERTH");
	char *bare, *p;
	(void)state;
	if (gitlib_loaded())
		fail_msg("this test runs before any that loads libgit2: its children need it unloaded");
	make_lazy_fixtures();
	bare = tmpdir("bare-for-load");
	git_repository_free(test_git_init(bare, 1));
	free(bare);
	assert_int_equal(in_child(child_single_files, NULL), 0);
	assert_int_equal(in_child(child_folder, "lazy"), 0);
	assert_int_equal(in_child(child_folder, "lazy-wt"), 0);
	assert_int_equal(in_child(child_load_failure, NULL), 0);
	assert_false(gitlib_loaded());
	if (berth && *berth && access(berth, X_OK) == 0) {
		p = fixture("lazy-plain", "Dockerfile");
		assert_false(berth_loads_libgit2(berth, p));
		free(p);
		p = fixture("lazy", "svc/api/Dockerfile");
		assert_false(berth_loads_libgit2(berth, p));
		free(p);
		p = fixture("lazy", "");
		assert_true(berth_loads_libgit2(berth, p));
		free(p);
	}
}

/* ---- discovery without libgit2 finds what git_repository_open_ext(dir, 0) found ---- */

/* The branch as berth read it through libgit2 before. */
static char *libgit2_branch(git_repository *g)
{
	git_reference *head = NULL;
	char *name = NULL;
	if (git_reference_lookup(&head, g, "HEAD") < 0)
		return xstrdup("HEAD");
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		const char *t = git_reference_symbolic_target(head);
		name = xstrdup(str_starts(t, "refs/heads/") ? t + strlen("refs/heads/") : t);
	}
	git_reference_free(head);
	return name ? name : xstrdup("HEAD");
}

static char *physical(const char *path)
{
	char *p = realpath(path, NULL), *q;
	size_t n;
	assert_non_null(p);
	q = xstrdup(p);
	free(p);
	n = strlen(q);
	while (n > 1 && q[n - 1] == '/')
		q[--n] = '\0';
	return q;
}

/* repo_open(path) against libgit2's own answer from path's folder: the same root, kind, branch, or error. */
static void assert_like_libgit2(const char *path, const char *want_err)
{
	struct repo *r = NULL;
	git_repository *g = NULL;
	struct stat st;
	char *err = NULL, *dir, *want;
	int rc, mine;
	assert_int_equal(stat(path, &st), 0);
	dir = S_ISDIR(st.st_mode) ? xstrdup(path) : str_dirname(path);
	rc = git_repository_open_ext(&g, dir, 0, NULL);
	mine = repo_open(&r, path, &err);
	if (rc == GIT_ENOTFOUND) {
		if (mine != 0)
			fail_msg("%s: libgit2 finds no repository, berth fails: %s", path, err);
		assert_false(repo_is_git(r));
		want = physical(dir);
		assert_string_equal(repo_root(r), want);
		free(want);
	} else if (rc < 0) {
		const git_error *e = git_error_last();
		if (mine == 0)
			fail_msg("%s: libgit2 fails (%s), berth opens it", path, e ? e->message : "");
		assert_non_null(err);
		if (e && !strstr(err, e->message))
			fail_msg("%s: '%s' is not libgit2's '%s'", path, err, e->message);
		if (want_err && !strstr(err, want_err))
			fail_msg("%s: '%s' lacks '%s'", path, err, want_err);
		free(err);
	} else {
		char *branch = libgit2_branch(g);
		if (mine != 0)
			fail_msg("%s: libgit2 opens it, berth fails: %s", path, err);
		assert_true(repo_is_git(r));
		assert_int_equal(repo_is_bare(r), git_repository_is_bare(g));
		want = physical(git_repository_is_bare(g) ? git_repository_path(g) : git_repository_workdir(g));
		assert_string_equal(repo_root(r), want);
		assert_string_equal(repo_branch(r), branch);
		free(want);
		free(branch);
		assert_null(want_err);
	}
	repo_free(r);
	git_repository_free(g);
	free(dir);
}

static void test_discovery(void **state)
{
	char *dir = tmpdir("disc"), *p, *q;
	git_repository *g = test_git_init(dir, 0);
	git_worktree *w = NULL;
	git_oid head;
	(void)state;
	test_write_file(dir, "a/b/Dockerfile", "FROM x\n");
	test_git_stage(g, "a/b/Dockerfile");
	test_git_commit_index(g, "one");
	/* the root, a folder, a file; a folder holding a .git folder that is no repository */
	assert_like_libgit2(dir, NULL);
	p = xasprintf("%s/a/b", dir);
	assert_like_libgit2(p, NULL);
	free(p);
	p = xasprintf("%s/a/b/Dockerfile", dir);
	assert_like_libgit2(p, NULL);
	free(p);
	test_write_file(dir, "a/.git/config", "[core]\n");
	p = xasprintf("%s/a/b", dir);
	assert_like_libgit2(p, NULL);
	free(p);
	/* a worktree: its .git file names .git/worktrees/NAME, whose commondir is the main .git */
	p = xasprintf("%s/disc-wt", tmp_root);
	test_rm_rf(p);
	assert_int_equal(git_worktree_add(&w, g, "disc-wt", p, NULL), 0);
	git_worktree_free(w);
	assert_like_libgit2(p, NULL);
	q = xasprintf("%s/a/b", p);
	assert_like_libgit2(q, NULL);
	free(q);
	free(p);
	/* a nested repository inside this one is its own */
	p = xasprintf("%s/inner", dir);
	git_repository_free(test_git_init(p, 0));
	test_write_file(p, "x/Dockerfile", "FROM y\n");
	q = xasprintf("%s/x", p);
	assert_like_libgit2(q, NULL);
	free(q);
	/* .git files: relative, absolute, to nowhere, to a folder that is no repository, malformed */
	test_rm_rf(p);
	assert_int_equal(mkdir(p, 0755), 0);
	test_write_file(p, "x/Dockerfile", "FROM y\n");
	q = xasprintf("%s/x", p);
	test_write_file(p, ".git", "gitdir: ../.git\n");
	assert_like_libgit2(q, NULL);
	free(q);
	q = xasprintf("gitdir: %s/.git\r\n", dir);
	test_write_file(p, ".git", q);
	free(q);
	assert_like_libgit2(p, NULL);
	test_write_file(p, ".git", "gitdir: ../nowhere\n");
	assert_like_libgit2(p, NULL);
	test_write_file(p, ".git", "gitdir: ../a\n");
	assert_like_libgit2(p, NULL);
	test_write_file(p, ".git", "not a link\n");
	assert_like_libgit2(p, "malformed");
	free(p);
	/* core.worktree (a submodule's git folder has it) */
	p = xasprintf("%s/.git/config", dir);
	{
		FILE *f = fopen(p, "a");
		assert_non_null(f);
		fputs("[core]\n\tworktree = ../a\n", f);
		fclose(f);
	}
	free(p);
	assert_like_libgit2(dir, NULL);
	/* what discovery leaves to libgit2: includes, core.bare, other format versions, odd syntax */
	test_write_file(dir, ".git/config", "[core]\n\tbare = false\n[include]\n\tpath = extra\n");
	test_write_file(dir, ".git/extra", "[core]\n\tworktree = ../a\n");
	assert_like_libgit2(dir, NULL);
	test_write_file(dir, ".git/config", "[core]\n\tbare = true\n");
	assert_like_libgit2(dir, NULL);
	test_write_file(dir, ".git/config", "[core]\n\tbare\n");
	assert_like_libgit2(dir, NULL);
	test_write_file(dir, ".git/config", "[core]\n\trepositoryformatversion = 2\n");
	assert_like_libgit2(dir, "unsupported repository version");
	/* (not [extensions] with an unknown one: libgit2 1.5 leaks on that refusal) */
	test_write_file(dir, ".git/config", "[core]\n\trepositoryformatversion = 0\n[extensions]\n\tnoop = x\n");
	assert_like_libgit2(dir, NULL);
	test_write_file(dir, ".git/config", "[core\n");
	assert_like_libgit2(dir, NULL);
	test_write_file(dir, ".git/config", "[core] bare = \"false\" ; quoted\n[remote \"origin\"]\n\turl = x\n");
	assert_like_libgit2(dir, NULL);
	test_write_file(dir, ".git/config", "\t[Core]\r\n  Bare=No # fine\r\n[user]\nname = x\n");
	assert_like_libgit2(dir, NULL);
	test_write_file(dir, ".git/config", "[core]\n\tbare = false\n");
	/* a detached HEAD, then a bare repository and a folder inside one */
	assert_int_equal(git_reference_name_to_id(&head, g, "HEAD"), 0);
	assert_int_equal(git_repository_set_head_detached(g, &head), 0);
	assert_like_libgit2(dir, NULL);
	p = tmpdir("disc-bare.git");
	git_repository_free(test_git_init(p, 1));
	assert_like_libgit2(p, NULL);
	q = xasprintf("%s/refs/heads", p);
	assert_like_libgit2(q, NULL);
	free(q);
	free(p);
	git_repository_free(g);
	free(dir);
}

/* A global config libgit2 cannot read: one file is still checked; a folder's check says why it cannot be. */
static void test_deferred_error(void **state)
{
	char *dir = tmpdir("deferred"), *home = xasprintf("%s/home", tmp_root), *p, *err = NULL;
	git_repository *g = test_git_init(dir, 0);
	struct repo *r = NULL;
	size_t n;
	(void)state;
	test_write_file(dir, "Dockerfile", "FROM a\n");
	test_git_stage(g, "Dockerfile");
	git_repository_free(g);
	test_write_file(home, ".gitconfig", "[core\n");
	p = xasprintf("%s/Dockerfile", dir);
	assert_int_equal(scan_path(p, &n, &err), 0);
	assert_int_equal(n, 1);
	free(p);
	assert_int_equal(scan_path(dir, &n, &err), -1);
	assert_non_null(err);
	if (!strstr(err, dir) || !strstr(err, "config"))
		fail_msg("unclear: %s", err);
	free(err);
	assert_int_equal(repo_open(&r, dir, &err), 0);
	assert_null(repo_error(r));
	assert_null(repo_git(r));
	assert_non_null(repo_error(r));
	assert_string_equal(repo_branch(r), "main");
	repo_free(r);
	p = xasprintf("%s/.gitconfig", home);
	assert_int_equal(unlink(p), 0);
	free(p);
	assert_int_equal(scan_path(dir, &n, &err), 0);
	assert_int_equal(n, 1);
	free(home);
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
		cmocka_unit_test(test_gitlib_lazy),     /* first: its children need libgit2 not loaded yet */
		cmocka_unit_test(test_candidate_kind),
		cmocka_unit_test(test_git_candidates),
		cmocka_unit_test(test_vendored),
		cmocka_unit_test(test_walk_threads),
		cmocka_unit_test(test_branch_states),
		cmocka_unit_test(test_bare),
		cmocka_unit_test(test_discovery),
		cmocka_unit_test(test_deferred_error),
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
