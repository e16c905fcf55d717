#!/bin/sh
# Behaves as the official nginx image's entrypoint: when the command is nginx, the scripts in
# /docker-entrypoint.d/ run first in version order (*.envsh sourced, *.sh run), and each step
# is told on stdout unless NGINX_ENTRYPOINT_QUIET_LOGS is set. Then the command replaces it.
set -e

say() {
    if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
        echo "$@"
    fi
}

if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
    if [ -n "$(find /docker-entrypoint.d/ -mindepth 1 -maxdepth 1 -type f -print -quit 2>/dev/null)" ]; then
        say "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        say "$0: Looking for shell scripts in /docker-entrypoint.d/"
        for script in $(find /docker-entrypoint.d/ -follow -type f -print | sort -V); do
            case "$script" in
                *.envsh | *.sh)
                    if [ ! -x "$script" ]; then
                        say "$0: Ignoring $script, not executable"
                    elif [ "${script%.envsh}" != "$script" ]; then
                        say "$0: Sourcing $script"
                        . "$script"
                    else
                        say "$0: Launching $script"
                        "$script"
                    fi
                    ;;
                *)
                    say "$0: Ignoring $script"
                    ;;
            esac
        done
        say "$0: Configuration complete; ready for start up"
    else
        say "$0: No files found in /docker-entrypoint.d/, skipping configuration"
    fi
fi

exec "$@"
