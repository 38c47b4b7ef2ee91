/*
 * fix_state - the files as fixes leave them (the planned file plus the
 * others a fix touched, over the repository's view), how a fix is applied
 * to them, and the audit comparisons verification and fix_apply share.
 */
#include "fix_priv.h"

#include <stdlib.h>
#include <string.h>

#include "scan.h"

void fix_audit(struct file_result *r, const struct fix_input *in, const char *data,
	       size_t len, const struct fsview *fs)
{
	struct text t;
	memset(r, 0, sizeof(*r));
	text_init(&t, data, len);
	scan_audit_file(r, in->path, in->kind, data, len, &t, fs, in->cfg, in->contexts,
			in->ncontexts);
	text_free(&t);
}

void fix_state_init(struct fix_state *s, const struct fix_input *in)
{
	memset(s, 0, sizeof(*s));
	s->data = xstrndup(in->data, in->len);
	s->len = in->len;
	s->ov = fix_overlay_new(in->fs);
	fix_overlay_view(s->ov, &s->view);
}

void fix_state_free(struct fix_state *s)
{
	free(s->data);
	fix_overlay_free(s->ov);
	for (size_t i = 0; i < s->nextra; i++)
		free(s->extra[i]);
	free(s->extra);
	memset(s, 0, sizeof(*s));
}

/* Apply a fix's changes to the state. -1 when an edit does not fit (the state is then partly changed). */
int fix_state_apply(struct fix_state *s, const struct fix_input *in, const struct fix *f)
{
	for (size_t i = 0; i < f->nchanges; i++) {
		const struct fix_change *ch = &f->changes[i];
		char *old = NULL, *res = NULL;
		size_t oldlen = 0, reslen = 0;
		int rc;
		if (strcmp(ch->path, in->path) == 0) {
			rc = fix_change_apply(ch, s->data, s->len, &res, &reslen);
			if (rc == 0) {
				free(s->data);
				s->data = res;
				s->len = reslen;
			}
		} else {
			int known = 0;
			if (!ch->create && fs_read(&s->view, ch->path, &old, &oldlen) < 0)
				return -1;
			rc = fix_change_apply(ch, old ? old : "", oldlen, &res, &reslen);
			if (rc == 0)
				fix_overlay_put(s->ov, ch->path, res, reslen);
			for (size_t j = 0; j < s->nextra; j++)
				known |= strcmp(s->extra[j], ch->path) == 0;
			if (rc == 0 && !known)
				PUSH(s->extra, s->nextra, s->cap, xstrdup(ch->path));
			free(old);
			free(res);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The input describing the state (borrows it). */
struct fix_input fix_state_input(const struct fix_state *s, const struct fix_input *in)
{
	struct fix_input r = *in;
	r.data = s->data;
	r.len = s->len;
	r.fs = &s->view;
	return r;
}

static int failing(const struct finding *f)
{
	return !f->suppressed && f->sev >= SEV_WARNING && f->sev != SEV_NEVER;
}

size_t fix_count_failing(const struct file_result *r, int item, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].item == item && failing(&r->findings[i]) &&
		    (!rule || strcmp(r->findings[i].rule, rule) == 0))
			n++;
	return n;
}

/* A parse finding whose rule the original had fewer of. */
int fix_new_parse_finding(const struct file_result *before, const struct file_result *after)
{
	int item = after->kind == KIND_COMPOSE ? ITEM_COMPOSE_PARSE : ITEM_CORR_PARSE;
	for (size_t i = 0; i < after->nfindings; i++) {
		const struct finding *f = &after->findings[i];
		if (f->item == item && failing(f) &&
		    fix_count_failing(after, item, f->rule) > fix_count_failing(before, item, f->rule))
			return 1;
	}
	return 0;
}

/* An item other than those in `mine` that did not fail and fails now. */
int fix_regression(const struct file_result *before, const struct file_result *after,
		      const unsigned char *mine)
{
	for (int i = 0; i < ITEM_COUNT; i++)
		if (!mine[i] && before->status[i] != ST_FAIL && after->status[i] == ST_FAIL)
			return 1;
	return 0;
}

/* Does the generator of `item` still want to change the state? */