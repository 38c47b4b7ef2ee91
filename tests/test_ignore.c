/*
 * .dockerignore matching as Docker does it (moby's patternmatcher): file
 * reading rules, Go filepath.Match syntax per element, "**" in each of its
 * positions, '!' exclusions, parent folders, invalid patterns; then
 * dockerignore_excludes, "it or everything under it is excluded".
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "ignore.h"
#include "util.h"

struct mcase {
	const char *file;       /* .dockerignore text */
	const char *path;
	int want;
};

static void run_match_cases(const struct mcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct dockerignore *d = dockerignore_parse(c[i].file, strlen(c[i].file));
		int got = dockerignore_match(d, c[i].path);
		dockerignore_free(d);
		if (got != c[i].want)
			fail_msg("patterns \"%s\", path \"%s\": expected %d, got %d", c[i].file, c[i].path, c[i].want, got);
	}
}

static void test_single_patterns(void **state)
{
	static const struct mcase c[] = {
		{ "*", "fileutils.go", 1 },
		{ "*.go", "fileutils.go", 1 },
		{ "*.go", "dir/fileutils.go", 0 },
		{ "**", "file", 1 },
		{ "**/", "file", 1 },
		{ "**", "dir/file", 1 },
		{ "**/**", "dir/file", 1 },
		{ "dir/**", "dir/file", 1 },
		{ "dir/**", "dir/dir2/file", 1 },
		{ "dir/**", "dir", 0 },
		{ "dir/**", "dirx/file", 0 },
		{ "dir**", "dirx/file", 1 },
		{ "**/dir", "dir", 1 },
		{ "**/dir", "dir/file", 1 },
		{ "**/dir", "a/b/dir/file", 1 },
		{ "**/dir", "a/xdir", 0 },
		{ "**/dir2/*", "dir/dir2/file", 1 },
		{ "**/dir2/*", "dir2/file", 1 },
		{ "**/dir2/**", "dir/dir2/dir3/file", 1 },
		{ "**file", "file", 1 },
		{ "**file", "dir/dir/file", 1 },
		{ "**file", "dir/xfile", 1 },
		{ "**/file", "dir/xfile", 0 },
		{ "**/file*", "dir/dir/file.txt", 1 },
		{ "**/file*txt", "dir/dir/file.txt", 1 },
		{ "**/**/*.txt", "dir/dir/file.txt", 1 },
		{ "**/**/*.txt2", "dir/dir/file.txt", 0 },
		{ "**/*.txt", "file.txt", 1 },
		{ "a**/*.txt", "a/dir/dir/file.txt", 1 },
		{ "a/*.txt", "a/dir/file.txt", 0 },
		{ "a/*.txt", "a/file.txt", 1 },
		{ "a/*.txt**", "a/file.txt", 1 },
		{ "a[b-d]e", "ae", 0 },
		{ "a[b-d]e", "ace", 1 },
		{ "a[b-d]e", "aae", 0 },
		{ "a[^b-d]e", "aze", 1 },
		{ "a[^b-d]e", "ace", 0 },
		{ "a[!b]e", "a!e", 1 },         /* '!' is no negation in Go */
		{ "a[!b]e", "aze", 0 },
		{ ".*", ".foo", 1 },
		{ ".*", "foo", 0 },
		{ "abc.def", "abcZdef", 0 },
		{ "abc.def", "abc.def", 1 },
		{ "abc?def", "abcZdef", 1 },
		{ "abc?def", "abcdef", 0 },
		{ "abc?def", "abc/def", 0 },
		{ "a?b", "a\xe2\x98\xba" "b", 1 },        /* '?' is one rune */
		{ "a???b", "a\xe2\x98\xba" "b", 0 },
		{ "[a-\xce\xb6]*", "\xce\xb1", 1 },
		{ "*[a-\xce\xb6]", "A", 0 },
		{ "**/foo/bar", "dir/dir2/foo/bar", 1 },
		{ "**/foo/bar", "foo/bar", 1 },
		{ "**/.foo", ".foo", 1 },
		{ "**/.foo", "bar.foo", 0 },
		{ "a(b)c/def", "a(b)c/def", 1 },
		{ "a.|)$(}+{bc", "a.|)$(}+{bc", 1 },
		{ "dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", 1 },
		{ "a\\\\", "a\\", 1 },
		{ "a\\*b", "a*b", 1 },
		{ "a\\*b", "axb", 0 },
		{ "[\\]a]", "]", 1 },
		{ "[\\-]", "-", 1 },
		{ "[x\\-]", "z", 0 },
		{ "a*", "ab/c", 1 },            /* the parent "ab" matches */
		{ "a*/b", "abc/b", 1 },
		{ "a*/b", "a/c/b", 0 },
		{ "a*b*c*d*e*/f", "axbxcxdxexxx/f", 1 },
		{ "a*b*c*d*e*/f", "axbxcxdxe/xxx/f", 0 },
		{ "a*b?c*x", "abxbbxdbxebxczzx", 1 },
		{ "a*b?c*x", "abxbbxdbxebxczzy", 0 },
		{ "*x", "xxx", 1 },
		{ "docs", "docs/README.md", 1 },
		{ "docs/", "docs/a/b", 1 },
		{ "/docs", "docs/a", 1 },
		{ "./docs/../docs//x/", "docs/x/y", 1 },
		{ "docs", "docsx", 0 },
		{ "^x", "^x", 1 },              /* exact type: '^' is a plain character */
		{ "*^x", "x", 1 },              /* regexp type: '^' is an anchor */
		{ "*^x", "a^x", 0 },
		{ "a^*", "a^b", 0 },
		{ "a$", "a$", 1 },
		{ "a$*", "a$b", 1 },
		{ "", "anything", 0 },
		{ ".git", ".git/config", 1 },
		{ ".git", ".github/x", 0 },
	};
	(void)state;
	run_match_cases(c, ARRAY_SIZE(c));
}

