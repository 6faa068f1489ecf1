import Synchronization

/// An in-process ``RedisStore`` for a single-process development run (used when `REDIS_URL` is unset).
///
/// Keeps string values with optional expiry (checked on access and swept periodically) and
/// delivers published messages to in-process subscribers. ``pipeline(_:)`` understands a subset of
/// Redis commands — `PING ECHO GET MGET SET (EX|PX|NX|XX|KEEPTTL) DEL EXISTS INCR INCRBY DECR DECRBY
/// EXPIRE PEXPIRE (NX|XX|GT|LT) TTL PTTL PERSIST PUBLISH FLUSHALL FLUSHDB DBSIZE` — and answers
/// anything else with an `ERR unknown command` reply. A pipeline runs atomically.
public final class InMemoryRedisStore: RedisStore, Sendable {
    private struct Entry {
        var value: String
        var expiresAt: ContinuousClock.Instant?
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
    }

    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    // MARK: RedisStore

    /// The value of `key`, or `nil` when it does not exist or has expired.
    public func get(_ key: String) async throws -> String? {
        try checked(["GET", key]).string
    }

    /// Stores `value` under `key`, expiring after `expiresIn` when given.
    public func set(_ key: String, to value: String, expiresIn: Duration?) async throws {
        var arguments = ["SET", key, value]
        if let expiresIn {
            arguments += ["PX", String(Self.milliseconds(expiresIn))]
        }
        _ = try checked(arguments)
    }

    /// Removes `keys`; returns how many existed.
    @discardableResult
    public func delete(_ keys: [String]) async throws -> Int {
        guard !keys.isEmpty else {
            return 0
        }
        return try checked(["DEL"] + keys).int ?? 0
    }

    /// Increments `key` (a missing key counts from 0) and sets the expiry when the key was new; returns the new count.
    public func increment(_ key: String, expiresIn: Duration?) async throws -> Int {
        var commands = [["INCR", key]]
        if let expiresIn {
            commands.append(["PEXPIRE", key, String(Self.milliseconds(expiresIn)), "NX"])
        }
        let replies = execute(commands)
        if case .error(let text) = replies[0] {
            throw RedisError(.serverError, "INCR failed: \(text)")
        }
        return replies[0].int ?? 0
    }

    /// Runs the commands atomically and returns one reply per command; errors are returned as `.error`.
    public func pipeline(_ commands: [[String]]) async throws -> [RedisValue] {
        execute(commands)
    }

