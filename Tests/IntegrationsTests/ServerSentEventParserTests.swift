import NIOCore
import Testing

@testable import Integrations

@Suite("Incremental server-sent events parser")
struct ServerSentEventParserTests {
    private func feed(_ parts: [String], into parser: inout ServerSentEventParser) throws -> [ServerSentEvent] {
        try parts.flatMap { try parser.feed(ByteBuffer(string: $0)) }
    }

    @Test("events split at arbitrary byte boundaries are reassembled, and emitted as soon as complete")
    func splitAcrossChunks() throws {
        var parser = ServerSentEventParser()
        #expect(try parser.feed(ByteBuffer(string: "da")).isEmpty)
        #expect(try parser.feed(ByteBuffer(string: "ta: {\"a\":1}\n")).isEmpty)
        #expect(try parser.feed(ByteBuffer(string: "\n")) == [ServerSentEvent(event: nil, data: "{\"a\":1}", id: nil)])
        let rest = try feed(["data: x\r", "\n\r\ndata:y\r\rdata: [DONE]\n\n"], into: &parser)
        #expect(rest.map(\.data) == ["x", "y", "[DONE]"])
    }

    @Test("comments and unknown fields are ignored; multi-line data is joined; event and id are kept")
    func fields() throws {
        var parser = ServerSentEventParser()
        let events = try feed([": keep-alive\n\nevent: error\nid: 7\nretry: 10\ndata: line 1\ndata:line 2\n\n"], into: &parser)
        #expect(events == [ServerSentEvent(event: "error", data: "line 1\nline 2", id: "7")])
    }

    @Test("a final event without a blank line is delivered by finish()")
    func finishFlushes() throws {
        var parser = ServerSentEventParser()
        #expect(try parser.feed(ByteBuffer(string: "data: tail")).isEmpty)
        #expect(parser.finish() == ServerSentEvent(event: nil, data: "tail", id: nil))
        #expect(parser.finish() == nil)
    }

    @Test("an over-long line is refused")
    func lineLimit() {
        var parser = ServerSentEventParser(maxLineBytes: 16)
        #expect(throws: ServerSentEventParser.LineTooLong.self) {
            try parser.feed(ByteBuffer(string: "data: " + String(repeating: "x", count: 32)))
        }
    }
}
