import Domain
import Foundation
import NIOCore
import ProviderFakes
import Testing
import Voice
import VoiceFakes

@Suite("Voice clip mode", .serialized)
struct VoiceClipModeTests {
    @Test("WAV and WebM clips are transcribed by pre-recorded Deepgram and answered with 24 kHz linear16 audio; the turns are stored")
    func clipsAreAnswered() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview()
            h.deepgram.enqueueUtterances(["I have five years of Swift experience.", "Mostly PostgreSQL and Redis."])
            h.groq.enqueue(.reply("Great. Which databases do you use?"), .reply("Thanks. Let's talk about testing."))
            let candidate = h.connect(id, token: token)
            #expect(await candidate.wait(for: "assistant"))
            await candidate.finishPlayback()
            let openingAudio = candidate.audioBytes

            candidate.send(binary: FakeClipAudio.wav(seconds: 1))
            #expect(await candidate.wait(for: "turn_metrics"))
            #expect(candidate.events("transcript").map(\.text) == ["I have five years of Swift experience."])
            #expect(candidate.events("turn_metrics").first?.raw.contains(#""speechEndSource":"client_end_of_speech""#) == true)
            await candidate.finishPlayback()
            #expect(candidate.audioBytes > openingAudio)

            candidate.send(binary: FakeClipAudio.webm())
            #expect(await candidate.wait(for: "turn_metrics", count: 2))
            await candidate.finishPlayback()

            let clips = h.deepgram.clipRequests
            #expect(clips.map(\.container) == ["wav", "webm"])
            #expect(clips.map(\.contentType) == ["audio/wav", "audio/webm"])
            #expect(clips.allSatisfy { $0.status == 200 && $0.query.contains("model=nova-3") && $0.query.contains("smart_format=true") })
            #expect(h.deepgram.listenConnections == 0)  // no live recognizer in clip mode
            // The reply audio is raw linear16 at 24 kHz, as the old client plays it.
            #expect(h.deepgram.speakRequests.allSatisfy {
                $0.query.contains("encoding=linear16") && $0.query.contains("sample_rate=24000") && $0.query.contains("container=none")
            })
            #expect(candidate.audioBytes % 2 == 0)

            candidate.send(text: #"{"type":"end"}"#)
            #expect(await candidate.waitClosed())
            let transcript = try await h.transcript(id)
            #expect(transcript.map(\.role) == [.assistant, .user, .assistant, .user, .assistant])
            #expect(transcript.filter { $0.role == .user }.map(\.content) == [
                "I have five years of Swift experience.", "Mostly PostgreSQL and Redis.",
            ])
            #expect(transcript.last?.content == "Thanks. Let's talk about testing.")
        }
    }

    @Test("clip errors keep the session: unreadable, too large, no speech, transcription failure; then an Ogg clip is answered")
    func clipErrors() async throws {
        try await VoiceHarness.with(extra: ["VOICE_MAX_CLIP_BYTES": "65536"]) { h in
            let (id, token) = try await h.makeInterview()
            h.deepgram.enqueueUtterances(["", "I like property-based tests."])
            h.groq.enqueue(.reply("Why do you like them?"))
            let candidate = h.connect(id, token: token)
            #expect(await candidate.wait(for: "assistant"))
            await candidate.finishPlayback()

            // A WAV header without a data chunk: Deepgram answers 400.
            var garbled = ByteBuffer(string: "RIFF")
            garbled.writeInteger(UInt32(4), endianness: .little)
            garbled.writeString("WAVEjunkjunkjunk")
            candidate.send(binary: garbled)
            #expect(await candidate.wait(for: "error"))
            #expect(candidate.events("error").map(\.detail) == ["clip_unreadable"])
            #expect(h.deepgram.clipRequests.first?.status == 400)

            // Over VOICE_MAX_CLIP_BYTES: refused before any transcription.
            candidate.send(binary: FakeClipAudio.wav(seconds: 3))
            #expect(await candidate.wait(for: "error", count: 2))
            #expect(candidate.events("error").last?.detail == "clip_too_large")
            #expect(candidate.events("error").last?.raw.contains("65536 bytes") == true)
            #expect(h.deepgram.clipRequests.count == 1)

            // Silence: an empty transcript.
            candidate.send(binary: FakeClipAudio.mp4())
            #expect(await candidate.wait(for: "error", count: 3))
            #expect(candidate.events("error").last?.detail == "no_speech")

            // Deepgram down: the usual speech-to-text failure (an error event and the spoken apology).
            h.deepgram.failNextClipRequests([503])
            let assistantsBefore = candidate.events("assistant").count
            candidate.send(binary: FakeClipAudio.wav(seconds: 0.5))
            #expect(await candidate.wait(for: "error", count: 4))
            #expect(candidate.events("error").last?.detail == "transcription_failed")
            #expect(await candidate.wait { $0.events("assistant").count > assistantsBefore })
            await candidate.finishPlayback()

            candidate.send(binary: FakeClipAudio.ogg())
            #expect(await candidate.wait(for: "turn_metrics"))
            #expect(candidate.events("transcript").map(\.text) == ["I like property-based tests."])
            #expect(h.deepgram.clipRequests.last?.container == "ogg")
            #expect(!candidate.isClosed)

            candidate.send(text: #"{"type":"end"}"#)
            #expect(await candidate.waitClosed())
            let users = try await h.transcript(id).filter { $0.role == .user }.map(\.content)
            #expect(users == ["I like property-based tests."])
        }
    }
}
