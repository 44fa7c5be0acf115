#!/usr/bin/env bash
# Builds the offline stand-in for the official PostgreSQL image (Containerfile beside this file) on the local
# Debian base of the CSOC image (deploy/container/buildLocalBase.sh), for deploy/compose/composeStack.test.ts.
# Not for installations: they use the official image, compose.yaml's default POSTGRES_IMAGE.
#
#   deploy/compose/testing/postgres/buildLocalPostgres.sh [tag]   # default localhost/csoc-postgres-standin:15
#
# The image carries a digest of its inputs (base, Containerfile, entrypoint) in a label; an image whose label
# matches is kept. The build installs postgresql-15 with apt, so it uses the host's network to reach the
# Debian mirror. It holds the lock of the CSOC image builds (ADR 0061) while it makes or reads the base.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
cli="${CSOC_CONTAINER_CLI:-podman}"
tag="${1:-localhost/csoc-postgres-standin:15}"
exec 9>"${TMPDIR:-/tmp}/csoc-image-build.lock"
flock 9
base="$(CSOC_CONTAINER_CLI="$cli" "$repo/deploy/container/buildLocalBase.sh")"
read -r base_tag base_digest <<<"$base"
digest="$({ echo "$base_digest"; sha256sum "$here/Containerfile" "$here/entrypoint.sh" | cut -c1-64; } | sha256sum | cut -c1-64)"
existing="$("$cli" image inspect --format '{{ index .Config.Labels "org.gen3.csoc.content" }}' "$tag" 2>/dev/null || true)"
if [ "$existing" = "$digest" ]; then
  echo "$tag is up to date"
  exit 0
fi
previous="$("$cli" image inspect --format '{{ .Id }}' "$tag" 2>/dev/null || true)"
# --format docker keeps STOPSIGNAL and the labels as Docker would; the context is this folder alone.
"$cli" build --quiet --format docker --network host \
  --build-arg "BASE_IMAGE=$base_tag" \
  --label "org.gen3.csoc.content=$digest" \
  -t "$tag" "$here" >/dev/null
[ -z "$previous" ] || "$cli" rmi "$previous" >/dev/null 2>&1 || true
echo "built $tag"
