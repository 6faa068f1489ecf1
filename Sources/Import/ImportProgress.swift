import Foundation
import Synchronization

/// Progress on standard error: on a terminal one line per table, rewritten in place (rows done /
/// total, rows/s, ETA); otherwise a plain line at most every few seconds and when a table ends.
public final class ImportProgress: Sendable {
    private struct State {
        var table = ""
        var total = 0
        var done = 0
        var started = ContinuousClock.now
        var lastPrint = ContinuousClock.now
    }

    private let state = Mutex(State())
    private let terminal: Bool
    private let enabled: Bool

    /// Progress that prints when `enabled`; `terminal` nil detects whether stderr is a terminal.
    public init(enabled: Bool = true, terminal: Bool? = nil) {
        self.enabled = enabled
        self.terminal = terminal ?? (isatty(STDERR_FILENO) == 1)
    }

    /// A table starts with `total` rows to read.
    func start(table: String, total: Int) {
        state.withLock { $0 = State(table: table, total: total) }
        emit(force: true)
    }

    /// `count` more rows were handled.
    func advance(_ count: Int) {
        state.withLock { $0.done += count }
        emit(force: false)
    }

    /// The table is done.
    func finish() {
        emit(force: true, final: true)
    }

    /// A free line (e.g. the verifier's steps).
    func note(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    private func emit(force: Bool, final: Bool = false) {
        guard enabled else { return }
        let line: String? = state.withLock { state in
            let now = ContinuousClock.now
            let interval: Duration = terminal ? .milliseconds(200) : .seconds(5)
            guard force || now - state.lastPrint >= interval else { return nil }
            state.lastPrint = now
            let elapsed = max(Double((now - state.started).components.seconds) + Double((now - state.started).components.attoseconds) / 1e18, 0.001)
            let rate = Double(state.done) / elapsed
            let remaining = max(state.total - state.done, 0)
            let eta = rate > 0 && !final ? " ETA \(Self.duration(Double(remaining) / rate))" : ""
            let name = state.table.padding(toLength: max(22, state.table.count), withPad: " ", startingAt: 0)
            return "\(name) \(state.done)/\(state.total) rows  \(Int(rate)) rows/s\(final ? "  done in \(Self.duration(elapsed))" : eta)"
        }
        guard let line else { return }
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line + (final ? "\n" : "")).utf8))
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    private static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? "\(total / 3600)h\(total % 3600 / 60)m" : total >= 60 ? "\(total / 60)m\(total % 60)s" : "\(total)s"
    }
}
