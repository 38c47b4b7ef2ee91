#include "diff.h"

#include <string.h>

#include "gitlib.h"

static void set_err(char **err)
{
	const git_error *e = git_error_last();
	if (err)
		*err = xstrdup(e && e->message ? e->message : "libgit2 could not make the patch");
}

/* The patch text of old -> new; *text empty when they are equal. */
static int make_patch(git_buf *text, const char *path, const char *old, size_t oldlen,
		      const char *new_, size_t newlen, char **err)
{
	git_diff_options opts;
	git_patch *patch = NULL;
	int rc;

	if (old && oldlen == newlen && memcmp(old, new_, newlen) == 0)
		return 0;
	if (gitlib_load(err) < 0)
		return -1;      /* the first patch loads libgit2 */
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = DIFF_CONTEXT;
	/* a Dockerfile with odd bytes is still text to berth: never a "Binary files differ" */
	opts.flags |= GIT_DIFF_FORCE_TEXT;
	rc = git_patch_from_buffers(&patch, old, old ? oldlen : 0, path,
				    new_, newlen, path, &opts);
	if (rc == 0)
		rc = git_patch_to_buf(text, patch);
	if (rc != 0)
		set_err(err);
	git_patch_free(patch);
	return rc == 0 ? 0 : -1;
}

int diff_patch(struct buf *out, const char *path, const char *old, size_t oldlen,
	       const char *new_, size_t newlen, char **err)
{
	git_buf text;
	memset(&text, 0, sizeof(text));
	int rc = make_patch(&text, path, old, oldlen, new_, newlen, err);
	if (rc == 0 && text.size)
		buf_add(out, text.ptr, text.size);
	if (text.ptr)           /* nothing was made when the texts are equal or libgit2 cannot be loaded */
		git_buf_dispose(&text);
	return rc;
}

int diff_hunks(struct buf *out, const char *path, const char *old, size_t oldlen,
	       const char *new_, size_t newlen, char **err)
{
	git_buf text;
	memset(&text, 0, sizeof(text));
	int rc = make_patch(&text, path, old, oldlen, new_, newlen, err);
	if (rc == 0 && text.size) {
		const char *p = text.ptr, *end = text.ptr + text.size;
		/* skip the header: hunks start at the first line beginning with "@@" */
		while (p < end && !(end - p >= 2 && p[0] == '@' && p[1] == '@')) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl + 1 : end;
		}
		buf_add(out, p, (size_t)(end - p));
	}
	if (text.ptr)
		git_buf_dispose(&text);
	return rc;
}