static void test_file_rules(void **state)
{
	static const struct mcase c[] = {
		{ "# comment\n*.md", "# comment", 0 },
		{ "# comment\n*.md", "a.md", 1 },
		{ "  # not a comment", "# not a comment", 1 },  /* '#' only counts before trimming */
		{ "\xEF\xBB\xBF" "# bom then comment\nx", "x", 1 },
		{ "\xEF\xBB\xBF" "x", "x", 1 },
		{ "a\n\xEF\xBB\xBF" "b", "b", 0 },    /* a BOM only on the first line */
		{ "x\r\ny\r\n", "x", 1 },
		{ "x\r\ny\r\n", "y", 1 },
		{ "  x  \t", "x", 1 },
		{ "\xC2\xA0x\xE3\x80\x80", "x", 1 },  /* Unicode spaces trimmed like Go */
		{ "\n\n   \n", "x", 0 },
		{ "*.go\n!fileutils.go", "fileutils.go", 0 },
		{ "!fileutils.go\n*.go", "fileutils.go", 1 },
		{ "*.go\n  !  fileutils.go  ", "fileutils.go", 0 },
		{ "docs\n!docs/README.md", "docs/README.md", 0 },
		{ "docs\n!docs/README.md", "docs/other.md", 1 },
		{ "docs/*\n!docs/README.md", "docs/README.md", 0 },
		{ "**\n!util/docker/web", "util/docker/web/foo", 0 },
		{ "**\n!util/docker/web\nutil/docker/web/foo", "util/docker/web/foo", 1 },
		{ "**\n!dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", 0 },
		{ "*\n!.git\n.git/**", ".git/config", 1 },
		{ "!\nx", "x", 1 },             /* invalid "!" kept apart, the rest still matches */
		{ "[\nx", "x", 1 },
		{ "*.go", ".", 0 },             /* the context itself is never excluded */
		{ "*", "./a", 1 },
		{ "x", "", 0 },
	};
	(void)state;
	run_match_cases(c, ARRAY_SIZE(c));
}

static void test_invalid_patterns(void **state)
{
	static const char *const bad[] = {
		"[", "[^", "[^bc", "a[", "[]a]", "[-]", "[x-]", "[-x]", "[a-b-c]", "\\", "a\\", "!",
		"[Local-Only]", "[z-a]", "!/",
	};
	static const char *const good[] = { "[\\]a]", "[\\-x]", "a\\\\", "[a-z]*.md", "!x", "a]b", "**/", "/" };
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct dockerignore *d = dockerignore_parse(bad[i], strlen(bad[i]));
		if (dockerignore_invalid(d) != 1)
			fail_msg("\"%s\" should be invalid", bad[i]);
		assert_false(dockerignore_match(d, "a"));
		assert_false(dockerignore_match(d, "[Local-Only]"));
		assert_false(dockerignore_excludes(d, "a"));
		dockerignore_free(d);
	}
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		struct dockerignore *d = dockerignore_parse(good[i], strlen(good[i]));
		if (dockerignore_invalid(d) != 0)
			fail_msg("\"%s\" should be valid", good[i]);
		dockerignore_free(d);
	}
}

