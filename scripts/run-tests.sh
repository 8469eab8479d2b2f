#!/usr/bin/env bash
# Runs pytest in the given virtual environment with a throwaway PostgreSQL of its own
# (unless PRIORITISE_TEST_PG_URL already names one), stopped and deleted afterwards.
# Usage: scripts/run-tests.sh VENV [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$1"
shift
if [ -z "${PRIORITISE_TEST_PG_URL:-}" ]; then
  PRIORITISE_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/prioritise-pg.XXXXXX")"
  export PRIORITISE_PG_DIR
  trap 'bash scripts/start-postgres.sh stop >/dev/null 2>&1 || true' EXIT
  PRIORITISE_TEST_PG_URL="$(bash scripts/start-postgres.sh)"
  export PRIORITISE_TEST_PG_URL
fi
"$venv/bin/python" -m pytest "$@"
