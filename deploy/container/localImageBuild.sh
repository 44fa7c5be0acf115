#!/usr/bin/env bash
# Shared steps of the local image builds (sourced, not run): deploy/container/buildLocalImage.sh (CSOC),
# deploy/container/buildLocalAgentImage.sh (csoc-agent) and plugins/aws/scripts/buildLocalImage.sh. Each
# picks the container CLI, takes the one build lock of this machine, gets the shared Debian base
# (buildLocalBase.sh), and builds its Containerfile only when the digest of its inputs changed (ADR 0061, 0080).
#
#   source "$repo/deploy/container/localImageBuild.sh"
#   local_build_setup "$@"          # sets cli, tag (from $1 or $default_tag), also_tags; takes the lock
#   local_base                      # sets base_tag, base_digest
#   local_build_image "$digest" -f Containerfile --build-arg ... -- "$context_dir"
#
# One build at a time on this machine (flock on $TMPDIR/csoc-image-build.lock; the kernel drops it when the
# script dies): two at once would race to tag and remove each other's images. Each also-tag is set to the
# result while the lock is held, so a caller (a test process) keeps the image it asked for even when another
# build, from a tree changed since, moves `tag` elsewhere right after.

local_image_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The CLI (CSOC_CONTAINER_CLI, else podman, else docker), the tag and also-tags; then the build lock.
# Needs $default_tag set by the caller.
local_build_setup() {
  if [ -n "${CSOC_CONTAINER_CLI:-}" ]; then cli="$CSOC_CONTAINER_CLI"
  elif command -v podman >/dev/null; then cli=podman
  elif command -v docker >/dev/null; then cli=docker
  else echo "buildLocalImage: neither podman nor docker is on PATH" >&2; exit 1; fi
  tag="${1:-$default_tag}"
  also_tags=("${@:2}")
  exec 9>"${TMPDIR:-/tmp}/csoc-image-build.lock"
  flock 9
}

# The label `key` of image `image`, or nothing.
local_image_label() { "$cli" image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }

# The shared base: Debian from Debian's own packages, plus this machine's node (buildLocalBase.sh).
local_base() {
  local base
  base="$(CSOC_CONTAINER_CLI="$cli" "$local_image_repo/deploy/container/buildLocalBase.sh")"
  read -r base_tag base_digest <<<"$base"
}

local_tag_also() { local also; for also in "${also_tags[@]}"; do "$cli" tag "$tag" "$also"; done; }

# Builds $tag unless the image it names already carries `digest`: `local_build_image DIGEST BUILD-ARGS...`,
# the last argument the context directory. Offline (--network none), docker format (keeps HEALTHCHECK).
local_build_image() {
  local digest="$1" previous
  shift
  if [ "$(local_image_label "$tag" org.gen3.csoc.content)" = "$digest" ]; then
    local_tag_also
    echo "$tag is up to date"
    return 0
  fi
  previous="$("$cli" image inspect --format '{{ .Id }}' "$tag" 2>/dev/null || true)"
  "$cli" build --quiet --format docker --network none \
    --label "org.gen3.csoc.content=$digest" \
    --label "org.gen3.csoc.node=$(node -p 'process.versions.node') (copied from the build machine)" \
    -t "$tag" "$@" >/dev/null
  # The image this tag named before is left untagged: remove it unless something still uses it.
  [ -z "$previous" ] || "$cli" rmi "$previous" >/dev/null 2>&1 || true
  local_tag_also
  echo "built $tag"
}
