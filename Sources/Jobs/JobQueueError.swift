/// An error of the job engine, with a stable code and a message.
public struct JobQueueError: Error, CustomStringConvertible, Equatable {
    /// The kind of failure; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// Options out of range.
        public static let invalidOptions = Code(name: "invalid_options")
        /// Arguments could not be encoded or decoded.
        public static let invalidArguments = Code(name: "invalid_arguments")
        /// No job with that id.
        public static let notFound = Code(name: "not_found")
        /// The job's state does not allow the operation.
        public static let invalidState = Code(name: "invalid_state")
        /// Another unfinished job holds the unique key.
        public static let uniqueConflict = Code(name: "unique_conflict")
        /// The stable name.
        public var description: String { name }
    }

    /// What failed.
    public let code: Code
    /// Details for humans.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `message`.
    public var description: String { message }
}
