/*
 * gen - writes a synthetic monorepo for `make bench`: N Dockerfiles and M
 * Compose files with realistic variety (stages, heredocs, long RUN chains,
 * cache mounts, anchors and merge keys), reproducibly from a fixed seed.
 *
 *   gen DIR NDOCKERFILES NCOMPOSE [SEED]
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
	/* xorshift64*: fixed seed, same tree on every machine */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

#define PICK(a) (a[rnd(sizeof(a) / sizeof(a[0]))])

static void mkdirs(const char *path)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
				perror(buf);
				exit(1);
			}
			*p = '/';
		}
}

static FILE *create(const char *fmt, ...)
{
	char path[4096];
	va_list ap;
	FILE *f;
	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	mkdirs(path);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	return f;
}

static const char *const py_bases[] = { "python:3.11.11-slim", "python:3.12-slim", "python:3.11", "python:latest", "python:3.12.2-alpine3.19" };
static const char *const node_bases[] = { "node:20.11.1-alpine3.19", "node:20", "node:22.2.0-slim", "node:lts" };
static const char *const go_bases[] = { "golang:1.22.1-bookworm", "golang:1.22", "golang:1.21.8-alpine3.19" };
static const char *const run_bases[] = { "debian:12.5-slim", "debian:bookworm", "ubuntu:22.04", "alpine:3.19.1", "gcr.io/distroless/static-debian12:nonroot", "scratch" };
static const char *const apt_pkgs[] = { "curl", "ca-certificates", "git", "build-essential", "libpq-dev", "gcc", "make", "jq", "tini", "gosu", "locales", "tzdata" };

static void apt_run(FILE *f)
{
	int n = 2 + (int)rnd(8), clean = (int)rnd(3);
	fprintf(f, "RUN apt-get update && apt-get install -y%s \\\n", rnd(2) ? " --no-install-recommends" : "");
	for (int i = 0; i < n; i++)
		fprintf(f, "    %s \\\n", PICK(apt_pkgs));
	fprintf(f, "    %s\n", clean ? "&& rm -rf /var/lib/apt/lists/*" : "&& echo done");
}

static void python_df(FILE *f, int i)
{
	if (rnd(2))
		fprintf(f, "# syntax=docker/dockerfile:1.7\n");
	fprintf(f, "ARG PYTHON_IMAGE=%s\nFROM ${PYTHON_IMAGE} AS base\nWORKDIR /app\n", PICK(py_bases));
	apt_run(f);
	if (rnd(2)) {
		fprintf(f, "\nFROM base AS builder\nCOPY requirements.txt ./\n");
		fprintf(f, "RUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install --prefix=/install -r requirements.txt\n");
		fprintf(f, "\nFROM base AS production\nCOPY --from=builder /install /usr/local\n");
	} else {
		fprintf(f, "COPY . .\nRUN pip install -r requirements%s.txt\n", rnd(4) ? "" : "-dev");
	}
	if (rnd(3) == 0)
		fprintf(f, "RUN <<EOF\nset -eux\npython -m compileall /app\necho service-%d > /etc/service\nEOF\n", i);
	fprintf(f, "COPY . .\n");
	if (rnd(2))
		fprintf(f, "RUN useradd -m app\nUSER app\n");
	fprintf(f, "EXPOSE %d\n", 8000 + (int)rnd(100));
	if (rnd(2))
		fprintf(f, "HEALTHCHECK CMD python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"\n");
	fprintf(f, rnd(2) ? "CMD [\"gunicorn\", \"app:app\", \"--bind\", \"0.0.0.0:8000\"]\n"
		    : "CMD uvicorn app.main:app --host 0.0.0.0 --port 8000 --reload\n");
}

static void node_df(FILE *f)
{
	fprintf(f, "FROM %s AS build\nWORKDIR /src\nCOPY package*.json ./\n", PICK(node_bases));
	fprintf(f, rnd(2) ? "RUN --mount=type=cache,target=/root/.npm npm ci\n" : "RUN npm install\n");
	fprintf(f, "COPY . .\nRUN npm run build\n\nFROM nginx:1.25.4-alpine\n");
	fprintf(f, "COPY --from=build /src/dist /usr/share/nginx/html\nEXPOSE 80\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n");
}

static void go_df(FILE *f)
{
	fprintf(f, "FROM %s AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n", PICK(go_bases));
	fprintf(f, "COPY . .\nRUN CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" \\\n"
		   "    -o /out/app ./cmd/app\n\nFROM %s\n", PICK(run_bases));
	fprintf(f, "COPY --from=build /out/app /app\nUSER 65532:65532\nENTRYPOINT [\"/app\"]\n");
}

static void compose(FILE *f, int i, int nservices)
{
	fprintf(f, "x-hardening: &hardening\n  security_opt:\n    - no-new-privileges:true\n  cap_drop: [ALL]\n  read_only: true\n\n");
	fprintf(f, "services:\n");
	for (int s = 0; s < nservices; s++) {
		fprintf(f, "  svc%d:\n", s);
		if (rnd(2))
			fprintf(f, "    <<: *hardening\n");
		if (rnd(2))
			fprintf(f, "    build:\n      context: ./svc%d\n      target: production\n", s);
		fprintf(f, "    image: registry.example.com/app%d/svc%d:%s\n", i, s, rnd(2) ? "1.4.2" : "latest");
		fprintf(f, "    restart: unless-stopped\n    environment:\n      LOG_LEVEL: info\n");
		if (rnd(3) == 0)
			fprintf(f, "      DB_PASSWORD: ${DB_PASSWORD:-changeme}\n");
		if (rnd(2))
			fprintf(f, "    deploy:\n      resources:\n        limits: {cpus: \"1\", memory: 512M}\n");
		fprintf(f, "    ports:\n      - \"%d:%d\"\n", 10000 + s, 8000 + s);
	}
	fprintf(f, "  db:\n    image: postgres:16.2\n    volumes:\n      - db:/var/lib/postgresql/data\nvolumes:\n  db: {}\n");
}

int main(int argc, char **argv)
{
	int nd, nc;
	if (argc < 4) {
		fprintf(stderr, "usage: gen DIR NDOCKERFILES NCOMPOSE [SEED]\n");
		return 2;
	}
	nd = atoi(argv[2]);
	nc = atoi(argv[3]);
	rng_state = argc > 4 ? strtoull(argv[4], NULL, 10) : 20261127ULL;
	if (!rng_state)
		rng_state = 1;
	for (int i = 0; i < nd; i++) {
		int kind = (int)rnd(3);
		FILE *f = create("%s/services/team%02d/app%05d/Dockerfile", argv[1], i % 50, i);
		if (kind == 0)
			python_df(f, i);
		else if (kind == 1)
			node_df(f);
		else
			go_df(f);
		fclose(f);
		/* the neighbours a real service has: sources and, sometimes, a .dockerignore */
		f = create("%s/services/team%02d/app%05d/README.md", argv[1], i % 50, i);
		fprintf(f, "app %d\n", i);
		fclose(f);
		if (rnd(2)) {
			f = create("%s/services/team%02d/app%05d/.dockerignore", argv[1], i % 50, i);
			fprintf(f, ".git\n.env\nnode_modules\n");
			fclose(f);
		}
	}
	for (int i = 0; i < nc; i++) {
		FILE *f = create("%s/stacks/stack%04d/%s", argv[1], i, rnd(4) ? "compose.yaml" : "docker-compose.prod.yml");
		compose(f, i, 2 + (int)rnd(6));
		fclose(f);
	}
	return 0;
}
