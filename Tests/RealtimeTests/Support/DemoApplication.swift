import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import Realtime

/// The demo server used by the end-to-end tests: the realtime endpoint with a token
/// authentication, a `join:recruiter` event that checks ownership, and `POST /demo/emit` standing
/// in for the application's Redis relay.
enum DemoApplication {
    /// The body of `POST /demo/emit`.
    struct EmitRequest: Decodable {
        var room: String
        var event: String
        var data: JSONValue?
    }

    /// The realtime server with the demo's hooks.
    static func makeRealtimeServer(configuration: RealtimeConfiguration, logger: Logger) -> RealtimeServer<DemoUser> {
        RealtimeServer<DemoUser>(
            configuration: configuration,
            logger: logger,
            authenticate: { handshake in
                let token = handshake.authString("token") ?? handshake.bearerToken ?? handshake.cookie(named: "vh_session")
                guard let token else { return nil }
                if token == "throw" {
                    throw RealtimeConnectionRefusal(message: "Token expired", data: ["retry": false])
                }
                return DemoUser.tokens[token]
            },
            onEvent: { socket, event in
                await handle(event, from: socket)
            }
        )
    }

    /// The demo's event handling.
    static func handle(_ event: RealtimeClientEvent, from socket: RealtimeSocket<DemoUser>) async {
        switch event.name {
        case "join:recruiter":
            guard let id = event.firstArgument?.stringValue, id == socket.principal.id else {
                let requested = event.firstArgument?.stringValue ?? "?"
                socket.emit("error", ["message": .string("Forbidden: cannot join recruiter:\(requested)")])
                event.acknowledge(["ok": false])
                return
            }
            let room = "recruiter:\(id)"
            socket.join(room)
            event.acknowledge(["ok": true, "room": .string(room)])
        case "echo":
            event.acknowledge(arguments: event.arguments)
        case "ask:client":
            // Asks the client a question and returns its answer: exercises server → client acks.
            do {
                let answer = try await socket.emitWithAck("question", arguments: event.arguments, timeout: .seconds(5))
                event.acknowledge(arguments: answer)
            } catch {
                event.acknowledge(["error": .string("\(error)")])
            }
        case "leave":
            socket.disconnect()
        default:
            socket.emit("error", ["message": .string("Unknown event \(event.name)")])
        }
    }

    /// The HTTP application: the realtime endpoint plus `POST /demo/emit`.
    static func makeApplication(
        host: String,
        port: Int,
        configuration: RealtimeConfiguration,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let realtime = makeRealtimeServer(configuration: configuration, logger: logger)
        let router = Router(context: BasicWebSocketRequestContext.self)
        realtime.register(on: router)
        router.post("/demo/emit") { request, context -> Response in
            let emit = try await request.decode(as: EmitRequest.self, context: context)
            let delivered = realtime.emit(toRoom: emit.room, event: emit.event, emit.data ?? .null)
            let body: JSONValue = ["delivered": .number(Double(delivered))]
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body.jsonText))
            )
        }
        router.get("/demo/stats") { _, _ -> Response in
            let body: JSONValue = [
                "sessions": .number(Double(realtime.sessionCount)),
                "sockets": .number(Double(realtime.socketCount)),
            ]
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body.jsonText))
            )
        }
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: realtime.webSocketConfiguration)),
            configuration: .init(address: .hostname(host, port: port), serverName: "realtime-demo"),
            services: [realtime],
            onServerRunning: { channel in
                await onServerRunning(channel.localAddress?.port ?? port)
            },
            logger: logger
        )
    }
}