struct xcase {
	const char *file;
	const char *path;
	int want;
};

static void test_excludes(void **state)
{
	static const struct xcase c[] = {
		{ ".git", ".git", 1 },
		{ ".git/", ".git", 1 },
		{ "/.git", ".git", 1 },
		{ "**/.git", ".git", 1 },
		{ ".git/**", ".git", 1 },
		{ ".git/*", ".git", 1 },
		{ ".git/**/*", ".git", 1 },
		{ ".git*", ".git", 1 },
		{ ".g?t", ".git", 1 },
		{ "*", ".git", 1 },
		{ "**", ".git", 1 },
		{ ".*", ".git", 1 },
		{ "*\n!.git/config", ".git", 0 },
		{ ".git\n!.git/config", ".git", 0 },
		{ ".git\n!**/config", ".git", 0 },
		{ ".git\n!*.md", ".git", 1 },           /* "*.md" cannot match below .git */
		{ ".git\n!.github", ".git", 1 },
		{ ".git\n!.git", ".git", 0 },
		{ "*\n!.git", ".git", 0 },
		{ "*\n!.git\n.git", ".git", 1 },
		{ "*\n!.git/config\n.git", ".git", 1 },
		{ ".git/objects", ".git", 0 },
		{ ".git/?", ".git", 0 },                /* only one-letter names */
		{ ".git/x*", ".git", 0 },
		{ ".github", ".git", 0 },
		{ "", ".git", 0 },
		{ "# .git", ".git", 0 },
		{ "[", ".git", 0 },
		{ ".env", ".env", 1 },
		{ "*.env\n.env", ".env", 1 },
		{ ".env*", ".env", 1 },
		{ "**/.env", ".env", 1 },
		{ ".env.*", ".env", 0 },
		{ "*\n!.env.example", ".env", 1 },
		{ "*\n!.env", ".env", 0 },
		{ "*\n!*.example", ".env", 1 },
		{ "*\n!**/*.example", ".env", 0 },      /* ".env/x.example" would be sent */
		{ "**/node_modules", "app/node_modules", 1 },
		{ "node_modules", "app/node_modules", 0 },
		{ "app", "app/node_modules", 1 },
		{ "app\n!app/node_modules/keep", "app/node_modules", 0 },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		struct dockerignore *d = dockerignore_parse(c[i].file, strlen(c[i].file));
		int got = dockerignore_excludes(d, c[i].path);
		dockerignore_free(d);
		if (got != c[i].want)
			fail_msg("patterns \"%s\", path \"%s\": expected excluded=%d, got %d",
				 c[i].file, c[i].path, c[i].want, got);
	}
}

static void test_hostile(void **state)
{
	static const char bin[] = "\x00\xff\xfe[\x80\n*\x00x\n!\xc0\xaf\n**/**/**/**/**/**/**/**/a\n";
	struct dockerignore *d;
	char *big, *path;
	size_t n = 200000;
	(void)state;
	d = dockerignore_parse(bin, sizeof(bin) - 1);
	assert_false(dockerignore_match(d, "\xff"));
	assert_true(dockerignore_match(d, "b/b/b/b/b/b/b/b/b/b/a"));
	dockerignore_excludes(d, "x");
	dockerignore_free(d);
	/* one huge line: Docker refuses the file; berth keeps going */
	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, '*', n);
	big[n] = '\0';
	d = dockerignore_parse(big, n);
	assert_int_equal(dockerignore_invalid(d), 1);
	assert_false(dockerignore_match(d, "a"));
	dockerignore_free(d);
	/* a long pattern of stars against a long path stays fast (no backtracking) */
	memset(big, 0, n + 1);
	for (size_t i = 0; i < 4000; i += 2)
		memcpy(big + i, "*a", 2);
	path = malloc(4001);
	assert_non_null(path);
	memset(path, 'a', 4000);
	path[3999] = 'b';
	path[4000] = '\0';
	d = dockerignore_parse(big, strlen(big));
	assert_false(dockerignore_match(d, path));
	dockerignore_free(d);
	d = dockerignore_parse(NULL, 0);
	assert_false(dockerignore_match(d, "a"));
	dockerignore_free(d);
	free(path);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_patterns),
		cmocka_unit_test(test_file_rules),
		cmocka_unit_test(test_invalid_patterns),
		cmocka_unit_test(test_excludes),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
