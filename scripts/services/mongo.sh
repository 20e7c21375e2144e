#!/usr/bin/env bash
# MongoDB-compatible server for @sessionkit/store-mongo tests, on 127.0.0.1:27018 (the tests'
# default MONGO_URL=mongodb://127.0.0.1:27018/sessionkit; 27018 avoids clashing with a local
# mongod on 27017). No mongod can be installed on these machines, so this builds FerretDB 1.x
# (scripts/services/mongo/, pinned by its go.mod and go.sum) from the Go module proxy once, keeps
# the binary in a cache folder, and runs it on its embedded SQLite backend: no other process.
# Where FerretDB differs from MongoDB is listed in packages/store-mongo/README.md.
# Idempotent: reuses a server that already answers `ping`, whoever started it.
# Does nothing when MONGO_URL is set: the tests then use that server instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

if [ -n "${MONGO_URL:-}" ]; then
  log "mongo: MONGO_URL is set, not starting a server"
  exit 0
fi

port=27018
src="$here/mongo"
pidfile="$SERVICES_DIR/mongo.pid"
datadir="$SERVICES_DIR/mongo-data"
logfile="$SERVICES_DIR/mongo.log"
cache="${SESSIONKIT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sessionkit}"

ping() {
  if [ -d "$here/../../packages/store-mongo/node_modules/mongodb" ]; then
    node "$src/ping.mjs" "mongodb://127.0.0.1:$port/"
  else
    # Before `pnpm install` only the port can be checked.
    port_open "$port"
  fi
}

# `mongo.sh stop` stops the server this script started (by its pid file, never by name).
if [ "${1:-}" = stop ]; then
  if pid_alive "$pidfile"; then
    kill "$(cat "$pidfile")"
    log "mongo: stopped pid $(cat "$pidfile")"
  fi
  rm -f "$pidfile"
  exit 0
fi

# One start at a time, even from several clones: the second waits, then finds the server.
exec 9>"$SERVICES_DIR/mongo.lock"
flock 9

if ping; then
  log "mongo: reusing the server on 127.0.0.1:$port"
  exit 0
fi
if port_open "$port"; then
  log "mongo: 127.0.0.1:$port is taken by something that does not answer ping; set MONGO_URL or free the port"
  exit 1
fi

# The binary is keyed by a hash of its sources, so a version bump in go.mod rebuilds it and
# every other run (any clone on this machine) reuses it.
key=$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)
bin="$cache/ferretdb-$key/sessionkit-ferretdb"
if [ ! -x "$bin" ]; then
  go=$(command -v go || echo /usr/local/go/bin/go)
  if [ ! -x "$go" ]; then
    log "mongo: Go is needed to build FerretDB (or set MONGO_URL to a running MongoDB)"
    exit 1
  fi
  log "mongo: building FerretDB into $bin (once; about 1-2 minutes on an empty Go cache)"
  mkdir -p "$(dirname "$bin")"
  started=$(date +%s)
  # -mod=readonly: go.sum is the lock file. GOTOOLCHAIN=local: never download a Go toolchain.
  (cd "$src" && GOFLAGS=-mod=readonly GOTOOLCHAIN=local CGO_ENABLED=0 \
    "$go" build -trimpath -o "$bin.tmp" .)
  mv "$bin.tmp" "$bin"
  log "mongo: built in $(($(date +%s) - started))s"
fi

# A fresh, throw-away data folder each start: tests create their own collections.
rm -rf "$datadir"
mkdir -p "$datadir"
# 9>&-: the server must not inherit the start lock, or the next run would wait on it forever.
setsid nohup "$bin" -listen "127.0.0.1:$port" -dir "$datadir" >"$logfile" 2>&1 </dev/null 9>&- &
echo $! >"$pidfile"
if ! wait_until 30 "mongo on 127.0.0.1:$port" ping; then
  tail -n 20 "$logfile" >&2 || true
  exit 1
fi
log "mongo: FerretDB started on 127.0.0.1:$port (pid $(cat "$pidfile"), log $logfile)"
