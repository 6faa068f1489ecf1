internal import Foundation

extension URL {
    /// This URL's absolute text without trailing slashes, followed by `path` (which starts with `/`
    /// and is already percent-encoded as needed).
    func endpoint(_ path: String) -> String {
        var base = absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }
}
