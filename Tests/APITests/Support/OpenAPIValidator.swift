import Foundation

/// The API's OpenAPI 3.1 document (`Sources/API/OpenAPI/openapi.json`), and a check of responses
/// against it.
///
/// ``validate(method:path:status:contentType:body:)`` finds the path template (constant segments
/// win over templated ones), the operation and the documented status (`4XX`-style ranges and
/// `default` included), checks the content type, and validates a JSON body against the
/// response's schema with ``JSONSchemaValidator``.
struct OpenAPIDocument: @unchecked Sendable {
    /// The parsed document (never mutated, hence `@unchecked Sendable`).
    let root: [String: Any]
    /// Validates values against the document's schemas.
    let schemas: JSONSchemaValidator

    /// An operation of the document.
    struct Operation: Hashable, Comparable, CustomStringConvertible {
        /// Lower-case HTTP method (`get`).
        let method: String
        /// Path template (`/interviews/{id}`).
        let path: String

        var description: String { "\(method.uppercased()) \(path)" }

        static func < (lhs: Operation, rhs: Operation) -> Bool {
            (lhs.path, lhs.method) < (rhs.path, rhs.method)
        }
    }

    /// Why the document could not be loaded.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The methods an OpenAPI path item can hold.
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The repository's root: the nearest directory above this file holding `Package.swift`.
    static var repositoryRoot: URL {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { return directory }
            directory = directory.deletingLastPathComponent()
        }
        // Tests/APITests/Support/<this file> → the repository.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `Sources/API/OpenAPI/openapi.json` of the repository.
    static var defaultURL: URL {
        repositoryRoot.appendingPathComponent("Sources/API/OpenAPI/openapi.json")
    }

    /// The repository's document, loaded once (call `get()` for it or the reason it failed).
    static let repository: Result<OpenAPIDocument, any Error> = Result { try OpenAPIDocument() }

    /// Loads the document at `url` (the repository's by default).
    init(contentsOf url: URL = OpenAPIDocument.defaultURL) throws {
        try self.init(data: Data(contentsOf: url))
    }

