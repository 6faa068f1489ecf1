-- 0003: what the REST API needs on top of the domain schema.

-- An evaluation that failed after its last attempt, shown to the recruiter until re-requested.
ALTER TABLE interviews ADD COLUMN evaluation_error text;

-- Content hash of stored files (ETag, integrity); NULL for rows imported without one.
ALTER TABLE files ADD COLUMN sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$');

-- Recruiters page through their interviews newest first.
CREATE INDEX interviews_recruiter_created_idx ON interviews (recruiter_id, created_at DESC, id DESC);
CREATE INDEX job_postings_public_idx ON job_postings (created_at DESC, id DESC)
    WHERE status = 'ACTIVE' AND approval_status = 'APPROVED';
CREATE INDEX users_created_idx ON users (created_at DESC, id DESC);

-- There is at most one admin settings row.
CREATE UNIQUE INDEX admin_settings_singleton ON admin_settings ((true));

-- Delivery statuses only move forward: a status may replace another of lower rank.
CREATE FUNCTION email_status_rank(s email_status) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE s
        WHEN 'PENDING' THEN 0 WHEN 'SENT' THEN 1
        WHEN 'DELIVERED' THEN 2 WHEN 'BOUNCED' THEN 2 WHEN 'FAILED' THEN 2
        WHEN 'OPENED' THEN 3 WHEN 'CLICKED' THEN 4 WHEN 'SPAM' THEN 5
    END
$$;

CREATE FUNCTION whatsapp_status_rank(s whatsapp_status) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE s
        WHEN 'PENDING' THEN 0 WHEN 'SENT' THEN 1
        WHEN 'DELIVERED' THEN 2 WHEN 'FAILED' THEN 2 WHEN 'READ' THEN 3
    END
$$;
