import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A secret generated once and kept in a file readable only by its owner (mode 0600), so a
/// restarted development process signs with the same key (`dev` keeps its `JWT_SECRET` in
/// `DATA_DIR/jwt-secret`).
public struct StoredSecret: Sendable, Equatable {
    /// The secret.
    public let value: String
    /// The file it is kept in.
    public let path: String
    /// `true` when this call generated it, `false` when it was read from ``path``.
    public let created: Bool

    /// The shortest secret accepted from the file (as `JWT_SECRET` in production).
    public static let minimumLength = 32

    /// Reads the secret kept in `directory/name`, or generates one (48 random alphanumerics),
    /// creating the directory when needed, and writes it there with mode 0600.
    ///
    /// Throws when the file cannot be read or written, or holds fewer than ``minimumLength``
    /// characters (it is never replaced: delete it to get a new secret).
    public static func loadOrCreate(in directory: String, name: String) throws -> StoredSecret {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: url.path) {
            let value = try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard value.count >= minimumLength else {
                throw StoredSecretError(path: url.path, reason: "holds \(value.count) characters, fewer than \(minimumLength); delete it to generate a new secret")
            }
            return StoredSecret(value: value, path: url.path, created: false)
        }
        try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let value = SecureToken.random(length: 48)
        // Created with mode 0600 from the start (never readable by others) and only if absent:
        // when two processes race, the loser reads the winner's secret.
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return try loadOrCreate(in: directory, name: name) }
            throw StoredSecretError(path: url.path, reason: "could not be created: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)
        let bytes = Array((value + "\n").utf8)
        guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw StoredSecretError(path: url.path, reason: "could not be written: \(String(cString: strerror(errno)))")
        }
        return StoredSecret(value: value, path: url.path, created: true)
    }
}

/// Why ``StoredSecret/loadOrCreate(in:name:)`` failed.
public struct StoredSecretError: Error, CustomStringConvertible {
    /// The secret's file.
    public let path: String
    /// What is wrong with it.
    public let reason: String

    /// One line naming the file and the problem.
    public var description: String { "\(path) \(reason)" }
}
