import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A Socket.IO client over Engine.IO long-polling, as the web app's `socket.io-client` speaks
/// it, driven through a test client.
struct PollingSocket: Sendable {
    let client: any TestClientProtocol
    var headers: HTTPFields = [:]
    var sid = ""
    /// The Socket.IO socket id after CONNECT.
    var socketID = ""

    /// A failure of the exchange.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One request to `/socket.io/`.
    func request(_ query: String, method: HTTPRequest.Method = .get, body: String? = nil) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        try await client.execute(uri: "/socket.io/?EIO=4&transport=polling\(query)", method: method, headers: headers,
                                 body: body.map { ByteBuffer(string: $0) }) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }

    /// Handshake, then CONNECT with `auth` (the JSON of `io(url, { auth })`, or none); returns
    /// the first answer to the CONNECT (`40{"sid":…}` or `44{…}`).
    @discardableResult
    mutating func connect(auth: String?) async throws -> String {
        let (status, _, body) = try await request("")
        guard status == .ok, body.first == "0" else { throw Failure(description: "handshake: \(status) \(body)") }
        let open = try JSONSerialization.jsonObject(with: Data(body.dropFirst().utf8)) as? [String: Any]
        sid = open?["sid"] as? String ?? ""
        let (posted, _, answer) = try await request("&sid=\(sid)", method: .post, body: "40" + (auth ?? ""))
        guard posted == .ok else { throw Failure(description: "CONNECT: \(posted) \(answer)") }
        let reply = try await next("CONNECT answer") { $0.hasPrefix("40") || $0.hasPrefix("44") }
        if reply.hasPrefix("40") {
            let object = try JSONSerialization.jsonObject(with: Data(reply.dropFirst(2).utf8)) as? [String: Any]
            socketID = object?["sid"] as? String ?? ""
        }
        return reply
    }

    /// One poll's packets (a non-200 answer as `HTTP <code>`).
    func poll() async throws -> [String] {
        let (status, _, body) = try await request("&sid=\(sid)")
        guard status == .ok else { return ["HTTP \(status.code) \(body)"] }
        return body.split(separator: "\u{1E}", omittingEmptySubsequences: false).map(String.init)
    }

    /// Polls until a packet satisfies `predicate`, answering pings.
    func next(_ what: String, _ predicate: (String) -> Bool) async throws -> String {
        for _ in 0..<20 {
            for packet in try await poll() {
                if predicate(packet) { return packet }
                if packet == "2" { _ = try await request("&sid=\(sid)", method: .post, body: "3") }
                if packet.hasPrefix("HTTP ") { throw Failure(description: "poll for the \(what) failed: \(packet)") }
            }
        }
        throw Failure(description: "the \(what) never came")
    }

    /// Polls until the session ends (a `close` packet or an unknown-session answer); returns the
    /// packets seen, pings left out.
    func packetsUntilClosed() async throws -> [String] {
        var seen: [String] = []
        for _ in 0..<20 {
            for packet in try await poll() {
                if packet == "2" { _ = try await request("&sid=\(sid)", method: .post, body: "3"); continue }
                seen.append(packet)
                if packet == "1" || packet.hasPrefix("HTTP ") { return seen }
            }
        }
        return seen
    }

    /// Emits `event` with `argument` and an ack id; returns the ack packet.
    func emit(_ event: String, _ argument: String, ack: Int) async throws -> String {
        let (status, _, body) = try await request("&sid=\(sid)", method: .post, body: #"42\#(ack)["\#(event)","\#(argument)"]"#)
        guard status == .ok else { throw Failure(description: "emit: \(status) \(body)") }
        return try await next("acknowledgement \(ack)") { $0.hasPrefix("43\(ack)") }
    }
}
