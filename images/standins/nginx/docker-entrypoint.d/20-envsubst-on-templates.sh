#!/bin/sh
# As in the official image: each *.template under /etc/nginx/templates becomes the file of the
# same path, less the suffix, under /etc/nginx/conf.d, with the environment's variables filled
# in (only variables that are set, and only those matching NGINX_ENVSUBST_FILTER if given).
set -e

ME=$(basename "$0")
template_dir="${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"
suffix="${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}"
output_dir="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"
filter="${NGINX_ENVSUBST_FILTER:-}"

say() {
    if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
        echo "$ME: $*"
    fi
}

[ -d "$template_dir" ] || exit 0
if [ ! -w "$output_dir" ]; then
    echo "$ME: ERROR: $template_dir exists, but $output_dir is not writable" >&2
    exit 0
fi

variables=$(env | cut -d= -f1 | grep -E -e "$filter" | sed 's/.*/${&}/' | tr '\n' ' ')
find "$template_dir" -follow -type f -name "*$suffix" -print | sort | while read -r template; do
    relative="${template#"$template_dir"/}"
    output="$output_dir/${relative%"$suffix"}"
    mkdir -p "$(dirname "$output")"
    say "Running envsubst on $template to $output"
    envsubst "$variables" <"$template" >"$output"
done
