#!/usr/bin/env bash
# MongoDB-compatible server for @sessionkit/store-mongo tests, on 127.0.0.1:27018 (the tests'
# default MONGO_URL=mongodb://127.0.0.1:27018/sessionkit; 27018 avoids clashing with a local
# mongod on 27017). No mongod can be installed on these machines, so this runs mongo-java-server
# (in-memory backend) instead: its jars come from Maven Central once (pinned in
# scripts/services/mongo/pom.xml), a ten-line launcher is compiled with javac, and both are kept
# in a cache folder. Where it differs from MongoDB is listed in packages/store-mongo/README.md.
# (FerretDB 1.x was tried first and rejected: its updates are not atomic, see that README.)
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

# The build is keyed by a hash of its sources, so a version bump in pom.xml rebuilds it and
# every other run (any clone on this machine) reuses it. Maven keeps its downloads in ~/.m2.
key=$(cat "$src/pom.xml" "$src/src/MongoStandIn.java" | sha256sum | cut -c1-16)
build="$cache/mongo-stand-in-$key"
if [ ! -f "$build/classes/MongoStandIn.class" ]; then
  for tool in java javac mvn; do
    if ! command -v "$tool" >/dev/null; then
      log "mongo: $tool is needed to build the MongoDB stand-in (or set MONGO_URL to a running MongoDB)"
      exit 1
    fi
  done
  log "mongo: fetching mongo-java-server and compiling the launcher into $build (once)"
  started=$(date +%s)
  rm -rf "$build.tmp"
  mvn -q -B -Dstyle.color=never -f "$src/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$build.tmp/lib"
  javac -d "$build.tmp/classes" -cp "$build.tmp/lib/*" "$src/src/MongoStandIn.java"
  rm -rf "$build"
  mv "$build.tmp" "$build"
  log "mongo: built in $(($(date +%s) - started))s"
fi

# 9>&-: the server must not inherit the start lock, or the next run would wait on it forever.
setsid nohup java -XX:+UseSerialGC -cp "$build/classes:$build/lib/*" MongoStandIn 127.0.0.1 "$port" \
  >"$logfile" 2>&1 </dev/null 9>&- &
echo $! >"$pidfile"
if ! wait_until 30 "mongo on 127.0.0.1:$port" ping; then
  tail -n 20 "$logfile" >&2 || true
  exit 1
fi
log "mongo: mongo-java-server started on 127.0.0.1:$port (pid $(cat "$pidfile"), log $logfile)"
