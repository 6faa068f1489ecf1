/// An attempt that ran past its kind's timeout.
public struct JobTimeoutError: Error, CustomStringConvertible {
    /// The limit.
    public let timeout: Duration
    /// `timed out after …`.
    public var description: String { "timed out after \(timeout)" }
}
