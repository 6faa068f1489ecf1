import Foundation

/// The DDL of a Supabase project's database as the old VantaHire app used it
/// (`bench/import/supabase_schema.sql`, shared with `scripts/bench-import`): Supabase Auth's
/// `auth.users`, Supabase Storage's `storage.buckets`/`storage.objects` (their real column names
/// and types), and the app's tables in `public` (the old plan's models in snake_case, with
/// PostgreSQL enums whose labels are lower-case, as a JavaScript app tends to make them).
enum SupabaseSchema {
    static func sql() throws -> String {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../bench/import/supabase_schema.sql")
        return try String(contentsOf: file.standardizedFileURL, encoding: .utf8)
    }
}
