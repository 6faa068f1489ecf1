import API
import ArgumentParser
import Core
import Hummingbird
import ServiceLifecycle

/// `vantahire api`: the `web` role (REST API and health endpoints).
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Serve the REST API on HOST:PORT (the Procfile's `web` role).",
        discussion: "The voice socket (/voice/interview/:id/ws) is relayed to the voice role at VOICE_URL; without it, it is refused with voice_unavailable."
    )

    func run() async throws {
        let platform = try Bootstrap.platform(role: "api")
        let app = try buildApplication(platform: platform, services: [platform.postgres])
        try await RoleRunner.run([app], platform: platform)
    }
}
