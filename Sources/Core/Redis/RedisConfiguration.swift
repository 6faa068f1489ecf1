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

    /// Parses `redis://[user][:password]@host[:port][/db]`.
    ///
    /// User name and password may be percent-encoded. The port defaults to 6379 and the database to 0.
    /// Throws ``RedisError`` with code ``RedisError/Code/invalidURL`` for any other scheme (including
    /// `rediss://`, which is not supported) and for malformed hosts, ports or database numbers.
    public init(url: String) throws {
        self.init()
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = trimmed.range(of: "://") else {
            throw RedisError(.invalidURL, "'\(Self.redacted(trimmed))' is not a redis:// URL")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        switch scheme {
        case "redis":
            break
        case "rediss":
            throw RedisError(.invalidURL, "TLS (rediss://) is not supported; use a redis:// URL (e.g. through a local TLS tunnel)")
        default:
            throw RedisError(.invalidURL, "unsupported scheme '\(scheme)://' in REDIS_URL; expected redis://")
        }

        var rest = Substring(trimmed[schemeEnd.upperBound...])
        if let fragment = rest.firstIndex(of: "#") {
            rest = rest[..<fragment]
        }
        if let query = rest.firstIndex(of: "?") {
            rest = rest[..<query]
        }

        // The user info ends at the last '@' (passwords may contain unescaped '@').
        var hostAndPath = rest
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            hostAndPath = rest[rest.index(after: at)...]
            let user: Substring
            let pass: Substring?
            if let colon = userInfo.firstIndex(of: ":") {
                user = userInfo[..<colon]
                pass = userInfo[userInfo.index(after: colon)...]
            } else {
                user = userInfo
                pass = nil
            }
            let decodedUser = try Self.percentDecoded(user, what: "user name")
            if let pass {
                username = decodedUser.isEmpty ? nil : decodedUser
                let decodedPass = try Self.percentDecoded(pass, what: "password")
                password = decodedPass.isEmpty ? nil : decodedPass
            } else if !decodedUser.isEmpty {
                // `redis://secret@host` is commonly used to mean a password only.
                password = decodedUser
            }
        }

        var authority = hostAndPath
        var path: Substring = ""
        if let slash = hostAndPath.firstIndex(of: "/") {
            authority = hostAndPath[..<slash]
            path = hostAndPath[hostAndPath.index(after: slash)...]
        }

        // Host, optionally a bracketed IPv6 literal, then an optional port.
        var hostPart: Substring
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw RedisError(.invalidURL, "unterminated IPv6 address in REDIS_URL")
            }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let afterBracket = authority[authority.index(after: close)...]
            if afterBracket.hasPrefix(":") {
                portPart = afterBracket.dropFirst()
            } else if !afterBracket.isEmpty {
                throw RedisError(.invalidURL, "unexpected text after IPv6 address in REDIS_URL")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
        }
        if hostPart.isEmpty {
            hostPart = "127.0.0.1"
        }
        host = String(hostPart)

        if let portPart, !portPart.isEmpty {
            guard let number = Int(portPart), (1...65_535).contains(number) else {
                throw RedisError(.invalidURL, "invalid port '\(portPart)' in REDIS_URL")
            }
            port = number
        }

        let dbText = path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
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

    private static func percentDecoded(_ text: Substring, what: String) throws -> String {
        guard let decoded = String(text).removingPercentEncoding else {
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
