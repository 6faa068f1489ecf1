import API
import Foundation
import Hummingbird
import NIOCore
import ProviderFakes
import Voice
import VoiceFakes

/// The `api` role's application in front of a harness's voice process, on a loopback port.
enum APIFront {
    /// Runs `body` with the port of an API application over the harness's platform whose voice
    /// socket is served by `backend` (default: forwarded to the harness's voice server).
    static func with(
        _ harness: VoiceHarness, backend: VoiceSocketBackend? = nil, _ body: @Sendable (_ port: Int) async throws -> Void
    ) async throws {
        let voice = VoiceSocketBackend.forward(URL(string: "http://127.0.0.1:\(harness.port)")!)
        let server = LoopbackServer()
        let url = try await server.start { onServerRunning in
            try buildApplication(platform: harness.runtime.platform, voiceSocket: backend ?? voice, onServerRunning: onServerRunning)
        }
        do {
            try await body(url.port ?? 0)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// The candidate socket of `interview` on the API's origin.
    static func connect(port: Int, _ interview: UUID, token: String?) -> ScriptedCandidate {
        var url = "ws://127.0.0.1:\(port)/voice/interview/\(interview.uuidString.lowercased())/ws"
        if let token { url += "?token=\(token)" }
        return ScriptedCandidate(url: url)
    }
}
