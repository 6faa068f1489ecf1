import Foundation

/// Where and how to connect to Redis.
///
/// Usually built from `REDIS_URL`: `redis://[user][:password]@host[:port][/db]`.
/// TLS (`rediss://`) is not supported.
public struct RedisConfiguration: Sendable, Equatable {
    /// Host name or IP address of the server.
    public var host: String
    /// TCP port of the server.
    public var port: Int
    /// ACL user name for `AUTH user password`; `nil` uses `AUTH password`.
    public var username: String?
    /// Password for `AUTH`; `nil` skips authentication.
    public var password: String?
    /// Database index selected with `SELECT` after connecting (0 skips `SELECT`).
    public var database: Int
    /// How long a command (or pipeline) may wait for its reply before failing with ``RedisError/Code/timeout``.
    public var commandTimeout: Duration
    /// How long establishing a TCP connection may take.
    public var connectTimeout: Duration
    /// Delay before the first reconnect attempt after a failed one; doubles with each further failure.
    public var reconnectBaseDelay: Duration
    /// Upper bound of the reconnect delay.
    public var reconnectMaxDelay: Duration

    /// Creates a configuration from its parts.
    public init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        commandTimeout: Duration = .seconds(5),
        connectTimeout: Duration = .seconds(2),
        reconnectBaseDelay: Duration = .milliseconds(100),
        reconnectMaxDelay: Duration = .seconds(2)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.commandTimeout = commandTimeout
        self.connectTimeout = connectTimeout
        self.reconnectBaseDelay = reconnectBaseDelay
        self.reconnectMaxDelay = reconnectMaxDelay
    }

    /// Parses `redis://[user][:password]@host[:port][/db]` with `URLComponents`, like ``DatabaseURL``.
    ///
    /// User name and password may be percent-encoded; an unescaped `@` in the password is accepted
    /// (the user info ends at the last `@`). `redis://secret@host` means a password only. The host
    /// defaults to 127.0.0.1, the port to 6379 and the database to 0; query and fragment are ignored.
    /// Throws ``RedisError`` with code ``RedisError/Code/invalidURL`` for any other scheme (including
    /// `rediss://`, which is not supported) and for malformed hosts, ports or database numbers.
    public init(url: String) throws {
        self.init()
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: Self.escapingUserInfoAt(trimmed)) else {
            throw RedisError(.invalidURL, "'\(Self.redacted(trimmed))' is not a redis:// URL")
        }
        switch components.scheme?.lowercased() {
        case "redis":
            break
        case "rediss":
            throw RedisError(.invalidURL, "TLS (rediss://) is not supported; use a redis:// URL (e.g. through a local TLS tunnel)")
        case let scheme?:
            throw RedisError(.invalidURL, "unsupported scheme '\(scheme)://' in REDIS_URL; expected redis://")
        case nil:
            throw RedisError(.invalidURL, "'\(Self.redacted(trimmed))' is not a redis:// URL")
        }
        guard trimmed.lowercased().hasPrefix("redis://") else {
            throw RedisError(.invalidURL, "'\(Self.redacted(trimmed))' is not a redis:// URL")
        }

        let user = try components.percentEncodedUser.map { try Self.percentDecoded($0, what: "user name") } ?? ""
        if let pass = components.percentEncodedPassword {
            username = user.isEmpty ? nil : user
            let decoded = try Self.percentDecoded(pass, what: "password")
            password = decoded.isEmpty ? nil : decoded
        } else if !user.isEmpty {
            // `redis://secret@host` is commonly used to mean a password only.
            password = user
        }

        var hostName = components.percentEncodedHost ?? ""
        if hostName.hasPrefix("[") && hostName.hasSuffix("]") {
            hostName = String(hostName.dropFirst().dropLast())
        }
        host = hostName.isEmpty ? "127.0.0.1" : (hostName.removingPercentEncoding ?? hostName)

        if let number = components.port {
            guard (1...65_535).contains(number) else {
                throw RedisError(.invalidURL, "invalid port '\(number)' in REDIS_URL")
            }
            port = number
        }

        let dbText = components.percentEncodedPath.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !dbText.isEmpty {
            guard let number = Int(dbText), number >= 0 else {
                throw RedisError(.invalidURL, "invalid database '\(dbText)' in REDIS_URL; expected a number such as /0")
            }
            database = number
        }
    }

    /// The delay before reconnect attempt number `failures + 1`, after `failures` consecutive failed attempts.
    ///
    /// Zero when nothing has failed yet; otherwise ``reconnectBaseDelay`` doubled per further failure,
    /// capped at ``reconnectMaxDelay``.
    public func reconnectDelay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else {
            return .zero
        }
        var delay = reconnectBaseDelay
        for _ in 1..<min(failures, 32) {
            delay *= 2
            if delay >= reconnectMaxDelay {
                return reconnectMaxDelay
            }
        }
        return min(delay, reconnectMaxDelay)
    }

    /// `host:port`, for log and error messages.
    var endpointDescription: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// `url` with every `@` and `/` before the last `@` (unescaped in a password) percent-encoded,
    /// so `URLComponents` accepts it. Only the authority is touched: it ends at the first `/`, `?`
    /// or `#` after the last `@`.
    private static func escapingUserInfoAt(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { "?#".contains($0) } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        let userInfo = rest[..<at].replacingOccurrences(of: "@", with: "%40").replacingOccurrences(of: "/", with: "%2F")
        return String(url[..<schemeEnd.upperBound]) + userInfo + String(rest[at...])
    }

    private static func percentDecoded(_ text: String, what: String) throws -> String {
        guard let decoded = text.removingPercentEncoding else {
            throw RedisError(.invalidURL, "malformed percent-encoding in the \(what) of REDIS_URL")
        }
        return decoded
    }

    /// The URL with any password replaced, safe for error messages.
    private static func redacted(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@") else {
            return url
        }
        return "***" + url[at...]
    }
}
