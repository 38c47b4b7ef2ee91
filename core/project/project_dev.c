/*
 * project_dev - the files a development environment names:
 * .devcontainer/(any folder)/devcontainer.json (build.dockerfile, dockerFile,
 * dockerComposeFile; relative to the devcontainer.json's folder) and
 * .gitpod.yml (image.file, relative to the root). devcontainer.json allows
 * comments and trailing commas: they are blanked out (positions kept) and
 * the rest is read as YAML's flow style.
 */
#include "project_priv.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "yamldoc.h"

char *project_json_clean(const char *data, size_t len, size_t *outlen)
{
	char *o = xmalloc(len + 1);
	size_t i = 0;
	memcpy(o, data, len);
	o[len] = '\0';
	while (i < len) {
		if (o[i] == '"') {
			for (i++; i < len && o[i] != '"'; i++)
				if (o[i] == '\\')
					i++;
			i++;
		} else if (o[i] == '/' && i + 1 < len && o[i + 1] == '/') {
			while (i < len && o[i] != '\n')
				o[i++] = ' ';
		} else if (o[i] == '/' && i + 1 < len && o[i + 1] == '*') {
			while (i < len && !(o[i] == '*' && i + 1 < len && o[i + 1] == '/')) {
				if (o[i] != '\n')
					o[i] = ' ';
				i++;
			}
			for (int k = 0; k < 2 && i < len; k++)
				o[i++] = ' ';
		} else if (o[i] == ',') {
			/* a trailing comma: only blanks and comments before the closing bracket */
			size_t j = i + 1;
			for (;;) {
				while (j < len && (o[j] == ' ' || o[j] == '\t' || o[j] == '\n' || o[j] == '\r'))
					j++;
				if (j + 1 < len && o[j] == '/' && o[j + 1] == '/') {
					while (j < len && o[j] != '\n')
						j++;
				} else if (j + 1 < len && o[j] == '/' && o[j + 1] == '*') {
					j += 2;
					while (j + 1 < len && !(o[j] == '*' && o[j + 1] == '/'))
						j++;
					j += 2;
				} else {
					break;
				}
			}
			if (j < len && (o[j] == '}' || o[j] == ']'))
				o[i] = ' ';
			i++;
		} else {
			if (o[i] == '\t')
				o[i] = ' ';     /* YAML refuses tabs where JSON allows them */
			i++;
		}
	}
	*outlen = len;
	return o;
}

static void dev_file(struct project *p, const char *dir, const char *rel, const char *path, int line)
{
	char *full, *where;
	if (!rel || !*rel || rel[0] == '/' || strstr(rel, "${"))
		return;
	full = path_join_norm(dir, rel);
	if (!full)
		return;
	where = xasprintf("%s:%d", path, line);
	project_add_dev(p, full, where);
	free(where);
	free(full);
}

void project_read_devcontainer(struct project *p, const char *path, const char *data, size_t len)
{
	struct ydoc y;
	size_t clen;
	char *clean = project_json_clean(data, len, &clen), *dir = str_dirname(path);
	const struct ydoc_node *root, *n;
	memset(&y, 0, sizeof(y));
	if (ydoc_load(&y, clean, clen) == 0 && y.ndocs && (root = y.docs[0])->type == YDOC_MAPPING) {
		const struct ydoc_node *build = ydoc_get(root, "build");
		if ((n = ydoc_get(build, "dockerfile")) && ydoc_str(n))
			dev_file(p, dir, ydoc_str(n), path, n->start.line);
		if ((n = ydoc_get(root, "dockerFile")) && ydoc_str(n))
			dev_file(p, dir, ydoc_str(n), path, n->start.line);
		if ((n = ydoc_get(root, "dockerComposeFile"))) {
			if (ydoc_str(n))
				dev_file(p, dir, ydoc_str(n), path, n->start.line);
			else if (n->type == YDOC_SEQUENCE)
				for (size_t i = 0; i < n->nitems; i++)
					if (ydoc_str(n->items[i]))
						dev_file(p, dir, ydoc_str(n->items[i]), path, n->items[i]->start.line);
		}
	}
	ydoc_free(&y);
	free(clean);
	free(dir);
}

void project_read_gitpod(struct project *p, const char *path, const char *data, size_t len)
{
	struct ydoc y;
	const struct ydoc_node *img, *file;
	memset(&y, 0, sizeof(y));
	if (ydoc_load(&y, data, len) == 0 && y.ndocs) {
		img = ydoc_get(y.docs[0], "image");
		file = ydoc_get(img, "file");
		/* image.file is relative to the repository root (Gitpod's documentation) */
		if (file && ydoc_str(file))
			dev_file(p, "", ydoc_str(file), path, file->start.line);
	}
	ydoc_free(&y);
}
