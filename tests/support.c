#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "scan.h"
#include "util.h"

char *fixture_read(const char *name, size_t *len)
{
	char path[4096];
	FILE *f;
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	snprintf(path, sizeof(path), "tests/fixtures/%s", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("fixture %s is missing", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return buf_detach(&b);
}

const char *shared_dir(void)
{
	static char dir[4096];
	const char *env = getenv("BERTH_SHARED");
	struct stat st;
	snprintf(dir, sizeof(dir), "%s", env && *env ? env : "../shared");
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return dir;
}

void audit_text(struct file_result *r, const char *path, enum filekind kind,
		const char *text, const struct fsview *fs)
{
	struct text t;
	size_t len = strlen(text);
	text_init(&t, text, len);
	scan_audit_file(r, path, kind, text, len, &t, fs, NULL, NULL, 0);
	text_free(&t);
}

const char *status_of(const struct file_result *r, const char *key)
{
	int item = item_find(key);
	if (item < 0)
		fail_msg("unknown item %s", key);
	return status_name(r->status[item]);
}

const struct finding *finding_of(const struct file_result *r, const char *key, const char *rule)
{
	int item = item_find(key);
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].item == item && (!rule || strcmp(r->findings[i].rule, rule) == 0))
			return &r->findings[i];
	return NULL;
}

void dump_result(const struct file_result *r)
{
	fprintf(stderr, "-- %s\n", r->path);
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		fprintf(stderr, "   %d:%d %s %s [%s/%s]%s\n", f->line, f->col, sev_name(f->sev),
			f->message, item_defs[f->item].key, f->rule, f->suppressed ? " (suppressed)" : "");
	}
}

void test_config_from(struct config *c, const char *yaml)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/berth-cfg-XXXXXX", dir && *dir ? dir : "/tmp"), *err = NULL;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
	close(fd);
	config_init(c);
	if (config_load(c, path, &err) != 0)
		fail_msg("config: %s", err);
	unlink(path);
	free(path);
}
