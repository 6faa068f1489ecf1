public import Logging
import NIOSSL
public import PostgresNIO

extension DatabaseURL {
    /// Settings for a single dedicated connection (e.g. one that LISTENs), outside the pool.
    public func connectionConfiguration(applicationName: String = "vantahire") throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch tlsMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls
        )
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }

    /// Opens a dedicated connection; the caller closes it.
    public func connect(applicationName: String = "vantahire", logger: Logger) async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            configuration: connectionConfiguration(applicationName: applicationName), id: Int.random(in: 1...Int(Int32.max)),
            logger: logger
        )
    }
}
