public import Foundation

/// Where interview recordings live: Google Cloud Storage in production, local files otherwise.
///
/// Browsers upload and play recordings directly through short-lived signed URLs; the API only
/// signs, confirms and deletes.
public protocol RecordingStore: Sendable {
    /// A URL the browser may `PUT` the recording `key` (at most `maxBytes`) to until it expires,
    /// sending ``uploadHeaders(contentType:maxBytes:)`` with it.
    func uploadURL(key: String, contentType: String, maxBytes: Int, expiresIn seconds: Int) throws -> URL
    /// The headers an upload through ``uploadURL(key:contentType:maxBytes:expiresIn:)`` must carry.
    func uploadHeaders(contentType: String, maxBytes: Int) -> [String: String]
    /// A URL the browser may `GET` recording `key` from until it expires.
    func downloadURL(key: String, expiresIn seconds: Int) throws -> URL
    /// Whether recording `key` exists; `nil` when the store cannot tell cheaply (then callers trust the key).
    func exists(key: String) async throws -> Bool?
    /// Deletes recording `key`; an already-missing object counts as deleted.
    func delete(key: String) async throws
}

/// Recording keys: `recordings/<interview id>/<milliseconds>-<safe file name>`.
public enum RecordingKey {
    /// The key for a new upload of `fileName` for `interviewId`.
    public static func make(interviewId: UUID, fileName: String, now: Date = Date()) -> String {
        let millis = Int64(now.timeIntervalSince1970 * 1000)
        return "\(prefix(for: interviewId))\(millis)-\(safeName(fileName))"
    }

    /// Every key of `interviewId` starts with this.
    public static func prefix(for interviewId: UUID) -> String {
        "recordings/\(interviewId.uuidString.lowercased())/"
    }

    /// Whether `key` is a well-formed key of `interviewId`.
    public static func belongs(_ key: String, to interviewId: UUID) -> Bool {
        let prefix = prefix(for: interviewId)
        guard key.hasPrefix(prefix), key.count <= 300 else { return false }
        let rest = key.dropFirst(prefix.count)
        return !rest.isEmpty && !rest.contains("/") && !rest.hasPrefix(".") && rest.allSatisfy(isSafe)
    }

    /// `name` reduced to letters, digits, `.`, `_` and `-` (at most 100 characters), never empty.
    public static func safeName(_ name: String) -> String {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        var cleaned = String(base.map { isSafe($0) ? $0 : "_" }.prefix(100))
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        return cleaned.isEmpty ? "recording.webm" : cleaned
    }

    private static func isSafe(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "_" || character == "-")
    }
}
