#!/bin/sh
# Small counterpart of the official redis image's entrypoint:
# - `docker run IMAGE --appendonly yes` means `redis-server --appendonly yes`;
# - started as root, redis-server gets /data chowned to redis and drops to it;
# - unless a config file sets protected-mode itself, protected mode is turned
#   off, so other containers can connect without a password (the official
#   image does the same).
set -e

case "$1" in
    -*|*.conf) set -- redis-server "$@" ;;
esac

if [ "$1" = "redis-server" ] && [ "$(id -u)" = "0" ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

# Files the server creates are private to it, unless a umask was chosen.
if [ "$(umask)" = "0022" ]; then
    umask 0077
fi

if [ "$1" = "redis-server" ]; then
    shift
    config=
    if [ -f "${1:-}" ]; then
        config="$1"
        shift
    fi
    if [ -n "$config" ] && grep -q '^protected-mode' "$config"; then
        set -- "$@"
    else
        set -- --protected-mode no "$@"
    fi
    if [ -n "$config" ]; then
        set -- "$config" "$@"
    fi
    set -- redis-server "$@"
fi

exec "$@"
