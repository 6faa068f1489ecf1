import Synchronization

/// An in-process ``RedisStore`` for a single-process development run (used when `REDIS_URL` is unset).
///
/// A dictionary of string values with optional expiry (checked on access and swept every thousand
/// writes), plus in-process delivery of published messages. Every operation runs under one lock,
/// so each is atomic as in Redis.
public final class InMemoryRedisStore: RedisStore, Sendable {
    private struct Entry {
        var value: String
        var expiresAt: ContinuousClock.Instant?

        func isExpired(at now: ContinuousClock.Instant) -> Bool {
            expiresAt.map { $0 <= now } ?? false
        }
    }

    private struct Subscriber {
        var channels: Set<String>
        var continuation: AsyncStream<RedisMessage>.Continuation
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var subscribers: [Int: Subscriber] = [:]
        var nextSubscriberID = 0
        var writesSinceSweep = 0

        /// The entry of `key` unless it has expired (an expired one is removed).
        mutating func live(_ key: String, at now: ContinuousClock.Instant) -> Entry? {
            guard let entry = entries[key] else { return nil }
            if entry.isExpired(at: now) {
                entries[key] = nil
                return nil
            }
            return entry
        }

        mutating func write(_ key: String, _ entry: Entry?, at now: ContinuousClock.Instant) {
            entries[key] = entry
            writesSinceSweep += 1
            if writesSinceSweep >= 1_000 {
                writesSinceSweep = 0
                entries = entries.filter { !$0.value.isExpired(at: now) }
            }
        }
    }

    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    /// The value of `key`, or `nil` when it does not exist or has expired.
    public func get(_ key: String) async throws -> String? {
        let now = ContinuousClock.now
        return state.withLock { $0.live(key, at: now)?.value }
    }

    /// Stores `value` under `key`, expiring after `expiresIn` when given.
    public func set(_ key: String, to value: String, expiresIn: Duration?) async throws {
        let now = ContinuousClock.now
        state.withLock { $0.write(key, Entry(value: value, expiresAt: expiresIn.map { now + $0 }), at: now) }
    }

    /// Stores `value` only when `key` does not exist; returns whether it was stored.
    @discardableResult
    public func set(ifAbsent key: String, to value: String, expiresIn: Duration?) async throws -> Bool {
        try await set(key, to: value, expiresIn: expiresIn, when: false)
    }

    /// Replaces the value only when `key` exists; returns whether it was stored.
    @discardableResult
    public func set(ifPresent key: String, to value: String, expiresIn: Duration?) async throws -> Bool {
        try await set(key, to: value, expiresIn: expiresIn, when: true)
    }

    /// Removes `keys`; returns how many existed.
    @discardableResult
    public func delete(_ keys: [String]) async throws -> Int {
        let now = ContinuousClock.now
        return state.withLock { state in
            var removed = 0
            for key in Set(keys) where state.live(key, at: now) != nil {
                state.write(key, nil, at: now)
                removed += 1
            }
            return removed
        }
    }

    /// Increments `key` (a missing key counts from 0) and sets the expiry when the key was new; returns the new count.
    public func increment(_ key: String, expiresIn: Duration?) async throws -> Int {
        let now = ContinuousClock.now
        return try state.withLock { state in
            var entry = state.live(key, at: now) ?? Entry(value: "0", expiresAt: nil)
            guard let current = Int(entry.value) else {
                throw RedisError(.serverError, "INCR failed: ERR value is not an integer or out of range")
            }
            let (next, overflow) = current.addingReportingOverflow(1)
            guard !overflow else {
                throw RedisError(.serverError, "INCR failed: ERR increment or decrement would overflow")
            }
            entry.value = String(next)
            if entry.expiresAt == nil, let expiresIn {
                entry.expiresAt = now + expiresIn
            }
            state.write(key, entry, at: now)
            return next
        }
    }

    /// The time left before each key expires; `nil` for a missing key or one without expiry.
    public func timeToLive(_ keys: [String]) async throws -> [Duration?] {
        let now = ContinuousClock.now
        return state.withLock { state in
            keys.map { key in state.live(key, at: now)?.expiresAt.map { $0 - now } }
        }
    }

    /// Delivers `message` to the in-process subscribers of `channel`; returns how many there were.
    @discardableResult
    public func publish(_ message: String, to channel: String) async throws -> Int {
        state.withLock { state in
            var receivers = 0
            for subscriber in state.subscribers.values where subscriber.channels.contains(channel) {
                subscriber.continuation.yield(RedisMessage(channel: channel, payload: message))
                receivers += 1
            }
            return receivers
        }
    }

    /// Messages published to any of `channels` from now on, until the consuming task is cancelled.
    public func subscribe(to channels: [String]) async throws -> RedisSubscription {
        let (stream, continuation) = RedisSubscription.makeStream()
        let wanted = Set(channels)
        guard !wanted.isEmpty else {
            continuation.finish()
            return RedisSubscription(stream: stream)
        }
        let id = state.withLock { state in
            let id = state.nextSubscriberID
            state.nextSubscriberID += 1
            state.subscribers[id] = Subscriber(channels: wanted, continuation: continuation)
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return RedisSubscription(stream: stream)
    }

    /// Always succeeds: the store is in-process.
    public func ping() async throws {}

    private func set(_ key: String, to value: String, expiresIn: Duration?, when exists: Bool) async throws -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard (state.live(key, at: now) != nil) == exists else { return false }
            state.write(key, Entry(value: value, expiresAt: expiresIn.map { now + $0 }), at: now)
            return true
        }
    }
}
