# syntax=docker/dockerfile:1
# berth in a container: build it from this repository, run it on another.
#   docker build -t berth .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/src" berth check --format github
# --user: libgit2 refuses a repository owned by someone else, so run as the
# owner of the mounted checkout (see docs/ci/). berth audits this file in
# its own tests (tests/e2e/own_dockerfile.sh) and expects no warning.
# The bases are Debian 12's date-stamped slim tags (docker-library
# official-images, library/debian).

FROM debian:bookworm-20260202-slim AS build
# the apt cache lives in cache mounts, not in a layer (docker-clean would empty it)
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
    && apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev make pkg-config binutils \
       libncurses-dev libyaml-dev libgit2-dev
WORKDIR /src
COPY . .
RUN make -j"$(nproc)" berth PREFIX=/usr \
    && make install PREFIX=/usr DESTDIR=/out

FROM debian:bookworm-20260202-slim
# libgit2-1.5: berth loads it at run time when it needs git
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    rm -f /etc/apt/apt.conf.d/docker-clean \
    && apt-get update \
    && apt-get install -y --no-install-recommends libncursesw6 libyaml-0-2 libgit2-1.5 \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin berth
COPY --from=build /out/usr/ /usr/
USER berth
WORKDIR /src
ENTRYPOINT ["berth"]
CMD ["check", "."]
