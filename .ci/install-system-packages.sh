#!/usr/bin/env bash
# Installs the Debian packages the test suites use, when they are missing: git (GitOps), podman and
# runc (container runner), mmdebstrap (the CSOC image's local base), bubblewrap (process sandbox),
# iproute2 (network-namespace test hosts), openssl (test certificates),
# chromium (browser tests), prometheus.
set -euo pipefail
needed=()
command -v git >/dev/null || needed+=(git)
command -v podman >/dev/null || needed+=(podman runc)
# The CSOC image test builds its Debian base with mmdebstrap (deploy/container/buildLocalImage.sh).
command -v mmdebstrap >/dev/null || needed+=(mmdebstrap)
command -v bwrap >/dev/null || needed+=(bubblewrap)
# deploy/compose/composeStack.test.ts brings compose.yaml up with podman-compose; podman's CNI networks resolve
# the service names (postgres, csoc) through the dnsname plugin.
command -v podman-compose >/dev/null || needed+=(podman-compose)
[ -e /usr/lib/cni/dnsname ] || needed+=(golang-github-containernetworking-plugin-dnsname)
# The multi-host tests make their hosts with `ip netns`; the TLS test certificates come from openssl.
command -v ip >/dev/null || needed+=(iproute2)
command -v openssl >/dev/null || needed+=(openssl)
command -v chromium >/dev/null || needed+=(chromium)
command -v prometheus >/dev/null || needed+=(prometheus)
if [ "${#needed[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing system packages: ${needed[*]} (install them, or run as root)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi
# The container runner's podman settings (runc, cgroupfs, file events, no default network), unless the
# machine already has its own.
if [ ! -e /etc/containers/containers.conf ] && [ "$(id -u)" -eq 0 ]; then
  install -D -m 0644 "$(dirname "$0")/../deploy/podman/containers.conf" /etc/containers/containers.conf
fi
command -v terraform >/dev/null || command -v tofu >/dev/null || {
  echo "neither terraform nor tofu is on PATH; the plugin tests need one" >&2
  exit 1
}
