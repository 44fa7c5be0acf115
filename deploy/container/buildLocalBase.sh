#!/usr/bin/env bash
# The base image the local builds use instead of an official Node image (no registry here): Debian 12
# minbase plus git and ca-certificates, made by mmdebstrap from Debian's own packages, with THIS machine's
# node binary copied to /usr/local/bin/node (Debian 12's nodejs is 18, past its end of life). Tagged
# localhost/csoc-node-base:<node version>-bookworm and labelled with a digest of its inputs; an image whose
# label matches is kept. Prints "TAG DIGEST" on stdout. Used by deploy/container/buildLocalImage.sh and
# plugins/aws/scripts/buildLocalImage.sh, which call it while holding their shared build lock (ADR 0061).
#
# Needs: podman (or CSOC_CONTAINER_CLI=docker), mmdebstrap (apt-get install mmdebstrap), node.
set -euo pipefail
cli="${CSOC_CONTAINER_CLI:-podman}"
command -v mmdebstrap >/dev/null || { echo "buildLocalBase: mmdebstrap is missing (apt-get install mmdebstrap)" >&2; exit 1; }
node_bin="$(readlink -f "$(command -v node)")"
node_version="$(node -p 'process.versions.node')"
base_packages="ca-certificates,git"
base_tag="localhost/csoc-node-base:$node_version-bookworm"
base_digest="$(printf 'bookworm minbase %s %s' "$base_packages" "$(sha256sum "$node_bin" | cut -c1-64)" | sha256sum | cut -c1-64)"
existing="$("$cli" image inspect --format '{{ index .Config.Labels "org.gen3.csoc.base" }}' "$base_tag" 2>/dev/null || true)"
if [ "$existing" != "$base_digest" ]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/csoc-base-XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  echo "building $base_tag with mmdebstrap (Debian 12 minbase; takes a few minutes)" >&2
  mmdebstrap --quiet --variant=minbase --include="$base_packages" --format=tar \
    --customize-hook="upload $node_bin /usr/local/bin/node" \
    --customize-hook='chmod 0755 "$1/usr/local/bin/node"' \
    --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/usr/share/doc/* "$1"/usr/share/man/*' \
    bookworm "$work/base.tar" >&2
  "$cli" import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' \
    --change "LABEL org.gen3.csoc.base=$base_digest" \
    --change "LABEL org.opencontainers.image.description=\"Debian 12 minbase with node $node_version copied from the build machine\"" \
    "$work/base.tar" "$base_tag" >/dev/null
fi
echo "$base_tag $base_digest"
