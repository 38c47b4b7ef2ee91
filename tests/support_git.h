/*
 * support_git - temporary folders and git repositories for the tests that
 * need a real work tree (repo, commit). Repositories get user.name and
 * user.email in their own config, so the machine's config never matters.
 */
#ifndef BERTH_TEST_SUPPORT_GIT_H
#define BERTH_TEST_SUPPORT_GIT_H

#include <git2.h>

/*
 * A sandbox for a test program: a fresh physical temporary folder in
 * root (size bytes), named after `name`, with an empty HOME inside it and no
 * system git config or GIT_* variables, so the machine's config never leaks
 * in; libgit2 initialised. 0 ok, -1 when the folder cannot be made.
 */
int test_git_sandbox(char *root, size_t size, const char *name);
/* Shut libgit2 down and remove the sandbox. */
void test_git_sandbox_end(const char *root);
/* Remove a folder and everything in it, never following links. */
void test_rm_rf(const char *dir);
/* A fresh empty folder `name` below `root` (malloc'd path). */
char *test_mkdir(const char *root, const char *name);
/* Write `text` to dir/rel, making the folders on the way. */
void test_write_file(const char *dir, const char *rel, const char *text);
/* The first 4 KiB of dir/rel as a string (malloc'd), NULL when it cannot be read. */
char *test_read_file(const char *dir, const char *rel);
/* git init (branch main), with an identity in the repository's config. */
git_repository *test_git_init(const char *dir, int bare);
/* git add PATH. */
void test_git_stage(git_repository *g, const char *path);
/* git commit of the index as it stands. */
void test_git_commit_index(git_repository *g, const char *msg);

#endif
