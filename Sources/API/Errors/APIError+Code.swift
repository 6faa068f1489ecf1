/// The stable machine-readable codes of ``APIError`` (the `code` of an error body). New codes
/// are added here, never written inline, so the set the API can answer with is in one place.
extension APIError {
    /// A machine-readable error code; its raw value is what the client sees.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code on the wire, e.g. `validation_failed`.
        public var rawValue: String

        /// A code named `rawValue` (codes from elsewhere, e.g. the job engine's).
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The code on the wire.
        public var description: String { rawValue }

        /// `bad_request`: a malformed request (no more precise code applies).
        public static let badRequest = Code(rawValue: "bad_request")
        /// `validation_failed`: a field is missing, malformed or out of range (see `fields`).
        public static let validationFailed = Code(rawValue: "validation_failed")
        /// `invalid_json`: the body is not the JSON expected.
        public static let invalidJSON = Code(rawValue: "invalid_json")
        /// `invalid_multipart`: the multipart body cannot be read.
        public static let invalidMultipart = Code(rawValue: "invalid_multipart")
        /// `unsupported_media_type`: the body's content type is not accepted.
        public static let unsupportedMediaType = Code(rawValue: "unsupported_media_type")
        /// `unsupported_file_type`: the file's type is not accepted for its category.
        public static let unsupportedFileType = Code(rawValue: "unsupported_file_type")
        /// `payload_too_large`: the body (or a part of it) is larger than allowed.
        public static let payloadTooLarge = Code(rawValue: "payload_too_large")
        /// `unauthorized`: no valid credentials.
        public static let unauthorized = Code(rawValue: "unauthorized")
        /// `invalid_credentials`: wrong email or password.
        public static let invalidCredentials = Code(rawValue: "invalid_credentials")
        /// `invalid_signature`: a webhook's signature does not match its body.
        public static let invalidSignature = Code(rawValue: "invalid_signature")
        /// `link_revoked`: an interview link that was replaced by a newer one.
        public static let linkRevoked = Code(rawValue: "link_revoked")
        /// `forbidden`: the caller may not do this.
        public static let forbidden = Code(rawValue: "forbidden")
        /// `insufficient_scope`: the API key lacks the scope this needs.
        public static let insufficientScope = Code(rawValue: "insufficient_scope")
        /// `metrics_disabled`: `/metrics` is not served to this caller.
        public static let metricsDisabled = Code(rawValue: "metrics_disabled")
        /// `cannot_demote_self`: an admin may not remove their own admin role.
        public static let cannotDemoteSelf = Code(rawValue: "cannot_demote_self")
        /// `invalid_signup_code`: the admin sign-up code is wrong.
        public static let invalidSignupCode = Code(rawValue: "invalid_signup_code")
        /// `not_found`: no such route, or no such resource visible to the caller.
        public static let notFound = Code(rawValue: "not_found")
        /// `method_not_allowed`: the route exists for other methods.
        public static let methodNotAllowed = Code(rawValue: "method_not_allowed")
        /// `conflict`: the request conflicts with an existing record.
        public static let conflict = Code(rawValue: "conflict")
        /// `email_taken`: the email address is already registered.
        public static let emailTaken = Code(rawValue: "email_taken")
        /// `already_applied`: the candidate already applied to this posting.
        public static let alreadyApplied = Code(rawValue: "already_applied")
        /// `has_applications`: a posting with applications cannot be deleted.
        public static let hasApplications = Code(rawValue: "has_applications")
        /// `interview_started`: the interview has started; this may no longer change.
        public static let interviewStarted = Code(rawValue: "interview_started")
        /// `interview_not_pending`: the interview is no longer pending.
        public static let interviewNotPending = Code(rawValue: "interview_not_pending")
        /// `interview_not_started`: the interview has no conversation yet.
        public static let interviewNotStarted = Code(rawValue: "interview_not_started")
        /// `interview_in_progress`: the interview is still in progress.
        public static let interviewInProgress = Code(rawValue: "interview_in_progress")
        /// `interview_expired`: the interview has expired.
        public static let interviewExpired = Code(rawValue: "interview_expired")
        /// `interview_closed`: the interview's conversation is over.
        public static let interviewClosed = Code(rawValue: "interview_closed")
        /// `voice_interview`: a voice interview was addressed as a text one.
        public static let voiceInterview = Code(rawValue: "voice_interview")
        /// `turn_in_progress`: the interviewer is still answering the previous message.
        public static let turnInProgress = Code(rawValue: "turn_in_progress")
        /// `turn_limit_reached`: the conversation reached its turn limit.
        public static let turnLimitReached = Code(rawValue: "turn_limit_reached")
        /// `recording_missing`: no recording (or upload) for this key.
        public static let recordingMissing = Code(rawValue: "recording_missing")
        /// `recording_final`: a completed interview's recording may not be replaced.
        public static let recordingFinal = Code(rawValue: "recording_final")
        /// `upload_limit_reached`: the interview has as many uploads as allowed.
        public static let uploadLimitReached = Code(rawValue: "upload_limit_reached")
        /// `screenshot_limit_reached`: the interview has as many screenshots as allowed.
        public static let screenshotLimitReached = Code(rawValue: "screenshot_limit_reached")
        /// `rate_limited`: too many requests; retry later (`Retry-After`).
        public static let rateLimited = Code(rawValue: "rate_limited")
        /// `websocket_required`: a WebSocket endpoint was requested without an upgrade.
        public static let websocketRequired = Code(rawValue: "websocket_required")
        /// `evaluation_failed`: the interview could not be evaluated.
        public static let evaluationFailed = Code(rawValue: "evaluation_failed")
        /// `reply_failed`: the interviewer could not answer.
        public static let replyFailed = Code(rawValue: "reply_failed")
        /// `not_configured`: the feature needs configuration this server lacks.
        public static let notConfigured = Code(rawValue: "not_configured")
        /// `unavailable`: something the request needs is unavailable.
        public static let unavailable = Code(rawValue: "unavailable")
        /// `voice_unavailable`: no voice service is reachable.
        public static let voiceUnavailable = Code(rawValue: "voice_unavailable")
        /// `storage_unavailable`: the object store could not be reached.
        public static let storageUnavailable = Code(rawValue: "storage_unavailable")
        /// `internal_error`: an internal error (details are only logged).
        public static let internalError = Code(rawValue: "internal_error")
    }
}
