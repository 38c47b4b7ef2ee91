/* check_sec - the Security items of CHECKLIST.md. */
#include "dfa.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_facts.h"
#include "check_memo.h"
#include "dfcheck.h"
#include "util.h"

/* ---- hooks for what other parts will know ---- */


/* Longest image name compared with the project images; longer ones are never project images. */
#define SEC_IMAGE_NAME_MAX 512

/* 1 when the repository itself builds `img` (Compose build+image, bake tags, docker build -t: the scan's list). */
static int project_image(const struct audit *au, const struct dfa_image *img)
{
	char name[SEC_IMAGE_NAME_MAX];
	int n;
	size_t lo = 0, hi = au->nproject_images;
	char ref[CHECK_FACTS_REF_MAX];
	if (!hi || !img->path)
		return 0;
	/*
	 * A Docker official image berth has facts for (alpine, python) is that
	 * image even where a file tags a build with its bare name (docker/compose's
	 * test fixtures build `image: alpine`): `FROM alpine:latest` elsewhere in
	 * the repository is still judged. Beyond CHECKLIST.md revision 4.
	 */
	if (!img->registry && !strchr(img->path, '/') &&
	    facts_known(au->cfg, check_facts_ref(img, ref, sizeof(ref))) == FACT_YES)
		return 0;
	n = snprintf(name, sizeof(name), "%s%s%s", img->registry ? img->registry : "", img->registry ? "/" : "", img->path);
	if (n < 0 || (size_t)n >= sizeof(name))
		return 0;
	for (char *c = name; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(au->project_images[mid], name);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * The namespace of an image name as written (`searxng` in
 * `localhost/searxng/searxng` or `searxng/base`): the first path component
 * after a registry, when the path has two or more. Docker's own `library`
 * is nobody's. 1 when there is one, copied to `out`.
 */
static int image_namespace(const char *name, char *out, size_t outsz)
{
	const char *slash = strchr(name, '/'), *end;
	size_t n;
	if (!slash)
		return 0;
	n = (size_t)(slash - name);
	/* a first component with a dot or a port, or localhost, is a registry */
	if (memchr(name, '.', n) || memchr(name, ':', n) || (n == 9 && !strncasecmp(name, "localhost", 9))) {
		name = slash + 1;
		if (!(slash = strchr(name, '/')))
			return 0;
	}
	end = slash;
	n = (size_t)(end - name);
	if (!n || n >= outsz || (n == 7 && !strncasecmp(name, "library", 7)))
		return 0;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)name[i]);
	out[n] = '\0';
	return 1;
}

/*
 * The project's own base image (beyond CHECKLIST.md revision 4, holdout
 * searxng): `img` is in the namespace of an image the repository itself
 * builds and publishes (`searxng/base:searxng` where the scan's project
 * images hold `searxng/searxng`). Its channel tag is the project's choice,
 * moved by its own releases (`latest` is not a channel: the caller keeps
 * judging it). The namespace goes to `ns`.
 */
static int own_namespace(const struct audit *au, const struct dfa_image *img, char *ns, size_t nssz)
{
	char mine[SEC_IMAGE_NAME_MAX];
	if (!img->path || !image_namespace(img->path, ns, nssz))
		return 0;
	for (size_t i = 0; i < au->nproject_images; i++)
		if (image_namespace(au->project_images[i], mine, sizeof(mine)) && !strcmp(mine, ns))
			return 1;
	return 0;
}

/* The image facts' default user of `img`: 1 non-root, 0 root, -1 unknown. */
static int image_user_nonroot(const struct audit *au, const struct dfa_image *img)
{
	char ref[CHECK_FACTS_REF_MAX];
	return facts_user_nonroot(au->cfg, check_facts_ref(img, ref, sizeof(ref)), NULL);
}

/*
 * The tool with which the final image's own entrypoint, starting as root,
 * drops privileges (image facts), else NULL. Only while the file keeps that
 * entrypoint: an ENTRYPOINT of the final chain replaces it.
 */
static const char *image_drops_privileges(const struct audit *au, const struct dfa *a)
{
	char ref[CHECK_FACTS_REF_MAX];
	const char *how = NULL;
	if (a->eff.idx[1] >= 0)
		return NULL;
	return facts_drops_privileges(au->cfg, check_facts_ref(a->final_image, ref, sizeof(ref)), &how) == FACT_YES
	       ? how : NULL;
}

/* 1 when the image facts give `img` a HEALTHCHECK of its own (an image built FROM it inherits it). */
static int image_has_healthcheck(const struct audit *au, const struct dfa_image *img)
{
	char ref[CHECK_FACTS_REF_MAX];
	return facts_healthcheck(au->cfg, check_facts_ref(img, ref, sizeof(ref))) == FACT_YES;
}

/* 1 when the image facts say the tag family of `img` has no slim or alpine variant; no or unknown: 0. */
static int image_no_slim_variant(const struct audit *au, const struct dfa_image *img)
{
	char ref[CHECK_FACTS_REF_MAX];
	return facts_no_slim_variant(au->cfg, check_facts_ref(img, ref, sizeof(ref))) == FACT_YES;
}

/* ---- sec.pinned-base ---- */

/* The last path component of an image as written has no tag or digest, and no variable that could hold one. */
static int untagged_text(const char *image)
{
	const char *last = strrchr(image, '/');
	last = last ? last + 1 : image;
	return *last && !strpbrk(last, ":@$");
}

static void pin_stage(struct audit *au, const struct dfa *a, size_t i)
{
	const struct df_stage *st = &a->df->stages[i];
	const struct dfa_image *img = &a->images[i];
	struct df_span sp = st->image_span;
	const char *ref = st->image_resolved, *ctxv;
	char bad[DFA_NAME_MAX];
	if (!ref || !img->path) {
		/* FROM ${REGISTRY}/name has no tag whatever the variable holds */
		if (untagged_text(st->image)) {
			audit_add(au, ITEM_SEC_PINNED_BASE, SEV_ERROR, "latest", sp.start, sp.end, FIX_VALUE,
				  "`%s` has no tag (latest) whatever the variable holds: every build may get a different image; pin a full version such as x.y.z or a digest",
				  st->image);
			return;
		}
		if (dfa_from_unset(a, st->image, bad, sizeof(bad)) && audit_build_supplies(au, bad))
			audit_add(au, ITEM_SEC_PINNED_BASE, SEV_INFO, "unresolved-image", sp.start, sp.end, FIX_VALUE,
				  "the image `%s` takes %s from the build: check that the build passes a pinned value", st->image, bad);
		else
			audit_add(au, ITEM_SEC_PINNED_BASE, SEV_WARNING, "unresolved-image", sp.start, sp.end, FIX_VALUE,
				  "the image `%s` uses a variable without a default: which version is built is unknown; give the ARG a pinned default",
				  st->image);
		return;
	}
	if (project_image(au, img))
		return;         /* the repository builds it: its version is the build's */
	if (!img->registry && !img->tag && !img->digest && (ctxv = audit_named_context(au, ref)) != NULL) {
		audit_add(au, ITEM_SEC_PINNED_BASE, SEV_INFO, "named-context", sp.start, sp.end, FIX_NONE,
			  "`%s` is a named context the build supplies (%s): its pin is the build's", ref,
			  *ctxv ? ctxv : "--build-context");
		return;
	}
	/* a named channel only: `latest` or no tag stays judged (minio's FROM minio/minio:latest, REVIEW.md) */
	if (dfa_pin_classify(img) == DFA_PIN_WARNING && own_namespace(au, img, bad, sizeof(bad))) {
		audit_add(au, ITEM_SEC_PINNED_BASE, SEV_INFO, "own-base-image", sp.start, sp.end, FIX_VALUE,
			  "`%s` is the project's own base image (the `%s` namespace it publishes to): its channel tag is the project's choice; a digest would still pin each build",
			  ref, bad);
		return;
	}
	switch (dfa_pin_classify(img)) {
	case DFA_PIN_ERROR:
		audit_add(au, ITEM_SEC_PINNED_BASE, SEV_ERROR, "latest", sp.start, sp.end, FIX_VALUE,
			  "`%s` %s: every build may get a different image; pin a full version such as x.y.z or a digest",
			  ref, img->tag ? "uses the latest tag" : "has no tag (latest)");
		break;
	case DFA_PIN_WARNING:
		audit_add(au, ITEM_SEC_PINNED_BASE, SEV_WARNING, "unpinned-tag", sp.start, sp.end, FIX_VALUE,
			  "`%s` is a moving tag: pin a full version (x.y.z), a date-stamped tag or a digest", ref);
		break;
	case DFA_PIN_INFO:
		audit_add(au, ITEM_SEC_PINNED_BASE, SEV_INFO, "point-release", sp.start, sp.end, FIX_VALUE,
			  "`%s` names a point release, which still receives rebuilds; a digest pins it fully", ref);
		break;
	default:
		break;
	}
}

