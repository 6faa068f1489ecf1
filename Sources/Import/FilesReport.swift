/// What a pass did with stored bytes.
public struct FilesReport: Codable, Sendable, Equatable {
    /// File objects downloaded into `files.data`.
    public var downloaded: Int = 0
    /// Their bytes.
    public var downloadedBytes: Int64 = 0
    /// Recordings copied into the recordings store.
    public var recordingsCopied: Int = 0
    /// Their bytes.
    public var recordingBytes: Int64 = 0
    /// Recordings already in the store with the same size.
    public var recordingsPresent: Int = 0
    /// Recordings that could not be copied (the interview row is imported, its recording is not).
    public var recordingsRejected: [RowIssue] = []

    /// An empty report.
    public init() {}
}
