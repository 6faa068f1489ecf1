import Core
import Foundation
import Testing

@Suite struct ConfigurationTests {
    let base = ["DATABASE_URL": "postgres://app:secret@db.internal:5432/vantahire"]

    func load(_ extra: [String: String]) throws(ConfigurationError) -> AppConfiguration {
        var values = base
        for (key, value) in extra { values[key] = value }
        return try AppConfiguration(environment: Environment(values))
    }

    func problem(_ extra: [String: String]) -> ConfigurationError? {
        do {
            _ = try load(extra)
            return nil
        } catch {
            return error
        }
    }

    @Test func defaultsApplyWhenOptionalVariablesAreUnset() throws {
        let configuration = try load([:])
        #expect(configuration.port == 3000)
        #expect(configuration.runtime == .development)
        #expect(configuration.redisURL == nil)
        #expect(configuration.jwtSecretGenerated)
        #expect(configuration.jwtSecret.count >= 32)
        #expect(configuration.jwtExpiresIn == .seconds(7 * 86_400))
        #expect(configuration.effectiveTTSProvider == .deepgram)
        #expect(configuration.providers.brevoSenderName == "VantaHire")
        #expect(configuration.worker.queues == ["default"])
        #expect(configuration.databaseStatementTimeout == .seconds(30))
        #expect(configuration.databaseCallTimeout == .seconds(35))
    }

    @Test func logFormatIsTextUnlessJSONIsAsked() throws {
        #expect(try load([:]).logFormat == .text)
        #expect(try load(["LOG_FORMAT": "json"]).logFormat == .json)
        #expect(try load(["LOG_FORMAT": "JSON"]).logFormat == .json)
        #expect(problem(["LOG_FORMAT": "logfmt"])?.variable == "LOG_FORMAT")
    }

    @Test func databaseURLIsParsedIntoParts() throws {
        let url = try load(["DATABASE_URL": "postgresql://us%40er:p%3Ass@127.0.0.1:6543/app?sslmode=require"]).databaseURL
        #expect(url.host == "127.0.0.1")
        #expect(url.port == 6543)
        #expect(url.username == "us@er")
        #expect(url.password == "p:ss")
        #expect(url.database == "app")
        #expect(url.tlsMode == .require)
        #expect(!url.description.contains("p:ss"))
    }

    @Test(arguments: ["not a url", "mysql://u@h/db", "postgres://u@h", "postgres://h:5432/db", "postgres://u@h/db?sslmode=bogus"])
    func malformedDatabaseURLNamesTheVariable(_ value: String) {
        let error = problem(["DATABASE_URL": value])
        #expect(error?.variable == "DATABASE_URL")
        #expect(error?.description.contains("\n") == false)
    }

    @Test func missingDatabaseURLIsAnError() {
        #expect(throws: ConfigurationError.self) { try AppConfiguration(environment: Environment([:])) }
    }

    @Test func productionRequiresALongJWTSecret() {
        #expect(problem(["NODE_ENV": "production"])?.variable == "JWT_SECRET")
        let short = problem(["NODE_ENV": "production", "JWT_SECRET": "too-short"])
        #expect(short?.variable == "JWT_SECRET")
        #expect(short?.problem.contains("32") == true)
        #expect(problem(["NODE_ENV": "production", "JWT_SECRET": String(repeating: "k", count: 32)]) == nil)
    }

    @Test(arguments: [
        ("PORT", "70000"), ("PORT", "abc"), ("NODE_ENV", "staging"), ("JWT_EXPIRES_IN", "7 days"),
        ("FRONTEND_URL", "ftp://x"), ("VOICE_TTS_PROVIDER", "polly"), ("VOICE_TTS_LOW_LATENCY", "maybe"),
        ("REDIS_URL", "http://localhost"), ("BREVO_SENDER_EMAIL", "nobody"), ("GCS_CREDENTIALS", "{not json"),
        ("WORKER_CONCURRENCY", "0"), ("LOG_LEVEL", "loud"), ("SCHEDULER_TIME_ZONE", "Mars/Olympus"),
        ("DATABASE_STATEMENT_TIMEOUT", "0"), ("DATABASE_STATEMENT_TIMEOUT", "2h"), ("DATABASE_STATEMENT_TIMEOUT", "soon"),
    ])
    func invalidValuesNameTheirVariable(_ name: String, _ value: String) {
        #expect(problem([name: value])?.variable == name)
    }

    @Test func voicePortDefaultsToPortAndVoiceURLIsOptional() throws {
        let voice = try load(["PORT": "8081"]).voice
        #expect(voice.port == 8081)
        #expect(voice.upstreamURL == nil)
        #expect(voice.maxClipBytes == 4 << 20)
        #expect(voice.maxMessageBytes == 8 << 20)
        #expect(try load(["PORT": "8081", "VOICE_PORT": "9000"]).voice.port == 9000)
        let api = try load(["VOICE_URL": "http://voice.railway.internal:8081"]).voice
        #expect(api.upstreamURL?.absoluteString == "http://voice.railway.internal:8081")
    }

    @Test(arguments: [
        ("VOICE_URL", "voice.railway.internal:8081"), ("VOICE_URL", "ftp://voice"), ("VOICE_URL", "http://voice?x=1"),
        ("VOICE_URL", "http://"), ("VOICE_MAX_CLIP_BYTES", "100"), ("VOICE_MAX_CLIP_BYTES", "lots"), ("VOICE_PORT", "-1"),
    ])
    func invalidVoiceValuesNameTheirVariable(_ name: String, _ value: String) {
        #expect(problem([name: value])?.variable == name)
    }

    @Test func whatsappKeyNeedsAPhoneID() {
        #expect(problem(["WHATSAPP_API_KEY": "k"])?.variable == "WHATSAPP_PHONE_ID")
    }

    @Test func lowLatencyForcesCartesia() throws {
        #expect(try load(["VOICE_TTS_LOW_LATENCY": "true"]).effectiveTTSProvider == .cartesia)
        #expect(try load(["VOICE_TTS_PROVIDER": "cartesia"]).effectiveTTSProvider == .cartesia)
    }

    @Test(arguments: [("3600", 3600), ("30m", 1800), ("12h", 43_200), ("7d", 604_800), ("2w", 1_209_600)])
    func durationsParse(_ text: String, _ seconds: Int64) {
        #expect(DurationParser.parse(text) == .seconds(seconds))
    }

    @Test(arguments: ["", "0", "-5", "7x", "d", "1.5h"])
    func invalidDurationsAreRejected(_ text: String) {
        #expect(DurationParser.parse(text) == nil)
    }

    @Test func dotEnvParsingHandlesQuotesCommentsAndExport() throws {
        let values = try Environment.parseDotEnv("""
            # comment
            export PORT=4000
            JWT_SECRET="a b c"
            NAME='single' 
            PLAIN=value # trailing comment

            """)
        #expect(values == ["PORT": "4000", "JWT_SECRET": "a b c", "NAME": "single", "PLAIN": "value"])
        #expect(throws: ConfigurationError.self) { try Environment.parseDotEnv("NOEQUALS") }
    }
}
