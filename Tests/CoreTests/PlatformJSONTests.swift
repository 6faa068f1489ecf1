import Core
import Foundation
import Testing

/// ``PlatformJSON``: the same JSON values as Foundation's encoder, with lower-case ids and
/// millisecond dates written at the source.
@Suite struct PlatformJSONTests {
    struct Inner: Codable, Equatable {
        var id: UUID
        var tags: [String]
        var when: Date?
    }

    enum Kind: String, Codable {
        case text = "TEXT"
    }

    struct Sample: Codable, Equatable {
        var id: UUID
        var name: String
        var note: String?
        var count: Int
        var big: Int64
        var ratio: Double
        var whole: Double
        var flag: Bool
        var kind: Kind
        var inner: Inner
        var list: [Inner]
        var ids: [UUID]
        var map: [String: Int]
        var blob: Data
        var link: URL
        var nested: [[Int?]]
    }

    static let uuid = UUID(uuidString: "F5E937A3-1B2C-4D5E-8F90-ABCDEF012345")!
    static let sample = Sample(
        id: uuid, name: "Ana \"Quote\" \\ back/slash\n\t\u{01} café 🎉", note: nil, count: -42, big: Int64.max,
        ratio: 0.1, whole: 3, flag: true, kind: .text,
        inner: Inner(id: uuid, tags: ["a", ""], when: Date(timeIntervalSince1970: 1_764_237_600.123_456)),
        list: [Inner(id: UUID(), tags: [], when: nil)], ids: [uuid, UUID()], map: ["b": 2, "a": 1],
        blob: Data([0, 1, 2, 250]), link: URL(string: "https://example.com/a?b=c")!, nested: [[1, nil], []]
    )

    @Test func encodesTheSameValuesAsFoundation() throws {
        let ours = try JSONSerialization.jsonObject(with: Data(PlatformJSON.encode(Self.sample))) as! NSDictionary
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        let foundation = try JSONSerialization.jsonObject(with: encoder.encode(Self.sample)) as! NSDictionary
        // Foundation writes ids in upper case; everything else is equal.
        let lowered = try JSONSerialization.jsonObject(with: Data(
            String(decoding: JSONSerialization.data(withJSONObject: foundation), as: UTF8.self)
                .replacingOccurrences(of: Self.uuid.uuidString, with: Self.uuid.uuidString.lowercased())
                .replacingOccurrences(of: Self.sample.list[0].id.uuidString, with: Self.sample.list[0].id.uuidString.lowercased())
                .replacingOccurrences(of: Self.sample.ids[1].uuidString, with: Self.sample.ids[1].uuidString.lowercased()).utf8)) as! NSDictionary
        #expect(ours == lowered)
    }

    @Test func idsAreLowerCaseAndDatesHaveMilliseconds() throws {
        let text = try PlatformJSON.string(Self.sample.inner)
        #expect(text == #"{"id":"f5e937a3-1b2c-4d5e-8f90-abcdef012345","tags":["a",""],"when":"2025-11-27T10:00:00.123Z"}"#)
        #expect(try PlatformJSON.string(Self.uuid) == #""f5e937a3-1b2c-4d5e-8f90-abcdef012345""#)
    }

    @Test func escapesControlCharactersQuotesAndBackslashesOnly() throws {
        #expect(try PlatformJSON.string("a\"b\\c/d\u{0}\u{1F}é\r\n") == #""a\"b\\c/d\u0000\u001fé\r\n""#)
        #expect(try PlatformJSON.string(["x": 2.5, "y": 3.0]).contains(#""y":3"#))
    }

    @Test func decodesBackWithFoundation() throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            return try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
        }
        var expected = Self.sample
        expected.inner.when = Date(timeIntervalSince1970: 1_764_237_600.123)
        let decoded = try decoder.decode(Sample.self, from: Data(PlatformJSON.encode(Self.sample)))
        #expect(decoded.id == expected.id && decoded.name == expected.name && decoded.map == expected.map)
        #expect(abs(decoded.inner.when!.timeIntervalSince1970 - 1_764_237_600.123) < 0.000_5)
        #expect(decoded.blob == expected.blob && decoded.link == expected.link && decoded.nested == expected.nested)
    }

    @Test func datesAreWholeMillisecondsInFoundationsFormatAcrossTheCalendar() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        var generator = SystemRandomNumberGenerator()
        var milliseconds: [Int64] = [0, -1, 951_782_400_000, 4_102_444_799_999, -2_208_988_800_500, 1_764_237_600_115]
        for _ in 0..<2_000 {
            milliseconds.append(Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator))
        }
        for value in milliseconds {
            // A whole millisecond is not exact in binary: Foundation, flooring the binary value,
            // may print the one before. Our text is the intended millisecond; Foundation agrees
            // once the date is nudged by less than a millisecond.
            let date = Date(timeIntervalSince1970: Double(value) / 1000)
            #expect(PlatformJSON.iso8601(date) == Date(timeIntervalSince1970: Double(value) / 1000 + 0.000_4).formatted(style), "\(value)")
        }
        // Microseconds (PostgreSQL's precision) are truncated, never rounded up.
        #expect(PlatformJSON.iso8601(Date(timeIntervalSince1970: 1_764_237_600.123_900)) == "2025-11-27T10:00:00.123Z")
        #expect(PlatformJSON.iso8601(Date(timeIntervalSince1970: -0.000_5)) == "1969-12-31T23:59:59.999Z")
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try PlatformJSON.encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try PlatformJSON.encode(["x": Double.infinity]) }
    }

    struct HandWritten: Encodable {
        enum Keys: String, CodingKey { case a, nested, list, after }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .a)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .nested)
            try nested.encode("x", forKey: .a)
            var list = nested.nestedUnkeyedContainer(forKey: .list)
            try list.encode(true)
            try list.encodeNil()
            var inner = list.nestedContainer(keyedBy: Keys.self)
            try inner.encode(2.5, forKey: .a)
            try container.encode([Int](), forKey: .after)
        }
    }

    struct OutOfTurn: Encodable {
        enum Keys: String, CodingKey { case a, b }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .a)
            try container.encode(1, forKey: .b)
            try nested.encode(2, forKey: .a)
        }
    }

    struct Empty: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    @Test func nestedContainersCloseWhenTheirParentMovesOnAndMisuseIsAnError() throws {
        #expect(try PlatformJSON.string(HandWritten()) == #"{"a":1,"nested":{"a":"x","list":[true,null,{"a":2.5}]},"after":[]}"#)
        #expect(throws: EncodingError.self) { try PlatformJSON.encode(OutOfTurn()) }
        #expect(try PlatformJSON.string([Empty(), Empty()]) == "[{},{}]")
        #expect(try PlatformJSON.string([String: [Int]]()) == "{}")
        #expect(try PlatformJSON.string(Optional<Int>.none) == "null")
    }
}
