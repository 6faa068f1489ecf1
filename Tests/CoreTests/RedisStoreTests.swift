import Core
import Synchronization
import TestSupport
import Testing

/// Which ``RedisStore`` implementation a behavioural test runs against.
enum RedisBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// ``HiredisClient`` against a private `redis-server` process.
    case hiredis
    /// ``InMemoryRedisStore``.
    case inMemory

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh store of this kind; the server (if any) and client are torn down afterwards.
    func withStore(_ body: (any RedisStore) async throws -> Void) async throws {
        switch self {
        case .inMemory:
            try await body(InMemoryRedisStore())
        case .hiredis:
            try await RedisServerProcess.withServer { server in
                let client = HiredisClient(configuration: try RedisConfiguration(url: server.url))
                do {
                    try await body(client)
                    await client.shutdown()
                } catch {
                    await client.shutdown()
                    throw error
                }
            }
        }
    }
}

/// Collects the messages of a subscription in a background task, for polling from a test.
final class RedisMessageCollector: Sendable {
    private let messages = Mutex<[RedisMessage]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ subscription: RedisSubscription) {
        let consumer = Task { [weak self] in
            for await message in subscription {
                self?.messages.withLock { $0.append(message) }
            }
        }
        task.withLock { $0 = consumer }
    }

    var received: [RedisMessage] {
        messages.withLock { $0 }
    }

    /// Polls until `condition` holds for the received messages, or fails the test after `timeout`.
    func waitUntil(
        timeout: Duration = .seconds(5),
        sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: ([RedisMessage]) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(received) {
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("timed out waiting for messages; received \(received)", sourceLocation: sourceLocation)
    }

    /// Cancels the consuming task and waits until it has finished.
    func cancel() async {
        let consumer = task.withLock { $0 }
        consumer?.cancel()
        await consumer?.value
    }
}

