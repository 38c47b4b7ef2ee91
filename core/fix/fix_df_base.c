/*
 * fix_df_base - fixes with a value for the base images: a pinned tag
 * (sec.pinned-base, value `pin.<image>`, e.g. pin.python=3.11.11-slim) and a
 * minimal variant of the final image (sec.minimal-base, the same value:
 * a slim or alpine tag). Without the value they are offered as needing one.
 */
#include "fix_df.h"

#include <stdlib.h>
#include <string.h>

#include "dfa.h"

/* The last component of an image path: "bitnami/redis" -> "redis". */
static const char *short_name(const char *path)
{
	return str_basename(path);
}

/* The value for an image: pin.<path>, then pin.<short name>. *name gets the name used (malloc'd). */
static const char *pin_value(const struct fix_ctx *c, const struct dfa_image *img, char **name)
{
	char *full = xasprintf("pin.%s", img->path);
	const char *v = fix_value(c, full);
	if (v) {
		*name = full;
		return v;
	}
	free(full);
	*name = xasprintf("pin.%s", short_name(img->path));
	return fix_value(c, *name);
}

/* Replace the tag (or digest, for a sha256: value) of the image written in [s, e). */
void fix_df_retag(struct fix *f, const char *path, const char *d, size_t s, size_t e, const char *value)
{
	size_t at = e, tag = e;
	for (size_t p = s; p < e; p++)
		if (d[p] == '@') {
			at = p;
			break;
		}
	for (size_t p = at; p-- > s && d[p] != '/';)
		if (d[p] == ':') {
			tag = p;
			break;
		}
	if (str_starts(value, "sha256:")) {
		char *t = xasprintf("@%s", value);
		fix_edit(f, path, at, e, t);
		free(t);
		return;
	}
	if (*value == ':' || *value == '@')
		value++;
	{
		char *t = xasprintf(":%s", value);
		fix_edit(f, path, tag < at ? tag : at, at, t);   /* a digest, if any, stays */
		free(t);
	}
}

/*
 * A FROM whose tag is written with a global ARG (`python:${PY_VERSION}-slim`):
 * the ARG's default is what a pin edits. The pair of that ARG (NULL when the
 * repository part has a variable too, or the ARG has no default), and the
 * literal text around the variable in the tag (*pre, *post, malloc'd).
 */
static const struct df_pair *tag_arg(const struct df_file *df, const struct df_stage *st, char **pre, char **post)
{
	const char *img = st->image, *colon = NULL, *d, *name, *end;
	size_t nl;
	*pre = *post = NULL;
	for (const char *p = img; *p; p++)
		if (*p == ':' && !strchr(p, '/'))
			colon = p;
	if (!colon || memchr(img, '$', (size_t)(colon - img)) || strchr(img, '@') || !(d = strchr(colon, '$')) ||
	    strchr(d + 1, '$'))
		return NULL;
	name = d + 1 + (d[1] == '{');
	nl = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
	end = name + nl;
	if (d[1] == '{') {
		if (*end != '}')
			return NULL;    /* ${X:-default} and friends: left to the author */
		end++;
	}
	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct df_instr *in = &df->instrs[i];
		if (in->kind != DF_ARG || in->stage >= 0)
			continue;
		for (size_t k = 0; k < in->npairs; k++)
			if (strlen(in->pairs[k].key) == nl && !strncmp(in->pairs[k].key, name, nl) && in->pairs[k].value &&
			    in->pairs[k].value_span.end > in->pairs[k].value_span.start) {
				*pre = xstrndup(colon + 1, (size_t)(d - colon - 1));
				*post = xstrdup(end);
				return &in->pairs[k];
			}
	}
	return NULL;
}

static int image_stage(const struct df_file *df, size_t s, struct dfa_image *img)
{
	const struct df_stage *st = &df->stages[s];
	memset(img, 0, sizeof(*img));
	if (st->parent >= 0 || !st->image_resolved || str_ieq(st->image_resolved, "scratch"))
		return 0;
	if (strchr(st->image, '$')) {
		char *pre, *post;
		const struct df_pair *a = tag_arg(df, st, &pre, &post);
		free(pre);
		free(post);
		if (!a)
			return 0;
	}
	dfa_image_parse(img, st->image_resolved);
	return img->path != NULL;
}

