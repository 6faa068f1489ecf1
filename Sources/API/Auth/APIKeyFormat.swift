import Core
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// API keys: `vh_live_` followed by 40 random base62 characters (≈238 bits).
enum APIKeyFormat {
    /// Every key starts with this.
    static let prefix = "vh_"
    /// Prefix of keys this API issues.
    static let livePrefix = "vh_live_"
    /// Random characters after the prefix.
    static let randomLength = 40

    /// A new key.
    static func generate() -> String { livePrefix + SecureToken.random(length: randomLength) }

    /// The part shown in listings to recognise a key.
    static func displayPrefix(of key: String) -> String { String(key.prefix(livePrefix.count + 6)) }

    /// Whether `key` could be one of ours (cheap check before hashing and a database lookup).
    static func isWellFormed(_ key: String) -> Bool {
        key.hasPrefix(prefix) && key.count <= 128 && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
