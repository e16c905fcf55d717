#!/bin/sh
# Behaves as the official redis image's entrypoint (Redis 8):
# - `docker run IMAGE --appendonly yes` (or a .conf file first) means `redis-server ...`;
# - started as root, the server drops to the redis user with no capabilities, after taking
#   ownership of /data when it holds only what Redis writes there (*.rdb, appendonlydir);
#   SKIP_FIX_PERMS=1 and SKIP_DROP_PRIVS=1 turn either off;
# - files the server writes are private to it unless a umask was chosen;
# - protected mode is off unless a config file given first sets it (the official image
#   changes the default in its build instead), so other containers can connect;
# - it says "Starting Redis Server" and loads the modules in /usr/local/lib/redis/modules/.
set -e

MODULES=/usr/local/lib/redis/modules
NOTICE="Use SKIP_FIX_PERMS=1 to skip permission changes."

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi

server=
if [ "$(basename "$1")" = "redis-server" ]; then
    server=1
fi

if [ -n "$server" ] && [ -z "${SKIP_DROP_PRIVS:-}" ] && [ "$(id -u)" = "0" ]; then
    if [ -z "${SKIP_FIX_PERMS:-}" ]; then
        unknown=$(find . -mindepth 1 -maxdepth 1 \! \( -name '*.rdb' -o \( -type d -name appendonlydir \) \) -print -quit)
        if [ -z "$unknown" ]; then
            find . \! -user redis -exec chown redis '{}' +
        else
            echo "Notice: Unknown file '$unknown' found in data dir. Permissions will not be modified. $NOTICE"
        fi
    fi
    exec setpriv --reuid=redis --regid=redis --clear-groups --nnp \
        --inh-caps=-all --ambient-caps=-all --bounding-set=-all -- "$0" "$@"
fi

if [ "$(umask)" = "0022" ]; then
    umask 0077
fi

if [ -n "$server" ]; then
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

    echo "Starting Redis Server"
    for module in "$MODULES"/*.so; do
        if [ -f "$module" ] && [ -s "$module" ] && [ -r "$module" ] && [ -x "$module" ]; then
            set -- "$@" --loadmodule "$module"
        elif [ -e "$module" ]; then
            echo "Skipping module $module: not a readable, executable, non-empty file."
        fi
    done
fi

exec "$@"
