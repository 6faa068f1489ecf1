public import Foundation

/// The platform's JSON on the wire (API responses, realtime events): object keys in the order the
/// type declares them, ids as lower-case UUIDs (as in URLs and PostgreSQL's text form), dates as
/// ISO 8601 UTC with milliseconds (`2026-11-27T10:00:00.000Z`), `/` not escaped.
///
/// An `Encoder` written for the response path: the bytes are written as the value encodes itself
/// (no intermediate tree), with no formatter objects and no second parse. `UUID`, `Date`, `Data`
/// (base64) and `URL` are written in the forms above wherever they appear, so no type needs a
/// custom `encode(to:)` to get them right.
public enum PlatformJSON {
    /// `value` as UTF-8 JSON bytes.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let writer = PlatformJSONWriter()
        try writer.write(value, codingPath: [])
        return writer.bytes
    }

    /// `value` as UTF-8 JSON bytes written through its own `Encodable` conformance even when it is
    /// a ``PlatformJSONObject`` (values inside it are written as usual): to check a hand-written
    /// object against its `Codable` form.
    public static func encodeWithCodable(_ value: some Encodable) throws -> [UInt8] {
        let writer = PlatformJSONWriter()
        try writer.write(ThroughCodable(value: value), codingPath: [])
        return writer.bytes
    }

    private struct ThroughCodable<Value: Encodable>: Encodable {
        var value: Value
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    /// `value` as a JSON string.
    public static func string(_ value: some Encodable) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// `date` as the wire's ISO 8601 text (`2026-11-27T10:00:00.123Z`), milliseconds truncated.
    public static func iso8601(_ date: Date) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(24)
        PlatformJSONDate.write(date, to: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
