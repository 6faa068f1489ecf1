import Foundation

/// One value of a document being encoded by ``PlatformJSON``; objects and arrays are boxes so that
/// containers handed out by the encoder can fill them after they were attached to their parent.
enum PlatformJSONNode {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    /// Text that needs no escaping (UUIDs, dates), written between quotes as is.
    case plain([UInt8])
    /// A number's text (`Decimal`), written as is.
    case number([UInt8])
    case object(PlatformJSONObject)
    case array(PlatformJSONArray)

    /// Appends the JSON text of this value to `output`.
    func write(to output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: value ? "true".utf8 : "false".utf8)
        case .int(let value):
            Self.writeInteger(value, to: &output)
        case .uint(let value):
            output.append(contentsOf: String(value).utf8)
        case .double(let value):
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            output.append(contentsOf: text.utf8)
        case .string(let value):
            Self.writeString(value, to: &output)
        case .plain(let bytes):
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: bytes)
            output.append(UInt8(ascii: "\""))
        case .number(let bytes):
            output.append(contentsOf: bytes)
        case .object(let object):
            object.write(to: &output)
        case .array(let array):
            output.append(UInt8(ascii: "["))
            var first = true
            for item in array.items {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                item.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        }
    }

    static func writeInteger(_ value: Int64, to output: inout [UInt8]) {
        if value >= 0 && value < 10 {
            output.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        output.append(contentsOf: String(value).utf8)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `text` quoted, with `"`, `\` and control characters escaped; other characters as UTF-8.
    static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                start = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                default:
                    output.append(contentsOf: "u00".utf8)
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            if start < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// A JSON object under construction; keys are written in the order the value encoded them (a
/// type's declaration order for synthesized `Codable`).
final class PlatformJSONObject {
    var entries: [(key: String, value: PlatformJSONNode)] = []

    func set(_ key: String, _ value: PlatformJSONNode) {
        entries.append((key, value))
    }

    func write(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        var first = true
        for entry in entries {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            PlatformJSONNode.writeString(entry.key, to: &output)
            output.append(UInt8(ascii: ":"))
            entry.value.write(to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }
}

/// A JSON array under construction.
final class PlatformJSONArray {
    var items: [PlatformJSONNode] = []

    func append(_ value: PlatformJSONNode) {
        items.append(value)
    }
}
