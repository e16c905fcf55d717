#!/usr/bin/env bash
# Build the site for reading from the file system and pack it into one zip (make offline).
# Material's offline plugin (OFFLINE=true) keeps search working from file:// and gives
# NAME.html URLs; the zip holds one folder, docker-tutorial/, whose index.html is the start.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 ZIP" >&2
    exit 2
fi
zip_path=$(realpath -m "$1")
python=${PYTHON:-$(dirname "$0")/../.venv/bin/python}
case $python in
    */*) python=$(realpath -s "$python") ;;  # absolute, but not resolved: a venv's python is a symlink
esac
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
OFFLINE=true NO_MKDOCS_2_WARNING=1 "$python" -m mkdocs build --strict --quiet --site-dir "$work/docker-tutorial"
mkdir -p "$(dirname "$zip_path")"
rm -f "$zip_path"
(cd "$work" && "$python" -m zipfile -c "$zip_path" docker-tutorial)
echo "offline site: $zip_path (unzip it and open docker-tutorial/index.html)"
