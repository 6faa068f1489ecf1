public import Logging
import NIOSSL
public import PostgresNIO

extension PostgresClient {
    /// A client for `url` with at most `poolSize` connections.
    ///
    /// The client must be run (it is a `Service`) before it can lease connections.
    public convenience init(url: DatabaseURL, poolSize: Int = 10, applicationName: String = "vantahire", logger: Logger) {
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
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        self.init(configuration: configuration, backgroundLogger: logger)
    }
}
