#!/usr/bin/env bash
# CI's fast tests: everything but the whole-site `slow` ones (README: make test runs those too),
# with a JUnit report in REPORTS (default build/reports). Exits with pytest's status.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -gt 1 ]; then
    echo "usage: $0 [REPORTS]" >&2
    exit 2
fi
reports=${1:-build/reports}
mkdir -p "$reports"
.venv/bin/pytest -m "not slow" --junitxml "$reports/fast-tests.xml"
