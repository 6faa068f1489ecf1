import Testing

@testable import Realtime

@Suite struct EngineIOSessionStateMachineTests {
    typealias Machine = EngineIOSessionStateMachine
    typealias Action = Machine.Action

    let t0 = ContinuousClock.now
    let configuration = Machine.Configuration(
        pingInterval: .milliseconds(300),
        pingTimeout: .milliseconds(200),
        maxPayload: 100,
        upgradeTimeout: .milliseconds(1000),
        pollingCloseTimeout: .milliseconds(500),
        maxPacketsPerPoll: 3,
        maxBufferedPackets: 10
    )
    let poll1 = Machine.PollID(value: 1)
    let poll2 = Machine.PollID(value: 2)
    let ws = Machine.WebSocketID(value: 7)

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    func polling() -> Machine { Machine(configuration: configuration, transport: .polling, now: t0) }

    // MARK: Polling

    @Test func parksAPollUntilPacketsArrive() {
        var machine = polling()
        #expect(machine.pollRequested(poll1, now: at(1)) == [])
        #expect(machine.send([.message(.text("2[\"a\"]"))], now: at(2)) == [.respondToPoll(poll1, [.message(.text("2[\"a\"]"))])])
        // Nothing pending any more: the next packets wait for the next poll.
        #expect(machine.send([.noop], now: at(3)) == [])
        #expect(machine.pollRequested(poll2, now: at(4)) == [.respondToPoll(poll2, [.noop])])
    }

    @Test func answersAtMostMaxPacketsPerPoll() {
        var machine = polling()
        let packets = (0..<5).map { EngineIOPacket.message(.text("\($0)")) }
        #expect(machine.send(packets, now: at(1)) == [])
        #expect(machine.pollRequested(poll1, now: at(2)) == [.respondToPoll(poll1, Array(packets.prefix(3)))])
        #expect(machine.pollRequested(poll2, now: at(3)) == [.respondToPoll(poll2, Array(packets.suffix(2)))])
    }

    @Test func aSecondConcurrentPollClosesTheSession() {
        var machine = polling()
        _ = machine.pollRequested(poll1, now: at(1))
        let actions = machine.pollRequested(poll2, now: at(2))
        #expect(actions == [.rejectPoll(poll2, .badRequest), .respondToPoll(poll1, [.close]), .closed(.requestOverlap), .finished])
        #expect(machine.isFinished)
        #expect(machine.pollRequested(Machine.PollID(value: 3), now: at(3)) == [.rejectPoll(Machine.PollID(value: 3), .unknownSession)])
    }

    @Test func postsDeliverMessagesAndHeartbeats() {
        var machine = polling()
        #expect(machine.postStarted(now: at(1)).0 == .accepted)
        let (verdict, actions) = machine.postReceived("40{\"token\":\"t\"}\u{1E}6\u{1E}42[\"x\"]", now: at(2))
        #expect(verdict == .accepted)
        #expect(actions == [.deliver(.text("0{\"token\":\"t\"}")), .deliver(.text("2[\"x\"]"))])
    }

    @Test func concurrentPostsCloseTheSession() {
        var machine = polling()
        _ = machine.pollRequested(poll1, now: at(1))
        #expect(machine.postStarted(now: at(1)).0 == .accepted)
        let (verdict, actions) = machine.postStarted(now: at(2))
        #expect(verdict == .rejected(.badRequest))
        #expect(actions == [.closed(.requestOverlap), .respondToPoll(poll1, [.close]), .finished])
    }

    @Test func malformedPostsCloseTheSession() {
        var machine = polling()
        _ = machine.postStarted(now: at(1))
        let (verdict, actions) = machine.postReceived("9oops", now: at(2))
        #expect(verdict == .rejected(.badRequest))
        #expect(actions == [.closed(.protocolError("unknown packet type '9'"))])
        // The client learns of it on its next poll.
        #expect(machine.pollRequested(poll1, now: at(3)) == [.respondToPoll(poll1, [.close]), .finished])
    }

    @Test func oversizedPostsCloseTheSession() {
        var machine = polling()
        _ = machine.postStarted(now: at(1))
        #expect(machine.postFailed(.payloadTooLarge, now: at(2)) == [.closed(.payloadTooLarge)])
        #expect(machine.tick(now: at(502)) == [.finished])
    }

    @Test func aClientPingIsAProtocolError() {
        var machine = polling()
        _ = machine.postStarted(now: at(1))
        #expect(machine.postReceived("2", now: at(2)).1 == [.closed(.protocolError("invalid heartbeat direction"))])
    }

    @Test func aCloseFromTheClientEndsTheSessionAndReleasesThePoll() {
        var machine = polling()
        _ = machine.pollRequested(poll1, now: at(1))
        _ = machine.postStarted(now: at(2))
        #expect(machine.postReceived("1", now: at(3)).1 == [.closed(.clientClose), .respondToPoll(poll1, [.close]), .finished])
    }

