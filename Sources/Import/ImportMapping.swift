public import Foundation

/// How the old system's tables become ours: one ``TableMapping`` per target table, in the order
/// they are copied (parents before children). Encoded as the JSON of `--mapping` / `--print-mapping`.
public struct ImportMapping: Codable, Sendable, Equatable {
    /// The tables, in foreign-key order.
    public var tables: [TableMapping]

    /// Creates a mapping.
    public init(tables: [TableMapping]) {
        self.tables = tables
    }

    /// The mapping of target table `name`, if any.
    public func table(_ name: String) -> TableMapping? {
        tables.first { $0.target == name }
    }

    /// Reads a mapping file.
    public static func load(from url: URL) throws -> ImportMapping {
        let data = try Data(contentsOf: url)
        do {
            return try JSONDecoder().decode(ImportMapping.self, from: data)
        } catch {
            throw ImportError("mapping file \(url.path) is not valid: \(error)")
        }
    }

    /// The mapping as pretty, key-sorted JSON.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
