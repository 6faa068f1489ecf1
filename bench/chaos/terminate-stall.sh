#!/usr/bin/env bash
# Reproducer for attempts that hang after their connections are terminated (no SIGKILLs to mask it).
#
# Two chaos-workers (concurrency 8, 3 s lease, 5 s shutdown timeout) run a backlog while every
# vantahire backend is terminated ROUNDS times, 0.1-0.9 s apart. Then nothing else happens for
# OBSERVE seconds (longer than chaos_effect's 60 s timeout): every job should complete. Finally
# both workers get SIGTERM and must exit within the shutdown timeout plus 10 s.
# Exit 1 when attempts are still running at the end of the observation (leases kept alive by
# heartbeats, so never rescued) or when a worker ignores SIGTERM; 0 otherwise.
#
# Usage: bench/chaos/terminate-stall.sh   (env: VANTAHIRE_BIN, JOBS=40000, ROUNDS=12, OBSERVE=75, KEEP=1)
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/services.sh

JOBS=${JOBS:-40000} ROUNDS=${ROUNDS:-12} OBSERVE=${OBSERVE:-75} SHUTDOWN=5
SRC=${VANTAHIRE_BIN:-}
[ -z "$SRC" ] && { [ -x .build-release/release/vantahire ] && SRC=.build-release/release/vantahire || SRC=.build/debug/vantahire; }
[ -x "$SRC" ] || { echo "no vantahire binary ($SRC)" >&2; exit 2; }
log() { printf '%s [stall] %s\n' "$(date -u +%H:%M:%S.%3N)" "$*" >&2; }

W=$(mktemp -d /tmp/vantahire-stall.XXXXXX); chmod 755 "$W"
cp "$SRC" "$W/vantahire"; BIN=$W/vantahire
P=$(vh_free_port)
declare -a PIDS=()
cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
  wait 2>/dev/null
  vh_stop_postgres "$W/pg"
  rm -f "$W/vantahire"
  if [ "${KEEP:-0}" = 1 ] || [ "$rc" -ne 0 ]; then log "logs kept in $W"; else rm -rf "$W"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

vh_start_postgres "$W/pg" "$P" shared_buffers=256MB synchronous_commit=off || exit 2
export DATABASE_URL=postgres://vantahire@127.0.0.1:$P/vantahire
q() { psql -X -q -t -A -h 127.0.0.1 -p "$P" -U vantahire -d vantahire -c "$1"; }
LOG_LEVEL=error "$BIN" bench chaos-enqueue --jobs "$JOBS" >/dev/null || exit 2
for i in 0 1; do
  env LOG_LEVEL=notice WORKER_CONCURRENCY=8 JOB_LEASE_SECONDS=3 WORKER_SHUTDOWN_TIMEOUT=$SHUTDOWN \
    "$BIN" bench chaos-worker >"$W/worker-$i.log" 2>&1 &
  PIDS+=($!)
done
log "workers ${PIDS[*]} on $JOBS jobs"
sleep 2
for r in $(seq 1 "$ROUNDS"); do
  n=$(q "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'vantahire%') s")
  log "round $r: terminated $n backends"
  sleep "0.$(( RANDOM % 9 + 1 ))"
done
status_sql="SELECT count(*) FILTER (WHERE state = 'completed') || ' completed, ' || count(*) FILTER (WHERE state = 'running') || ' running, '
  || count(*) FILTER (WHERE state = 'running' AND attempted_at < now() - interval '10 s') || ' running for more than 10 s' FROM background_jobs"
for t in $(seq 10 10 "$OBSERVE"); do sleep 10; log "+${t}s: $(q "$status_sql")"; done
stuck=$(q "SELECT count(*) FROM background_jobs WHERE state = 'running' AND attempted_at < now() - interval '10 s'")
if [ "$stuck" -gt 0 ]; then
  log "STUCK attempts (lease kept alive, no side effect yet):"
  q "SELECT id, attempt, attempted_by, date_trunc('second', now() - attempted_at) AS running_for,
            round(extract(epoch FROM lease_expires_at - now())::numeric, 1) AS lease_left_s,
            (SELECT count(*) FROM chaos_effects e WHERE e.job_id = j.id) AS effects
     FROM background_jobs j WHERE state = 'running' AND attempted_at < now() - interval '10 s' ORDER BY id" >&2
fi
ignored=0
for i in 0 1; do
  p=${PIDS[$i]}; kill -TERM "$p"
  for k in $(seq 1 $(( (SHUTDOWN + 10) * 10 ))); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then
    ignored=$(( ignored + 1 ))
    log "worker $i (pid $p) still running $(( SHUTDOWN + 10 ))s after SIGTERM; SIGABRT for a backtrace in $W/worker-$i.log"
    kill -ABRT "$p"; for k in $(seq 1 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
  else
    wait "$p"; log "worker $i (pid $p) exited with status $? after SIGTERM"
  fi
done
log "result: $stuck attempts stuck after ${OBSERVE}s, $ignored workers ignored SIGTERM"
[ "$stuck" -eq 0 ] && [ "$ignored" -eq 0 ]
