import Conversation
import Domain
import Foundation
import ProviderFakes
import Testing
import Voice
import VoiceFakes

@Suite("Voice interview end to end", .serialized)
struct VoiceInterviewTests {
    @Test("a scripted candidate completes a whole interview: greeting, turns, barge-in, time warning, end")
    func fullInterview() async throws {
        let latency = DeepgramFakeLatency(ttsChunkInterval: .milliseconds(150))
        try await VoiceHarness.with(
            extra: ["VOICE_TIME_WARNING_SECONDS": "5", "VOICE_KEEPALIVE_SECONDS": "1"], deepgramLatency: latency
        ) { h in
            let (id, token) = try await h.makeInterview(timeLimit: 1, startedSecondsAgo: 46)
            h.deepgram.enqueueUtterances([
                "I have five years of Swift experience.",
                "A race condition in our job queue.",
                "Sorry, let me add one thing.",
            ])
            h.groq.enqueue(
                .reply("That's great. What was the hardest bug you fixed recently?"),
                .reply(
                    "Race conditions are tricky. How did you first notice it in production, how did you narrow it down to the job queue, "
                        + "and what did you change in the locking or the transaction boundaries so that it could never come back again? "
                        + "Also, what tools did you use to reproduce it reliably in your automated tests and in staging?"),
                .reply("No problem. Please go on."))
            let candidate = h.connect(id, token: token)
            candidate.start()

            #expect(await candidate.wait(for: "assistant"))
            #expect(candidate.events("assistant").first?.text?.hasPrefix("Hi Ana, thanks for joining.") == true)
            await candidate.finishPlayback()

            // Turn 1.
            await candidate.speak(0.6, silence: 0.5, speed: 4)
            #expect(await candidate.wait(for: "turn_metrics"))
            await candidate.finishPlayback()

            // Turn 2, interrupted as soon as the answer starts playing.
            let assistantsBefore = candidate.events("assistant").count
            await candidate.speak(0.6, silence: 0.5, speed: 4)
            #expect(await candidate.wait { $0.events("assistant").count > assistantsBefore })
            await candidate.speak(0.6, silence: 0.5, speed: 4)
            #expect(await candidate.wait(for: "interrupted"))
            #expect(await candidate.wait(for: "turn_metrics", count: 3))
            await candidate.finishPlayback()

            // The time warning, then the spoken wrap-up and the end.
            #expect(await candidate.wait(for: "time_warning", timeout: .seconds(15)))
            #expect(await candidate.wait(for: "ended", timeout: .seconds(20)))
            #expect(await candidate.waitClosed())
            #expect(candidate.events("ended").first?.detail == "time_limit")
            #expect(candidate.closeCode == 1000)
            #expect(candidate.events("interrupted").count == 1)
            #expect(candidate.events("transcript").contains { $0.raw.contains("\"isFinal\":false") })
            let warning = try #require(candidate.events("time_warning").first)
            #expect((warning.numbers["remainingSeconds"] ?? 0) <= 5)
            for metrics in candidate.events("turn_metrics") {
                #expect((metrics.numbers["voiceToVoiceMs"] ?? -1) >= 0)
                #expect(metrics.numbers["serverOverheadMs"] != nil)
            }
            #expect(candidate.audioBytes > 0)

            // Every turn is stored, the interrupted answer only as far as it was heard.
            try await Task.sleep(for: .milliseconds(200))
            let transcript = try await h.transcript(id)
            #expect(transcript.map(\.role) == [.assistant, .user, .assistant, .user, .assistant, .user, .assistant, .assistant])
            #expect(transcript.filter { $0.role == .user }.map(\.content) == [
                "I have five years of Swift experience.", "A race condition in our job queue.", "Sorry, let me add one thing.",
            ])
            let interrupted = transcript[4].content
            #expect(interrupted.hasPrefix("Race conditions are tricky."))
            #expect(!interrupted.contains("what tools"))
            #expect(transcript.last?.content == InterviewPrompt.timeUpClosingLine)

            // The time limit completed the interview at once, with its evaluation job.
            let interview = try #require(try await h.interview(id))
            #expect(interview.status == .completed)
            #expect(interview.completedAt != nil)
            #expect(try await h.evaluationJobs(id) == 1)

            // The model saw the history as heard; Aura was asked for raw 24 kHz PCM; KeepAlive flowed in silence.
            let third = try #require(h.groq.requests.dropFirst(2).first)
            let prompt = String(decoding: third.body, as: UTF8.self)
            #expect(prompt.contains("Race conditions are tricky."))
            #expect(!prompt.contains("what tools"))
            #expect(h.deepgram.speakRequests.allSatisfy {
                $0.query.contains("container=none") && $0.query.contains("encoding=linear16") && $0.query.contains("sample_rate=24000")
            })
            #expect(h.deepgram.controlMessages.contains("KeepAlive"))
            #expect(h.cartesia.inputs.isEmpty)
        }
    }

    @Test("VOICE_TTS_PROVIDER=cartesia sends speech to Cartesia, one context per reply")
    func cartesia() async throws {
        try await VoiceHarness.with(extra: ["VOICE_TTS_PROVIDER": "cartesia"]) { h in
            let (id, token) = try await h.makeInterview()
            h.groq.enqueue(.reply("Thanks. Which databases have you used in production? And why?"))
            let candidate = h.connect(id, token: token)
            candidate.start()
            #expect(await candidate.wait(for: "assistant"))
            await candidate.finishPlayback()
            await candidate.speak(0.6, silence: 0.5, speed: 4)
            #expect(await candidate.wait(for: "turn_metrics"))
            await candidate.finishPlayback()
            candidate.send(text: #"{"type":"end"}"#)
            #expect(await candidate.wait(for: "ended"))
            #expect(await candidate.waitClosed())
            #expect(candidate.events("ended").first?.detail == "candidate_ended")

            #expect(h.deepgram.speakRequests.isEmpty)
            let inputs = h.cartesia.inputs
            #expect(Set(inputs.map(\.contextId)) == ["reply-1", "reply-2"])
            #expect(h.cartesia.connections == 1)
            for context in ["reply-1", "reply-2"] {
                let mine = inputs.filter { $0.contextId == context }
                #expect(mine.last?.continues == false)
                #expect(mine.dropLast().allSatisfy { $0.continues })
                #expect(mine.contains { $0.flush == true })
                #expect(mine.allSatisfy { $0.outputFormat.container == "raw" && $0.outputFormat.encoding == "pcm_s16le" && $0.outputFormat.sampleRate == 24_000 })
            }
            #expect(candidate.audioBytes > 0)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await h.transcript(id).map(\.role) == [.assistant, .user, .assistant])
            #expect(try await h.evaluationJobs(id) == 1)
        }
    }
}