    // MARK: Heartbeat

    @Test func pingsEveryIntervalWhileThePongsArrive() {
        var machine = polling()
        #expect(machine.nextDeadline == at(300))
        #expect(machine.tick(now: at(299)) == [])
        _ = machine.pollRequested(poll1, now: at(100))
        #expect(machine.tick(now: at(300)) == [.respondToPoll(poll1, [.ping("")])])
        #expect(machine.nextDeadline == at(500))
        _ = machine.postStarted(now: at(350))
        #expect(machine.postReceived("3", now: at(350)).1 == [])
        #expect(machine.nextDeadline == at(650))
        #expect(machine.tick(now: at(600)) == [])
    }

    @Test func closesWhenAPongIsMissing() {
        var machine = polling()
        _ = machine.tick(now: at(300))  // the ping waits in the outbox
        #expect(machine.pollRequested(poll1, now: at(310)) == [.respondToPoll(poll1, [.ping("")])])  // …is collected
        #expect(machine.pollRequested(poll2, now: at(320)) == [])  // …and the client polls again
        #expect(machine.tick(now: at(499)) == [])
        #expect(machine.tick(now: at(500)) == [.closed(.pingTimeout), .respondToPoll(poll2, [.close]), .finished])
        #expect(machine.nextDeadline == nil)
    }

    @Test func pingsOverTheWebSocket() {
        var machine = Machine(configuration: configuration, transport: .webSocket(ws), now: t0)
        #expect(machine.tick(now: at(300)) == [.writeToWebSocket(ws, [.ping("")])])
        #expect(machine.webSocketReceived(text: "3", on: ws, now: at(320)) == [])
        #expect(machine.tick(now: at(620)) == [.writeToWebSocket(ws, [.ping("")])])
        #expect(machine.tick(now: at(820)) == [.closeWebSocket(ws, .pingTimeout), .closed(.pingTimeout), .finished])
    }

    // MARK: Upgrade

    @Test func upgradesFromPollingToWebSocket() {
        var machine = polling()
        _ = machine.pollRequested(poll1, now: at(1))
        #expect(machine.canUpgrade)
        #expect(machine.webSocketAttached(ws, now: at(2)) == .accepted)
        #expect(!machine.canUpgrade)
        // The probe is answered on the WebSocket and the parked poll is released with a noop.
        #expect(machine.webSocketReceived(text: "2probe", on: ws, now: at(3)) == [.writeToWebSocket(ws, [.pong("probe")]), .respondToPoll(poll1, [.noop])])
        // Packets emitted during the upgrade wait for it; a poll meanwhile gets a noop at once.
        #expect(machine.send([.message(.text("2[\"later\"]"))], now: at(4)) == [])
        #expect(machine.pollRequested(poll2, now: at(5)) == [.respondToPoll(poll2, [.noop])])
        #expect(machine.webSocketReceived(text: "5", on: ws, now: at(6)) == [.writeToWebSocket(ws, [.message(.text("2[\"later\"]"))])])
        #expect(machine.transport == .webSocket(ws))
        // Polling is over for this session.
        #expect(machine.pollRequested(Machine.PollID(value: 3), now: at(7)) == [.rejectPoll(Machine.PollID(value: 3), .badRequest)])
        #expect(machine.postStarted(now: at(7)).0 == .rejected(.badRequest))
        #expect(machine.send([.noop], now: at(8)) == [.writeToWebSocket(ws, [.noop])])
        #expect(machine.webSocketReceived(text: "42[\"x\"]", on: ws, now: at(9)) == [.deliver(.text("2[\"x\"]"))])
    }

    @Test func abandonsAnUpgradeThatStalls() {
        var machine = polling()
        _ = machine.webSocketAttached(ws, now: at(1))
        _ = machine.webSocketReceived(text: "2probe", on: ws, now: at(2))
        #expect(machine.nextDeadline == at(300))
        _ = machine.tick(now: at(300))
        let pong = machine.postStarted(now: at(400))
        #expect(pong.0 == .accepted)
        _ = machine.postReceived("3", now: at(400))
        #expect(machine.tick(now: at(1001)) == [.closeWebSocket(ws, nil)])
        #expect(machine.transport == .polling)
        #expect(machine.canUpgrade)
        #expect(machine.isOpen)
    }

    @Test func abandonsAnUpgradeOnAnUnexpectedProbePacket() {
        var machine = polling()
        _ = machine.webSocketAttached(ws, now: at(1))
        #expect(machine.webSocketReceived(text: "5", on: ws, now: at(2)) == [.closeWebSocket(ws, nil)])
        #expect(machine.isOpen)
        #expect(machine.transport == .polling)
    }

