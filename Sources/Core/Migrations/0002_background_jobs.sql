-- 0002: the durable background-job queue (not to be confused with job *postings*).
--
-- Life of a row: available/scheduled/retryable --claim--> running --> completed | retryable |
-- discarded | cancelled. Every transition is one UPDATE fenced by (id, lease, state = 'running').

CREATE TYPE background_job_state AS ENUM (
    'available', 'scheduled', 'running', 'retryable', 'completed', 'discarded', 'cancelled'
);

CREATE TABLE background_jobs (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    state               background_job_state NOT NULL DEFAULT 'available',
    queue               text NOT NULL DEFAULT 'default' CHECK (length(queue) BETWEEN 1 AND 64),
    kind                text NOT NULL CHECK (length(kind) BETWEEN 1 AND 128),
    args                jsonb NOT NULL DEFAULT '{}',
    priority            smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 4),
    attempt             smallint NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts        smallint NOT NULL DEFAULT 20 CHECK (max_attempts >= 1),
    -- Incremented by every claim: the fencing token of the current lease.
    lease               bigint NOT NULL DEFAULT 0,
    lease_expires_at    timestamptz,
    run_at              timestamptz NOT NULL DEFAULT now(),
    created_at          timestamptz NOT NULL DEFAULT now(),
    attempted_at        timestamptz,
    finalized_at        timestamptz,
    attempted_by        text,
    cancel_requested_at timestamptz,
    tags                text[] NOT NULL DEFAULT '{}',
    unique_key          text,
    errors              jsonb NOT NULL DEFAULT '[]',
    CONSTRAINT background_jobs_finalized_state CHECK (
        (state IN ('completed', 'discarded', 'cancelled')) = (finalized_at IS NOT NULL)
    ),
    CONSTRAINT background_jobs_running_has_lease CHECK (state <> 'running' OR lease_expires_at IS NOT NULL)
) WITH (
    -- Heartbeats only touch lease_expires_at (not indexed), so they can be HOT updates.
    fillfactor = 85,
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_insert_scale_factor = 0.02,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 0
);

-- The claim reads only runnable rows, in claim order: this index stays small however much
-- history the table keeps.
CREATE INDEX background_jobs_runnable_idx ON background_jobs (queue, priority, run_at, id)
    WHERE state IN ('available', 'scheduled', 'retryable');

-- Rescue of expired leases and cancellation scan running rows only.
CREATE INDEX background_jobs_running_idx ON background_jobs (lease_expires_at)
    WHERE state = 'running';

-- No index on finalized_at or kind: every state change writes a new row version into every
-- index, so each index costs two inserts per job. Retention walks the primary key from the
-- oldest id instead (see JobQueue.prune).

-- At most one unfinished job per unique key.
CREATE UNIQUE INDEX background_jobs_unique_key_idx ON background_jobs (unique_key)
    WHERE unique_key IS NOT NULL AND state IN ('available', 'scheduled', 'running', 'retryable');

-- One NOTIFY per statement and queue (not per row) wakes idle workers; the payload is the queue.
CREATE FUNCTION background_jobs_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    q text;
BEGIN
    FOR q IN SELECT DISTINCT queue FROM inserted WHERE state = 'available' LOOP
        PERFORM pg_notify('vantahire_jobs', q);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER background_jobs_notify_insert
    AFTER INSERT ON background_jobs
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION background_jobs_notify();

-- The scheduler's ledger: one row per (schedule, tick), written in the same transaction as the
-- job it enqueues, so any number of scheduler replicas enqueue each tick exactly once.
CREATE TABLE scheduled_ticks (
    schedule    text NOT NULL,
    tick        timestamptz NOT NULL,
    job_id      bigint,
    enqueued_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (schedule, tick)
);
