/// Faithful fakes of the voice providers (Deepgram live STT, Deepgram Aura, Cartesia).
public enum VoiceFakes {}
