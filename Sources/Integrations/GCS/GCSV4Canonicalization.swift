import Crypto
import Foundation

/// Internal building blocks of Google's V4 (`GOOG4-RSA-SHA256`) signing scheme.
enum GCSV4Canonicalization {
    /// The algorithm name used in `X-Goog-Algorithm`, the string-to-sign and POST policies.
    static let algorithm = "GOOG4-RSA-SHA256"
    /// The payload hash used when no `x-goog-content-sha256` header is signed.
    static let unsignedPayload = "UNSIGNED-PAYLOAD"

    // MARK: Timestamps

    /// `YYYYMMDD'T'HHMMSS'Z'` and `YYYYMMDD` of `date` in UTC.
    static func timestamps(for date: Date) -> (requestTimestamp: String, datestamp: String) {
        let c = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let datestamp = pad(c.year ?? 0, 4) + pad(c.month ?? 0, 2) + pad(c.day ?? 0, 2)
        let time = pad(c.hour ?? 0, 2) + pad(c.minute ?? 0, 2) + pad(c.second ?? 0, 2)
        return (datestamp + "T" + time + "Z", datestamp)
    }

    /// RFC 3339 `YYYY-MM-DD'T'HH:MM:SS'Z'` of `date` in UTC (whole seconds).
    static func rfc3339(_ date: Date) -> String {
        let c = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return pad(c.year ?? 0, 4) + "-" + pad(c.month ?? 0, 2) + "-" + pad(c.day ?? 0, 2) + "T"
            + pad(c.hour ?? 0, 2) + ":" + pad(c.minute ?? 0, 2) + ":" + pad(c.second ?? 0, 2) + "Z"
    }

    /// `<datestamp>/auto/storage/goog4_request`.
    static func credentialScope(datestamp: String) -> String {
        "\(datestamp)/auto/storage/goog4_request"
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    // MARK: Percent-encoding

    /// RFC 3986 percent-encoding of the UTF-8 bytes of `string`, keeping only the unreserved
    /// characters `A-Z a-z 0-9 - _ . ~` (plus `/` when `keepSlash`). Hex digits are upper case.
    static func percentEncode(_ string: String, keepSlash: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result.append("%")
                result.append(hexDigitsUpper[Int(byte >> 4)])
                result.append(hexDigitsUpper[Int(byte & 0x0F)])
            }
        }
        return result
    }

    private static let hexDigitsUpper: [Character] = Array("0123456789ABCDEF")
    private static let hexDigitsLower: [Character] = Array("0123456789abcdef")

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    // MARK: Canonical pieces

    /// The canonical query string: every key and value percent-encoded, sorted by encoded key
    /// (then encoded value) in byte order, joined as `k=v` with `&`.
    static func canonicalQuery(_ parameters: [String: String]) -> String {
        parameters
            .map { (key: percentEncode($0.key), value: percentEncode($0.value)) }
            .sorted { lhs, rhs in
                lhs.key == rhs.key
                    ? Array(lhs.value.utf8).lexicographicallyPrecedes(Array(rhs.value.utf8))
                    : Array(lhs.key.utf8).lexicographicallyPrecedes(Array(rhs.key.utf8))
            }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }

    /// Canonical headers: names lower-cased and trimmed, values trimmed with each run of spaces
    /// and tabs collapsed to one space, duplicate names (after lower-casing) joined with `,`,
    /// sorted by name. Returns `(name, value)` pairs in order.
    static func canonicalHeaders(_ headers: [String: String]) throws -> [(name: String, value: String)] {
        var merged: [String: [String]] = [:]
        for (rawName, rawValue) in headers {
            let name = collapseWhitespace(rawName).lowercased()
            guard !name.isEmpty else {
                throw GCSSigningError.invalidRequest(reason: "header name must not be empty")
            }
            guard !name.contains(where: { $0 == ":" || $0.isNewline || $0 == " " || $0 == "\t" }) else {
                throw GCSSigningError.invalidRequest(reason: "header name '\(rawName)' contains ':', whitespace or a line break")
            }
            guard !rawValue.contains(where: \.isNewline) else {
                throw GCSSigningError.invalidRequest(reason: "value of header '\(rawName)' contains a line break")
            }
            merged[name, default: []].append(collapseWhitespace(rawValue))
        }
        return merged
            .map { (name: $0.key, value: $0.value.sorted().joined(separator: ",")) }
            .sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    /// Trims leading/trailing spaces and tabs and collapses every inner run of them to one space.
    static func collapseWhitespace(_ value: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            if scalar == " " || scalar == "\t" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The `host` header value for an authority `host[:port]`: the port is dropped, as in Google's vectors.
    static func canonicalHost(_ authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[...close]).lowercased()
        }
        if let colon = authority.lastIndex(of: ":"),
            authority.firstIndex(of: ":") == colon,
            authority[authority.index(after: colon)...].allSatisfy(\.isASCII),
            authority[authority.index(after: colon)...].allSatisfy(\.isNumber)
        {
            return String(authority[..<colon]).lowercased()
        }
        return authority.lowercased()
    }

    // MARK: Hashing and hex

    /// Lower-case hex SHA-256 of the UTF-8 bytes of `string`.
    static func sha256Hex(_ string: String) -> String {
        hexLower(Data(SHA256.hash(data: Data(string.utf8))))
    }

    /// Lower-case hex of `bytes`.
    static func hexLower(_ bytes: some Sequence<UInt8>) -> String {
        var result = ""
        for byte in bytes {
            result.append(hexDigitsLower[Int(byte >> 4)])
            result.append(hexDigitsLower[Int(byte & 0x0F)])
        }
        return result
    }
}
