#!/usr/bin/env bash
# Install what the lint, build and test steps need that pip does not bring: Debian's shellcheck
# and, with --browser, Chromium for the browser tests (only where /usr/bin/chromium is missing:
# GitHub's Ubuntu runners ship one there). Then the project's venv (make .venv/bin/.installed).
# Used by .ci/run and by the GitHub workflow; runs as root or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=no
for argument in "$@"; do
    case $argument in
        --browser) browser=yes ;;
        *)
            echo "usage: $0 [--browser]" >&2
            exit 2
            ;;
    esac
done

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

packages=()
command -v shellcheck >/dev/null 2>&1 || packages+=(shellcheck)
if [ "$browser" = yes ] && [ ! -x /usr/bin/chromium ]; then
    packages+=(chromium chromium-driver)
fi
if [ ${#packages[@]} -gt 0 ]; then
    echo "installing ${packages[*]} from the distribution's packages" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi
make --no-print-directory .venv/bin/.installed
