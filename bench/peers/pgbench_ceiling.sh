#!/usr/bin/env bash
# pgbench_ceiling.sh DSN — the raw PostgreSQL ceiling for VantaHire's claim+complete SQL,
# with no application in the loop.
#
# In a separate database (default vh_ceiling, dropped and re-created on the DSN's server) it
# builds a background_jobs table shaped like ours, fills it with ROWS rows (state 'available';
# default 4,000,000), creates the indexes, VACUUM ANALYZE + CHECKPOINT, then runs pgbench for
# every VARIANT x BATCH and prints one JSON line per run on stdout (progress on stderr).
# Between runs the consumed rows are put back to 'available' and the table is vacuumed,
# analyzed and checkpointed, so every run starts from the same state.
#
# One pgbench "transaction" (one execution of the script) claims up to BATCH available rows
# and completes them:
#   function  SELECT vh_claim_and_complete(:batch): a plpgsql function running our claim
#             UPDATE and then our complete UPDATE (unnest of the claimed ids/leases) —
#             two statements, ONE database transaction, one round trip.
#   twostep   our claim statement in its own transaction, its ids/leases brought back to the
#             client (array_agg + \gset), then our complete statement in a second transaction —
#             what a worker does: two round trips, TWO commits per batch.
#   oneshot   a single UPDATE taking rows straight from 'available' to 'completed' (claim
#             query plan, one row version per job instead of two): a floor for the row work,
#             not something our engine does.
# rows_per_second = pgbench tps (without connection time) x BATCH; rows_completed_db is the
# number of rows the run actually completed, counted in the table afterwards, to check it.
#
# Environment: CLIENTS (2) THREADS (2) DURATION (15) BATCHES ("100 1")
#              VARIANTS ("combined function twostep oneshot") ROWS (4000000) CEILING_DB (vh_ceiling)
set -euo pipefail

