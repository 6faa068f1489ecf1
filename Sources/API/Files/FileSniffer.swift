import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// Detects a file's type from its first bytes (magic numbers), never from the client's claim.
enum FileSniffer {
    /// The detected content type, or `nil` when the bytes match no accepted type.
    static func contentType(of bytes: some Collection<UInt8>) -> String? {
        let head = Array(bytes.prefix(16))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return "application/msword" }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            return contains(bytes, Array("word/".utf8))
                ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document" : "application/zip"
        }
        if isPlainText(bytes) { return "text/plain" }
        return nil
    }

    /// UTF-8 text without NUL or control characters other than tab, CR and LF.
    static func isPlainText(_ bytes: some Collection<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }), !bytes.contains(0x7F) else {
            return false
        }
        return String(validating: Array(bytes), as: UTF8.self) != nil
    }

    private static func contains(_ bytes: some Collection<UInt8>, _ needle: [UInt8]) -> Bool {
        let haystack = Array(bytes)
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return true }
        }
        return false
    }
}
