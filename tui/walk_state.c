/* The tour's state file (walk_state.h): its text, and where it is kept. */
#include "walk_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "items.h"
#include "repo.h"

void tui_walk_state_init(struct tui_walk_state *st)
{
	memset(st, 0, sizeof(*st));
	st->at_item = -1;
}

void tui_walk_state_free(struct tui_walk_state *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->e[i].path);
	free(st->e);
	free(st->at_path);
	tui_walk_state_init(st);
}

void tui_walk_state_mark(struct tui_walk_state *st, int item, const char *path, enum tui_walk_mark mark)
{
	struct tui_walk_entry e;
	if (!path || strchr(path, '\n'))
		return;         /* a path with a line break cannot be written as one record */
	for (size_t i = 0; i < st->n; i++)
		if (st->e[i].item == item && strcmp(st->e[i].path, path) == 0) {
			st->e[i].mark = mark;
			return;
		}
	e = (struct tui_walk_entry){ item, xstrdup(path), mark };
	PUSH(st->e, st->n, st->cap, e);
}

/* "KEY PATH": the item (-1 when berth has no such item) and the path; -1 when the record has no path. */
static int key_path(const char *rest, int *item, const char **path)
{
	const char *sp = strchr(rest, ' ');
	char key[64];
	if (!sp || sp == rest || !sp[1] || (size_t)(sp - rest) >= sizeof(key))
		return -1;
	memcpy(key, rest, (size_t)(sp - rest));
	key[sp - rest] = '\0';
	*item = item_find(key);
	*path = sp + 1;
	return 0;
}

static int parse_line(struct tui_walk_state *st, char *line, char **why)
{
	int item;
	const char *path;
	if (strcmp(line, "at map") == 0) {
		st->at = TUI_WALK_AT_MAP;
		return 0;
	}
	if (strcmp(line, "at summary") == 0) {
		st->at = TUI_WALK_AT_SUMMARY;
		return 0;
	}
	if (strncmp(line, "at ", 3) == 0 || strncmp(line, "skip ", 5) == 0 || strncmp(line, "accept ", 7) == 0) {
		const char *rest = strchr(line, ' ') + 1;
		if (key_path(rest, &item, &path) < 0) {
			*why = xasprintf("\"%.40s\" needs an item key and a path", line);
			return -1;
		}
		if (item < 0)
			return 0;       /* an item this berth does not have: that record goes */
		if (line[0] == 'a' && line[1] == 't') {
			st->at = TUI_WALK_AT_STEP;
			st->at_item = item;
			free(st->at_path);
			st->at_path = xstrdup(path);
		} else {
			tui_walk_state_mark(st, item, path, line[0] == 's' ? TUI_WALK_SKIP : TUI_WALK_ACCEPT);
		}
		return 0;
	}
	*why = xasprintf("unknown record \"%.40s\"", line);
	return -1;
}

int tui_walk_state_parse(struct tui_walk_state *st, const char *data, size_t len, char **err)
{
	const char *p = data, *end = data + len;
	size_t lineno = 0;
	tui_walk_state_init(st);
	*err = NULL;
	if (len > TUI_WALK_STATE_MAX) {
		*err = xasprintf("larger than %u bytes", TUI_WALK_STATE_MAX);
		return -1;
	}
	if (memchr(data, '\0', len)) {
		*err = xstrdup("not text (a NUL byte)");
		return -1;
	}
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
		char *line = xstrndup(p, n), *why = NULL;
		lineno++;
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		if (lineno == 1 && strcmp(line, TUI_WALK_STATE_HEADER) != 0) {
			why = xstrdup("no \"" TUI_WALK_STATE_HEADER "\" header");
		} else if (lineno > 1 && *line) {
			parse_line(st, line, &why);
		}
		free(line);
		if (why) {
			*err = xasprintf("line %zu: %s", lineno, why);
			free(why);
			tui_walk_state_free(st);
			return -1;
		}
		p = eol ? eol + 1 : end;
	}
	if (lineno == 0) {
		*err = xstrdup("empty");
		return -1;
	}
	return 0;
}

