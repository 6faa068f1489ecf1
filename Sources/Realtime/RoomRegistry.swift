/// Which sockets are in which rooms, per namespace; a pure value type.
///
/// Rooms, as in Socket.IO, are per namespace: room `r` of `/` and room `r` of `/admin` are
/// different rooms. A socket belongs to one namespace.
struct RoomRegistry: Sendable {
    private struct RoomKey: Hashable, Sendable {
        var namespace: String
        var room: String
    }

    private var members: [RoomKey: Set<String>] = [:]
    private var memberships: [String: (namespace: String, rooms: Set<String>)] = [:]

    /// Puts `socketID` (of `namespace`) in `room`.
    mutating func join(socketID: String, namespace: String, room: String) {
        members[RoomKey(namespace: namespace, room: room), default: []].insert(socketID)
        memberships[socketID, default: (namespace, [])].rooms.insert(room)
    }

    /// Takes `socketID` out of `room`.
    mutating func leave(socketID: String, room: String) {
        guard var membership = memberships[socketID] else { return }
        membership.rooms.remove(room)
        memberships[socketID] = membership.rooms.isEmpty ? nil : membership
        remove(socketID, from: RoomKey(namespace: membership.namespace, room: room))
    }

    /// Takes `socketID` out of every room.
    mutating func leaveAll(socketID: String) {
        guard let membership = memberships.removeValue(forKey: socketID) else { return }
        for room in membership.rooms {
            remove(socketID, from: RoomKey(namespace: membership.namespace, room: room))
        }
    }

    /// The sockets of `namespace` in any of `rooms`, each once.
    func members(of rooms: some Sequence<String>, namespace: String) -> Set<String> {
        var result: Set<String> = []
        for room in rooms {
            if let sockets = members[RoomKey(namespace: namespace, room: room)] {
                result.formUnion(sockets)
            }
        }
        return result
    }

    /// The rooms `socketID` is in.
    func rooms(of socketID: String) -> Set<String> {
        memberships[socketID]?.rooms ?? []
    }

    /// How many rooms have at least one member.
    var roomCount: Int { members.count }

    private mutating func remove(_ socketID: String, from key: RoomKey) {
        guard var sockets = members[key] else { return }
        sockets.remove(socketID)
        members[key] = sockets.isEmpty ? nil : sockets
    }
}
