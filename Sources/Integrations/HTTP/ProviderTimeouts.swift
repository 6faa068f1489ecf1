public import AsyncHTTPClient
internal import NIOCore

/// Per-call time limits for a provider client.
///
/// The clients share an `HTTPClient` owned by the caller, whose own `Configuration.Timeout`
/// bounds every connection it opens; these limits apply per call on top of it:
///
/// * ``read`` bounds the time from sending the request to receiving the response head, opening
///   the connection included, and for a whole (not streamed) response the time to its last byte:
///   a provider call never waits longer than ``read``. Give the shared client a connect timeout no
///   longer than ``connect`` (see ``httpClientTimeout``) so that a connection attempt that cannot
///   succeed fails early.
/// * For a streamed response, ``read`` bounds every gap between two pieces of the body, so a long
///   answer may take as long as it needs while bytes keep flowing, but a stalled one fails.
///
/// Exceeding either limit is reported as a ``ProviderError/Kind/transient`` error.
public struct ProviderTimeouts: Sendable, Hashable {
    /// The longest time to wait for a TCP/TLS connection to be established.
    public var connect: Duration
    /// The longest wait for a whole answer (or a streamed answer's head), and between two body
    /// reads of a streamed answer.
    public var read: Duration

    /// Creates the limits. A value below one millisecond (zero or negative, say from a bad
    /// setting) is raised to one millisecond rather than trapping.
    public init(connect: Duration = .seconds(5), read: Duration = .seconds(30)) {
        self.connect = max(connect, .milliseconds(1))
        self.read = max(read, .milliseconds(1))
    }

    /// The deadline budget from sending a request to receiving the response head.
    var responseHead: Duration { read }
}

extension ProviderTimeouts {
    /// Connection-level timeouts for the shared `HTTPClient` that honour these limits: its connect
    /// timeout is ``connect``; its read timeout is left unset because the clients enforce ``read``
    /// per call (streamed responses included).
    public var httpClientTimeout: HTTPClient.Configuration.Timeout {
        HTTPClient.Configuration.Timeout(connect: TimeAmount(connect), read: nil)
    }
}
