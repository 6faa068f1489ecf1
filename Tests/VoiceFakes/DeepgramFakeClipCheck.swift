import NIOCore

/// How the Deepgram fake judges a pre-recorded body (providers.md §9): the container must be
/// recognised by its magic bytes and its header must hold together; anything else is "corrupt or
/// unsupported data". The codec itself is not decoded.
enum DeepgramFakeClipCheck {
    /// The container its magic bytes announce (`wav`, `webm`, `ogg`, `mp4`), valid or not.
    static func magic(_ body: ByteBuffer) -> String? {
        let bytes = Array(body.readableBytesView.prefix(12))
        func at(_ offset: Int, _ magic: [UInt8]) -> Bool {
            bytes.count >= offset + magic.count && Array(bytes[offset..<(offset + magic.count)]) == magic
        }
        if at(0, Array("RIFF".utf8)) && at(8, Array("WAVE".utf8)) { return "wav" }
        if at(0, [0x1A, 0x45, 0xDF, 0xA3]) { return "webm" }
        if at(0, Array("OggS".utf8)) { return "ogg" }
        if at(4, Array("ftyp".utf8)) { return "mp4" }
        return nil
    }

    /// The container name and, for WAV, the audio duration; `nil` when Deepgram would answer 400.
    static func inspect(_ body: ByteBuffer) -> (container: String, duration: Double?)? {
        let bytes = Array(body.readableBytesView)
        func at(_ offset: Int, _ magic: [UInt8]) -> Bool {
            bytes.count >= offset + magic.count && Array(bytes[offset..<(offset + magic.count)]) == magic
        }
        func uint32(_ offset: Int, little: Bool) -> Int? {
            guard bytes.count >= offset + 4 else { return nil }
            let slice = bytes[offset..<(offset + 4)].map(Int.init)
            return little ? slice[0] | slice[1] << 8 | slice[2] << 16 | slice[3] << 24 : slice[0] << 24 | slice[1] << 16 | slice[2] << 8 | slice[3]
        }
        if at(0, Array("RIFF".utf8)) && at(8, Array("WAVE".utf8)) {
            // Chunks after the 12-byte header: a `fmt ` with a sane byte rate, then `data`.
            var offset = 12
            var byteRate: Int?
            while let size = uint32(offset + 4, little: true), offset + 8 <= bytes.count {
                if at(offset, Array("fmt ".utf8)) {
                    guard size >= 16, let rate = uint32(offset + 16, little: true), rate > 0 else { return nil }
                    byteRate = rate
                } else if at(offset, Array("data".utf8)) {
                    guard let byteRate, size > 0, offset + 8 + size <= bytes.count else { return nil }
                    return ("wav", Double(size) / Double(byteRate))
                }
                offset += 8 + size + (size % 2)
            }
            return nil
        }
        if at(0, [0x1A, 0x45, 0xDF, 0xA3]) {
            // EBML header with DocType webm or matroska, then content.
            let docType = [0x42, 0x82] as [UInt8]
            guard let index = (4..<max(4, min(bytes.count - 2, 64))).first(where: { at($0, docType) }), bytes.count > index + 3 else { return nil }
            let length = Int(bytes[index + 2] & 0x7F)
            guard bytes.count >= index + 3 + length + 8 else { return nil }
            let name = String(decoding: bytes[(index + 3)..<(index + 3 + length)], as: UTF8.self)
            return name == "webm" || name == "matroska" ? ("webm", nil) : nil
        }
        if at(0, Array("OggS".utf8) + [0]) {
            // A first page with its segment table, holding an Opus or Vorbis identification header.
            guard bytes.count >= 27 else { return nil }
            let segments = Int(bytes[26])
            let payload = 27 + segments
            guard bytes.count >= payload + 8 else { return nil }
            return at(payload, Array("OpusHead".utf8)) || at(payload + 1, Array("vorbis".utf8)) ? ("ogg", nil) : nil
        }
        if at(4, Array("ftyp".utf8)) {
            guard let size = uint32(0, little: false), size >= 8, size <= bytes.count, bytes.count > size else { return nil }
            return ("mp4", nil)
        }
        return nil
    }
}
