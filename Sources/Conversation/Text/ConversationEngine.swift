public import AsyncHTTPClient
public import Core
import Domain
public import Foundation
import Integrations
import Jobs
public import Logging
import PostgresNIO

/// Text interviews on the voice process's engine: the same prompt (in its written variant), the
/// same history in `interview_messages`, the same closing marker and the same opening and end
/// (``ConversationLifecycle``: COMPLETED and `completed_at` with `evaluate_interview`, in one transaction).
///
/// The API calls ``start(_:logger:)`` when the candidate opens the chat (the opening message,
/// stored once) and ``reply(to:message:logger:)`` for each message, forwarding the updates as
/// server-sent events. The candidate's message is stored before the model is asked; the reply is
/// stored when it completes, or as far as it was streamed if the client goes away.
public struct ConversationEngine: Sendable {
    /// Longest candidate message accepted, in characters.
    public static let maxMessageLength = 8000

    private let platform: Platform
    private let chat: ChatCompletionsClient?
    private let lifecycle: ConversationLifecycle

    /// An engine over `platform`, calling the model through `httpClient`.
    public init(platform: Platform, httpClient: HTTPClient) {
        self.platform = platform
        let providers = platform.configuration.providers
        self.chat = providers.llmConfigured ? URL(string: providers.llmBaseURL).map { baseURL in
            ChatCompletionsClient(
                configuration: ChatCompletionsConfiguration(apiKey: providers.groqAPIKey ?? "", model: providers.llmModel, baseURL: baseURL),
                httpClient: httpClient, logger: platform.logger)
        } : nil
        self.lifecycle = ConversationLifecycle(platform: platform, queue: JobQueue(client: platform.postgres.client, logger: platform.logger))
    }

    /// Starts (or resumes) the interview: IN_PROGRESS and `started_at` on first use; returns the
    /// conversation so far, beginning with the stored opening message.
    public func start(_ interviewId: UUID, logger: Logger) async throws -> [ConversationTurn] {
        let context = try await open(interviewId, logger: logger)
        if context.history.isEmpty {
            let opening = context.prompt.openingLine
            try await store(.assistant(opening), interviewId: interviewId, logger: logger)
            return [.assistant(opening)]
        }
        return context.history
    }

