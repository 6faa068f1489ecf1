public import Foundation

// The VantaHire job kinds and their arguments. Handlers live in the Worker module.

/// Sends the recruiter's branded invite email for an interview.
public struct SendInviteEmail: JobArguments, Equatable {
    /// `send_invite_email`.
    public static let kind = "send_invite_email"
    /// Email is retried for about a day.
    public static var defaultOptions: EnqueueOptions { EnqueueOptions(queue: "default", priority: 1, maxAttempts: 15) }
    /// The interview whose candidate is invited.
    public var interviewId: UUID
    /// Creates the arguments.
    public init(interviewId: UUID) { self.interviewId = interviewId }
    /// One invite per interview in flight.
    public var uniqueKey: String? { "send_invite_email:\(interviewId.uuidString.lowercased())" }
}

/// Sends the WhatsApp invite template to the interview's candidate phone.
public struct SendWhatsApp: JobArguments, Equatable {
    /// `send_whatsapp`.
    public static let kind = "send_whatsapp"
    /// Messaging is retried for about a day.
    public static var defaultOptions: EnqueueOptions { EnqueueOptions(queue: "default", priority: 1, maxAttempts: 15) }
    /// The interview whose candidate is invited.
    public var interviewId: UUID
    /// Creates the arguments.
    public init(interviewId: UUID) { self.interviewId = interviewId }
    /// One WhatsApp invite per interview in flight.
    public var uniqueKey: String? { "send_whatsapp:\(interviewId.uuidString.lowercased())" }
}

/// Asks the LLM to evaluate a finished interview and stores the scores.
public struct EvaluateInterview: JobArguments, Equatable {
    /// `evaluate_interview`.
    public static let kind = "evaluate_interview"
    /// A few attempts: an invalid answer is retried, then the recruiter sees the error.
    public static var defaultOptions: EnqueueOptions { EnqueueOptions(queue: "default", priority: 2, maxAttempts: 5) }
    /// The interview to evaluate.
    public var interviewId: UUID
    /// Creates the arguments.
    public init(interviewId: UUID) { self.interviewId = interviewId }
    /// Unique per interview while not finalized.
    public var uniqueKey: String? { "evaluate_interview:\(interviewId.uuidString.lowercased())" }
}

/// Nightly: pending interviews past their deadline become EXPIRED; abandoned in-progress
/// interviews get their evaluation enqueued.
public struct ExpireInterviews: JobArguments, Equatable {
    /// `expire_interviews`.
    public static let kind = "expire_interviews"
    /// Creates the arguments.
    public init() {}
}

/// Daily: every API key's request counter back to zero.
public struct ResetAPIQuotas: JobArguments, Equatable {
    /// `reset_api_quotas`.
    public static let kind = "reset_api_quotas"
    /// Creates the arguments.
    public init() {}
}

/// Daily: deletes recordings past their retention.
public struct PurgeRecordings: JobArguments, Equatable {
    /// `purge_recordings`.
    public static let kind = "purge_recordings"
    /// Creates the arguments.
    public init() {}
}

/// Deletes recording objects from storage (an interview's, when it is deleted; a replaced
/// recording), so that a storage outage delays the deletion but never loses it.
public struct DeleteRecordings: JobArguments, Equatable {
    /// `delete_recordings`.
    public static let kind = "delete_recordings"
    /// Object keys to delete (a missing object counts as deleted).
    public var keys: [String]
    /// Creates the arguments.
    public init(keys: [String]) { self.keys = keys }
}

/// Hourly: deletes uploads that were never confirmed, once their upload URL has expired.
public struct SweepRecordingUploads: JobArguments, Equatable {
    /// `sweep_recording_uploads`.
    public static let kind = "sweep_recording_uploads"
    /// Creates the arguments.
    public init() {}
    /// Never two sweeps at once.
    public var uniqueKey: String? { "sweep_recording_uploads" }
}

/// Hourly: deletes finalized jobs past their retention.
public struct PruneJobs: JobArguments, Equatable {
    /// `prune_jobs`.
    public static let kind = "prune_jobs"
    /// Creates the arguments.
    public init() {}
    /// Never two prunes at once.
    public var uniqueKey: String? { "prune_jobs" }
}
