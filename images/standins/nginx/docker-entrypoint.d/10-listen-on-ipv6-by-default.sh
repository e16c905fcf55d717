#!/bin/sh
# As in the official image: the default server also listens on IPv6, unless the container has
# no IPv6, default.conf was changed or cannot be written, or it listens there already.
set -e

ME=$(basename "$0")
CONF=/etc/nginx/conf.d/default.conf

say() {
    if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
        echo "$ME: info: $*"
    fi
}

if [ ! -f /proc/net/if_inet6 ]; then
    say "ipv6 not available"
    exit 0
fi
if [ ! -f "$CONF" ]; then
    say "$CONF is not a file or does not exist"
    exit 0
fi
if ! touch "$CONF" 2>/dev/null; then
    say "can not modify $CONF (read-only file system?)"
    exit 0
fi
if grep -q 'listen  \[::\]:80;' "$CONF"; then
    say "IPv6 listen already enabled"
    exit 0
fi

say "Getting the checksum of $CONF"
if ! md5sum --check --status /usr/share/nginx/default.conf.md5 2>/dev/null; then
    say "$CONF differs from the packaged version"
    exit 0
fi

sed -i 's/^\( *\)listen       80;$/&\n\1listen  [::]:80;/' "$CONF"
say "Enabled listen on IPv6 in $CONF"
