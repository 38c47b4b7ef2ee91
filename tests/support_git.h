/*
 * support_git - temporary folders and git repositories for the tests that
 * need a real work tree (repo, commit). Repositories get user.name and
 * user.email in their own config, so the machine's config never matters.
 */
#ifndef BERTH_TEST_SUPPORT_GIT_H
#define BERTH_TEST_SUPPORT_GIT_H

#include <git2.h>

/* Remove a folder and everything in it, never following links. */
void test_rm_rf(const char *dir);
/* A fresh empty folder `name` below `root` (malloc'd path). */
char *test_mkdir(const char *root, const char *name);
/* Write `text` to dir/rel, making the folders on the way. */
void test_write_file(const char *dir, const char *rel, const char *text);
/* git init (branch main), with an identity in the repository's config. */
git_repository *test_git_init(const char *dir, int bare);
/* git add PATH. */
void test_git_stage(git_repository *g, const char *path);
/* git commit of the index as it stands. */
void test_git_commit_index(git_repository *g, const char *msg);

#endif
