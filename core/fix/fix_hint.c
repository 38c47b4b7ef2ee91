/*
 * fix_hint - what a person would write when berth's own fix does not (the
 * issue 17 "a withheld fix shows why and what a person would write"): for
 * every item with a fix generator, a few lines to adapt and what to check
 * first. Filled from the file where it tells (the final image, the port it
 * EXPOSEs, the Compose service); "<...>" marks what only the author knows.
 * The note of the fix (fix_level.c and the generators) says why berth held
 * back; this says what to do about it.
 */
#include "fix_df.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the hint knows about a Dockerfile: its final image and the first port it EXPOSEs. */
struct hint_df {
	char image[256];        /* the final image as resolved ("python:3.11"), or "" */
	char repo[256];         /* the same without tag or digest ("python") */
	long port;              /* -1: none */
	int alpine;             /* the image name says alpine: BusyBox adduser, apk */
	const char *drops;      /* the final stage's ENTRYPOINT or CMD drops privileges itself with this tool, or NULL */
};

/* Tools an entrypoint drops privileges with: started as root on purpose, then switched. */
static const char *const drop_tools[] = { "gosu", "su-exec", "setpriv", "s6-setuidgid", "runuser", "chpst" };

/* A port number from an EXPOSE word ("8000", "8000/tcp"); -1 when it is not one. */
static long word_port(const char *w)
{
	char *end;
	long p;
	if (!isdigit((unsigned char)*w))
		return -1;
	p = strtol(w, &end, 10);
	return (*end == '\0' || *end == '/') && p > 0 && p < 65536 ? p : -1;
}

static void hint_df_read(struct hint_df *h, const char *data, size_t len)
{
	struct df_file df;
	const char *img;
	int final;
	memset(h, 0, sizeof(*h));
	h->port = -1;
	if (!data)
		return;
	df_parse(&df, data, len);
	final = fix_df_final_stage(&df);
	img = fix_df_final_image(&df);
	if (img) {
		size_t n = strcspn(img, "@"), colon;
		snprintf(h->image, sizeof(h->image), "%s", img);
		/* the tag's colon is after the last '/' (a registry's port is before it) */
		colon = n;
		for (size_t i = n; i > 0; i--) {
			if (img[i - 1] == '/')
				break;
			if (img[i - 1] == ':') {
				colon = i - 1;
				break;
			}
		}
		snprintf(h->repo, sizeof(h->repo), "%.*s", (int)colon, img);
		h->alpine = strstr(img, "alpine") != NULL;
	}
	for (size_t i = 0; i < df.ninstrs; i++) {
		const struct df_instr *in = &df.instrs[i];
		if (final >= 0 && in->stage != final)
			continue;
		if ((in->kind == DF_ENTRYPOINT || in->kind == DF_CMD || in->kind == DF_RUN) && in->args)
			for (size_t t = 0; t < ARRAY_SIZE(drop_tools) && !h->drops; t++)
				if (strstr(in->args, drop_tools[t]))
					h->drops = drop_tools[t];
		for (size_t w = 0; in->kind == DF_EXPOSE && w < in->nwords && h->port < 0; w++)
			h->port = word_port(in->words[w].text);
	}
	df_free(&df);
}

