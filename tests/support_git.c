#include "support.h"
#include "support_git.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)flag; (void)f;
	return remove(p);
}

void test_rm_rf(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *test_mkdir(const char *root, const char *name)
{
	char *p = xasprintf("%s/%s", root, name);
	test_rm_rf(p);
	assert_int_equal(mkdir(p, 0755), 0);
	return p;
}

void test_write_file(const char *dir, const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", dir, rel), *slash;
	FILE *f;
	for (slash = strchr(p + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(p, 0755);
		*slash = '/';
	}
	f = fopen(p, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

char *test_read_file(const char *dir, const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel), buf[4096];
	FILE *f = fopen(p, "rb");
	size_t n;
	free(p);
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return xstrdup(buf);
}

git_repository *test_git_init(const char *dir, int bare)
{
	git_repository_init_options o;
	git_repository *g = NULL;
	git_config *cfg = NULL;
	git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_MKPATH | (bare ? GIT_REPOSITORY_INIT_BARE : 0);
	o.initial_head = "main";
	assert_int_equal(git_repository_init_ext(&g, dir, &o), 0);
	assert_int_equal(git_repository_config(&cfg, g), 0);
	git_config_set_string(cfg, "user.name", "Test");
	git_config_set_string(cfg, "user.email", "test@example.com");
	git_config_free(cfg);
	return g;
}

void test_git_stage(git_repository *g, const char *path)
{
	git_index *idx = NULL;
	assert_int_equal(git_repository_index(&idx, g), 0);
	assert_int_equal(git_index_add_bypath(idx, path), 0);
	assert_int_equal(git_index_write(idx), 0);
	git_index_free(idx);
}

void test_git_commit_index(git_repository *g, const char *msg)
{
	git_index *idx = NULL;
	git_oid tree_id, id, parent_id;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_signature *sig = NULL;
	int has_parent = git_reference_name_to_id(&parent_id, g, "HEAD") == 0;
	assert_int_equal(git_repository_index(&idx, g), 0);
	assert_int_equal(git_index_write_tree(&tree_id, idx), 0);
	assert_int_equal(git_tree_lookup(&tree, g, &tree_id), 0);
	assert_int_equal(git_signature_now(&sig, "Test", "test@example.com"), 0);
	if (has_parent)
		assert_int_equal(git_commit_lookup(&parent, g, &parent_id), 0);
	assert_int_equal(git_commit_create_v(&id, g, "HEAD", sig, sig, NULL, msg, tree,
					     has_parent ? 1 : 0, parent), 0);
	git_commit_free(parent);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
}

int test_git_sandbox(char *root, size_t size, const char *name)
{
	const char *tmp = getenv("TMPDIR");
	char *phys, *home;
	snprintf(root, size, "%s/berth-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	if (!mkdtemp(root))
		return -1;
	phys = realpath(root, NULL);
	if (!phys)
		return -1;
	snprintf(root, size, "%s", phys);
	free(phys);
	home = xasprintf("%s/home", root);
	mkdir(home, 0755);
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	free(home);
	git_libgit2_init();
	return 0;
}

void test_git_sandbox_end(const char *root)
{
	git_libgit2_shutdown();
	test_rm_rf(root);
}
