import Foundation
import Logging
import Synchronization

/// Cartesia over one WebSocket per session, one context per reply.
///
/// Each chunk is sent on the reply's context with `continue: true`, followed by an empty
/// `flush: true` input, so the audio of chunk *n* is everything between flush *n − 1* and
/// `flush_done` *n*; the reply ends with an empty `continue: false` input. When the socket drops
/// mid-reply it is reopened once and the unfinished chunks are sent again on a fresh context;
/// a second failure reports `ttsFailed`.
final class CartesiaSynthesizer: SpeechSynthesizer {
    private struct Context {
        var reply: ReplyID
        var contextId: String
        var texts: [String] = []
        var flushesDone = 0
        var finished = false
        var retried = false
    }

    private struct State {
        var connection: CartesiaConnection?
        var generation = 0
        var contexts: [ReplyID: Context] = [:]
        var cancelled: Set<String> = []
    }

    private let baseURL: URL
    private let apiKey: String
    private let model: String
    private let voice: CartesiaVoice
    private let options: CartesiaWebSocketOptions
    private let logger: Logger
    private let emit: @Sendable (TurnController.Event) -> Void
    private let state = Mutex(State())

    init(baseURL: URL, apiKey: String, model: String, voiceID: String, version: String, logger: Logger,
         emit: @escaping @Sendable (TurnController.Event) -> Void) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.voice = CartesiaVoice(id: voiceID)
        self.options = CartesiaWebSocketOptions(version: version)
        self.logger = logger
        self.emit = emit
    }

    func synthesize(_ chunk: TurnController.SpeechChunk) {
        let connection = state.withLock { state -> CartesiaConnection in
            if state.contexts[chunk.reply] == nil {
                state.contexts[chunk.reply] = Context(reply: chunk.reply, contextId: chunk.reply.description)
                for old in state.contexts.keys where old.value < chunk.reply.value - 2 { state.contexts[old] = nil }
            }
            state.contexts[chunk.reply]?.texts.append(chunk.text)
            return connectIfNeeded(&state)
        }
        guard let contextId = state.withLock({ $0.contexts[chunk.reply]?.contextId }) else { return }
        emit(.ttsRequestSent(chunk.reply, chunk: chunk.index))
        send(chunk.text, contextId: contextId, on: connection)
    }

    func finish(_ reply: ReplyID) {
        let target = state.withLock { state -> (CartesiaConnection, String)? in
            guard state.contexts[reply] != nil, let connection = state.connection else { return nil }
            state.contexts[reply]?.finished = true
            return (connection, state.contexts[reply]!.contextId)
        }
        guard let (connection, contextId) = target else { return }
        connection.send(request(transcript: "", contextId: contextId, continues: false))
    }

    func cancel(_ reply: ReplyID) {
        let target = state.withLock { state -> (CartesiaConnection?, String)? in
            guard let context = state.contexts.removeValue(forKey: reply) else { return nil }
            state.cancelled.insert(context.contextId)
            return (state.connection, context.contextId)
        }
        guard let (connection, contextId) = target else { return }
        connection?.cancel(contextId: contextId)
    }

    func close() {
        let connection = state.withLock { state -> CartesiaConnection? in
            defer { state.connection = nil; state.contexts = [:] }
            return state.connection
        }
        connection?.close()
    }

    // MARK: - Private

    private func request(transcript: String, contextId: String, continues: Bool, flush: Bool? = nil) -> CartesiaGenerationRequest {
        CartesiaGenerationRequest(
            modelId: model, transcript: transcript, voice: voice, contextId: contextId, continues: continues, flush: flush)
    }

    private func send(_ text: String, contextId: String, on connection: CartesiaConnection) {
        connection.send(request(transcript: text + " ", contextId: contextId, continues: true))
        connection.send(request(transcript: "", contextId: contextId, continues: true, flush: true))
    }

    private func connectIfNeeded(_ state: inout State) -> CartesiaConnection {
        if let connection = state.connection { return connection }
        let connection = CartesiaConnection(baseURL: baseURL, apiKey: apiKey, options: options, logger: logger)
        state.connection = connection
        state.generation += 1
        let generation = state.generation
        Task { [self] in
            for await event in connection.events { handle(event, generation: generation) }
        }
        return connection
    }

    private func handle(_ event: CartesiaConnectionEvent, generation: Int) {
        switch event {
        case .opened:
            break
        case .message(let message):
            handle(message)
        case .closed(let error):
            connectionClosed(error: error ?? "the Cartesia socket closed", generation: generation)
        }
    }

    private func handle(_ message: CartesiaServerMessage) {
        guard let contextId = message.contextId else {
            if case .error(let error) = message { failAll(reason: "\(error)") }
            return
        }
        let events = state.withLock { state -> [TurnController.Event] in
            guard !state.cancelled.contains(contextId),
                let reply = state.contexts.first(where: { $0.value.contextId == contextId })?.key,
                let context = state.contexts[reply]
            else { return [] }
            switch message {
            case .chunk(let chunk):
                return chunk.audio.isEmpty ? [] : [.ttsAudio(reply, chunk: context.flushesDone, chunk.audio)]
            case .flushDone:
                state.contexts[reply]?.flushesDone += 1
                return [.ttsChunkFinished(reply, chunk: context.flushesDone)]
            case .done:
                return []
            case .error(let error):
                state.contexts[reply] = nil
                return [.ttsFailed(reply, chunk: context.flushesDone, reason: "\(error)")]
            case .ignored:
                return []
            }
        }
        for event in events { emit(event) }
    }

    private func failAll(reason: String) {
        let events = state.withLock { state -> [TurnController.Event] in
            defer { state.contexts = [:] }
            return state.contexts.values.filter { $0.flushesDone < $0.texts.count }
                .map { .ttsFailed($0.reply, chunk: $0.flushesDone, reason: reason) }
        }
        for event in events { emit(event) }
    }

    /// Reopens once and resends the unfinished chunks of the replies in progress.
    private func connectionClosed(error: String, generation: Int) {
        var failed: [TurnController.Event] = []
        var resend: [(String, [String], Bool)] = []
        var connection: CartesiaConnection?
        state.withLock { state in
            guard state.generation == generation else { return }
            state.connection = nil
            for (reply, context) in state.contexts where context.flushesDone < context.texts.count || !context.finished {
                if context.retried || context.flushesDone >= context.texts.count && context.finished {
                    failed.append(.ttsFailed(reply, chunk: context.flushesDone, reason: error))
                    state.contexts[reply] = nil
                    continue
                }
                var retried = context
                retried.retried = true
                retried.contextId = context.contextId + "-retry"
                state.contexts[reply] = retried
                resend.append((retried.contextId, Array(context.texts[context.flushesDone...]), context.finished))
            }
            if !resend.isEmpty { connection = connectIfNeeded(&state) }
        }
        if !resend.isEmpty { logger.warning("Cartesia socket dropped; reconnecting once", metadata: ["error": "\(error)"]) }
        for event in failed { emit(event) }
        guard let connection else { return }
        for (contextId, texts, finished) in resend {
            for text in texts { send(text, contextId: contextId, on: connection) }
            if finished { connection.send(request(transcript: "", contextId: contextId, continues: false)) }
        }
    }
}
