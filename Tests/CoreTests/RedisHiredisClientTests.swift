import Core
import TestSupport
import Testing

/// Behaviour specific to ``HiredisClient`` talking to a real `redis-server`.
@Suite struct RedisHiredisClientTests {
    /// Retries `operation` until it succeeds or `timeout` passes (then rethrows the last error).
    private func eventually<T>(
        timeout: Duration = .seconds(10),
        _ operation: () async throws -> T
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try await operation()
            } catch {
                if ContinuousClock.now >= deadline {
                    throw error
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    @Test func authenticatesWithPasswordFromURL() async throws {
        try await RedisServerProcess.withServer(password: "s3cr3t:@/pw") { server in
            let client = HiredisClient(configuration: try RedisConfiguration(url: server.url))
            try await client.ping()
            try await client.set("guarded", to: "yes", expiresIn: nil)
            #expect(try await client.get("guarded") == "yes")
            await client.shutdown()
        }
    }

    @Test func authenticatesWithUsernameAndPassword() async throws {
        try await RedisServerProcess.withServer(password: "pw") { server in
            // `requirepass` sets the password of the `default` ACL user.
            let url = "redis://default:pw@127.0.0.1:\(server.port)"
            let client = HiredisClient(configuration: try RedisConfiguration(url: url))
            try await client.ping()
            await client.shutdown()
        }
    }

    @Test func wrongPasswordGivesClearError() async throws {
        try await RedisServerProcess.withServer(password: "right") { server in
            let client = HiredisClient(configuration: try RedisConfiguration(url: "redis://:wrong@127.0.0.1:\(server.port)"))
            let error = await #expect(throws: RedisError.self) {
                try await client.ping()
            }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.description.contains("AUTH") == true)
            #expect(error?.description.contains("wrong") == false, "the password must not leak into the error")
            await client.shutdown()
        }
    }

