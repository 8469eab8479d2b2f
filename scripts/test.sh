#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs the whole suite on
# the locked versions (constraints.txt). Extra arguments go to pytest
# (e.g. `bash scripts/test.sh -k scenario`).
#
# Needs root or password-less sudo only to install Debian's Chromium and PostgreSQL when
# they are missing; everything else runs as the calling user. PRIORITISE_VENV chooses the
# virtual environment (default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${PRIORITISE_VENV:-.venv}"
bash scripts/install-system-deps.sh
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet -c constraints.txt -e '.[test]'
"$venv/bin/ruff" check src tests benchmarks app.py
"$venv/bin/mypy"
exec bash scripts/run-tests.sh "$venv" "$@"
