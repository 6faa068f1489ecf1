-- Benchmark data for scripts/bench-import (psql variables: users, interviews, messages, files).
INSERT INTO storage.buckets (id, name) VALUES ('documents', 'documents');
INSERT INTO auth.users (id, aud, role, email, encrypted_password, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
SELECT md5('user-' || n)::uuid, 'authenticated', 'authenticated', 'user' || n || '@example.com',
       '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW', '{"provider": "email"}', '{}',
       timestamptz '2024-01-01' + n * interval '1 second', timestamptz '2024-01-01' + n * interval '1 second'
FROM generate_series(1, :users) AS n;
INSERT INTO public.profiles (id, user_id, role, company_name, created_at, updated_at)
SELECT md5('profile-' || n)::uuid, md5('user-' || n)::uuid, 'recruiter', 'Company ' || n, '2024-01-02', '2024-01-02'
FROM generate_series(1, :users) AS n;
INSERT INTO public.files (id, name, mime_type, size, category, uploaded_by, bucket_id, storage_path, created_at)
SELECT md5('file-' || n)::uuid, 'resume-' || n || '.pdf', 'application/pdf', 4096, 'resume', md5('user-' || (n % :users + 1))::uuid,
       'documents', 'resumes/' || n || '.pdf', timestamptz '2024-01-05' + n * interval '1 second'
FROM generate_series(1, :files) AS n;
INSERT INTO public.interviews (id, recruiter_id, candidate_email, candidate_name, type, status, score, summary, strengths,
                               improvements, time_limit, expires_at, created_at, updated_at)
SELECT md5('interview-' || n)::uuid, md5('user-' || (n % :users + 1))::uuid, 'cand' || n || '@example.com', 'Candidate ' || n,
       CASE WHEN n % 2 = 0 THEN 'voice' ELSE 'text' END,
       (ARRAY['pending', 'in_progress', 'completed', 'expired'])[n % 4 + 1]::public.interview_status, n % 101,
       'Summary of interview ' || n, ARRAY['clear', 'structured'], ARRAY['depth'], 30,
       timestamptz '2024-02-08' + n * interval '1 second', timestamptz '2024-02-01' + n * interval '1 second',
       timestamptz '2024-02-01' + n * interval '1 second'
FROM generate_series(1, :interviews) AS n;
INSERT INTO public.interview_messages (id, interview_id, role, content, created_at)
SELECT md5('message-' || n)::uuid, md5('interview-' || (n % :interviews + 1))::uuid, (ARRAY['assistant', 'user'])[n % 2 + 1],
       'Message ' || n || ': a typical answer of a candidate, about one or two sentences long, describing past work.',
       timestamptz '2024-02-02' + n * interval '1 second'
FROM generate_series(1, :messages) AS n;
ANALYZE;
