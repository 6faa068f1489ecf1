import Foundation
import Testing

@testable import Realtime

@Suite struct JSONValueTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue(parsing: #" {"a": [1, -2.5, 3e2, true, false, null], "b": "x\"y\\z\n\u00e9\ud83d\ude00", "c": {}} "#)
        #expect(value["a"] == [1, -2.5, 300, true, false, nil])
        #expect(value["b"] == "x\"y\\z\né😀")
        #expect(value["c"] == .object([:]))
    }

    @Test func serializesCompactlyWithSortedKeys() {
        let value: JSONValue = ["b": [1, 2.5, "s"], "a": nil, "c": ["t": true]]
        #expect(value.jsonText == #"{"a":null,"b":[1,2.5,"s"],"c":{"t":true}}"#)
    }

    @Test func escapesStrings() throws {
        let value: JSONValue = .string("q\"b\\n\n\t\u{01}\u{2028}é")
        #expect(value.jsonText == #""q\"b\\n\n\t\u0001\u2028é""#)
        #expect(try JSONValue(parsing: value.jsonText) == value)
    }

    @Test func writesNumbersAsJavaScriptWould() {
        #expect(JSONValue.number(3).jsonText == "3")
        #expect(JSONValue.number(-0.5).jsonText == "-0.5")
        #expect(JSONValue.number(1e21).jsonText == "1e+21")
        #expect(JSONValue.number(.nan).jsonText == "null")
        #expect(JSONValue.number(.infinity).jsonText == "null")
    }

    @Test func replacesLoneSurrogates() throws {
        #expect(try JSONValue(parsing: #""\ud800x""#) == "\u{FFFD}x")
        #expect(try JSONValue(parsing: #""\udc00""#) == "\u{FFFD}")
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "[1 2]", "{\"a\" 1}", "{a:1}", "01", "1.", "-", "1e", "tru", "nul",
        "\"abc", "\"\\x\"", "\"\\u12\"", "\"a\u{01}\"", "[1]x", "{\"a\":1,}", "+1", ".5", "NaN",
    ])
    func refusesInvalidJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func refusesDeepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        let fine = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect(throws: Never.self) { try JSONValue(parsing: fine) }
    }

    @Test func bridgesCodable() throws {
        struct Payload: Codable, Equatable {
            var id: String
            var count: Int
            var tags: [String]
        }
        let payload = Payload(id: "7", count: 3, tags: ["a"])
        let value = try JSONValue(encoding: payload)
        #expect(value == ["id": "7", "count": 3, "tags": ["a"]])
        #expect(try value.decode(Payload.self) == payload)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"x":[true,1,"s",null]}"#.utf8))
        #expect(decoded == ["x": [true, 1, "s", nil]])
    }

    @Test func typedAccessors() {
        let value: JSONValue = ["n": 42, "f": 1.5, "s": "x", "b": true]
        #expect(value["n"]?.intValue == 42)
        #expect(value["f"]?.intValue == nil)
        #expect(value["f"]?.doubleValue == 1.5)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == true)
        #expect(value["missing"] == nil)
        #expect(JSONValue.null.isNull)
    }
}
