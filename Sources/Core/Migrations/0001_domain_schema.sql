-- 0001: the hiring domain (users, interviews, job postings, files, messaging, API keys, admin).
-- Names are snake_case. Job *postings* (hiring) are kept apart from background jobs (the queue).

CREATE TYPE user_role AS ENUM ('RECRUITER', 'CANDIDATE', 'ADMIN');
CREATE TYPE interview_type AS ENUM ('TEXT', 'VOICE');
CREATE TYPE interview_status AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'EXPIRED');
CREATE TYPE job_posting_status AS ENUM ('DRAFT', 'ACTIVE', 'CLOSED');
CREATE TYPE approval_status AS ENUM ('PENDING', 'APPROVED', 'REJECTED');
CREATE TYPE application_status AS ENUM ('PENDING', 'REVIEWED', 'SHORTLISTED', 'REJECTED', 'HIRED');
CREATE TYPE file_category AS ENUM ('LOGO', 'RESUME', 'SCREENSHOT', 'DOCUMENT');
CREATE TYPE email_status AS ENUM ('PENDING', 'SENT', 'DELIVERED', 'OPENED', 'CLICKED', 'BOUNCED', 'SPAM', 'FAILED');
CREATE TYPE whatsapp_status AS ENUM ('PENDING', 'SENT', 'DELIVERED', 'READ', 'FAILED');

-- Keeps updated_at current on every UPDATE.
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

-- ============ USERS & AUTH ============

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%' AND length(email) <= 320),
    password_hash text NOT NULL,
    role          user_role NOT NULL DEFAULT 'RECRUITER',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE files (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    mime_type   text NOT NULL CHECK (length(mime_type) BETWEEN 1 AND 255),
    size        integer NOT NULL CHECK (size >= 0),
    data        bytea NOT NULL,
    category    file_category NOT NULL,
    uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT files_size_matches_data CHECK (size = octet_length(data))
);
CREATE INDEX files_category_uploaded_by_idx ON files (category, uploaded_by);
CREATE INDEX files_uploaded_by_idx ON files (uploaded_by);

CREATE TABLE profiles (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company_name text CHECK (length(company_name) <= 200),
    logo_file_id uuid REFERENCES files (id) ON DELETE SET NULL,
    brand_color  text CHECK (brand_color ~ '^#[0-9A-Fa-f]{6}$'),
    email_intro  text,
    email_tips   text,
    email_cta    text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT profiles_user_id_key UNIQUE (user_id)
);

-- A signed-in session. The bearer token itself is never stored: only its SHA-256 hash.
CREATE TABLE sessions (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash),
    CONSTRAINT sessions_expiry_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

-- ============ JOB POSTINGS (hiring; not background jobs) ============

