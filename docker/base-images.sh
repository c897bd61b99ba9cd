#!/usr/bin/env bash
# Makes the base images the project's Dockerfiles and docker-compose.yml use, from Debian
# packages only, for machines that reach Debian's mirror but no container registry
# (debootstrap + apt + `docker import`). Elsewhere you don't need it: the Dockerfiles
# default to public images (eclipse-temurin, redis, prom/prometheus).
#
#   docker/base-images.sh [--force]      (as root; ~3 min the first time, ~700 MB)
#
# Makes, unless already present with the same packages (--force: again):
#   hybrid-cdn/base-jre:17        Debian 12 minbase + OpenJDK 17 JRE, curl, the ffmpeg
#                                 prerequisites (libpulse0, libxcb-shm0), tini, the WebRTC
#                                 natives' (libudev1 libdbus-1-3 libx11-6 libxfixes3
#                                 libxrandr2 libxcomposite1)
#   hybrid-cdn/redis:7            Debian's redis-server (7.0)
#   hybrid-cdn/prometheus:2       Debian's prometheus (2.42) and promtool
set -euo pipefail

FORCE=false
[ "${1:-}" = "--force" ] && FORCE=true
MIRROR=${MIRROR:-http://deb.debian.org/debian}
WORK=${WORK:-/var/tmp/hybrid-cdn-rootfs}
PATH_ENV='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

if [ "$(id -u)" != 0 ]; then
  echo "error: run as root (debootstrap and chroot need it)" >&2
  exit 2
fi
command -v docker >/dev/null || { echo "error: no docker command (apt-get install docker.io)" >&2; exit 2; }
docker info >/dev/null 2>&1 || { echo "error: the Docker engine does not answer (start dockerd)" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null

# made with these packages: an image from an older package list is made again
present() {
  [ "$(docker image inspect -f '{{index .Config.Labels "hybrid-cdn.packages"}}' "$1" 2>/dev/null)" = "$2" ]
}

minbase() {
  if [ ! -x "$WORK/minbase/usr/bin/apt-get" ]; then
    rm -rf "$WORK/minbase"
    mkdir -p "$WORK"
    echo "debootstrap bookworm (minbase) into $WORK/minbase"
    debootstrap --variant=minbase bookworm "$WORK/minbase" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
      || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
  fi
}

# flavor NAME IMAGE "packages" "extra import changes"...
flavor() {
  local name=$1 image=$2 packages=$3
  shift 3
  if present "$image" "$packages" && [ "$FORCE" = false ]; then
    echo "$image: present"
    return
  fi
  minbase
  local dir="$WORK/$name"
  rm -rf "$dir"
  cp -a "$WORK/minbase" "$dir"
  # no service may start inside the chroot while packages are installed
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod +x "$dir/usr/sbin/policy-rc.d"
  mount -t proc proc "$dir/proc"
  trap "umount '$dir/proc' 2>/dev/null || true" RETURN
  echo "$image: installing $packages"
  chroot "$dir" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $packages >"$WORK/$name.log" 2>&1 || { tail -20 "$WORK/$name.log" >&2; exit 1; }
  chroot "$dir" apt-get clean
  [ -z "${SETUP:-}" ] || chroot "$dir" /bin/sh -c "$SETUP"
  umount "$dir/proc"
  rm -rf "$dir/usr/sbin/policy-rc.d" "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin \
    "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/tmp/*
  # what a container runtime writes and debootstrap leaves empty
  printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$dir/etc/hosts"
  local changes=(-c "$PATH_ENV" -c "LABEL hybrid-cdn.packages=\"$packages\"")
  for change in "$@"; do changes+=(-c "$change"); done
  tar --numeric-owner -C "$dir" -c . | docker import "${changes[@]}" - "$image" >/dev/null
  rm -rf "$dir"
  echo "$image: made ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%d MB", $1/1e6}'))"
}

flavor jre hybrid-cdn/base-jre:17 \
  "openjdk-17-jre-headless curl ca-certificates libpulse0 libxcb-shm0 tini libudev1 libdbus-1-3 libx11-6 libxfixes3 libxrandr2 libxcomposite1" \
  'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' 'ENV LANG=C.UTF-8'
flavor redis hybrid-cdn/redis:7 "redis-server" \
  'USER redis' 'EXPOSE 6379' 'CMD ["redis-server", "--protected-mode", "no", "--save", "", "--appendonly", "no"]'
# its data directory, owned by its user (a volume mounted there takes over the owner)
SETUP='install -d -o prometheus -g prometheus /prometheus' flavor prometheus hybrid-cdn/prometheus:2 "prometheus ca-certificates" \
  'USER prometheus' 'EXPOSE 9090' 'WORKDIR /prometheus' \
  'ENTRYPOINT ["/usr/bin/prometheus"]' \
  'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]'
