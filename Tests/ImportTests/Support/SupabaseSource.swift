import Core
import Crypto
import Foundation
import Logging
import PostgresNIO
import TestSupport

/// A Supabase-shaped source database of its own for one test (schemas `auth`, `storage`,
/// `public`), seeded with a realistic data set, plus the bytes of its stored objects.
struct SupabaseSource: Sendable {
    /// How much data to seed.
    struct Sizes: Sendable {
        var users = 8
        var files = 5
        var interviews = 20
        var messages = 200
    }

    /// The database's URL.
    let url: DatabaseURL
    /// The sizes seeded.
    let sizes: Sizes
    /// The password every seeded e-mail user had in the old system.
    static let password = "old password 1"

    /// Creates and seeds a new source database.
    static func make(_ sizes: Sizes = Sizes()) async throws -> SupabaseSource {
        let admin = try TestDatabase.adminURL()
        let name = "s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await TestDatabase.execute(on: admin, "CREATE DATABASE \(name)")
        let source = SupabaseSource(url: admin.withDatabase(String(name)), sizes: sizes)
        try await source.execute(try SupabaseSchema.sql())
        try await source.execute(try await seedSQL(sizes))
        return source
    }

    /// A Supabase Auth hash of ``password``: bcrypt `$2a$10$`, made with the platform's hasher
    /// (`$2a$` and `$2b$` are the same algorithm for such passwords; only the tag differs).
    static let legacyHash: String = {
        let hash = try! PasswordHasher(cost: 10).hashBlocking(password)
        return "$2a$" + hash.dropFirst(4)
    }()

    /// The UUID the seed gives row `n` of `kind` (`md5(kind-n)`).
    static func id(_ kind: String, _ n: Int) -> String {
        let digest = Array(md5Hex("\(kind)-\(n)"))
        var text = ""
        for (index, character) in digest.enumerated() {
            if [8, 12, 16, 20].contains(index) { text.append("-") }
            text.append(character)
        }
        return text
    }

    /// Runs SQL (several statements allowed) on the source.
    func execute(_ sql: String) async throws {
        for statement in SQLScript.statements(sql) {
            try await TestDatabase.execute(on: url, statement)
        }
    }

