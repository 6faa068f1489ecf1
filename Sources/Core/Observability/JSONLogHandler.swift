import Foundation
public import Logging

/// A swift-log handler writing one JSON object per line: `timestamp` (ISO 8601, UTC,
/// milliseconds), `level`, `label`, `message`, `source`, then the metadata flattened into the same
/// object.
///
/// Metadata keys are written in snake_case (`redis.endpoint` → `redis_endpoint`,
/// `requestId` → `request_id`), nested dictionaries become `parent_child` keys, lists become JSON
/// arrays of strings, and a key that would replace one of the fixed fields gets a `metadata_`
/// prefix. Call-site metadata wins over the logger's, which wins over the metadata provider's.
public struct JSONLogHandler: LogHandler {
    /// Receives each finished line (without the newline).
    public typealias Sink = @Sendable (String) -> Void

    /// The fields every line has; metadata keys equal to one of them are prefixed with `metadata_`.
    public static let fixedFields: Set<String> = ["timestamp", "level", "label", "message", "source"]

    /// The logger's label.
    public let label: String
    /// The minimum level written.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every line of this logger.
    public var metadata: Logger.Metadata = [:]
    /// Metadata computed for every line (task-local values such as trace ids).
    public var metadataProvider: Logger.MetadataProvider?
    private let sink: Sink

    /// A handler for `label` writing each line to `sink`.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, sink: @escaping Sink) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    /// A handler for `label` writing to standard error, one `write` per line.
    public static func standardError(label: String, metadataProvider: Logger.MetadataProvider? = nil) -> JSONLogHandler {
        JSONLogHandler(label: label, metadataProvider: metadataProvider) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// One metadata value of this logger.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the line (levels below ``logLevel`` are filtered by `Logger` before this is called).
    public func log(event: LogEvent) {
        var merged = metadataProvider?.get() ?? [:]
        merged.merge(metadata) { $1 }
        if let explicit = event.metadata {
            merged.merge(explicit) { $1 }
        }
        var flat: [(String, JSONValue)] = []
        for (key, value) in merged {
            Self.flatten(value, key: Self.snakeCase(key), into: &flat)
        }
        flat.sort { $0.0 < $1.0 }

        var line = "{"
        line += "\"timestamp\":" + JSONValue.string(Self.timestamp()).encoded
        line += ",\"level\":" + JSONValue.string(event.level.rawValue).encoded
        line += ",\"label\":" + JSONValue.string(label).encoded
        line += ",\"message\":" + JSONValue.string(event.message.description).encoded
        line += ",\"source\":" + JSONValue.string(event.source).encoded
        for (key, value) in flat {
            let name = Self.fixedFields.contains(key) ? "metadata_" + key : key
            line += "," + JSONValue.string(name).encoded + ":" + value.encoded
        }
        line += "}"
        sink(line)
    }

    /// `key` in snake_case: separators (`.`, `-`, space) become `_`; an upper-case letter starts a
    /// new word after a lower-case letter or digit, or when it ends an acronym (`HTTPStatus` →
    /// `http_status`); everything lower-cased.
    public static func snakeCase(_ key: String) -> String {
        let characters = Array(key)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == "." || character == "-" || character == " " {
                if !result.isEmpty && !result.hasSuffix("_") { result.append("_") }
                continue
            }
            if character.isUppercase, index > 0, !result.isEmpty, !result.hasSuffix("_") {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                    result.append("_")
                }
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }

    private static func flatten(_ value: Logger.Metadata.Value, key: String, into flat: inout [(String, JSONValue)]) {
        switch value {
        case .string(let text):
            flat.append((key, .string(text)))
        case .stringConvertible(let convertible):
            flat.append((key, .string(convertible.description)))
        case .array(let values):
            flat.append((key, .array(values.map(\.description))))
        case .dictionary(let dictionary):
            for (child, childValue) in dictionary {
                flatten(childValue, key: key + "_" + snakeCase(child), into: &flat)
            }
        }
    }

    private static func timestamp() -> String {
        PlatformJSON.iso8601(Date())
    }

    private enum JSONValue {
        case string(String)
        case array([String])

        var encoded: String {
            switch self {
            case .string(let text): return Self.quoted(text)
            case .array(let items): return "[" + items.map(Self.quoted).joined(separator: ",") + "]"
            }
        }

        /// `text` as a JSON string, escaped as every other JSON the platform writes.
        private static func quoted(_ text: String) -> String {
            (try? PlatformJSON.string(text)) ?? "\"\""
        }
    }
}
