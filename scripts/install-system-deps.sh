#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the browser tests, PostgreSQL for the
# workshop store's server tests. Idempotent; installs only what is missing (then it needs
# root or password-less sudo). Waits for another apt or dpkg run to finish rather than fail.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
run_as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 \
    || { echo "install-system-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  run_as_root=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive
wait_lock=(-o DPkg::Lock::Timeout=900)
# `apt-get update` gives up at once on a held lists lock: try again for up to 15 minutes
for attempt in $(seq 1 90); do
  if "${run_as_root[@]}" apt-get "${wait_lock[@]}" update -qq; then
    break
  fi
  [ "$attempt" -lt 90 ] || { echo "install-system-deps: apt-get update kept failing" >&2; exit 1; }
  echo "install-system-deps: apt is busy, waiting (attempt $attempt)" >&2
  sleep 10
done
"${run_as_root[@]}" apt-get "${wait_lock[@]}" install -y -qq --no-install-recommends \
  "${missing[@]}" fonts-liberation >/dev/null
