extension ImportMapping {
    /// The old VantaHire app on Supabase: users from Supabase Auth, the app's tables in `public`
    /// (the old plan's models in snake_case), bytes from Supabase Storage.
    public static let supabaseDefault = ImportMapping(tables: [
        TableMapping(
            target: "users", source: "auth.users",
            updatedAt: "greatest(s.updated_at, (SELECT max(p.updated_at) FROM public.profiles p WHERE p.user_id = s.id))",
            columns: ["id": "id", "created_at": "created_at", "updated_at": "updated_at"],
            expressions: [
                "email": "lower(s.email)",
                "password_hash": "coalesce(s.encrypted_password, '')",
                // The profile's role, else the server-set app metadata; user metadata is user-editable and never grants a role.
                "role": "coalesce((SELECT p.role::text FROM public.profiles p WHERE p.user_id = s.id LIMIT 1), s.raw_app_meta_data->>'role', 'RECRUITER')",
            ],
            ignore: [
                "instance_id", "aud", "role", "email_confirmed_at", "invited_at", "confirmation_token", "confirmation_sent_at",
                "recovery_token", "recovery_sent_at", "email_change_token_new", "email_change", "email_change_sent_at",
                "last_sign_in_at", "raw_app_meta_data", "raw_user_meta_data", "is_super_admin", "phone", "phone_confirmed_at",
                "phone_change", "phone_change_token", "phone_change_sent_at", "confirmed_at", "email_change_token_current",
                "email_change_confirm_status", "banned_until", "reauthentication_token", "reauthentication_sent_at",
                "is_sso_user", "deleted_at", "is_anonymous",
            ],
            skip: [
                RowRule(when: "s.deleted_at IS NOT NULL", reason: "soft-deleted in Supabase Auth"),
                RowRule(when: "coalesce(s.is_anonymous, false)", reason: "anonymous user"),
            ],
            reject: [
                RowRule(when: "s.email IS NULL OR s.email = ''", reason: "no e-mail address"),
                RowRule(
                    when: "coalesce(s.encrypted_password, '') <> '' AND s.encrypted_password !~ '^\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}$'",
                    reason: "password hash is not bcrypt"),
            ]
        ),
        TableMapping(
            target: "files", source: "public.files",
            columns: ["id": "id", "name": "name", "category": "category", "uploaded_by": "uploaded_by", "created_at": "created_at"],
            expressions: ["mime_type": "coalesce(s.mime_type, o.metadata->>'mimetype', 'application/octet-stream')"],
            joins: ["LEFT JOIN storage.objects o ON o.id = s.id"],
            ignore: ["size"],
            references: ["uploaded_by": "users"],
            bytes: FileBytesMapping(bucket: "coalesce(s.bucket_id, o.bucket_id)", object: "coalesce(s.storage_path, o.name)")
        ),
        TableMapping(
            target: "profiles", source: "public.profiles", updatedAt: "s.updated_at",
            columns: Self.same("id", "user_id", "company_name", "logo_file_id", "brand_color", "email_intro", "email_tips",
                               "email_cta", "created_at", "updated_at"),
            ignore: ["role"],
            references: ["user_id": "users", "logo_file_id": "files"]
        ),
        TableMapping(
            target: "job_postings", source: "public.jobs", updatedAt: "s.updated_at",
            columns: Self.same("id", "recruiter_id", "title", "description", "department", "location", "salary_range", "status",
                               "approval_status", "created_at", "updated_at"),
            references: ["recruiter_id": "users"]
        ),
        TableMapping(
            target: "job_applications", source: "public.job_applications", updatedAt: "s.updated_at",
            columns: Self.same("id", "candidate_id", "cover_letter", "resume_file_id", "status", "created_at", "updated_at")
                .merging(["job_posting_id": "job_id"]) { $1 },
            references: ["job_posting_id": "job_postings", "candidate_id": "users", "resume_file_id": "files"]
        ),
        TableMapping(
            target: "interviews", source: "public.interviews", updatedAt: "s.updated_at",
            columns: Self.same("id", "recruiter_id", "candidate_email", "candidate_name", "candidate_notes", "type", "status",
                               "score", "communication_score", "technical_score", "summary", "strengths", "improvements",
                               "recording_key", "resume_file_id", "time_limit", "expires_at", "started_at", "completed_at",
                               "created_at", "updated_at")
                .merging(["job_posting_id": "job_id"]) { $1 },
            references: ["recruiter_id": "users", "job_posting_id": "job_postings", "resume_file_id": "files"],
            recording: RecordingMapping(column: "recording_key", bucket: "recordings")
        ),
        TableMapping(
            target: "interview_messages", source: "public.interview_messages",
            columns: Self.same("id", "interview_id", "role", "content", "created_at"),
            references: ["interview_id": "interviews"]
        ),
        TableMapping(
            target: "interview_screenshots", source: "public.interview_screenshots",
            columns: Self.same("id", "interview_id", "file_id", "created_at"),
            references: ["interview_id": "interviews", "file_id": "files"]
        ),
        TableMapping(
            target: "email_messages", source: "public.email_messages", updatedAt: "s.updated_at",
            columns: Self.same("id", "interview_id", "message_id", "status", "sent_at", "delivered_at", "opened_at", "created_at", "updated_at"),
            references: ["interview_id": "interviews"]
        ),
        TableMapping(
            target: "whatsapp_messages", source: "public.whatsapp_messages", updatedAt: "s.updated_at",
            columns: Self.same("id", "interview_id", "message_id", "status", "sent_at", "delivered_at", "read_at", "created_at", "updated_at"),
            references: ["interview_id": "interviews"]
        ),
        TableMapping(
            target: "api_keys", source: "public.api_keys",
            columns: Self.same("id", "user_id", "name", "key_prefix", "scopes", "expires_at", "rate_limit", "requests_today",
                               "last_request_at", "status", "created_at"),
            // Kept when already a SHA-256 hex digest (how the platform stores keys); a key kept in clear is hashed.
            expressions: ["key_hash": "CASE WHEN s.key_hash ~ '^[0-9a-f]{64}$' THEN s.key_hash ELSE encode(sha256(convert_to(s.key_hash, 'UTF8')), 'hex') END"],
            references: ["user_id": "users"]
        ),
        TableMapping(
            target: "admin_settings", source: "public.admin_settings", updatedAt: "s.updated_at",
            columns: Self.same("id", "signup_code", "signup_code_hash", "created_at", "updated_at")
        ),
        TableMapping(
            target: "onboarding_reminders", source: "public.onboarding_reminders",
            columns: Self.same("id", "user_id", "task", "completed", "created_at"),
            references: ["user_id": "users"]
        ),
    ])

    private static func same(_ names: String...) -> [String: String] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, $0) })
    }
}