void fix_df_pin(struct fix_ctx *c)
{
	const struct df_file *df = c->df;
	size_t groups = 0;
	for (size_t s = 0; s < df->nstages; s++) {
		struct dfa_image img;
		struct fix *f = NULL;
		char *name = NULL;
		const char *v;
		int first = 1;
		if (!image_stage(df, s, &img) || dfa_pin_classify(&img) <= DFA_PIN_INFO) {
			dfa_image_free(&img);
			continue;
		}
		/* one fix per image name, for every stage that uses it; earlier stages did it already */
		for (size_t k = 0; k < s && first; k++) {
			struct dfa_image o;
			if (image_stage(df, k, &o) && strcmp(o.path, img.path) == 0 && dfa_pin_classify(&o) > DFA_PIN_INFO)
				first = 0;
			dfa_image_free(&o);
		}
		if (first) {
			v = pin_value(c, &img, &name);
			f = fix_new(c, ITEM_SEC_PINNED_BASE, "pin-base", "pin %s to a full version", img.path);
			f->value_name = name;
			f->value_default = img.tag ? xstrdup(img.tag) : NULL;
			f->needs_value = !v || !*v;
			f->value = v && *v ? xstrdup(v) : NULL;
			groups++;
			if (v && *v) {
				char *why = fix_pin_check(img.path, img.tag, v);
				if (why) {
					fix_withhold(f, "withheld: %s", why);
					free(why);
					v = NULL;
				} else
					fix_set_note(f, "review: pins %s to %s (the same variant and major version%s)",
						     img.path, v, str_starts(v, "sha256:") ? "; a digest: berth cannot "
						     "read its variant, check it" : "");
			} else
				fix_set_note(f, "needs a value: --set %s=<a full version of the same variant>", name);
			for (size_t k = s; v && *v && k < df->nstages; k++) {
				struct dfa_image o;
				char *pre = NULL, *post = NULL;
				const struct df_pair *a;
				if (!image_stage(df, k, &o) || strcmp(o.path, img.path) != 0) {
					dfa_image_free(&o);
					continue;
				}
				dfa_image_free(&o);
				if (!strchr(df->stages[k].image, '$')) {
					fix_df_retag(f, c->in->path, df->data, df->stages[k].image_span.start,
						     df->stages[k].image_span.end, v);
					continue;
				}
				/* FROM image:${ARG}: the ARG's default takes the pin (CHECKLIST.md, Values) */
				a = tag_arg(df, &df->stages[k], &pre, &post);
				if (a && str_starts(v, pre) && strlen(v) >= strlen(pre) + strlen(post) &&
				    str_ends(v, post) && strlen(v) > strlen(pre) + strlen(post)) {
					char *mid = xstrndup(v + strlen(pre), strlen(v) - strlen(pre) - strlen(post));
					int edited = 0;
					for (size_t e = 0; f->nchanges && e < f->changes[0].nedits; e++)
						edited |= f->changes[0].edits[e].start == a->value_span.start;
					if (!edited)
						fix_edit(f, c->in->path, a->value_span.start, a->value_span.end, mid);
					free(mid);
				} else if (a) {
					fix_withhold(f, "withheld: the tag is written %s${%s}%s: a pin %s does not fit it; "
						     "set the ARG's default yourself", pre, a->key, post, v);
					v = NULL;
				}
				free(pre);
				free(post);
			}
		}
		dfa_image_free(&img);
	}
	for (size_t i = 0; groups > 1 && i < c->nfixes; i++)
		c->fixes[i].partial = 1;
}

void fix_df_minimal(struct fix_ctx *c)
{
	int root = fix_df_chain_root(c->df);
	struct dfa_image img;
	struct fix *f;
	char *name = NULL;
	const char *v, *family;
	int slim, alpine;
	if (root < 0 || !image_stage(c->df, (size_t)root, &img)) {
		if (root >= 0)
			dfa_image_free(&img);
		return;
	}
	if (img.tag && (strstr(img.tag, "slim") || strstr(img.tag, "alpine"))) {
		dfa_image_free(&img);
		return;
	}
	v = pin_value(c, &img, &name);
	f = fix_new(c, ITEM_SEC_MINIMAL_BASE, "minimal-base", "use a slim variant of %s", img.path);
	if (strchr(c->df->stages[root].image, '$')) {
		f->value_name = name;
		fix_withhold(f, "withheld: the tag is written with a build argument: choose the variant there");
		dfa_image_free(&img);
		return;
	}
	f->value_name = name;
	/* never suggest a tag family the image facts say does not exist */
	fix_image_variants(c->in->cfg, c->df->stages[root].image, &slim, &alpine);
	if (slim == 0 && alpine != 1) {
		fix_withhold(f, "withheld: the image facts say %s has no slim or alpine variant: a smaller base is "
			     "another image (a runtime-only one, distroless)", img.path);
		dfa_image_free(&img);
		return;
	}
	family = slim == 0 ? "alpine" : "slim";
	f->value_default = img.tag && strcmp(img.tag, "latest") != 0 ? xasprintf("%s-%s", img.tag, family)
								     : xstrdup(family);
	if (slim == 0 && (!v || !*v))
		fix_set_note(f, "needs a value: --set %s=<an alpine tag>; the image facts say %s has no slim variant "
			     "(alpine uses musl, not glibc: check native modules)", name, img.path);
	f->needs_value = !v || !*v;
	if (v && *v) {
		f->value = xstrdup(v);
		fix_df_retag(f, c->in->path, c->df->data, c->df->stages[root].image_span.start,
			     c->df->stages[root].image_span.end, v);
	}
	dfa_image_free(&img);
}

