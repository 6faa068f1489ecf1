public import NIOCore

/// The container of a recorded clip (clip mode), recognised by its magic bytes: what a browser's
/// `MediaRecorder` produces (WebM/Opus, Ogg/Opus, MP4/AAC) and WAV.
///
/// | container | magic bytes |
/// |---|---|
/// | WebM (Matroska) | `1A 45 DF A3` at 0 |
/// | Ogg | `OggS` `00` at 0 |
/// | WAV | `RIFF` at 0 and `WAVE` at 8 |
/// | MP4 / M4A | `ftyp` at 4 |
///
/// A binary message with none of these is streamed PCM (the live path).
public enum ClipContainer: String, Sendable, CaseIterable {
    /// WebM (Chrome, Edge: `audio/webm;codecs=opus`).
    case webm
    /// Ogg (Firefox: `audio/ogg;codecs=opus`).
    case ogg
    /// WAV (RIFF/WAVE).
    case wav
    /// MP4 / M4A (Safari: `audio/mp4`, AAC).
    case mp4

    /// The `Content-Type` sent to the transcription service.
    public var contentType: String {
        switch self {
        case .webm: "audio/webm"
        case .ogg: "audio/ogg"
        case .wav: "audio/wav"
        case .mp4: "audio/mp4"
        }
    }

    /// The container of `buffer`, or `nil` when it does not start like a clip.
    public static func detect(_ buffer: ByteBuffer) -> ClipContainer? {
        guard let head = buffer.getBytes(at: buffer.readerIndex, length: min(12, buffer.readableBytes)) else { return nil }
        func matches(_ bytes: [UInt8], at offset: Int) -> Bool {
            head.count >= offset + bytes.count && Array(head[offset..<(offset + bytes.count)]) == bytes
        }
        if matches([0x1A, 0x45, 0xDF, 0xA3], at: 0) { return .webm }
        if matches(Array("OggS".utf8) + [0], at: 0) { return .ogg }
        if matches(Array("RIFF".utf8), at: 0) && matches(Array("WAVE".utf8), at: 8) { return .wav }
        if matches(Array("ftyp".utf8), at: 4) { return .mp4 }
        return nil
    }
}
