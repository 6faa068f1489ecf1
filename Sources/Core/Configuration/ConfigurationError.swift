/// A configuration value that is missing or invalid.
///
/// Its description is a single line naming the variable and the problem, which is what the
/// process prints before exiting with a non-zero status.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The environment variable at fault.
    public let variable: String
    /// What is wrong with it.
    public let problem: String

    /// Creates an error for `variable`.
    public init(_ variable: String, _ problem: String) {
        self.variable = variable
        self.problem = problem
    }

    /// `VARIABLE: problem`, on one line.
    public var description: String { "\(variable): \(problem)" }
}