/// Behaviour both ``RedisStore`` implementations must share.
@Suite struct RedisStoreTests {
    @Test(arguments: RedisBackend.allCases)
    func getOfMissingKeyIsNil(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            let value = try await store.get("missing")
            #expect(value == nil)
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func setWithExpiryIsReadableThenGone(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            // A long expiry for the readable-with-TTL checks (no race with a busy machine), a
            // short one for the expiry itself.
            try await store.set("session", to: "alice", expiresIn: .seconds(60))
            try await store.set("brief", to: "carol", expiresIn: .milliseconds(300))
            try await store.set("forever", to: "bob", expiresIn: nil)
            #expect(try await store.get("session") == "alice")

            let ttls = try await store.timeToLive(["session", "forever", "missing"])
            let ttl = try #require(ttls[0])
            #expect(ttl > .zero && ttl <= .seconds(60))
            #expect(ttls[1] == nil)
            #expect(ttls[2] == nil)

            try await Task.sleep(for: .milliseconds(1_200))
            #expect(try await store.get("brief") == nil)
            #expect(try await store.get("session") == "alice")
            #expect(try await store.get("forever") == "bob")
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func setOverwritesValueAndSubMillisecondExpiryStillExpires(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            try await store.set("k", to: "one", expiresIn: nil)
            try await store.set("k", to: "two", expiresIn: nil)
            #expect(try await store.get("k") == "two")
            try await store.set("short", to: "x", expiresIn: .microseconds(10))
            try await Task.sleep(for: .milliseconds(50))
            #expect(try await store.get("short") == nil)
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func deleteCountsOnlyExistingKeys(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            try await store.set("a", to: "1", expiresIn: nil)
            try await store.set("b", to: "2", expiresIn: nil)
            #expect(try await store.delete(["a", "b", "c"]) == 2)
            #expect(try await store.delete(["a"]) == 0)
            #expect(try await store.delete([]) == 0)
            #expect(try await store.get("a") == nil)
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func incrementSetsExpiryOnlyOnFirstIncrement(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.increment("rate:ip", expiresIn: .seconds(10)) == 1)
            let first = try #require(try await store.timeToLive("rate:ip"))
            #expect(first > .zero && first <= .seconds(10))

            // Later increments asking for a much longer expiry leave the window's expiry alone.
            #expect(try await store.increment("rate:ip", expiresIn: .seconds(600)) == 2)
            #expect(try await store.increment("rate:ip", expiresIn: .seconds(600)) == 3)
            let later = try #require(try await store.timeToLive("rate:ip"))
            #expect(later <= .seconds(10))

            #expect(try await store.increment("plain", expiresIn: nil) == 1)
            #expect(try await store.timeToLive("plain") == nil)
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func incrementWindowRestartsAfterExpiry(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.increment("window", expiresIn: .seconds(1)) == 1)
            #expect(try await store.increment("window", expiresIn: .seconds(1)) == 2)
            try await Task.sleep(for: .milliseconds(1_300))
            #expect(try await store.increment("window", expiresIn: .seconds(1)) == 1)
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func incrementOfNonIntegerThrowsServerError(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            try await store.set("text", to: "abc", expiresIn: nil)
            let error = await #expect(throws: RedisError.self) {
                try await store.increment("text", expiresIn: nil)
            }
            #expect(error?.code == .serverError)
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func setIfAbsentStoresOnlyANewKey(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.set(ifAbsent: "lock", to: "first", expiresIn: .seconds(30)))
            #expect(try await store.set(ifAbsent: "lock", to: "second", expiresIn: .seconds(30)) == false)
            #expect(try await store.get("lock") == "first")
            let ttl = try #require(try await store.timeToLive("lock"))
            #expect(ttl > .zero && ttl <= .seconds(30))

            // An expired key counts as absent.
            #expect(try await store.set(ifAbsent: "brief", to: "a", expiresIn: .milliseconds(100)))
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await store.set(ifAbsent: "brief", to: "b", expiresIn: nil))
            #expect(try await store.get("brief") == "b")
            #expect(try await store.timeToLive("brief") == nil)
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func setIfPresentReplacesOnlyAnExistingKey(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.set(ifPresent: "lease", to: "x", expiresIn: .seconds(30)) == false)
            #expect(try await store.get("lease") == nil)
            try await store.set("lease", to: "old", expiresIn: .seconds(5))
            #expect(try await store.set(ifPresent: "lease", to: "new", expiresIn: .seconds(60)))
            #expect(try await store.get("lease") == "new")
            let ttl = try #require(try await store.timeToLive("lease"))
            #expect(ttl > .seconds(5) && ttl <= .seconds(60))
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func valuesRoundTripUnicode(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            let value = "Grüße 👋 \r\n$3\r\n*1 with spaces"
            try await store.set("unicode ключ", to: value, expiresIn: nil)
            #expect(try await store.get("unicode ключ") == value)
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func concurrentCommandsFromManyTasks(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<200 {
                    group.addTask { _ = try await store.increment("concurrent", expiresIn: .seconds(60)) }
                }
                try await group.waitForAll()
            }
            #expect(try await store.get("concurrent") == "200")
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func pingSucceeds(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            try await store.ping()
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func publishedMessageReachesSubscriber(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            let subscription = try await store.subscribe(to: ["jobs", "alerts"])
            let collector = RedisMessageCollector(subscription)

            #expect(try await store.publish("hello", to: "jobs") == 1)
            #expect(try await store.publish("fire", to: "alerts") == 1)
            #expect(try await store.publish("nobody listens", to: "other") == 0)
            try await collector.waitUntil { $0.count >= 2 }
            #expect(collector.received == [
                RedisMessage(channel: "jobs", payload: "hello"),
                RedisMessage(channel: "alerts", payload: "fire"),
            ])
            await collector.cancel()
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func subscriptionEndsWhenConsumerIsCancelled(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            let subscription = try await store.subscribe(to: ["ephemeral"])
            let collector = RedisMessageCollector(subscription)
            #expect(try await store.publish("one", to: "ephemeral") == 1)
            try await collector.waitUntil { $0.count == 1 }
            await collector.cancel()

            // Once the subscriber is gone, nobody receives messages on the channel.
            let deadline = ContinuousClock.now + .seconds(5)
            var receivers = try await store.publish("two", to: "ephemeral")
            while receivers != 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                receivers = try await store.publish("two", to: "ephemeral")
            }
            #expect(receivers == 0)
        }
    }

    @Test(arguments: RedisBackend.allCases)
    func twoSubscribersBothReceive(backend: RedisBackend) async throws {
        try await backend.withStore { store in
            let first = RedisMessageCollector(try await store.subscribe(to: ["fanout"]))
            let second = RedisMessageCollector(try await store.subscribe(to: ["fanout"]))
            #expect(try await store.publish("x", to: "fanout") == 2)
            try await first.waitUntil { $0.count == 1 }
            try await second.waitUntil { $0.count == 1 }
            await first.cancel()
            await second.cancel()
        }
    }
}
