import ArgumentParser
import Core
import Hummingbird
import Logging
import ServiceLifecycle
import Voice

/// `vantahire voice`: the `voice` role (live voice interviews over WebSocket).
struct VoiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voice",
        abstract: "Serve live voice interviews on VOICE_HOST:VOICE_PORT, VOICE_PORT defaulting to PORT (the Procfile's `voice` role).",
        discussion: """
            WebSocket GET /voice/interview/:id/ws?token=<candidate interview token>, plus /health and /metrics. \
            Needs DEEPGRAM_API_KEY and GROQ_API_KEY (and CARTESIA_API_KEY with VOICE_TTS_PROVIDER=cartesia); \
            without them every session gets an error event naming the missing key. \
            The `api` role forwards the candidate's socket here when VOICE_URL is this service's private URL.
            """
    )

    func run() async throws {
        let platform = try Bootstrap.platform(role: "voice")
        let httpClient = VoiceRuntime.makeHTTPClient()
        let runtime = VoiceRuntime(platform: platform, httpClient: httpClient)
        if let missing = [
            platform.configuration.providers.deepgramAPIKey == nil ? "DEEPGRAM_API_KEY" : nil,
            platform.configuration.providers.groqAPIKey == nil ? "GROQ_API_KEY" : nil,
        ].compactMap({ $0 }).first {
            platform.logger.warning("\(missing) is not set: voice sessions will be refused with an error event naming it")
        }
        let app = VoiceServer.buildApplication(
            runtime: runtime, services: [platform.postgres, VoiceHTTPClientService(httpClient: httpClient)])
        try await RoleRunner.run([app], platform: platform)
    }
}
