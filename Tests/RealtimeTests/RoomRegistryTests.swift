import Testing

@testable import Realtime

@Suite struct RoomRegistryTests {
    @Test func joinsLeavesAndDeduplicates() {
        var registry = RoomRegistry()
        registry.join(socketID: "a", namespace: "/", room: "user:1")
        registry.join(socketID: "a", namespace: "/", room: "interview:9")
        registry.join(socketID: "b", namespace: "/", room: "interview:9")
        registry.join(socketID: "c", namespace: "/admin", room: "interview:9")
        #expect(registry.members(of: ["user:1", "interview:9"], namespace: "/") == ["a", "b"])
        #expect(registry.members(of: ["interview:9"], namespace: "/admin") == ["c"])
        #expect(registry.rooms(of: "a") == ["user:1", "interview:9"])

        registry.leave(socketID: "a", room: "interview:9")
        #expect(registry.members(of: ["interview:9"], namespace: "/") == ["b"])

        registry.leaveAll(socketID: "a")
        registry.leaveAll(socketID: "b")
        registry.leaveAll(socketID: "c")
        #expect(registry.rooms(of: "a").isEmpty)
        #expect(registry.roomCount == 0)
    }

    @Test func leavingUnknownThingsIsHarmless() {
        var registry = RoomRegistry()
        registry.leave(socketID: "x", room: "r")
        registry.leaveAll(socketID: "x")
        #expect(registry.members(of: ["r"], namespace: "/").isEmpty)
    }
}
