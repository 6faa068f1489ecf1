import Conversation
import Foundation
import Testing
import Voice

typealias Action = TurnController.Action
typealias Event = TurnController.Event
typealias Transcript = TurnController.Transcript

/// Drives a ``TurnController`` on a synthetic clock (milliseconds since a fixed origin).
struct Harness {
    static let origin = ContinuousClock.now

    var controller: TurnController
    /// Every action returned so far.
    private(set) var log: [Action] = []

    init(_ configuration: TurnController.Configuration = .init()) {
        controller = TurnController(configuration: configuration)
    }

    var state: TurnController.State { controller.state }

    /// The instant `ms` milliseconds after the origin.
    static func at(_ ms: Int) -> ContinuousClock.Instant {
        origin + .milliseconds(ms)
    }

    /// Handles `event` at `ms` and returns its actions.
    @discardableResult
    mutating func send(_ event: Event, at ms: Int) -> [Action] {
        let actions = controller.handle(event, at: Self.at(ms))
        log += actions
        return actions
    }

    // MARK: Shortcuts

    @discardableResult
    mutating func interim(_ text: String, at ms: Int) -> [Action] {
        send(.transcript(Transcript(text: text, isFinal: false)), at: ms)
    }

    @discardableResult
    mutating func final(_ text: String, speechFinal: Bool = false, speechEnd: Duration? = nil, at ms: Int) -> [Action] {
        send(.transcript(Transcript(text: text, isFinal: true, speechFinal: speechFinal, speechEnd: speechEnd)), at: ms)
    }

    /// The candidate says `text` as one final segment that ends the utterance; returns the reply
    /// requested.
    @discardableResult
    mutating func say(_ text: String, at ms: Int) -> ReplyID? {
        let actions = final(text, speechFinal: true, at: ms)
        return actions.compactMap(\.replyRequest).first?.id
    }

    /// As ``say(_:at:)``, requiring that a reply was requested.
    mutating func ask(_ text: String, at ms: Int) throws -> ReplyID {
        let id = say(text, at: ms)
        return try #require(id)
    }
}

/// `count` bytes of audio (one second is 48 000 bytes at the default rate).
func audio(_ count: Int, byte: UInt8 = 1) -> Data {
    Data(repeating: byte, count: count)
}

extension TurnController.Action {
    var replyRequest: TurnController.ReplyRequest? {
        if case .startReply(let request) = self { return request }
        return nil
    }

    var chunk: TurnController.SpeechChunk? {
        if case .synthesize(let chunk) = self { return chunk }
        return nil
    }

    var persisted: ConversationTurn? {
        if case .persist(let turn) = self { return turn }
        return nil
    }

    var clientEvent: VoiceClientEvent? {
        if case .sendEvent(let event) = self { return event }
        return nil
    }

    var audioBytes: Data? {
        if case .sendAudio(let data) = self { return data }
        return nil
    }

    var metrics: TurnMetrics? {
        if case .recordMetrics(let metrics) = self { return metrics }
        return nil
    }

    var wakeUp: ContinuousClock.Instant? {
        if case .scheduleWakeUp(let instant) = self { return instant }
        return nil
    }

    var isCancel: Bool {
        if case .cancelReply = self { return true }
        return false
    }
}

extension Array where Element == TurnController.Action {
    var chunks: [String] { compactMap(\.chunk?.text) }
    var persisted: [ConversationTurn] { compactMap(\.persisted) }
    var events: [VoiceClientEvent] { compactMap(\.clientEvent) }
    var audio: [Data] { compactMap(\.audioBytes) }
}
