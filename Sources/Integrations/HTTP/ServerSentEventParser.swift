internal import NIOCore

/// An incremental `text/event-stream` parser: feed it body chunks as they arrive and it returns
/// the events completed so far, holding back only the unfinished line.
///
/// Lines may end in `\n`, `\r\n` or `\r` (also when a chunk boundary splits `\r\n`); comment lines
/// (`:`) and unknown fields are ignored; one space after the colon is dropped; an event is
/// dispatched at a blank line and only if it has data.
struct ServerSentEventParser: Sendable {
    /// Thrown when a single line exceeds ``maxLineBytes``.
    struct LineTooLong: Error, Sendable {
        /// The limit that was exceeded.
        let maxLineBytes: Int
    }

    /// The longest line accepted, in bytes, so that a broken server cannot exhaust memory.
    let maxLineBytes: Int

    private var line: [UInt8] = []
    private var lastWasCarriageReturn = false
    private var dataLines: [String] = []
    private var eventName: String?
    private var eventID: String?

    init(maxLineBytes: Int = 1024 * 1024) {
        self.maxLineBytes = maxLineBytes
    }

    /// Consumes `chunk` and returns the events it completed, in order.
    mutating func feed(_ chunk: ByteBuffer) throws -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in chunk.readableBytesView {
            switch byte {
            case UInt8(ascii: "\n") where lastWasCarriageReturn:
                lastWasCarriageReturn = false
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                lastWasCarriageReturn = byte == UInt8(ascii: "\r")
                if let event = processLine() { events.append(event) }
            default:
                lastWasCarriageReturn = false
                guard line.count < maxLineBytes else { throw LineTooLong(maxLineBytes: maxLineBytes) }
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream: a final line without a line break is processed, and a pending event that
    /// the server did not terminate with a blank line is returned (lenient towards servers that
    /// close right after the last `data:` line).
    mutating func finish() -> ServerSentEvent? {
        if !line.isEmpty { _ = processLine() }
        return dispatch()
    }

    // MARK: - Private

    private mutating func processLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty { return dispatch() }
        if line.first == UInt8(ascii: ":") { return nil }
        let field: String
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = String(decoding: line[..<colon], as: UTF8.self)
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            field = String(decoding: line, as: UTF8.self)
            value = []
        }
        let text = String(decoding: value, as: UTF8.self)
        switch field {
        case "data": dataLines.append(text)
        case "event": eventName = text
        case "id": eventID = text
        default: break
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            dataLines.removeAll()
            eventName = nil
        }
        guard !dataLines.isEmpty else { return nil }
        return ServerSentEvent(event: eventName, data: dataLines.joined(separator: "\n"), id: eventID)
    }
}