/*
 * Stage j's FROM writes the same image as stage i's: through a variable, one
 * ARG default decides both; as a literal (halo's `eclipse-temurin:21-jre` in
 * its builder and final stages), one pin, which the fix writes in both.
 */
static int same_image(const struct dfa *a, size_t i, size_t j)
{
	const struct df_stage *x = &a->df->stages[i], *y = &a->df->stages[j];
	return a->external[j] && x->image && y->image && strcmp(x->image, y->image) == 0;
}

/*
 * A FROM image written the same in several stages, through a variable
 * (`node:${NODE_IMAGE_VERSION}`, umami) or as a literal (halo; beyond
 * CHECKLIST.md revision 4), is one problem with one fix: judged at the first
 * such FROM, whose finding names the others.
 */
static void check_pinned(struct audit *au, const struct dfa *a)
{
	for (size_t i = 0; i < a->df->nstages; i++) {
		size_t before = au->res->nfindings, j, n, later = 0;
		struct buf also = BUF_INIT;
		if (!a->external[i])
			continue;
		audit_applies(au, ITEM_SEC_PINNED_BASE);
		for (j = 0; j < i && !same_image(a, i, j); j++)
			;
		if (j < i)
			continue;       /* judged at the first */
		pin_stage(au, a, i);
		if (au->res->nfindings == before)
			continue;
		for (j = i + 1; j < a->df->nstages; j++)
			if (same_image(a, i, j))
				later++;
		for (j = i + 1, n = 0; j < a->df->nstages; j++)
			if (same_image(a, i, j)) {
				buf_printf(&also, "%s%d", n == 0 ? "" : n + 1 == later ? " and " : ", ",
					   a->df->instrs[a->df->stages[j].first].line);
				n++;
			}
		if (also.len) {
			struct finding *f = &au->res->findings[au->res->nfindings - 1];
			char *m = xasprintf("%s; the FROM%s at line%s %s use%s the same `%s`: %s",
					    f->message, later > 1 ? "s" : "", later > 1 ? "s" : "", buf_str(&also),
					    later > 1 ? "" : "s", a->df->stages[i].image,
					    strchr(a->df->stages[i].image, '$') ? "one build argument default to fix" :
					    "one image to pin, in every FROM");
			free(f->message);
			f->message = m;
		}
		buf_free(&also);
	}
}

/* ---- sec.non-root ---- */

/* Bytes of a sibling Dockerfile read to find its FROM or USER lines, at most. */
#define SEC_MAX_SIBLING (256 * 1024)
/* Longest sibling path kept for a message (a longer one is cut). */
#define SEC_PATH_MAX 512
/* Bytes of an entrypoint script read, at most (CHECKLIST.md "Image facts"). */
#define SEC_MAX_SCRIPT (256 * 1024)
/* Stages followed back through FROM <stage> when tracing a COPY --from source to the context. */
#define SEC_STAGE_DEPTH_MAX 16

/* A privilege-dropping tool named as a word of the text, or NULL. */
static const char *const DROP_TOOLS[] = { "gosu", "su-exec", "setpriv", "s6-setuidgid", "chpst", "runuser", NULL };
/*
 * Beyond revision 4 (HOLDOUT6-10 "drops-privileges": plane, excalidraw,
 * snipe-it, Wallos, librespeed, Part-DB): servers whose master starts as
 * root and runs the workers that serve as an unprivileged user of their own.
 * Sources: docker-library/httpd 9b63b37 2.4/Dockerfile (httpd.conf `User`
 * daemon -> www-data, CMD httpd-foreground); docker-library/php 445bf41
 * Dockerfile-linux.template (--with-fpm-user=www-data; APACHE_RUN_USER
 * www-data for apache2-foreground). Not nginx: its master also starts as
 * root, but the official nginxinc/nginx-unprivileged image serves the same
 * without root, so a reviewer still asks for it (test_check_facts.c).
 */
static const char *const SERVER_DROPS[] = { "apache2-foreground", "httpd-foreground", "php-fpm", NULL };

/* The first word of `tools` in data, as a whole word (php-fpm also with a version: php-fpm82, php-fpm8.3). */
static const char *word_in(const char *data, size_t len, const char *const *tools)
{
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (isalnum((unsigned char)data[i - 1]) || data[i - 1] == '-' || data[i - 1] == '_'))
			continue;
		for (const char *const *t = tools; *t; t++) {
			size_t n = strlen(*t);
			size_t e = i + n;
			if (e > len || memcmp(data + i, *t, n))
				continue;
			if (!strcmp(*t, "php-fpm"))
				while (e < len && (isdigit((unsigned char)data[e]) || data[e] == '.'))
					e++;
			if (e == len || !(isalnum((unsigned char)data[e]) || data[e] == '-' || data[e] == '_'))
				return *t;
		}
	}
	return NULL;
}


/*
 * The absolute form of COPY destination `dest` under the WORKDIR `wd` (an
 * absolute path, or NULL when unknown): `./` under /app is `/app/`. A folder
 * destination (ending in `/`, or `.`) keeps its trailing slash. NULL when it
 * cannot be known.
 */
static char *absolute_dest(const char *wd, const char *dest)
{
	size_t dl = strlen(dest);
	int folder = dl && (dest[dl - 1] == '/' || !strcmp(dest, ".") || (dl >= 2 && !strcmp(dest + dl - 2, "/.")));
	char *norm, *out;
	if (dest[0] == '/')
		return xstrdup(dest);
	if (!wd || wd[0] != '/')
		return NULL;
	while (*wd == '/')
		wd++;
	norm = path_join_norm(wd, dest);
	if (!norm)
		return NULL;
	out = xasprintf("/%s%s", norm, folder && *norm ? "/" : "");
	free(norm);
	return out;
}

/* The WORKDIR after instruction i given the one before (`wd`, malloc'd or NULL for unknown); malloc'd or NULL. */
static char *next_workdir(const struct dfa *a, size_t i, char *wd)
{
	int unresolved = 0;
	char *d = dfa_expand(a, i, dfa_instr_text(&a->df->instrs[i]), &unresolved), *next;
	if (unresolved || !*d)
		next = NULL;
	else if (d[0] == '/')
		next = absolute_dest(NULL, d);
	else
		next = absolute_dest(wd, d);    /* no WORKDIR yet: the base image's, unknown */
	free(d);
	free(wd);
	return next;
}

/* The stage of the file `COPY --from=ref` names (by name, case-insensitive, or index), or -1. */
static int named_stage(const struct df_file *df, const char *ref)
{
	char *end = NULL;
	long v;
	for (size_t s = 0; s < df->nstages; s++)
		if (df->stages[s].name && str_ieq(df->stages[s].name, ref))
			return (int)s;
	v = strtol(ref, &end, 10);
	return end && end != ref && *end == '\0' && v >= 0 && (size_t)v < df->nstages ? (int)v : -1;
}

/*
 * Beyond revision 4's wording, to keep its rule (tests/realworld/HOLDOUT4.md,
 * memos' scripts/Dockerfile: `COPY . .` under `WORKDIR /backend-build` in the
 * backend stage, then `COPY --from=backend /backend-build/scripts/entrypoint.sh
 * /usr/local/memos/entrypoint.sh`): where in the build context the file at
 * absolute path `abs` of stage `st` came from, by the last COPY/ADD of that
 * stage (or the stages it is FROM) that wrote it; malloc'd, NULL when no
 * such COPY is known or a part of it is unknown.
 */
/*
 * The context file behind image path `abs` when COPY source `src` is a
 * folder of the build context copied whole to `dest` (with or without its
 * trailing slash): `COPY . /backend-build/`, `COPY ./scripts/docker
 * /app/docker`. malloc'd, or NULL when src is no folder (*dir 0) or abs is not under dest.
 */
