import Testing

@testable import Realtime

@Suite struct EngineIOPacketCodecTests {
    @Test func decodesEveryTextPacketType() throws {
        #expect(try EngineIOPacketCodec.decode(text: #"0{"sid":"x"}"#) == .open(#"{"sid":"x"}"#))
        #expect(try EngineIOPacketCodec.decode(text: "1") == .close)
        #expect(try EngineIOPacketCodec.decode(text: "2") == .ping(""))
        #expect(try EngineIOPacketCodec.decode(text: "2probe") == .ping("probe"))
        #expect(try EngineIOPacketCodec.decode(text: "3probe") == .pong("probe"))
        #expect(try EngineIOPacketCodec.decode(text: "42[\"a\"]") == .message(.text("2[\"a\"]")))
        #expect(try EngineIOPacketCodec.decode(text: "5") == .upgrade)
        #expect(try EngineIOPacketCodec.decode(text: "6") == .noop)
    }

    @Test func refusesInvalidPacketsWithClearErrors() {
        #expect(throws: EngineIOProtocolError.emptyPacket) { try EngineIOPacketCodec.decode(text: "") }
        #expect(throws: EngineIOProtocolError.unknownType("7")) { try EngineIOPacketCodec.decode(text: "7") }
        #expect(throws: EngineIOProtocolError.unknownType("x")) { try EngineIOPacketCodec.decode(text: "xyz") }
        #expect(EngineIOProtocolError.unknownType("7").description == "unknown packet type '7'")
    }

    @Test func encodesTextPacketsAndLeavesBinaryToFrames() {
        #expect(EngineIOPacketCodec.encodeText(.ping("")) == "2")
        #expect(EngineIOPacketCodec.encodeText(.pong("probe")) == "3probe")
        #expect(EngineIOPacketCodec.encodeText(.message(.text("0"))) == "40")
        #expect(EngineIOPacketCodec.encodeText(.noop) == "6")
        #expect(EngineIOPacketCodec.encodeText(.message(.binary([1, 2]))) == nil)
    }

    @Test func decodesConcatenatedPollingPayloads() throws {
        let packets = try EngineIOPacketCodec.decodePayload("40\u{1E}42[\"hi\"]\u{1E}3\u{1E}bAQID")
        #expect(packets == [.message(.text("0")), .message(.text("2[\"hi\"]")), .pong(""), .message(.binary([1, 2, 3]))])
    }

    @Test func encodesPollingPayloads() {
        let payload = EngineIOPacketCodec.encodePayload([.ping(""), .message(.text("2[\"x\"]")), .message(.binary([0xFF])), .noop])
        #expect(payload == "2\u{1E}42[\"x\"]\u{1E}b/w==\u{1E}6")
    }

    @Test func refusesInvalidPayloads() {
        #expect(throws: EngineIOProtocolError.emptyPayload) { try EngineIOPacketCodec.decodePayload("") }
        #expect(throws: EngineIOProtocolError.invalidBase64) { try EngineIOPacketCodec.decodePayload("b!!!") }
        #expect(throws: EngineIOProtocolError.emptyPacket) { try EngineIOPacketCodec.decodePayload("40\u{1E}") }
        #expect(throws: EngineIOProtocolError.unknownType("9")) { try EngineIOPacketCodec.decodePayload("3\u{1E}9") }
    }

    @Test func writesTheHandshake() throws {
        let open = EngineIOPacketCodec.openPacket(
            sid: "abc", upgrades: ["websocket"], pingInterval: .milliseconds(300), pingTimeout: .milliseconds(200), maxPayload: 1000)
        guard case .open(let json) = open else {
            Issue.record("not an open packet")
            return
        }
        #expect(json == #"{"maxPayload":1000,"pingInterval":300,"pingTimeout":200,"sid":"abc","upgrades":["websocket"]}"#)
        #expect(EngineIOPacketCodec.encodeText(open) == "0" + json)
    }
}
