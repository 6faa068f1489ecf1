import Conversation
import Foundation
import Testing
import Voice

@Suite struct VoiceClientEventTests {
    private func json(_ event: VoiceClientEvent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(event), as: UTF8.self)
    }

    @Test func encodesEveryEventShape() throws {
        #expect(try json(.transcript(text: "hi", isFinal: false)) == #"{"isFinal":false,"text":"hi","type":"transcript"}"#)
        #expect(try json(.assistant(text: "Hello.")) == #"{"text":"Hello.","type":"assistant"}"#)
        #expect(try json(.interrupted) == #"{"type":"interrupted"}"#)
        #expect(try json(.timeWarning(remaining: .milliseconds(119_600))) == #"{"remainingSeconds":119,"type":"time_warning"}"#)
        #expect(try json(.ended(.timeLimit)) == #"{"reason":"time_limit","type":"ended"}"#)
        #expect(try json(.error(.replyFailed, message: "x")) == #"{"code":"reply_failed","message":"x","type":"error"}"#)
    }

    @Test func onlyAClientDisconnectSkipsTheEvaluation() {
        #expect(EndReason.allCases.filter { !$0.triggersEvaluation } == [.clientDisconnected])
    }
}
