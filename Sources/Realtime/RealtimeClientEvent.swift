/// An event a client emitted (`socket.emit("name", …args)`), as handed to the application.
public struct RealtimeClientEvent: Sendable {
    /// The event name.
    public let name: String
    /// The arguments after the name.
    public let arguments: [JSONValue]
    /// The acknowledgement id the client is waiting on, if it passed a callback.
    public let ackID: Int?
    private let acknowledger: @Sendable (_ arguments: [JSONValue]) -> Void

    /// Creates an event; `acknowledger` sends the answer to an event with an `ackID`.
    init(name: String, arguments: [JSONValue], ackID: Int?, acknowledger: @escaping @Sendable (_ arguments: [JSONValue]) -> Void) {
        self.name = name
        self.arguments = arguments
        self.ackID = ackID
        self.acknowledger = acknowledger
    }

    /// Whether the client passed a callback and waits for ``acknowledge(_:)``.
    public var wantsAcknowledgement: Bool { ackID != nil }

    /// The first argument, when the client sent at least one.
    public var firstArgument: JSONValue? { arguments.first }

    /// Answers the client's callback with `arguments` (`43<id>[…]`). Only the first call is sent;
    /// it does nothing when the client wanted no acknowledgement or has gone.
    public func acknowledge(_ arguments: JSONValue...) {
        acknowledge(arguments: arguments)
    }

    /// Answers the client's callback with `arguments`; see ``acknowledge(_:)``.
    public func acknowledge(arguments: [JSONValue]) {
        guard ackID != nil else { return }
        acknowledger(arguments)
    }
}
