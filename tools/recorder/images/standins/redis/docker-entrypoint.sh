#!/bin/sh
# Behaves as the official redis image's entrypoint:
# - `docker run IMAGE --appendonly yes` (or a .conf file first) means `redis-server ...`;
# - started as root, redis-server gets what it finds in /data chowned to redis and drops to it;
# - files the server writes are private to it unless a umask was chosen;
# - unless a config file given first sets protected-mode itself, protected mode is turned
#   off, so other containers can connect without a password.
set -e

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi

if [ "$1" = "redis-server" ] && [ "$(id -u)" = "0" ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --clear-groups -- "$0" "$@"
fi

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
    if [ -z "$config" ] || ! grep -q '^protected-mode' "$config"; then
        set -- --protected-mode no "$@"
    fi
    if [ -n "$config" ]; then
        set -- "$config" "$@"
    fi
    set -- redis-server "$@"
fi

exec "$@"