/* --- CHECKLIST.md "Fixes", Values: a pin keeps the variant and major version --- */

/* The leading version of a tag ("3.11.11" of "3.11.11-slim", "v2.10" of "v2.10-x"): its length. */
static size_t version_len(const char *t)
{
	size_t n = (t[0] == 'v' && t[1] >= '0' && t[1] <= '9') ? 1 : 0;
	if (!(t[n] >= '0' && t[n] <= '9'))
		return 0;
	while ((t[n] >= '0' && t[n] <= '9') || t[n] == '.')
		n++;
	return n;
}

/* The variant words of a tag: its '-'-separated words after the version, letters only ("slim", "alpine"). */
static void variant_of(const char *tag, struct buf *out)
{
	const char *p = tag + version_len(tag);
	while (*p) {
		size_t n = strcspn(p, "-_"), k = 0;
		while (k < n && ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z')))
			k++;
		if (k)
			buf_printf(out, " %.*s ", (int)k, p);
		p += n;
		p += *p != '\0';
	}
}

/* Every word of `a` is in `b` (both as variant_of writes them). */
static int words_in(const char *a, const char *b)
{
	for (const char *p = a; *p;) {
		const char *e;
		char *w;
		int ok;
		p += strspn(p, " ");
		if (!*p)
			break;
		e = p + strcspn(p, " ");
		w = xasprintf(" %.*s ", (int)(e - p), p);
		ok = strstr(b, w) != NULL;
		free(w);
		if (!ok)
			return 0;
		p = e;
	}
	return 1;
}

char *fix_pin_check(const char *image, const char *old_tag, const char *value)
{
	struct dfa_image img;
	struct buf ov = BUF_INIT, nv = BUF_INIT;
	char *ref, *why = NULL;
	const char *old = old_tag && *old_tag ? old_tag : "latest";
	size_t ol, nl;
	if (str_starts(value, "sha256:") || value[0] == '@')
		return NULL;    /* a digest: berth cannot read its variant; the note says so */
	if (*value == ':')
		value++;
	ref = xasprintf("%s:%s", image, value);
	dfa_image_parse(&img, ref);
	if (dfa_pin_classify(&img) > DFA_PIN_INFO)
		why = xasprintf("%s is not a pinned tag (a full version such as 3.11.11-slim, a date stamp "
				"or a digest)", value);
	dfa_image_free(&img);
	free(ref);
	if (why)
		return why;
	if (strcmp(old, "latest") != 0)
		variant_of(old, &ov);
	variant_of(value, &nv);
	/*
	 * Every word of the old variant stays, and the only word a pin may add is
	 * "slim": the same distribution and libc, smaller (what sec.minimal-base
	 * asks for, so one value serves both items); alpine would swap glibc for musl.
	 */
	{
		/* from `latest` (no version to hold the major to) nothing may be added */
		char *allowed = version_len(old) ? xasprintf("%s slim ", ov.len ? buf_str(&ov) : " ")
						 : xstrdup(buf_str(&ov));
		int keeps = words_in(buf_str(&ov), buf_str(&nv)) && words_in(buf_str(&nv), allowed);
		free(allowed);
		if (!keeps)
			why = xasprintf("%s changes the variant of %s (%s -> %s): pick a tag of the same variant",
					value, old, ov.len ? buf_str(&ov) + 1 : "default ",
					nv.len ? buf_str(&nv) + 1 : "default ");
	}
	ol = version_len(old);
	nl = version_len(value);
	if (!why && ol) {
		size_t om = strcspn(old, "."), nm = strcspn(value, ".");
		if (om > ol)
			om = ol;
		if (nm > nl)
			nm = nl;
		if (om != nm || strncmp(old, value, om) != 0)
			why = xasprintf("%s changes the major version of %s: pick a tag of the same major "
					"version", value, old);
	}
	buf_free(&ov);
	buf_free(&nv);
	return why;
}
