# Shared helpers for the service scripts. Sourced, not run.
# Every service keeps its state under one machine-wide folder, so a second run (even from another
# clone) finds the servers an earlier run started and reuses them instead of starting duplicates.
SERVICES_DIR=${SESSIONKIT_SERVICES_DIR:-/tmp/sessionkit-services}
mkdir -p "$SERVICES_DIR"

log() { printf '[services] %s\n' "$*" >&2; }

# apt_install PACKAGE... : installs Debian packages that are missing (runs apt-get update once).
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ ! -f "$SERVICES_DIR/.apt-updated" ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && touch "$SERVICES_DIR/.apt-updated"
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# port_open PORT : true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_until SECONDS DESCRIPTION COMMAND... : polls COMMAND every 0.1 s until it succeeds.
wait_until() {
  local limit=$1 what=$2; shift 2
  local tries=$((limit * 10))
  while ! "$@" >/dev/null 2>&1; do
    tries=$((tries - 1))
    if [ "$tries" -le 0 ]; then log "gave up waiting for $what after ${limit}s"; return 1; fi
    sleep 0.1
  done
}

# pid_alive FILE : true when FILE names a running process.
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
