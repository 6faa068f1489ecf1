import API
import ArgumentParser
import Core
import Hummingbird
import Jobs
import Logging
import Scheduler
import ServiceLifecycle
import Voice

/// `vantahire dev`: every role in one process, migrating first, the voice socket on the API's
/// port. Used by the README's run command.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run every role in one process after applying migrations (local development)."
    )

    func run() async throws {
        let platform = try Bootstrap.platform(role: "dev")
        let logger = platform.logger
        let queue = JobQueue(client: platform.postgres.client, logger: logger)
        let scheduler = try RoleServices.scheduler(platform: platform, queue: queue)
        let worker = try RoleServices.worker(platform: platform, queue: queue)
        do {
            let applied = try await Bootstrap.migrate(configuration: platform.configuration, logger: logger)
            if !applied.isEmpty { logger.info("migrations applied", metadata: ["versions": "\(applied)"]) }
        } catch {
            throw Bootstrap.fail("migration failed: \(String(reflecting: error))")
        }
        // The voice socket is served on the API's own origin, in this process (no VOICE_URL).
        let httpClient = VoiceRuntime.makeHTTPClient()
        let runtime = VoiceRuntime(platform: platform, httpClient: httpClient)
        let app = try buildApplication(
            platform: platform, services: [platform.postgres, worker, scheduler, VoiceHTTPClientService(httpClient: httpClient)],
            voiceSocket: .inProcess { interviewId, token, inbound, outbound, logger in
                await VoiceServer.serveSocket(
                    runtime: runtime, interviewId: interviewId, token: token, inbound: inbound, outbound: outbound, logger: logger)
            })
        let host = platform.configuration.host == "0.0.0.0" ? "localhost" : platform.configuration.host
        logger.notice("VantaHire dev platform starting", metadata: [
            "api": "http://\(host):\(platform.configuration.port)",
            "ready": "http://\(host):\(platform.configuration.port)/ready",
            "voice": "ws://\(host):\(platform.configuration.port)/voice/interview/<id>/ws",
        ])
        try await RoleRunner.run([app], platform: platform)
    }
}
