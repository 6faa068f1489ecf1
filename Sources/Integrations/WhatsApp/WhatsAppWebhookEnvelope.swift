import Foundation

/// The body of a WhatsApp Cloud API webhook (`object`, `entry[].changes[].value.statuses[]`); only
/// message statuses are read.
public struct WhatsAppWebhookEnvelope: Decodable, Sendable, Equatable {
    /// One entry (a business account).
    public struct Entry: Decodable, Sendable, Equatable {
        /// Its changes.
        public var changes: [Change]?
    }

    /// One change.
    public struct Change: Decodable, Sendable, Equatable {
        /// What changed.
        public var value: Value?
    }

    /// A change's value.
    public struct Value: Decodable, Sendable, Equatable {
        /// Message statuses.
        public var statuses: [Status]?
    }

    /// A message's status.
    public struct Status: Decodable, Sendable, Equatable {
        /// The message id returned when it was sent (`wamid.…`).
        public var id: String
        /// `sent`, `delivered`, `read`, `played`, `failed`, …
        public var status: String
        /// Seconds since 1970, as a string.
        public var timestamp: String?

        /// The delivery stage it reports; `nil` for statuses without one.
        public var deliveryEvent: WhatsAppDeliveryEvent? { WhatsAppDeliveryEvent(status: status) }

        /// `timestamp` as a number; `nil` when missing or not a number.
        public var secondsSince1970: Double? { timestamp.flatMap(Double.init) }
    }

    /// `whatsapp_business_account`.
    public var object: String?
    /// Entries.
    public var entry: [Entry]?

    /// Every message status of the body, in order.
    public var statuses: [Status] {
        (entry ?? []).flatMap { $0.changes ?? [] }.flatMap { $0.value?.statuses ?? [] }
    }
}
