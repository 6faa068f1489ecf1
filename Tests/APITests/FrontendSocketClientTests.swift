@testable import API
import Core
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// The old web app's socket with its one-line change, `io(API_URL, { auth: { token } })`, played by
/// the real python-socketio client (`Tests/Python/session_socket.py`, from `.venv`): it connects
/// with the token in its CONNECT packet and no cookie, joins its room, and signing out ends it
/// with a server disconnect ("io server disconnect" in socket.io-client).
@Suite struct FrontendSocketClientTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent(".venv/bin/python")
    static let script = root.appendingPathComponent("Tests/Python/session_socket.py")

    /// The client process, `session_socket.py` with `arguments`.
    static func client(_ arguments: [String]) throws -> ScriptRun {
        try ScriptRun(executable: python, arguments: [script.path] + arguments)
    }

    @Test(.timeLimit(.minutes(2)))
    func theChangedWebAppConnectsWithItsTokenAndSignOutEndsTheSocket() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.python.path), "run the suite with scripts/test, which installs python-socketio into .venv")
        try await TestDatabase.with { db in
            let app = try buildApplication(platform: try TestPlatform.make(database: db))
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let (id, token) = try await client.execute(uri: "/auth/signup", method: .post, headers: [.contentType: "application/json"],
                                                           body: ByteBuffer(string: #"{"email":"web@example.com","password":"a long password"}"#)) { response in
                    let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    let user = object?["user"] as? [String: Any]
                    return (try #require(user?["id"] as? String), try #require(object?["token"] as? String))
                }
                let socket = try Self.client(["http://127.0.0.1:\(port)", token, id])
                #expect(try await socket.waitFor("READY"), "\(socket.output)")

                // The changed signOut: the request first, with the token.
                let signedOut = try await client.execute(uri: "/auth/signout", method: .post, headers: [.authorization: "Bearer \(token)"]) { $0.status }
                #expect(signedOut == .ok)
                #expect(try await socket.exitStatus() == 0, "\(socket.output)")
                // python-socketio's name for socket.io-client's "io server disconnect" (no reconnection).
                #expect(socket.output.contains("DISCONNECTED server disconnect"), "\(socket.output)")

                // The old order (token cleared first, so no credential) ends nothing: the session lives on.
                let (_, second) = try await client.execute(uri: "/auth/signin", method: .post, headers: [.contentType: "application/json"],
                                                           body: ByteBuffer(string: #"{"email":"web@example.com","password":"a long password"}"#)) { response in
                    let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    return (0, try #require(object?["token"] as? String))
                }
                let anonymous = try await client.execute(uri: "/auth/signout", method: .post, headers: [:]) { $0.status }
                #expect(anonymous == .ok)
                let still = try await client.execute(uri: "/auth/me", method: .get, headers: [.authorization: "Bearer \(second)"]) { $0.status }
                #expect(still == .ok)
            }
        }
    }
}
