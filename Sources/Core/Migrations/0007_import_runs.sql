-- 0007: `vantahire import supabase` bookkeeping. One row per import pass; one checkpoint row per
-- table of a pass (keyset cursor, counts, the source's updated_at high-water mark), written in the
-- same transaction as the rows it covers, so a pass killed at any moment resumes where it stopped.

CREATE TABLE import_runs (
    id          bigserial PRIMARY KEY,
    -- Which source (host/database) the pass reads; passes of different sources never mix.
    source      text NOT NULL,
    status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX import_runs_source_idx ON import_runs (source, id DESC);

CREATE TABLE import_run_tables (
    run_id       bigint NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
    table_name   text NOT NULL,
    -- Keyset cursor: the last source key this pass has handled (NULL before the first batch).
    last_key     text,
    -- Rows with updated_at after this were selected (NULL: every row, compared by content hash).
    since        timestamptz,
    -- The largest source updated_at when the pass started on this table: the next pass's `since`.
    high_water   timestamptz,
    source_rows  bigint NOT NULL DEFAULT 0,
    imported     bigint NOT NULL DEFAULT 0,
    unchanged    bigint NOT NULL DEFAULT 0,
    rejected     jsonb NOT NULL DEFAULT '[]',
    skipped      jsonb NOT NULL DEFAULT '[]',
    completed_at timestamptz,
    PRIMARY KEY (run_id, table_name)
);

-- Imported rows keep the source's updated_at: the trigger leaves it alone in a transaction that
-- set `vantahire.importing` to 'on' (SET LOCAL, the importer only).
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('vantahire.importing', true), '') = 'on' THEN
        RETURN NEW;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
