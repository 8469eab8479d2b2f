#!/usr/bin/env bash
# The whole suite against the newest release of every dependency that pyproject.toml allows
# (not the lock): run it to learn early that a new release breaks something, before users
# meet it. Uses its own environment (.venv-latest), made afresh each time. Extra arguments go
# to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${PRIORITISE_VENV:-.venv-latest}"
bash scripts/install-system-deps.sh
python3 -m venv --clear "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
echo "test-latest: newest allowed versions, where they differ from constraints.txt:" >&2
"$venv/bin/python" -m pip list --format=freeze 2>/dev/null | tr 'A-Z_' 'a-z-' | sort >"$venv/installed.txt"
grep -E '^[a-z0-9._-]+==' constraints.txt | sed 's/ .*//' | tr 'A-Z_' 'a-z-' | sort \
    | comm -13 - "$venv/installed.txt" | grep -v '^prioritise==' | sed 's/^/  /' >&2 || true
"$venv/bin/mypy"
exec bash scripts/run-tests.sh "$venv" "$@"
