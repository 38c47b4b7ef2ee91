#!/bin/sh
# compose.no-new-privileges and set-id programs (FIX-HOLDOUT7.md S1):
# docker-mailserver's compose.yaml runs ghcr.io/docker-mailserver/docker-mailserver,
# named after the repository itself, whose root Dockerfile runs a build script
# that installs postfix (postdrop is setgid). With no_new_privs a non-root
# sender (Dovecot's Sieve forwards) cannot write the maildrop queue: the fix is
# withheld, and its note names the script and the package. An image named after
# something else gets the fix.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-setid.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "fix_setid_own_image.sh: $*" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo/target/scripts"
git -C "$repo" init -q
git -C "$repo" remote add origin https://github.com/acme/mailer.git
cat > "$repo/Dockerfile" <<'DF'
FROM debian:12.5-slim
COPY target/scripts/packages.sh /build/
RUN /bin/bash /build/packages.sh && rm -r /build
CMD ["supervisord", "-c", "/etc/supervisor/supervisord.conf"]
DF
cat > "$repo/target/scripts/packages.sh" <<'SH'
#!/bin/bash
PACKAGES=(
  dovecot-imapd dovecot-sieve
  postfix postfix-pcre
  supervisor
)
apt-get update
apt-get install --no-install-recommends -y "${PACKAGES[@]}"
SH
cat > "$repo/compose.yaml" <<'YML'
services:
  mailserver:
    image: ghcr.io/acme/mailer:14.0.0
    ports:
      - "25:25"
YML
git -C "$repo" add -A

err=$(cd "$repo" && "$BERTH" fix --dry-run --only compose.no-new-privileges . 2>&1 >/dev/null) || true
echo "$err" | grep -q 'no-new-privileges\] withheld: withheld for mailserver (/build/packages.sh, run by a RUN of Dockerfile, installs postfix' ||
	fail "expected the fix withheld for the repository's own mail image: $err"
out=$(cd "$repo" && "$BERTH" fix --dry-run --only compose.no-new-privileges . 2>/dev/null) || true
if echo "$out" | grep -q 'no-new-privileges:true'; then
	fail "no-new-privileges written for an image that runs postfix: $out"
fi

# another image: nothing ties it to this Dockerfile, the fix is made
sed -i 's|ghcr.io/acme/mailer:14.0.0|ghcr.io/acme/webmail:14.0.0|' "$repo/compose.yaml"
out=$(cd "$repo" && "$BERTH" fix --dry-run --only compose.no-new-privileges . 2>/dev/null) || true
echo "$out" | grep -q '^+ *- no-new-privileges:true' || fail "expected the fix for an unrelated image: $out"
echo "fix_setid_own_image.sh: ok"
