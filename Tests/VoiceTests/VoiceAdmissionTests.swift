import Core
import Domain
import Foundation
import NIOCore
import PostgresNIO
import TestSupport
import Testing
import Voice
import VoiceFakes

@Suite("Voice socket admission and bad input", .serialized)
struct VoiceAdmissionTests {
    /// Connects and returns the error event code and the close code.
    private func refusal(_ candidate: ScriptedCandidate) async -> (String?, Int?) {
        await candidate.waitClosed()
        return (candidate.events("error").first?.detail, candidate.closeCode)
    }

    @Test("wrong, foreign and missing tokens, unknown, expired and ended interviews are refused with clear codes")
    func refusals() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview()
            let (otherId, otherToken) = try await h.makeInterview()
            _ = otherId

            #expect(await refusal(h.connect(id, token: nil)) == ("unauthorized", 4001))
            #expect(await refusal(h.connect(id, token: "not.a.token")) == ("unauthorized", 4001))
            let foreign = await refusal(h.connect(id, token: otherToken))
            #expect(foreign.0 == "forbidden")
            #expect(foreign.1 == 4003)

            let signer = TokenSigner(secret: h.runtime.platform.configuration.jwtSecret)
            let ghost = UUID()
            let ghostToken = try InterviewToken.issue(interviewId: ghost, version: 0, expiresAt: Date().addingTimeInterval(3600), timeLimitMinutes: 30, signer: signer)
            #expect(await refusal(h.connect(ghost, token: ghostToken)) == ("not_found", 4004))

            let (expired, expiredToken) = try await h.makeInterview(expiresIn: -60)
            #expect(await refusal(h.connect(expired, token: expiredToken)) == ("interview_closed", 4010))
            let (flagged, flaggedToken) = try await h.makeInterview(status: "EXPIRED")
            #expect(await refusal(h.connect(flagged, token: flaggedToken)) == ("interview_closed", 4010))

            let (ended, endedToken) = try await h.makeInterview(startedSecondsAgo: 60)
            try await h.db.client.query("UPDATE interviews SET status = 'COMPLETED', completed_at = now() WHERE id = \(ended)", logger: h.db.logger)
            #expect(await refusal(h.connect(ended, token: endedToken)) == ("interview_closed", 4010))

            // None of that touched the interview, and the process still serves a real session.
            #expect(try await h.interview(id)?.status == .pending)
            let candidate = h.connect(id, token: token)
            #expect(await candidate.wait(for: "assistant"))
            candidate.close()
            #expect(await candidate.waitClosed())
        }
    }

    @Test("a token whose link was revoked (regenerated, or the email changed) is refused")
    func revokedLinksAreRefused() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview()
            _ = try await InterviewTokenVersion.regenerate(interviewId: id, on: h.db.database, logger: h.db.logger)
            #expect(await refusal(h.connect(id, token: token)) == ("unauthorized", 4001))
            #expect(try await h.interview(id)?.status == .pending)
        }
    }

    @Test("a text interview is refused on the voice socket with 4022 and stays untouched")
    func textInterviewsAreRefused() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview(type: .text)
            #expect(await refusal(h.connect(id, token: token)) == ("not_voice_interview", 4022))
            let interview = try #require(try await h.interview(id))
            #expect(interview.status == .pending)
            #expect(interview.startedAt == nil)
            #expect(try await h.transcript(id).isEmpty)
        }
    }

    @Test("the voice server answers connections beyond HTTP_MAX_CONNECTIONS with 503 and closes them")
    func connectionCap() async throws {
        try await VoiceHarness.with(extra: ["HTTP_MAX_CONNECTIONS": "1"]) { h in
            let first = try await RawTCPConnection.open(port: h.port)
            try await first.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(await first.wait(timeout: .seconds(10)) { $0.received.hasPrefix("HTTP/1.1 200") })
            let second = try await RawTCPConnection.open(port: h.port)
            #expect(await second.wait(timeout: .seconds(10)) { $0.isClosed })
            #expect(second.received.hasPrefix("HTTP/1.1 503"))
            #expect(second.received.contains("too_many_connections"))
            await first.close()
        }
    }

    @Test("a second concurrent connection is refused while the first goes on")
    func oneSessionPerInterview() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview()
            let first = h.connect(id, token: token)
            #expect(await first.wait(for: "assistant"))
            let second = h.connect(id, token: token)
            #expect(await refusal(second) == ("session_in_progress", 4009))
            await first.finishPlayback()
            first.send(text: #"{"type":"end"}"#)
            #expect(await first.wait(for: "ended"))
            #expect(await first.waitClosed())
            #expect(first.closeCode == 1000)
        }
    }

    @Test("oversized frames, non-JSON text, unknown controls and torn samples close the socket with 1009 / 1003")
    func badFrames() async throws {
        try await VoiceHarness.with(extra: ["VOICE_MAX_FRAME_BYTES": "4096"]) { h in
            let (id, token) = try await h.makeInterview()

            let big = h.connect(id, token: token)
            #expect(await big.wait(for: "assistant"))
            big.send(binary: ByteBuffer(repeating: 1, count: 5000))
            #expect(await refusal(big) == ("frame_too_large", 1009))

            for frame in ["hello", #"{"type":"dance"}"#, #"{"type":"start","encoding":"mp3"}"#] {
                let candidate = h.connect(id, token: token)
                #expect(await candidate.wait(for: "assistant"))
                candidate.send(text: frame)
                #expect(await refusal(candidate) == ("invalid_message", 1003))
            }

            let torn = h.connect(id, token: token)
            #expect(await torn.wait(for: "assistant"))
            torn.send(binary: ByteBuffer(repeating: 0, count: 641))
            #expect(await refusal(torn) == ("invalid_message", 1003))

            // A protocol violation is a disconnection, not the end of the interview.
            let interview = try #require(try await h.interview(id))
            #expect(interview.completedAt == nil)
            #expect(try await h.evaluationJobs(id) == 0)
        }
    }

    @Test("without provider keys a session fails with an error naming the missing key, never with fake audio")
    func missingKeys() async throws {
        try await VoiceHarness.with(keys: false) { h in
            let (id, token) = try await h.makeInterview()
            let candidate = h.connect(id, token: token)
            #expect(await refusal(candidate) == ("provider_not_configured", 1011))
            #expect(candidate.events("error").first?.raw.contains("DEEPGRAM_API_KEY") == true)
            #expect(candidate.audioBytes == 0)
            #expect(h.deepgram.speakRequests.isEmpty)
            #expect(try await h.interview(id)?.status == .pending)
        }
        try await VoiceHarness.with(extra: ["VOICE_TTS_LOW_LATENCY": "true", "CARTESIA_API_KEY": ""]) { h in
            let (id, token) = try await h.makeInterview()
            let candidate = h.connect(id, token: token)
            #expect(await refusal(candidate) == ("provider_not_configured", 1011))
            #expect(candidate.events("error").first?.raw.contains("CARTESIA_API_KEY") == true)
        }
    }
}
