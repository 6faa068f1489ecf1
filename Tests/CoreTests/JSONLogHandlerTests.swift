import Core
import Foundation
import Logging
import Synchronization
import Testing

/// `LOG_FORMAT=json`: one valid JSON object per line with the metadata flattened in snake_case.
@Suite struct JSONLogHandlerTests {
    /// The lines a handler wrote.
    final class Lines: Sendable {
        private let storage = Mutex<[String]>([])
        func append(_ line: String) { storage.withLock { $0.append(line) } }
        var all: [String] { storage.withLock { $0 } }
    }

    /// A logger whose handler appends each line to `lines`.
    private func logger(_ lines: Lines, level: Logger.Level = .info, metadata: Logger.Metadata = [:]) -> Logger {
        var handler = JSONLogHandler(label: "vantahire.test") { line in lines.append(line) }
        handler.logLevel = level
        handler.metadata = metadata
        return Logger(label: "vantahire.test", factory: { _ in handler })
    }

    private func object(_ line: String) throws -> [String: Any] {
        #expect(!line.contains("\n"))
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func eachLineIsAJSONObjectWithTheFixedFieldsAndTheMetadataInSnakeCase() throws {
        let lines = Lines()
        var log = logger(lines, metadata: ["request_id": "r-1"])
        log[metadataKey: "realtime.sid"] = "s-9"
        let metadata: Logger.Metadata = [
            "redis.endpoint": "127.0.0.1:6379",
            "retryIn": .stringConvertible(250),
            "job": ["kind": "send_invite", "attemptCount": "2"],
            "queues": ["default", "email"],
            "level": "spoofed",
        ]
        log.warning("Redis connection \"closed\"\n again", metadata: metadata)
        let written = lines.all
        #expect(written.count == 1)
        let entry = try object(try #require(written.first))
        #expect(entry["level"] as? String == "warning")
        #expect(entry["label"] as? String == "vantahire.test")
        #expect(entry["message"] as? String == "Redis connection \"closed\"\n again")
        let timestamp = try #require(entry["timestamp"] as? String)
        #expect(try Date(timestamp, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) <= Date())
        #expect(entry["request_id"] as? String == "r-1")
        #expect(entry["realtime_sid"] as? String == "s-9")
        #expect(entry["redis_endpoint"] as? String == "127.0.0.1:6379")
        #expect(entry["retry_in"] as? String == "250")
        #expect(entry["job_kind"] as? String == "send_invite")
        #expect(entry["job_attempt_count"] as? String == "2")
        #expect(entry["queues"] as? [String] == ["default", "email"])
        #expect(entry["metadata_level"] as? String == "spoofed")
    }

    @Test func levelsBelowTheHandlersAreNotWritten() throws {
        let lines = Lines()
        let log = logger(lines, level: Logger.Level.notice)
        log.info("hidden")
        log.error("shown", metadata: ["error": "boom"])
        let written = lines.all
        #expect(written.count == 1)
        let entry = try object(try #require(written.first))
        #expect(entry["message"] as? String == "shown")
        #expect(entry["error"] as? String == "boom")
    }

    @Test func controlCharactersAreEscaped() throws {
        let lines = Lines()
        logger(lines).info("bell \u{07} tab \t", metadata: ["path": "/a\\b"])
        let entry = try object(try #require(lines.all.first))
        #expect(entry["message"] as? String == "bell \u{07} tab \t")
        #expect(entry["path"] as? String == "/a\\b")
    }

    @Test(arguments: [
        ("redis.endpoint", "redis_endpoint"), ("requestId", "request_id"), ("x-goog-date", "x_goog_date"),
        ("hb.request.id", "hb_request_id"), ("job_id", "job_id"), ("HTTPStatus", "http_status"),
    ])
    func keysBecomeSnakeCase(key: String, expected: String) {
        #expect(JSONLogHandler.snakeCase(key) == expected)
    }
}
