#!/usr/bin/env bash
# Builds the CSOC image (deploy/container/Containerfile) on a machine that can reach no container registry,
# and tags it localhost/csoc:<version>. Same Containerfile, three inputs made here instead of pulled:
#
#   NODE_IMAGE       localhost/csoc-node-base:<node version>-bookworm: Debian 12 minbase (+ git,
#                    ca-certificates) made by mmdebstrap from Debian's packages, with THIS machine's node
#                    binary copied to /usr/local/bin/node (Debian 12's own nodejs is 18, past its end of life).
#   terraform stage  this machine's terraform (or tofu, installed as /bin/terraform) binary.
#   build stage      the tree deploy/container/assembleInstallTree.mjs assembles from this checkout (its
#                    npm ci'd node_modules and built portal), instead of npm ci inside the build.
#
#   deploy/container/buildLocalImage.sh [tag [also-tag...]]  # CSOC_CONTAINER_CLI=docker: docker (untested)
#
# Each image carries a digest of its inputs in a label; an image whose label matches is kept as it is. The
# lock, base and tag steps are deploy/container/localImageBuild.sh's, shared with the agent and AWS images.
# Needs: podman (or docker), mmdebstrap (apt-get install mmdebstrap), node, terraform or tofu.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
source "$repo/deploy/container/localImageBuild.sh"
version="$(node -p "require('$repo/package.json').version")"
default_tag="localhost/csoc:$version"
local_build_setup "$@"
engine_bin="${CSOC_TF_BINARY:-$(command -v terraform || command -v tofu || true)}"
[ -n "$engine_bin" ] || { echo "buildLocalImage: neither terraform nor tofu is on PATH" >&2; exit 1; }
engine_bin="$(readlink -f "$engine_bin")"

work="$(mktemp -d "${TMPDIR:-/tmp}/csoc-image-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# 1. The base: Debian from Debian's own packages, plus this machine's node (buildLocalBase.sh).
local_base

# 2. The terraform stage: a folder holding bin/terraform.
mkdir -p "$work/terraform/bin"
cp "$engine_bin" "$work/terraform/bin/terraform"

# 3. The build stage's output, assembled from this checkout.
node "$repo/deploy/container/assembleInstallTree.mjs" "$work/build/out" >/dev/null

# Same inputs, same digest: the tree, the engine, the base and the Containerfile.
image_digest="$(
  {
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/build" -cf - . | sha256sum
    sha256sum "$work/terraform/bin/terraform" "$repo/deploy/container/Containerfile" | cut -c1-64
    echo "$base_digest"
  } | sha256sum | cut -c1-64
)"
mkdir -p "$work/context"
local_build_image "$image_digest" \
  -f "$repo/deploy/container/Containerfile" \
  --build-arg "NODE_IMAGE=$base_tag" \
  --build-context "terraform=$work/terraform" \
  --build-context "build=$work/build" \
  "$work/context"
