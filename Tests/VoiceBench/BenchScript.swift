import ProviderFakes

/// What the fake providers say and how fast (published latencies).
enum BenchScript {
    /// The interviewer's reply to every turn (about 4 s of speech).
    static let reply = "Sure. Could you walk me through a recent project you are proud of, and your part in it?"
    /// Time to the model's first token.
    static let firstToken = Duration.milliseconds(200)
    /// Time per token at 400 tokens per second.
    static let perToken = Duration.microseconds(2500)

    /// The reply streamed at the model's pace.
    static var streamed: GroqFake.Behavior {
        var steps: [GroqFake.StreamStep] = [.pause(firstToken)]
        for word in reply.split(separator: " ") {
            steps.append(.content(String(word) + " "))
            steps.append(.pause(perToken))
        }
        return .stream(steps)
    }

    /// The reply returned whole once fully generated (the old plan's non-streaming request).
    static var whole: GroqFake.Behavior {
        let tokens = reply.split(separator: " ").count
        return .delay(firstToken + perToken * tokens, then: .reply(reply))
    }
}
