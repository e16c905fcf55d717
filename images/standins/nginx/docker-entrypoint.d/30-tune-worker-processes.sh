#!/bin/sh
# As in the official image: with NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE set, nginx runs as
# many workers as CPUs the container may use (its cgroup's CPU limit), not as the host has.
set -e

ME=$(basename "$0")
CONF=/etc/nginx/nginx.conf

[ -n "${NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE:-}" ] || exit 0
if ! touch "$CONF" 2>/dev/null; then
    echo "$ME: error: can not modify $CONF (read-only file system?)"
    exit 0
fi

cpus=$(nproc)
if read -r quota period </sys/fs/cgroup/cpu.max 2>/dev/null && [ "$quota" != "max" ]; then
    limit=$(((quota + period - 1) / period))
    if [ "$limit" -lt "$cpus" ]; then
        cpus=$limit
    fi
fi
sed -i "s/^worker_processes .*/worker_processes  $cpus;/" "$CONF"
