#!/usr/bin/env bash
# Local PostgreSQL and Redis for the README's run and test commands.
# Sourced by scripts/run and scripts/test; every function is prefixed vh_.

vh_log() { printf '\033[1m[vantahire]\033[0m %s\n' "$*" >&2; }

# The bin directory of the newest PostgreSQL server installed, or nothing.
vh_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

# Installs what is missing (as root, with apt-get); otherwise prints the exact command.
# `--browser` adds what the browser suite needs (chromium, node-typescript).
vh_install_packages() {
  local missing=()
  vh_pg_bin >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -f /usr/include/hiredis/hiredis.h ] || missing+=(libhiredis-dev)
  { [ -f /usr/include/curl/curl.h ] || [ -f "/usr/include/$(uname -m)-linux-gnu/curl/curl.h" ]; } || missing+=(libcurl4-openssl-dev)
  [ -f /usr/include/openssl/ssl.h ] || missing+=(libssl-dev)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
  if [ "${1:-}" = "--browser" ]; then
    # The browser suite: Debian's headless Chromium, and TypeScript (with node) to transpile the web app.
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    [ -f /usr/share/nodejs/typescript/package.json ] || missing+=(node-typescript)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    vh_log "installing: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    vh_log "missing system packages: ${missing[*]}"
    vh_log "install them with: sudo apt-get install -y ${missing[*]}"
    return 1
  fi
}

# A free TCP port on 127.0.0.1.
vh_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Runs a command as the PostgreSQL owner: the current user, or `postgres` when we are root
# (the server refuses to run as root).
vh_as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# vh_start_postgres DIR PORT [extra -c settings...]: starts (creating if needed) a private cluster
# in DIR/pgdata listening on 127.0.0.1:PORT with trust auth for role `vantahire`, and a database
# `vantahire`.
vh_start_postgres() {
  local dir=$1 port=$2; shift 2
  local bin; bin=$(vh_pg_bin) || { vh_log "PostgreSQL server binaries not found"; return 1; }
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$dir" 2>/dev/null
  if [ ! -f "$dir/pgdata/PG_VERSION" ]; then
    vh_as_pg_owner "$bin/initdb" -D "$dir/pgdata" -U vantahire --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  local opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400"
  local setting
  for setting in "$@"; do opts="$opts -c $setting"; done
  vh_as_pg_owner "$bin/pg_ctl" -D "$dir/pgdata" -o "$opts" -l "$dir/postgres.log" -w -t 60 start >/dev/null \
    || { tail -20 "$dir/postgres.log" >&2; return 1; }
  if ! psql -h 127.0.0.1 -p "$port" -U vantahire -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'vantahire'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U vantahire -d postgres -qc "CREATE DATABASE vantahire" >/dev/null
  fi
}

# vh_stop_postgres DIR
vh_stop_postgres() {
  local bin; bin=$(vh_pg_bin) || return 0
  [ -f "$1/pgdata/postmaster.pid" ] && vh_as_pg_owner "$bin/pg_ctl" -D "$1/pgdata" -m fast -w stop >/dev/null 2>&1
  return 0
}

# vh_start_redis DIR PORT: a private redis-server on 127.0.0.1:PORT (no persistence).
vh_start_redis() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$dir" --pidfile "$dir/redis.pid" \
    --logfile "$dir/redis.log" --save '' --appendonly no >/dev/null
  local i
  for i in $(seq 1 100); do
    redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  vh_log "redis-server did not start"; tail -20 "$dir/redis.log" >&2; return 1
}

# vh_stop_redis DIR PORT
vh_stop_redis() {
  redis-cli -p "$2" shutdown nosave >/dev/null 2>&1 || { [ -f "$1/redis.pid" ] && kill "$(cat "$1/redis.pid")" 2>/dev/null; }
  return 0
}
