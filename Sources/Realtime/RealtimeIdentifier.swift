/// Unguessable identifiers for Engine.IO sessions and Socket.IO sockets.
enum RealtimeIdentifier {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// 20 URL-safe characters drawn from the system's cryptographically secure generator
    /// (120 bits), like the reference server's ids.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        for _ in 0..<20 {
            bytes.append(alphabet[Int(generator.next(upperBound: UInt8(alphabet.count)))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
