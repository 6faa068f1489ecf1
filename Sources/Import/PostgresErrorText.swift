import PostgresNIO

/// The server's own message for a failed statement (PostgresNIO redacts its description).
enum PostgresErrorText {
    static func message(_ error: any Error) -> String {
        if let error = error as? PSQLError, let info = error.serverInfo {
            var text = info[.message] ?? "\(error.code)"
            if let detail = info[.detail] { text += " (\(detail))" }
            return text
        }
        return String(describing: error)
    }
}
