internal import CHiredis
import NIOCore

/// Encodes commands as RESP multi-bulk requests with hiredis's `redisFormatCommandArgv`.
enum RedisCommandEncoder {
    /// Appends the RESP encoding of `arguments` (command name first) to `buffer`.
    static func encode(_ arguments: [String], into buffer: inout ByteBuffer) throws {
        guard !arguments.isEmpty else {
            throw RedisError(.protocolError, "cannot send an empty command")
        }
        let utf8 = arguments.map { Array($0.utf8) }
        let total = utf8.reduce(0) { $0 + $1.count }

        // One contiguous copy of all arguments; argv points into it.
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 1)
        let argv = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: utf8.count)
        let lengths = UnsafeMutablePointer<Int>.allocate(capacity: utf8.count)
        defer {
            storage.deallocate()
            argv.deallocate()
            lengths.deallocate()
        }

        var offset = 0
        for (index, argument) in utf8.enumerated() {
            let destination = UnsafeMutableRawBufferPointer(rebasing: storage[offset..<(offset + argument.count)])
            destination.copyBytes(from: argument)
            argv[index] = UnsafePointer(storage.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self))
            lengths[index] = argument.count
            offset += argument.count
        }

        var formatted: UnsafeMutablePointer<CChar>?
        let length = redisFormatCommandArgv(&formatted, Int32(utf8.count), argv, lengths)
        guard length >= 0, let formatted else {
            throw RedisError(.protocolError, "hiredis could not format the \(arguments[0]) command")
        }
        defer { redisFreeCommand(formatted) }
        buffer.writeBytes(UnsafeRawBufferPointer(start: formatted, count: Int(length)))
    }
}
