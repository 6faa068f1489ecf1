import Conversation
import Core
import Foundation
import HummingbirdWebSocket
import Integrations
import Logging
import NIOCore
import NIOWebSocket

/// One live voice interview over the candidate's WebSocket.
///
/// Everything that happens (client frames, speech-to-text messages, model deltas, synthesized
/// audio, timers) arrives on one ordered input stream and is turned into ``TurnController``
/// events; the controller's actions are performed at once: socket writes inline, provider
/// requests as tasks that report back on the same stream. Turns are persisted in order as they
/// complete; the end of the interview and its evaluation job are written in one transaction.
actor VoiceSession {
    /// Spoken on a reconnection, before the last question is repeated.
    static let resumeLine = "Welcome back. Let's continue where we left off."
    /// Speech-to-text reconnections after the immediate one failed (and the interviewer
    /// apologised): after 2, 4, 8, 16 and 30 s; then the session goes on without recognition.
    static let sttBackoffRetries = 5
    /// Clips being transcribed at once; a further clip is refused with `too_many_clips`.
    static let maxClipsInFlight = 2

    private let runtime: VoiceRuntime
    private let setup: SessionSetup
    private let outbound: WebSocketOutboundWriter
    private let logger: Logger
    private let inputs: AsyncStream<SessionInput>
    private let sink: AsyncStream<SessionInput>.Continuation
    private let writer: TranscriptWriter
    private let metrics: VoiceMetrics
    private let chat: ChatCompletionsClient
    private let prerecorded: DeepgramPrerecordedClient
    private var synthesizer: any SpeechSynthesizer
    private var controller = TurnController()
    private var history: [ConversationTurn]

    private var stt: DeepgramLiveConnection?
    private var sttGeneration = 0
    private var sttOptions = DeepgramLiveOptions()
    /// A speech-to-text stream was opened once; later ones are opened only by the reconnection
    /// logic, never by incoming audio (20 ms frames would each start one).
    private var sttStarted = false
    /// Consecutive failed speech-to-text connections since the last one that opened.
    private var sttFailures = 0
    private var audioFormatKnown = false
    /// Audio forwarded on the current speech-to-text stream, in seconds (its audio clock).
    private var sttAudioSeconds = 0.0
    /// The best estimate of the wall-clock instant of that stream's audio time 0.
    private var sttEpoch: ContinuousClock.Instant?
    private var llmTasks: [ReplyID: Task<Void, Never>] = [:]
    private var timers: [Task<Void, Never>] = []
    private var ended = false
    private var violationCode: VoiceCloseCode?
    /// Clip mode: clips sent for transcription whose result has not been handled yet.
    private var clipsInFlight = 0
    /// The transcription of the latest clip (each one reports after the one before it).
    private var lastClip: Task<Void, Never>?

    init(runtime: VoiceRuntime, setup: SessionSetup, outbound: WebSocketOutboundWriter, logger: Logger) {
        self.runtime = runtime
        self.setup = setup
        self.outbound = outbound
        self.logger = logger
        self.history = setup.history
        let (inputs, sink) = AsyncStream.makeStream(of: SessionInput.self)
        self.inputs = inputs
        self.sink = sink
        let configuration = runtime.platform.configuration
        let settings = configuration.voice
        let credentials = configuration.providers
        self.writer = TranscriptWriter(
            interviewId: setup.interviewId, postgres: runtime.platform.postgres, lifecycle: runtime.lifecycle, logger: logger)
        self.metrics = VoiceMetrics(ttsProvider: configuration.effectiveTTSProvider.rawValue)
        self.chat = ChatCompletionsClient(
            configuration: ChatCompletionsConfiguration(
                apiKey: credentials.groqAPIKey ?? "", model: credentials.llmModel,
                baseURL: URL(string: credentials.llmBaseURL) ?? ChatCompletionsConfiguration.groqBaseURL,
                timeouts: ProviderTimeouts(connect: .seconds(5), read: .seconds(20))),
            httpClient: runtime.httpClient, logger: logger)
        self.prerecorded = DeepgramPrerecordedClient(
            httpClient: runtime.httpClient, baseURL: HTTPURL.from(settings.deepgramBaseURL), apiKey: credentials.deepgramAPIKey ?? "",
            options: DeepgramPrerecordedOptions(model: settings.sttModel))
        let emit: @Sendable (TurnController.Event) -> Void = { [sink] event in sink.yield(.controller(event)) }
        switch configuration.effectiveTTSProvider {
        case .cartesia:
            synthesizer = CartesiaSynthesizer(
                baseURL: settings.cartesiaBaseURL, apiKey: credentials.cartesiaAPIKey ?? "", model: settings.cartesiaModel,
                voiceID: settings.cartesiaVoiceID, version: settings.cartesiaVersion, logger: logger, emit: emit)
        case .deepgram:
            synthesizer = AuraSynthesizer(
                client: DeepgramSpeakClient(
                    httpClient: runtime.httpClient, baseURL: settings.deepgramBaseURL, apiKey: credentials.deepgramAPIKey ?? "",
                    options: DeepgramSpeakOptions(model: settings.ttsModel, sampleRate: 24_000)),
                emit: emit)
        }
        sttOptions.model = settings.sttModel
        sttOptions.endpointing = .milliseconds(settings.endpointingMilliseconds)
        sttOptions.utteranceEndMilliseconds = settings.utteranceEndMilliseconds
    }

    /// Runs the session until it ends; returns once every turn is written.
    func run(inbound: WebSocketInboundStream) async {
        metrics.sessionStarted()
        let maxFrame = runtime.settings.maxFrameBytes
        let maxClip = runtime.settings.maxClipBytes
        let maxMessage = runtime.settings.maxMessageBytes
        let sink = self.sink
        let reader = Task {
            do {
                for try await message in inbound.messages(maxSize: maxMessage) {
                    switch message {
                    case .text(let text):
                        guard text.utf8.count <= maxFrame else {
                            sink.yield(.clientViolation(.tooLarge, .frameTooLarge, "Frames must not exceed \(maxFrame) bytes."))
                            return
                        }
                        sink.yield(.clientText(text))
                    case .binary(let buffer):
                        if let container = ClipContainer.detect(buffer) {
                            guard buffer.readableBytes <= maxClip else {
                                sink.yield(.clientRefused(.clipTooLarge, "Clips must not exceed \(maxClip) bytes; record a shorter answer."))
                                continue
                            }
                            sink.yield(.clientClip(buffer, container))
                            continue
                        }
                        guard buffer.readableBytes <= maxFrame else {
                            sink.yield(.clientViolation(.tooLarge, .frameTooLarge, "Audio frames must not exceed \(maxFrame) bytes."))
                            return
                        }
                        sink.yield(.clientAudio(buffer))
                    }
                }
            } catch {
                // A broken connection, or a fragmented message over the limit: either way the socket is gone.
            }
            sink.yield(.clientClosed)
        }
        startTimers()
        await handle(.started(openingLine: openingLine))
        for await input in inputs {
            await process(input)
            if ended { break }
        }
        reader.cancel()
        sink.finish()
        await writer.finish()
    }

    private var openingLine: String {
        guard !history.isEmpty else { return setup.prompt.openingLine }
        guard let last = history.last(where: { $0.role == .assistant }) else { return Self.resumeLine }
        return Self.resumeLine + " " + last.text
    }

    // MARK: - Inputs

    private func process(_ input: SessionInput) async {
        switch input {
        case .clientText(let text):
            guard let message = ClientControlMessage.parse(text) else {
                await violation(.unsupportedData, .invalidMessage,
                                "Text frames must be JSON control messages: start, end_of_speech, playback_finished or end.")
                return
            }
            switch message.type {
            case "start":
                guard !audioFormatKnown else { return }
                if let encoding = message.encoding { sttOptions.encoding = encoding }
                if let rate = message.sampleRate { sttOptions.sampleRate = rate }
                if let channels = message.channels { sttOptions.channels = channels }
                audioFormatKnown = true
                if !sttStarted { connectSTT() }
            case "end_of_speech":
                await handle(.clientEndOfSpeech)
            case "playback_finished":
                await handle(.playbackFinished)
            default:
                await handle(.candidateEndedInterview)
            }
        case .clientAudio(let buffer):
            if sttOptions.encoding == "linear16" && buffer.readableBytes % (2 * sttOptions.channels) != 0 {
                await violation(.unsupportedData, .invalidMessage, "Audio frames must hold whole linear16 samples.")
                return
            }
            audioFormatKnown = true
            if !sttStarted { connectSTT() }
            stt?.send(audio: buffer)  // dropped while speech-to-text is down
            await advanceAudioClock(bytes: buffer.readableBytes)
        case .clientClip(let clip, let container):
            guard clipsInFlight < Self.maxClipsInFlight else {
                await send(.error(.tooManyClips, message: "Wait for the answer to your previous clips before sending another."))
                return
            }
            await handle(.clientEndOfSpeech)  // the recording ended when the clip was sent
            transcribe(clip, container)
        case .clientRefused(let error, let message):
            await send(.error(error, message: message))
        case .clipTranscribed(let result):
            clipsInFlight -= 1
            await process(result)
        case .clientViolation(let code, let error, let message):
            await violation(code, error, message)
        case .clientClosed:
            await handle(.clientDisconnected)
        case .stt(let generation, let event):
            guard generation == sttGeneration else { return }
            await process(event)
        case .controller(let event):
            await handle(event)
        case .reconnectSTT:
            if stt == nil { connectSTT() }
        }
    }

    private func process(_ event: SpeechToTextEvent) async {
        switch event {
        case .opened:
            if sttFailures > 1 { logger.notice("speech-to-text reconnected", metadata: ["failures": "\(sttFailures)"]) }
            sttFailures = 0
        case .message(.results(let results)):
            await handle(.transcript(TurnController.Transcript(results)))
        case .message(.utteranceEnd(let end)):
            await handle(.utteranceEnd(lastWordEnd: .milliseconds(Int64(end.lastWordEnd * 1000))))
        case .message(.speechStarted):
            await handle(.speechStarted)
        case .message(.error(let error)):
            logger.warning("Deepgram error message", metadata: ["reason": "\(error.reason)"])
        case .message:
            break
        case .closed(let close, let error, let expected):
            guard !expected else { return }
            stt = nil
            sttFailures += 1
            logger.warning("speech-to-text socket closed", metadata: [
                "close": "\(close.map { "\($0.code) \($0.reason)" } ?? "none")", "error": "\(error ?? "none")",
            ])
            if sttFailures == 1 {
                connectSTT()  // the one immediate retry; the session goes on
                return
            }
            if sttFailures == 2 {
                // The retry failed too: the candidate hears an apology and the client an error.
                await handle(.sttFailed(reason: error ?? close?.reason ?? "closed"))
            }
            let retry = sttFailures - 2  // back-off reconnections made so far
            guard retry < Self.sttBackoffRetries else {
                logger.error("speech-to-text unavailable; no more reconnections for this session", metadata: ["attempts": "\(sttFailures)"])
                return
            }
            let sink = self.sink
            let delay = min(Duration.seconds(2) * (1 << retry), .seconds(30))
            timers.append(Task {
                try? await Task.sleep(for: delay)
                if !Task.isCancelled { sink.yield(.reconnectSTT) }
            })
        }
    }

    /// Clip mode: sends `clip` to pre-recorded transcription; results are reported in the order
    /// the clips arrived.
    private func transcribe(_ clip: ByteBuffer, _ container: ClipContainer) {
        clipsInFlight += 1
        let client = prerecorded
        let sink = self.sink
        let previous = lastClip
        lastClip = Task {
            let result: Result<DeepgramPrerecordedResponse, VoiceProviderError>
            do {
                result = .success(try await client.transcribe(clip, container: container))
            } catch let error as VoiceProviderError {
                result = .failure(error)
            } catch {
                result = .failure(VoiceProviderError(provider: "deepgram", message: "\(error)"))
            }
            await previous?.value
            sink.yield(.clipTranscribed(result))
        }
    }

    /// A clip's transcript is one whole utterance: a final transcript that ends the turn, then
    /// the same reply pipeline as streamed speech.
    private func process(_ result: Result<DeepgramPrerecordedResponse, VoiceProviderError>) async {
        switch result {
        case .success(let response):
            let text = response.transcript.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty {
                await send(.error(.noSpeech, message: "No speech was recognised in the clip; please answer again."))
            }
            await handle(.transcript(TurnController.Transcript(text: text, isFinal: true, speechFinal: true)))
        case .failure(let error) where error.status == 400:
            logger.info("clip refused by speech-to-text", metadata: ["error": "\(error)"])
            await send(.error(.clipUnreadable, message: "The clip could not be decoded; send WebM/Opus, Ogg/Opus, MP4/AAC or WAV audio."))
        case .failure(let error):
            logger.warning("clip transcription failed", metadata: ["error": "\(error)"])
            await handle(.sttFailed(reason: error.description))
        }
    }

    /// Keeps the speech-to-text audio clock aligned with the wall clock: a frame cannot arrive
    /// before it was captured, so audio time 0 is at the latest `arrival − audio so far`, and the
    /// earliest such value over all frames is the closest estimate (late or bursty frames only
    /// give later values). Word timestamps then time the end of the candidate's speech.
    private func advanceAudioClock(bytes: Int) async {
        let bytesPerSecond = Double(2 * sttOptions.sampleRate * max(1, sttOptions.channels))
        guard sttOptions.encoding == "linear16", bytesPerSecond > 0 else { return }
        sttAudioSeconds += Double(bytes) / bytesPerSecond
        let candidate = ContinuousClock.now - .microseconds(Int64(sttAudioSeconds * 1_000_000))
        if sttEpoch.map({ candidate < $0 }) ?? true {
            sttEpoch = candidate
            let actions = controller.handle(.sttStreamStarted, at: candidate)
            for action in actions { await perform(action) }
        }
    }

    private func connectSTT() {
        guard !ended, let url = sttOptions.url(base: WebSocketURL.from(runtime.settings.deepgramBaseURL)) else { return }
        sttAudioSeconds = 0
        sttEpoch = nil
        sttGeneration += 1
        sttStarted = true
        let generation = sttGeneration
        let connection = DeepgramLiveConnection(
            url: url.absoluteString, apiKey: runtime.platform.configuration.providers.deepgramAPIKey ?? "",
            keepAliveInterval: runtime.settings.keepAliveInterval, logger: logger)
        stt = connection
        let sink = self.sink
        Task {
            for await event in connection.events { sink.yield(.stt(generation: generation, event)) }
        }
    }

    private func startTimers() {
        let sink = self.sink
        let remaining = setup.deadline.timeIntervalSinceNow
        let lead = runtime.settings.timeWarningLead
        let leadSeconds = Double(lead.components.seconds)
        if leadSeconds > 0 {
            let warnIn = remaining - leadSeconds
            let warning = warnIn > 0 ? lead : Duration.milliseconds(Int64(max(0, remaining) * 1000))
            timers.append(Task {
                if warnIn > 0 { try? await Task.sleep(for: .milliseconds(Int64(warnIn * 1000))) }
                if !Task.isCancelled { sink.yield(.controller(.timeWarningDue(remaining: warning))) }
            })
        }
        timers.append(Task {
            try? await Task.sleep(for: .milliseconds(Int64(max(0, remaining) * 1000)))
            if !Task.isCancelled { sink.yield(.controller(.timeLimitReached)) }
        })
    }

    // MARK: - Actions

    private func handle(_ event: TurnController.Event) async {
        let actions = controller.handle(event, at: .now)
        for action in actions { await perform(action) }
    }

    private func perform(_ action: TurnController.Action) async {
        switch action {
        case .startReply(let request):
            startReply(request)
        case .synthesize(let chunk):
            synthesizer.synthesize(chunk)
        case .finishSynthesis(let id):
            synthesizer.finish(id)
        case .cancelReply(let id):
            llmTasks.removeValue(forKey: id)?.cancel()
            synthesizer.cancel(id)
        case .sendAudio(let data):
            try? await outbound.write(.binary(ByteBuffer(bytes: data)))
        case .sendEvent(let event):
            await send(event)
        case .persist(let turn):
            history.append(turn)
            writer.append(turn)
        case .finalizeSTT:
            stt?.finalize()
        case .recordMetrics(let turnMetrics):
            metrics.record(turnMetrics)
            await send(.turnMetrics(turnMetrics))
        case .scheduleWakeUp(let instant):
            let sink = self.sink
            timers.append(Task {
                try? await Task.sleep(until: instant, clock: .continuous)
                sink.yield(.controller(.wakeUp))
            })
            timers.removeAll { $0.isCancelled }
        case .enqueueEvaluation:
            writer.complete()
        case .end(let reason):
            await end(reason)
        }
    }

    private func startReply(_ request: TurnController.ReplyRequest) {
        var messages = [ChatMessage.system(setup.prompt.systemPrompt)]
        for turn in history {
            messages.append(turn.role == .user ? .user(turn.text) : .assistant(turn.text))
        }
        if request.wrapUp {
            let minutesLeft = Int((setup.deadline.timeIntervalSinceNow / 60).rounded(.up))
            messages.append(.system(setup.prompt.wrapUpInstruction(remainingMinutes: minutesLeft)))
        }
        messages.append(.user(request.userText))
        let chatRequest = ChatCompletionRequest(
            messages: messages, temperature: 0.6, maxCompletionTokens: 300, user: setup.interviewId.uuidString.lowercased())
        let chat = self.chat
        let sink = self.sink
        let id = request.id
        llmTasks[id] = Task {
            var attempt = 0
            while !Task.isCancelled {
                attempt += 1
                var received = false
                do {
                    sink.yield(.controller(.llmRequestSent(id)))
                    for try await delta in chat.stream(chatRequest) where !delta.content.isEmpty {
                        received = true
                        sink.yield(.controller(.llmDelta(id, delta.content)))
                    }
                    if !Task.isCancelled { sink.yield(.controller(.llmFinished(id))) }
                    return
                } catch {
                    if Task.isCancelled { return }
                    if !received && attempt < 2 {
                        try? await Task.sleep(for: .milliseconds(150))
                        continue
                    }
                    sink.yield(.controller(.llmFailed(id, reason: "\(error)")))
                    return
                }
            }
        }
        llmTasks = llmTasks.filter { $0.key.value >= id.value - 2 }
    }

    private func send(_ event: VoiceClientEvent) async {
        guard let text = try? Self.encoder.encode(event) else { return }
        try? await outbound.write(.text(String(decoding: text, as: UTF8.self)))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    private func violation(_ code: VoiceCloseCode, _ error: VoiceClientEvent.ErrorCode, _ message: String) async {
        guard !ended else { return }
        await send(.error(error, message: message))
        violationCode = code
        await handle(.clientDisconnected)
    }

    private func end(_ reason: EndReason) async {
        guard !ended else { return }
        ended = true
        for task in timers { task.cancel() }
        for task in llmTasks.values { task.cancel() }
        llmTasks = [:]
        lastClip?.cancel()
        synthesizer.close()
        stt?.close()
        stt = nil
        logger.info("voice session ended", metadata: ["interview": "\(setup.interviewId)", "reason": "\(reason.rawValue)"])
        await writer.finish()  // the transcript and the end are stored before the client sees the close
        if let code = violationCode {
            try? await outbound.close(WebSocketErrorCode(codeNumber: Int(code.rawValue)), reason: nil)
        } else if reason != .clientDisconnected {
            try? await outbound.close(.normalClosure, reason: reason.rawValue)
        }
    }
}
