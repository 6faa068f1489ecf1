public import Foundation

/// The payload of `email:status` and `whatsapp:status`: an invite's delivery status changed.
public struct DeliveryStatusUpdate: Sendable, Codable, Equatable {
    /// The interview the invite is for.
    public var interviewId: UUID
    /// The new status: `PENDING`, `SENT`, `DELIVERED`, `OPENED` (email) / `READ` (WhatsApp),
    /// `FAILED`, `UNCERTAIN`, … as stored on the delivery record.
    public var status: String
    /// Why the invite failed or is uncertain; absent otherwise.
    public var error: String?

    /// Creates the payload.
    public init(interviewId: UUID, status: String, error: String? = nil) {
        self.interviewId = interviewId
        self.status = status
        self.error = error
    }
}
