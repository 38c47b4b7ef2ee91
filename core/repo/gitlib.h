/*
 * gitlib - libgit2, loaded at run time and only when berth needs git.
 *
 * Linking libgit2 costs every berth process its whole DT_NEEDED chain
 * (libcrypto, krb5, mbedtls, libssh2, pcre2: ~5 ms of dynamic loading), and
 * git_libgit2_init() then reads the system's CA bundle (~5 ms more; the
 * berth program skips that, tui/nocerts.c), even for `berth --version` or a
 * check of one file outside any repository. So
 * berth does not link it: the first caller that needs git calls
 * gitlib_load(), which dlopen()s the soname found at build time
 * (BERTH_LIBGIT2_SONAME, from the Makefile), resolves every git_* function
 * core/ uses into the table below and calls git_libgit2_init(); once per
 * process, thread-safely. libgit2 then stays loaded and initialised until
 * the process ends.
 *
 * <git2.h> stays the header: each pointer has the type of the function it
 * replaces (__typeof__), and the macros at the end map each git_foo(...)
 * call in a core file that includes this header to gitlib.git_foo(...), so
 * call sites read as plain libgit2 calls. Calling one before
 * gitlib_load() succeeded is a bug (a NULL pointer): every path that uses
 * git loads it first and stops with gitlib_load()'s message when it fails.
 * Files that link libgit2 themselves (the tests) call it directly: they
 * define GITLIB_NO_MACROS before including this header, or include
 * <git2.h> only.
 */
#ifndef BERTH_GITLIB_H
#define BERTH_GITLIB_H

#include <git2.h>

/* Every libgit2 function core/ calls. */
#define GITLIB_FUNCS(X) \
	X(git_blob_create_from_buffer) \
	X(git_buf_dispose) \
	X(git_commit_create) \
	X(git_commit_free) \
	X(git_commit_lookup) \
	X(git_commit_tree) \
	X(git_config_free) \
	X(git_config_get_bool) \
	X(git_config_get_string) \
	X(git_diff_foreach) \
	X(git_diff_free) \
	X(git_diff_options_init) \
	X(git_diff_tree_to_workdir_with_index) \
	X(git_error_clear) \
	X(git_error_last) \
	X(git_filter_list_apply_to_buffer) \
	X(git_filter_list_free) \
	X(git_filter_list_load) \
	X(git_ignore_path_is_ignored) \
	X(git_index_add) \
	X(git_index_entrycount) \
	X(git_index_find_prefix) \
	X(git_index_free) \
	X(git_index_get_byindex) \
	X(git_index_get_bypath) \
	X(git_index_read) \
	X(git_index_write) \
	X(git_libgit2_init) \
	X(git_merge_base) \
	X(git_message_prettify) \
	X(git_object_free) \
	X(git_object_id) \
	X(git_object_peel) \
	X(git_odb_hash) \
	X(git_oid_equal) \
	X(git_oid_tostr) \
	X(git_patch_free) \
	X(git_patch_from_buffers) \
	X(git_patch_to_buf) \
	X(git_reference_create) \
	X(git_reference_create_matching) \
	X(git_reference_free) \
	X(git_reference_lookup) \
	X(git_reference_name_to_id) \
	X(git_reference_symbolic_target) \
	X(git_reference_type) \
	X(git_repository_config_snapshot) \
	X(git_repository_free) \
	X(git_repository_index) \
	X(git_repository_is_bare) \
	X(git_repository_open_ext) \
	X(git_repository_path) \
	X(git_repository_state) \
	X(git_repository_workdir) \
	X(git_revparse_single) \
	X(git_signature_default) \
	X(git_signature_free) \
	X(git_tree_create_updated) \
	X(git_tree_entry_bypath) \
	X(git_tree_entry_filemode) \
	X(git_tree_entry_free) \
	X(git_tree_entry_id) \
	X(git_tree_free) \
	X(git_tree_lookup) \
	X(git_treebuilder_free) \
	X(git_treebuilder_new) \
	X(git_treebuilder_write)

