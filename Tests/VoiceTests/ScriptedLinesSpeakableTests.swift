import Conversation
import Testing
import Voice

/// The interviewer's scripted lines reach text-to-speech unchanged by the speech normaliser.
@Suite struct ScriptedLinesSpeakableTests {
    @Test func scriptedLinesAreSpeakable() {
        let prompt = InterviewPrompt(
            postingTitle: "Senior  Backend\nEngineer", postingDescription: "Build Swift services.\nOwn the payments API.",
            candidateName: " Priya   Sharma ", timeLimitMinutes: 30)
        for line in [InterviewPrompt.apologyLine, InterviewPrompt.timeUpClosingLine, prompt.openingLine] {
            #expect(SpeakableText.normalize(line) == line)
        }
    }
}
