#!/usr/bin/env bash
# Make sure the running dockerd has busybox:latest for the live fidelity tests
# (tests/fidelity/live.test.ts). No registry is reachable, so the image is
# built from Debian's busybox-static by build-busybox-image.sh — only when it
# is missing; an existing busybox:latest is left alone.
#
#   tests/fidelity/ensure-busybox.sh        (env: DOCKER=docker, BB=/bin/busybox)
#
# Exit 0 when busybox:latest is there afterwards; 1 when no daemon answers or
# no static busybox binary is available (apt-get install -y busybox-static).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DOCKER=${DOCKER:-docker}
BB=${BB:-/bin/busybox}

if ! "$DOCKER" info >/dev/null 2>&1; then
  echo "ensure-busybox: no Docker daemon answers ('$DOCKER info' failed)" >&2
  exit 1
fi
if "$DOCKER" image inspect busybox:latest >/dev/null 2>&1; then
  echo "ensure-busybox: busybox:latest already present"
  exit 0
fi
if [ ! -x "$BB" ]; then
  echo "ensure-busybox: $BB not found (apt-get install -y busybox-static)" >&2
  exit 1
fi
# A dynamically linked busybox (Debian's "busybox" package) cannot run in an
# image that has no libc: insist on the static build.
dynamic=no
if command -v readelf >/dev/null 2>&1; then
  readelf -l "$BB" 2>/dev/null | grep -q 'INTERP' && dynamic=yes
elif command -v ldd >/dev/null 2>&1; then
  ldd "$BB" >/dev/null 2>&1 && dynamic=yes
fi
if [ "$dynamic" = yes ]; then
  echo "ensure-busybox: $BB is dynamically linked; install busybox-static" >&2
  exit 1
fi
DOCKER="$DOCKER" BB="$BB" "$HERE/build-busybox-image.sh" >/dev/null
"$DOCKER" image inspect busybox:latest >/dev/null
echo "ensure-busybox: built busybox:latest from $BB"
