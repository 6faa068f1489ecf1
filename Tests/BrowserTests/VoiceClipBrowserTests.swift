import API
import AsyncHTTPClient
import Core
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import ProviderFakes
import TestSupport
import Testing
import Voice
import VoiceFakes

/// The candidate's side of a voice interview in a real headless Chromium, as the old voice
/// component works: a page on another origin opens `${API_URL}/voice/interview/:id/ws`, the `api`
/// role relays it to a separate voice process (`VOICE_URL`), the browser's `MediaRecorder` records
/// one clip (WebM/Opus) and sends it as one message; Deepgram's pre-recorded fake transcribes it,
/// the Groq fake answers, Deepgram Aura's fake speaks, and the page receives the reply's linear16
/// audio; the candidate's turn is stored.
@Suite struct VoiceClipBrowserTests {
    @Test(.timeLimit(.minutes(5)))
    func aRecordedClipIsAnsweredThroughTheAPIsOrigin() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: WebAppBrowserTests.python.path), "run the suite with scripts/test, which installs the Python clients into .venv")
        let deepgram = DeepgramFake(apiKey: "dg_browser_key", audioSecondsPerCharacter: 0.004)
        let groq = GroqFake(apiKey: "gsk_browser", defaultReply: "Thank you. What did you build with it?")
        let deepgramURL = try await deepgram.start()
        _ = try await groq.start()
        let pagePort = try LoopbackPort.free()
        let artifacts = WebAppBrowserTests.root.appendingPathComponent(".build/browser-artifacts").path
        try await TestDatabase.with { db in
            let voicePlatform = try TestPlatform.make(database: db, extra: [
                "VOICE_PORT": "0", "DEEPGRAM_API_KEY": "dg_browser_key", "DEEPGRAM_BASE_URL": deepgramURL.absoluteString,
                "GROQ_API_KEY": "gsk_browser", "LLM_BASE_URL": groq.openAIBaseURL!.absoluteString,
            ])
            let httpClient = VoiceRuntime.makeHTTPClient()
            let runtime = VoiceRuntime(platform: voicePlatform, httpClient: httpClient)
            let voiceServer = LoopbackServer()
            let voicePort = try #require(try await voiceServer.start { onServerRunning in
                VoiceServer.buildApplication(runtime: runtime, onServerRunning: onServerRunning)
            }.port)

            deepgram.enqueueUtterances(["I built a payments service in Swift."])
            let apiPlatform = try TestPlatform.make(database: db, extra: [
                "FRONTEND_URL": "http://localhost:\(pagePort)", "VOICE_URL": "http://127.0.0.1:\(voicePort)",
            ])
            let app = try buildApplication(platform: apiPlatform)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let run = try ScriptRun(executable: WebAppBrowserTests.python, arguments: [WebAppBrowserTests.suite.path], environment: [
                    "SCENARIO": "voice", "API_URL": "http://127.0.0.1:\(port)", "PAGE_PORT": "\(pagePort)", "ARTIFACTS": artifacts,
                ])
                let status = try await run.exitStatus(timeout: .seconds(240))
                #expect(status == 0, "browser suite output:\n\(run.output)")
                #expect(run.output.contains("all steps passed"), "browser suite output:\n\(run.output)")
            }
            // The clip went through Deepgram's pre-recorded API as WebM, not the live stream.
            let clips = deepgram.clipRequests
            #expect(clips.count == 1)
            #expect(clips.first?.container == "webm", "\(clips)")
            #expect(clips.first?.status == 200)
            #expect(clips.first?.transcript == "I built a payments service in Swift.")
            let stored = try await db.client.query("SELECT content FROM interview_messages WHERE role = 'user'", logger: db.logger)
                .collect().map { try $0.decode(String.self) }
            #expect(stored == ["I built a payments service in Swift."])
            await voiceServer.stop()
            try await httpClient.shutdown()
        }
        await deepgram.stop()
        await groq.stop()
    }
}
