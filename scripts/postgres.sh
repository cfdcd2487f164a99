#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks (never for real data).
#
#   bash scripts/postgres.sh start DIR   # prints postgresql://careerbot:PASSWORD@127.0.0.1:PORT/careerbot
#   bash scripts/postgres.sh down DIR    # stops the server, keeps the cluster (port and password kept)
#   bash scripts/postgres.sh up DIR      # starts a stopped cluster again on the same port
#   bash scripts/postgres.sh stop DIR    # stops the server fast and removes DIR
#
# `start` installs PostgreSQL with apt-get only when no /usr/lib/postgresql/*/bin/initdb exists (root only),
# creates a cluster in DIR (owned by `postgres` when run as root: the server refuses to run as root), picks a
# free port, listens on 127.0.0.1 only with its socket in DIR, and creates the database `careerbot` owned by
# the user `careerbot` with a random password (TCP connections use scram-sha-256; the socket in DIR trusts
# local users, for administration). Durability is off (fsync, synchronous_commit) unless
# CAREERBOT_PG_DURABLE=1. `start` on a DIR that has a cluster (running, or stopped by `down`) starts it if
# needed and prints its URL again; a failed `start` stops what it started, removes DIR and prints the server
# log to stderr. `stop` and `down` on a missing or stopped DIR do nothing. DIR is removed only if this script
# created the cluster in it (marker file).
set -euo pipefail

usage() {
    echo "usage: $0 start|down|up|stop DIR" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
ACTION="$1"
DIR="$2"
[[ -n "$DIR" && "$DIR" != "/" ]] || usage
MARKER="$DIR/.careerbot-postgres"

bindir() {
    local found
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$found" && -x "$found/initdb" ]]; then
        echo "$found"
    fi
}

ensure_installed() {
    if [[ -z "$(bindir)" ]]; then
        if [[ "$(id -u)" != 0 ]]; then
            echo "postgres.sh: PostgreSQL is not installed and installing it needs root" >&2
            return 1
        fi
        echo "postgres.sh: installing PostgreSQL with apt-get" >&2
        apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    fi
    [[ -n "$(bindir)" ]] || { echo "postgres.sh: no initdb after installing PostgreSQL" >&2; return 1; }
}

# Run a PostgreSQL program as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

running() {
    [[ -f "$DIR/data/postmaster.pid" ]] && as_owner "$(bindir)/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

server_start() {
    local port="$1" extra=""
    if [[ "${CAREERBOT_PG_DURABLE:-0}" != 1 ]]; then
        extra="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -w -t 30 -l "$DIR/log" \
        -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 $extra" start >/dev/null
}

server_stop() {
    if running; then
        as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -m fast -w -t 20 stop >/dev/null 2>&1 ||
            as_owner "$(bindir)/pg_ctl" -D "$DIR/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
    fi
}

remove_dir() {
    if [[ -f "$MARKER" ]]; then
        rm -rf "$DIR"
    elif [[ -d "$DIR" ]]; then
        rmdir "$DIR" 2>/dev/null || echo "postgres.sh: $DIR is not a cluster made by this script; left alone" >&2
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

failed_start() {
    local status=$?
    trap - EXIT
    if [[ $status -ne 0 ]]; then
        echo "postgres.sh: start failed (exit $status)" >&2
        [[ -f "$DIR/log" ]] && tail -n 30 "$DIR/log" >&2
        server_stop
        remove_dir
    fi
    exit $status
}

start() {
    if [[ -f "$DIR/url" && -f "$DIR/port" && -d "$DIR/data" ]] && { running || server_start "$(cat "$DIR/port")"; }; then
        cat "$DIR/url"
        return
    fi
    if [[ -e "$DIR" && ! -f "$MARKER" && -n "$(ls -A "$DIR" 2>/dev/null)" ]]; then
        echo "postgres.sh: $DIR exists and is not empty" >&2
        exit 1
    fi
    ensure_installed
    trap failed_start EXIT
    mkdir -p "$DIR"
    touch "$MARKER"
    if [[ "$(id -u)" == 0 ]]; then
        chown postgres:postgres "$DIR"
    fi
    chmod 700 "$DIR"
    if ! as_owner test -w "$DIR"; then
        echo "postgres.sh: the postgres user cannot write to $DIR (is a parent folder private?);" \
            "use a folder whose parents others may enter, e.g. one made by mktemp -d" >&2
        exit 1
    fi
    rm -rf "$DIR/data"
    local bin password port tries=0
    bin="$(bindir)"
    password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    as_owner "$bin/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C --no-sync >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    until port="$(free_port)" && server_start "$port"; do
        tries=$((tries + 1))
        if [[ $tries -ge 3 ]]; then
            echo "postgres.sh: the server did not start" >&2
            exit 1
        fi
    done
    as_owner "$bin/psql" -h "$DIR" -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE careerbot LOGIN PASSWORD '$password'" \
        -c "CREATE DATABASE careerbot OWNER careerbot" >/dev/null
    echo "$port" >"$DIR/port"
    (umask 077 && echo "postgresql://careerbot:$password@127.0.0.1:$port/careerbot" >"$DIR/url")
    trap - EXIT
    cat "$DIR/url"
}

case "$ACTION" in
    start)
        start
        ;;
    down)
        [[ -d "$DIR/data" ]] && [[ -n "$(bindir)" ]] && server_stop
        ;;
    up)
        [[ -f "$DIR/port" ]] || { echo "postgres.sh: no cluster in $DIR" >&2; exit 1; }
        running || server_start "$(cat "$DIR/port")"
        ;;
    stop)
        [[ -d "$DIR/data" ]] && [[ -n "$(bindir)" ]] && server_stop
        remove_dir
        ;;
    *)
        usage
        ;;
esac
exit 0
