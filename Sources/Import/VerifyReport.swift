import Foundation

/// The outcome of `vantahire import verify` (the `--json` output).
public struct VerifyReport: Codable, Sendable, Equatable {
    /// Per target table (file bytes under `files`, recordings under `recordings`).
    public var tables: [String: TableVerification] = [:]

    /// An empty report.
    public init() {}

    /// Whether source and target match everywhere.
    public var ok: Bool { tables.values.allSatisfy(\.ok) }

    /// A plain-text table: one line per table, then each mismatching table's first ids.
    public func rendered(order: [String]) -> String {
        let names = order.filter { tables[$0] != nil } + tables.keys.filter { !order.contains($0) }.sorted()
        var lines = ["table                  source     target     differences  result"]
        for name in names {
            guard let table = tables[name] else { continue }
            lines.append(
                name.padding(toLength: 22, withPad: " ", startingAt: 0) + " "
                    + String(table.sourceRows).padding(toLength: 10, withPad: " ", startingAt: 0) + " "
                    + String(table.targetRows).padding(toLength: 10, withPad: " ", startingAt: 0) + " "
                    + String(table.differences).padding(toLength: 12, withPad: " ", startingAt: 0) + " "
                    + (table.ok ? "ok" : "MISMATCH"))
        }
        for name in names {
            guard let table = tables[name], !table.ok else { continue }
            lines.append("\(name): first differences:")
            for issue in table.firstDifferences { lines.append("  \(issue.id): \(issue.reason)") }
        }
        lines.append(ok ? "verify: source and target match" : "verify: DIFFERENCES FOUND")
        return lines.joined(separator: "\n")
    }
}
