#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 for the workshop-store tests and print the
# SQLAlchemy URL to use, e.g.
#
#     export PRIORITISE_PG_DIR="$(mktemp -d)"
#     export PRIORITISE_TEST_PG_URL="$(scripts/start-postgres.sh)"
#     pytest tests -m postgres
#     scripts/start-postgres.sh stop      # stop the cluster and delete its folder
#
# Runs as any user: as root the server runs as the "postgres" user (PostgreSQL refuses to
# run as root), otherwise as the calling user; no sudo needed. It is idempotent: a second
# call with the same folder reuses the running cluster and prints the same URL. Only the URL
# goes to stdout. scripts/run-tests.sh gives every test run a folder of its own, so two runs
# on one machine never share a data directory or a port.
#
# Settings (environment): PRIORITISE_PG_DIR (default /tmp/prioritise-pg-$USER), PRIORITISE_PG_PORT
# (first port tried, default 55432; the next free one is taken if it is busy),
# PRIORITISE_PG_DB (default prioritise_test).
#
# The cluster trusts every connection from 127.0.0.1 and runs with fsync off: it is for tests
# only, never for real workshop data.
set -euo pipefail

DIR="${PRIORITISE_PG_DIR:-/tmp/prioritise-pg-$(id -un)}"
FIRST_PORT="${PRIORITISE_PG_PORT:-55432}"
DB="${PRIORITISE_PG_DB:-prioritise_test}"
DATA="$DIR/data"

say() { echo "start-postgres: $*" >&2; }
die() { say "$*"; exit 1; }

BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$BIN" ] && [ -x "$BIN/pg_ctl" ] \
    || die "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (install Debian's postgresql)"

if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "no postgres user: install Debian's postgresql package first"
    as_server() { runuser -u postgres -- "$@"; }
    SERVER_USER=postgres
else
    as_server() { "$@"; }
    SERVER_USER="$(id -un)"
fi

if [ "${1:-}" = "stop" ]; then
    if [ -f "$DATA/PG_VERSION" ]; then
        as_server "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
    say "stopped and removed $DIR"
    exit 0
fi
[ $# -eq 0 ] || die "usage: start-postgres.sh [stop]"

mkdir -p "$DIR"
[ "$(id -u)" -ne 0 ] || chown "$SERVER_USER" "$DIR"
chmod 700 "$DIR"

if [ ! -f "$DATA/PG_VERSION" ]; then
    say "initialising a cluster in $DATA"
    as_server "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1 \
        || die "initdb failed; see $DIR/initdb.log"
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if as_server "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    PORT="$(cat "$DIR/port")"
    say "cluster already running on port $PORT"
else
    PORT="$FIRST_PORT"
    while true; do
        [ "$PORT" -lt $((FIRST_PORT + 200)) ] || die "no free port from $FIRST_PORT on"
        if port_busy "$PORT"; then
            PORT=$((PORT + 1))
            continue
        fi
        # another run may take the same port between the check and the start: then try the next
        if as_server "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 -o \
            "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=200 -c fsync=off -c full_page_writes=off" \
            start >/dev/null 2>&1; then
            break
        fi
        grep -q "could not bind\|could not create listen socket\|Address already in use" "$DIR/server.log" 2>/dev/null \
            || die "the server did not start; see $DIR/server.log"
        : >"$DIR/server.log"
        PORT=$((PORT + 1))
    done
    echo "$PORT" >"$DIR/port"
    say "cluster started on 127.0.0.1:$PORT"
fi

psql_admin() { as_server "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    as_server "$BIN/createdb" -h "$DIR" -p "$PORT" -U postgres "$DB"
    say "created database $DB"
fi

echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"
