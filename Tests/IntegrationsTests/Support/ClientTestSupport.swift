import AsyncHTTPClient
import Foundation
import Integrations
import Testing

/// Shared helpers for the client-against-fake tests.
enum TestSupport {
    /// Short limits so that time-out tests finish quickly: the response head must arrive within
    /// 250 ms + 350 ms, and body reads may stall for at most 350 ms.
    static let shortTimeouts = ProviderTimeouts(connect: .milliseconds(1000), read: .milliseconds(1500))

    /// Generous limits for the tests that are not about time-outs (the machine may be busy).
    static let relaxedTimeouts = ProviderTimeouts(connect: .seconds(5), read: .seconds(10))

    /// A fake's delay that is far longer than ``shortTimeouts`` allow.
    static let longerThanTimeout = Duration.seconds(6)

    /// Runs `body` with a fresh `HTTPClient` whose connect timeout matches `timeouts`, and shuts
    /// the client down afterwards.
    static func withHTTPClient<Result>(
        timeouts: ProviderTimeouts = relaxedTimeouts,
        _ body: (HTTPClient) async throws -> Result
    ) async throws -> Result {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = timeouts.httpClientTimeout
        return try await HTTPClient.withHTTPClient(configuration: configuration) { client in
            try await body(client)
        }
    }

    /// The dummy service-account key file (inactive; from googleapis/conformance-tests).
    static func serviceAccountKeyJSON() throws -> Data {
        let url = try #require(
            Bundle.module.url(
                forResource: "test_service_account.not-a-test", withExtension: "json", subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    /// Waits until `condition` holds, checking every 20 ms, for at most `timeout`; returns whether it held.
    static func eventually(
        within timeout: Duration = .seconds(3),
        _ condition: () -> Bool
    ) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}