static char *under_copied_dir(const struct dfa *a, const char *src, const char *dest, const char *abs, int *dir)
{
	size_t dl = strlen(dest), bl = dl && dest[dl - 1] == '/' ? dl - 1 : dl;
	char *ctx = dfa_context(a, 0), *cp = path_join_norm(ctx, src), *found = NULL;
	*dir = cp && fs_stat(a->fs, cp) == FS_DIR;
	if (*dir && !strncmp(abs, dest, bl) && abs[bl] == '/' && abs[bl + 1])
		found = path_join_norm(src, abs + bl + 1);
	free(cp);
	free(ctx);
	return found;
}

static char *stage_source(const struct dfa *a, int st, const char *abs, int depth)
{
	const struct df_stage *sg;
	char *wd = NULL, *found = NULL;
	if (st < 0 || depth > SEC_STAGE_DEPTH_MAX)
		return NULL;
	sg = &a->df->stages[st];
	if (sg->parent >= 0)
		found = stage_source(a, sg->parent, abs, depth + 1);
	for (size_t i = sg->first + 1; i < sg->first + sg->count; i++) {
		const struct df_instr *in = &a->df->instrs[i];
		const char *src[DFA_MAX_SOURCES], *raw;
		struct df_span sp[DFA_MAX_SOURCES], dsp;
		char *dest;
		size_t n, dl;
		int unresolved = 0;
		if (in->kind == DF_WORKDIR) {
			wd = next_workdir(a, i, wd);
			continue;
		}
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || df_flag_get(in, "from") || !(raw = dfa_copy_dest(in, &dsp)))
			continue;
		dest = dfa_expand(a, i, raw, &unresolved);
		if (!unresolved) {
			char *d = absolute_dest(wd, dest);
			free(dest);
			dest = d;
		} else {
			free(dest);
			dest = NULL;
		}
		if (!dest)
			continue;
		dl = strlen(dest);
		n = dfa_copy_sources(in, src, sp, DFA_MAX_SOURCES);
		for (size_t k = 0; k < n; k++) {
			char *in_dir;
			int dir;
			if (strpbrk(src[k], "$*?["))
				continue;
			/* COPY . /backend-build/ (or without the slash): the folder's content lands under dest */
			if ((in_dir = under_copied_dir(a, src[k], dest, abs, &dir)) != NULL) {
				free(found);
				found = in_dir;
			} else if (!dir && ((dl && dest[dl - 1] == '/' && !strncmp(abs, dest, dl) &&
				    !strcmp(abs + dl, str_basename(src[k]))) || !strcmp(abs, dest))) {
				free(found);
				found = xstrdup(src[k]);
			}
		}
		free(dest);
	}
	free(wd);
	return found;
}

/*
 * A program named bare (`ENTRYPOINT ["tini", "--", "entrypoint.sh"]`) that
 * the shell finds through PATH: COPY gave it that name in one of the
 * folders of the default PATH (dragonfly: `COPY tools/docker/entrypoint.sh
 * /usr/local/bin/entrypoint.sh`, HOLDOUT14).
 */
static int on_path(const char *dest, const char *prog)
{
	static const char *const dirs[] = { "/usr/local/sbin/", "/usr/local/bin/", "/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/", NULL };
	if (strchr(prog, '/'))
		return 0;
	for (const char *const *d = dirs; *d; d++) {
		size_t n = strlen(*d);
		if (!strncmp(dest, *d, n) && !strcmp(dest + n, prog))
			return 1;
	}
	return 0;
}

/*
 * The repository's entrypoint: when the program the image runs was brought
 * by a COPY/ADD of the final chain from the build context, read it and say
 * which privilege-dropping tool it runs (or NULL). A relative destination is
 * resolved against the WORKDIR in force (lldap: `WORKDIR /app`, `COPY
 * docker-entrypoint.sh ./`, `ENTRYPOINT ["/app/docker-entrypoint.sh"]`); the
 * WORKDIR a base image berth cannot see sets is unknown, so before the file's
 * own first WORKDIR a relative destination is matched only as written.
 */
static const char *script_drops(const struct dfa *a, char *buf, size_t bufsz, const char *const *tools)
{
	const char *prog = dfa_entry_program(a), *found = NULL;
	char *wd = NULL;
	if (!prog || !a->fs)
		return NULL;
	for (size_t k = 0; k < a->nchain_instrs && !found; k++) {
		const struct df_instr *in = &a->df->instrs[a->chain_instrs[k]];
		const char *src[DFA_MAX_SOURCES], *raw;
		char *dest, *abs, *traced = NULL;
		const char *from;
		const struct df_flag *fl;
		struct df_span sp[DFA_MAX_SOURCES], dsp;
		size_t n;
		int unresolved = 0, from_stage;
		if (in->kind == DF_WORKDIR) {
			wd = next_workdir(a, a->chain_instrs[k], wd);
			continue;
		}
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || !(raw = dfa_copy_dest(in, &dsp)))
			continue;
		fl = df_flag_get(in, "from");
		from = fl ? (fl->value ? fl->value : "") : NULL;
		from_stage = from ? named_stage(a->df, from) : -1;
		if (from && from_stage < 0)
			continue;
		/* COPY ./docker/entry.sh $MEALIE_HOME/run.sh: the destination as the build sees it */
		dest = dfa_expand(a, a->chain_instrs[k], raw, &unresolved);
		if (unresolved) {
			free(dest);
			dest = xstrdup(raw);    /* an unknown part: matched only as written */
		} else if ((abs = absolute_dest(wd, dest))) {
			free(dest);
			dest = abs;
		}
		n = dfa_copy_sources(in, src, sp, DFA_MAX_SOURCES);
		for (size_t i = 0; i < n && !found; i++) {
			const char *base = str_basename(src[i]);
			size_t dl = strlen(dest);
			/* COPY x.sh /usr/local/bin/ then ENTRYPOINT ["x.sh"] or the full path; or COPY x.sh /entrypoint.sh */
			int hit = !strcmp(dest, prog) ||
				  (dl && dest[dl - 1] == '/' && (!strcmp(str_basename(prog), base) || !strcmp(prog, base)) &&
				   (!strchr(prog, '/') || (!strncmp(prog, dest, dl) && !strcmp(prog + dl, base)))) ||
				  on_path(dest, prog);
			if (strpbrk(src[i], "$*?["))
				continue;
			/*
			 * A context folder copied whole (pocket-id: `COPY ./scripts/docker /app/docker`,
			 * `ENTRYPOINT ["sh", "/app/docker/entrypoint.sh"]`): the program is the file
			 * under it, with or without the destination's trailing slash.
			 */
			if (!hit && !from && prog[0] == '/' && dest[0] == '/') {
				int dir;
				hit = (traced = under_copied_dir(a, src[i], dest, prog, &dir)) != NULL;
			}
			if (!hit)
				continue;
			/* COPY --from=STAGE: the file that stage copied from the context, when it did */
			if (from && !(traced = stage_source(a, from_stage, src[i], 0)))
				continue;
			for (size_t c = 0; c < (a->ncontexts ? a->ncontexts : 1) && !found; c++) {
				char *ctx = dfa_context(a, c), *path = path_join_norm(ctx, traced ? traced : src[i]), *data = NULL;
				size_t len = 0;
				if (path && fs_read(a->fs, path, &data, &len) == 0) {
					const char *t = word_in(data, len < SEC_MAX_SCRIPT ? len : SEC_MAX_SCRIPT, tools);
					if (t) {
						snprintf(buf, bufsz, "%s", t);
						found = buf;
					}
				}
				free(data);
				free(path);
				free(ctx);
			}
			free(traced);
			traced = NULL;
		}
		free(dest);
	}
	free(wd);
	return found;
}

/* Bytes of a supervisord config read, at most (a larger one is not read). */
#define SEC_MAX_SUPERVISOR_CONF (256 * 1024)
/* Longest user name kept for a message. */
#define SEC_USER_MAX 64

/* A user value that is root: `root`, `0`, `root:…`, `0:…`. */
static int root_value(const char *v, size_t n)
{
	size_t k = 0;
	while (k < n && v[k] != ':')
		k++;
	return (k == 4 && !strncmp(v, "root", 4)) || (k == 1 && v[0] == '0');
}

