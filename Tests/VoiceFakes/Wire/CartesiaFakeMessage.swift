import Foundation

/// What the Cartesia fake sends, as Cartesia's WebSocket documents it (providers.md §3.2): JSON text
/// frames discriminated by `type`, each with `context_id`, `status_code` and `done`.
enum CartesiaFakeMessage {
    /// `chunk`: base64 raw audio.
    case chunk(contextId: String, audio: Data, stepTime: Double, flushId: Int)
    /// `flush_done` for a manual flush.
    case flushDone(contextId: String, flushId: Int)
    /// `done`: every output of the context was sent.
    case done(contextId: String)
    /// `error` (the legacy form, for the versions the client declares).
    case error(contextId: String?, statusCode: Int, message: String)

    /// The frame's JSON text.
    func jsonText() throws -> String {
        var object: [String: Any]
        switch self {
        case .chunk(let contextId, let audio, let stepTime, let flushId):
            object = ["type": "chunk", "context_id": contextId, "status_code": 206, "done": false,
                      "data": audio.base64EncodedString(), "step_time": stepTime, "flush_id": flushId]
        case .flushDone(let contextId, let flushId):
            object = ["type": "flush_done", "context_id": contextId, "status_code": 206, "done": false, "flush_done": true, "flush_id": flushId]
        case .done(let contextId):
            object = ["type": "done", "context_id": contextId, "status_code": 206, "done": true]
        case .error(let contextId, let statusCode, let message):
            object = ["type": "error", "status_code": statusCode, "done": true, "error": message]
            if let contextId { object["context_id"] = contextId }
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
