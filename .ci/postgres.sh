#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL cluster on 127.0.0.1 for the store tests.
#
#   eval "$(bash .ci/postgres.sh)"     # sets PRESSLENS_TEST_PG=postgresql://...
#
# Installs the server with apt if it is missing, initialises a cluster in
# $PRESSLENS_PG_DIR (default /tmp/presslens-pg) owned by the postgres user,
# trust auth on loopback only, on a free port, and creates the database
# presslens_test. Idempotent: a running cluster is reused (same port), so a
# second call takes well under a second. Logs go to stderr; stdout carries
# only the export line. Stop it with:
#   su postgres -c "pg_ctl -D /tmp/presslens-pg/data stop"
set -euo pipefail

DIR="${PRESSLENS_PG_DIR:-/tmp/presslens-pg}"
DATA="$DIR/data"
DB=presslens_test
log() { echo "postgres.sh: $*" >&2; }

pgbin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        if [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
    return 1
}

if ! BIN="$(pgbin)"; then
    log "installing postgresql with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BIN="$(pgbin)"
fi

RUNAS=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" postgres
    RUNAS=(runuser -u postgres --)
fi

mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR"

if [ -f "$DIR/port" ] && "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    PORT="$(cat "$DIR/port")"
    log "reusing the cluster in $DATA on port $PORT"
else
    if [ ! -f "$DATA/PG_VERSION" ]; then
        log "initialising a cluster in $DATA"
        "${RUNAS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 \
            --no-sync >/dev/null
    fi
    PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    echo "$PORT" > "$DIR/port"
    log "starting PostgreSQL on 127.0.0.1:$PORT"
    "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2
fi

if ! "${RUNAS[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB'" postgres | grep -q 1; then
    "${RUNAS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
fi
echo "export PRESSLENS_TEST_PG=postgresql://postgres@127.0.0.1:$PORT/$DB"
