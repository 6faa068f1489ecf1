import Conversation
import Core
import Foundation
import Logging
import PostgresNIO

/// Writes a session's transcript turns in order, each as soon as it completes, and then the end of
/// the interview (``ConversationLifecycle/end(_:logger:)``: COMPLETED and `completed_at` with its
/// evaluation job in one transaction, then `interview:update`).
///
/// A failed write is retried with back-off (up to about 6 s); a turn that still cannot be
/// written is logged in full, so the transcript is never silently lost.
final class TranscriptWriter: Sendable {
    private enum Command: Sendable {
        case turn(ConversationTurn)
        case complete
    }

    private let commands: AsyncStream<Command>.Continuation
    private let task: Task<Void, Never>

    init(interviewId: UUID, postgres: Database, lifecycle: ConversationLifecycle, logger: Logger) {
        let (stream, commands) = AsyncStream.makeStream(of: Command.self)
        self.commands = commands
        task = Task {
            for await command in stream {
                var delay = Duration.milliseconds(100)
                for attempt in 1...6 {
                    do {
                        switch command {
                        case .turn(let turn):
                            try await turn.store(interviewId: interviewId, on: postgres, logger: logger)
                        case .complete:
                            try await lifecycle.end(interviewId, logger: logger)
                        }
                        break
                    } catch {
                        if attempt == 6 {
                            logger.error("voice transcript write failed", metadata: [
                                "interview": "\(interviewId)", "command": "\(command)", "error": "\(String(reflecting: error))",
                            ])
                            break
                        }
                        try? await Task.sleep(for: delay)
                        delay *= 2
                    }
                }
            }
        }
    }

    /// Queues `turn`.
    func append(_ turn: ConversationTurn) {
        commands.yield(.turn(turn))
    }

    /// Queues the end of the interview: COMPLETED, `completed_at` and `evaluate_interview`, atomically.
    func complete() {
        commands.yield(.complete)
    }

    /// Waits until everything queued is written.
    func finish() async {
        commands.finish()
        await task.value
    }
}
