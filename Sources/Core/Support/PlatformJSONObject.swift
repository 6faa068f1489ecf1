public import Foundation

/// A type that writes its own ``PlatformJSON`` object, member by member, instead of going through
/// `Codable`'s generic containers (for the response types the API writes by the thousand).
///
/// The bytes must be exactly what the type's `Encodable` conformance writes through
/// ``PlatformJSON``: the same keys in the same order, `nil` optionals left out (what synthesized
/// `encode(to:)` does with `encodeIfPresent`). ``PlatformJSON/encodeWithCodable(_:)`` writes the
/// `Codable` form, so a test can compare the two.
public protocol PlatformJSONObject: Encodable {
    /// Writes every member through `members`.
    func writeMembers(to members: inout PlatformJSONMembers) throws
}

/// Writes the members of one JSON object for ``PlatformJSONObject``. Keys are `StaticString`s
/// written as they are: plain ASCII names that need no escaping.
public struct PlatformJSONMembers {
    let writer: PlatformJSONWriter
    var isEmpty = true

    init(writer: PlatformJSONWriter) {
        self.writer = writer
    }

    @inline(__always)
    mutating func key(_ key: StaticString) {
        if isEmpty {
            isEmpty = false
            writer.bytes.append(UInt8(ascii: "\""))
        } else {
            writer.bytes.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: "\"")])
        }
        writer.bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        writer.bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// `"key": "value"`.
    public mutating func write(_ key: StaticString, _ value: String) {
        self.key(key)
        writer.writeString(value)
    }

    /// `"key": "value"`, or nothing when `value` is nil.
    public mutating func write(_ key: StaticString, _ value: String?) {
        if let value { write(key, value) }
    }

    /// `"key": "value"`, or `"key": null` when `value` is nil (a member that is always present).
    public mutating func write(_ key: StaticString, orNull value: String?) {
        if let value {
            write(key, value)
        } else {
            self.key(key)
            writer.writeNull()
        }
    }

    /// `"key": "<lower-case uuid>"`.
    public mutating func write(_ key: StaticString, _ value: UUID) {
        self.key(key)
        writer.writeUUID(value)
    }

    /// `"key": "<lower-case uuid>"`, or nothing when `value` is nil.
    public mutating func write(_ key: StaticString, _ value: UUID?) {
        if let value { write(key, value) }
    }

    /// `"key": 123`.
    public mutating func write(_ key: StaticString, _ value: Int) {
        self.key(key)
        writer.writeInteger(Int64(value))
    }

    /// `"key": 123`, or nothing when `value` is nil.
    public mutating func write(_ key: StaticString, _ value: Int?) {
        if let value { write(key, value) }
    }

    /// `"key": true`.
    public mutating func write(_ key: StaticString, _ value: Bool) {
        self.key(key)
        writer.writeBool(value)
    }

    /// `"key": "2026-11-27T10:00:00.000Z"`.
    public mutating func write(_ key: StaticString, _ value: Date) {
        self.key(key)
        writer.bytes.append(UInt8(ascii: "\""))
        PlatformJSONDate.write(value, to: &writer.bytes)
        writer.bytes.append(UInt8(ascii: "\""))
    }

    /// `"key": "2026-11-27T10:00:00.000Z"`, or nothing when `value` is nil.
    public mutating func write(_ key: StaticString, _ value: Date?) {
        if let value { write(key, value) }
    }

    /// `"key": "RAW_VALUE"` for a string-backed enum.
    public mutating func write<Value: RawRepresentable<String>>(_ key: StaticString, _ value: Value) {
        write(key, value.rawValue)
    }

    /// `"key": ["a", "b"]`.
    public mutating func write(_ key: StaticString, _ value: [String]) {
        self.key(key)
        writer.bytes.append(UInt8(ascii: "["))
        for (index, element) in value.enumerated() {
            if index > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            writer.writeString(element)
        }
        writer.bytes.append(UInt8(ascii: "]"))
    }

    /// `"key": <value as PlatformJSON writes it>` for any other value (through `Codable`).
    public mutating func write(_ key: StaticString, encoding value: some Encodable) throws {
        self.key(key)
        try writer.write(value, codingPath: [])
    }
}
