/// A job whose kind has no handler in this build.
public struct MissingHandlerError: Error, CustomStringConvertible {
    /// The kind.
    public let kind: String
    /// `no handler for kind X`.
    public var description: String { "no handler for kind \(kind) in this worker build" }
}
