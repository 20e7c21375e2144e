#!/usr/bin/env bash
# Starts (or reuses) a private, throw-away PostgreSQL cluster for the tests on 127.0.0.1:5433.
# It never touches the system cluster's configuration: data, socket, log and pid live under
# $SERVICES_DIR/postgres, owned by the `postgres` user (PostgreSQL refuses to run as root).
# Does nothing when PG_URL is set: the tests then use that server instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

if [ -n "${PG_URL:-}" ]; then
  log "postgres: PG_URL is set, not starting a server"
  exit 0
fi

PG_PORT=${SESSIONKIT_PG_PORT:-5433}
dir="$SERVICES_DIR/postgres"
data="$dir/data"

# Serialise concurrent runs (two clones running `pnpm services` at once) so only one initdb and
# one server ever happen; the loser of the race then finds the server answering and reuses it.
exec 9>"$SERVICES_DIR/postgres.lock"
flock -w 300 9

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$bin" ] && [ -x "$bin/initdb" ] && printf '%s\n' "$bin"
}

bin=$(pg_bin || true)
if [ -z "$bin" ]; then
  apt_install postgresql
  bin=$(pg_bin)
fi

ready() { "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

if ready; then
  log "postgres: reusing the server on 127.0.0.1:$PG_PORT"
  exit 0
fi

mkdir -p "$dir"
chown postgres:postgres "$dir"
as_postgres() { runuser -u postgres -- "$@"; }

# PG_VERSION is written last by initdb: without it the folder is a half-finished init.
if [ ! -f "$data/PG_VERSION" ]; then
  rm -rf "$data"
  log "postgres: initdb $data"
  as_postgres "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
fi

log "postgres: starting on 127.0.0.1:$PG_PORT"
# fsync off: a throw-away test cluster trades durability for speed. The socket stays in our folder
# so the system's /var/run/postgresql is never needed.
# `9>&-`: the server must not inherit the lock, or it would hold it for as long as it runs.
as_postgres "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null 9>&-
wait_until 30 "postgres on port $PG_PORT" ready
log "postgres: ready (PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres)"
