public import Foundation

/// A control message telling every `web` process to disconnect realtime sockets whose
/// credential has ended or changed: a sign-out (that session's sockets), a revocation of all of a
/// user's sessions, or a role change (all of that user's sockets).
///
/// It travels on its own channel (``SocketRevocationBus/channel``), apart from the events
/// clients receive.
public struct SocketRevocation: Sendable, Codable, Equatable {
    /// The user whose sockets are concerned.
    public var userId: UUID
    /// Only the sockets authenticated by this session; `nil` for all of the user's sockets.
    public var sessionId: UUID?
    /// Whether the clients may reconnect and authenticate again (a role change: the same token
    /// now carries the new role); `false` when the credential is gone.
    public var reconnect: Bool

    /// Creates a revocation.
    public init(userId: UUID, sessionId: UUID? = nil, reconnect: Bool = false) {
        self.userId = userId
        self.sessionId = sessionId
        self.reconnect = reconnect
    }

    /// The sockets of session `sessionId` of `userId` (a sign-out).
    public static func signOut(userId: UUID, sessionId: UUID) -> SocketRevocation {
        SocketRevocation(userId: userId, sessionId: sessionId)
    }

    /// Every socket of `userId`: their sessions were revoked.
    public static func allSessions(userId: UUID) -> SocketRevocation {
        SocketRevocation(userId: userId)
    }

    /// Every socket of `userId`, allowed to reconnect: their role changed.
    public static func roleChanged(userId: UUID) -> SocketRevocation {
        SocketRevocation(userId: userId, reconnect: true)
    }
}