    @Test func missingPasswordGivesClearError() async throws {
        try await RedisServerProcess.withServer(password: "needed") { server in
            let client = HiredisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(server.port)"))
            let error = await #expect(throws: RedisError.self) {
                try await client.get("anything")
            }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.message.contains("NOAUTH") == true)
            await client.shutdown()
        }
    }

    @Test func selectsDatabaseFromURL() async throws {
        try await RedisServerProcess.withServer { server in
            let db3 = HiredisClient(configuration: try RedisConfiguration(url: server.url + "/3"))
            let db0 = HiredisClient(configuration: try RedisConfiguration(url: server.url))
            try await db3.set("where", to: "db3", expiresIn: nil)
            #expect(try await db3.get("where") == "db3")
            #expect(try await db0.get("where") == nil)
            await db3.shutdown()
            await db0.shutdown()
        }
    }

    @Test func clientSurvivesServerRestart() async throws {
        try await RedisServerProcess.withServer { server in
            let client = HiredisClient(configuration: try RedisConfiguration(url: server.url))
            try await client.set("before", to: "1", expiresIn: nil)
            try await server.restart()
            // The first command may still hit the old, dropped connection; a later one reconnects.
            try await eventually { try await client.set("after", to: "2", expiresIn: nil) }
            #expect(try await client.get("after") == "2")
            #expect(try await client.get("before") == nil, "the restarted server has an empty data set")
            await client.shutdown()
        }
    }

    @Test func deadServerFailsFastThenRecovers() async throws {
        try await RedisServerProcess.withServer { server in
            let client = HiredisClient(configuration: try RedisConfiguration(url: server.url))
            try await client.ping()
            await server.stop()

            let started = ContinuousClock.now
            for _ in 0..<5 {
                let error = await #expect(throws: RedisError.self) {
                    try await client.ping()
                }
                #expect(error?.code == .connectionFailed)
            }
            #expect(ContinuousClock.now - started < .seconds(3), "commands against a dead server must fail fast")

            try await server.restart()
            // Within at most the capped backoff (2 s), commands succeed again.
            try await eventually { try await client.ping() }
            await client.shutdown()
        }
    }

    @Test func subscriberKeepsReceivingAfterServerRestart() async throws {
        try await RedisServerProcess.withServer { server in
            let client = HiredisClient(configuration: try RedisConfiguration(url: server.url))
            let collector = RedisMessageCollector(try await client.subscribe(to: ["events"]))
            #expect(try await client.publish("before", to: "events") == 1)
            try await collector.waitUntil { $0.count == 1 }

            try await server.restart()
            // Publish until the background resubscription has happened and a message gets through.
            let deadline = ContinuousClock.now + .seconds(10)
            var delivered = 0
            while delivered == 0, ContinuousClock.now < deadline {
                delivered = (try? await client.publish("after", to: "events")) ?? 0
                if delivered == 0 {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(delivered == 1)
            try await collector.waitUntil { $0.contains(RedisMessage(channel: "events", payload: "after")) }
            #expect(collector.received.first == RedisMessage(channel: "events", payload: "before"))
            await collector.cancel()
            await client.shutdown()
        }
    }

    @Test func subscribeToUnreachableServerThrows() async throws {
        let client = try await RedisServerProcess.withServer { server in
            HiredisClient(configuration: try RedisConfiguration(url: server.url))
        }
        let error = await #expect(throws: RedisError.self) {
            _ = try await client.subscribe(to: ["nowhere"])
        }
        #expect(error?.code == .connectionFailed)
        await client.shutdown()
    }

    @Test func shutdownEndsSubscriptionsAndFailsLaterCommands() async throws {
        try await RedisServerProcess.withServer { server in
            let client = HiredisClient(configuration: try RedisConfiguration(url: server.url))
            let subscription = try await client.subscribe(to: ["bye"])
            let consumer = Task {
                var count = 0
                for await _ in subscription {
                    count += 1
                }
                return count
            }
            await client.shutdown()
            #expect(await consumer.value == 0)
            let error = await #expect(throws: RedisError.self) {
                try await client.ping()
            }
            #expect(error?.code == .connectionFailed)
        }
    }

    @Test func commandTimeoutFailsWithTimeoutError() async throws {
        try await RedisServerProcess.withServer { server in
            var configuration = try RedisConfiguration(url: server.url)
            configuration.commandTimeout = .milliseconds(500)
            let client = HiredisClient(configuration: configuration)
            // The first command also connects; on a busy machine it may need a retry.
            try await eventually { try await client.ping() }
            // BLPOP on an empty list holds the reply back for longer than the timeout.
            let error = await #expect(throws: RedisError.self) {
                _ = try await client.pipeline([["BLPOP", "empty-list", "5"]])
            }
            #expect(error?.code == .timeout)
            try await eventually { try await client.ping() }
            await client.shutdown()
        }
    }

    @Test func tenThousandPipelinedIncrementsCountExactly() async throws {
        try await RedisServerProcess.withServer { server in
            let client = HiredisClient(configuration: try RedisConfiguration(url: server.url))
            let commands = Array(repeating: ["INCR", "counter:pipelined"], count: 10_000)
            let replies = try await client.pipeline(commands)
            #expect(replies.count == 10_000)
            #expect(replies.first == .integer(1))
            #expect(replies.last == .integer(10_000))
            #expect(try await client.get("counter:pipelined") == "10000")
            await client.shutdown()
        }
    }

    @Test func pipelineReturnsErrorRepliesInPlace() async throws {
        try await RedisServerProcess.withServer { server in
            let client = HiredisClient(configuration: try RedisConfiguration(url: server.url))
            let replies = try await client.pipeline([
                ["SET", "p", "x"],
                ["INCR", "p"],
                ["GET", "p"],
                ["GET", "nothing"],
                ["NOSUCHCOMMAND"],
            ])
            #expect(replies.count == 5)
            #expect(replies[0] == .simple("OK"))
            #expect(replies[1].isError)
            #expect(replies[2] == .bulkString("x"))
            #expect(replies[3] == .bulk(nil))
            #expect(replies[4].isError)
            #expect(try await client.pipeline([]) == [])
            await client.shutdown()
        }
    }

    @Test func runShutsTheClientDownWhenItsTaskIsCancelled() async throws {
        try await RedisServerProcess.withServer { server in
            let client = HiredisClient(configuration: try RedisConfiguration(url: server.url))
            try await client.ping()
            let running = Task { try await client.run() }
            running.cancel()
            try await running.value
            let error = await #expect(throws: RedisError.self) { try await client.ping() }
            #expect(error?.code == .connectionFailed)
        }
    }
}