/*
 * A supervisord config whose every process section (`[program:x]`,
 * `[fcgi-program:x]`, `[eventlistener:x]`) sets a non-root `user=`; the first
 * such user goes to `user`. 0 when a section has none, or root, or there is
 * no section.
 */
static int supervisor_all_nonroot(const char *data, size_t len, char *user, size_t usz)
{
	int nprog = 0, in_prog = 0, ok = 1;
	const char *end = data + len;
	for (const char *l = data; l < end && ok;) {
		const char *e = memchr(l, '\n', (size_t)(end - l)), *v;
		size_t n;
		if (!e)
			e = end;
		while (l < e && (*l == ' ' || *l == '\t'))
			l++;
		if (*l == '[' && l < e) {
			if (in_prog == 1)
				ok = 0;         /* the previous process section set no user */
			in_prog = (!strncmp(l, "[program:", 9) || !strncmp(l, "[fcgi-program:", 14) ||
				   !strncmp(l, "[eventlistener:", 15)) ? 1 : 0;
			nprog += in_prog;
		} else if (in_prog && (size_t)(e - l) > 4 && !strncmp(l, "user", 4) && (l[4] == '=' || l[4] == ' ' || l[4] == '\t')) {
			v = l + 4;
			while (v < e && (*v == ' ' || *v == '\t' || *v == '='))
				v++;
			n = strcspn(v, " \t\r\n;#");
			if (v + n > e)
				n = (size_t)(e - v);
			if (!n || root_value(v, n) || memchr(v, '%', n))
				ok = 0;         /* root, or a value supervisord expands from the environment */
			else if (!*user)
				snprintf(user, usz, "%.*s", (int)n, v);
			in_prog = 2;    /* this section has its user */
		}
		l = e + 1;
	}
	return ok && in_prog != 1 && nprog > 0;
}

/* The final chain names supervisor in a RUN, CMD or ENTRYPOINT (installs or starts it). */
static int chain_names_supervisor(const struct dfa *a)
{
	for (size_t k = 0; k < a->nchain_instrs; k++) {
		const struct df_instr *in = &a->df->instrs[a->chain_instrs[k]];
		if ((in->kind == DF_RUN || in->kind == DF_CMD || in->kind == DF_ENTRYPOINT) && in->args &&
		    strstr(in->args, "supervisor"))
			return 1;
	}
	return 0;
}

/*
 * BEYOND REVISION 4 (a CEO-level question; HOLDOUT5 pattern 5, Yamtrack;
 * HOLDOUT3 pattern 2): supervisord starts as root and runs each program as
 * the `user=` its config gives. When the final chain copies supervisord
 * configs from the build context (a source or destination naming
 * `supervisor`), names supervisor in a RUN, CMD or ENTRYPOINT, and every
 * process section of every such config runs as a non-root user, the app
 * serves as that user: `buf` gets "supervisord (…)". NULL otherwise. LIMIT:
 * only configs copied as files are read (a folder copied whole is not
 * listed); an include of another file is not followed.
 */
static const char *supervisor_drops(const struct dfa *a, char *buf, size_t bufsz)
{
	char user[SEC_USER_MAX] = "", conf[SEC_USER_MAX * 2] = "";
	int seen = 0, ok = 1;
	if (!a->fs || !chain_names_supervisor(a))
		return NULL;
	for (size_t k = 0; k < a->nchain_instrs && ok; k++) {
		const struct df_instr *in = &a->df->instrs[a->chain_instrs[k]];
		const char *src[DFA_MAX_SOURCES], *dest;
		struct df_span sp[DFA_MAX_SOURCES], dsp;
		size_t n;
		if ((in->kind != DF_COPY && in->kind != DF_ADD) || df_flag_get(in, "from") || !(dest = dfa_copy_dest(in, &dsp)))
			continue;
		n = dfa_copy_sources(in, src, sp, DFA_MAX_SOURCES);
		for (size_t i = 0; i < n && ok; i++) {
			char *ctx, *path, *data = NULL;
			size_t len = 0;
			if (!strstr(str_basename(src[i]), "supervisor") && !strstr(dest, "supervisor"))
				continue;
			ctx = dfa_context(a, 0);
			path = path_join_norm(ctx, src[i]);
			if (path && fs_stat(a->fs, path) == FS_FILE && fs_read(a->fs, path, &data, &len) == 0) {
				if (len > SEC_MAX_SUPERVISOR_CONF || !supervisor_all_nonroot(data, len, user, sizeof(user)))
					ok = 0;
				else if (!seen++)
					snprintf(conf, sizeof(conf), "%s", str_basename(src[i]));
			}
			free(data);
			free(path);
			free(ctx);
		}
	}
	if (!ok || !seen)
		return NULL;
	snprintf(buf, bufsz, "supervisord (every program in %s runs as `%s`)", conf, user);
	return buf;
}

/* Sibling names of a rootless variant of the Dockerfile `name`: `name-rootless`, `name.rootless`, `name_rootless`. */
static const char *const ROOTLESS_SEPS[] = { "-", ".", "_", NULL };

/*
 * Another Dockerfile of the repository, read (its first SEC_MAX_SIBLING
 * bytes) and parsed by the project's parser; *data must outlive df. 0 when
 * it was read.
 */
static int sibling_parse(const struct dfa *a, const char *path, struct df_file *df, char **data)
{
	size_t len = 0;
	*data = NULL;
	if (fs_read(a->fs, path, data, &len) != 0)
		return -1;
	df_parse(df, *data, len < SEC_MAX_SIBLING ? len : SEC_MAX_SIBLING);
	return 0;
}

/* A parsed Dockerfile has a USER with a non-root argument (a variable counts: revision 4). */
static int sets_nonroot_user(const struct df_file *df)
{
	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct df_instr *in = &df->instrs[i];
		if (in->kind == DF_USER && in->nwords && *in->words[0].text &&
		    !root_value(in->words[0].text, strlen(in->words[0].text)))
			return 1;
	}
	return 0;
}

/*
 * BEYOND REVISION 4 (HOLDOUT5 pattern 7, netbird's client/Dockerfile-rootless;
 * HOLDOUT4's dockge): the project ships a rootless variant of this Dockerfile
 * beside it — `NAME-rootless`, `NAME.rootless`, `NAME_rootless`, or for
 * `X.Dockerfile` `X-rootless.Dockerfile` (and `.`/`_`) — that sets a
 * non-root USER: this one is the root variant on purpose. Its path goes to
 * `out`.
 */
static int rootless_sibling(const struct dfa *a, char *out, size_t outsz)
{
	const char *base;
	size_t bl;
	if (!a->fs || !a->path)
		return 0;
	base = str_basename(a->path);
	bl = strlen(base);
	for (int form = 0; form < 2; form++) {
		size_t stem = strlen(a->path);
		if (form == 1) {
			if (bl <= 11 || strcasecmp(base + bl - 11, ".Dockerfile") != 0)
				break;
			stem -= 11;
		}
		for (size_t i = 0; ROOTLESS_SEPS[i]; i++) {
			char *p = xasprintf("%.*s%srootless%s", (int)stem, a->path, ROOTLESS_SEPS[i],
					    form ? a->path + stem : ""), *data = NULL;
			struct df_file df;
			int yes = 0;
			if (fs_stat(a->fs, p) == FS_FILE && sibling_parse(a, p, &df, &data) == 0) {
				yes = sets_nonroot_user(&df);
				df_free(&df);
			}
			if (yes)
				snprintf(out, outsz, "%s", p);
			free(data);
			free(p);
			if (yes)
				return 1;
		}
	}
	return 0;
}

/*
 * A thin layer on an image berth cannot see (beyond revision 4, REVIEW.md N7):
 * the final chain sets no CMD or ENTRYPOINT, so the image it extends runs the
 * container with its own user, and that image is unknown: an unresolvable
 * variable (getsentry's `FROM ${SENTRY_IMAGE}`), or a name with a namespace
 * or registry and no facts. A Docker official image without facts runs as
 * root, as they do.
 */
static int extends_unknown(const struct audit *au, const struct dfa *a)
{
	const struct dfa_image *img = a->final_image;
	char ref[CHECK_FACTS_REF_MAX];
	if (a->root < 0 || !a->external[a->root] || !a->df->stages[a->root].image ||
	    a->eff.idx[0] >= 0 || a->eff.idx[1] >= 0)
		return 0;
	if (!img)
		return 1;
	if (!img->registry && !strchr(img->path, '/'))
		return 0;
	return facts_known(au->cfg, check_facts_ref(img, ref, sizeof(ref))) != FACT_YES;
}

