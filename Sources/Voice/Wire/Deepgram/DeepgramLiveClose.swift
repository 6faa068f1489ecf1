import Foundation

/// The close frame that ends a live transcription socket: how Deepgram reports errors during a
/// session (status code plus a UTF-8 reason such as `NET-0001`).
public struct DeepgramLiveClose: Sendable, Equatable {
    /// What a close frame means.
    public enum Kind: Sendable, Equatable {
        /// 1000: the normal close after `CloseStream`.
        case normal
        /// `DATA-0000` (1008, formerly 1002): the audio could not be decoded (wrong `encoding` or
        /// `sample_rate`, or not audio).
        case undecodableAudio
        /// `NET-0000` (1011): the server produced no result within its timeout.
        case serverTimeout
        /// `NET-0001` (1011): no audio nor `KeepAlive` from the client for about 10 s.
        case clientIdle
        /// Any other code or reason.
        case other
    }

    /// The WebSocket close code.
    public var code: Int
    /// The close reason text (may be empty).
    public var reason: String

    /// A close frame.
    public init(code: Int, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The meaning of the frame, from its reason first, then its code.
    public var kind: Kind {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.hasPrefix("DATA-0000") { return .undecodableAudio }
        if reason.hasPrefix("NET-0000") { return .serverTimeout }
        if reason.hasPrefix("NET-0001") { return .clientIdle }
        return code == 1000 ? .normal : .other
    }

    /// Whether the socket closed because of an error (anything but a normal close).
    public var isError: Bool {
        kind != .normal
    }
}
