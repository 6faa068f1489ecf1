internal import CHiredis
import NIOCore

/// Incremental RESP parser backed by hiredis's `redisReader`.
///
/// Bytes read from a NIO channel are fed in as they arrive; complete replies are taken out one by one.
/// Not thread-safe: owned by one channel handler and used only on its event loop.
final class RedisReplyParser {
    private let reader: UnsafeMutablePointer<redisReader>

    init() {
        guard let reader = redisReaderCreate() else {
            fatalError("hiredis: redisReaderCreate failed (out of memory)")
        }
        self.reader = reader
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Hands the readable bytes of `buffer` to the reader (hiredis copies them).
    func feed(_ buffer: ByteBuffer) throws {
        let status = buffer.withUnsafeReadableBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress, bytes.count > 0 else {
                return REDIS_OK
            }
            return redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        guard status == REDIS_OK else {
            throw RedisError(.protocolError, "hiredis reader: \(errorText)")
        }
    }

    /// The next complete reply, or `nil` when more bytes are needed.
    func next() throws -> RedisValue? {
        var reply: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &reply) == REDIS_OK else {
            throw RedisError(.protocolError, "hiredis reader: \(errorText)")
        }
        guard let reply else {
            return nil
        }
        defer { freeReplyObject(reply) }
        return Self.convert(reply.assumingMemoryBound(to: redisReply.self))
    }

    private var errorText: String {
        withUnsafeBytes(of: reader.pointee.errstr) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return bytes.isEmpty ? "unknown error" : String(decoding: bytes, as: UTF8.self)
        }
    }

    private static func convert(_ reply: UnsafeMutablePointer<redisReply>) -> RedisValue {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STATUS:
            return .simple(text(value))
        case REDIS_REPLY_ERROR:
            return .error(text(value))
        case REDIS_REPLY_INTEGER:
            return .integer(Int(truncatingIfNeeded: value.integer))
        case REDIS_REPLY_NIL:
            return .bulk(nil)
        case REDIS_REPLY_STRING:
            return .bulk(bytes(value))
        case REDIS_REPLY_ARRAY:
            var elements: [RedisValue] = []
            elements.reserveCapacity(value.elements)
            if let children = value.element {
                for index in 0..<value.elements {
                    if let child = children[index] {
                        elements.append(convert(child))
                    } else {
                        elements.append(.bulk(nil))
                    }
                }
            }
            return .array(elements)
        default:
            // RESP3 types (newer hiredis) never appear: this client speaks RESP2 only.
            if value.str != nil {
                return .bulk(bytes(value))
            }
            return .integer(Int(truncatingIfNeeded: value.integer))
        }
    }

    private static func bytes(_ value: redisReply) -> [UInt8] {
        guard let str = value.str, value.len > 0 else {
            return []
        }
        return Array(UnsafeRawBufferPointer(start: str, count: value.len))
    }

    private static func text(_ value: redisReply) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }
}