/*
 * A data-only image (beyond CHECKLIST.md revision 4, holdout loki's OLM
 * bundles): the final chain starts FROM scratch and sets no CMD, ENTRYPOINT
 * or HEALTHCHECK. Nothing in it runs (an operator bundle, manifests and
 * labels; files other images COPY --from), so no user runs it either.
 */
static int data_only_image(const struct dfa *a)
{
	const struct df_stage *st;
	if (a->root < 0 || a->eff.idx[0] >= 0 || a->eff.idx[1] >= 0)
		return 0;
	st = &a->df->stages[a->root];
	if (st->parent >= 0 || !st->image_resolved || !str_ieq(st->image_resolved, "scratch"))
		return 0;
	for (size_t k = 0; k < a->nchain_instrs; k++)
		if (a->df->instrs[a->chain_instrs[k]].kind == DF_HEALTHCHECK)
			return 0;
	return 1;
}

/*
 * The author's own word on root (beyond CHECKLIST.md revision 4, HOLDOUT7.md):
 * a "# USER name" comment (name not root) in the final stage is a non-root
 * user written and taken back (glances keeps "# USER glances" because its
 * Docker plugin reads the host's socket; pufferpanel's "#USER pufferpanel"
 * sits beside its commented adduser). Its line, or 0.
 */
static int commented_user(const struct dfa *a)
{
	return a->final < 0 ? 0 : df_commented_user(a->df, a->df->instrs[a->df->stages[a->final].first].line);
}

/*
 * The comment lines right above the last `USER root` say why, naming root
 * (yq's GitHub Action: "github action recommendation is to run as root").
 * The first of them, or 0.
 */
static int explained_root(const struct dfa *a, long last)
{
	const struct df_file *df = a->df;
	int want = df->instrs[last].line - 1, first = 0, says = 0;
	for (size_t i = df->ncomments; i-- > 0;) {
		const struct df_comment *cm = &df->comments[i];
		if (cm->line > want)
			continue;
		if (cm->line < want)
			break;
		{
			static const char *const ROOT[] = { "root", NULL };
			char *t = xstrndup(df->data + cm->span.start, cm->span.end - cm->span.start);
			says |= str_has_word(t, " \t#.,;:!?()'\"`/-", ROOT);
			free(t);
		}
		first = cm->line;
		want--;
	}
	return says ? first : 0;
}

/* 1 when word w (a path or a name) is one of the servers that drop privileges for their workers. */
static int server_word(const char *w)
{
	const char *b = str_basename(w);
	for (size_t i = 0; SERVER_DROPS[i]; i++) {
		size_t n = strlen(SERVER_DROPS[i]);
		if (!strncmp(b, SERVER_DROPS[i], n) &&
		    (!b[n] || (!strcmp(SERVER_DROPS[i], "php-fpm") && strspn(b + n, "0123456789.") == strlen(b + n))))
			return 1;
	}
	return 0;
}

/*
 * The final chain runs a server whose master starts as root and serves
 * through workers of an unprivileged user (SERVER_DROPS): named in the
 * effective CMD/ENTRYPOINT, in the entrypoint script, or inherited with no
 * command of the file's own from httpd or a php apache/fpm image. What runs,
 * in buf, or NULL.
 */
static const char *server_drops(const struct dfa *a, char *buf, size_t bufsz)
{
	const struct dfa_image *img = a->final_image;
	for (int j = 0; j < 2; j++) {
		const struct df_instr *in = a->eff.idx[j] >= 0 ? &a->df->instrs[a->eff.idx[j]] : NULL;
		if (!in)
			continue;
		if (in->json) {
			for (size_t k = 0; k < in->argc; k++)
				if (server_word(in->argv[k])) {
					snprintf(buf, bufsz, "%s", str_basename(in->argv[k]));
					return buf;
				}
		} else if (in->args) {
			const char *t = word_in(in->args, strlen(in->args), SERVER_DROPS);
			if (t) {
				snprintf(buf, bufsz, "%s", t);
				return buf;
			}
		}
	}
	if (script_drops(a, buf, bufsz, SERVER_DROPS))
		return buf;
	if (a->eff.idx[0] < 0 && a->eff.idx[1] < 0 && img && !img->registry && img->path) {
		const char *p = img->path;
		if (!strcmp(p, "httpd") ||
		    (!strcmp(p, "php") && img->tag && (strstr(img->tag, "apache") || strstr(img->tag, "fpm")))) {
			snprintf(buf, bufsz, "%s's own command", p);
			return buf;
		}
	}
	return NULL;
}

/*
 * Beyond revision 4 (HOLDOUT15.md coolify-helper, HOLDOUT16.md Dokploy):
 * the final image installs a Docker client - docker-ce-cli, docker-cli, the
 * get.docker.com script or the static tarball - to drive the host's Docker
 * through its mounted socket, which needs root or the socket's group: the
 * reviewer's question is the socket, not USER. What installs it, or NULL.
 */
static const char *docker_client(const struct dfa *a)
{
	static const char *const PKGS[] = { "docker-ce-cli", "docker-cli", "moby-cli", NULL };
	static const char *const URLS[] = { "get.docker.com", "download.docker.com/linux/static", NULL };
	for (size_t k = 0; k < a->nchain_instrs; k++) {
		const struct df_instr *in = &a->df->instrs[a->chain_instrs[k]];
		if (in->kind != DF_RUN)
			continue;
		for (size_t i = 0; URLS[i]; i++)
			if (strstr(in->args, URLS[i]))
				return URLS[i];
		/* a package word of an install line: blanks (or a line's end) around it */
		for (size_t i = 0; PKGS[i]; i++)
			for (const char *p = strstr(in->args, PKGS[i]); p; p = strstr(p + 1, PKGS[i])) {
				char after = p[strlen(PKGS[i])];
				if (p > in->args && (p[-1] == ' ' || p[-1] == '\t') &&
				    (after == '\0' || after == ' ' || after == '\t' || after == '\n' || after == '\\' ||
				     after == '=' || after == ';' || after == '&'))
					return PKGS[i];
			}
	}
	return NULL;
}

