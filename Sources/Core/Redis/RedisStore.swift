/// What the platform needs from Redis. Both implementations conform.
///
/// ``HiredisClient`` talks to a real server; ``InMemoryRedisStore`` serves a single-process
/// development run when `REDIS_URL` is unset. Every operation is typed: callers never build raw
/// commands, so the in-process store is a dictionary, not a command interpreter.
public protocol RedisStore: Sendable {
    /// `GET key`; `nil` when the key does not exist (or has expired).
    func get(_ key: String) async throws -> String?
    /// `SET key value`, with a millisecond expiry (`PX`) when `expiresIn` is given.
    func set(_ key: String, to value: String, expiresIn: Duration?) async throws
    /// `SET key value NX [PX ms]`: stores the value only when the key does not exist; returns whether it was stored.
    @discardableResult func set(ifAbsent key: String, to value: String, expiresIn: Duration?) async throws -> Bool
    /// `SET key value XX [PX ms]`: replaces the value only when the key exists; returns whether it was stored.
    @discardableResult func set(ifPresent key: String, to value: String, expiresIn: Duration?) async throws -> Bool
    /// `DEL keys...`; returns how many keys existed and were removed.
    @discardableResult func delete(_ keys: [String]) async throws -> Int
    /// INCR then EXPIRE (only when the key was new, i.e. result == 1) in one pipelined round trip; returns the new count.
    func increment(_ key: String, expiresIn: Duration?) async throws -> Int
    /// `PTTL` of each key, in one round trip: the time left before it expires, `nil` when the key
    /// does not exist or has no expiry.
    func timeToLive(_ keys: [String]) async throws -> [Duration?]
    /// `PUBLISH channel message`; returns the number of subscribers that received it.
    @discardableResult func publish(_ message: String, to channel: String) async throws -> Int
    /// Messages published to any of `channels` from now on; the subscription ends when the consuming task is cancelled (then UNSUBSCRIBE / close the dedicated connection). Survives a server restart by resubscribing after reconnect.
    func subscribe(to channels: [String]) async throws -> RedisSubscription
    /// PING; throws when the server cannot be reached. Used by GET /ready.
    func ping() async throws
}

extension RedisStore {
    /// `SET key value` without expiry.
    public func set(_ key: String, to value: String) async throws {
        try await set(key, to: value, expiresIn: nil)
    }

    /// `DEL key`; returns 1 when the key existed, else 0.
    @discardableResult public func delete(_ key: String) async throws -> Int {
        try await delete([key])
    }

    /// `INCR key` without expiry; returns the new count.
    public func increment(_ key: String) async throws -> Int {
        try await increment(key, expiresIn: nil)
    }

    /// `PTTL key`: the time left before `key` expires, `nil` when it does not exist or has no expiry.
    public func timeToLive(_ key: String) async throws -> Duration? {
        try await timeToLive([key]).first ?? nil
    }

    /// Messages published to `channel` from now on.
    public func subscribe(to channel: String) async throws -> RedisSubscription {
        try await subscribe(to: [channel])
    }
}
