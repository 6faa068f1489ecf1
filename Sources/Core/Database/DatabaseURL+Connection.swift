public import Logging
import NIOSSL
public import PostgresNIO

extension DatabaseURL {
    /// Settings for a single dedicated connection (e.g. one that LISTENs), outside the pool.
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch tlsMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    /// Opens a dedicated connection; the caller closes it.
    public func connect(logger: Logger) async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration: connectionConfiguration(), id: Int.random(in: 1...Int(Int32.max)), logger: logger)
    }
}
