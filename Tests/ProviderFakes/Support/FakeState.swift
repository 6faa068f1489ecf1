internal import Synchronization

/// The mutable state every fake keeps: the requests it received, the scripted behaviours still
/// to play, and what happened to its streamed answers.
final class FakeState<Behavior: Sendable>: Sendable {
    private struct Storage {
        var requests: [RecordedRequest] = []
        var script: [Behavior] = []
        var streams: [FakeStreamRecord] = []
    }

    private let storage = Mutex(Storage())

    /// Every request received so far, oldest first.
    var requests: [RecordedRequest] { storage.withLock { $0.requests } }

    /// Every streamed answer so far, oldest first.
    var streams: [FakeStreamRecord] { storage.withLock { $0.streams } }

    /// Appends a request to the log.
    func record(_ request: RecordedRequest) {
        storage.withLock { $0.requests.append(request) }
    }

    /// Queues behaviours for the next requests, in order.
    func enqueue(_ behaviors: [Behavior]) {
        storage.withLock { $0.script.append(contentsOf: behaviors) }
    }

    /// Takes the next scripted behaviour, or `nil` when the script is empty.
    func nextBehavior() -> Behavior? {
        storage.withLock { $0.script.isEmpty ? nil : $0.script.removeFirst() }
    }

    /// Starts a stream record and returns its index.
    func beginStream() -> Int {
        storage.withLock { storage in
            storage.streams.append(FakeStreamRecord(startedAt: .now))
            return storage.streams.count - 1
        }
    }

    /// Updates the stream record at `index`.
    func updateStream(_ index: Int, _ update: (inout FakeStreamRecord) -> Void) {
        storage.withLock { update(&$0.streams[index]) }
    }
}