static void check_non_root(struct audit *au, const struct dfa *a)
{
	const struct df_file *df = a->df;
	long last = -1;
	char *user, tool[32], sup[SEC_USER_MAX * 4], sib[SEC_PATH_MAX], srv[160];
	const char *drops;
	int unresolved = 0, rootless, taken_back, said = 0;
	size_t n;
	if (data_only_image(a))
		return;         /* n/a */
	audit_applies(au, ITEM_SEC_NON_ROOT);
	for (size_t k = 0; k < a->nchain_instrs; k++)
		if (df->instrs[a->chain_instrs[k]].kind == DF_USER && df->instrs[a->chain_instrs[k]].nwords)
			last = (long)a->chain_instrs[k];     /* a USER without argument switches nothing */
	/* the entrypoint starts as root and drops privileges itself: it serves as a non-root user */
	drops = image_drops_privileges(au, a);
	if (!drops)
		drops = script_drops(a, tool, sizeof(tool), DROP_TOOLS);
	if (!drops)
		drops = supervisor_drops(a, sup, sizeof(sup));
	if (!drops && server_drops(a, srv, sizeof(srv) - 64)) {
		strcat(srv, " (a server whose workers serve as an unprivileged user)");
		drops = srv;
	}
	rootless = !drops && rootless_sibling(a, sib, sizeof(sib));
	taken_back = drops || rootless ? 0 : commented_user(a);
	if (last < 0) {
		size_t s, e;
		if (a->final_image && (dfa_tag_has(a->final_image, "nonroot") || image_user_nonroot(au, a->final_image) == 1))
			return;
		dfa_missing_span(a, &s, &e);
		if (drops)
			audit_add(au, ITEM_SEC_NON_ROOT, SEV_INFO, "no-user", s, e, FIX_NONE,
				  "the final stage never sets USER, but the entrypoint starts as root and drops privileges with %s: the app serves as a non-root user",
				  drops);
		else if (docker_client(a))
			audit_add(au, ITEM_SEC_NON_ROOT, SEV_INFO, "no-user", s, e, FIX_NONE,
				  "the final stage never sets USER, so the container runs as root; it installs a Docker client "
				  "(%s) to drive the host's Docker through its socket, which needs root or the socket's group: "
				  "check who may reach that socket", docker_client(a));
		else if (extends_unknown(au, a))
			audit_add(au, ITEM_SEC_NON_ROOT, SEV_INFO, "no-user", s, e, FIX_NONE,
				  "the final stage sets no USER, CMD or ENTRYPOINT: it extends `%s`, whose own user runs the container, and berth knows nothing of that image; check its user",
				  a->df->stages[a->root].image);
		else if (rootless)
			audit_add(au, ITEM_SEC_NON_ROOT, SEV_INFO, "no-user", s, e, FIX_NONE,
				  "the final stage never sets USER, so the container runs as root; the project ships `%s` as its non-root variant, so this is the root one on purpose",
				  sib);
		else if (taken_back)
			audit_add(au, ITEM_SEC_NON_ROOT, SEV_INFO, "no-user", s, e, FIX_NONE,
				  "the final stage never sets USER, so the container runs as root; line %d keeps a non-root USER commented out, so root is the author's choice: check the reason still holds",
				  taken_back);
		else
			audit_add(au, ITEM_SEC_NON_ROOT, SEV_WARNING, "no-user", s, e, FIX_AUTO,
				  "the final stage never sets USER, so the container runs as root; add a non-root USER");
		return;
	}
	user = dfa_expand(a, (size_t)last, dfa_instr_text(&df->instrs[last]), &unresolved);
	n = strcspn(user, ":");
	while (n && isspace((unsigned char)user[n - 1]))
		n--;
	if (!unresolved && ((n == 4 && strncmp(user, "root", 4) == 0) || (n == 1 && user[0] == '0'))) {
		if (drops)
			audit_add(au, ITEM_SEC_NON_ROOT, SEV_INFO, "root-user", df->instrs[last].span.start,
				  df->instrs[last].span.end, FIX_NONE,
				  "the last USER is root, but the entrypoint drops privileges with %s: the app serves as a non-root user",
				  drops);
		else if (rootless)
			audit_add(au, ITEM_SEC_NON_ROOT, SEV_INFO, "root-user", df->instrs[last].span.start,
				  df->instrs[last].span.end, FIX_NONE,
				  "the last USER is root; the project ships `%s` as its non-root variant, so this is the root one on purpose",
				  sib);
		else if (taken_back || (said = explained_root(a, last)) > 0)
			audit_add(au, ITEM_SEC_NON_ROOT, SEV_INFO, "root-user", df->instrs[last].span.start,
				  df->instrs[last].span.end, FIX_NONE,
				  "the last USER is root, on purpose: %s line %d; check the reason still holds",
				  taken_back ? "a non-root USER is commented out on" : "the comment above it says why, from",
				  taken_back ? taken_back : said);
		else if (docker_client(a))
			audit_add(au, ITEM_SEC_NON_ROOT, SEV_INFO, "root-user", df->instrs[last].span.start,
				  df->instrs[last].span.end, FIX_NONE,
				  "the last USER is root; the image installs a Docker client (%s) to drive the host's Docker "
				  "through its socket, which needs root or the socket's group: check who may reach that socket",
				  docker_client(a));
		else
			audit_add(au, ITEM_SEC_NON_ROOT, SEV_WARNING, "root-user", df->instrs[last].span.start,
				  df->instrs[last].span.end, FIX_AUTO,
				  "the last USER is root, so the container runs as root; switch to a non-root user at the end");
	}
	free(user);
}

/* ---- sec.minimal-base ---- */


/* 1 when a word of `name` (split on - _ .) is `alpine...` or `slim` (fpm-alpine, Dockerfile.alpine, slim-bookworm). */
static int variant_name(const char *name)
{
	for (const char *p = name; *p; p++)
		if ((p == name || strchr("-_.", p[-1])) && (str_starts(p, "alpine") || str_starts(p, "slim")))
			return 1;
	return 0;
}

/* 1 when the Dockerfile at `path` builds FROM `img`'s image with a slim or alpine tag. */
static int builds_variant(const struct dfa *a, const char *path, const struct dfa_image *img)
{
	char *data;
	struct df_file df;
	int yes = 0;
	if (sibling_parse(a, path, &df, &data) != 0)
		return 0;
	for (size_t i = 0; i < df.ninstrs && !yes; i++) {
		const struct df_instr *in = &df.instrs[i];
		struct dfa_image o;
		/* the image is the first word after the flags (--platform=...) */
		if (in->kind != DF_FROM || !in->nwords || !*in->words[0].text || strchr(in->words[0].text, '$') ||
		    strlen(in->words[0].text) >= DFA_NAME_MAX)
			continue;
		dfa_image_parse(&o, in->words[0].text);
		yes = o.path && str_ieq(o.path, img->path) && (!o.registry) == (!img->registry) &&
		      (dfa_tag_has(&o, "slim") || dfa_tag_has(&o, "alpine"));
		dfa_image_free(&o);
	}
	df_free(&df);
	free(data);
	return yes;
}

/*
 * A matrix of variants (beyond revision 4, REVIEW.md N6): the repository also
 * builds the same image from a slim or alpine sibling — a folder beside this
 * one (nextcloud/docker `33/fpm` and `33/fpm-alpine`), or a Dockerfile beside
 * this one (`Dockerfile.debian` and `Dockerfile.alpine`). The full variant is
 * offered on purpose. The sibling's path goes to `out`.
 */
static int variant_sibling(const struct dfa *a, const struct dfa_image *img, char *out, size_t outsz)
{
	char *dir, *parent, **names = NULL;
	const char *own, *file;
	size_t n = 0;
	int found = 0;
	if (!a->fs || !a->path || !img->path)
		return 0;
	dir = str_dirname(a->path);
	parent = str_dirname(dir);
	own = str_basename(dir);
	file = str_basename(a->path);
	if (fs_list(a->fs, dir, &names, &n) == 0) {
		for (size_t i = 0; i < n && !found; i++) {
			char *p = *dir ? xasprintf("%s/%s", dir, names[i]) : xstrdup(names[i]);
			if (strcmp(names[i], file) != 0 && variant_name(names[i]) &&
			    (strstr(names[i], "ockerfile") || strstr(names[i], "ontainerfile")) &&
			    builds_variant(a, p, img)) {
				snprintf(out, outsz, "%s", p);
				found = 1;
			}
			free(p);
		}
		fs_names_free(names, n);
	}
	names = NULL;
	n = 0;
	if (!found && *dir && fs_list(a->fs, parent, &names, &n) == 0) {
		for (size_t i = 0; i < n && !found; i++) {
			char *p = *parent ? xasprintf("%s/%s/%s", parent, names[i], file) : xasprintf("%s/%s", names[i], file);
			if (strcmp(names[i], own) != 0 && variant_name(names[i]) && builds_variant(a, p, img)) {
				snprintf(out, outsz, "%s", p);
				found = 1;
			}
			free(p);
		}
		fs_names_free(names, n);
	}
	free(parent);
	free(dir);
	return found;
}

/* The full-image finding, or the variant-matrix note when a slim/alpine sibling is built beside it. */
static void full_image(struct audit *au, const struct dfa *a, const struct dfa_image *img, struct df_span sp,
		       const char *ref, const char *msg)
{
	char sib[SEC_PATH_MAX];
	if (variant_sibling(a, img, sib, sizeof(sib)))
		audit_add(au, ITEM_SEC_MINIMAL_BASE, SEV_INFO, "variant-matrix", sp.start, sp.end, FIX_NONE,
			  "`%s` is a full image, but the repository builds the same image's slim or alpine variant beside it (%s): the full one is a variant offered on purpose",
			  ref, sib);
	else
		audit_add(au, ITEM_SEC_MINIMAL_BASE, SEV_WARNING, "full-image", sp.start, sp.end, FIX_VALUE, msg, ref);
}

