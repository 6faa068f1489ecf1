import Foundation

/// Checks JSON values, as `JSONSerialization` produces them, against JSON Schema 2020-12 schemas
/// of an OpenAPI 3.1 document.
///
/// Supported keywords: `$ref` (local, `#/…`), `type` (a name or an array of names, `"null"`
/// included), `properties`, `required`, `additionalProperties` (`false` or a schema), `items`,
/// `minItems`/`maxItems`, `enum`, `const`, `format` (`uuid`, `date-time` loosely, `email`
/// loosely), `minLength`/`maxLength`, `pattern`, `minimum`/`maximum` and their exclusive forms,
/// `oneOf`, `anyOf`, `allOf` and `not`. Other keywords (descriptions, examples, …) are ignored.
struct JSONSchemaValidator: @unchecked Sendable {
    /// The document `$ref`s point into (parsed JSON; never mutated, hence `@unchecked Sendable`).
    let root: [String: Any]

    /// A validator resolving references in `root`.
    init(root: [String: Any]) {
        self.root = root
    }

    /// The JSON kinds of JSON Schema's `type`.
    enum Kind: String {
        case null, boolean, integer, number, string, array, object
    }

    /// Every problem of `value` against `schema`, each prefixed with the JSON path of the value
    /// (`location`, e.g. `body.user.id`); empty when it conforms.
    func problems(of value: Any, against schema: Any, at location: String = "body") -> [String] {
        problems(of: value, against: schema, at: location, depth: 0)
    }

    /// The schema at `reference` (`#/components/schemas/Error`), or `nil` when it does not resolve.
    func resolve(_ reference: String) -> Any? {
        guard reference.hasPrefix("#") else { return nil }
        var current: Any = root
        let pointer = String(reference.dropFirst())
        guard !pointer.isEmpty else { return root }
        for rawToken in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let token = (String(rawToken).removingPercentEncoding ?? String(rawToken))
                .replacingOccurrences(of: "~1", with: "/")
                .replacingOccurrences(of: "~0", with: "~")
            if let object = current as? [String: Any], let next = object[token] {
                current = next
            } else if let array = current as? [Any], let index = Int(token), array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current
    }

