public import Core
public import Foundation
public import Logging
import PostgresNIO

/// Everything an invite needs: the interview, its recruiter's branding and the posting's title.
public struct InviteDetails: Sendable {
    /// The interview.
    public var interview: Interview
    /// The recruiter's branding (empty when they never saved a profile).
    public var profile: Profile
    /// The recruiter's email (reply-to).
    public var recruiterEmail: String
    /// The posting's title, when the interview is for one.
    public var postingTitle: String?
    /// The interview's token version (the invite link's token carries it).
    public var tokenVersion: Int

    /// Loads the details of interview `id`; `nil` when it no longer exists.
    public static func load(interviewId id: UUID, on client: Database, logger: Logger) async throws -> InviteDetails? {
        guard let interview = try await Interview.find(id: id, on: client, logger: logger) else { return nil }
        let profile = try await Profile.find(userId: interview.recruiterId, on: client, logger: logger) ?? Profile()
        let recruiter = try await User.find(id: interview.recruiterId, on: client, logger: logger)
        var title: String?
        if let postingId = interview.postingId { title = try await JobPosting.find(id: postingId, on: client, logger: logger)?.title }
        let version = try await InterviewTokenVersion.current(interviewId: id, on: client, logger: logger) ?? 0
        return InviteDetails(interview: interview, profile: profile, recruiterEmail: recruiter?.email ?? "", postingTitle: title, tokenVersion: version)
    }
}
