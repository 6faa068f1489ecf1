public import Logging
import NIOSSL
public import PostgresNIO

extension PostgresClient {
    /// A client for `url` with at most `poolSize` connections.
    ///
    /// `statementTimeout` (whole milliseconds; `nil` or zero: none) is sent as the connections'
    /// `statement_timeout` startup parameter, so the server cancels any statement that runs longer
    /// (a session may still change it with `SET`, as the migrator does).
    /// The client must be run (it is a `Service`) before it can lease connections.
    public convenience init(
        url: DatabaseURL, poolSize: Int = 10, applicationName: String = "vantahire", statementTimeout: Duration? = nil,
        logger: Logger
    ) {
        let tls: PostgresClient.Configuration.TLS
        switch url.tlsMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password,
            database: url.database, tls: tls
        )
        configuration.options.maximumConnections = max(poolSize, 1)
        configuration.options.connectTimeout = .seconds(5)
        var parameters = [("application_name", applicationName)]
        if let statementTimeout, statementTimeout > .zero {
            let milliseconds = statementTimeout.components.seconds * 1000 + statementTimeout.components.attoseconds / 1_000_000_000_000_000
            parameters.append(("statement_timeout", "\(max(1, milliseconds))"))
        }
        configuration.options.additionalStartupParameters = parameters
        self.init(configuration: configuration, backgroundLogger: logger)
    }
}
