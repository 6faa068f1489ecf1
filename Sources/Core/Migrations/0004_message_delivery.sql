-- 0004: idempotent invite sending. Each send_invite_email / send_whatsapp job owns one message row
-- (job_id), written before the provider is called; attempted_at marks a call in flight, so a
-- retry after a crash between the call and the commit never sends a second message.

ALTER TABLE email_messages ADD COLUMN job_id bigint, ADD COLUMN attempted_at timestamptz, ADD COLUMN error text;
ALTER TABLE email_messages ADD CONSTRAINT email_messages_job_id_key UNIQUE (job_id);
ALTER TABLE whatsapp_messages ADD COLUMN job_id bigint, ADD COLUMN attempted_at timestamptz, ADD COLUMN error text;
ALTER TABLE whatsapp_messages ADD CONSTRAINT whatsapp_messages_job_id_key UNIQUE (job_id);

-- Recordings past retention are found by completion time.
CREATE INDEX interviews_recording_purge_idx ON interviews (completed_at) WHERE recording_key IS NOT NULL;
