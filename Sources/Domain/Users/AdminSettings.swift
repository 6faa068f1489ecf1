public import Core
public import Logging
import PostgresNIO

/// Platform-wide settings kept by admins (one row).
public enum AdminSettings {
    /// The bcrypt hash of the recruiter signup code; `nil` when sign-up is open.
    public static func signupCodeHash(on client: Database, logger: Logger) async throws -> String? {
        try await client.query("SELECT signup_code_hash FROM admin_settings LIMIT 1", logger: logger)
            .decode(String?.self).first { _ in true } ?? nil
    }

    /// Sets (or with `nil` clears) the signup code's hash.
    public static func setSignupCodeHash(_ hash: String?, on client: Database, logger: Logger) async throws {
        try await client.query(
            """
            INSERT INTO admin_settings (signup_code, signup_code_hash) VALUES (NULL, \(hash))
            ON CONFLICT ((true)) DO UPDATE SET signup_code = NULL, signup_code_hash = EXCLUDED.signup_code_hash
            """,
            logger: logger
        )
    }
}
