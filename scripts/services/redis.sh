#!/usr/bin/env bash
# Standalone Redis for @sessionkit/store-redis tests, on 127.0.0.1:6379 (the tests' default
# REDIS_URL). Idempotent: reuses a server that already answers PING, whoever started it.
# Does nothing when REDIS_URL is set: the tests then use that server instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

if [ -n "${REDIS_URL:-}" ]; then
  log "redis: REDIS_URL is set, not starting a server"
  exit 0
fi

port=6379
pidfile="$SERVICES_DIR/redis.pid"

apt_install redis-server redis-tools

ping() { [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; }

if ping; then
  log "redis: reusing the server on 127.0.0.1:$port"
  exit 0
fi
if port_open "$port"; then
  log "redis: 127.0.0.1:$port is taken by something that does not answer PING; set REDIS_URL or free the port"
  exit 1
fi

# The package's own systemd unit is not used: servers here run from the services folder so
# that they are found again by pid file and stopped only by whoever started them.
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
  --dir "$SERVICES_DIR" --pidfile "$pidfile" --logfile "$SERVICES_DIR/redis.log"
wait_until 10 "redis on 127.0.0.1:$port" ping
log "redis: started on 127.0.0.1:$port (pid $(cat "$pidfile" 2>/dev/null || echo '?'))"