    @Test func refusesASecondUpgrade() {
        var machine = polling()
        #expect(machine.webSocketAttached(ws, now: at(1)) == .accepted)
        #expect(machine.webSocketAttached(Machine.WebSocketID(value: 8), now: at(2)) == .rejected(.badRequest))
        _ = machine.webSocketReceived(text: "2probe", on: ws, now: at(3))
        _ = machine.webSocketReceived(text: "5", on: ws, now: at(4))
        #expect(machine.webSocketAttached(Machine.WebSocketID(value: 9), now: at(5)) == .rejected(.badRequest))
    }

    @Test func theProbeClosingLeavesThePollingSessionAlone() {
        var machine = polling()
        _ = machine.webSocketAttached(ws, now: at(1))
        #expect(machine.webSocketClosed(ws, now: at(2)) == [])
        #expect(machine.isOpen)
        #expect(machine.canUpgrade)
    }

    // MARK: WebSocket

    @Test func webSocketViolationsCloseTheSession() {
        var machine = Machine(configuration: configuration, transport: .webSocket(ws), now: t0)
        #expect(machine.webSocketReceived(text: "", on: ws, now: at(1)) == [.closeWebSocket(ws, .protocolError("empty packet")), .closed(.protocolError("empty packet")), .finished])
        var other = Machine(configuration: configuration, transport: .webSocket(ws), now: t0)
        #expect(other.webSocketReceived(text: "2probe", on: ws, now: at(1)).contains(.closed(.protocolError("invalid heartbeat direction"))))
    }

    @Test func oversizedWebSocketMessagesCloseTheSession() {
        var machine = Machine(configuration: configuration, transport: .webSocket(ws), now: t0)
        #expect(machine.webSocketOversized(ws, now: at(1)) == [.closeWebSocket(ws, .payloadTooLarge), .closed(.payloadTooLarge), .finished])
        var binary = Machine(configuration: configuration, transport: .webSocket(ws), now: t0)
        #expect(binary.webSocketReceived(binary: Array(repeating: 0, count: 101), on: ws, now: at(1)).contains(.closed(.payloadTooLarge)))
        #expect(Machine(configuration: configuration, transport: .webSocket(ws), now: t0).isOpen)
    }

    @Test func theWebSocketGoingAwayEndsTheSession() {
        var machine = Machine(configuration: configuration, transport: .webSocket(ws), now: t0)
        #expect(machine.webSocketClosed(ws, now: at(1)) == [.closed(.transportClose), .finished])
        #expect(machine.webSocketClosed(ws, now: at(2)) == [])
    }

    // MARK: Server close

    @Test func aServerCloseDeliversTheLastPacketsToTheNextPoll() {
        var machine = polling()
        _ = machine.send([.message(.text("1"))], now: at(1))
        #expect(machine.close(.serverClose, now: at(2)) == [.closed(.serverClose)])
        #expect(!machine.isOpen)
        #expect(machine.nextDeadline == at(502))
        #expect(machine.send([.noop], now: at(3)) == [])
        #expect(machine.pollRequested(poll1, now: at(4)) == [.respondToPoll(poll1, [.message(.text("1")), .close]), .finished])
    }

    @Test func aClosingSessionIsForgottenAfterTheCloseTimeout() {
        var machine = polling()
        _ = machine.close(.serverShutdown, now: at(0))
        #expect(machine.tick(now: at(499)) == [])
        #expect(machine.tick(now: at(500)) == [.finished])
        #expect(machine.isFinished)
    }

    @Test func terminateEndsAtOnce() {
        var machine = polling()
        #expect(machine.terminate(.serverShutdown, now: at(1)) == [.closed(.serverShutdown), .finished])
        var closing = polling()
        _ = closing.close(.serverShutdown, now: at(1))
        #expect(closing.terminate(.serverShutdown, now: at(2)) == [.finished])
    }

    @Test func aServerCloseOnAWebSocketSendsCloseThenClosesIt() {
        var machine = Machine(configuration: configuration, transport: .webSocket(ws), now: t0)
        #expect(machine.close(.serverShutdown, now: at(1)) == [.writeToWebSocket(ws, [.close]), .closeWebSocket(ws, .serverShutdown), .closed(.serverShutdown), .finished])
    }

    @Test func aClientThatNeverPollsCannotGrowTheBufferForever() {
        var machine = polling()
        for index in 0..<10 {
            #expect(machine.send([.message(.text("\(index)"))], now: at(1)) == [])
        }
        #expect(machine.send([.noop], now: at(2)) == [.closed(.bufferOverflow)])
        #expect(machine.pollRequested(poll1, now: at(3)) == [.respondToPoll(poll1, [.close]), .finished])
    }

    @Test func anAbandonedPollIsReleased() {
        var machine = polling()
        _ = machine.pollRequested(poll1, now: at(1))
        #expect(machine.pollAbandoned(poll1) == [.respondToPoll(poll1, [])])
        #expect(machine.pollAbandoned(poll1) == [])
        #expect(machine.pollRequested(poll2, now: at(2)) == [])
    }
}
