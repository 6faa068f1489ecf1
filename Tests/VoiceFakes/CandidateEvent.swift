import Foundation

/// A JSON event the scripted candidate received.
public struct CandidateEvent: Sendable {
    /// `type`.
    public var type: String
    /// `text`, when present.
    public var text: String?
    /// `reason` (ended) or `code` (error), when present.
    public var detail: String?
    /// The numeric fields (`voiceToVoiceMs`, `remainingSeconds`, …).
    public var numbers: [String: Double]
    /// The frame as received.
    public var raw: String
    /// When it arrived.
    public var receivedAt: ContinuousClock.Instant

    /// Parses a text frame.
    init?(_ text: String, at instant: ContinuousClock.Instant) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let type = object["type"] as? String
        else { return nil }
        self.type = type
        self.text = object["text"] as? String
        self.detail = (object["reason"] as? String) ?? (object["code"] as? String)
        self.numbers = object.compactMapValues { ($0 as? NSNumber).flatMap { $0 is Bool ? nil : $0.doubleValue } }
        self.raw = text
        self.receivedAt = instant
    }
}
