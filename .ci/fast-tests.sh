#!/usr/bin/env bash
# CI's test job: every tier but the stability soak (the check shards run the whole site; the
# weekly job runs `make stability`), with a JUnit report in REPORTS (default build/reports).
# Exits with pytest's status.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -gt 1 ]; then
    echo "usage: $0 [REPORTS]" >&2
    exit 2
fi
reports=${1:-build/reports}
mkdir -p "$reports"
.venv/bin/pytest -p no:cacheprovider -n 3 --dist loadgroup tests/unit tests/engine tests/site tests/browser \
    --junitxml "$reports/fast-tests.xml"
