#!/usr/bin/env bash
# Builds the suite's images from the jars `./mvnw package` made (packages them first when a
# jar is missing), tagged hybrid-cdn/<module>:<project version> and :latest.
#
#   docker/build-images.sh [module…]        (default: every service and the sim-client)
#
# BASE_IMAGE chooses the Java base image: default hybrid-cdn/base-jre:17 when present
# (made by docker/base-images.sh, for machines without a registry), else eclipse-temurin:17-jre.
# PREFIX (default hybrid-cdn) and TAG (default the project version) name the images.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=$(sed -n 's:^\t<version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
PREFIX=${PREFIX:-hybrid-cdn}
TAG=${TAG:-$VERSION}
if [ -z "${BASE_IMAGE:-}" ]; then
  if [ -n "$(docker images -q hybrid-cdn/base-jre:17 2>/dev/null)" ]; then
    BASE_IMAGE=hybrid-cdn/base-jre:17
  else
    BASE_IMAGE=eclipse-temurin:17-jre
  fi
fi

# module → port, health path, packages the image needs, jar classifier, layered (Spring Boot app)
spec() {
  case "$1" in
    origin-service)     echo "8081 /actuator/health/readiness curl,libpulse0,libxcb-shm0 - true" ;;
    edge-cache-service) echo "8082 /actuator/health/readiness curl - true" ;;
    tracker-service)    echo "8090 /actuator/health/readiness curl - true" ;;
    signaling-service)  echo "8091 /actuator/health/readiness curl - true" ;;
    router-service)     echo "8080 /actuator/health/readiness curl - true" ;;
    # the WebRTC natives (--transport webrtc) link PulseAudio, udev, D-Bus and X11 client libraries
    sim-client)         echo "9400 /metrics curl,libpulse0,libudev1,libdbus-1-3,libx11-6,libxfixes3,libxrandr2,libxcomposite1 exec false" ;;
    *) echo "error: no image for module $1 (known: origin-service edge-cache-service tracker-service signaling-service router-service sim-client)" >&2
       return 2 ;;
  esac
}

modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(origin-service edge-cache-service tracker-service signaling-service router-service sim-client)

jar() {
  local module=$1 classifier=$2
  if [ "$classifier" = - ]; then echo "target/$module-$VERSION.jar"; else echo "target/$module-$VERSION-$classifier.jar"; fi
}

missing=()
for module in "${modules[@]}"; do
  read -r _ _ _ classifier _ <<<"$(spec "$module")"
  [ -f "$module/$(jar "$module" "$classifier")" ] || missing+=("$module")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "packaging ${missing[*]} (./mvnw package -DskipTests)"
  ./mvnw -q -B -ntp package -DskipTests -pl "$(IFS=,; echo "${missing[*]}")" -am
fi

echo "base image: $BASE_IMAGE"
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
for module in "${modules[@]}"; do
  read -r port health packages classifier layered <<<"$(spec "$module")"
  launch=org.springframework.boot.loader.launch.JarLauncher
  [ "$layered" = true ] || launch="-jar app.jar"
  image="$PREFIX/$module"
  start=$(date +%s)
  # the context is the jar alone: nothing else of the module is sent to the engine
  cp "$module/$(jar "$module" "$classifier")" "$context/app.jar"
  docker build -q -f docker/Dockerfile \
    --build-arg BASE_IMAGE="$BASE_IMAGE" \
    --build-arg PORT="$port" \
    --build-arg HEALTH_PATH="$health" \
    --build-arg PACKAGES="${packages//,/ }" \
    --build-arg LAYERED="$layered" \
    --build-arg LAUNCH="$launch" \
    --label org.opencontainers.image.title="$module" \
    --label org.opencontainers.image.version="$VERSION" \
    -t "$image:$TAG" -t "$image:latest" "$context" >"$context/build.log" 2>&1 \
    || { cat "$context/build.log" >&2; exit 1; }
  echo "$image:$TAG ($(( $(date +%s) - start )) s, $(docker image inspect -f '{{.Size}}' "$image:$TAG" | awk '{printf "%d MB", $1/1e6}'))"
done
