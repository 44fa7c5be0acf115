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
# Each image carries a digest of its inputs in a label; an image whose label matches is kept as it is.
# One build at a time on this machine (flock on $TMPDIR/csoc-image-build.lock; the kernel drops it when the
# script dies): two at once would race to tag and remove each other's images. Each also-tag is set to the
# result while the lock is held, so a caller (a test process) keeps the image it asked for even when another
# build, from a tree changed since, moves `tag` elsewhere right after.
# Needs: podman (or docker), mmdebstrap (apt-get install mmdebstrap), node, terraform or tofu.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
if [ -n "${CSOC_CONTAINER_CLI:-}" ]; then cli="$CSOC_CONTAINER_CLI"
elif command -v podman >/dev/null; then cli=podman
elif command -v docker >/dev/null; then cli=docker
else echo "buildLocalImage: neither podman nor docker is on PATH" >&2; exit 1; fi
version="$(node -p "require('$repo/package.json').version")"
tag="${1:-localhost/csoc:$version}"
also_tags=("${@:2}")
exec 9>"${TMPDIR:-/tmp}/csoc-image-build.lock"
flock 9
node_version="$(node -p 'process.versions.node')"
engine_bin="${CSOC_TF_BINARY:-$(command -v terraform || command -v tofu || true)}"
[ -n "$engine_bin" ] || { echo "buildLocalImage: neither terraform nor tofu is on PATH" >&2; exit 1; }
engine_bin="$(readlink -f "$engine_bin")"

work="$(mktemp -d "${TMPDIR:-/tmp}/csoc-image-XXXXXX")"
trap 'rm -rf "$work"' EXIT
label() { "$cli" image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }

# 1. The base: Debian from Debian's own packages, plus this machine's node (buildLocalBase.sh).
base="$(CSOC_CONTAINER_CLI="$cli" "$repo/deploy/container/buildLocalBase.sh")"
read -r base_tag base_digest <<<"$base"

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
tag_also() { for also in "${also_tags[@]}"; do "$cli" tag "$tag" "$also"; done; }
if [ "$(label "$tag" org.gen3.csoc.content)" = "$image_digest" ]; then
  tag_also
  echo "$tag is up to date"
  exit 0
fi
previous="$("$cli" image inspect --format '{{ .Id }}' "$tag" 2>/dev/null || true)"
mkdir -p "$work/context"
"$cli" build --quiet --format docker --network none \
  -f "$repo/deploy/container/Containerfile" \
  --build-arg "NODE_IMAGE=$base_tag" \
  --build-context "terraform=$work/terraform" \
  --build-context "build=$work/build" \
  --label "org.gen3.csoc.content=$image_digest" \
  --label "org.gen3.csoc.node=$node_version (copied from the build machine)" \
  -t "$tag" "$work/context" >/dev/null
# The image this tag named before is left untagged: remove it unless something still uses it.
[ -z "$previous" ] || "$cli" rmi "$previous" >/dev/null 2>&1 || true
tag_also
echo "built $tag"
