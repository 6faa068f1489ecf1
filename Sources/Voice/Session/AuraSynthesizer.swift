import Foundation
import NIOCore
import Synchronization

/// Deepgram Aura: one streamed HTTP request per chunk (chunks of a reply run concurrently; the
/// controller plays them in order). A request that fails before its first byte is retried once.
final class AuraSynthesizer: SpeechSynthesizer {
    private let client: DeepgramSpeakClient
    private let emit: @Sendable (TurnController.Event) -> Void
    private let tasks = Mutex<[ReplyID: [Task<Void, Never>]]>([:])

    init(client: DeepgramSpeakClient, emit: @escaping @Sendable (TurnController.Event) -> Void) {
        self.client = client
        self.emit = emit
    }

    func synthesize(_ chunk: TurnController.SpeechChunk) {
        let client = self.client
        let emit = self.emit
        let task = Task {
            var attempt = 0
            while !Task.isCancelled {
                attempt += 1
                var received = false
                do {
                    emit(.ttsRequestSent(chunk.reply, chunk: chunk.index))
                    for try await buffer in client.synthesize(chunk.text) {
                        received = true
                        emit(.ttsAudio(chunk.reply, chunk: chunk.index, Data(buffer.readableBytesView)))
                    }
                    if !Task.isCancelled { emit(.ttsChunkFinished(chunk.reply, chunk: chunk.index)) }
                    return
                } catch {
                    if Task.isCancelled { return }
                    if !received && attempt < 2 { continue }
                    emit(.ttsFailed(chunk.reply, chunk: chunk.index, reason: "\(error)"))
                    return
                }
            }
        }
        tasks.withLock { tasks in
            tasks[chunk.reply, default: []].append(task)
            for old in tasks.keys where old.value < chunk.reply.value - 2 { tasks[old] = nil }
        }
    }

    func finish(_ reply: ReplyID) {}

    func cancel(_ reply: ReplyID) {
        let running = tasks.withLock { $0.removeValue(forKey: reply) } ?? []
        for task in running { task.cancel() }
    }

    func close() {
        let running = tasks.withLock { tasks -> [Task<Void, Never>] in
            defer { tasks = [:] }
            return tasks.values.flatMap { $0 }
        }
        for task in running { task.cancel() }
    }
}
