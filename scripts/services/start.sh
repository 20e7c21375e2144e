#!/usr/bin/env bash
# Starts (or reuses) every server the test suite needs, on 127.0.0.1 at the ports the tests
# read by default. Each can be pointed elsewhere instead: set REDIS_URL, REDIS_CLUSTER_NODES,
# PG_URL, MYSQL_URL or MONGO_URL and the matching server is not started here.
# SESSIONKIT_SKIP_SERVICES=1 starts nothing (for machines where Docker provides them:
# `docker compose up -d`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ "${SESSIONKIT_SKIP_SERVICES:-}" = 1 ] && exit 0
for service in redis redis-cluster postgres mariadb mongo; do
  if [ -f "$here/$service.sh" ]; then
    bash "$here/$service.sh"
  fi
done
