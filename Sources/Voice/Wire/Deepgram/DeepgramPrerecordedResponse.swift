import Foundation

/// The 200 body of `POST /v1/listen` (Deepgram's `ListenV1Response`, providers.md §1.1), reduced
/// to what a clip's turn needs; unknown keys are ignored.
public struct DeepgramPrerecordedResponse: Codable, Sendable, Equatable {
    /// `metadata`.
    public struct Metadata: Codable, Sendable, Equatable {
        /// `request_id`.
        public var requestId: String
        /// `duration`: seconds of audio.
        public var duration: Double
        /// `channels`.
        public var channels: Int

        /// Metadata.
        public init(requestId: String, duration: Double, channels: Int) {
            self.requestId = requestId
            self.duration = duration
            self.channels = channels
        }

        private enum CodingKeys: String, CodingKey {
            case requestId = "request_id"
            case duration, channels
        }
    }

    /// `results.channels[]`.
    public struct Channel: Codable, Sendable, Equatable {
        /// `alternatives`, best first.
        public var alternatives: [DeepgramLiveResults.Alternative]

        /// A channel.
        public init(alternatives: [DeepgramLiveResults.Alternative]) {
            self.alternatives = alternatives
        }
    }

    /// `results`.
    public struct Results: Codable, Sendable, Equatable {
        /// `channels`.
        public var channels: [Channel]

        /// Results.
        public init(channels: [Channel]) {
            self.channels = channels
        }
    }

    /// `metadata`.
    public var metadata: Metadata
    /// `results`.
    public var results: Results

    /// A response.
    public init(metadata: Metadata, results: Results) {
        self.metadata = metadata
        self.results = results
    }

    /// `results.channels[0].alternatives[0].transcript` (`""` when nothing was recognised).
    public var transcript: String {
        results.channels.first?.alternatives.first?.transcript ?? ""
    }
}
