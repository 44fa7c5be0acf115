#!/usr/bin/env bash
# Builds the csoc-agent image (deploy/container/Containerfile.agent) on a machine that can reach no container
# registry, and tags it localhost/csoc-agent:<version>. Same Containerfile, two inputs made here:
#
#   NODE_IMAGE    the CSOC image's local base (deploy/container/buildLocalBase.sh: Debian 12 minbase from
#                 Debian's packages with this machine's node), built once and shared.
#   build stage   the agent bundled from this checkout by deploy/container/bundleAgent.mjs, instead of
#                 npm ci inside the build.
#
#   deploy/container/buildLocalAgentImage.sh [tag [also-tag...]]   # CSOC_CONTAINER_CLI=docker: docker (untested)
#
# The image carries a digest of its inputs in a label; an image whose label matches is kept. The lock, base
# and tag steps are deploy/container/localImageBuild.sh's, shared with the CSOC and AWS plugin images.
# Needs: podman (or docker), mmdebstrap (apt-get install mmdebstrap) for the first base, node.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
source "$repo/deploy/container/localImageBuild.sh"
version="$(node -p "require('$repo/packages/agent/package.json').version")"
default_tag="localhost/csoc-agent:$version"
local_build_setup "$@"

work="$(mktemp -d "${TMPDIR:-/tmp}/csoc-agent-image-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# 1. The base, shared with the CSOC image.
local_base

# 2. The build stage's output: the bundle and the health check.
node "$repo/deploy/container/bundleAgent.mjs" "$work/build/out" >/dev/null

# Same inputs, same digest: the bundle, the base and the Containerfile.
image_digest="$(
  {
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/build" -cf - . | sha256sum
    sha256sum "$repo/deploy/container/Containerfile.agent" | cut -c1-64
    echo "$base_digest"
  } | sha256sum | cut -c1-64
)"
mkdir -p "$work/context"
local_build_image "$image_digest" \
  -f "$repo/deploy/container/Containerfile.agent" \
  --build-arg "NODE_IMAGE=$base_tag" \
  --build-context "build=$work/build" \
  "$work/context"
