/// One Socket.IO v5 packet, carried in an Engine.IO `message`.
///
/// Wire form: `<type>[<attachments>-][<namespace>,][<ack id>][<JSON>]`, the namespace written
/// only when it is not `/` (see ``SocketIOPacketCodec``).
struct SocketIOPacket: Sendable, Equatable {
    /// The packet type.
    enum Kind: Int, Sendable, Equatable {
        /// `0` — join a namespace (client: optional auth object; server: `{"sid"}`).
        case connect = 0
        /// `1` — leave a namespace.
        case disconnect = 1
        /// `2` — an event: `["name", args…]`.
        case event = 2
        /// `3` — an acknowledgement: `[args…]`.
        case ack = 3
        /// `4` — a refused connect: `{"message", "data"?}`.
        case connectError = 4
        /// `5` — an event with binary attachments.
        case binaryEvent = 5
        /// `6` — an acknowledgement with binary attachments.
        case binaryAck = 6
    }

    /// The packet type.
    var kind: Kind
    /// The namespace, `/` by default.
    var namespace: String = "/"
    /// The acknowledgement id, for events that want one and for acks.
    var ackID: Int? = nil
    /// The JSON payload, if any.
    var payload: JSONValue? = nil
    /// The number of binary attachments that follow (binary packets only).
    var attachments: Int? = nil

    /// `CONNECT` answered by the server: `{"sid": socketID}`.
    static func connected(namespace: String, socketID: String) -> Self {
        Self(kind: .connect, namespace: namespace, payload: ["sid": .string(socketID)])
    }

    /// `CONNECT_ERROR` with a message and optional data.
    static func connectError(namespace: String, message: String, data: JSONValue? = nil) -> Self {
        var body: [String: JSONValue] = ["message": .string(message)]
        if let data { body["data"] = data }
        return Self(kind: .connectError, namespace: namespace, payload: .object(body))
    }

    /// `EVENT` `name` with `arguments`, wanting an acknowledgement when `ackID` is set.
    static func event(namespace: String, name: String, arguments: [JSONValue], ackID: Int? = nil) -> Self {
        Self(kind: .event, namespace: namespace, ackID: ackID, payload: .array([.string(name)] + arguments))
    }

    /// `ACK` `ackID` with `arguments`.
    static func ack(namespace: String, ackID: Int, arguments: [JSONValue]) -> Self {
        Self(kind: .ack, namespace: namespace, ackID: ackID, payload: .array(arguments))
    }

    /// `DISCONNECT` from `namespace`.
    static func disconnect(namespace: String) -> Self {
        Self(kind: .disconnect, namespace: namespace)
    }
}
