import Foundation

/// The output of one ``PlatformJSON`` encoding: bytes written as the value encodes itself, and the
/// containers still open, innermost last.
///
/// A container is closed when a container further out writes its next element, or when the value
/// that opened it has finished encoding, so the document is written in one pass with no tree. A
/// container used after it was closed (possible only with hand-written `encode(to:)` that keeps a
/// nested container past its parent's next element) fails with an `EncodingError`.
final class PlatformJSONWriter {
    // One writer belongs to one encoding on one task, so the runtime's exclusivity checks on
    // every append (a measurable share of encoding time) are left out for these two.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) private var open: [(id: Int, closer: UInt8, isEmpty: Bool)] = []
    private var lastId = 0

    init() {
        bytes.reserveCapacity(1024)
    }

    /// The number of open containers (the depth a new container would get).
    var depth: Int { open.count }

    /// Opens a container (`{` or `[`) at the current depth; returns its id.
    func openContainer(keyed: Bool) -> Int {
        lastId += 1
        bytes.append(keyed ? UInt8(ascii: "{") : UInt8(ascii: "["))
        open.append((lastId, keyed ? UInt8(ascii: "}") : UInt8(ascii: "]"), true))
        return lastId
    }

    /// Before the container `id` at `depth` writes an element: closes containers inside it and
    /// writes the separator.
    func beginElement(depth: Int, id: Int, codingPath: [any CodingKey]) throws {
        guard depth < open.count, open[depth].id == id else {
            throw EncodingError.invalidValue(id, .init(codingPath: codingPath,
                                                       debugDescription: "a container was used after the value around it moved on"))
        }
        close(downTo: depth + 1)
        if open[depth].isEmpty {
            open[depth].isEmpty = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
    }

    /// Closes every container at `depth` and deeper.
    func close(downTo depth: Int) {
        while open.count > depth {
            bytes.append(open.removeLast().closer)
        }
    }

    /// Elements written so far in the container `id` at `depth` (for unkeyed `count`).
    func isEmpty(depth: Int, id: Int) -> Bool {
        depth < open.count && open[depth].id == id && open[depth].isEmpty
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `text` quoted, with `"`, `\` and control characters escaped; other characters as UTF-8.
    func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { source in
            var start = 0
            for index in 0..<source.count {
                let byte = source[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<index])) }
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: "u00".utf8)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            if start < source.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    func writeBool(_ value: Bool) {
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    func writeNull() {
        bytes.append(contentsOf: "null".utf8)
    }

    func writeInteger(_ value: Int64) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    func writeUnsigned(_ value: UInt64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A finite number as JSON (whole numbers without `.0`); JSON has no NaN or infinity.
    func writeDouble(_ value: Double, codingPath: [any CodingKey]) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) is not a valid JSON number"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// `8-4-4-4-12` lower-case hex of `uuid`, quoted.
    func writeUUID(_ uuid: UUID) {
        var text: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &text) { out in
            out[0] = UInt8(ascii: "\"")
            var position = 1
            withUnsafeBytes(of: uuid.uuid) { raw in
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = Self.hexDigits[Int(raw[index] >> 4)]
                    out[position + 1] = Self.hexDigits[Int(raw[index] & 0x0F)]
                    position += 2
                }
            }
            out[position] = UInt8(ascii: "\"")
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: out[0...position]))
        }
    }

    /// Writes `value` in its wire form when it is one of the types the platform writes its own
    /// way (`UUID`, `Date`, `Data`, `URL`, `Decimal`); whether it was.
    func writeSpecial<T: Encodable>(_ value: T) -> Bool {
        if T.self == UUID.self {
            writeUUID(value as! UUID)
        } else if T.self == Date.self {
            bytes.append(UInt8(ascii: "\""))
            PlatformJSONDate.write(value as! Date, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        } else if T.self == Data.self {
            writeString((value as! Data).base64EncodedString())
        } else if T.self == URL.self {
            writeString((value as! URL).absoluteString)
        } else if T.self == Decimal.self {
            bytes.append(contentsOf: (value as! Decimal).description.utf8)
        } else {
            return false
        }
        return true
    }

    /// Writes a ``PlatformJSONObject`` through its own `writeMembers(to:)`.
    func writeObject(_ object: some PlatformJSONObject) throws {
        bytes.append(UInt8(ascii: "{"))
        var members = PlatformJSONMembers(writer: self)
        try object.writeMembers(to: &members)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes any value: its wire form, or what its `encode(to:)` writes (containers it opened are
    /// closed once it returns; a value that writes nothing is an empty object, as in Foundation).
    func write<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws {
        if writeSpecial(value) { return }
        if let object = value as? any PlatformJSONObject {
            try writeObject(object)
            return
        }
        let encoder = PlatformJSONEncoder(writer: self, codingPath: codingPath())
        let start = bytes.count
        try value.encode(to: encoder)
        close(downTo: encoder.containerDepth)
        if bytes.count == start { bytes.append(contentsOf: "{}".utf8) }
    }
}
