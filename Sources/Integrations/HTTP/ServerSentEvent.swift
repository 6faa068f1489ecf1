/// One dispatched server-sent event (WHATWG HTML §9.2): its `event` name, `data` and `id` fields.
struct ServerSentEvent: Sendable, Hashable {
    /// The `event:` field, or `nil` for the default `message` type.
    var event: String?
    /// The `data:` lines of the event joined with `\n`.
    var data: String
    /// The `id:` field, if any.
    var id: String?
}
