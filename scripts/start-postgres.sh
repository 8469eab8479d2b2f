#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 for the workshop-store tests and print the
# SQLAlchemy URL to use, e.g.
#
#     export PRIORITISE_TEST_PG_URL="$(sudo scripts/start-postgres.sh)"
#     pytest tests/test_workshop.py tests/test_workshop_concurrency.py
#
#     sudo scripts/start-postgres.sh stop      # stop the cluster and delete its files
#
# Run as root (it runs the server as the "postgres" user). It is idempotent: a second call
# reuses the running cluster and prints the same URL. Only the URL goes to stdout.
#
# Settings (environment): PRIORITISE_PG_DIR (default /tmp/prioritise-pg), PRIORITISE_PG_PORT
# (first port tried, default 55432; the next free one is taken if it is busy),
# PRIORITISE_PG_DB (default prioritise_test).
#
# The cluster trusts every connection from 127.0.0.1 and runs with fsync off: it is for tests
# only, never for real workshop data.
set -euo pipefail

DIR="${PRIORITISE_PG_DIR:-/tmp/prioritise-pg}"
FIRST_PORT="${PRIORITISE_PG_PORT:-55432}"
DB="${PRIORITISE_PG_DB:-prioritise_test}"
DATA="$DIR/data"

say() { echo "start-postgres: $*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (the server itself runs as the postgres user)"
id postgres >/dev/null 2>&1 || die "no postgres user: install Debian's postgresql package first"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$BIN/pg_ctl" ] || die "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin"

as_postgres() { runuser -u postgres -- "$@"; }

if [ "${1:-}" = "stop" ]; then
    if [ -f "$DATA/PG_VERSION" ]; then
        as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
    say "stopped and removed $DIR"
    exit 0
fi
[ $# -eq 0 ] || die "usage: start-postgres.sh [stop]"

mkdir -p "$DIR"
chown postgres:postgres "$DIR"
chmod 700 "$DIR"

if [ ! -f "$DATA/PG_VERSION" ]; then
    say "initialising a cluster in $DATA"
    as_postgres "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C >"$DIR/initdb.log" 2>&1 \
        || die "initdb failed; see $DIR/initdb.log"
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if as_postgres "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    PORT="$(cat "$DIR/port")"
    say "cluster already running on port $PORT"
else
    PORT="$FIRST_PORT"
    while port_busy "$PORT"; do
        PORT=$((PORT + 1))
        [ "$PORT" -lt $((FIRST_PORT + 100)) ] || die "no free port from $FIRST_PORT on"
    done
    echo "$PORT" >"$DIR/port"
    as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 -o \
        "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=200 -c fsync=off -c full_page_writes=off" \
        start >/dev/null || die "the server did not start; see $DIR/server.log"
    say "cluster started on 127.0.0.1:$PORT"
fi

psql_admin() { as_postgres "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
    as_postgres "$BIN/createdb" -h "$DIR" -p "$PORT" -U postgres "$DB"
    say "created database $DB"
fi

echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"
