-- A Supabase project's database as the old VantaHire app used it (used by ImportTests and
-- scripts/bench-import): Supabase Auth's auth.users, Supabase Storage's storage.buckets and
-- storage.objects with their real column names and types, and the app's tables in public (the old
-- plan's models in snake_case, PostgreSQL enums with lower-case labels).

CREATE SCHEMA auth;
CREATE SCHEMA storage;

CREATE TABLE auth.users (
    instance_id uuid,
    id uuid NOT NULL PRIMARY KEY,
    aud varchar(255),
    role varchar(255),
    email varchar(255),
    encrypted_password varchar(255),
    email_confirmed_at timestamptz,
    invited_at timestamptz,
    confirmation_token varchar(255),
    confirmation_sent_at timestamptz,
    recovery_token varchar(255),
    recovery_sent_at timestamptz,
    email_change_token_new varchar(255),
    email_change varchar(255),
    email_change_sent_at timestamptz,
    last_sign_in_at timestamptz,
    raw_app_meta_data jsonb,
    raw_user_meta_data jsonb,
    is_super_admin boolean,
    created_at timestamptz,
    updated_at timestamptz,
    phone text UNIQUE DEFAULT NULL,
    phone_confirmed_at timestamptz,
    phone_change text DEFAULT '',
    phone_change_token varchar(255) DEFAULT '',
    phone_change_sent_at timestamptz,
    confirmed_at timestamptz GENERATED ALWAYS AS (LEAST(email_confirmed_at, phone_confirmed_at)) STORED,
    email_change_token_current varchar(255) DEFAULT '',
    email_change_confirm_status smallint DEFAULT 0,
    banned_until timestamptz,
    reauthentication_token varchar(255) DEFAULT '',
    reauthentication_sent_at timestamptz,
    is_sso_user boolean NOT NULL DEFAULT false,
    deleted_at timestamptz,
    is_anonymous boolean NOT NULL DEFAULT false
);

CREATE TABLE storage.buckets (
    id text PRIMARY KEY,
    name text NOT NULL,
    owner uuid,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now(),
    public boolean DEFAULT false,
    file_size_limit bigint,
    allowed_mime_types text[]
);
CREATE TABLE storage.objects (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    bucket_id text REFERENCES storage.buckets (id),
    name text,
    owner uuid,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now(),
    last_accessed_at timestamptz DEFAULT now(),
    metadata jsonb,
    path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
    version text,
    owner_id text,
    user_metadata jsonb
);
CREATE UNIQUE INDEX bucketid_objname ON storage.objects (bucket_id, name);

CREATE TYPE public.job_status AS ENUM ('draft', 'active', 'closed');
CREATE TYPE public.interview_status AS ENUM ('pending', 'in_progress', 'completed', 'expired');

CREATE TABLE public.files (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    mime_type text,
    size integer,
    category text NOT NULL,
    uploaded_by uuid REFERENCES auth.users (id),
    bucket_id text,
    storage_path text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.profiles (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL UNIQUE REFERENCES auth.users (id),
    role text,
    company_name text,
    logo_file_id uuid,
    brand_color text,
    email_intro text,
    email_tips text,
    email_cta text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.jobs (
    id uuid PRIMARY KEY,
    recruiter_id uuid NOT NULL REFERENCES auth.users (id),
    title text NOT NULL,
    description text NOT NULL,
    department text,
    location text,
    salary_range text,
    status public.job_status NOT NULL DEFAULT 'draft',
    approval_status text NOT NULL DEFAULT 'pending',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.job_applications (
    id uuid PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES public.jobs (id),
    candidate_id uuid NOT NULL,
    cover_letter text,
    resume_file_id uuid,
    status text NOT NULL DEFAULT 'pending',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.interviews (
    id uuid PRIMARY KEY,
    recruiter_id uuid NOT NULL REFERENCES auth.users (id),
    job_id uuid REFERENCES public.jobs (id),
    candidate_email text NOT NULL,
    candidate_name text,
    candidate_notes text,
    type text NOT NULL DEFAULT 'text',
    status public.interview_status NOT NULL DEFAULT 'pending',
    score integer,
    communication_score integer,
    technical_score integer,
    summary text,
    strengths text[] NOT NULL DEFAULT '{}',
    improvements text[] NOT NULL DEFAULT '{}',
    recording_key text,
    resume_file_id uuid,
    time_limit integer NOT NULL DEFAULT 30,
    expires_at timestamptz NOT NULL,
    started_at timestamptz,
    completed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    legacy_flag boolean NOT NULL DEFAULT false
);
-- No foreign key: the old app wrote transcripts without one (so orphans exist).
CREATE TABLE public.interview_messages (
    id uuid PRIMARY KEY,
    interview_id uuid NOT NULL,
    role text NOT NULL,
    content text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.interview_screenshots (
    id uuid PRIMARY KEY,
    interview_id uuid NOT NULL,
    file_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.email_messages (
    id uuid PRIMARY KEY,
    interview_id uuid NOT NULL,
    message_id text UNIQUE,
    status text NOT NULL DEFAULT 'pending',
    sent_at timestamptz,
    delivered_at timestamptz,
    opened_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.whatsapp_messages (
    id uuid PRIMARY KEY,
    interview_id uuid NOT NULL,
    message_id text UNIQUE,
    status text NOT NULL DEFAULT 'pending',
    sent_at timestamptz,
    delivered_at timestamptz,
    read_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.api_keys (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL,
    name text NOT NULL,
    key_hash text NOT NULL UNIQUE,
    key_prefix text NOT NULL,
    scopes text[] NOT NULL DEFAULT '{}',
    expires_at timestamptz,
    rate_limit integer NOT NULL DEFAULT 1000,
    requests_today integer NOT NULL DEFAULT 0,
    last_request_at timestamptz,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.admin_settings (
    id uuid PRIMARY KEY,
    signup_code text,
    signup_code_hash text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.onboarding_reminders (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL,
    task text NOT NULL,
    completed boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
