internal import Hummingbird
internal import NIOCore

/// The connection a fake's request arrived on: lets a handler drop it, or notice when the client
/// closes it while a streamed answer is being written.
struct FakeConnection: Sendable {
    /// The connection's channel.
    let channel: any Channel

    /// Closes the connection without answering and returns a placeholder response (which can no
    /// longer be written).
    func drop() -> Response {
        channel.close(promise: nil)
        return Response(status: .internalServerError)
    }

    /// Runs `operation` (typically the writing of a streamed body) and calls `onClientClosed` as
    /// soon as the client closes its side of the connection meanwhile.
    func watchingForClientClose<Value>(
        _ operation: () async throws -> Value,
        onClientClosed: @escaping @Sendable () -> Void
    ) async throws -> Value {
        let name = "provider-fake-close-watcher"
        let channel = self.channel
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(
                ClientCloseWatcher(onClose: onClientClosed), name: name, position: .first)
        }.get()
        defer {
            channel.eventLoop.execute {
                if let context = try? channel.pipeline.syncOperations.context(name: name) {
                    channel.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                }
            }
        }
        return try await operation()
    }
}
