import Foundation

/// The `Encoder` behind ``PlatformJSON``: turns an `Encodable` value into a ``PlatformJSONNode`` tree.
final class PlatformJSONEncoder: Encoder {
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What was encoded so far (nil until the value encodes something).
    var node: PlatformJSONNode?

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    /// The tree for `value`, with `UUID`, `Date`, `Data` and `URL` in their wire forms.
    static func node<T: Encodable>(for value: T, codingPath: [any CodingKey]) throws -> PlatformJSONNode {
        if let special = specialNode(value) { return special }
        let encoder = PlatformJSONEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        // A value that encodes nothing is an empty object, as in Foundation's encoder.
        return encoder.node ?? .object(PlatformJSONObject())
    }

    /// The node of a type written in its wire form rather than through its own `encode(to:)`.
    static func specialNode<T: Encodable>(_ value: T) -> PlatformJSONNode? {
        if T.self == UUID.self { return .plain(lowercaseText(value as! UUID)) }
        if T.self == Date.self {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(24)
            PlatformJSONDate.write(value as! Date, to: &bytes)
            return .plain(bytes)
        }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Decimal.self { return .number(Array((value as! Decimal).description.utf8)) }
        return nil
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `8-4-4-4-12` lower-case hex of `uuid`.
    static func lowercaseText(_ uuid: UUID) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        withUnsafeBytes(of: uuid.uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return bytes
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: PlatformJSONObject
        if case .object(let existing) = node {
            object = existing
        } else {
            object = PlatformJSONObject()
            node = .object(object)
        }
        return KeyedEncodingContainer(PlatformJSONKeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: PlatformJSONArray
        if case .array(let existing) = node {
            array = existing
        } else {
            array = PlatformJSONArray()
            node = .array(array)
        }
        return PlatformJSONUnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        PlatformJSONSingleValueContainer(encoder: self)
    }
}

extension PlatformJSONNode {
    /// The node for a floating-point value; JSON has no NaN or infinity.
    static func floating(_ value: Double, codingPath: [any CodingKey]) throws -> PlatformJSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) is not a valid JSON number"))
        }
        return .double(value)
    }
}

/// Keyed container of ``PlatformJSONEncoder``.
struct PlatformJSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: PlatformJSONObject
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        object.set(key.stringValue, try .floating(value, codingPath: codingPath + [key]))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        object.set(key.stringValue, try .floating(Double(value), codingPath: codingPath + [key]))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(key.stringValue, .int(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(key.stringValue, .uint(UInt64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(key.stringValue, .uint(UInt64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.set(key.stringValue, .uint(UInt64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.set(key.stringValue, .uint(UInt64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.set(key.stringValue, .uint(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        if let special = PlatformJSONEncoder.specialNode(value) { return object.set(key.stringValue, special) }
        object.set(key.stringValue, try PlatformJSONEncoder.node(for: value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = PlatformJSONObject()
        object.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(PlatformJSONKeyedContainer<NestedKey>(object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = PlatformJSONArray()
        object.set(key.stringValue, .array(nested))
        return PlatformJSONUnkeyedContainer(array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        PlatformJSONReferencingEncoder(codingPath: codingPath) { [object] node in object.set("super", node) }
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        PlatformJSONReferencingEncoder(codingPath: codingPath + [key]) { [object] node in object.set(key.stringValue, node) }
    }
}

/// Unkeyed container of ``PlatformJSONEncoder``.
struct PlatformJSONUnkeyedContainer: UnkeyedEncodingContainer {
    let array: PlatformJSONArray
    let codingPath: [any CodingKey]
    var count: Int { array.items.count }

    private var indexKey: PlatformJSONIndexKey { PlatformJSONIndexKey(intValue: array.items.count) }

    mutating func encodeNil() throws { array.append(.null) }
    mutating func encode(_ value: Bool) throws { array.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.append(try .floating(value, codingPath: codingPath + [indexKey])) }
    mutating func encode(_ value: Float) throws { array.append(try .floating(Double(value), codingPath: codingPath + [indexKey])) }
    mutating func encode(_ value: Int) throws { array.append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { array.append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { array.append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { array.append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { array.append(.int(value)) }
    mutating func encode(_ value: UInt) throws { array.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { array.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { array.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { array.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { array.append(.uint(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let special = PlatformJSONEncoder.specialNode(value) { return array.append(special) }
        array.append(try PlatformJSONEncoder.node(for: value, codingPath: codingPath + [indexKey]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = indexKey
        let nested = PlatformJSONObject()
        array.append(.object(nested))
        return KeyedEncodingContainer(PlatformJSONKeyedContainer<NestedKey>(object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = indexKey
        let nested = PlatformJSONArray()
        array.append(.array(nested))
        return PlatformJSONUnkeyedContainer(array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let index = array.items.count
        array.append(.null)
        return PlatformJSONReferencingEncoder(codingPath: codingPath + [indexKey]) { [array] node in array.items[index] = node }
    }
}

/// Single-value container of ``PlatformJSONEncoder``.
struct PlatformJSONSingleValueContainer: SingleValueEncodingContainer {
    let encoder: PlatformJSONEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node = .null }
    mutating func encode(_ value: Bool) throws { encoder.node = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.node = try .floating(value, codingPath: codingPath) }
    mutating func encode(_ value: Float) throws { encoder.node = try .floating(Double(value), codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { encoder.node = .int(Int64(value)) }
    mutating func encode(_ value: Int8) throws { encoder.node = .int(Int64(value)) }
    mutating func encode(_ value: Int16) throws { encoder.node = .int(Int64(value)) }
    mutating func encode(_ value: Int32) throws { encoder.node = .int(Int64(value)) }
    mutating func encode(_ value: Int64) throws { encoder.node = .int(value) }
    mutating func encode(_ value: UInt) throws { encoder.node = .uint(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.node = .uint(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.node = .uint(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.node = .uint(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.node = .uint(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.node = try PlatformJSONEncoder.node(for: value, codingPath: codingPath)
    }
}

/// An encoder for `superEncoder()`: hands what it encoded to its parent when it goes away.
final class PlatformJSONReferencingEncoder: Encoder {
    private let inner: PlatformJSONEncoder
    private let store: (PlatformJSONNode) -> Void
    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(codingPath: [any CodingKey], store: @escaping (PlatformJSONNode) -> Void) {
        inner = PlatformJSONEncoder(codingPath: codingPath)
        self.store = store
    }

    deinit {
        store(inner.node ?? .object(PlatformJSONObject()))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }
}

/// The coding key of an array element, for error paths.
struct PlatformJSONIndexKey: CodingKey {
    var stringValue: String { "Index \(intValue ?? 0)" }
    var intValue: Int?

    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