static int df_hint(int item, const struct hint_df *h, struct buf *w, struct buf *chk)
{
	const char *repo = *h->repo ? h->repo : "<image>";
	char port[24];
	if (h->port > 0)
		snprintf(port, sizeof(port), "%ld", h->port);
	else
		snprintf(port, sizeof(port), "<port>");
	switch (item) {
	case ITEM_SEC_NON_ROOT:
		if (h->alpine)
			buf_printf(w, "RUN addgroup -S app && adduser -S -G app -H app\n");
		else
			buf_printf(w, "RUN groupadd --system app && useradd --system --gid app --no-create-home app\n");
		buf_printf(w, "COPY --chown=app:app . .\nUSER app");
		if (h->drops)
			buf_printf(chk, "The image installs or runs %s: an entrypoint that starts as root on purpose and "
				   "drops privileges itself stops working under USER. Either keep it (check it ends in "
				   "`exec %s <user> ...` and every process it starts runs as that user, then say so above "
				   "the FROM: # berth ignore=sec.non-root), or remove the drop and use USER. ",
				   h->drops, h->drops);
		if (h->port > 0 && h->port < 1024)
			buf_printf(chk, "Port %ld is below 1024, which a non-root user cannot bind: move the app to "
				   "8080 (EXPOSE and the published port with it) or give it NET_BIND_SERVICE. ", h->port);
		buf_printf(chk, "Check first: the entrypoint does not need root at start (a script that runs chown, "
			   "gosu or su-exec to drop privileges itself keeps working only while it starts as root), "
			   "the app binds no port below 1024, and every path it writes belongs to the user. "
			   "If the image ships a user, USER with that name is all it takes.");
		return 0;
	case ITEM_SEC_HEALTHCHECK:
		buf_printf(w, "HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\\n"
			   "    CMD curl -fsS http://127.0.0.1:%s/<health path> || exit 1", port);
		buf_printf(chk, "Check first: the probe's tool is in the image (curl, wget, or the app's own runtime: "
			   "python3 -c, node -e) and the path answers only when the app can serve%s.",
			   h->port > 0 ? "" : "; the port is the one the app listens on");
		return 0;
	case ITEM_SEC_PINNED_BASE:
		buf_printf(w, "FROM %s:<full version of the same variant>", repo);
		buf_printf(chk, "A tag with every version part (3.11.11-slim, not 3.11), or a digest (@sha256:...); "
			   "one value pins every FROM of the same image.");
		return 0;
	case ITEM_SEC_MINIMAL_BASE:
		buf_printf(w, "FROM %s:<version>-slim", repo);
		buf_printf(chk, "Check first: the slim (or alpine, distroless) variant has what the later RUN "
			   "lines use; build tools belong in a builder stage.");
		return 0;
	case ITEM_PERF_CACHE_MOUNTS:
	case ITEM_SIZE_NO_PKG_CACHE:
		buf_printf(w, "RUN --mount=type=cache,target=<the cache folder>,uid=<uid of the user> \\\n"
			   "    <the install command>");
		buf_printf(chk, "The cache folder is the installing user's (pip: ~/.cache/pip, npm: ~/.npm, yarn 2+: "
			   "cacheFolder in .yarnrc.yml); else add --no-cache-dir / npm cache clean --force to the RUN.");
		return 0;
	case ITEM_PERF_LAYER_ORDER:
		buf_printf(w, "COPY <each manifest and lock file, workspace members' included> ./\n"
			   "RUN <the install command>\nCOPY . .");
		buf_printf(chk, "Check first: no install step (postinstall, a local path dependency) reads files "
			   "copied later.");
		return 0;
	case ITEM_PERF_DOCKERIGNORE:
		buf_printf(w, ".git\n**/node_modules\n**/__pycache__\n*.log\n.env");
		buf_printf(chk, "Write it next to the build context's root; exclude nothing a COPY or ADD needs.");
		return 0;
	case ITEM_PERF_SINGLE_APT_LAYER:
		buf_printf(w, "RUN apt-get update \\\n    && apt-get install -y --no-install-recommends <packages> \\\n"
			   "    && rm -rf /var/lib/apt/lists/*");
		return 0;
	case ITEM_SIZE_NO_INSTALL_RECOMMENDS:
		buf_printf(w, "RUN apt-get install -y --no-install-recommends <packages> <the recommended ones "
			   "the image runs>");
		buf_printf(chk, "Name every package the image relies on that only came as a Recommends.");
		return 0;
	case ITEM_SIZE_APT_LISTS_CLEANED:
		buf_printf(w, "RUN apt-get update && apt-get install -y <packages> \\\n"
			   "    && rm -rf /var/lib/apt/lists/*");
		buf_printf(chk, "A later stage that installs from this one needs its own apt-get update first.");
		return 0;
	case ITEM_SIZE_PROD_DEPS_ONLY:
		buf_printf(w, "RUN npm ci --omit=dev          # or: pip install --no-deps -r requirements.txt,\n"
			   "                               #     poetry install --only main");
		buf_printf(chk, "Check first: nothing after the install (a build step, a test) needs a "
			   "development dependency; build in a stage that has them.");
		return 0;
	case ITEM_CORR_PARSE:
		buf_printf(w, "<the line as Docker reads it: one instruction, its continuations ending in %s>", "\\");
		return 0;
	case ITEM_CORR_WORKDIR_BEFORE_COPY:
		buf_printf(w, "WORKDIR /app\nCOPY . .");
		return 0;
	case ITEM_CORR_COPY_OWNERSHIP:
		buf_printf(w, "COPY --chown=<user>:<group> <src> <dest>");
		buf_printf(chk, "The user is the one USER names.");
		return 0;
	case ITEM_CORR_EXPOSE_PORT:
		buf_printf(w, "EXPOSE %s", h->port > 0 ? port : "<the port the app listens on>");
		return 0;
	case ITEM_CORR_PRODUCTION_CMD:
		buf_printf(w, "CMD [\"<server>\", \"<args without --reload, --debug or --watch>\"]");
		buf_printf(chk, "Check the app starts the same without the development flags.");
		return 0;
	case ITEM_CORR_SYNTAX_DIRECTIVE:
		buf_printf(w, "# syntax=docker/dockerfile:1");
		return 0;
	default:
		return -1;
	}
}

