/*
 * fix_facts - the fixes' questions to the image facts (CHECKLIST.md "Image
 * facts" and "Fixes"), answered by core/checks/check_facts.h from the table
 * the scan uses. An image nobody has described stays unknown: the
 * preconditions then withhold, or keep a fix at `review` with a note saying
 * what berth could not check.
 */
#include "fix_priv.h"

#include <stdlib.h>
#include <string.h>

#include "check_facts.h"
#include "config.h"
#include "facts.h"

const char *fix_image_user(const struct config *cfg, const char *ref)
{
	const char *name = NULL;
	/* its own non-root USER by name (a bare uid is no user to chown to), else a user it ships */
	if (facts_user_nonroot(cfg, ref, &name) == FACT_YES && name && !strchr(name, ':') &&
	    strspn(name, "0123456789") != strlen(name))
		return name;
	return facts_shipped_user(cfg, ref, &name) == FACT_YES ? name : NULL;
}

int fix_image_known(const struct config *cfg, const char *ref)
{
	return facts_known(cfg, ref) == FACT_YES;
}

int fix_image_drops_privileges(const struct config *cfg, const char *ref)
{
	return facts_drops_privileges(cfg, ref, NULL);
}

int fix_image_uid1000_taken(const struct config *cfg, const char *ref)
{
	return facts_id1000_taken(cfg, ref);
}

int fix_image_tools(const struct config *cfg, const char *ref)
{
	static const struct { const char *name; int bit; } tools[] = {
		{ "python", FIX_TOOL_PYTHON }, { "python3", FIX_TOOL_PYTHON }, { "node", FIX_TOOL_NODE },
		{ "nc", FIX_TOOL_NC }, { "bash", FIX_TOOL_BASH },
	};
	const char *tool = NULL;
	enum fact ut = facts_user_tool(cfg, ref, &tool);
	int bits = 0, known = ut != FACT_UNKNOWN;
	if (ut == FACT_YES)
		bits |= strcmp(tool, "busybox") == 0 ? FIX_TOOL_BUSYBOX : FIX_TOOL_USERADD;
	for (size_t i = 0; i < ARRAY_SIZE(tools); i++) {
		enum fact t = facts_has_tool(cfg, ref, tools[i].name);
		known |= t != FACT_UNKNOWN;
		if (t == FACT_YES)
			bits |= tools[i].bit;
	}
	return known ? bits : -1;
}

long fix_image_port(const struct config *cfg, const char *ref)
{
	int port = -1;
	return facts_port(cfg, ref, &port) == FACT_YES ? port : -1;
}

/* A JSON string for an exec-form word: quotes, backslashes and control bytes escaped. */
static void json_word(struct buf *b, const char *w)
{
	buf_puts(b, "\"");
	for (; *w; w++) {
		if (*w == '"' || *w == '\\')
			buf_printf(b, "\\%c", *w);
		else if ((unsigned char)*w < 0x20)
			buf_printf(b, "\\u%04x", (unsigned char)*w);
		else
			buf_add(b, w, 1);
	}
	buf_puts(b, "\"");
}

char *fix_image_health(const struct config *cfg, const char *ref)
{
	const char *const *h = facts_health(cfg, ref);
	struct buf b = BUF_INIT;
	if (!h || !h[0] || !h[1])
		return NULL;
	if (strcmp(h[0], "CMD-SHELL") == 0)
		return strchr(h[1], '\n') ? NULL : xstrdup(h[1]);      /* one line, as HEALTHCHECK takes it */
	buf_puts(&b, "[");
	for (size_t i = 1; h[i]; i++) {
		if (i > 1)
			buf_puts(&b, ", ");
		json_word(&b, h[i]);
	}
	buf_puts(&b, "]");
	return buf_detach(&b);
}

const char *const *fix_image_caps(const struct config *cfg, const char *ref)
{
	return facts_cap_add(cfg, ref);
}

const char *const *fix_image_tmpfs(const struct config *cfg, const char *ref)
{
	return facts_tmpfs(cfg, ref);
}

const char *const *fix_image_mount_writes(const struct config *cfg, const char *ref, size_t i, const char **mount)
{
	const struct facts_db *db = config_facts(cfg);
	struct image_facts f;
	if (!db || !ref || facts_lookup(db, ref, &f) != 1 || !FACTS_HAS(&f, MOUNT_WRITES) || i >= f.nmount_writes)
		return NULL;
	*mount = f.mount_writes[i].mount;
	return f.mount_writes[i].paths.v;
}

/* A true/false fact of the image: 1, 0, or -1 when the facts do not say (or the image is unknown). */
static int bool_fact(const struct config *cfg, const char *ref, int setuid_start)
{
	const struct facts_db *db = config_facts(cfg);
	struct image_facts f;
	if (!db || !ref || facts_lookup(db, ref, &f) != 1)
		return -1;
	if (setuid_start)
		return FACTS_HAS(&f, SETUID_START) ? f.setuid_start != 0 : -1;
	return FACTS_HAS(&f, FILE_CAPS) ? f.file_caps != 0 : -1;
}

int fix_image_file_caps(const struct config *cfg, const char *ref)
{
	return bool_fact(cfg, ref, 0);
}

/* 1: the image's start runs a setuid helper as non-root; 0: it doesn't; -1: unknown. */
int fix_image_setuid_start(const struct config *cfg, const char *ref)
{
	return bool_fact(cfg, ref, 1);
}

static int listed(const struct facts_list *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], path) == 0)
			return 1;
	return 0;
}

const char *fix_image_bare_workdir(const struct config *cfg, const char *ref)
{
	const struct facts_db *db = config_facts(cfg);
	struct image_facts f;
	if (!db || !ref || facts_lookup(db, ref, &f) != 1 || !FACTS_HAS(&f, WORKDIR) || !FACTS_HAS(&f, VOLUMES) ||
	    !f.workdir || strcmp(f.workdir, "/") == 0)
		return NULL;
	if (listed(&f.volumes, f.workdir) || (FACTS_HAS(&f, TMPFS) && listed(&f.tmpfs, f.workdir)))
		return NULL;
	return f.workdir;
}

int fix_image_variants(const struct config *cfg, const char *ref, int *slim, int *alpine)
{
	const struct facts_db *db = config_facts(cfg);
	struct image_facts f;
	*slim = *alpine = -1;
	if (!db || !ref || facts_lookup(db, ref, &f) != 1 || !FACTS_HAS(&f, VARIANTS))
		return 0;
	*slim = f.slim;
	*alpine = f.alpine;
	return 1;
}

char *fix_image_out_of_range(const struct config *cfg, const char *ref)
{
	struct facts_list v = { NULL, 0 };
	struct buf b = BUF_INIT;
	if (!ref || !facts_out_of_range(config_facts(cfg), ref, &v))
		return NULL;
	for (size_t i = 0; i < v.n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", v.v[i]);
	return buf_detach(&b);
}
