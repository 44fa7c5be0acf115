#!/usr/bin/env bash
# Builds the AWS plugin's image (plugins/aws/Containerfile) on a machine that can reach no registry, and
# tags it localhost/csoc-plugin-aws:<manifest version>, the image its manifest names for the container
# runner. Same Containerfile, its stages made here instead of pulled or downloaded:
#
#   NODE_IMAGE       the CSOC image's local base (deploy/container/buildLocalBase.sh: Debian 12 minbase from
#                    Debian's packages with this machine's node).
#   terraform stage  this machine's terraform (or tofu, installed as /bin/terraform).
#   providers stage  hashicorp/aws 5.100.0 from the local filesystem mirror the plugin's tests use
#                    (plugins/aws/src/testing/findProviderMirror.ts; CSOC_TF_PLUGIN_MIRROR to choose it),
#                    instead of `terraform providers mirror` from the registry. `terraform init` checks it
#                    against the committed lock file inside the image, as it would the downloaded one.
#   build stage      the plugin bundled by esbuild (src/main.ts and the SDK in one ES module), its manifest,
#                    its Terraform module (the .tf files and the JSON they read) and lock file.
#
#   plugins/aws/scripts/buildLocalImage.sh [tag [also-tag...]]   # CSOC_CONTAINER_CLI=docker: docker (untested)
#
# The image carries a digest of its inputs in a label; an image whose label matches is kept. One image build
# at a time on this machine, each also-tag set while the lock is held, so a test process keeps the image it
# asked for (deploy/container/localImageBuild.sh, shared with the CSOC and csoc-agent images).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
plugin="$repo/plugins/aws"
source "$repo/deploy/container/localImageBuild.sh"
version="$(node -p "require('$plugin/manifest.json').version")"
default_tag="localhost/csoc-plugin-aws:$version"
local_build_setup "$@"
engine_bin="${CSOC_TF_BINARY:-$(command -v terraform || command -v tofu || true)}"
[ -n "$engine_bin" ] || { echo "buildLocalImage: neither terraform nor tofu is on PATH" >&2; exit 1; }
engine_bin="$(readlink -f "$engine_bin")"
# The provider the module pins, for the platform the lock file names (the Containerfile's -platform).
provider_path="registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64"
mirror="$(cd "$repo" && node --import tsx -e \
  "import { findProviderMirror } from './plugins/aws/src/testing/findProviderMirror.ts'; console.log(findProviderMirror())")"
[ -d "$mirror/$provider_path" ] || { echo "buildLocalImage: $mirror has no unpacked $provider_path" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/csoc-aws-image-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# 1. The base, shared with the CSOC image.
local_base

# 2. The terraform stage: a folder holding bin/terraform.
mkdir -p "$work/terraform/bin"
cp "$engine_bin" "$work/terraform/bin/terraform"

# 3. The providers stage: opt/tf-plugins holding only the pinned provider (hard links when the mirror is
# on the same filesystem: the provider is 600+ MB).
mkdir -p "$work/providers/opt/tf-plugins/$(dirname "$provider_path")"
cp -al "$mirror/$provider_path" "$work/providers/opt/tf-plugins/$provider_path" 2>/dev/null \
  || cp -a "$mirror/$provider_path" "$work/providers/opt/tf-plugins/$provider_path"

# 4. The build stage's output: the bundle, the manifest, the module and its lock file.
out="$work/build/out"
mkdir -p "$out/dist" "$out/terraform"
"$repo/node_modules/.bin/esbuild" "$plugin/src/main.ts" --bundle --platform=node --format=esm \
  --target=node20 --log-level=warning --outfile="$out/dist/main.mjs" \
  --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
cp "$plugin/manifest.json" "$out/"
# The module reads its JSON files (commons-secrets.json) with file(): they ship beside the .tf files.
cp "$plugin"/terraform/*.tf "$plugin"/terraform/*.json "$plugin/terraform/.terraform.lock.hcl" "$out/terraform/"

# Same inputs, same digest: the bundle and module, the engine, the provider, the base and the Containerfile.
image_digest="$(
  {
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/build" -cf - . | sha256sum
    sha256sum "$work/terraform/bin/terraform" "$plugin/Containerfile" | cut -c1-64
    find "$work/providers" -type f -printf '%P %s\n' | sort
    sha256sum "$work/providers/opt/tf-plugins/$provider_path"/terraform-provider-aws_* | cut -c1-64
    echo "$base_digest"
  } | sha256sum | cut -c1-64
)"
mkdir -p "$work/context"
local_build_image "$image_digest" \
  -f "$plugin/Containerfile" \
  --build-arg "NODE_IMAGE=$base_tag" \
  --build-context "terraform=$work/terraform" \
  --build-context "providers=$work/providers" \
  --build-context "build=$work/build" \
  "$work/context"