    /// An integer query on the source.
    func int(_ sql: String) async throws -> Int {
        var logger = Logger(label: "test.source")
        logger.logLevel = .critical
        let connection = try await url.connect(logger: logger)
        defer { Task { try? await connection.close() } }
        for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int.self) {
            return value
        }
        return 0
    }

    /// Every stored object the seed refers to: files (through `bucket_id`/`storage_path` or
    /// `storage.objects`) and interview recordings (bucket `recordings`).
    func objectNames() async throws -> [(bucket: String, name: String)] {
        var logger = Logger(label: "test.source")
        logger.logLevel = .critical
        let connection = try await url.connect(logger: logger)
        defer { Task { try? await connection.close() } }
        var names: [(String, String)] = []
        let query: PostgresQuery = """
            SELECT coalesce(f.bucket_id, o.bucket_id), coalesce(f.storage_path, o.name)
            FROM public.files f LEFT JOIN storage.objects o ON o.id = f.id
            UNION ALL SELECT 'recordings', recording_key FROM public.interviews WHERE recording_key IS NOT NULL
            """
        for try await (bucket, name) in try await connection.query(query, logger: logger).decode((String, String).self) {
            names.append((bucket, name))
        }
        return names
    }

    /// The bytes of object `name` (deterministic, a few kilobytes).
    static func bytes(bucket: String, name: String) -> Data {
        Data(String(repeating: "\(bucket)/\(name) — stored bytes\n", count: 64).utf8)
    }

    /// Writes every object under `directory/<bucket>/<name>` (the `--storage-dir` layout).
    func exportObjects(to directory: URL) async throws {
        for (bucket, name) in try await objectNames() {
            let file = directory.appendingPathComponent(bucket).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Self.bytes(bucket: bucket, name: name).write(to: file)
        }
    }

    private static func seedSQL(_ sizes: Sizes) async throws -> String {
        let hash = legacyHash
        let u = sizes.users, f = sizes.files, i = sizes.interviews, m = sizes.messages
        return """
            INSERT INTO storage.buckets (id, name) VALUES ('documents', 'documents'), ('logos', 'logos'), ('recordings', 'recordings');

            INSERT INTO auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data,
                                    raw_user_meta_data, created_at, updated_at, last_sign_in_at)
            SELECT '00000000-0000-0000-0000-000000000000', md5('user-' || n)::uuid, 'authenticated', 'authenticated',
                   'user' || n || '@example.com', '\(hash)', ts,
                   CASE WHEN n = 2 THEN '{"provider": "email", "providers": ["email"], "role": "candidate"}'::jsonb
                        ELSE '{"provider": "email", "providers": ["email"]}'::jsonb END,
                   CASE WHEN n = 3 THEN '{"role": "admin", "full_name": "Mallory"}'::jsonb ELSE '{"full_name": "User"}'::jsonb END,
                   ts, ts + interval '1 hour', ts + interval '2 days'
            FROM generate_series(1, \(u)) AS n, LATERAL (SELECT timestamptz '2024-01-01 00:00:00+00' + n * interval '1 minute' AS ts) t;
            -- Left out: soft-deleted and anonymous users. Imported without a password: an OAuth user.
            INSERT INTO auth.users (id, aud, role, email, encrypted_password, raw_app_meta_data, created_at, updated_at, deleted_at)
            VALUES (md5('deleted-1')::uuid, 'authenticated', 'authenticated', 'gone@example.com', '\(hash)', '{}', '2024-02-01', '2024-02-01', '2024-03-01');
            INSERT INTO auth.users (id, aud, role, email, encrypted_password, raw_app_meta_data, created_at, updated_at, is_anonymous)
            VALUES (md5('anonymous-1')::uuid, 'authenticated', 'authenticated', NULL, NULL, '{}', '2024-02-01', '2024-02-01', true);
            INSERT INTO auth.users (id, aud, role, email, encrypted_password, raw_app_meta_data, created_at, updated_at, is_sso_user)
            VALUES (md5('oauth-1')::uuid, 'authenticated', 'authenticated', 'oauth@example.com', '',
                    '{"provider": "google", "providers": ["google"]}', '2024-02-02', '2024-02-02', false);

            INSERT INTO public.files (id, name, mime_type, size, category, uploaded_by, bucket_id, storage_path, created_at)
            SELECT md5('file-' || n)::uuid, 'resume-' || n || '.pdf', 'application/pdf', 0, 'resume', md5('user-' || (n % \(u) + 1))::uuid,
                   'documents', 'resumes/' || n || '/cv file.pdf', timestamptz '2024-01-05 00:00:00+00' + n * interval '1 minute'
            FROM generate_series(1, \(f)) AS n;
            -- A logo found through storage.objects (same id), its type from the object's metadata.
            INSERT INTO storage.objects (id, bucket_id, name, metadata)
            VALUES (md5('logo-1')::uuid, 'logos', 'acme/logo.png', '{"mimetype": "image/png", "size": 4000, "eTag": "\\"abc\\""}');
            INSERT INTO public.files (id, name, mime_type, size, category, uploaded_by, created_at)
            VALUES (md5('logo-1')::uuid, 'logo.png', NULL, 4000, 'LOGO', md5('user-1')::uuid, '2024-01-04 12:00:00+00');

            INSERT INTO public.profiles (id, user_id, role, company_name, logo_file_id, brand_color, email_intro, created_at, updated_at)
            SELECT md5('profile-' || n)::uuid, md5('user-' || n)::uuid, CASE WHEN n = 1 THEN 'admin' ELSE 'recruiter' END,
                   'Company ' || n, CASE WHEN n = 1 THEN md5('logo-1')::uuid END, '#1A2b3C', 'Hello from ' || n,
                   timestamptz '2024-01-02 00:00:00+00', timestamptz '2024-01-02 00:00:00+00'
            FROM generate_series(1, \(u)) AS n WHERE n NOT IN (2, 3);

            INSERT INTO public.jobs (id, recruiter_id, title, description, department, status, approval_status, created_at, updated_at)
            SELECT md5('job-' || n)::uuid, md5('user-' || (n % \(u) + 1))::uuid, 'Engineer ' || n, 'Build things', 'R&D',
                   (ARRAY['draft', 'active', 'closed'])[n % 3 + 1]::public.job_status, 'approved',
                   timestamptz '2024-01-03 00:00:00+00' + n * interval '1 minute', timestamptz '2024-01-03 00:00:00+00' + n * interval '1 minute'
            FROM generate_series(1, \(u)) AS n;

            INSERT INTO public.job_applications (id, job_id, candidate_id, cover_letter, resume_file_id, status, created_at, updated_at)
            SELECT md5('application-' || n)::uuid, md5('job-' || n)::uuid, md5('user-2')::uuid, 'Dear team, ' || n,
                   md5('file-1')::uuid, 'shortlisted', '2024-01-06', '2024-01-06'
            FROM generate_series(1, \(u)) AS n;

            INSERT INTO public.interviews (id, recruiter_id, job_id, candidate_email, candidate_name, type, status, score,
                                           communication_score, technical_score, summary, strengths, improvements, recording_key,
                                           resume_file_id, time_limit, expires_at, started_at, completed_at, created_at, updated_at)
            SELECT md5('interview-' || n)::uuid, md5('user-' || (n % \(u) + 1))::uuid,
                   CASE WHEN n % 3 = 0 THEN NULL ELSE md5('job-' || (n % \(u) + 1))::uuid END,
                   'cand' || n || '@example.com', 'Candidate "' || n || '"', CASE WHEN n % 2 = 0 THEN 'voice' ELSE 'TEXT' END,
                   (ARRAY['pending', 'in_progress', 'completed', 'expired'])[n % 4 + 1]::public.interview_status,
                   CASE WHEN n % 4 = 2 THEN n % 101 END, CASE WHEN n % 4 = 2 THEN 70 END, CASE WHEN n % 4 = 2 THEN 80 END,
                   CASE WHEN n % 4 = 2 THEN E'Solid, with a tab\\tand a quote '' here' END,
                   ARRAY['clear', 'n,' || n], ARRAY[]::text[],
                   CASE WHEN n % 4 = 2 THEN 'recordings/' || md5('interview-' || n)::uuid || '/1700000000000-take.webm' END,
                   CASE WHEN n = 1 THEN md5('file-1')::uuid END, 30,
                   ts + interval '7 days', CASE WHEN n % 4 IN (1, 2) THEN ts + interval '1 hour' END,
                   CASE WHEN n % 4 = 2 THEN ts + interval '90 minutes' END, ts, ts + interval '2 hours'
            FROM generate_series(1, \(i)) AS n, LATERAL (SELECT timestamptz '2024-02-01 00:00:00.123456+00' + n * interval '1 minute' AS ts) t;

            INSERT INTO public.interview_messages (id, interview_id, role, content, created_at)
            SELECT md5('message-' || n)::uuid, md5('interview-' || (n % \(i) + 1))::uuid, (ARRAY['assistant', 'user'])[n % 2 + 1],
                   'Message ' || n || E' with unicode é and a newline\\n', timestamptz '2024-02-02 00:00:00+00' + n * interval '1 second'
            FROM generate_series(1, \(m)) AS n;

            INSERT INTO public.interview_screenshots (id, interview_id, file_id, created_at)
            VALUES (md5('screenshot-1')::uuid, md5('interview-1')::uuid, md5('file-1')::uuid, '2024-02-03');

            INSERT INTO public.email_messages (id, interview_id, message_id, status, sent_at, delivered_at, created_at, updated_at)
            SELECT md5('email-' || n)::uuid, md5('interview-' || n)::uuid, '<brevo-' || n || '@smtp-relay.mailin.fr>', 'delivered',
                   '2024-02-01 10:00', '2024-02-01 10:01', '2024-02-01 10:00', '2024-02-01 10:01'
            FROM generate_series(1, least(\(i), 5)) AS n;
            INSERT INTO public.whatsapp_messages (id, interview_id, message_id, status, sent_at, created_at, updated_at)
            VALUES (md5('whatsapp-1')::uuid, md5('interview-1')::uuid, 'wamid.HBgL', 'read', '2024-02-01 10:00', '2024-02-01 10:00', '2024-02-01 10:02');

            -- One key stored hashed (SHA-256 hex, as the platform does), one kept in clear by the old app.
            INSERT INTO public.api_keys (id, user_id, name, key_hash, key_prefix, scopes, created_at)
            VALUES (md5('key-1')::uuid, md5('user-1')::uuid, 'CI', encode(sha256('vh_live_hashedkey000000000000000000000000000000'::bytea), 'hex'),
                    'vh_live_hashed', '{interviews:read}', '2024-01-10'),
                   (md5('key-2')::uuid, md5('user-1')::uuid, 'Zapier', 'vh_live_ClearKeyClearKeyClearKeyClearKey12345678',
                    'vh_live_ClearK', '{interviews:read,interviews:write}', '2024-01-11');

            INSERT INTO public.admin_settings (id, signup_code, created_at, updated_at)
            VALUES (md5('admin-1')::uuid, 'WELCOME', '2024-01-01', '2024-01-01');
            INSERT INTO public.onboarding_reminders (id, user_id, task, completed, created_at)
            VALUES (md5('reminder-1')::uuid, md5('user-1')::uuid, 'create_job', true, '2024-01-01'),
                   (md5('reminder-2')::uuid, md5('user-4')::uuid, 'create_job', false, '2024-01-01');
            """
    }
}

/// Lower-case hex MD5 of `text` (PostgreSQL's `md5()`).
func md5Hex(_ text: String) -> String {
    Insecure.MD5.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
}