CREATE TABLE job_postings (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    recruiter_id    uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description     text NOT NULL,
    department      text,
    location        text,
    salary_range    text,
    status          job_posting_status NOT NULL DEFAULT 'DRAFT',
    approval_status approval_status NOT NULL DEFAULT 'PENDING',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_postings_recruiter_id_idx ON job_postings (recruiter_id);
CREATE INDEX job_postings_status_idx ON job_postings (status);

CREATE TABLE job_applications (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_posting_id uuid NOT NULL REFERENCES job_postings (id) ON DELETE RESTRICT,
    candidate_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    cover_letter   text,
    resume_file_id uuid REFERENCES files (id) ON DELETE SET NULL,
    status         application_status NOT NULL DEFAULT 'PENDING',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_applications_one_per_candidate UNIQUE (job_posting_id, candidate_id)
);
CREATE INDEX job_applications_job_posting_id_idx ON job_applications (job_posting_id);
CREATE INDEX job_applications_candidate_id_idx ON job_applications (candidate_id);

-- ============ INTERVIEWS ============

CREATE TABLE interviews (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    recruiter_id        uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    job_posting_id      uuid REFERENCES job_postings (id) ON DELETE SET NULL,
    candidate_email     text NOT NULL CHECK (candidate_email LIKE '%_@_%' AND length(candidate_email) <= 320),
    candidate_name      text,
    candidate_notes     text,
    -- E.164, needed for WhatsApp invites.
    candidate_phone     text CHECK (candidate_phone ~ '^\+[1-9][0-9]{6,14}$'),
    type                interview_type NOT NULL DEFAULT 'TEXT',
    status              interview_status NOT NULL DEFAULT 'PENDING',
    score               integer CHECK (score BETWEEN 0 AND 100),
    communication_score integer CHECK (communication_score BETWEEN 0 AND 100),
    technical_score     integer CHECK (technical_score BETWEEN 0 AND 100),
    summary             text,
    strengths           text[] NOT NULL DEFAULT '{}',
    improvements        text[] NOT NULL DEFAULT '{}',
    recording_key       text,
    resume_file_id      uuid REFERENCES files (id) ON DELETE SET NULL,
    time_limit          integer NOT NULL DEFAULT 30 CHECK (time_limit BETWEEN 1 AND 480),
    expires_at          timestamptz NOT NULL,
    started_at          timestamptz,
    completed_at        timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT interviews_completed_after_start CHECK (completed_at IS NULL OR started_at IS NULL OR completed_at >= started_at)
);
CREATE INDEX interviews_recruiter_id_idx ON interviews (recruiter_id);
CREATE INDEX interviews_status_idx ON interviews (status);
CREATE INDEX interviews_job_posting_id_idx ON interviews (job_posting_id);
-- The nightly expiry scans pending interviews by deadline.
CREATE INDEX interviews_pending_expiry_idx ON interviews (expires_at) WHERE status = 'PENDING';

CREATE TABLE interview_messages (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    interview_id uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    role         text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content      text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interview_messages_interview_id_idx ON interview_messages (interview_id, created_at);

CREATE TABLE interview_screenshots (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    interview_id uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    file_id      uuid NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interview_screenshots_interview_id_idx ON interview_screenshots (interview_id);

-- ============ MESSAGING ============

CREATE TABLE email_messages (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    interview_id uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    message_id   text,
    status       email_status NOT NULL DEFAULT 'PENDING',
    sent_at      timestamptz,
    delivered_at timestamptz,
    opened_at    timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT email_messages_message_id_key UNIQUE (message_id)
);
CREATE INDEX email_messages_interview_id_idx ON email_messages (interview_id);

CREATE TABLE whatsapp_messages (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    interview_id uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    message_id   text,
    status       whatsapp_status NOT NULL DEFAULT 'PENDING',
    sent_at      timestamptz,
    delivered_at timestamptz,
    read_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT whatsapp_messages_message_id_key UNIQUE (message_id)
);
CREATE INDEX whatsapp_messages_interview_id_idx ON whatsapp_messages (interview_id);

-- ============ API KEYS ============

CREATE TABLE api_keys (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    key_hash        text NOT NULL,
    key_prefix      text NOT NULL,
    scopes          text[] NOT NULL DEFAULT '{}',
    expires_at      timestamptz,
    rate_limit      integer NOT NULL DEFAULT 1000 CHECK (rate_limit > 0),
    requests_today  integer NOT NULL DEFAULT 0 CHECK (requests_today >= 0),
    last_request_at timestamptz,
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash)
);
CREATE INDEX api_keys_user_id_idx ON api_keys (user_id);

-- ============ ADMIN ============

CREATE TABLE admin_settings (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    signup_code      text,
    signup_code_hash text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE onboarding_reminders (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    task       text NOT NULL,
    completed  boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT onboarding_reminders_user_task_key UNIQUE (user_id, task)
);

CREATE TRIGGER users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER profiles_updated_at BEFORE UPDATE ON profiles FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER job_postings_updated_at BEFORE UPDATE ON job_postings FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER job_applications_updated_at BEFORE UPDATE ON job_applications FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER interviews_updated_at BEFORE UPDATE ON interviews FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER email_messages_updated_at BEFORE UPDATE ON email_messages FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER whatsapp_messages_updated_at BEFORE UPDATE ON whatsapp_messages FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER admin_settings_updated_at BEFORE UPDATE ON admin_settings FOR EACH ROW EXECUTE FUNCTION set_updated_at();