static void check_minimal(struct audit *au, const struct dfa *a)
{
	static const char *const full[] = { "python", "node", "ruby", "golang", "rust", "php", "perl",
		"openjdk", "eclipse-temurin", "maven", "gradle", "elixir", "erlang", "haskell", "gcc",
		"buildpack-deps", NULL };
	static const char *const os[] = { "centos", "fedora", "amazonlinux", NULL };
	const struct dfa_image *img = a->final_image;
	struct df_span sp;
	const char *ref;
	audit_applies(au, ITEM_SEC_MINIMAL_BASE);
	if (!img)
		return;
	sp = a->df->stages[a->root].image_span;
	ref = a->df->stages[a->root].image_resolved;
	for (const char *const *f = full; *f; f++) {
		if (!dfa_image_hub(img, *f) || dfa_tag_has(img, "slim") || dfa_tag_has(img, "alpine"))
			continue;
		if (dfa_image_hub(img, "eclipse-temurin") && dfa_tag_has(img, "jre"))
			audit_add(au, ITEM_SEC_MINIMAL_BASE, SEV_INFO, "jre-image", sp.start, sp.end, FIX_VALUE,
				  "`%s` is a JRE on a full OS; an alpine variant is smaller", ref);
		else if (dfa_image_hub(img, "php") && dfa_tag_has(img, "apache"))
			audit_add(au, ITEM_SEC_MINIMAL_BASE, SEV_INFO, "no-slim-variant", sp.start, sp.end, FIX_VALUE,
				  "`%s` has no slim or alpine variant; a smaller base needs another setup (php-fpm with a web server, distroless)", ref);
		else if (image_no_slim_variant(au, img))
			audit_add(au, ITEM_SEC_MINIMAL_BASE, SEV_INFO, "no-slim-variant", sp.start, sp.end, FIX_VALUE,
				  "`%s` has no slim or alpine variant (image facts); a smaller base is another image (a runtime-only one, distroless)", ref);
		else
			full_image(au, a, img, sp, ref,
				   "`%s` is a full image with compilers and tools the app does not need; use a -slim or -alpine tag, or distroless");
		return;
	}
	for (const char *const *o = os; *o; o++)
		if (dfa_image_hub(img, *o))
			audit_add(au, ITEM_SEC_MINIMAL_BASE, image_no_slim_variant(au, img) ? SEV_INFO : SEV_WARNING,
				  image_no_slim_variant(au, img) ? "no-slim-variant" : "full-image", sp.start, sp.end, FIX_VALUE,
				  "`%s` is a full OS image; use a slim, alpine or distroless base", ref);
	if (dfa_image_hub(img, "debian") && !dfa_tag_has(img, "slim"))
		full_image(au, a, img, sp, ref, "`%s` is the full Debian image; use a -slim tag");
	if (dfa_image_hub(img, "ubuntu"))
		audit_add(au, ITEM_SEC_MINIMAL_BASE, SEV_INFO, "no-slim-variant", sp.start, sp.end, FIX_VALUE,
			  "`%s` has no slim variant; debian:*-slim, alpine or distroless are smaller", ref);
}

/* ---- sec.healthcheck ---- */

/* A way to probe the app from inside: python, node, or a shell with curl or wget. */
static int probe_runtime(const struct dfa *a)
{
	const struct dfa_image *img = a->final_image;
	if (img) {
		const char *base = str_basename(img->path);
		if (str_starts(base, "python") || str_starts(base, "node") || str_starts(base, "alpine") ||
		    str_starts(base, "busybox") || dfa_tag_has(img, "alpine"))
			return 1;
	}
	for (size_t r = 0; r < a->nruns; r++) {
		if (a->runs[r].stage < 0 || !a->in_chain[a->runs[r].stage])
			continue;
		for (size_t c = 0; c < a->runs[r].ncmds; c++) {
			const struct sh_cmd *cmd = a->runs[r].cmds[c].c;
			size_t first = a->runs[r].cmds[c].os_first;
			enum dfa_pm pm = a->runs[r].cmds[c].os_pm;
			for (size_t i = first; pm != DFA_PM_NONE && i < sh_cmd_nargs(cmd); i++)
				if (!strcmp(dfa_arg(cmd, i), "curl") || !strcmp(dfa_arg(cmd, i), "wget"))
					return 1;
		}
	}
	return 0;
}

/* Workflows read at most when looking for docker-library/bashbrew; more are not looked at. */
#define SEC_OFFICIAL_MAX_WORKFLOWS 64
/* Longest workflow file name looked at (GitHub's own limit is 255 bytes). */
#define SEC_WORKFLOW_NAME_MAX 256

/*
 * 1 when the repository generates a Docker Official Image: a
 * generate-stackbrew-library.sh at its root, or a GitHub workflow that uses
 * docker-library/bashbrew. docker-library leaves HEALTHCHECK to whoever
 * deploys an official image, by policy (docker-library/cassandra#76).
 */
int check_official_images(const struct fsview *fs)
{
	static const char dir[] = ".github/workflows";
	char **names = NULL;
	size_t n = 0;
	int yes = fs_stat(fs, "generate-stackbrew-library.sh") == FS_FILE;
	if (yes || fs_stat(fs, dir) != FS_DIR || fs_list(fs, dir, &names, &n) != 0)
		return yes;
	for (size_t i = 0; i < n && i < SEC_OFFICIAL_MAX_WORKFLOWS && !yes; i++) {
		char path[sizeof(dir) + SEC_WORKFLOW_NAME_MAX], *data = NULL;
		size_t len;
		if (!(str_ends(names[i], ".yml") || str_ends(names[i], ".yaml")) ||
		    snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= (int)sizeof(path))
			continue;
		if (fs_read(fs, path, &data, &len) == 0)
			yes = strstr(data, "docker-library/bashbrew") != NULL;
		free(data);
	}
	fs_names_free(names, n);
	return yes;
}

/*
 * Programs that can probe a port from inside an image: a shell, an HTTP
 * client, a TCP tool, a runtime with sockets (what the fix's probes use).
 */
static const char *const PROBE_PROGRAMS[] = {
	"sh", "bash", "ash", "dash", "busybox", "curl", "wget", "nc", "python", "python3", "node", NULL
};

static int probe_program(const char *name)
{
	for (size_t i = 0; PROBE_PROGRAMS[i]; i++)
		if (!strcmp(name, PROBE_PROGRAMS[i]))
			return 1;
	return 0;
}

/*
 * A path a COPY names that may bring a probe into the image: a probe
 * program, a file named for health checks or probes, and for a source
 * (`dest` 0) also a folder of programs, the whole root or a glob, whose
 * contents berth cannot see.
 */
