#!/usr/bin/env bash
# Make sure a Docker engine answers. When none does and we are root on Debian, install
# docker.io (and mmdebstrap, which provisioning needs without Docker Hub) and start dockerd
# in the background. An engine that already runs is used as it is, never restarted.
set -euo pipefail

answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && answers; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ]; then
    echo "error: no Docker engine answers; start one (https://docs.docker.com/engine/install/) or run as root on Debian to have it installed" >&2
    exit 1
fi
if ! command -v dockerd >/dev/null 2>&1 || ! command -v mmdebstrap >/dev/null 2>&1; then
    echo "installing docker.io and mmdebstrap from Debian's packages" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io mmdebstrap >/dev/null
fi
if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix:///var/run/docker.sock" ]; then
    echo "error: DOCKER_HOST=${DOCKER_HOST} does not answer; not starting a local engine in its place" >&2
    exit 1
fi
echo "starting dockerd in the background (log: /var/log/dockerd-tutorial.log)" >&2
nohup dockerd >/var/log/dockerd-tutorial.log 2>&1 &
for _ in $(seq 1 120); do
    if answers; then
        exit 0
    fi
    sleep 0.5
done
echo "error: dockerd did not answer within 60s; see /var/log/dockerd-tutorial.log" >&2
exit 1