    /// Delivers `message` to the in-process subscribers of `channel`; returns how many there were.
    @discardableResult
    public func publish(_ message: String, to channel: String) async throws -> Int {
        try checked(["PUBLISH", channel, message]).int ?? 0
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

    // MARK: Command interpreter

    private func checked(_ arguments: [String]) throws -> RedisValue {
        let reply = execute([arguments])[0]
        if case .error(let text) = reply {
            throw RedisError(.serverError, "\(arguments[0]) failed: \(text)")
        }
        return reply
    }

    private func execute(_ commands: [[String]]) -> [RedisValue] {
        let now = ContinuousClock.now
        return state.withLock { state in
            let replies = commands.map { Self.run($0, in: &state, now: now) }
            state.writesSinceSweep += commands.count
            if state.writesSinceSweep >= 1_000 {
                state.writesSinceSweep = 0
                state.entries = state.entries.filter { !Self.isExpired($0.value, now: now) }
            }
            return replies
        }
    }

    private static func isExpired(_ entry: Entry, now: ContinuousClock.Instant) -> Bool {
        if let expiresAt = entry.expiresAt {
            return expiresAt <= now
        }
        return false
    }

    private static func live(_ key: String, in state: inout State, now: ContinuousClock.Instant) -> Entry? {
        guard let entry = state.entries[key] else {
            return nil
        }
        if isExpired(entry, now: now) {
            state.entries[key] = nil
            return nil
        }
        return entry
    }

    private static func wrongArity(_ name: String) -> RedisValue {
        .error("ERR wrong number of arguments for '\(name.lowercased())' command")
    }

    private static let notAnInteger = RedisValue.error("ERR value is not an integer or out of range")
    private static let syntaxError = RedisValue.error("ERR syntax error")

    private static func run(_ command: [String], in state: inout State, now: ContinuousClock.Instant) -> RedisValue {
        guard let name = command.first?.uppercased() else {
            return .error("ERR empty command")
        }
        let args = Array(command.dropFirst())
        switch name {
        case "PING":
            guard args.count <= 1 else { return wrongArity(name) }
            return args.first.map { .bulkString($0) } ?? .simple("PONG")

        case "ECHO":
            guard args.count == 1 else { return wrongArity(name) }
            return .bulkString(args[0])

        case "GET":
            guard args.count == 1 else { return wrongArity(name) }
            return live(args[0], in: &state, now: now).map { .bulkString($0.value) } ?? .bulk(nil)

        case "MGET":
            guard !args.isEmpty else { return wrongArity(name) }
            return .array(args.map { key in live(key, in: &state, now: now).map { .bulkString($0.value) } ?? .bulk(nil) })

        case "SET":
            return runSet(args, in: &state, now: now)

        case "DEL":
            guard !args.isEmpty else { return wrongArity(name) }
            var removed = 0
            for key in args where live(key, in: &state, now: now) != nil {
                state.entries[key] = nil
                removed += 1
            }
            return .integer(removed)

        case "EXISTS":
            guard !args.isEmpty else { return wrongArity(name) }
            return .integer(args.filter { live($0, in: &state, now: now) != nil }.count)

        case "INCR", "DECR", "INCRBY", "DECRBY":
            let byArgument = name.hasSuffix("BY")
            guard args.count == (byArgument ? 2 : 1) else { return wrongArity(name) }
            var delta = 1
            if byArgument {
                guard let parsed = Int(args[1]) else { return notAnInteger }
                delta = parsed
            }
            if name.hasPrefix("DECR") {
                delta = -delta
            }
            var entry = live(args[0], in: &state, now: now) ?? Entry(value: "0", expiresAt: nil)
            guard let current = Int(entry.value) else { return notAnInteger }
            let (next, overflow) = current.addingReportingOverflow(delta)
            guard !overflow else { return .error("ERR increment or decrement would overflow") }
            entry.value = String(next)
            state.entries[args[0]] = entry
            return .integer(next)

        case "EXPIRE", "PEXPIRE":
            return runExpire(name, args, in: &state, now: now)

        case "TTL", "PTTL":
            guard args.count == 1 else { return wrongArity(name) }
            guard let entry = live(args[0], in: &state, now: now) else { return .integer(-2) }
            guard let expiresAt = entry.expiresAt else { return .integer(-1) }
            let remaining = expiresAt - now
            let millis = Int(remaining.components.seconds) * 1_000
                + Int(remaining.components.attoseconds / 1_000_000_000_000_000)
            return .integer(name == "PTTL" ? millis : (millis + 500) / 1_000)

        case "PERSIST":
            guard args.count == 1 else { return wrongArity(name) }
            guard var entry = live(args[0], in: &state, now: now), entry.expiresAt != nil else { return .integer(0) }
            entry.expiresAt = nil
            state.entries[args[0]] = entry
            return .integer(1)

        case "PUBLISH":
            guard args.count == 2 else { return wrongArity(name) }
            var receivers = 0
            for subscriber in state.subscribers.values where subscriber.channels.contains(args[0]) {
                subscriber.continuation.yield(RedisMessage(channel: args[0], payload: args[1]))
                receivers += 1
            }
            return .integer(receivers)

        case "FLUSHALL", "FLUSHDB":
            state.entries = [:]
            return .simple("OK")

        case "DBSIZE":
            return .integer(state.entries.values.filter { !isExpired($0, now: now) }.count)

        default:
            let shown = command.dropFirst().prefix(3).map { "'\($0)'" }.joined(separator: " ")
            return .error("ERR unknown command '\(command[0])', with args beginning with: \(shown)")
        }
    }

    private static func runSet(_ args: [String], in state: inout State, now: ContinuousClock.Instant) -> RedisValue {
        guard args.count >= 2 else { return wrongArity("SET") }
        var expiresAt: ContinuousClock.Instant?
        var keepTTL = false
        var onlyIfAbsent = false
        var onlyIfPresent = false
        var index = 2
        while index < args.count {
            let option = args[index].uppercased()
            switch option {
            case "EX", "PX":
                guard index + 1 < args.count, let amount = Int(args[index + 1]) else { return syntaxError }
                guard amount > 0 else { return .error("ERR invalid expire time in 'set' command") }
                expiresAt = now + (option == "EX" ? .seconds(amount) : .milliseconds(amount))
                index += 2
            case "NX":
                onlyIfAbsent = true
                index += 1
            case "XX":
                onlyIfPresent = true
                index += 1
            case "KEEPTTL":
                keepTTL = true
                index += 1
            default:
                return syntaxError
            }
        }
        if onlyIfAbsent && onlyIfPresent || keepTTL && expiresAt != nil {
            return syntaxError
        }
        let existing = live(args[0], in: &state, now: now)
        if onlyIfAbsent && existing != nil || onlyIfPresent && existing == nil {
            return .bulk(nil)
        }
        if keepTTL {
            expiresAt = existing?.expiresAt
        }
        state.entries[args[0]] = Entry(value: args[1], expiresAt: expiresAt)
        return .simple("OK")
    }

    private static func runExpire(_ name: String, _ args: [String], in state: inout State, now: ContinuousClock.Instant) -> RedisValue {
        guard args.count == 2 || args.count == 3 else { return wrongArity(name) }
        guard let amount = Int(args[1]) else { return notAnInteger }
        let condition = args.count == 3 ? args[2].uppercased() : nil
        if let condition, !["NX", "XX", "GT", "LT"].contains(condition) {
            return .error("ERR Unsupported option \(args[2])")
        }
        guard var entry = live(args[0], in: &state, now: now) else { return .integer(0) }
        let newExpiry = now + (name == "EXPIRE" ? .seconds(amount) : .milliseconds(amount))
        switch condition {
        case "NX" where entry.expiresAt != nil:
            return .integer(0)
        case "XX" where entry.expiresAt == nil:
            return .integer(0)
        case "GT":
            // A key without expiry counts as an infinite TTL.
            guard let current = entry.expiresAt, newExpiry > current else { return .integer(0) }
        case "LT":
            if let current = entry.expiresAt, newExpiry >= current { return .integer(0) }
        default:
            break
        }
        if amount <= 0 {
            state.entries[args[0]] = nil
            return .integer(1)
        }
        entry.expiresAt = newExpiry
        state.entries[args[0]] = entry
        return .integer(1)
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return max(millis, 1)
    }
}
