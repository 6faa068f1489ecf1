/// What a stored file is for (`file_category`), which sets its size limit and accepted types.
public enum FileCategory: String, Sendable, Codable, CaseIterable {
    /// A company logo (public).
    case logo = "LOGO"
    /// A candidate's resume.
    case resume = "RESUME"
    /// A screenshot taken during an interview.
    case screenshot = "SCREENSHOT"
    /// Any other document.
    case document = "DOCUMENT"

    /// Largest accepted size in bytes.
    public var maximumBytes: Int {
        switch self {
        case .logo: 1 << 20
        case .resume: 5 << 20
        case .screenshot: 2 << 20
        case .document: 10 << 20
        }
    }

    /// Content types accepted for the category (as detected from the bytes).
    public var acceptedTypes: Set<String> {
        switch self {
        case .logo: ["image/png", "image/jpeg", "image/gif", "image/webp"]
        case .resume: ["application/pdf", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/plain"]
        case .screenshot: ["image/png", "image/jpeg", "image/webp"]
        case .document: ["application/pdf", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         "text/plain", "image/png", "image/jpeg", "image/gif", "image/webp", "application/zip"]
        }
    }
}
