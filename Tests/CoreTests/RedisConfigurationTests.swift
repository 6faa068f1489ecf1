import Core
import Testing

/// Parsing of `REDIS_URL` and the reconnect backoff.
@Suite struct RedisConfigurationTests {
    @Test func parsesFullURL() throws {
        let configuration = try RedisConfiguration(url: "redis://worker:p%40ss@cache.internal:6380/2")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6380)
        #expect(configuration.username == "worker")
        #expect(configuration.password == "p@ss")
        #expect(configuration.database == 2)
    }

    @Test func defaultsPortAndDatabase() throws {
        let configuration = try RedisConfiguration(url: "redis://localhost")
        #expect(configuration.host == "localhost")
        #expect(configuration.port == 6379)
        #expect(configuration.username == nil)
        #expect(configuration.password == nil)
        #expect(configuration.database == 0)
        #expect(configuration.commandTimeout == .seconds(5))
    }

    @Test func passwordOnlyForms() throws {
        let colon = try RedisConfiguration(url: "redis://:secret@127.0.0.1:7000")
        #expect(colon.username == nil)
        #expect(colon.password == "secret")
        #expect(colon.port == 7000)

        let bare = try RedisConfiguration(url: "redis://secret@127.0.0.1")
        #expect(bare.username == nil)
        #expect(bare.password == "secret")

        let unescapedAt = try RedisConfiguration(url: "redis://:a@b@host:1234/1")
        #expect(unescapedAt.password == "a@b")
        #expect(unescapedAt.host == "host")
        #expect(unescapedAt.database == 1)
    }

    @Test func parsesIPv6Host() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:6390")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 6390)
    }

    @Test func rejectsTLSWithClearError() {
        let error = #expect(throws: RedisError.self) {
            try RedisConfiguration(url: "rediss://:pw@host:6380")
        }
        #expect(error?.code == .invalidURL)
        #expect(error?.message.contains("rediss") == true)
        #expect(error?.message.contains("not supported") == true)
    }

    @Test(arguments: [
        "http://host:6379",
        "host:6379",
        "redis://host:notaport",
        "redis://host:70000",
        "redis://host:6379/db",
        "redis://[::1:6379",
    ])
    func rejectsMalformedURLs(url: String) {
        let error = #expect(throws: RedisError.self) {
            try RedisConfiguration(url: url)
        }
        #expect(error?.code == .invalidURL)
    }

    @Test func backoffDoublesAndIsCapped() {
        let configuration = RedisConfiguration(reconnectBaseDelay: .milliseconds(100), reconnectMaxDelay: .seconds(2))
        #expect(configuration.reconnectDelay(afterFailures: 0) == .zero)
        #expect(configuration.reconnectDelay(afterFailures: 1) == .milliseconds(100))
        #expect(configuration.reconnectDelay(afterFailures: 2) == .milliseconds(200))
        #expect(configuration.reconnectDelay(afterFailures: 4) == .milliseconds(800))
        #expect(configuration.reconnectDelay(afterFailures: 6) == .seconds(2))
        #expect(configuration.reconnectDelay(afterFailures: 1_000) == .seconds(2))
    }

    @Test func errorDescriptionNamesTheCode() {
        let error = RedisError(.timeout, "no reply")
        #expect(error.description == "Redis timeout: no reply")
    }
}