void tui_walk_state_format(const struct tui_walk_state *st, struct buf *out)
{
	buf_puts(out, TUI_WALK_STATE_HEADER "\n");
	if (st->at == TUI_WALK_AT_STEP && st->at_item >= 0 && st->at_item < ITEM_COUNT)
		buf_printf(out, "at %s %s\n", item_defs[st->at_item].key,
			   st->at_path && !strchr(st->at_path, '\n') ? st->at_path : "-");
	else
		buf_puts(out, st->at == TUI_WALK_AT_SUMMARY ? "at summary\n" : "at map\n");
	for (size_t i = 0; i < st->n; i++)
		buf_printf(out, "%s %s %s\n", st->e[i].mark == TUI_WALK_SKIP ? "skip" : "accept",
			   item_defs[st->e[i].item].key, st->e[i].path);
}

/* The two places a state may be kept: the git folder's, then the one under $XDG_STATE_HOME (NULL when none). */
static char *path_git(const char *gitdir)
{
	return gitdir && *gitdir ? xasprintf("%s/" TUI_WALK_STATE_DIR "/" TUI_WALK_STATE_FILE, gitdir) : NULL;
}

static char *path_xdg(const char *root)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	/* one file per repository, named by its root */
	unsigned long long h = (unsigned long long)repo_hash(root ? root : "", root ? strlen(root) : 0);
	if (xdg && *xdg)
		return xasprintf("%s/" TUI_WALK_STATE_DIR "/" TUI_WALK_STATE_FILE "-%016llx", xdg, h);
	if (home && *home)
		return xasprintf("%s/.local/state/" TUI_WALK_STATE_DIR "/" TUI_WALK_STATE_FILE "-%016llx", home, h);
	return NULL;
}

/* 1 and the content; 0 no such file; -1 and *err. */
static int slurp(const char *path, char **data, size_t *len, char **err)
{
	FILE *fp = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	if (!fp) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		*err = xasprintf("cannot read it: %s", strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > TUI_WALK_STATE_MAX)
			break;  /* the parser says it is too big */
	}
	fclose(fp);
	*len = b.len;
	*data = buf_detach(&b);
	return 1;
}

int tui_walk_state_load(struct tui_walk_state *st, const char *gitdir, const char *root, char **where, char **err)
{
	char *paths[2] = { path_git(gitdir), path_xdg(root) };
	int rc = 0;
	*where = NULL;
	*err = NULL;
	tui_walk_state_init(st);
	for (int i = 0; i < 2 && rc == 0; i++) {
		char *data = NULL;
		size_t len = 0;
		if (!paths[i])
			continue;
		rc = slurp(paths[i], &data, &len, err);
		if (rc == 1 && tui_walk_state_parse(st, data, len, err) < 0)
			rc = -1;
		if (rc != 0)
			*where = xstrdup(paths[i]);
		free(data);
	}
	free(paths[0]);
	free(paths[1]);
	return rc;
}

int tui_walk_state_save(const struct tui_walk_state *st, const char *gitdir, const char *root, char **where,
			char **err)
{
	char *git = path_git(gitdir), *xdg = path_xdg(root), *e1 = NULL;
	struct buf text = BUF_INIT;
	int rc = -1;
	*where = NULL;
	*err = NULL;
	tui_walk_state_format(st, &text);
	if (text.len > TUI_WALK_STATE_MAX) {
		*err = xasprintf("the tour's state would take %zu bytes, over the %u kept", text.len,
				 TUI_WALK_STATE_MAX);
	} else if (git && write_user_file(git, buf_str(&text), text.len, &e1) == 0) {
		*where = git;
		git = NULL;
		rc = 0;
		/* an older fallback copy would be read after this one is removed: keep one place */
		if (xdg)
			remove(xdg);
	} else if (xdg && write_user_file(xdg, buf_str(&text), text.len, err) == 0) {
		*where = xdg;
		xdg = NULL;
		rc = 0;
		free(*err);
		*err = NULL;
	} else if (!*err) {
		*err = e1 ? e1 : xstrdup("no git folder, $XDG_STATE_HOME or $HOME to keep the tour's state in");
		e1 = NULL;
	}
	free(e1);
	free(git);
	free(xdg);
	buf_free(&text);
	return rc;
}

void tui_walk_state_remove(const char *gitdir, const char *root)
{
	char *git = path_git(gitdir), *xdg = path_xdg(root);
	if (git)
		remove(git);
	if (xdg)
		remove(xdg);
	free(git);
	free(xdg);
}
