import Testing

@testable import Realtime

@Suite struct SocketIOPacketCodecTests {
    /// The examples of the protocol (contracts §7.2), without the Engine.IO `4` prefix.
    @Test func decodesTheProtocolExamples() throws {
        #expect(try SocketIOPacketCodec.decode("0") == SocketIOPacket(kind: .connect))
        #expect(try SocketIOPacketCodec.decode(#"0{"token":"abc"}"#) == SocketIOPacket(kind: .connect, payload: ["token": "abc"]))
        #expect(try SocketIOPacketCodec.decode(#"0/admin,{"token":"abc"}"#)
            == SocketIOPacket(kind: .connect, namespace: "/admin", payload: ["token": "abc"]))
        #expect(try SocketIOPacketCodec.decode(#"2["chat",{"text":"hi"}]"#)
            == .event(namespace: "/", name: "chat", arguments: [["text": "hi"]]))
        #expect(try SocketIOPacketCodec.decode(#"2/admin,["chat","hi"]"#) == .event(namespace: "/admin", name: "chat", arguments: ["hi"]))
        #expect(try SocketIOPacketCodec.decode(#"212["get_state"]"#) == .event(namespace: "/", name: "get_state", arguments: [], ackID: 12))
        #expect(try SocketIOPacketCodec.decode(#"312[{"ok":true}]"#) == .ack(namespace: "/", ackID: 12, arguments: [["ok": true]]))
        #expect(try SocketIOPacketCodec.decode("1") == .disconnect(namespace: "/"))
        #expect(try SocketIOPacketCodec.decode("1/admin,") == .disconnect(namespace: "/admin"))
        #expect(try SocketIOPacketCodec.decode("0/admin") == SocketIOPacket(kind: .connect, namespace: "/admin"))
        let binary = try SocketIOPacketCodec.decode(#"51-["upload",{"_placeholder":true,"num":0}]"#)
        #expect(binary.kind == .binaryEvent)
        #expect(binary.attachments == 1)
    }

    @Test func encodesServerPackets() {
        #expect(SocketIOPacketCodec.encode(.connected(namespace: "/", socketID: "s1")) == #"0{"sid":"s1"}"#)
        #expect(SocketIOPacketCodec.encode(.connected(namespace: "/admin", socketID: "s1")) == #"0/admin,{"sid":"s1"}"#)
        #expect(SocketIOPacketCodec.encode(.connectError(namespace: "/", message: "Not authorized")) == #"4{"message":"Not authorized"}"#)
        #expect(SocketIOPacketCodec.encode(.connectError(namespace: "/random", message: "Invalid namespace"))
            == #"4/random,{"message":"Invalid namespace"}"#)
        #expect(SocketIOPacketCodec.encode(.event(namespace: "/", name: "x", arguments: [1, "a"], ackID: 7)) == #"27["x",1,"a"]"#)
        #expect(SocketIOPacketCodec.encode(.ack(namespace: "/admin", ackID: 3, arguments: [])) == #"3/admin,3[]"#)
        #expect(SocketIOPacketCodec.encode(.disconnect(namespace: "/")) == "1")
        #expect(SocketIOPacketCodec.encode(.disconnect(namespace: "/admin")) == "1/admin,")
    }

    @Test func roundTrips() throws {
        let packets: [SocketIOPacket] = [
            .event(namespace: "/a", name: "e", arguments: [["k": [1, 2]], nil], ackID: 99),
            .ack(namespace: "/", ackID: 0, arguments: ["x"]),
            .connectError(namespace: "/", message: "m", data: ["retry": false]),
        ]
        for packet in packets {
            #expect(try SocketIOPacketCodec.decode(SocketIOPacketCodec.encode(packet)) == packet)
        }
    }

    @Test(arguments: [
        ("", SocketIOProtocolError.empty),
        ("9", .unknownType),
        ("x", .unknownType),
        ("2", .invalidPayload),
        ("2{}", .invalidPayload),
        ("2[]", .invalidPayload),
        ("2[1]", .invalidPayload),
        (#"2["connect"]"#, .invalidPayload),
        (#"2["disconnect"]"#, .invalidPayload),
        ("0[]", .invalidPayload),
        ("0\"s\"", .invalidPayload),
        ("1{}", .invalidPayload),
        ("3[]", .invalidAckID),
        ("3", .invalidPayload),
        ("4[]", .invalidPayload),
        (#"21234567890123456["a"]"#, .invalidAckID),
        (#"5["a"]"#, .invalidAttachments),
        (#"5x-["a"]"#, .invalidAttachments),
    ] as [(String, SocketIOProtocolError)])
    func refusesInvalidPackets(_ text: String, _ expected: SocketIOProtocolError) {
        #expect(throws: expected) { try SocketIOPacketCodec.decode(text) }
    }

    @Test func explainsInvalidJSON() {
        #expect {
            try SocketIOPacketCodec.decode(#"2["a",]"#)
        } throws: { error in
            (error as? SocketIOProtocolError)?.reason.hasPrefix("invalid JSON payload") == true
        }
    }
}
