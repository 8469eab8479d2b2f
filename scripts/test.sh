#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs the whole suite.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k scenario`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/ruff check src tests benchmarks app.py
if [ -z "${PRIORITISE_TEST_PG_URL:-}" ]; then
  PRIORITISE_TEST_PG_URL="$(bash scripts/start-postgres.sh)"
  export PRIORITISE_TEST_PG_URL
  trap 'bash scripts/start-postgres.sh stop >/dev/null 2>&1 || true' EXIT
fi
.venv/bin/python -m pytest "$@"