DSN=${1:?usage: pgbench_ceiling.sh postgres://user@host:port/db}
CLIENTS=${CLIENTS:-2}
THREADS=${THREADS:-2}
DURATION=${DURATION:-15}
BATCHES=${BATCHES:-"100 1"}
VARIANTS=${VARIANTS:-"combined function twostep oneshot"}
ROWS=${ROWS:-4000000}
CEILING_DB=${CEILING_DB:-vh_ceiling}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

PGBENCH=$(command -v pgbench 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1 || true)
[ -x "${PGBENCH:-}" ] || { log "pgbench not found (Debian: apt-get install postgresql-contrib or postgresql-15)"; exit 1; }
PSQL=$(command -v psql 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1)

# The same server, database CEILING_DB.
CDSN=$(python3 - "$DSN" "$CEILING_DB" <<'PY'
import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1])
print(u.urlunsplit((p.scheme, p.netloc, "/" + sys.argv[2], p.query, p.fragment)))
PY
)
psql_admin() { PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DSN" "$@"; }
psql_c() { PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$CDSN" "$@"; }

log "creating database $CEILING_DB"
psql_admin -c "DROP DATABASE IF EXISTS $CEILING_DB" -c "CREATE DATABASE $CEILING_DB"

log "creating background_jobs and filling $ROWS rows"
psql_c <<SQL
CREATE TYPE background_job_state AS ENUM ('available','scheduled','running','retryable','completed','discarded','cancelled');
CREATE TABLE background_jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, state background_job_state NOT NULL DEFAULT 'available',
  queue text NOT NULL DEFAULT 'default', kind text NOT NULL, args jsonb NOT NULL DEFAULT '{}', priority smallint NOT NULL DEFAULT 2,
  attempt smallint NOT NULL DEFAULT 0, max_attempts smallint NOT NULL DEFAULT 20, lease bigint NOT NULL DEFAULT 0,
  lease_expires_at timestamptz, run_at timestamptz NOT NULL DEFAULT now(), created_at timestamptz NOT NULL DEFAULT now(),
  attempted_at timestamptz, finalized_at timestamptz, attempted_by text, cancel_requested_at timestamptz,
  tags text[] NOT NULL DEFAULT '{}', unique_key text, errors jsonb NOT NULL DEFAULT '[]'
) WITH (fillfactor = 85);
INSERT INTO background_jobs (kind) SELECT 'noop' FROM generate_series(1, $ROWS);
CREATE INDEX background_jobs_runnable_idx ON background_jobs (queue, priority, run_at, id) WHERE state IN ('available','scheduled','retryable');
CREATE INDEX background_jobs_running_idx ON background_jobs (lease_expires_at) WHERE state = 'running';

-- Our claim, then our complete of exactly the claimed (id, lease) pairs: two statements in
-- one transaction.
CREATE FUNCTION vh_claim_and_complete(p_batch int) RETURNS int LANGUAGE plpgsql AS \$\$
DECLARE
  v_ids int8[];
  v_leases int8[];
  v_done int;
BEGIN
  WITH next AS (SELECT id FROM background_jobs WHERE state IN ('available','scheduled','retryable') AND queue = 'default' AND run_at <= now()
      ORDER BY queue, priority, run_at, id LIMIT p_batch FOR UPDATE SKIP LOCKED),
    claimed AS (
      UPDATE background_jobs j SET state='running', attempt=j.attempt+1, lease=j.lease+1, attempted_at=now(),
        lease_expires_at = now() + interval '30 seconds', attempted_by='pgbench' FROM next WHERE j.id = next.id RETURNING j.id, j.lease)
  SELECT array_agg(id), array_agg(lease) INTO v_ids, v_leases FROM claimed;
  UPDATE background_jobs j SET state='completed', finalized_at=now() FROM unnest(v_ids, v_leases) AS f(id, lease)
    WHERE j.id=f.id AND j.lease=f.lease AND j.state='running';
  GET DIAGNOSTICS v_done = ROW_COUNT;
  RETURN v_done;
END
\$\$;
SQL

scripts=$(mktemp -d)
trap 'rm -rf "$scripts"' EXIT
cat >"$scripts/function.sql" <<'SQL'
SELECT vh_claim_and_complete(:batch);
SQL
cat >"$scripts/twostep.sql" <<'SQL'
WITH next AS (SELECT id FROM background_jobs WHERE state IN ('available','scheduled','retryable') AND queue = 'default' AND run_at <= now()
    ORDER BY queue, priority, run_at, id LIMIT :batch FOR UPDATE SKIP LOCKED),
  claimed AS (UPDATE background_jobs j SET state='running', attempt=j.attempt+1, lease=j.lease+1, attempted_at=now(),
    lease_expires_at = now() + interval '30 seconds', attempted_by='pgbench' FROM next WHERE j.id = next.id RETURNING j.id, j.lease)
SELECT coalesce(array_agg(id), '{}') AS ids, coalesce(array_agg(lease), '{}') AS leases FROM claimed
\gset
UPDATE background_jobs j SET state='completed', finalized_at=now() FROM unnest(:ids::int8[], :leases::int8[]) AS f(id, lease)
  WHERE j.id=f.id AND j.lease=f.lease AND j.state='running';
SQL
# What the engine's worker actually sends at full speed: one statement that completes the
# previous batch (fenced by lease) and claims the next; the claimed ids travel to the next
# transaction as the worker's do.
cat >"$scripts/combined.sql" <<'SQL'
WITH done AS (UPDATE background_jobs d SET state='completed', finalized_at=now()
    FROM unnest(:ids::int8[], :leases::int8[]) AS f(id, lease) WHERE d.id=f.id AND d.lease=f.lease AND d.state='running'),
  next AS (SELECT id FROM background_jobs WHERE state IN ('available','scheduled','retryable') AND queue = 'default' AND run_at <= now()
    ORDER BY queue, priority, run_at, id LIMIT :batch FOR UPDATE SKIP LOCKED),
  claimed AS (UPDATE background_jobs j SET state='running', attempt=j.attempt+1, lease=j.lease+1, attempted_at=now(),
    lease_expires_at = now() + interval '30 seconds', attempted_by='pgbench' FROM next WHERE j.id = next.id RETURNING j.id, j.lease)
SELECT coalesce(array_agg(id), '{}') AS ids, coalesce(array_agg(lease), '{}') AS leases FROM claimed
\gset
SQL
cat >"$scripts/oneshot.sql" <<'SQL'
WITH next AS (SELECT id FROM background_jobs WHERE state IN ('available','scheduled','retryable') AND queue = 'default' AND run_at <= now()
    ORDER BY queue, priority, run_at, id LIMIT :batch FOR UPDATE SKIP LOCKED)
UPDATE background_jobs j SET state='completed', attempt=j.attempt+1, lease=j.lease+1, attempted_at=now(), finalized_at=now(),
  attempted_by='pgbench' FROM next WHERE j.id = next.id;
SQL

prepare_run() {
  # Put consumed rows back (same run_at/id order), then vacuum, analyze, checkpoint.
  psql_c -c "UPDATE background_jobs SET state='available', attempted_at=NULL, finalized_at=NULL, lease_expires_at=NULL, attempted_by=NULL WHERE state <> 'available'" \
         -c "VACUUM (ANALYZE) background_jobs" -c "CHECKPOINT"
}

server_version=$(psql_c -tAc "SHOW server_version")
pgbench_version=$("$PGBENCH" --version | awk '{print $3}')
log "server $server_version, pgbench $pgbench_version"

for variant in $VARIANTS; do
  for batch in $BATCHES; do
    log "preparing: VACUUM ANALYZE + CHECKPOINT"
    prepare_run
    log "pgbench $variant batch=$batch -c $CLIENTS -j $THREADS -T $DURATION"
    out=$("$PGBENCH" -n -M prepared -c "$CLIENTS" -j "$THREADS" -T "$DURATION" -D batch="$batch" -D ids='{}' -D leases='{}' \
      -f "$scripts/$variant.sql" "$CDSN" 2>&1) || { echo "$out" >&2; exit 1; }
    done_rows=$(psql_c -tAc "SELECT count(*) FROM background_jobs WHERE state = 'completed'")
    OUT="$out" python3 - "$variant" "$batch" "$CLIENTS" "$THREADS" "$DURATION" "$done_rows" "$server_version" "$pgbench_version" "$ROWS" <<'PY'
import json, os, re, sys
out = os.environ["OUT"]
variant, batch, clients, threads, duration, done, sv, pv, rows = sys.argv[1:]
tps = float(re.search(r"tps = ([0-9.]+) \(without initial connection time\)", out).group(1))
lat = re.search(r"latency average = ([0-9.]+) ms", out)
tx = re.search(r"number of transactions actually processed: (\d+)", out)
failed = re.search(r"number of failed transactions: (\d+)", out)
batch = int(batch)
print(json.dumps({
    "system": "pgbench", "version": pv, "phase": "ceiling", "variant": variant, "batch": batch,
    "seconds": float(duration), "transactions": int(tx.group(1)) if tx else None,
    "tps": round(tps, 1), "rows_per_second": round(tps * batch, 1),
    "rows_completed_db": int(done), "rows_per_second_db": round(int(done) / float(duration), 1),
    "latency_avg_ms": float(lat.group(1)) if lat else None,
    "failed_transactions": int(failed.group(1)) if failed else 0,
    "settings": {"clients": int(clients), "threads": int(threads), "mode": "prepared",
                 "table_rows": int(rows), "server_version": sv},
}, separators=(", ", ": ")))
PY
  done
done
