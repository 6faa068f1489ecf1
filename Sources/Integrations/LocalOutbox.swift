public import Foundation

/// The offline default for outgoing messages: one file per message in a folder.
///
/// When a provider key (Brevo, WhatsApp) is missing, messages are written here instead of being
/// sent, so a local run shows the real invites it would have sent. Files are named
/// `<timestamp>-<channel>-<id>.<ext>` and written atomically (temporary file, then rename).
public struct LocalOutbox: Sendable {
    /// The folder (`<DATA_DIR>/outbox` by default).
    public let directory: URL

    /// An outbox in `directory`, created on first write.
    public init(directory: URL) {
        self.directory = directory
    }

    /// Writes `body` as one message file of `channel` (e.g. `email`, `whatsapp`) and returns its path.
    @discardableResult
    public func write(channel: String, id: String, fileExtension: String, body: Data) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stamp = Self.timestamp(Date())
        let safeID = String(id.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" ? Character($0) : "_" })
        let file = directory.appendingPathComponent("\(stamp)-\(channel)-\(safeID).\(fileExtension)")
        try body.write(to: file, options: .atomic)
        return file
    }

    /// Every message file, oldest first.
    public func messages() throws -> [URL] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return formatter.string(from: date)
    }
}