static int compose_hint(int item, const char *svc, struct buf *w, struct buf *chk)
{
	const char *s = svc && *svc ? svc : "<service>";
	switch (item) {
	case ITEM_COMPOSE_PINNED_IMAGE:
		buf_printf(w, "  %s:\n    image: <name>:<full version>", s);
		buf_printf(chk, "A tag with every version part, or a digest; not latest.");
		return 0;
	case ITEM_COMPOSE_NO_NEW_PRIVILEGES:
		buf_printf(w, "  %s:\n    security_opt:\n      - no-new-privileges:true", s);
		buf_printf(chk, "Check first: the command does not use sudo or su (they stop working).");
		return 0;
	case ITEM_COMPOSE_CAP_DROP:
		buf_printf(w, "  %s:\n    cap_drop: [ALL]\n    cap_add: [<only what it needs: SETUID, SETGID...>]", s);
		buf_printf(chk, "Check first: an image that starts as root and drops to a user itself needs "
			   "SETUID and SETGID (and CHOWN if it fixes ownership at start).");
		return 0;
	case ITEM_COMPOSE_READ_ONLY:
		buf_printf(w, "  %s:\n    read_only: true\n    tmpfs:\n      - /tmp\n      - <each path the app "
			   "writes: pid files, caches>", s);
		buf_printf(chk, "Run it once read-only and read its errors: each path it writes needs a tmpfs or "
			   "a volume.");
		return 0;
	case ITEM_COMPOSE_RESOURCE_LIMITS:
		buf_printf(w, "  %s:\n    deploy:\n      resources:\n        limits:\n          cpus: \"1.0\"\n"
			   "          memory: 512M", s);
		buf_printf(chk, "Measure the service under load (docker stats) and leave headroom.");
		return 0;
	case ITEM_COMPOSE_HEALTHCHECK:
		buf_printf(w, "  %s:\n    healthcheck:\n      test: [\"CMD\", \"<probe>\", \"<args>\"]\n"
			   "      interval: 30s\n      timeout: 5s\n      retries: 3", s);
		buf_printf(chk, "The probe runs inside the container: use a tool it has (pg_isready, redis-cli "
			   "ping, curl -f http://127.0.0.1:<port>/<health path>).");
		return 0;
	case ITEM_COMPOSE_RESTART:
		buf_printf(w, "  %s:\n    restart: unless-stopped      # a one-shot job: on-failure, or none", s);
		return 0;
	default:
		return -1;
	}
}

int fix_hint(int item, enum filekind kind, const char *data, size_t len, const char *service,
	     char **write, char **check)
{
	struct buf w = BUF_INIT, chk = BUF_INIT;
	int rc;
	*write = *check = NULL;
	if (item < 0 || item >= ITEM_COUNT || item_defs[item].kind != kind)
		return -1;
	if (kind == KIND_DOCKERFILE) {
		struct hint_df h;
		hint_df_read(&h, data, len);
		rc = df_hint(item, &h, &w, &chk);
	} else {
		rc = compose_hint(item, service, &w, &chk);
	}
	if (rc < 0) {
		buf_free(&w);
		buf_free(&chk);
		return -1;
	}
	*write = buf_detach(&w);
	*check = chk.len ? buf_detach(&chk) : NULL;
	buf_free(&chk);
	return 0;
}
