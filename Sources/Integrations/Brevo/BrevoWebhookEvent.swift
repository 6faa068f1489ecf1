public import Foundation

/// One event of Brevo's transactional webhook (a body holds one event or an array of them).
public struct BrevoWebhookEvent: Decodable, Sendable, Equatable {
    /// Brevo's event name (`delivered`, `hard_bounce`, …).
    public var event: String?
    /// Brevo's message id, as returned when the email was sent.
    public var messageId: String?
    /// Milliseconds (or, from older accounts, seconds) since 1970, UTC.
    public var tsEpoch: Double?
    /// Seconds since 1970.
    public var tsEvent: Double?
    /// The `X-Mailin-custom` header the email was sent with.
    public var custom: String?

    enum CodingKeys: String, CodingKey {
        case event
        case custom = "X-Mailin-custom"
        case messageId = "message-id"
        case tsEpoch = "ts_epoch"
        case tsEvent = "ts_event"
    }

    /// Decodes a webhook body: one event object, or an array of them.
    public static func decodeBody(_ data: Data) throws -> [BrevoWebhookEvent] {
        if data.first(where: { !$0.isJSONWhitespace }) == UInt8(ascii: "[") {
            return try JSONDecoder().decode([BrevoWebhookEvent].self, from: data)
        }
        return [try JSONDecoder().decode(BrevoWebhookEvent.self, from: data)]
    }

    /// Our email record's id, echoed from the `X-Mailin-custom` header (`{"emailMessageId": "…"}`)
    /// the invite was sent with.
    public var emailMessageRecord: UUID? {
        guard let custom, let data = custom.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let text = object["emailMessageId"] as? String else { return nil }
        return UUID(uuidString: text)
    }

    /// When it happened, in seconds since 1970: `ts_epoch` when present (milliseconds converted),
    /// else `ts_event`; `nil` when neither is a finite number.
    public var secondsSince1970: Double? {
        if let tsEpoch, tsEpoch.isFinite { return tsEpoch > 1e11 ? tsEpoch / 1000 : tsEpoch }
        if let tsEvent, tsEvent.isFinite { return tsEvent }
        return nil
    }

    /// The delivery stage the event reports; `nil` for events that report none (e.g. `deferred`).
    public var deliveryEvent: BrevoDeliveryEvent? { event.flatMap(BrevoDeliveryEvent.init(eventName:)) }
}

extension UInt8 {
    fileprivate var isJSONWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
