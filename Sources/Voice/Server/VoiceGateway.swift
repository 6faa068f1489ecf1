import Conversation
import Core
import Domain
import Foundation
import HummingbirdWebSocket
import Logging
import NIOWebSocket
import PostgresNIO

/// Admits a candidate's WebSocket into a session: checks the token and the interview, the
/// provider keys, capacity and the one-session-per-interview lock; marks the interview started
/// and loads its conversation; then runs the ``VoiceSession``.
///
/// Every refusal is an `error` event followed by a close code (see ``VoiceCloseCode``); nothing
/// a client sends can crash the process or touch another session.
enum VoiceGateway {
    static func serve(
        runtime: VoiceRuntime, interviewIdText: String?, token: String?,
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger
    ) async {
        do {
            let setup = try await admit(runtime: runtime, interviewIdText: interviewIdText, token: token, logger: logger)
            let lease: SessionLock.Lease
            do {
                lease = try await runtime.lock.acquire(setup.interviewId)
            } catch SessionLock.Refusal.full {
                throw Refusal(.tryAgainLater, .overloaded, "The voice service is at capacity; please try again in a minute.")
            } catch SessionLock.Refusal.busy {
                throw Refusal(.conflict, .sessionInProgress, "This interview is already open in another window or device.")
            }
            var started: SessionSetup?
            do {
                started = try await start(setup, runtime: runtime, logger: logger)
            } catch {
                await lease.release()
                throw error
            }
            guard let started else {
                await lease.release()
                await sendEnded(outbound)
                return
            }
            let session = VoiceSession(runtime: runtime, setup: started, outbound: outbound, logger: logger)
            await session.run(inbound: inbound)
            await lease.release()
        } catch let refusal as Refusal {
            logger.info("voice session refused", metadata: ["code": "\(refusal.close.rawValue)", "reason": "\(refusal.message)"])
            await reject(outbound, refusal)
        } catch {
            logger.error("voice session failed", metadata: ["error": "\(String(reflecting: error))"])
            await reject(outbound, Refusal(.serverError, .internalError, "The voice service failed; please reconnect."))
        }
    }

    /// A refused connection.
    struct Refusal: Error {
        var close: VoiceCloseCode
        var code: VoiceClientEvent.ErrorCode
        var message: String

        init(_ close: VoiceCloseCode, _ code: VoiceClientEvent.ErrorCode, _ message: String) {
            self.close = close
            self.code = code
            self.message = message
        }
    }

    /// Checks everything that does not change the database.
    private static func admit(runtime: VoiceRuntime, interviewIdText: String?, token: String?, logger: Logger) async throws -> SessionSetup {
        guard let token, let verified = InterviewToken.verify(token, signer: runtime.signer) else {
            throw Refusal(.unauthorized, .unauthorized, "The interview token is missing, invalid or expired.")
        }
        let tokenInterview = verified.interviewId
        guard let interviewIdText, let interviewId = UUID(uuidString: interviewIdText) else {
            throw Refusal(.notFound, .notFound, "Interview not found.")
        }
        guard tokenInterview == interviewId else {
            throw Refusal(.forbidden, .forbidden, "This token is for another interview.")
        }
        guard let interview = try await Interview.find(id: interviewId, on: runtime.platform.postgres, logger: logger) else {
            throw Refusal(.notFound, .notFound, "Interview not found.")
        }
        guard try await InterviewTokenVersion.current(interviewId: interviewId, on: runtime.platform.postgres, logger: logger) == verified.version else {
            throw Refusal(.unauthorized, .unauthorized, "This interview link was replaced; use the latest link you received.")
        }
        guard interview.type == .voice else {
            throw Refusal(.notVoiceInterview, .notVoiceInterview, "This is a text interview; it cannot be taken over the voice socket.")
        }
        if interview.status == .expired || (interview.status == .pending && interview.expiresAt < Date()) {
            throw Refusal(.gone, .interviewClosed, "This interview has expired.")
        }
        if interview.status == .completed {
            throw Refusal(.gone, .interviewClosed, "This interview has already ended.")
        }
        if let missing = runtime.missingProviderKey {
            throw Refusal(.serverError, .providerNotConfigured, "\(missing) is not set: live voice interviews are unavailable on this server.")
        }
        var title = "General"
        var description = ""
        if let postingId = interview.postingId,
           let posting = try await JobPosting.find(id: postingId, on: runtime.platform.postgres, logger: logger) {
            title = posting.title
            description = posting.description
        }
        let prompt = InterviewPrompt(
            postingTitle: title, postingDescription: description, candidateName: interview.candidateName, timeLimitMinutes: interview.timeLimit)
        return SessionSetup(interviewId: interviewId, prompt: prompt, history: [], deadline: .distantFuture)
    }

    /// Opens the interview (``ConversationLifecycle/open(_:logger:)``: IN_PROGRESS and
    /// `started_at` on the first connection) and loads its conversation; `nil` when its time is
    /// already over (the end is then recorded).
    private static func start(_ setup: SessionSetup, runtime: VoiceRuntime, logger: Logger) async throws -> SessionSetup? {
        let postgres = runtime.platform.postgres
        guard let opened = try await runtime.lifecycle.open(setup.interviewId, logger: logger) else {
            throw Refusal(.gone, .interviewClosed, "This interview has already ended.")
        }
        var started = setup
        started.deadline = opened.deadline
        started.history = try await ConversationTurn.history(interviewId: setup.interviewId, on: postgres, logger: logger)
        if started.deadline <= Date() {
            let writer = TranscriptWriter(interviewId: setup.interviewId, postgres: postgres, lifecycle: runtime.lifecycle, logger: logger)
            writer.complete()
            await writer.finish()
            return nil
        }
        return started
    }

    private static func sendEnded(_ outbound: WebSocketOutboundWriter) async {
        try? await outbound.write(.text(#"{"reason":"time_limit","type":"ended"}"#))
        try? await outbound.close(.normalClosure, reason: EndReason.timeLimit.rawValue)
    }

    /// How long an immediate refusal waits after the upgrade before its `error` event and close.
    static let refusalDelay = Duration.milliseconds(250)

    private static func reject(_ outbound: WebSocketOutboundWriter, _ refusal: Refusal) async {
        // Some WebSocket clients (seen with swift-websocket's) lose frames that arrive in the same
        // read as the 101 response; an immediate refusal waits a moment so it arrives on its own
        // (25 ms was not enough for a client starved of CPU on a busy machine).
        try? await Task.sleep(for: VoiceGateway.refusalDelay)
        if let data = try? JSONEncoder().encode(VoiceClientEvent.error(refusal.code, message: refusal.message)) {
            try? await outbound.write(.text(String(decoding: data, as: UTF8.self)))
        }
        try? await outbound.close(WebSocketErrorCode(codeNumber: Int(refusal.close.rawValue)), reason: refusal.code.rawValue)
    }
}
