/// A realtime event's name, typed by its payload: the catalogue of every event the platform sends.
///
/// Only this module names events, so each name has exactly one payload type:
///
/// | name | payload | rooms |
/// |---|---|---|
/// | `email:status` | ``DeliveryStatusUpdate`` | the recruiter's `user:<id>` |
/// | `whatsapp:status` | ``DeliveryStatusUpdate`` | the recruiter's `user:<id>` |
/// | `interview:update` | ``InterviewUpdate`` | the recruiter's `user:<id>` (everything); `interview:<id>` (status changes only, without evaluation) |
public struct RealtimeEventName<Payload: Codable & Sendable>: Sendable, Hashable {
    /// The name on the wire.
    public let rawValue: String

    init(_ rawValue: String) { self.rawValue = rawValue }
}

extension RealtimeEventName where Payload == DeliveryStatusUpdate {
    /// An email invite's delivery status changed.
    public static var emailStatus: Self { Self("email:status") }
    /// A WhatsApp invite's delivery status changed.
    public static var whatsappStatus: Self { Self("whatsapp:status") }
}

extension RealtimeEventName where Payload == InterviewUpdate {
    /// An interview started, completed, was evaluated, failed evaluation or expired.
    public static var interviewUpdate: Self { Self("interview:update") }
}
