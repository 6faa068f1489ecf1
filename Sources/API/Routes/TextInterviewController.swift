import AsyncHTTPClient
import Conversation
import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Text interviews, on the same conversation engine as the voice process: the candidate (with the
/// interview token) starts the conversation, then posts messages and receives the interviewer's
/// reply as server-sent events.
///
/// `POST /interviews/:id/conversation/start` → `{"messages": [{"role", "text"}]}` (the opening
/// line on first use; the history when resuming).
/// `POST /interviews/:id/conversation` `{"message": "…"}` → `text/event-stream`:
/// `event: delta` `data: {"text": "…"}` as the reply streams, then `event: done`
/// `data: {"reply": "…", "ended": false}`; a failure after the stream started is an
/// `event: error` with `{error, code}`. One turn runs at a time per interview (409
/// `turn_in_progress`), at most `TEXT_INTERVIEW_TURNS_PER_MINUTE` a minute (429), and at most
/// `TEXT_INTERVIEW_MAX_TURNS` in all (409 `turn_limit_reached`); see ``TextTurnGate``.
struct TextInterviewController {
    let services: APIServices
    let engine: ConversationEngine

    init(services: APIServices) {
        self.services = services
        self.engine = ConversationEngine(platform: services.platform, httpClient: .shared)
    }

    func register(on router: Router<APIRequestContext>) {
        router.post("/interviews/:id/conversation/start", use: start)
        router.post("/interviews/:id/conversation", use: message)
    }

    /// The candidate's text interview `id`; 403/404/409 otherwise.
    func textInterview(_ request: Request, context: APIRequestContext) async throws -> Interview {
        let id = try request.uuidParameter("id", context: context, resource: "Interview")
        guard case .interview(let allowed)? = context.caller?.credential else {
            if context.caller == nil { throw APIError(.unauthorized, code: .unauthorized, message: "The candidate's interview token is required") }
            throw APIError(.forbidden, code: .forbidden, message: "Only the candidate (interview token) takes the interview")
        }
        guard allowed == id, let interview = try await Interview.find(id: id, on: services.platform.postgres, logger: context.logger) else {
            throw APIError.notFound("Interview not found")
        }
        guard interview.type == .text else {
            throw APIError(.conflict, code: .voiceInterview, message: "This is a voice interview: connect to the voice socket instead")
        }
        return interview
    }

    /// The candidate-facing error for `error`. A provider's failure is logged with its details and
    /// answered with a generic message: the candidate never sees what the provider said.
    static func apiError(_ error: ConversationError, logger: Logger) -> APIError {
        switch error {
        case .notFound: return APIError.notFound("Interview not found")
        case .closed(let reason): return APIError(.conflict, code: .interviewClosed, message: reason)
        case .providerNotConfigured(let variable):
            logger.error("text interview without an LLM", metadata: ["missing": "\(variable)"])
            return APIError(.serviceUnavailable, code: .notConfigured, message: "The interviewer is not available right now")
        case .invalidMessage(let reason): return APIError(.badRequest, code: .validationFailed, message: reason, fields: ["message": reason])
        case .turnLimitReached(let limit):
            return APIError(.conflict, code: .turnLimitReached, message: "This interview has reached its limit of \(limit) messages")
        case .replyFailed(let reason):
            logger.error("text interview reply failed", metadata: ["reason": "\(reason)"])
            return APIError(.badGateway, code: .replyFailed, message: "The interviewer could not answer; please send your message again")
        }
    }

    struct Turn: Encodable {
        var role: String
        var text: String
    }

    func start(_ request: Request, context: APIRequestContext) async throws -> Response {
        let interview = try await textInterview(request, context: context)
        do {
            let turns = try await engine.start(interview.id, logger: context.logger)
            return try JSONResponse.make(.ok, ["messages": turns.map { Turn(role: $0.role.rawValue, text: $0.text) }])
        } catch let error as ConversationError {
            throw Self.apiError(error, logger: context.logger)
        }
    }

    struct MessageBody: Decodable, Validatable {
        var message: String

        func validate(_ v: inout Validator) {
            v.length(message.trimmingCharacters(in: .whitespacesAndNewlines), "message", 1...ConversationEngine.maxMessageLength)
        }
    }

    func message(_ request: Request, context: APIRequestContext) async throws -> Response {
        let interview = try await textInterview(request, context: context)
        let body = try await request.decodeJSON(as: MessageBody.self, limit: 64 << 10)
        let gate = TextTurnGate(redis: services.platform.redis, settings: services.platform.configuration.conversation, logger: context.logger)
        let turn = try await gate.admit(interview.id)
        let updates = UpdateIterator(engine.reply(to: interview.id, message: body.message, logger: context.logger).makeAsyncIterator())
        // The first update decides the status: errors before any text are plain JSON errors.
        let first: ConversationUpdate?
        do {
            first = try await updates.next()
        } catch let error as ConversationError {
            await turn?.release()
            throw Self.apiError(error, logger: context.logger)
        } catch {
            await turn?.release()
            throw error
        }
        let logger = context.logger
        let stream = AsyncStream<ByteBuffer> { continuation in
            let task = Task {
                var pending = first
                do {
                    while let update = pending {
                        continuation.yield(ByteBuffer(string: Self.event(update)))
                        pending = try await updates.next()
                    }
                } catch {
                    let apiError = (error as? ConversationError).map { Self.apiError($0, logger: logger) }
                        ?? APIError(.internalServerError, code: .internalError, message: "The reply stopped")
                    if !(error is ConversationError) { logger.error("text interview reply failed", metadata: ["error": "\(error)"]) }
                    let payload = (try? JSONSerialization.data(withJSONObject: ["error": apiError.message, "code": apiError.code.rawValue])) ?? Data()
                    continuation.yield(ByteBuffer(string: "event: error\ndata: \(String(decoding: payload, as: UTF8.self))\n\n"))
                }
                // The turn ends when the reply does (completed, failed or abandoned by the client),
                // before the client sees the end; released outside this task's cancellation.
                await Task { await turn?.release() }.value
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                        body: ResponseBody(asyncSequence: stream))
    }

    /// The reply's iterator, handed from the handler (first update) to the streaming task (the
    /// rest); never used from two tasks at once.
    final class UpdateIterator: @unchecked Sendable {
        private var base: AsyncThrowingStream<ConversationUpdate, any Error>.AsyncIterator
        init(_ base: AsyncThrowingStream<ConversationUpdate, any Error>.AsyncIterator) { self.base = base }
        func next() async throws -> ConversationUpdate? { try await base.next() }
    }

    static func event(_ update: ConversationUpdate) -> String {
        func json(_ object: [String: Any]) -> String {
            String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
        }
        switch update {
        case .delta(let text): return "event: delta\ndata: \(json(["text": text]))\n\n"
        case .completed(let reply, let ended): return "event: done\ndata: \(json(["reply": reply, "ended": ended]))\n\n"
        }
    }
}
