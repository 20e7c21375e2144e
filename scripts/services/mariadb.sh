#!/usr/bin/env bash
# Starts (or reuses) a private MariaDB server for the tests on 127.0.0.1:3307, with its own data
# folder, socket, log and pid file under $SERVICES_DIR/mariadb (the system's /etc/mysql config is
# ignored: --no-defaults). Root connects over TCP without a password, and the database
# `sessionkit` exists: MYSQL_URL=mysql://root@127.0.0.1:3307/sessionkit.
# Does nothing when MYSQL_URL is set: the tests then use that server instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"

if [ -n "${MYSQL_URL:-}" ]; then
  log "mariadb: MYSQL_URL is set, not starting a server"
  exit 0
fi

PORT=${SESSIONKIT_MARIADB_PORT:-3307}
DATABASE=sessionkit
dir="$SERVICES_DIR/mariadb"
data="$dir/data"
sock="$dir/mariadb.sock"
pidfile="$dir/mariadb.pid"

# Serialise concurrent runs so only one install, one init and one server ever happen.
exec 9>"$SERVICES_DIR/mariadb.lock"
flock -w 300 9

apt_install mariadb-server mariadb-client

# "Answers" means: the URL the tests use really works (TCP, root, no password, database exists).
answers() {
  mariadb --no-defaults --protocol=tcp -h 127.0.0.1 -P "$PORT" -u root -e 'SELECT 1' "$DATABASE"
}
socket_up() { mariadb-admin --no-defaults --socket="$sock" -u root ping; }

if answers >/dev/null 2>&1; then
  log "mariadb: reusing the server on 127.0.0.1:$PORT"
  exit 0
fi

if pid_alive "$pidfile"; then
  # Our server runs but is still starting (or its users are not set up yet): wait, then set up.
  log "mariadb: server pid $(cat "$pidfile") is running, waiting for it"
else
  mkdir -p "$dir"
  chown mysql:mysql "$dir"
  # The marker is written only after a complete init, so a half-finished one is redone.
  if [ ! -f "$dir/.initialised" ]; then
    rm -rf "$data"
    log "mariadb: initialising $data"
    mariadb-install-db --no-defaults --user=mysql --datadir="$data" \
      --auth-root-authentication-method=socket --skip-test-db >"$dir/install-db.log" 2>&1
    touch "$dir/.initialised"
  fi
  log "mariadb: starting on 127.0.0.1:$PORT"
  # As root, mariadbd only starts with --user=mysql. setsid detaches it from this shell's session;
  # `9>&-` keeps the lock out of the server, which would otherwise hold it for as long as it runs.
  # Durability is traded for speed (throw-away test data): no binlog, lazy log flushes.
  setsid /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$data" \
    --port="$PORT" --bind-address=127.0.0.1 --socket="$sock" --pid-file="$pidfile" \
    --log-error="$dir/error.log" --skip-name-resolve --skip-log-bin \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-buffer-pool-size=256M \
    --max-connections=500 </dev/null >>"$dir/stdout.log" 2>&1 9>&- &
fi

wait_until 60 "mariadb socket $sock" socket_up

# Idempotent setup over the socket (root authenticates as the OS user there): passwordless root
# over TCP (skip-name-resolve means TCP clients match 'root'@'127.0.0.1', not 'localhost').
mariadb --no-defaults --socket="$sock" -u root <<SQL
ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS \`$DATABASE\` CHARACTER SET utf8mb4;
SQL

wait_until 30 "mariadb on 127.0.0.1:$PORT" answers
log "mariadb: ready (MYSQL_URL=mysql://root@127.0.0.1:$PORT/$DATABASE)"
