import Crypto
import Foundation
public import NIOCore
import Synchronization

/// SHA-256 and length of bytes that arrive in chunks (from a streamed download).
public final class StreamDigest: Sendable {
    private let state = Mutex<(hash: SHA256, count: Int64)>((SHA256(), 0))

    /// An empty digest.
    public init() {}

    /// Adds `buffer`.
    public func update(_ buffer: ByteBuffer) {
        state.withLock { state in
            buffer.withUnsafeReadableBytes { state.hash.update(bufferPointer: $0) }
            state.count += Int64(buffer.readableBytes)
        }
    }

    /// Bytes seen so far.
    public var count: Int64 { state.withLock { $0.count } }

    /// Lower-case hex SHA-256 of everything added.
    public func hex() -> String {
        state.withLock { state -> String in
            let digest = state.hash.finalize()
            return digest.map { String(format: "%02x", $0) }.joined()
        }
    }
}
