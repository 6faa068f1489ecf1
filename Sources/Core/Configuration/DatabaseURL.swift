import Foundation

/// A parsed `postgres://` connection URL.
///
/// Accepted form: `postgres[ql]://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`.
/// Percent-encoded user names and passwords are decoded.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// How TLS is negotiated with the server.
    public enum TLSMode: String, Sendable {
        /// Plain TCP (the default, as on Railway's private network and local clusters).
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection.
        case require
    }

    /// Server host name or IP address.
    public var host: String
    /// Server port (default 5432).
    public var port: Int
    /// Role to connect as.
    public var username: String
    /// Password, if any.
    public var password: String?
    /// Database name.
    public var database: String
    /// TLS negotiation.
    public var tlsMode: TLSMode

    /// Parses `text`, throwing a one-line reason when it is malformed.
    public init(_ text: String, variable: String = "DATABASE_URL") throws(ConfigurationError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme else {
            throw ConfigurationError(variable, "is not a URL (expected postgres://user:password@host:5432/database)")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw ConfigurationError(variable, "scheme must be postgres:// or postgresql://, got \(scheme)://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ConfigurationError(variable, "has no host (expected postgres://user:password@host:5432/database)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw ConfigurationError(variable, "has no user name (expected postgres://user:password@host:5432/database)")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else {
            throw ConfigurationError(variable, "has no database name (expected postgres://user:password@host:5432/database)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw ConfigurationError(variable, "port \(port) is out of range")
        }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value ?? "" {
            case "disable", "allow": tls = .disable
            case "prefer": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw ConfigurationError(variable, "sslmode must be disable, prefer or require")
            }
        }
        self.host = host
        self.port = port
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = path.removingPercentEncoding ?? path
        self.tlsMode = tls
    }

    /// The same server with another database name.
    public func withDatabase(_ name: String) -> DatabaseURL {
        var copy = self
        copy.database = name
        return copy
    }

    /// The URL text, with the password masked.
    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// The URL text including the password, percent-encoded (for child processes and tools).
    public var urlString: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        if tlsMode != .disable { components.queryItems = [URLQueryItem(name: "sslmode", value: tlsMode.rawValue)] }
        return components.string ?? description
    }
}
