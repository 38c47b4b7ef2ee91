#!/bin/sh
# A Compose service that runs, without building it, the image the repository's
# own build script makes (documenso's docker/build.sh: `docker build -f
# "$SCRIPT_DIR/Dockerfile" -t documenso-base "$MONOREPO_ROOT"`, then `docker
# tag documenso-base documenso/documenso:latest`) is judged with that
# Dockerfile: its HEALTHCHECK passes compose.healthcheck, and its non-root
# final USER lets the cap_drop: ALL fix through.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-image-map.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "image_map.sh: $*" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo/docker/production"
git -C "$repo" init -q
cat > "$repo/docker/build.sh" <<'SH'
#!/usr/bin/env bash
SCRIPT_DIR="$(readlink -f "$(dirname "$0")")"
MONOREPO_ROOT="$(readlink -f "$SCRIPT_DIR/../")"
docker build -f "$SCRIPT_DIR/Dockerfile" -t "acme-base" "$MONOREPO_ROOT"
docker tag "acme-base" "acme/app:latest"
SH
cat > "$repo/docker/Dockerfile" <<'DF'
FROM node:22.12.0-slim
WORKDIR /app
COPY app.js .
USER node
EXPOSE 3000
HEALTHCHECK CMD node -e "fetch('http://localhost:3000/')"
CMD ["node", "app.js"]
DF
cat > "$repo/docker/production/compose.yml" <<'YML'
services:
  app:
    image: acme/app:1.2.3
    restart: unless-stopped
    security_opt:
      - no-new-privileges:true
    read_only: true
    tmpfs:
      - /tmp
    deploy:
      resources:
        limits:
          cpus: "1"
          memory: 512M
YML
echo 'console.log(1)' > "$repo/app.js"
git -C "$repo" add -A

out=$(cd "$repo" && "$BERTH" check --format json .) || true
echo "$out" | grep -q '"compose.cap-drop"' || fail "expected the cap-drop finding: $out"
if echo "$out" | grep -q '"compose.healthcheck"[^}]*"severity": *"warning"'; then
	fail "the image's Dockerfile has a HEALTHCHECK: compose.healthcheck must pass: $out"
fi
fix=$(cd "$repo" && "$BERTH" fix --dry-run --level review --only compose.cap-drop .) || true
echo "$fix" | grep -q '^+ *cap_drop:' || fail "expected the cap_drop fix (the image ends as USER node): $fix"

# the same image built from two different Dockerfiles is not mapped: the fix stays withheld
cat >> "$repo/docker/build.sh" <<'SH'
docker build -f "$SCRIPT_DIR/Dockerfile.other" -t "acme/app:other" "$MONOREPO_ROOT"
SH
printf 'FROM node:22.12.0-slim\nCMD ["node", "app.js"]\n' > "$repo/docker/Dockerfile.other"
git -C "$repo" add -A
fix=$(cd "$repo" && "$BERTH" fix --dry-run --level review --only compose.cap-drop .) || true
if echo "$fix" | grep -q '^+ *cap_drop:'; then
	fail "two Dockerfiles build acme/app: the cap_drop fix must stay withheld: $fix"
fi

# a workflow names the image through ${{ github.repository }}: the slug comes from origin's github.com URL
repo2=$tmp/repo2
mkdir -p "$repo2/.github/workflows"
git -C "$repo2" init -q
git -C "$repo2" remote add origin https://github.com/acme/shop.git
cat > "$repo2/.github/workflows/release.yml" <<'YML'
env:
  IMAGE_NAME: ${{ github.repository }}
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          context: .
          push: true
          tags: ghcr.io/${{ env.IMAGE_NAME }}:latest
YML
cp "$repo/docker/Dockerfile" "$repo2/Dockerfile"
cp "$repo/app.js" "$repo2/app.js"
sed 's|acme/app:1.2.3|ghcr.io/acme/shop:1.2.3|' "$repo/docker/production/compose.yml" > "$repo2/compose.yml"
git -C "$repo2" add -A
out=$(cd "$repo2" && "$BERTH" check --format json .) || true
echo "$out" | grep -q '"compose.cap-drop"' || fail "repo2: expected the cap-drop finding: $out"
if echo "$out" | grep -q '"compose.healthcheck"[^}]*"severity": *"warning"'; then
	fail "repo2: ghcr.io/acme/shop is the root Dockerfile's image, which has a HEALTHCHECK: $out"
fi
git -C "$repo2" remote set-url origin /srv/mirror/acme-shop.git
out=$(cd "$repo2" && "$BERTH" check --format json .) || true
echo "$out" | grep -q '"compose.healthcheck"[^}]*"severity": *"warning"' ||
	fail "repo2: with no github.com origin the image is unknown: the healthcheck warning stays: $out"

# no build berth reads names the image named after the repository (a registry's automated build, Ackee):
# it is the root Dockerfile's
repo3=$tmp/repo3
mkdir -p "$repo3"
git -C "$repo3" init -q
git -C "$repo3" remote add origin https://github.com/Acme/Shop.git
cp "$repo/docker/Dockerfile" "$repo3/Dockerfile"
cp "$repo/app.js" "$repo3/app.js"
sed 's|acme/app:1.2.3|acme/shop:1.2.3|' "$repo/docker/production/compose.yml" > "$repo3/compose.yml"
git -C "$repo3" add -A
out=$(cd "$repo3" && "$BERTH" check --format json .) || true
if echo "$out" | grep -q '"compose.healthcheck"[^}]*"severity": *"warning"'; then
	fail "repo3: acme/shop is the root Dockerfile's image (named after the repository), which has a HEALTHCHECK: $out"
fi
sed 's|acme/app:1.2.3|acme/other:1.2.3|' "$repo/docker/production/compose.yml" > "$repo3/compose.yml"
git -C "$repo3" add -A
out=$(cd "$repo3" && "$BERTH" check --format json .) || true
echo "$out" | grep -q '"compose.healthcheck"[^}]*"severity": *"warning"' ||
	fail "repo3: acme/other is not the repository's image: the healthcheck warning stays: $out"
echo "image_map: ok"