    /// Parses a document.
    init(data: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw LoadError(description: "the OpenAPI document is not a JSON object")
        }
        self.root = root
        self.schemas = JSONSchemaValidator(root: root)
    }

    /// The `openapi` version string.
    var version: String? { root["openapi"] as? String }

    /// The `paths` object.
    var paths: [String: Any] { root["paths"] as? [String: Any] ?? [:] }

    /// Every documented operation, sorted by path then method.
    var operations: [Operation] {
        paths.flatMap { path, item in
            ((item as? [String: Any]) ?? [:]).keys.filter(Self.methods.contains).map { Operation(method: $0, path: path) }
        }.sorted()
    }

    /// The schema `components/schemas/<name>`.
    func schema(named name: String) -> [String: Any]? {
        ((root["components"] as? [String: Any])?["schemas"] as? [String: Any])?[name] as? [String: Any]
    }

    // MARK: Matching

    /// The path template matching the concrete `path` (its query string is ignored), or `nil`.
    ///
    /// A `{param}` segment matches one non-empty segment; a trailing parameter marked
    /// `x-multi-segment: true` (Hummingbird's `**`) matches one or more. When several templates
    /// match, the one whose first differing segment is constant wins (`/jobs/public` over
    /// `/jobs/{id}`).
    func template(matching path: String) -> String? {
        let bare = String(path.prefix { $0 != "?" && $0 != "#" })
        let segments = Self.segments(of: bare)
        var best: (template: String, rank: [Int])?
        for (template, item) in paths {
            let parts = Self.segments(of: template)
            let multi = parts.last.flatMap(Self.parameterName).map { Self.isMultiSegment($0, in: item) } ?? false
            guard multi ? segments.count >= parts.count : segments.count == parts.count else { continue }
            var rank: [Int] = []
            var matched = true
            for (index, part) in parts.enumerated() {
                if Self.parameterName(part) != nil {
                    guard !segments[index].isEmpty else { matched = false; break }
                    rank.append(multi && index == parts.count - 1 ? 0 : 1)
                } else {
                    guard part == segments[index] else { matched = false; break }
                    rank.append(2)
                }
            }
            guard matched else { continue }
            if let current = best {
                let better = current.rank.lexicographicallyPrecedes(rank) || (current.rank == rank && template < current.template)
                if better { best = (template, rank) }
            } else {
                best = (template, rank)
            }
        }
        return best?.template
    }

    private static func segments(of path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        return Array(parts.first == "" ? parts.dropFirst() : parts[...])
    }

    private static func parameterName(_ segment: String) -> String? {
        guard segment.hasPrefix("{"), segment.hasSuffix("}"), segment.count > 2 else { return nil }
        return String(segment.dropFirst().dropLast())
    }

    private static func isMultiSegment(_ name: String, in item: Any) -> Bool {
        guard let parameters = (item as? [String: Any])?["parameters"] as? [[String: Any]] else { return false }
        return parameters.contains { ($0["name"] as? String) == name && ($0["in"] as? String) == "path" && ($0["x-multi-segment"] as? Bool) == true }
    }

    /// Follows `$ref`s of a response, parameter or other component object.
    private func dereference(_ object: Any?) -> [String: Any]? {
        var current = object
        for _ in 0..<16 {
            guard let dictionary = current as? [String: Any] else { return nil }
            guard let reference = dictionary["$ref"] as? String else { return dictionary }
            current = schemas.resolve(reference)
        }
        return nil
    }

    // MARK: Validation

    /// The problems of a response to `method path` (empty when it conforms).
    ///
    /// - Parameters:
    ///   - method: The request's method, any case (`GET`).
    ///   - path: The concrete request path (`/interviews/3f…`); a query string is ignored.
    ///   - status: The response's status code.
    ///   - contentType: The response's `Content-Type` (parameters such as `charset` are ignored).
    ///   - body: The response's body; JSON bodies are validated against the documented schema.
    func validate(method: String, path: String, status: Int, contentType: String?, body: Data) -> [String] {
        let verb = method.lowercased()
        guard let template = template(matching: path) else {
            return ["\(method.uppercased()) \(path): no documented path matches"]
        }
        let route = "\(verb.uppercased()) \(template)"
        guard let operation = (paths[template] as? [String: Any])?[verb] as? [String: Any] else {
            return ["\(route): the method is not documented for this path"]
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        let key = [String(status), "\(status / 100)XX", "\(status / 100)xx", "default"].first { responses[$0] != nil }
        guard let key else {
            return ["\(route): status \(status) is not documented (documented: \(responses.keys.sorted().joined(separator: ", ")))"]
        }
        guard let response = dereference(responses[key]) else {
            return ["\(route) → \(key): the response object does not resolve"]
        }
        let content = response["content"] as? [String: Any] ?? [:]
        if content.isEmpty {
            return body.isEmpty ? [] : ["\(route) → \(status): a body of \(body.count) bytes, but the response documents none"]
        }
        if body.isEmpty && contentType == nil {
            return ["\(route) → \(status): no body, but the response documents \(content.keys.sorted().joined(separator: ", "))"]
        }
        guard let contentType else {
            return ["\(route) → \(status): the response has a body but no Content-Type"]
        }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let family = mediaType.split(separator: "/").first.map { "\($0)/*" } ?? "*/*"
        let documented = Dictionary(content.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let mediaObject = documented[mediaType] ?? documented[family] ?? documented["*/*"] else {
            return ["\(route) → \(status): Content-Type \(mediaType) is not documented (documented: \(content.keys.sorted().joined(separator: ", ")))"]
        }
        guard mediaType == "application/json" || mediaType.hasSuffix("+json") else { return [] }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        } catch {
            return ["\(route) → \(status): the body is not valid JSON"]
        }
        guard let schema = (mediaObject as? [String: Any])?["schema"] else { return [] }
        return schemas.problems(of: value, against: schema).map { "\(route) → \(status): \($0)" }
    }

    /// The problems of the JSON `body` against `components/schemas/<name>` (for unit tests).
    func validate(json body: Data, againstSchemaNamed name: String) -> [String] {
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            return ["the body is not valid JSON"]
        }
        return schemas.problems(of: value, against: ["$ref": "#/components/schemas/\(name)"])
    }
}
