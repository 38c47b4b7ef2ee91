#include "config_yaml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Longest error message, in bytes of the raw text (quoted values are cut). */
#define CONFIG_MAX_MESSAGE 400

/*
 * Read at most CONFIG_MAX_FILE bytes of a regular file; -1 with *err.
 * Like every file berth reads, a config is never reached through a symbolic
 * link (a repository could point .berth.yaml anywhere on a CI runner), and
 * O_NONBLOCK keeps a FIFO from hanging the open.
 */
static int read_file(const char *path, struct buf *b, char **err)
{
	struct stat st;
	char chunk[16384];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*err = errno == ELOOP ? xasprintf("%s: a symbolic link; berth does not follow links", path)
				      : xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: not a regular file", path);
		close(fd);
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*err = xasprintf("%s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (b->len + (size_t)n > CONFIG_MAX_FILE) {
			*err = xasprintf("%s: larger than %u bytes, not a config file", path, CONFIG_MAX_FILE);
			close(fd);
			return -1;
		}
		buf_add(b, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

/*
 * Messages quote the file's own text and end up on a terminal: escape
 * control bytes and invalid UTF-8, and cut what a hostile file could make huge.
 */
char *config_yaml_safe(const char *raw)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(raw);
	buf_add_safe(&b, raw, n > CONFIG_MAX_MESSAGE ? CONFIG_MAX_MESSAGE : n);
	if (n > CONFIG_MAX_MESSAGE)
		buf_puts(&b, "...");
	return buf_detach(&b);
}

int config_yaml_open(struct config_yaml *y, const char *path, char **err)
{
	struct buf b = BUF_INIT;
	int rc;
	memset(y, 0, sizeof(*y));
	y->path = path;
	*err = NULL;
	if (read_file(path, &b, err) != 0) {
		buf_free(&b);
		return -1;
	}
	if (b.len >= 2 && ((unsigned char)b.ptr[0] == 0xFE || (unsigned char)b.ptr[0] == 0xFF) &&
	    ((unsigned char)b.ptr[1] == 0xFE || (unsigned char)b.ptr[1] == 0xFF)) {
		*err = xasprintf("%s:1:1: not UTF-8 (a UTF-16 byte order mark)", path);
		buf_free(&b);
		return -1;
	}
	rc = ydoc_load(&y->doc, b.len ? b.ptr : "", b.len);
	y->len = b.len;
	y->text = buf_detach(&b);
	if (y->doc.nerrors > 0) {
		/* the fatal error is the last one; otherwise the first duplicate key */
		const struct ydoc_error *e = &y->doc.errors[rc != 0 ? y->doc.nerrors - 1 : 0];
		char *msg = ydoc_error_text(e), *raw = xasprintf("%s:%s", path, msg);
		*err = config_yaml_safe(raw);
		free(raw);
		free(msg);
		return -1;
	}
	if (rc != 0) {
		*err = xasprintf("%s: cannot read it as YAML", path);
		return -1;
	}
	if (y->doc.ndocs > 1) {
		*err = config_yaml_err(y, y->doc.docs[1], "more than one YAML document; a config holds one");
		return -1;
	}
	return 0;
}

void config_yaml_close(struct config_yaml *y)
{
	ydoc_free(&y->doc);
	free(y->text);
	memset(y, 0, sizeof(*y));
}

const struct ydoc_node *config_yaml_root(const struct config_yaml *y)
{
	const struct ydoc_node *n = y->doc.ndocs ? y->doc.docs[0] : NULL;
	return n && !ydoc_is_null(n) ? n : NULL;
}

char *config_yaml_err(const struct config_yaml *y, const struct ydoc_node *n, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	char *s;
	buf_printf(&b, "%s:%d:%d: ", y->path, n ? n->start.line : 1, n ? n->start.col : 1);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s = config_yaml_safe(buf_str(&b));
	buf_free(&b);
	return s;
}

static const char *node_kind(const struct ydoc_node *n)
{
	if (n->type == YDOC_MAPPING)
		return "a mapping";
	if (n->type == YDOC_SEQUENCE)
		return "a list";
	return ydoc_is_null(n) ? "nothing" : "a scalar";
}

const char *config_yaml_scalar(const struct config_yaml *y, const struct ydoc_node *n,
			       const char *what, char **err)
{
	if (n->type != YDOC_SCALAR || ydoc_is_null(n)) {
		*err = config_yaml_err(y, n, "%s, found %s", what, node_kind(n));
		return NULL;
	}
	if (n->len == 0 || memchr(n->value, '\0', n->len)) {
		*err = config_yaml_err(y, n, "%s, found an empty or NUL-holding string", what);
		return NULL;
	}
	return n->value;
}

int config_yaml_mapping(const struct config_yaml *y, const struct ydoc_node *n,
			const char *what, char **err)
{
	if (ydoc_is_null(n))
		return 0;
	if (n->type != YDOC_MAPPING) {
		*err = config_yaml_err(y, n, "%s must be a mapping, found %s", what, node_kind(n));
		return -1;
	}
	for (size_t i = 0; i < n->npairs; i++)
		if (n->pairs[i].key->type != YDOC_SCALAR || strlen(n->pairs[i].key->value) != n->pairs[i].key->len) {
			*err = config_yaml_err(y, n->pairs[i].key, "a key in %s must be a plain name", what);
			return -1;
		}
	return 0;
}

int config_yaml_sequence(const struct config_yaml *y, const struct ydoc_node *n,
			 const char *what, char **err)
{
	if (ydoc_is_null(n) || n->type == YDOC_SEQUENCE)
		return 0;
	*err = config_yaml_err(y, n, "%s must be a list, found %s", what, node_kind(n));
	return -1;
}
