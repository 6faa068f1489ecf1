/// One pre-recorded `POST /v1/listen` request the Deepgram fake received.
public struct DeepgramFakeClipRecord: Sendable, Equatable {
    /// The `Content-Type` header as sent (`nil` when absent).
    public var contentType: String?
    /// The query string.
    public var query: String
    /// Body length in bytes.
    public var bytes: Int
    /// The container recognised in the body (`webm`, `ogg`, `wav`, `mp4`), `nil` when none.
    public var container: String?
    /// The status the fake answered.
    public var status: Int
    /// The transcript returned (200 only).
    public var transcript: String?
}