static int probe_path(const char *p, int dest)
{
	size_t n = strlen(p);
	const char *b;
	char *low;
	int yes;
	while (n > 0 && p[n - 1] == '/')
		n--;
	if (dest && n < strlen(p))
		return 0;       /* a folder: what lands there is named by the sources */
	b = p + n;
	while (b > p && b[-1] != '/')
		b--;
	low = xstrndup(b, (size_t)(p + n - b));
	for (char *c = low; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	yes = probe_program(low) || strstr(low, "health") || strstr(low, "probe") ||
	      (!dest && (!*low || !strcmp(low, "bin") || !strcmp(low, "sbin") || strchr(low, '*') || strchr(low, '?')));
	free(low);
	return yes;
}

/* The final image's facts: no shell and no probe program, no documented health command. */
static int facts_no_probe(const struct audit *au, const struct dfa_image *img)
{
	static const char *const tools[] = { "curl", "wget", "nc", "busybox", "python", "python3", "node", NULL };
	char ref[CHECK_FACTS_REF_MAX];
	const char *r = check_facts_ref(img, ref, sizeof(ref));
	const char *const *health;
	if (!r || facts_no_shell(au->cfg, r) != FACT_YES)
		return 0;
	for (size_t i = 0; tools[i]; i++)
		if (facts_has_tool(au->cfg, r, tools[i]) != FACT_NO)
			return 0;
	health = facts_health(au->cfg, r);
	return !health || !health[0];
}

/* Folders below the build context searched for a health command in the program's sources, at most. */
#define SEC_HEALTH_DEPTH 6
/* Source files read while searching, at most: a search cut short counts as a health command found. */
#define SEC_HEALTH_FILES 3000
/* Bytes of one source file read, at most. */
#define SEC_HEALTH_FILE_MAX (256 * 1024)

static const char *const HEALTH_SOURCE_EXT[] = { ".go", ".rs", ".zig", ".c", ".cc", ".cpp", ".java", ".kt", NULL };
static const char *const HEALTH_WORDS[] = { "healthcheck", "health-check", "health_check", NULL };

/* A health word in s (lower-cased): as a file name part, or as a quoted literal ("healthcheck", "-healthcheck"). */
static int health_literal(const char *data, size_t len)
{
	for (size_t w = 0; HEALTH_WORDS[w]; w++) {
		size_t n = strlen(HEALTH_WORDS[w]);
		for (const char *p = data; (size_t)(p - data) + n <= len;) {
			const char *hit = memchr(p, HEALTH_WORDS[w][0], len - (size_t)(p - data));
			const char *q;
			if (!hit || (size_t)(hit - data) + n > len)
				break;
			if (strncmp(hit, HEALTH_WORDS[w], n) == 0 && (size_t)(hit - data) + n < len && hit[n] == '"') {
				q = hit;
				while (q > data && q[-1] == '-')
					q--;
				if (q > data && q[-1] == '"')
					return 1;
			}
			p = hit + 1;
		}
	}
	return 0;
}

/*
 * The program's sources under `dir` show a health command: a file named for
 * one, or a string literal naming one (`"healthcheck"`, `"-healthcheck"`:
 * vikunja's `healthcheck` subcommand, miniflux's `-healthcheck` flag). 1 when
 * so, or when the search was cut short (*files past SEC_HEALTH_FILES).
 */
static int sources_health(const struct fsview *fs, const char *dir, int depth, size_t *files)
{
	char **names = NULL;
	size_t n = 0;
	int yes = 0;
	if (depth > SEC_HEALTH_DEPTH || fs_list(fs, dir, &names, &n) != 0)
		return 0;
	for (size_t i = 0; i < n && !yes; i++) {
		char *p = path_join_norm(dir, names[i]), *data = NULL;
		enum fs_type t = p ? fs_stat(fs, p) : FS_MISSING;
		size_t len = 0;
		int src = 0;
		if (t == FS_DIR && names[i][0] != '.' && strcmp(names[i], "node_modules") != 0 &&
		    strcmp(names[i], "vendor") != 0 && strcmp(names[i], "target") != 0 && strcmp(names[i], "testdata") != 0)
			yes = sources_health(fs, p, depth + 1, files);
		for (size_t e = 0; t == FS_FILE && HEALTH_SOURCE_EXT[e] && !src; e++)
			src = str_ends(names[i], HEALTH_SOURCE_EXT[e]);
		if (src) {
			for (size_t w = 0; HEALTH_WORDS[w] && !yes; w++)
				yes = strstr(names[i], HEALTH_WORDS[w]) != NULL;
			if (!yes && ++*files > SEC_HEALTH_FILES)
				yes = 1;        /* cut short: berth cannot say there is none */
			else if (!yes && fs_read(fs, p, &data, &len) == 0)
				yes = health_literal(data, len < SEC_HEALTH_FILE_MAX ? len : SEC_HEALTH_FILE_MAX);
		}
		free(data);
		free(p);
	}
	fs_names_free(names, n);
	return yes;
}

/*
 * sources_health of a whole build context, as the scan's memo computes it.
 * The memo keys it by the context alone: every audit of one scan sees the
 * same program sources (the fix engine's views change Dockerfiles, Compose
 * files and .dockerignore files, never a HEALTH_SOURCE_EXT file).
 */
struct health_ask {
	const struct fsview *fs;
	const char *ctx;
};

static int context_health(void *payload)
{
	const struct health_ask *q = payload;
	size_t files = 0;
	return sources_health(q->fs, q->ctx, 0, &files);
}

/*
 * BEYOND REVISION 4 (HOLDOUT5 pattern 6, whoami): nothing in the image can
 * probe the app. The final chain starts FROM scratch, or from an image whose
 * facts give no shell, no probe tool and no health command; it runs no RUN,
 * ADDs nothing (an archive's contents are unseen), COPYs nothing that may be
 * a probe (probe_path), and its command is an exec-form program that is not
 * one; and the program's sources in the build context show no health command
 * (sources_health: vikunja's and miniflux's binaries have one, which an
 * exec-form HEALTHCHECK can run). LIMIT: sources are searched
 * SEC_HEALTH_DEPTH folders deep and SEC_HEALTH_FILES files wide (a longer
 * search counts as found); a binary whose sources are not in the build
 * context is judged by the names above only.
 */
int check_no_probe(const struct audit *au, const struct dfa *a)
{
	const struct df_stage *st;
	if (a->root < 0)
		return 0;
	st = &a->df->stages[a->root];
	if (!(st->parent < 0 && st->image_resolved && str_ieq(st->image_resolved, "scratch")) &&
	    !(a->final_image && facts_no_probe(au, a->final_image)))
		return 0;
	for (size_t k = 0; k < a->nchain_instrs; k++) {
		const struct df_instr *in = &a->df->instrs[a->chain_instrs[k]];
		const char *src[DFA_MAX_SOURCES], *dest;
		struct df_span sp[DFA_MAX_SOURCES], dsp;
		size_t n;
		if (in->kind == DF_RUN || in->kind == DF_ADD)
			return 0;
		if (in->kind != DF_COPY)
			continue;
		n = dfa_copy_sources(in, src, sp, DFA_MAX_SOURCES);
		if (n == DFA_MAX_SOURCES || !(dest = dfa_copy_dest(in, &dsp)) || probe_path(dest, 1))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (probe_path(src[i], 0))
				return 0;
	}
	for (int j = 0; j < 2; j++) {
		const struct df_instr *in;
		if (a->eff.idx[j] < 0)
			continue;
		in = &a->df->instrs[a->eff.idx[j]];
		if (!in->json || (in->argc > 0 && probe_path(in->argv[0], 1)))
			return 0;
	}
	if (a->fs) {
		char *ctx = dfa_context(a, 0);
		struct health_ask q = { a->fs, ctx };
		/* one search per build context and scan: the Dockerfiles built with it, and the fix engine's re-audits, share it */
		int health = check_memo_int(au->memo, "sources_health", ctx, context_health, &q);
		free(ctx);
		if (health)
			return 0;
	}
	return 1;
}

static void check_healthcheck(struct audit *au, const struct dfa *a)
{
	size_t s, e;
	const char *why;
	int net = check_network_service(au, a, &why);
	if (!net)
		return;
	audit_applies(au, ITEM_SEC_HEALTHCHECK);
	for (size_t k = 0; k < a->nchain_instrs; k++)
		if (a->df->instrs[a->chain_instrs[k]].kind == DF_HEALTHCHECK)
			return;
	if (image_has_healthcheck(au, a->final_image))
		return;         /* the base image's own HEALTHCHECK is inherited */
	dfa_missing_span(a, &s, &e);
	if (net == CHECK_NET_BASE_ONLY) {
		audit_add(au, ITEM_SEC_HEALTHCHECK, SEV_INFO, "no-healthcheck", s, e, FIX_NONE,
			  "the image has no HEALTHCHECK; %s", why);
		return;
	}
	if (au->official_images < 0)
		au->official_images = check_official_images(a->fs);   /* a file judged alone asks once */
	if (au->official_images) {
		audit_add(au, ITEM_SEC_HEALTHCHECK, SEV_INFO, "no-healthcheck", s, e, FIX_NONE,
			  "the image has no HEALTHCHECK (%s); a Docker Official Image: the deployer adds the healthcheck", why);
		return;
	}
	if (check_no_probe(au, a)) {
		audit_add(au, ITEM_SEC_HEALTHCHECK, SEV_INFO, "no-healthcheck", s, e, FIX_NONE,
			  "the image serves the network (%s) but has no HEALTHCHECK, and nothing in it can probe the app "
			  "(no shell, no curl or wget, no health command berth can see): write HEALTHCHECK NONE or ship a probe binary",
			  why);
		return;
	}
	audit_add(au, ITEM_SEC_HEALTHCHECK, SEV_WARNING, "no-healthcheck", s, e,
		  check_known_port(a) && probe_runtime(a) ? FIX_AUTO : FIX_NONE,
		  "the image serves the network (%s) but has no HEALTHCHECK; add one that probes the app (or HEALTHCHECK NONE)",
		  why);
}

void check_sec(struct audit *au, const struct dfa *a)
{
	check_pinned(au, a);
	check_non_root(au, a);
	check_minimal(au, a);
	check_sec_secrets(au, a);
	check_healthcheck(au, a);
}
