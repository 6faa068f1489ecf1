/// The WebSocket close codes of the voice socket.
///
/// | code | meaning |
/// |---|---|
/// | 1000 | the interview ended normally (after `ended`) |
/// | 1003 | a frame that is not audio nor a known JSON control message |
/// | 1009 | a frame larger than `VOICE_MAX_FRAME_BYTES` |
/// | 1011 | server-side failure, or a provider key missing (see the `error` event) |
/// | 1013 | the process is at `VOICE_MAX_SESSIONS`; try again later |
/// | 4001 | missing, invalid or expired interview token |
/// | 4003 | the token is for another interview |
/// | 4004 | no such interview |
/// | 4009 | another live session of this interview is open |
/// | 4010 | the interview is over or expired |
/// | 4022 | the interview is a text interview (it runs through the API's conversation routes) |
public enum VoiceCloseCode: UInt16, Sendable {
    /// 1000.
    case normal = 1000
    /// 1003.
    case unsupportedData = 1003
    /// 1009.
    case tooLarge = 1009
    /// 1011.
    case serverError = 1011
    /// 1013.
    case tryAgainLater = 1013
    /// 4001.
    case unauthorized = 4001
    /// 4003.
    case forbidden = 4003
    /// 4004.
    case notFound = 4004
    /// 4009.
    case conflict = 4009
    /// 4010.
    case gone = 4010
    /// 4022.
    case notVoiceInterview = 4022
}