    /// Stores `message`, streams the interviewer's answer and stores it.
    public func reply(to interviewId: UUID, message: String, logger: Logger) -> AsyncThrowingStream<ConversationUpdate, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ConversationUpdate.self)
        let task = Task {
            do {
                try await run(interviewId, message: message, logger: logger, continuation: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The newest turns of `history` within `messages` turns and `characters` characters (the
    /// model is sent these, not the whole conversation).
    static func recent(_ history: [ConversationTurn], messages: Int, characters: Int) -> [ConversationTurn] {
        var kept: [ConversationTurn] = []
        var total = 0
        for turn in history.reversed() {
            guard kept.count < messages, total + turn.text.count <= characters else { break }
            kept.append(turn)
            total += turn.text.count
        }
        return kept.reversed()
    }

    // MARK: - Private

    private struct Context {
        var prompt: InterviewPrompt
        var history: [ConversationTurn]
        var deadline: Date
    }

    private func run(
        _ interviewId: UUID, message: String, logger: Logger,
        continuation: AsyncThrowingStream<ConversationUpdate, any Error>.Continuation
    ) async throws {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= Self.maxMessageLength else {
            throw ConversationError.invalidMessage("messages must hold 1 to \(Self.maxMessageLength) characters")
        }
        guard let chat else { throw ConversationError.providerNotConfigured("GROQ_API_KEY") }
        let context = try await open(interviewId, logger: logger)
        let limits = platform.configuration.conversation
        guard context.history.count(where: { $0.role == .user }) < limits.maxTurns else {
            throw ConversationError.turnLimitReached(limits.maxTurns)
        }
        try await store(.user(text), interviewId: interviewId, logger: logger)
        let timeUp = context.deadline <= Date()
        if timeUp {
            let closing = InterviewPrompt.timeUpClosingLine
            continuation.yield(.delta(closing))
            try await store(.assistant(closing), interviewId: interviewId, logger: logger)
            try await lifecycle.end(interviewId, logger: logger)
            continuation.yield(.completed(reply: closing, ended: true))
            return
        }
        var messages = [ChatMessage.system(context.prompt.systemPrompt)]
        for turn in Self.recent(context.history, messages: limits.historyMessages, characters: limits.historyCharacters) {
            messages.append(turn.role == .user ? .user(turn.text) : .assistant(turn.text))
        }
        let remaining = context.deadline.timeIntervalSinceNow
        if remaining < Double(platform.configuration.voice.timeWarningLead.components.seconds) {
            messages.append(.system(context.prompt.wrapUpInstruction(remainingMinutes: Int((remaining / 60).rounded(.up)))))
        }
        messages.append(.user(text))
        let request = ChatCompletionRequest(messages: messages, temperature: 0.6, maxCompletionTokens: 400, user: interviewId.uuidString.lowercased())

        var filter = ClosingMarkerFilter(marker: InterviewPrompt.closingMarker)
        var reply = ""
        var attempt = 0
        while true {
            attempt += 1
            do {
                for try await delta in chat.stream(request) where !delta.content.isEmpty {
                    let visible = filter.feed(delta.content)
                    if !visible.isEmpty {
                        reply += visible
                        continuation.yield(.delta(visible))
                    }
                }
                let rest = filter.finish()
                if !rest.isEmpty {
                    reply += rest
                    continuation.yield(.delta(rest))
                }
                break
            } catch {
                if Task.isCancelled {
                    let partial = reply.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !partial.isEmpty { try? await store(.assistant(partial), interviewId: interviewId, logger: logger) }
                    throw CancellationError()
                }
                if reply.isEmpty && attempt < 2 { continue }
                let partial = reply.trimmingCharacters(in: .whitespacesAndNewlines)
                if !partial.isEmpty { try? await store(.assistant(partial), interviewId: interviewId, logger: logger) }
                throw ConversationError.replyFailed("\(error)")
            }
        }
        let final = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !final.isEmpty || filter.closingDetected else { throw ConversationError.replyFailed("the model returned no text") }
        if !final.isEmpty { try await store(.assistant(final), interviewId: interviewId, logger: logger) }
        if filter.closingDetected { try await lifecycle.end(interviewId, logger: logger) }
        continuation.yield(.completed(reply: final, ended: filter.closingDetected))
    }

    private func open(_ interviewId: UUID, logger: Logger) async throws -> Context {
        let postgres = platform.postgres
        guard let interview = try await Interview.find(id: interviewId, on: postgres, logger: logger) else {
            throw ConversationError.notFound
        }
        if interview.status == .expired || (interview.status == .pending && interview.expiresAt < Date()) {
            throw ConversationError.closed("This interview has expired.")
        }
        if interview.status == .completed {
            throw ConversationError.closed("This interview has already ended.")
        }
        var title = "General"
        var description = ""
        if let postingId = interview.postingId, let posting = try await JobPosting.find(id: postingId, on: postgres, logger: logger) {
            title = posting.title
            description = posting.description
        }
        guard let opened = try await lifecycle.open(interviewId, logger: logger) else {
            throw ConversationError.closed("This interview has already ended.")
        }
        let history = try await ConversationTurn.history(interviewId: interviewId, on: postgres, logger: logger)
        return Context(
            prompt: InterviewPrompt(
                postingTitle: title, postingDescription: description, candidateName: interview.candidateName, timeLimitMinutes: opened.timeLimit, medium: .text),
            history: history, deadline: opened.deadline)
    }

    private func store(_ turn: ConversationTurn, interviewId: UUID, logger: Logger) async throws {
        try await turn.store(interviewId: interviewId, on: platform.postgres, logger: logger)
    }
}
