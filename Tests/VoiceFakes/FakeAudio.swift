import NIOCore

/// Deterministic 16-bit little-endian PCM for fakes and scripted clients.
public enum FakeAudio {
    /// `duration` seconds of a loud square wave ("speech") at `sampleRate`.
    public static func speech(seconds duration: Double, sampleRate: Int = 16_000) -> ByteBuffer {
        samples(count: Int(duration * Double(sampleRate))) { index in (index / 20) % 2 == 0 ? 8000 : -8000 }
    }

    /// `duration` seconds of digital silence at `sampleRate`.
    public static func silence(seconds duration: Double, sampleRate: Int = 16_000) -> ByteBuffer {
        samples(count: Int(duration * Double(sampleRate))) { _ in 0 }
    }

    /// `count` samples produced by `sample`.
    static func samples(count: Int, _ sample: (Int) -> Int16) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(count * 2)
        for index in 0..<count { buffer.writeInteger(sample(index), endianness: .little) }
        return buffer
    }

    /// Whether a frame of linear16 audio holds voice (any sample louder than the threshold).
    static func isVoiced(_ buffer: ByteBuffer) -> Bool {
        var view = buffer
        while let sample = view.readInteger(endianness: .little, as: Int16.self) {
            if abs(Int(sample)) > 1000 { return true }
        }
        return false
    }
}
