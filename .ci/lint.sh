#!/usr/bin/env bash
# Every static check (make lint; make test and CI's lint job run it): ruff, mypy --strict on the
# recorder, shellcheck, the GitHub workflows against GitHub's schema (offline, vendored in
# check-jsonschema), YAML syntax, and every recorded output exactly as the recorder wrote it
# (no engine needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin

"$bin/ruff" check tools tests .ci
"$bin/ruff" format --check tools tests .ci
"$bin/mypy"
shellcheck .ci/run .ci/*.sh tools/*.sh
"$bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
"$bin/check-jsonschema" --builtin-schema custom.github-workflows-require-timeout .github/workflows/*.yml
git ls-files -z --cached --others --exclude-standard -- '*.yml' '*.yaml' | xargs -0 "$bin/python" .ci/check-yaml.py
"$bin/recorder" verify-outputs
