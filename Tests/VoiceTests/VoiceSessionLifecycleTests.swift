import AsyncHTTPClient
import Core
import Domain
import NIOCore
import NIOHTTP1
import Foundation
import ProviderFakes
import Testing
import Voice
import VoiceFakes

@Suite("Voice session lifecycle and provider failures", .serialized)
struct VoiceSessionLifecycleTests {
    @Test("the first connection starts the interview; a reconnection continues the stored conversation; the end completes it at once",
          .timeLimit(.minutes(2)))
    func startAndResume() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview()
            #expect(try await h.interview(id)?.startedAt == nil)
            let updates = try await h.interviewUpdates(count: 4)
            h.deepgram.enqueueUtterances(["I build backend services in Swift."])
            h.groq.enqueue(.reply("Nice. Which frameworks do you use?"))

            let first = h.connect(id, token: token)
            first.start()
            #expect(await first.wait(for: "assistant"))
            let started = try #require(try await h.interview(id))
            #expect(started.status == .inProgress)
            let startedAt = try #require(started.startedAt)
            await first.finishPlayback()
            await first.speak(0.6, silence: 0.5, speed: 4)
            #expect(await first.wait(for: "turn_metrics"))
            await first.finishPlayback()
            first.close()
            #expect(await first.waitClosed())
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await h.transcript(id).map(\.role) == [.assistant, .user, .assistant])
            #expect(try await h.evaluationJobs(id) == 0)

            let second = h.connect(id, token: token)
            #expect(await second.wait(for: "assistant"))
            #expect(second.events("assistant").first?.text?.hasPrefix("Welcome back.") == true)
            await second.finishPlayback()
            second.send(text: #"{"type":"end"}"#)
            #expect(await second.wait(for: "ended"))
            #expect(await second.waitClosed())
            let ended = try #require(try await h.interview(id))
            #expect(ended.startedAt == startedAt)
            // Ending the conversation completes the interview at once; its evaluation is queued, not done.
            #expect(ended.status == .completed)
            #expect(ended.completedAt != nil)
            #expect(ended.score == nil && ended.evaluationError == nil)
            #expect(try await h.evaluationJobs(id) == 1)
            // started and completed, each to the recruiter's room and (status only) to the interview's room.
            let received = try await updates.value
            #expect(received.map(\.update.change) == [.started, .started, .completed, .completed])
            #expect(received.map(\.update.status) == ["IN_PROGRESS", "IN_PROGRESS", "COMPLETED", "COMPLETED"])
            #expect(received.allSatisfy { $0.update.interviewId == id && $0.update.score == nil })
            #expect(Set(received.map(\.room)) == [RealtimeEvent.userRoom(ended.recruiterId), RealtimeEvent.interviewRoom(id)])
            #expect(try await h.transcript(id).count == 4)
        }
    }

    @Test("a reconnection after the time limit completes the interview at once, with its evaluation job")
    func reconnectingAfterTheTimeLimitCompletes() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview(timeLimit: 30, startedSecondsAgo: 31 * 60)
            let candidate = h.connect(id, token: token)
            #expect(await candidate.wait(for: "ended"))
            #expect(candidate.events("ended").first?.raw.contains("time_limit") == true)
            #expect(await candidate.waitClosed())
            #expect(candidate.closeCode == 1000)
            let ended = try #require(try await h.interview(id))
            #expect(ended.status == .completed)
            #expect(ended.completedAt != nil)
            #expect(try await h.evaluationJobs(id) == 1)
        }
    }

    @Test("the client's end of speech finalizes the transcript at once")
    func endOfSpeechFinalizes() async throws {
        try await VoiceHarness.with(extra: ["VOICE_ENDPOINTING_MS": "5000"]) { h in
            let (id, token) = try await h.makeInterview()
            h.deepgram.enqueueUtterances(["I prefer small focused teams."])
            h.groq.enqueue(.reply("Why is that?"))
            let candidate = h.connect(id, token: token)
            candidate.start()
            #expect(await candidate.wait(for: "assistant"))
            await candidate.finishPlayback()
            await candidate.speak(0.6, silence: 0.1, speed: 4)
            candidate.send(text: #"{"type":"end_of_speech"}"#)
            #expect(await candidate.wait(for: "turn_metrics", timeout: .seconds(3)))
            #expect(h.deepgram.controlMessages.contains("Finalize"))
            #expect(candidate.events("transcript").contains { $0.text == "I prefer small focused teams." && $0.raw.contains("\"isFinal\":true") })
            candidate.close()
            #expect(await candidate.waitClosed())
        }
    }

    @Test("a dropped speech-to-text socket is reopened and the conversation goes on")
    func sttReconnect() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview()
            h.deepgram.enqueueUtterances(["Hello there, I am ready."])
            h.groq.enqueue(.reply("Great, let's begin."))
            let candidate = h.connect(id, token: token)
            candidate.start()
            #expect(await candidate.wait(for: "assistant"))
            #expect(await candidate.wait { _ in h.deepgram.listenConnections == 1 })
            await h.deepgram.dropListenConnections()
            #expect(await candidate.wait { _ in h.deepgram.listenConnections == 2 })
            await candidate.finishPlayback()
            await candidate.speak(0.6, silence: 0.5, speed: 4)
            #expect(await candidate.wait(for: "turn_metrics"))
            #expect(candidate.events("error").isEmpty)

            // Health and the Prometheus histograms of the turn.
            let health = try await h.runtime.httpClient.execute(HTTPClientRequest(url: "http://127.0.0.1:\(h.port)/health"), timeout: .seconds(5))
            #expect(health.status.code == 200)
            #expect(String(buffer: try await health.body.collect(upTo: 1 << 16)).contains("\"sessions\":1"))
            let metrics = try await h.runtime.httpClient.execute(HTTPClientRequest(url: "http://127.0.0.1:\(h.port)/metrics"), timeout: .seconds(5))
            let exposition = String(buffer: try await metrics.body.collect(upTo: 1 << 22))
            #expect(exposition.contains("vantahire_voice_to_voice_seconds_bucket"))
            #expect(exposition.contains("vantahire_voice_server_overhead_seconds_bucket"))
            candidate.close()
            #expect(await candidate.waitClosed())
        }
    }

    @Test("a Cartesia socket dropped mid-reply is reopened once and the rest of the reply is spoken")
    func cartesiaReconnect() async throws {
        try await VoiceHarness.with(extra: ["VOICE_TTS_PROVIDER": "cartesia"], cartesiaFirstByte: .milliseconds(300)) { h in
            let (id, token) = try await h.makeInterview()
            let candidate = h.connect(id, token: token)
            #expect(await candidate.wait(for: "assistant"))
            await h.cartesia.dropConnections()
            #expect(await candidate.wait { $0.events("assistant").count >= 2 })
            #expect(h.cartesia.connections == 2)
            #expect(h.cartesia.inputs.contains { $0.contextId == "reply-1-retry" })
            #expect(candidate.events("error").isEmpty)
            candidate.close()
            #expect(await candidate.waitClosed())
        }
    }

    @Test("a model that fails twice gets a spoken apology and an error event; the candidate's words are kept")
    func llmFailure() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview()
            h.deepgram.enqueueUtterances(["My last project was a payments system."])
            h.groq.enqueue(.serviceUnavailable, .serviceUnavailable)
            let candidate = h.connect(id, token: token)
            candidate.start()
            #expect(await candidate.wait(for: "assistant"))
            await candidate.finishPlayback()
            await candidate.speak(0.6, silence: 0.5, speed: 4)
            #expect(await candidate.wait(for: "error"))
            #expect(candidate.events("error").first?.detail == "reply_failed")
            #expect(await candidate.wait { $0.events("assistant").contains { $0.text?.hasPrefix("I'm sorry") == true } })
            #expect(h.groq.requests.count == 2)
            await candidate.finishPlayback()
            candidate.close()
            #expect(await candidate.waitClosed())
            try await Task.sleep(for: .milliseconds(300))
            let transcript = try await h.transcript(id)
            #expect(transcript.map(\.role) == [.assistant, .user, .assistant])
            #expect(transcript[1].content == "My last project was a payments system.")
        }
    }

    @Test("a speech-to-text outage (503 on every reconnect) gets one retry then back-off, a spoken apology and an error event; the session and the transcript are kept")
    func sttOutage() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview()
            h.deepgram.enqueueUtterances(["I built payment systems in Swift."])
            h.groq.enqueue(.reply("Great, tell me more about them."))
            let candidate = h.connect(id, token: token)
            candidate.start()
            #expect(await candidate.wait(for: "assistant"))
            await candidate.finishPlayback()
            await candidate.speak(0.6, silence: 0.5, speed: 4)
            #expect(await candidate.wait(for: "turn_metrics"))
            await candidate.finishPlayback()

            let before = h.deepgram.listenUpgradeRequests
            h.deepgram.refuseListenUpgrades(true)
            await h.deepgram.dropListenConnections()
            // A live client keeps streaming 20 ms frames in real time: 3 s of them.
            await candidate.speak(0, silence: 3, speed: 1)

            #expect(await candidate.wait(for: "error"))
            #expect(candidate.events("error").map(\.detail) == ["transcription_failed"])
            let apology = TurnController.Configuration.defaultHearingApologyLine
            #expect(await candidate.wait { $0.events("assistant").contains { $0.text.map { apology.hasPrefix($0) } == true } })
            let spokenAt = try #require(candidate.events("assistant").first { $0.text.map { apology.hasPrefix($0) } == true }?.receivedAt)
            #expect(await candidate.wait { $0.firstAudio(after: spokenAt) != nil })
            // The immediate retry, then at most one back-off reconnection (after 2 s) in those 3 s.
            let attempts = h.deepgram.listenUpgradeRequests - before
            #expect((2...3).contains(attempts), "upgrade attempts during the outage: \(attempts)")
            #expect(!candidate.isClosed)

            await candidate.finishPlayback()
            candidate.send(text: #"{"type":"end"}"#)
            #expect(await candidate.wait(for: "ended"))
            #expect(await candidate.waitClosed())
            #expect(candidate.closeCode == 1000)
            let transcript = try await h.transcript(id)
            #expect(transcript.map(\.role) == [.assistant, .user, .assistant, .assistant])
            #expect(transcript[1].content == "I built payment systems in Swift.")
            #expect(transcript[2].content == "Great, tell me more about them.")
            #expect(transcript[3].content == apology)
        }
    }

    @Test("a text-to-speech request that fails once is retried")
    func ttsRetry() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview()
            h.deepgram.failNextSpeakRequests(1)
            let candidate = h.connect(id, token: token)
            #expect(await candidate.wait(for: "assistant"))
            #expect(candidate.events("error").isEmpty)
            #expect(h.deepgram.speakRequests.count >= 2)
            candidate.close()
            #expect(await candidate.waitClosed())
        }
    }
}
