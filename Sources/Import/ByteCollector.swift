import NIOCore
import Synchronization

/// Gathers a streamed object's chunks into one buffer.
final class ByteCollector: Sendable {
    private let storage = Mutex(ByteBuffer())

    /// Adds a chunk.
    func append(_ chunk: ByteBuffer) {
        storage.withLock { buffer in
            var chunk = chunk
            buffer.writeBuffer(&chunk)
        }
    }

    /// Everything so far.
    var buffer: ByteBuffer { storage.withLock { $0 } }
}
