import Testing

@testable import Realtime

@Suite struct SocketIOConnectionStateMachineTests {
    typealias Machine = SocketIOConnectionStateMachine

    let t0 = ContinuousClock.now

    func machine() -> Machine {
        Machine(namespaces: ["/", "/admin"], connectTimeout: .milliseconds(1000), now: t0)
    }

    func connected(_ namespace: String = "/", socketID: String = "s1") -> Machine {
        var machine = machine()
        let prefix = namespace == "/" ? "" : namespace + ","
        _ = machine.received(.text("0" + prefix))
        _ = machine.authenticationSucceeded(namespace: namespace, socketID: socketID)
        return machine
    }

    @Test func connectAsksForAuthenticationThenAnswersWithTheSocketID() {
        var machine = machine()
        #expect(machine.received(.text(#"0{"token":"abc"}"#)) == [.authenticate(namespace: "/", auth: ["token": "abc"])])
        #expect(machine.authenticationSucceeded(namespace: "/", socketID: "s1") == [
            .send(.connected(namespace: "/", socketID: "s1")),
            .socketConnected(namespace: "/", socketID: "s1"),
        ])
        #expect(machine.socketID(of: "/") == "s1")
        #expect(machine.nextDeadline == nil)
    }

    @Test func refusedAuthenticationAnswersConnectError() {
        var machine = machine()
        _ = machine.received(.text("0/admin,{}"))
        #expect(machine.authenticationFailed(namespace: "/admin", message: "Not authorized", data: nil) == [
            .send(.connectError(namespace: "/admin", message: "Not authorized"))
        ])
        #expect(machine.socketID(of: "/admin") == nil)
        // The client may try again on the same connection.
        #expect(machine.received(.text("0/admin,")) == [.authenticate(namespace: "/admin", auth: nil)])
    }

    @Test func unknownNamespacesAreRefused() {
        var machine = machine()
        #expect(machine.received(.text("0/random,")) == [.send(.connectError(namespace: "/random", message: "Invalid namespace"))])
        #expect(SocketIOPacketCodec.encode(.connectError(namespace: "/random", message: "Invalid namespace"))
            == #"4/random,{"message":"Invalid namespace"}"#)
    }

    @Test func packetsBeforeConnectCloseTheConnection() {
        var machine = machine()
        #expect(machine.received(.text(#"2["hello"]"#)) == [.closeConnection(.protocolError("packet for namespace / before CONNECT"))])
    }

    @Test func packetsOvertakingTheConnectAnswerAreDropped() {
        var machine = machine()
        _ = machine.received(.text("0"))
        #expect(machine.received(.text(#"2["early"]"#)) == [])
    }

    @Test func eventsAreDispatchedWithTheirAckID() {
        var machine = connected()
        #expect(machine.received(.text(#"2["join:recruiter","42"]"#))
            == [.dispatchEvent(namespace: "/", name: "join:recruiter", arguments: ["42"], ackID: nil)])
        #expect(machine.received(.text(#"27["get",{"a":1}]"#)) == [.dispatchEvent(namespace: "/", name: "get", arguments: [["a": 1]], ackID: 7)])
    }

    @Test func clientAcksAreAnsweredOnce() {
        var machine = connected()
        _ = machine.received(.text(#"212["get_state"]"#))
        #expect(machine.acknowledge(namespace: "/", ackID: 12, arguments: [["ok": true]]) == [.send(.ack(namespace: "/", ackID: 12, arguments: [["ok": true]]))])
        #expect(machine.acknowledge(namespace: "/", ackID: 12, arguments: []) == [])
        #expect(machine.acknowledge(namespace: "/", ackID: 99, arguments: []) == [])
    }

    @Test func serverAcksResolveOnceAndUnknownIDsAreIgnored() {
        var machine = connected()
        let id = machine.reserveServerAck(namespace: "/")
        #expect(id == 0)
        #expect(machine.received(.text(#"30["answer"]"#)) == [.resolveServerAck(namespace: "/", ackID: 0, arguments: ["answer"])])
        #expect(machine.received(.text(#"30["again"]"#)) == [])
        #expect(machine.received(.text(#"35[]"#)) == [])
        #expect(machine.reserveServerAck(namespace: "/admin") == nil)
    }

    @Test func leavingANamespaceDisconnectsItsSocket() {
        var machine = connected()
        #expect(machine.received(.text("1")) == [.socketDisconnected(namespace: "/", socketID: "s1", reason: .clientNamespaceDisconnect)])
        #expect(machine.socketID(of: "/") == nil)
    }

    @Test func theServerCanDisconnectASocket() {
        var machine = connected("/admin", socketID: "a1")
        #expect(machine.disconnect(namespace: "/admin") == [
            .send(.disconnect(namespace: "/admin")),
            .socketDisconnected(namespace: "/admin", socketID: "a1", reason: .serverNamespaceDisconnect),
        ])
        #expect(machine.disconnect(namespace: "/admin") == [])
    }

    @Test(arguments: [#"2{"not":"array"}"#, "7", #"5["a"]"#, #"51-["upload",{"_placeholder":true,"num":0}]"#, #"4{"message":"x"}"#])
    func malformedOrUnsupportedPacketsCloseTheConnection(_ text: String) {
        var machine = connected()
        let actions = machine.received(.text(text))
        #expect(actions.count == 1)
        guard case .closeConnection(.protocolError(let reason))? = actions.first else {
            Issue.record("expected a close, got \(actions)")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test func binaryPacketsAreRefusedClearly() {
        var machine = connected()
        #expect(machine.received(.text(#"51-["upload",{"_placeholder":true,"num":0}]"#))
            == [.closeConnection(.protocolError("binary packets are not supported by this server"))])
        var other = connected()
        #expect(other.received(.binary([1, 2, 3])) == [.closeConnection(.protocolError("unexpected binary message"))])
    }

    @Test func aConnectionThatJoinsNothingTimesOut() {
        var machine = machine()
        #expect(machine.nextDeadline == t0 + .milliseconds(1000))
        #expect(machine.tick(now: t0 + .milliseconds(999)) == [])
        #expect(machine.tick(now: t0 + .milliseconds(1000)) == [.closeConnection(.connectTimeout)])
    }

    @Test func theEngineClosingDisconnectsEverySocket() {
        var machine = connected()
        _ = machine.received(.text("0/admin,"))
        _ = machine.authenticationSucceeded(namespace: "/admin", socketID: "a1")
        #expect(machine.engineClosed(.pingTimeout) == [
            .socketDisconnected(namespace: "/", socketID: "s1", reason: .pingTimeout),
            .socketDisconnected(namespace: "/admin", socketID: "a1", reason: .pingTimeout),
        ])
        #expect(machine.received(.text(#"2["late"]"#)) == [])
        #expect(machine.authenticationSucceeded(namespace: "/", socketID: "s2") == [])
    }

    @Test func aLateAuthenticationAfterALeaveIsIgnored() {
        var machine = machine()
        _ = machine.received(.text("0"))
        _ = machine.received(.text("1"))
        #expect(machine.authenticationSucceeded(namespace: "/", socketID: "s1") == [])
    }
}
