public import Core
public import Foundation
public import Logging
import PostgresNIO

/// A recruiter's company profile, used to brand invite emails.
public struct Profile: Sendable, Codable, Equatable {
    /// Company name.
    public var companyName: String?
    /// Logo (a LOGO file).
    public var logoFileId: UUID?
    /// Brand colour, `#RRGGBB`.
    public var brandColor: String?
    /// Email introduction paragraph.
    public var emailIntro: String?
    /// Tips for the candidate.
    public var emailTips: String?
    /// Call-to-action label.
    public var emailCta: String?

    /// An empty profile.
    public init(companyName: String? = nil, logoFileId: UUID? = nil, brandColor: String? = nil,
                emailIntro: String? = nil, emailTips: String? = nil, emailCta: String? = nil) {
        self.companyName = companyName
        self.logoFileId = logoFileId
        self.brandColor = brandColor
        self.emailIntro = emailIntro
        self.emailTips = emailTips
        self.emailCta = emailCta
    }

    /// `userId`'s profile, `nil` when they never saved one.
    public static func find(userId: UUID, on client: Database, logger: Logger) async throws -> Profile? {
        let rows = try await client.query(
            "SELECT company_name, logo_file_id, brand_color, email_intro, email_tips, email_cta FROM profiles WHERE user_id = \(userId)",
            logger: logger
        )
        for try await (company, logo, color, intro, tips, cta) in rows.decode((String?, UUID?, String?, String?, String?, String?).self) {
            return Profile(companyName: company, logoFileId: logo, brandColor: color, emailIntro: intro, emailTips: tips, emailCta: cta)
        }
        return nil
    }

    /// Saves the non-nil fields of `changes` into `userId`'s profile, creating it if needed.
    public static func merge(userId: UUID, _ changes: Profile, on client: Database, logger: Logger) async throws -> Profile {
        try await client.query(
            """
            INSERT INTO profiles (user_id, company_name, logo_file_id, brand_color, email_intro, email_tips, email_cta)
            VALUES (\(userId), \(changes.companyName), \(changes.logoFileId), \(changes.brandColor), \(changes.emailIntro),
                    \(changes.emailTips), \(changes.emailCta))
            ON CONFLICT (user_id) DO UPDATE SET
                company_name = COALESCE(EXCLUDED.company_name, profiles.company_name),
                logo_file_id = COALESCE(EXCLUDED.logo_file_id, profiles.logo_file_id),
                brand_color = COALESCE(EXCLUDED.brand_color, profiles.brand_color),
                email_intro = COALESCE(EXCLUDED.email_intro, profiles.email_intro),
                email_tips = COALESCE(EXCLUDED.email_tips, profiles.email_tips),
                email_cta = COALESCE(EXCLUDED.email_cta, profiles.email_cta)
            """,
            logger: logger
        )
        return try await find(userId: userId, on: client, logger: logger) ?? changes
    }
}
