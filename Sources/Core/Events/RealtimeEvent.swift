public import Foundation

/// An event for recruiters' and candidates' sockets, carried between processes through Redis.
///
/// `rooms` name who receives it: `user:<id>` for every socket of a user, `interview:<id>` for
/// sockets following one interview. `data` is the JSON payload delivered to the client.
///
/// Events are made only from the catalogue (``RealtimeEventName`` and the constructors in
/// `RealtimeEvent+Catalogue.swift`), so one event name always carries one payload type and goes
/// to the rooms its rule names.
public struct RealtimeEvent: Sendable, Codable, Equatable {
    /// Event name as the frontend listens for it (`interview:update`, `email:status`, …).
    public var name: String
    /// Rooms that receive the event.
    public var rooms: [String]
    /// The payload, as JSON text.
    public var data: String

    /// An event `name` whose payload is `payload` encoded as the API encodes responses
    /// (``PlatformJSON``: lower-case ids, ISO 8601 dates with milliseconds).
    init<Payload>(_ name: RealtimeEventName<Payload>, rooms: [String], payload: Payload) throws {
        self.name = name.rawValue
        self.rooms = rooms
        self.data = try PlatformJSON.string(payload)
    }

    /// The room of every socket of user `id`.
    public static func userRoom(_ id: UUID) -> String { "user:\(id.uuidString.lowercased())" }

    /// The room of sockets following interview `id`.
    public static func interviewRoom(_ id: UUID) -> String { "interview:\(id.uuidString.lowercased())" }
}
