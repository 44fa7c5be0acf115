#!/usr/bin/env bash
# Builds the sim plugin's container image from this machine's own node and terraform binaries, so no
# registry is needed: a FROM-scratch root filesystem with node (and the shared libraries it links), the
# IaC engine (terraform or tofu), /bin/sh and sleep (the simulator's local-exec provisioners), and the
# plugin bundled by esbuild into one ES module with its manifest and Terraform module. Tags it localhost/csoc-plugin-sim:<manifest version>, the image the container
# runner uses for a plugin whose manifest names none. Skips the import when the same image already exists.
#
#   plugins/sim/scripts/buildLocalImage.sh [tag]        # CSOC_CONTAINER_CLI=docker to use docker
#
# Containerfile beside this script is the registry-based reference build of the same image.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
plugin="$repo/plugins/sim"
if [ -n "${CSOC_CONTAINER_CLI:-}" ]; then cli="$CSOC_CONTAINER_CLI"
elif command -v podman >/dev/null; then cli=podman
elif command -v docker >/dev/null; then cli=docker
else echo "buildLocalImage: neither podman nor docker is on PATH" >&2; exit 1; fi
version="$(node -p "require('$plugin/manifest.json').version")"
tag="${1:-localhost/csoc-plugin-sim:$version}"
node_bin="$(readlink -f "$(command -v node)")"
engine_bin="${CSOC_TF_BINARY:-$(command -v tofu || command -v terraform || true)}"
[ -n "$engine_bin" ] || { echo "buildLocalImage: neither tofu nor terraform is on PATH" >&2; exit 1; }
engine_bin="$(readlink -f "$engine_bin")"
engine_name="$(basename "$engine_bin")"
shell_bin="$(readlink -f "$(command -v dash || command -v sh)")"
sleep_bin="$(readlink -f "$(command -v sleep)")"

work="$(mktemp -d "${TMPDIR:-/tmp}/csoc-sim-image-XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/usr/local/bin" "$root/bin" "$root/opt/csoc-plugin/dist" "$root/tmp" "$root/etc"
chmod 1777 "$root/tmp"

# The plugin and the SDK (with ajv, typebox, semver) in one file: no tsx, no node_modules in the image.
"$repo/node_modules/.bin/esbuild" "$plugin/src/main.ts" --bundle --platform=node --format=esm \
  --target=node20 --log-level=warning --outfile="$root/opt/csoc-plugin/dist/main.mjs" \
  --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
cp "$plugin/manifest.json" "$root/opt/csoc-plugin/"
mkdir -p "$root/opt/csoc-plugin/terraform"
find "$plugin/terraform" -maxdepth 1 -type f -name '*.tf' -exec cp {} "$root/opt/csoc-plugin/terraform/" \;

cp "$node_bin" "$root/usr/local/bin/node"
cp "$engine_bin" "$root/usr/local/bin/$engine_name"
cp "$shell_bin" "$root/bin/sh"
cp "$sleep_bin" "$root/bin/sleep"
for binary in "$node_bin" "$engine_bin" "$shell_bin" "$sleep_bin"; do
  # Static binaries (terraform) list no libraries; dynamic ones list absolute paths, copied as they are.
  for lib in $(ldd "$binary" 2>/dev/null | grep -o '/[^ ]*' || true); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
done
printf 'root:x:0:0:root:/tmp:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

# Same inputs, same bytes: the tar's digest tells whether the existing image is already this one.
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/rootfs.tar" .
digest="$(sha256sum "$work/rootfs.tar" | cut -c1-64)"
existing="$("$cli" image inspect --format '{{ index .Config.Labels "org.gen3.csoc.rootfs" }}' "$tag" 2>/dev/null || true)"
if [ "$existing" = "$digest" ]; then
  echo "$tag is up to date"
  exit 0
fi
"$cli" import \
  --change 'ENTRYPOINT ["/usr/local/bin/node", "/opt/csoc-plugin/dist/main.mjs"]' \
  --change 'CMD ["describe"]' \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV CSOC_SIM_PLUGIN_DIR=/opt/csoc-plugin' \
  --change 'ENV NODE_ENV=production' \
  --change 'WORKDIR /opt/csoc-plugin' \
  --change "LABEL org.gen3.csoc.rootfs=$digest" \
  --change 'LABEL org.gen3.csoc.plugin=sim' \
  --change 'LABEL org.opencontainers.image.description="CSOC simulated cloud plugin (SIMULATED: creates no real resources)"' \
  "$work/rootfs.tar" "$tag" >/dev/null
echo "built $tag"