    private func problems(of value: Any, against schema: Any, at location: String, depth: Int) -> [String] {
        guard depth < 64 else { return ["\(location): schema references nest too deeply (a cycle?)"] }
        if let allowed = schema as? Bool, Self.kind(of: schema) == .boolean {
            return allowed ? [] : ["\(location): no value is allowed here"]
        }
        guard let schema = schema as? [String: Any] else { return ["\(location): the schema is not an object"] }
        var found: [String] = []

        if let reference = schema["$ref"] as? String {
            guard let target = resolve(reference) else { return ["\(location): unresolvable $ref \(reference)"] }
            found += problems(of: value, against: target, at: location, depth: depth + 1)
        }

        let kind = Self.kind(of: value)
        if let expected = Self.typeNames(schema["type"]) {
            let matches = expected.contains { name in
                name == kind.rawValue || (name == "number" && kind == .integer)
            }
            guard matches else {
                return found + ["\(location): expected \(expected.joined(separator: " or ")), got \(kind.rawValue) \(Self.describe(value))"]
            }
        }

        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal($0, value) }) {
            found.append("\(location): \(Self.describe(value)) is not one of \(Self.describe(options))")
        }
        if let constant = schema["const"], !Self.equal(constant, value) {
            found.append("\(location): expected \(Self.describe(constant)), got \(Self.describe(value))")
        }

        switch kind {
        case .string:
            found += stringProblems(value as? String ?? "", schema: schema, at: location)
        case .integer, .number:
            found += numberProblems(value, schema: schema, at: location)
        case .object:
            found += objectProblems(value as? [String: Any] ?? [:], schema: schema, at: location, depth: depth)
        case .array:
            found += arrayProblems(value as? [Any] ?? [], schema: schema, at: location, depth: depth)
        case .null, .boolean:
            break
        }

        if let all = schema["allOf"] as? [Any] {
            for member in all { found += problems(of: value, against: member, at: location, depth: depth + 1) }
        }
        if let any = schema["anyOf"] as? [Any] {
            let results = any.map { problems(of: value, against: $0, at: location, depth: depth + 1) }
            if !results.contains(where: \.isEmpty) {
                found.append("\(location): matches none of the anyOf schemas (\(Self.summarize(results)))")
            }
        }
        if let one = schema["oneOf"] as? [Any] {
            let results = one.map { problems(of: value, against: $0, at: location, depth: depth + 1) }
            let matching = results.filter(\.isEmpty).count
            if matching == 0 {
                found.append("\(location): matches none of the oneOf schemas (\(Self.summarize(results)))")
            } else if matching > 1 {
                found.append("\(location): matches \(matching) of the oneOf schemas, expected exactly one")
            }
        }
        if let not = schema["not"], problems(of: value, against: not, at: location, depth: depth + 1).isEmpty {
            found.append("\(location): matches a schema it must not match")
        }
        return found
    }

    private func stringProblems(_ text: String, schema: [String: Any], at location: String) -> [String] {
        var found: [String] = []
        let length = text.unicodeScalars.count
        if let minimum = Self.integer(schema["minLength"]), length < minimum {
            found.append("\(location): \(Self.describe(text)) is shorter than \(minimum) characters")
        }
        if let maximum = Self.integer(schema["maxLength"]), length > maximum {
            found.append("\(location): \(Self.describe(text)) is longer than \(maximum) characters")
        }
        if let pattern = schema["pattern"] as? String {
            if let expression = try? NSRegularExpression(pattern: pattern) {
                let range = NSRange(text.startIndex..., in: text)
                if expression.firstMatch(in: text, range: range) == nil {
                    found.append("\(location): \(Self.describe(text)) does not match the pattern \(pattern)")
                }
            } else {
                found.append("\(location): the schema's pattern \(pattern) does not compile")
            }
        }
        if let format = schema["format"] as? String, !Self.conforms(text, to: format) {
            found.append("\(location): \(Self.describe(text)) is not a valid \(format)")
        }
        return found
    }

    private func numberProblems(_ value: Any, schema: [String: Any], at location: String) -> [String] {
        guard let number = Self.double(value) else { return [] }
        var found: [String] = []
        if let minimum = Self.double(schema["minimum"]), number < minimum {
            found.append("\(location): \(Self.describe(value)) is less than the minimum \(Self.describe(schema["minimum"] ?? minimum))")
        }
        if let maximum = Self.double(schema["maximum"]), number > maximum {
            found.append("\(location): \(Self.describe(value)) is greater than the maximum \(Self.describe(schema["maximum"] ?? maximum))")
        }
        if let minimum = Self.double(schema["exclusiveMinimum"]), number <= minimum {
            found.append("\(location): \(Self.describe(value)) is not greater than \(Self.describe(schema["exclusiveMinimum"] ?? minimum))")
        }
        if let maximum = Self.double(schema["exclusiveMaximum"]), number >= maximum {
            found.append("\(location): \(Self.describe(value)) is not less than \(Self.describe(schema["exclusiveMaximum"] ?? maximum))")
        }
        return found
    }

    private func objectProblems(_ object: [String: Any], schema: [String: Any], at location: String, depth: Int) -> [String] {
        var found: [String] = []
        let properties = schema["properties"] as? [String: Any] ?? [:]
        for name in (schema["required"] as? [String] ?? []) where object[name] == nil {
            found.append("\(location): missing required property \"\(name)\"")
        }
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            let path = "\(location).\(name)"
            if let property = properties[name] {
                found += problems(of: value, against: property, at: path, depth: depth + 1)
            } else if let additional = schema["additionalProperties"] {
                if let allowed = additional as? Bool, Self.kind(of: additional) == .boolean {
                    if !allowed { found.append("\(location): unexpected property \"\(name)\" (the schema allows no others)") }
                } else {
                    found += problems(of: value, against: additional, at: path, depth: depth + 1)
                }
            }
        }
        return found
    }

    private func arrayProblems(_ array: [Any], schema: [String: Any], at location: String, depth: Int) -> [String] {
        var found: [String] = []
        if let minimum = Self.integer(schema["minItems"]), array.count < minimum {
            found.append("\(location): has \(array.count) items, fewer than \(minimum)")
        }
        if let maximum = Self.integer(schema["maxItems"]), array.count > maximum {
            found.append("\(location): has \(array.count) items, more than \(maximum)")
        }
        if let items = schema["items"] {
            for (index, element) in array.enumerated() {
                found += problems(of: element, against: items, at: "\(location)[\(index)]", depth: depth + 1)
            }
        }
        return found
    }

    // MARK: JSON values

    /// The JSON kind of `value` (`JSONSerialization` output, or plain Swift values).
    ///
    /// `JSONSerialization` returns booleans and numbers as `NSNumber`; booleans are the
    /// `NSNumber` subclass of `NSNumber(value: true)` (on Darwin and Linux alike), and numbers
    /// with an integral value count as integers, as JSON Schema says.
    static func kind(of value: Any) -> Kind {
        if value is NSNull { return .null }
        if value is String { return .string }
        if type(of: value) is NSNumber.Type, let number = value as? NSNumber {
            if type(of: number) == type(of: NSNumber(value: true)) { return .boolean }
            let objCType = String(cString: number.objCType)
            if objCType == "d" || objCType == "f" {
                let double = number.doubleValue
                return double.isFinite && double.rounded() == double ? .integer : .number
            }
            return .integer
        }
        switch value {
        case is Bool: return .boolean
        case is Int, is Int8, is Int16, is Int32, is Int64, is UInt, is UInt8, is UInt16, is UInt32, is UInt64: return .integer
        case let double as Double: return double.isFinite && double.rounded() == double ? .integer : .number
        case is Float: return .number
        case is [Any]: return .array
        case is [String: Any]: return .object
        default: return .null
        }
    }

    /// Whether `a` and `b` are the same JSON value (`1` equals `1.0`, `true` never equals `1`).
    static func equal(_ a: Any, _ b: Any) -> Bool {
        let kindA = kind(of: a)
        let kindB = kind(of: b)
        let numeric: Set<Kind> = [.integer, .number]
        if numeric.contains(kindA) && numeric.contains(kindB) {
            if kindA == .integer, kindB == .integer, let x = int64(a), let y = int64(b) { return x == y }
            return double(a) == double(b)
        }
        guard kindA == kindB else { return false }
        switch kindA {
        case .null: return true
        case .boolean: return (a as? Bool) == (b as? Bool)
        case .string: return (a as? String) == (b as? String)
        case .array:
            guard let x = a as? [Any], let y = b as? [Any], x.count == y.count else { return false }
            return zip(x, y).allSatisfy { equal($0, $1) }
        case .object:
            guard let x = a as? [String: Any], let y = b as? [String: Any], x.count == y.count else { return false }
            return x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        case .integer, .number: return false
        }
    }

    /// Whether `text` is a `format` value (unknown formats always conform).
    static func conforms(_ text: String, to format: String) -> Bool {
        switch format {
        case "uuid":
            return text.count == 36 && UUID(uuidString: text) != nil
        case "date-time":
            return text.range(of: #"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$"#, options: .regularExpression) != nil
        case "email":
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
        default:
            return true
        }
    }

    private static func typeNames(_ type: Any?) -> [String]? {
        if let name = type as? String { return [name] }
        if let names = type as? [Any] { return names.compactMap { $0 as? String } }
        return nil
    }

    private static func double(_ value: Any?) -> Double? {
        guard let value, kind(of: value) == .integer || kind(of: value) == .number else { return nil }
        if let number = value as? NSNumber { return number.doubleValue }
        switch value {
        case let int as Int: return Double(int)
        case let int as Int64: return Double(int)
        case let double as Double: return double
        default: return nil
        }
    }

    private static func int64(_ value: Any?) -> Int64? {
        guard let value, kind(of: value) == .integer else { return nil }
        if let number = value as? NSNumber {
            let objCType = String(cString: number.objCType)
            return objCType == "d" || objCType == "f" ? Int64(exactly: number.doubleValue) : number.int64Value
        }
        switch value {
        case let int as Int: return Int64(int)
        case let int as Int64: return int
        case let double as Double: return Int64(exactly: double)
        default: return nil
        }
    }

    private static func integer(_ value: Any?) -> Int? {
        int64(value).flatMap { Int(exactly: $0) }
    }

    /// `value` as short JSON text, for messages.
    static func describe(_ value: Any) -> String {
        let text: String
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]) {
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = String(describing: value)
        }
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }

    private static func summarize(_ results: [[String]]) -> String {
        results.enumerated().map { index, problems in
            "#\(index): " + (problems.first ?? "ok") + (problems.count > 1 ? " (+\(problems.count - 1) more)" : "")
        }.joined(separator: "; ")
    }
}
