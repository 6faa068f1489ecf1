import Core
import Domain
import Foundation
import Logging
import Realtime

/// The application's side of `/socket.io/`: who may connect and which rooms they may join.
///
/// A client authenticates with a session token (CONNECT `auth.token`, `Authorization: Bearer`,
/// or the `vh_session` cookie set at sign-in, which a browser on another origin sends only if
/// its sign-in request used `credentials: 'include'`) or a candidate's interview token
/// (`auth.token` or `?token=`). `join:recruiter <id>` joins the caller's own room only;
/// `join:interview <id>` only for that interview's owner (or an admin) or its candidate token. A
/// refused join answers an `error` event and joins nothing.
///
/// Sockets end with their credential: a sign-out disconnects the sockets of that session, a
/// revocation of a user's sessions all of theirs, and a role change closes them so the client
/// reconnects with the new role (``SocketRevocation``, applied in every process). A socket whose
/// session ended while it was connecting is caught by a second check once it is registered.
enum RealtimeGateway {
    static func makeServer(platform: Platform, authenticator: Authenticator) -> RealtimeServer<Caller> {
        let configuration = RealtimeConfiguration(
            originPolicy: RealtimeOriginPolicy(
                allowedOrigins: [platform.configuration.frontendURL, platform.configuration.api.publicURL],
                rejectsOtherOrigins: true, writesCORSHeaders: false
            ),
            maxPendingSessionsPerAddress: platform.configuration.connections.maxPendingRealtimeSessionsPerAddress
        )
        let logger = platform.logger
        return RealtimeServer<Caller>(
            configuration: configuration,
            logger: logger,
            authenticate: { handshake in
                try await authenticate(handshake, authenticator: authenticator, logger: logger)
            },
            onConnect: { socket in
                await recheck(socket, authenticator: authenticator, logger: logger)
            },
            onEvent: { socket, event in
                await handle(event, socket: socket, platform: platform)
            }
        )
    }

    static func authenticate(_ handshake: RealtimeHandshake, authenticator: Authenticator, logger: Logger) async throws -> Caller? {
        let candidates = [handshake.authString("token"), handshake.bearerToken, handshake.query["token"], handshake.cookie(named: SessionCookie.name)]
        for case let token? in candidates where !token.isEmpty {
            if let caller = try? await authenticator.bearer(token, logger: logger) { return caller }
        }
        return nil
    }

    /// Checks a newly registered session socket's credential again: a sign-out, revocation or
    /// role change committed between its authentication and its registration found no socket to
    /// disconnect, and this check (after the registration) sees that change.
    static func recheck(_ socket: RealtimeSocket<Caller>, authenticator: Authenticator, logger: Logger) async {
        guard case .session = socket.principal.credential else { return }
        let current = try? await authenticate(socket.handshake, authenticator: authenticator, logger: logger)
        guard current != socket.principal else { return }
        let mode: RealtimeForcedDisconnect = current == nil ? .final : .reconnect
        socket.server.disconnectSockets(mode) { $0.id == socket.id }
    }

    /// Disconnects this process's sockets that `revocation` names.
    /// - Returns: how many were disconnected.
    @discardableResult
    static func disconnect(_ revocation: SocketRevocation, on server: RealtimeServer<Caller>) -> Int {
        server.disconnectSockets(revocation.reconnect ? .reconnect : .final) { socket in
            guard socket.principal.userId == revocation.userId else { return false }
            guard let sessionId = revocation.sessionId else { return true }
            if case .session(let id) = socket.principal.credential { return id == sessionId }
            return false
        }
    }

    static func handle(_ event: RealtimeClientEvent, socket: RealtimeSocket<Caller>, platform: Platform) async {
        let caller = socket.principal
        func refuse(_ message: String) {
            _ = socket.emit("error", ["message": .string(message), "event": .string(event.name)])
            event.acknowledge(["ok": false, "error": .string(message)])
        }
        guard let text = event.firstArgument?.stringValue, let id = UUID(uuidString: text) else {
            if event.name == "join:recruiter" || event.name == "join:interview" { refuse("\(event.name) needs an id") }
            return
        }
        switch event.name {
        case "join:recruiter":
            guard caller.userId == id else { return refuse("You can only join your own room") }
            socket.join(RealtimeEvent.userRoom(id))
            event.acknowledge(["ok": true])
        case "join:interview":
            var allowed = false
            if case .interview(let allowedId) = caller.credential {
                allowed = allowedId == id
            } else if let userId = caller.userId {
                let interview = try? await Interview.find(id: id, on: platform.postgres, logger: platform.logger)
                allowed = interview.map { $0.recruiterId == userId || caller.role == .admin } ?? false
            }
            guard allowed else { return refuse("You cannot follow this interview") }
            socket.join(RealtimeEvent.interviewRoom(id))
            event.acknowledge(["ok": true])
        default:
            break
        }
    }
}
