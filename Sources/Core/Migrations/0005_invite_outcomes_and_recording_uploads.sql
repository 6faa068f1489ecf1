-- 0005: invite outcomes the recruiter can act on. UNCERTAIN: a provider call whose outcome is
-- unknown (timeout after the request left, worker killed mid-call); it is never repeated, so the
-- recruiter decides whether to resend. It ranks above PENDING and below SENT, so a webhook that
-- reports the message later still moves it forward.
ALTER TYPE email_status ADD VALUE IF NOT EXISTS 'UNCERTAIN' AFTER 'PENDING';
ALTER TYPE whatsapp_status ADD VALUE IF NOT EXISTS 'UNCERTAIN' AFTER 'PENDING';

-- The new value cannot be named as an enum literal in the transaction that adds it, so the ranks
-- compare text.
CREATE OR REPLACE FUNCTION email_status_rank(s email_status) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE s::text
        WHEN 'PENDING' THEN 0 WHEN 'UNCERTAIN' THEN 1 WHEN 'SENT' THEN 2
        WHEN 'DELIVERED' THEN 3 WHEN 'BOUNCED' THEN 3 WHEN 'FAILED' THEN 3
        WHEN 'OPENED' THEN 4 WHEN 'CLICKED' THEN 5 WHEN 'SPAM' THEN 6
    END
$$;

CREATE OR REPLACE FUNCTION whatsapp_status_rank(s whatsapp_status) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE s::text
        WHEN 'PENDING' THEN 0 WHEN 'UNCERTAIN' THEN 1 WHEN 'SENT' THEN 2
        WHEN 'DELIVERED' THEN 3 WHEN 'FAILED' THEN 3 WHEN 'READ' THEN 4
    END
$$;

-- Every recording upload URL handed out. Uploads never confirmed are swept once their URL has
-- expired, and every object of an interview is deleted (through the queue) with it. No foreign
-- key: a row outlives its interview until the object is gone from storage.
CREATE TABLE recording_uploads (
    key          text PRIMARY KEY,
    interview_id uuid NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    confirmed_at timestamptz
);
CREATE INDEX recording_uploads_interview_idx ON recording_uploads (interview_id);
CREATE INDEX recording_uploads_unconfirmed_idx ON recording_uploads (expires_at) WHERE confirmed_at IS NULL;
