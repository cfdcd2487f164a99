#!/usr/bin/env bash
# CI only: create a local stand-in for the `python:3.12-slim` base image when no registry can be reached.
#
# The real Dockerfile keeps `FROM python:3.12-slim` (what self-hosters pull). On a machine that cannot reach a
# container registry, this script builds a Debian bookworm rootfs with debootstrap (Debian's Python 3.11 and
# venv), adds the host's extra CA certificates (a TLS-intercepting proxy) so pip works inside `docker build`,
# and imports it under the same tag. Never used for release images.
#
# Usage: scripts/standin-base.sh [TAG]   (needs root, debootstrap and a running Docker engine)
set -euo pipefail

TAG="${1:-python:3.12-slim}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE="${DEBIAN_SUITE:-bookworm}"

if docker image inspect "$TAG" >/dev/null 2>&1; then
    echo "standin-base: $TAG already present"
    exit 0
fi
command -v debootstrap >/dev/null || { echo "standin-base: debootstrap is missing" >&2; exit 1; }

work="$(mktemp -d /var/tmp/standin-base.XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
echo "standin-base: debootstrap $SUITE into $rootfs (about a minute)"
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
    "$SUITE" "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2
    exit 1
}

# The host's extra CAs (the proxy's), so pip inside `docker build` trusts the intercepted TLS.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    chroot "$rootfs" update-ca-certificates >/dev/null
fi
# Behave like the official image: `python` on PATH, no EXTERNALLY-MANAGED marker. Debian's system pip is left
# out (with its dependencies it weighs ~20 MB more than the official image's pip, which would skew the size
# check): the Dockerfile only uses the pip that `python -m venv` installs from python3-venv's bundled wheel.
ln -sf /usr/bin/python3 "$rootfs/usr/local/bin/python"
rm -f "$rootfs"/usr/lib/python3*/EXTERNALLY-MANAGED
# Slim like the official image: no apt lists, docs or caches.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/usr/share/doc/* \
    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/* "$rootfs"/var/cache/debconf/*-old

tar -C "$rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV LANG=C.UTF-8' \
    -c 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
    -c 'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
    -c 'CMD ["python3"]' \
    - "$TAG" >/dev/null
echo "standin-base: imported $TAG ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}'))"