struct gitlib_api {
#define GITLIB_MEMBER(name) __typeof__(name) *name;
	GITLIB_FUNCS(GITLIB_MEMBER)
#undef GITLIB_MEMBER
};

/* The resolved functions; all NULL until gitlib_load() succeeded. */
extern struct gitlib_api gitlib;

/*
 * Load libgit2 (the first call; later calls return the first one's
 * outcome). 0 ready; -1 when it cannot be loaded, with "cannot load
 * libgit2 (SONAME): WHY" in *err (malloc'd) when err is not NULL.
 */
int gitlib_load(char **err);
/* 1 once gitlib_load() succeeded in this process. */
int gitlib_loaded(void);
/* The soname gitlib_load() opens (BERTH_LIBGIT2_SONAME unless replaced below). */
const char *gitlib_soname(void);
/*
 * For tests: open `soname` instead (e.g. a name that does not exist, to
 * see the failure path). Only before the first gitlib_load(); -1 after.
 */
int gitlib_set_soname(const char *soname);

#ifndef GITLIB_NO_MACROS
#define git_blob_create_from_buffer(...) (gitlib.git_blob_create_from_buffer(__VA_ARGS__))
#define git_buf_dispose(...) (gitlib.git_buf_dispose(__VA_ARGS__))
#define git_commit_create(...) (gitlib.git_commit_create(__VA_ARGS__))
#define git_commit_free(...) (gitlib.git_commit_free(__VA_ARGS__))
#define git_commit_lookup(...) (gitlib.git_commit_lookup(__VA_ARGS__))
#define git_commit_tree(...) (gitlib.git_commit_tree(__VA_ARGS__))
#define git_config_free(...) (gitlib.git_config_free(__VA_ARGS__))
#define git_config_get_bool(...) (gitlib.git_config_get_bool(__VA_ARGS__))
#define git_config_get_string(...) (gitlib.git_config_get_string(__VA_ARGS__))
#define git_diff_foreach(...) (gitlib.git_diff_foreach(__VA_ARGS__))
#define git_diff_free(...) (gitlib.git_diff_free(__VA_ARGS__))
#define git_diff_options_init(...) (gitlib.git_diff_options_init(__VA_ARGS__))
#define git_diff_tree_to_workdir_with_index(...) (gitlib.git_diff_tree_to_workdir_with_index(__VA_ARGS__))
#define git_error_clear(...) (gitlib.git_error_clear(__VA_ARGS__))
#define git_error_last(...) (gitlib.git_error_last(__VA_ARGS__))
#define git_filter_list_apply_to_buffer(...) (gitlib.git_filter_list_apply_to_buffer(__VA_ARGS__))
#define git_filter_list_free(...) (gitlib.git_filter_list_free(__VA_ARGS__))
#define git_filter_list_load(...) (gitlib.git_filter_list_load(__VA_ARGS__))
#define git_ignore_path_is_ignored(...) (gitlib.git_ignore_path_is_ignored(__VA_ARGS__))
#define git_index_add(...) (gitlib.git_index_add(__VA_ARGS__))
#define git_index_entrycount(...) (gitlib.git_index_entrycount(__VA_ARGS__))
#define git_index_find_prefix(...) (gitlib.git_index_find_prefix(__VA_ARGS__))
#define git_index_free(...) (gitlib.git_index_free(__VA_ARGS__))
#define git_index_get_byindex(...) (gitlib.git_index_get_byindex(__VA_ARGS__))
#define git_index_get_bypath(...) (gitlib.git_index_get_bypath(__VA_ARGS__))
#define git_index_read(...) (gitlib.git_index_read(__VA_ARGS__))
#define git_index_write(...) (gitlib.git_index_write(__VA_ARGS__))
#define git_libgit2_init(...) (gitlib.git_libgit2_init(__VA_ARGS__))
#define git_merge_base(...) (gitlib.git_merge_base(__VA_ARGS__))
#define git_message_prettify(...) (gitlib.git_message_prettify(__VA_ARGS__))
#define git_object_free(...) (gitlib.git_object_free(__VA_ARGS__))
#define git_object_id(...) (gitlib.git_object_id(__VA_ARGS__))
#define git_object_peel(...) (gitlib.git_object_peel(__VA_ARGS__))
#define git_odb_hash(...) (gitlib.git_odb_hash(__VA_ARGS__))
#define git_oid_equal(...) (gitlib.git_oid_equal(__VA_ARGS__))
#define git_oid_tostr(...) (gitlib.git_oid_tostr(__VA_ARGS__))
#define git_patch_free(...) (gitlib.git_patch_free(__VA_ARGS__))
#define git_patch_from_buffers(...) (gitlib.git_patch_from_buffers(__VA_ARGS__))
#define git_patch_to_buf(...) (gitlib.git_patch_to_buf(__VA_ARGS__))
#define git_reference_create(...) (gitlib.git_reference_create(__VA_ARGS__))
#define git_reference_create_matching(...) (gitlib.git_reference_create_matching(__VA_ARGS__))
#define git_reference_free(...) (gitlib.git_reference_free(__VA_ARGS__))
#define git_reference_lookup(...) (gitlib.git_reference_lookup(__VA_ARGS__))
#define git_reference_name_to_id(...) (gitlib.git_reference_name_to_id(__VA_ARGS__))
#define git_reference_symbolic_target(...) (gitlib.git_reference_symbolic_target(__VA_ARGS__))
#define git_reference_type(...) (gitlib.git_reference_type(__VA_ARGS__))
#define git_repository_config_snapshot(...) (gitlib.git_repository_config_snapshot(__VA_ARGS__))
#define git_repository_free(...) (gitlib.git_repository_free(__VA_ARGS__))
#define git_repository_index(...) (gitlib.git_repository_index(__VA_ARGS__))
#define git_repository_is_bare(...) (gitlib.git_repository_is_bare(__VA_ARGS__))
#define git_repository_open_ext(...) (gitlib.git_repository_open_ext(__VA_ARGS__))
#define git_repository_path(...) (gitlib.git_repository_path(__VA_ARGS__))
#define git_repository_state(...) (gitlib.git_repository_state(__VA_ARGS__))
#define git_repository_workdir(...) (gitlib.git_repository_workdir(__VA_ARGS__))
#define git_revparse_single(...) (gitlib.git_revparse_single(__VA_ARGS__))
#define git_signature_default(...) (gitlib.git_signature_default(__VA_ARGS__))
#define git_signature_free(...) (gitlib.git_signature_free(__VA_ARGS__))
#define git_tree_create_updated(...) (gitlib.git_tree_create_updated(__VA_ARGS__))
#define git_tree_entry_bypath(...) (gitlib.git_tree_entry_bypath(__VA_ARGS__))
#define git_tree_entry_filemode(...) (gitlib.git_tree_entry_filemode(__VA_ARGS__))
#define git_tree_entry_free(...) (gitlib.git_tree_entry_free(__VA_ARGS__))
#define git_tree_entry_id(...) (gitlib.git_tree_entry_id(__VA_ARGS__))
#define git_tree_free(...) (gitlib.git_tree_free(__VA_ARGS__))
#define git_tree_lookup(...) (gitlib.git_tree_lookup(__VA_ARGS__))
#define git_treebuilder_free(...) (gitlib.git_treebuilder_free(__VA_ARGS__))
#define git_treebuilder_new(...) (gitlib.git_treebuilder_new(__VA_ARGS__))
#define git_treebuilder_write(...) (gitlib.git_treebuilder_write(__VA_ARGS__))
#endif

#endif
