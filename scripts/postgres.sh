#!/usr/bin/env bash
# Starts a throwaway local PostgreSQL for the Storage tests and prints its URL, the only line on stdout:
#
#     export SWIFTLET_TEST_DATABASE_URL="$(scripts/postgres.sh)"
#
# Idempotent: installs PostgreSQL from Debian's packages when it is missing, creates the cluster once (in
# $SWIFTLET_PG_DIR, default /tmp/swiftlet-pg), starts it when it is not running, and creates the role `swiftlet`
# (password `swiftlet`) and the database `swiftlet_test`. It listens on 127.0.0.1 only, port $SWIFTLET_PG_PORT
# (default 55432), with passwords required over TCP. PostgreSQL refuses to run as root, so as root the cluster
# belongs to the `postgres` user; as anyone else it belongs to that user. The cluster trades durability for speed
# (fsync off): it holds test data only.
set -euo pipefail

# Progress goes to stderr; the URL alone goes to the real stdout (fd 3).
exec 3>&1 1>&2

PG_DIR="${SWIFTLET_PG_DIR:-/tmp/swiftlet-pg}"
PG_PORT="${SWIFTLET_PG_PORT:-55432}"
URL="postgres://swiftlet:swiftlet@127.0.0.1:${PG_PORT}/swiftlet_test"

log() { echo "postgres.sh: $*"; }

# The server binaries: Debian keeps them in /usr/lib/postgresql/<version>/bin, off PATH.
find_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        echo "$dir"
    elif command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(readlink -f "$(command -v initdb)")"
    fi
}

BIN="$(find_bin)"
if [ -z "$BIN" ]; then
    log "installing PostgreSQL from Debian's packages"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql
    BIN="$(find_bin)"
    if [ -z "$BIN" ]; then
        log "PostgreSQL is installed but initdb/pg_ctl are not in /usr/lib/postgresql/*/bin"
        exit 1
    fi
fi

# Runs a command as the cluster's owner.
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
    fi
    as_owner() { runuser -u postgres -- "$@"; }
    OWNER=postgres
else
    as_owner() { "$@"; }
    OWNER="$(id -un)"
fi

if [ ! -f "$PG_DIR/PG_VERSION" ]; then
    log "creating a cluster in $PG_DIR"
    mkdir -p "$PG_DIR"
    chown "$OWNER" "$PG_DIR"
    chmod 700 "$PG_DIR"
    as_owner "$BIN/initdb" -D "$PG_DIR" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$PG_DIR/postgresql.conf" <<EOF

# Added by scripts/postgres.sh: a local test cluster.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
fi

if as_owner "$BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
    log "already running"
else
    log "starting on 127.0.0.1:$PG_PORT (log: $PG_DIR/server.log)"
    # The server must not inherit fd 3: it outlives this script, and a caller reading the URL through `$(...)` waits
    # for every writer of that pipe to close it.
    as_owner "$BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null 3>&-
fi

for _ in $(seq 1 60); do
    if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then break; fi
    sleep 0.5
done
if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    log "PostgreSQL did not become ready on 127.0.0.1:$PG_PORT (see $PG_DIR/server.log)"
    exit 1
fi

# Superuser statements over the cluster's own socket (trusted), as the cluster owner.
psql_admin() { as_owner "$BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'swiftlet'")" != "1" ]; then
    log "creating role swiftlet"
    psql_admin -c "CREATE ROLE swiftlet LOGIN PASSWORD 'swiftlet'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'swiftlet_test'")" != "1" ]; then
    log "creating database swiftlet_test"
    psql_admin -c "CREATE DATABASE swiftlet_test OWNER swiftlet"
fi

echo "$URL" >&3
