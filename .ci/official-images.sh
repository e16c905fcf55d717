#!/usr/bin/env bash
# The weekly run with Docker Hub's official images where the recordings used stand-ins.
# Its diff against the recordings, REPORTS/official.diff (with .xml and .json beside it), is the
# measured list of how the stand-ins differ. Differences are the expected result, not a failure:
# this exits 0 when check ran to the end (status 0 or 1 with its report written) and with
# check's own status when it could not (bad input, interrupted, engine or provisioning failure).
#   PROJECT_ROOT  the project to check (default: this repository)
#   RECORDER      the recorder command (default: the project venv's)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

if [ $# -gt 1 ]; then
    echo "usage: $0 [REPORTS]" >&2
    exit 2
fi
reports=${1:-build/reports}
mkdir -p "$reports"
rm -f "$reports/official.json"

status=0
"${RECORDER:-$here/.venv/bin/recorder}" --root "${PROJECT_ROOT:-$here}" check --image-source official \
    --junit "$reports/official.xml" --json "$reports/official.json" --diff "$reports/official.diff" || status=$?
case $status in
    0)
        echo "official images: every output matches the recordings" >&2
        ;;
    1)
        if [ ! -f "$reports/official.json" ]; then
            echo "official images: check failed before it could report (exit status 1)" >&2
            exit 1
        fi
        echo "official images: differences from the recordings are in $reports/official.diff" >&2
        ;;
    *)
        echo "official images: check failed (exit status $status)" >&2
        exit "$status"
        ;;
esac
