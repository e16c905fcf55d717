#!/usr/bin/env bash
# CI's check of one shard: `recorder check --shard I/N` with its JUnit, JSON and drift reports
# written to REPORTS (default build/reports), whatever the outcome. Exits with check's status:
# 0 no drift, 1 drift or a failing snippet, 2 bad input, 130 interrupted.
# Extra arguments go to `recorder check` (for example --page NAME -j 2).
#   PROJECT_ROOT  the project to check (default: this repository)
#   RECORDER      the recorder command (default: the project venv's)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+/[0-9]+$ ]]; then
    echo "usage: $0 I/N [REPORTS] [recorder check arguments...]" >&2
    exit 2
fi
shard=$1
reports=${2:-build/reports}
shift $(($# < 2 ? $# : 2))
name="check-${shard/\//-of-}"
mkdir -p "$reports"

status=0
"${RECORDER:-$here/.venv/bin/recorder}" --root "${PROJECT_ROOT:-$here}" check --shard "$shard" \
    --junit "$reports/$name.xml" --json "$reports/$name.json" --diff "$reports/$name.diff" "$@" || status=$?
echo "check shard $shard: exit status $status; reports in $reports/$name.{xml,json,diff}" >&2
exit "$status"
