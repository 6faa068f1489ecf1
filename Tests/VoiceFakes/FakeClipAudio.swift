import NIOCore

/// Small recorded clips for clip-mode tests, built byte by byte: a real WAV file, and the real
/// container headers of WebM, Ogg/Opus and MP4 (the fake checks the container, it does not decode
/// the codec, so no encoded audio follows the headers).
public enum FakeClipAudio {
    /// A WAV file (RIFF/WAVE, PCM 16-bit mono) of `seconds` of the fake "speech" square wave.
    public static func wav(seconds: Double, sampleRate: Int = 16_000) -> ByteBuffer {
        var pcm = FakeAudio.speech(seconds: seconds, sampleRate: sampleRate)
        var buffer = ByteBuffer()
        let dataBytes = UInt32(pcm.readableBytes)
        buffer.writeString("RIFF")
        buffer.writeInteger(36 + dataBytes, endianness: .little)
        buffer.writeString("WAVEfmt ")
        buffer.writeInteger(UInt32(16), endianness: .little)
        buffer.writeInteger(UInt16(1), endianness: .little)  // PCM
        buffer.writeInteger(UInt16(1), endianness: .little)  // mono
        buffer.writeInteger(UInt32(sampleRate), endianness: .little)
        buffer.writeInteger(UInt32(sampleRate * 2), endianness: .little)
        buffer.writeInteger(UInt16(2), endianness: .little)
        buffer.writeInteger(UInt16(16), endianness: .little)
        buffer.writeString("data")
        buffer.writeInteger(dataBytes, endianness: .little)
        buffer.writeBuffer(&pcm)
        return buffer
    }

    /// A WebM file start: the EBML header (DocType `webm`) and a Segment of unknown size whose
    /// first element is `payloadBytes` bytes of a Void element.
    public static func webm(payloadBytes: Int = 512) -> ByteBuffer {
        var header: [UInt8] = []
        header += [0x42, 0x86, 0x81, 0x01]  // EBMLVersion 1
        header += [0x42, 0xF7, 0x81, 0x01]  // EBMLReadVersion 1
        header += [0x42, 0xF2, 0x81, 0x04]  // EBMLMaxIDLength 4
        header += [0x42, 0xF3, 0x81, 0x08]  // EBMLMaxSizeLength 8
        header += [0x42, 0x82, 0x84] + Array("webm".utf8)  // DocType
        header += [0x42, 0x87, 0x81, 0x04]  // DocTypeVersion 4
        header += [0x42, 0x85, 0x81, 0x02]  // DocTypeReadVersion 2
        var buffer = ByteBuffer(bytes: [0x1A, 0x45, 0xDF, 0xA3, 0x80 | UInt8(header.count)] + header)
        buffer.writeBytes([0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])  // Segment, unknown size
        buffer.writeBytes([0xEC, 0x42, UInt8(payloadBytes >> 8), UInt8(payloadBytes & 0xFF)])  // Void, 2-byte size
        buffer.writeBytes([UInt8](repeating: 0, count: payloadBytes))
        return buffer
    }

    /// An Ogg/Opus file start: the first page (beginning of stream) holding `OpusHead`.
    public static func ogg() -> ByteBuffer {
        var head: [UInt8] = Array("OpusHead".utf8) + [1, 1]  // version 1, mono
        head += [0x38, 0x01]  // pre-skip 312
        head += [0x80, 0xBB, 0x00, 0x00]  // 48000 Hz
        head += [0, 0, 0]  // gain 0, mapping family 0
        var buffer = ByteBuffer(bytes: Array("OggS".utf8) + [0, 0x02])  // version 0, beginning of stream
        buffer.writeBytes([UInt8](repeating: 0, count: 8))  // granule position
        buffer.writeBytes([0x56, 0x48, 0x00, 0x00])  // serial
        buffer.writeBytes([0, 0, 0, 0])  // page sequence
        buffer.writeBytes([0, 0, 0, 0])  // checksum (not verified by the fake)
        buffer.writeBytes([1, UInt8(head.count)])  // one segment
        buffer.writeBytes(head)
        return buffer
    }

    /// An MP4 file start: an `ftyp` box (brand `M4A `) and an empty `mdat` box.
    public static func mp4() -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(24))
        buffer.writeString("ftypM4A ")
        buffer.writeInteger(UInt32(0))
        buffer.writeString("M4A isom")
        buffer.writeInteger(UInt32(8))
        buffer.writeString("mdat")
        return buffer
    }
}
