import Foundation

/// The `Encoder` behind ``PlatformJSON``: writes straight into a ``PlatformJSONWriter``.
final class PlatformJSONEncoder: Encoder {
    let writer: PlatformJSONWriter
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// The depth of the container this value opens.
    let containerDepth: Int
    private var opened: (id: Int, keyed: Bool)?

    init(writer: PlatformJSONWriter, codingPath: [any CodingKey]) {
        self.writer = writer
        self.codingPath = codingPath
        self.containerDepth = writer.depth
    }

    private func openedContainer(keyed: Bool) -> Int {
        if let opened, opened.keyed == keyed { return opened.id }
        let id = writer.openContainer(keyed: keyed)
        opened = (id, keyed)
        return id
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let id = openedContainer(keyed: true)
        return KeyedEncodingContainer(PlatformJSONKeyedContainer<Key>(writer: writer, depth: containerDepth, id: id, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let id = openedContainer(keyed: false)
        return PlatformJSONUnkeyedContainer(writer: writer, depth: containerDepth, id: id, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        PlatformJSONSingleValueContainer(writer: writer, codingPath: codingPath)
    }
}

/// Keyed container of ``PlatformJSONEncoder``.
struct PlatformJSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: PlatformJSONWriter
    let depth: Int
    let id: Int
    let codingPath: [any CodingKey]

    private func begin(_ key: Key) throws {
        try writer.beginElement(depth: depth, id: id, codingPath: codingPath)
        writer.writeString(key.stringValue)
        writer.bytes.append(UInt8(ascii: ":"))
    }

    mutating func encodeNil(forKey key: Key) throws { try begin(key); writer.writeNull() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try begin(key); writer.writeBool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try begin(key); writer.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key); try writer.writeDouble(value, codingPath: codingPath + [key]) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); try writer.writeDouble(Double(value), codingPath: codingPath + [key]) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); writer.writeInteger(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try begin(key); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try begin(key); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try begin(key); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try begin(key); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try begin(key); writer.writeUnsigned(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        try writer.write(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        // A container used out of turn fails at its next write (see PlatformJSONWriter).
        let nestedId = (try? begin(key)).map { writer.openContainer(keyed: true) } ?? -1
        return KeyedEncodingContainer(PlatformJSONKeyedContainer<NestedKey>(writer: writer, depth: depth + 1, id: nestedId, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nestedId = (try? begin(key)).map { writer.openContainer(keyed: false) } ?? -1
        return PlatformJSONUnkeyedContainer(writer: writer, depth: depth + 1, id: nestedId, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        _ = try? writer.beginElement(depth: depth, id: id, codingPath: codingPath)
        writer.writeString("super")
        writer.bytes.append(UInt8(ascii: ":"))
        return PlatformJSONEncoder(writer: writer, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        _ = try? begin(key)
        return PlatformJSONEncoder(writer: writer, codingPath: codingPath + [key])
    }
}

/// Unkeyed container of ``PlatformJSONEncoder``.
struct PlatformJSONUnkeyedContainer: UnkeyedEncodingContainer {
    let writer: PlatformJSONWriter
    let depth: Int
    let id: Int
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(writer: PlatformJSONWriter, depth: Int, id: Int, codingPath: [any CodingKey]) {
        self.writer = writer
        self.depth = depth
        self.id = id
        self.codingPath = codingPath
    }

    private mutating func begin() throws {
        try writer.beginElement(depth: depth, id: id, codingPath: codingPath)
        count += 1
    }

    private var indexPath: [any CodingKey] { codingPath + [PlatformJSONIndexKey(intValue: count - 1)] }

    mutating func encodeNil() throws { try begin(); writer.writeNull() }
    mutating func encode(_ value: Bool) throws { try begin(); writer.writeBool(value) }
    mutating func encode(_ value: String) throws { try begin(); writer.writeString(value) }
    mutating func encode(_ value: Double) throws { try begin(); try writer.writeDouble(value, codingPath: indexPath) }
    mutating func encode(_ value: Float) throws { try begin(); try writer.writeDouble(Double(value), codingPath: indexPath) }
    mutating func encode(_ value: Int) throws { try begin(); writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int8) throws { try begin(); writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int16) throws { try begin(); writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int32) throws { try begin(); writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int64) throws { try begin(); writer.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { try begin(); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { try begin(); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { try begin(); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { try begin(); writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { try begin(); writer.writeUnsigned(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        try writer.write(value, codingPath: indexPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nestedId = (try? begin()).map { writer.openContainer(keyed: true) } ?? -1
        return KeyedEncodingContainer(PlatformJSONKeyedContainer<NestedKey>(writer: writer, depth: depth + 1, id: nestedId, codingPath: indexPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nestedId = (try? begin()).map { writer.openContainer(keyed: false) } ?? -1
        return PlatformJSONUnkeyedContainer(writer: writer, depth: depth + 1, id: nestedId, codingPath: indexPath)
    }

    mutating func superEncoder() -> any Encoder {
        _ = try? begin()
        return PlatformJSONEncoder(writer: writer, codingPath: indexPath)
    }
}

/// Single-value container of ``PlatformJSONEncoder``.
struct PlatformJSONSingleValueContainer: SingleValueEncodingContainer {
    let writer: PlatformJSONWriter
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { writer.writeNull() }
    mutating func encode(_ value: Bool) throws { writer.writeBool(value) }
    mutating func encode(_ value: String) throws { writer.writeString(value) }
    mutating func encode(_ value: Double) throws { try writer.writeDouble(value, codingPath: codingPath) }
    mutating func encode(_ value: Float) throws { try writer.writeDouble(Double(value), codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int8) throws { writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int16) throws { writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int32) throws { writer.writeInteger(Int64(value)) }
    mutating func encode(_ value: Int64) throws { writer.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { writer.writeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { writer.writeUnsigned(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try writer.write(value, codingPath: codingPath)
    }
}

/// The coding key of an array element, for error paths.
struct PlatformJSONIndexKey: CodingKey {
    var stringValue: String { "Index \(intValue ?? 0)" }
    var intValue: Int?

    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
