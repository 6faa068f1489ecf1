/// A RESP reply value.
///
/// Mirrors the reply types produced by hiredis's reply reader: simple strings,
/// errors, integers, bulk strings (possibly null) and arrays (possibly null).
public enum RedisValue: Sendable, Equatable {
    /// A simple string reply such as `OK` or `PONG`.
    case simple(String)
    /// An error reply such as `ERR unknown command`; the payload is the whole error text.
    case error(String)
    /// An integer reply.
    case integer(Int)
    /// A bulk string reply; `nil` is the null bulk string (e.g. `GET` of a missing key).
    case bulk([UInt8]?)
    /// An array reply; `nil` is the null array.
    case array([RedisValue]?)

    /// The value as a string: simple strings, bulk strings (decoded as UTF-8), error texts and integers.
    /// `nil` for null bulk strings and arrays.
    public var string: String? {
        switch self {
        case .simple(let text), .error(let text):
            return text
        case .integer(let number):
            return String(number)
        case .bulk(let bytes?):
            return String(decoding: bytes, as: UTF8.self)
        case .bulk(nil), .array:
            return nil
        }
    }

    /// The value as an integer: integer replies, and simple or bulk strings holding a decimal number.
    public var int: Int? {
        switch self {
        case .integer(let number):
            return number
        case .simple(let text):
            return Int(text)
        case .bulk(let bytes?):
            return Int(String(decoding: bytes, as: UTF8.self))
        case .bulk(nil), .array, .error:
            return nil
        }
    }

    /// The elements of an array reply, or `nil` for every other kind of reply (and the null array).
    public var elements: [RedisValue]? {
        if case .array(let elements?) = self {
            return elements
        }
        return nil
    }

    /// Whether this is an error reply.
    public var isError: Bool {
        if case .error = self {
            return true
        }
        return false
    }

    /// Whether this is a null bulk string or a null array.
    public var isNull: Bool {
        switch self {
        case .bulk(nil), .array(nil):
            return true
        default:
            return false
        }
    }

    /// Convenience for a bulk string reply holding the UTF-8 bytes of `text`.
    public static func bulkString(_ text: String) -> RedisValue {
        .bulk(Array(text.utf8))
    }
}
