import Conversation
import Core
import Foundation
import Jobs
import Logging
import PostgresNIO

/// Writes a session's transcript turns in order, each as soon as it completes, and records the
/// end of the interview together with its evaluation job in one transaction.
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

    init(interviewId: UUID, postgres: Database, queue: JobQueue, logger: Logger) {
        let (stream, commands) = AsyncStream.makeStream(of: Command.self)
        self.commands = commands
        task = Task {
            for await command in stream {
                var delay = Duration.milliseconds(100)
                for attempt in 1...6 {
                    do {
                        switch command {
                        case .turn(let turn):
                            try await postgres.query(
                                """
                                INSERT INTO interview_messages (interview_id, role, content, created_at)
                                VALUES (\(interviewId), \(turn.role.rawValue), \(turn.text), clock_timestamp())
                                """, logger: logger)
                        case .complete:
                            try await Self.complete(interviewId: interviewId, postgres: postgres, queue: queue, logger: logger)
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

    /// Queues the end of the interview: `completed_at` and `evaluate_interview`, atomically.
    func complete() {
        commands.yield(.complete)
    }

    /// Waits until everything queued is written.
    func finish() async {
        commands.finish()
        await task.value
    }

    private static func complete(interviewId: UUID, postgres: Database, queue: JobQueue, logger: Logger) async throws {
        try await postgres.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE interviews SET completed_at = now(), status = 'IN_PROGRESS', updated_at = now()
                WHERE id = \(interviewId) AND completed_at IS NULL RETURNING id
                """, logger: logger)
            var ended = false
            for try await _ in rows { ended = true }
            if ended { try await queue.enqueue(EvaluateInterview(interviewId: interviewId), on: connection) }
        }
    }
}
