import API
import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import ProviderFakes
import Testing
import Voice
import VoiceFakes

@Suite("Voice socket on the API's origin", .serialized)
struct VoiceForwardingTests {
    @Test("the api role relays a whole session to the voice role: text and binary both ways, the close code and reason")
    func relaysSession() async throws {
        try await VoiceHarness.with { h in
            try await APIFront.with(h) { port in
                let (id, token) = try await h.makeInterview()
                h.deepgram.enqueueUtterances(["I build Swift services on Linux."])
                h.groq.enqueue(.reply("Interesting. Which databases do you use?"))
                let candidate = APIFront.connect(port: port, id, token: token)
                candidate.start()  // text, client → voice

                #expect(await candidate.wait(for: "assistant"))  // text, voice → client
                await candidate.finishPlayback()
                #expect(candidate.audioBytes > 0)  // binary, voice → client
                await candidate.speak(0.6, silence: 0.5, speed: 4)  // binary, client → voice
                #expect(await candidate.wait(for: "turn_metrics"))
                #expect(candidate.events("transcript").contains { $0.text == "I build Swift services on Linux." })
                await candidate.finishPlayback()

                candidate.send(text: #"{"type":"end"}"#)
                #expect(await candidate.waitClosed())
                #expect(candidate.events("ended").first?.detail == "candidate_ended")
                #expect(candidate.closeCode == 1000)
                #expect(candidate.closeReason == "candidate_ended")
                let transcript = try await h.transcript(id)
                #expect(transcript.filter { $0.role == .user }.map(\.content) == ["I build Swift services on Linux."])
                #expect(transcript.contains { $0.role == .assistant && $0.content == "Interesting. Which databases do you use?" })
            }
        }
    }

    @Test("the voice role's refusals reach the client unchanged: error event, 4001 without a token, 4022 for a text interview")
    func relaysRefusals() async throws {
        try await VoiceHarness.with { h in
            try await APIFront.with(h) { port in
                let (id, _) = try await h.makeInterview()
                let anonymous = APIFront.connect(port: port, id, token: nil)
                #expect(await anonymous.waitClosed())
                #expect(anonymous.events("error").first?.detail == "unauthorized")
                #expect(anonymous.closeCode == 4001)
                #expect(anonymous.closeReason == "unauthorized")

                // An invalid token is the voice role's to refuse, not the API's.
                let forged = APIFront.connect(port: port, id, token: "not-a-token")
                #expect(await forged.waitClosed())
                #expect(forged.failure == nil)
                #expect(forged.events("error").first?.detail == "unauthorized")
                #expect(forged.closeCode == 4001)

                let (textId, textToken) = try await h.makeInterview(type: .text)
                let text = APIFront.connect(port: port, textId, token: textToken)
                #expect(await text.waitClosed())
                #expect(text.events("error").first?.detail == "not_voice_interview")
                #expect(text.closeCode == 4022)
            }
        }
    }

    @Test("a protocol violation closes the client with the voice role's code (1003), and a client close ends the voice session")
    func relaysClosesBothWays() async throws {
        try await VoiceHarness.with { h in
            try await APIFront.with(h) { port in
                let (id, token) = try await h.makeInterview()
                let rude = APIFront.connect(port: port, id, token: token)
                #expect(await rude.wait(for: "assistant"))
                rude.send(text: "hello")
                #expect(await rude.waitClosed())
                #expect(rude.events("error").last?.detail == "invalid_message")
                #expect(rude.closeCode == 1003)
                #expect(await rude.wait { _ in h.runtime.liveSessions == 0 })

                let leaving = APIFront.connect(port: port, id, token: token)
                #expect(await leaving.wait(for: "assistant"))
                #expect(h.runtime.liveSessions == 1)
                leaving.close()
                #expect(await leaving.waitClosed())
                // The voice session saw the close through the relay and let the interview go.
                #expect(await leaving.wait { _ in h.runtime.liveSessions == 0 })
                let again = APIFront.connect(port: port, id, token: token)
                #expect(await again.wait(for: "assistant"))
                again.close()
                #expect(await again.waitClosed())
            }
        }
    }

    @Test("an unreachable voice service: error voice_unavailable and close 1013")
    func unreachableVoice() async throws {
        try await VoiceHarness.with { h in
            let closed = URL(string: "http://127.0.0.1:1")!
            try await APIFront.with(h, backend: .forward(closed)) { port in
                let (id, token) = try await h.makeInterview()
                let candidate = APIFront.connect(port: port, id, token: token)
                #expect(await candidate.waitClosed())
                #expect(candidate.events("error").first?.detail == "voice_unavailable")
                #expect(candidate.closeCode == 1013)
            }
        }
    }

    @Test("without VOICE_URL: 503 voice_unavailable over HTTP, error voice_unavailable and 1013 on a socket; a plain GET otherwise is 426")
    func unavailableAndPlainGet() async throws {
        try await VoiceHarness.with { h in
            let (id, token) = try await h.makeInterview()
            let path = "/voice/interview/\(id.uuidString.lowercased())/ws?token=\(token)"
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                try await APIFront.with(h, backend: .unavailable) { port in
                    let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
                    let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
                    #expect(response.status.code == 503)
                    #expect(body.contains(#""code":"voice_unavailable""#))

                    let candidate = APIFront.connect(port: port, id, token: token)
                    #expect(await candidate.waitClosed())
                    #expect(candidate.events("error").first?.detail == "voice_unavailable")
                    #expect(candidate.closeCode == 1013)
                    #expect(h.runtime.liveSessions == 0)
                }
                try await APIFront.with(h) { port in
                    let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
                    let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
                    #expect(response.status.code == 426)
                    #expect(body.contains(#""code":"websocket_required""#))
                }
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }

    @Test("dev serves the voice socket in process on the API's port")
    func inProcess() async throws {
        try await VoiceHarness.with { h in
            let runtime = h.runtime
            let backend = VoiceSocketBackend.inProcess { interviewId, token, inbound, outbound, logger in
                await VoiceServer.serveSocket(
                    runtime: runtime, interviewId: interviewId, token: token, inbound: inbound, outbound: outbound, logger: logger)
            }
            try await APIFront.with(h, backend: backend) { port in
                let (id, token) = try await h.makeInterview()
                let candidate = APIFront.connect(port: port, id, token: token)
                #expect(await candidate.wait(for: "assistant"))
                #expect(candidate.events("assistant").first?.text?.hasPrefix("Hi Ana") == true)
                candidate.send(text: #"{"type":"end"}"#)
                #expect(await candidate.waitClosed())
                #expect(candidate.closeCode == 1000)

                let anonymous = APIFront.connect(port: port, id, token: nil)
                #expect(await anonymous.waitClosed())
                #expect(anonymous.closeCode == 4001)
            }
        }
    }
}
