#!/usr/bin/env bash
# A 3-master Redis Cluster for @sessionkit/store-redis tests, on 127.0.0.1:7000-7002 (the tests'
# default REDIS_CLUSTER_NODES), no replicas. Idempotent: a healthy cluster on those ports is
# reused; if this script's own nodes run but the cluster is broken (a node died, slots missing),
# it stops those nodes by pid file and creates the cluster again. Does nothing when
# REDIS_CLUSTER_NODES is set: the tests then use that cluster instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

if [ -n "${REDIS_CLUSTER_NODES:-}" ]; then
  log "redis-cluster: REDIS_CLUSTER_NODES is set, not starting a cluster"
  exit 0
fi

ports=(7000 7001 7002)
state="$SERVICES_DIR/redis-cluster"
mkdir -p "$state"

apt_install redis-server redis-tools

# Two runs at once (two clones, or `pnpm services` in parallel) must not both create the cluster.
# The daemons are started with fd 9 closed (`9>&-`), or they would hold this lock for ever.
exec 9>"$state/lock"
flock 9

pidfile() { echo "$state/node-$1.pid"; }

node_ok() {
  local info
  info=$(redis-cli -h 127.0.0.1 -p "$1" cluster info 2>/dev/null) || return 1
  grep -q '^cluster_state:ok' <<<"$info" &&
    grep -q '^cluster_slots_assigned:16384' <<<"$info" &&
    grep -q "^cluster_known_nodes:${#ports[@]}" <<<"$info"
}

cluster_ok() {
  local p
  for p in "${ports[@]}"; do node_ok "$p" || return 1; done
}

if cluster_ok; then
  log "redis-cluster: reusing the cluster on 127.0.0.1:${ports[0]}-${ports[-1]}"
  exit 0
fi

# Broken or absent. Stop the nodes this script started earlier (by pid file only), then make
# sure nothing else holds the ports before starting fresh ones.
for p in "${ports[@]}"; do
  f=$(pidfile "$p")
  if pid_alive "$f"; then
    log "redis-cluster: stopping own node on port $p (pid $(cat "$f")), the cluster is not healthy"
    kill "$(cat "$f")"
    wait_until 10 "node $p to stop" bash -c "! kill -0 $(cat "$f") 2>/dev/null"
  fi
  rm -f "$f"
done
for p in "${ports[@]}"; do
  if port_open "$p"; then
    log "redis-cluster: 127.0.0.1:$p is taken by a process this script did not start; set REDIS_CLUSTER_NODES or free the port"
    exit 1
  fi
done

for p in "${ports[@]}"; do
  mkdir -p "$state/$p"
  # A fresh cluster needs fresh node identities: an old nodes.conf would name peers that are gone.
  rm -f "$state/$p/nodes.conf" "$state/$p/dump.rdb"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$p" --save "" --appendonly no \
    --cluster-enabled yes --cluster-config-file "$state/$p/nodes.conf" --cluster-node-timeout 5000 \
    --dir "$state/$p" --pidfile "$(pidfile "$p")" --logfile "$state/$p/redis.log" 9>&-
done
for p in "${ports[@]}"; do
  wait_until 10 "redis node on port $p" bash -c "[ \"\$(redis-cli -h 127.0.0.1 -p $p ping)\" = PONG ]"
done

nodes=()
for p in "${ports[@]}"; do nodes+=("127.0.0.1:$p"); done
redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$state/create.log" 2>&1 || {
  log "redis-cluster: cluster create failed, see $state/create.log"
  cat "$state/create.log" >&2
  exit 1
}
wait_until 30 "cluster_state:ok on every node" cluster_ok
log "redis-cluster: started 3 masters on 127.0.0.1:${ports[0]}-${ports[-1]}"
