#!/usr/bin/env bash
# Start Podman's Docker-compatible API (rootful) for the gateway's Podman tests and for classrooms
# that use Podman instead of dockerd, and give it busybox:latest without a registry.
#
#   sudo bash tests/server/podman-service.sh        (apt-get install -y podman busybox-static first)
#
# Idempotent: when the socket already answers, only busybox:latest is ensured. Nothing under /etc is
# touched: the configuration is written to $CC_PODMAN_DIR (default /run/cc-podman) and passed with
# CONTAINERS_CONF / CONTAINERS_STORAGE_CONF:
#   - cgroup_manager=cgroupfs and events_logger=file: there may be no systemd and no journald;
#   - default_ulimits within this process's hard limits: as root, Podman otherwise asks the runtime
#     for nofile=1048576, which fails ("error setting rlimit type 7") without CAP_SYS_RESOURCE;
#   - storage driver overlay, or vfs (its own graphroot) where overlay cannot mount (e.g. inside a
#     container on overlayfs);
#   - network backend netavark when installed (Debian 12 installs it with podman), else CNI;
#   - runtime crun when installed, else runc.
# Podman and dockerd coexist on one host: each keeps its own iptables chains (NETAVARK_*, DOCKER*).
#
# Env: CC_PODMAN_SOCK (default /run/podman/podman.sock), CC_PODMAN_DIR, BB (default /bin/busybox).
# Exit 0 when the socket answers /_ping and has busybox:latest; 1 otherwise (log: $CC_PODMAN_DIR/service.log).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SOCK=${CC_PODMAN_SOCK:-/run/podman/podman.sock}
DIR=${CC_PODMAN_DIR:-/run/cc-podman}
BB=${BB:-/bin/busybox}

if [ "$(id -u)" -ne 0 ]; then
  echo "podman-service: run as root (the gateway tests need rootful Podman, like dockerd)" >&2
  exit 1
fi
if ! command -v podman >/dev/null 2>&1; then
  echo "podman-service: podman is not installed (apt-get install -y podman)" >&2
  exit 1
fi

# node is there wherever the tests run (curl may not be).
ping() {
  node -e 'require("http").get({ socketPath: process.argv[1], path: "/_ping", timeout: 3000 }, (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on("error", () => process.exit(1)).on("timeout", () => process.exit(1))' "$SOCK" >/dev/null 2>&1
}

mkdir -p "$DIR" "$(dirname "$SOCK")"
export CONTAINERS_CONF="$DIR/containers.conf" CONTAINERS_STORAGE_CONF="$DIR/storage.conf"

if [ ! -f "$CONTAINERS_CONF" ] || [ ! -f "$CONTAINERS_STORAGE_CONF" ]; then
  nofile=$(ulimit -Hn)
  [ "$nofile" = unlimited ] || [ "$nofile" -gt 1048576 ] && nofile=1048576
  nproc=$(ulimit -Hu)
  [ "$nproc" = unlimited ] || [ "$nproc" -gt 4096 ] && nproc=4096
  netbackend=cni
  for p in /usr/lib/podman/netavark /usr/libexec/podman/netavark; do [ -x "$p" ] && netbackend=netavark; done
  runtime=runc
  command -v crun >/dev/null 2>&1 && runtime=crun
  cat >"$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "$runtime"

[network]
network_backend = "$netbackend"
EOF
  driver=overlay
  graphroot=/var/lib/containers/storage
  printf '[storage]\ndriver = "overlay"\nrunroot = "/run/containers/storage"\ngraphroot = "%s"\n' "$graphroot" >"$CONTAINERS_STORAGE_CONF"
  if ! podman info >/dev/null 2>"$DIR/overlay-probe.log"; then
    driver=vfs
    graphroot=/var/lib/containers/storage-vfs
    printf '[storage]\ndriver = "vfs"\nrunroot = "/run/containers/storage-vfs"\ngraphroot = "%s"\n' "$graphroot" >"$CONTAINERS_STORAGE_CONF"
  fi
  echo "podman-service: storage $driver in $graphroot, network $netbackend, runtime $runtime, ulimits nofile=$nofile nproc=$nproc"
fi

if ping; then
  echo "podman-service: $SOCK already answers"
else
  rm -f "$SOCK"
  # setsid: the service outlives this script's process group. From /: conmon starts in the service's
  # working directory and fails every container start ("write child: broken pipe") once it is gone,
  # e.g. a CI checkout removed while the service keeps running.
  setsid env -C / podman system service --time=0 "unix://$SOCK" >"$DIR/service.log" 2>&1 </dev/null &
  for _ in $(seq 1 30); do
    ping && break
    sleep 0.5
  done
  if ! ping; then
    echo "podman-service: the service did not answer at $SOCK within 15 s; last log lines:" >&2
    tail -n 15 "$DIR/service.log" >&2 || true
    exit 1
  fi
  # Like /var/run/docker.sock: root and the docker group (which is root-equivalent anyway).
  if getent group docker >/dev/null 2>&1; then chgrp docker "$SOCK" && chmod 660 "$SOCK"; fi
  echo "podman-service: listening on unix://$SOCK (log: $DIR/service.log)"
fi

if podman image exists busybox:latest; then
  echo "podman-service: busybox:latest already present"
else
  if [ ! -x "$BB" ]; then
    echo "podman-service: $BB not found (apt-get install -y busybox-static)" >&2
    exit 1
  fi
  # Podman names the imported image localhost/busybox:latest; short names resolve to it, and the
  # gateway shows it as busybox:latest (src/server/compat.ts).
  if ! DOCKER=podman BB="$BB" bash "$HERE/../fidelity/build-busybox-image.sh" >"$DIR/import.log" 2>&1; then
    echo "podman-service: podman import of busybox failed:" >&2
    tail -n 15 "$DIR/import.log" >&2
    exit 1
  fi
  echo "podman-service: imported busybox:latest from $BB"
fi
# A container must start, or the tests fail later with less obvious errors.
if ! out=$(podman run --rm --network none busybox:latest echo podman-ok 2>&1) || [ "$out" != podman-ok ]; then
  echo "podman-service: a test container did not run: $out" >&2
  exit 1
fi
echo "podman-service: ok"
