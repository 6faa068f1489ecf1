/// Removes the interviewer's closing marker (``InterviewPrompt/closingMarker``) from a streamed
/// model reply and reports that the model closed the interview.
///
/// Sits between the model stream and the ``SentenceChunker``. Text that could be the start of the
/// marker is held back until the next delta decides, so a marker split across deltas
/// (`"[END_"`, `"INTERVIEW]"`) is never spoken. The match ignores case. Everything after the
/// marker is dropped.
public struct ClosingMarkerFilter: Sendable {
    /// The marker looked for.
    public let marker: String
    /// Whether the marker has been seen.
    public private(set) var closingDetected = false

    private let markerScalars: [Unicode.Scalar]
    private var held: [Unicode.Scalar] = []

    /// A filter for `marker`.
    public init(marker: String = InterviewPrompt.closingMarker) {
        self.marker = marker
        self.markerScalars = Array(marker.unicodeScalars)
    }

    /// The part of `delta` (with any text held back before it) that is certainly not the marker.
    public mutating func feed(_ delta: String) -> String {
        guard !closingDetected else { return "" }
        guard !markerScalars.isEmpty else { return delta }
        held.append(contentsOf: delta.unicodeScalars)
        if let start = firstMatch() {
            closingDetected = true
            let kept = held[..<start]
            held.removeAll()
            return Self.string(kept)
        }
        let keep = held.count - heldPrefixLength()
        let released = held[..<keep]
        defer { held.removeFirst(keep) }
        return Self.string(released)
    }

    /// Ends the reply: returns the text still held back (a partial marker is ordinary text).
    public mutating func finish() -> String {
        defer { held.removeAll() }
        return closingDetected ? "" : Self.string(held[...])
    }

    /// Index in `held` where the whole marker starts.
    private func firstMatch() -> Int? {
        guard held.count >= markerScalars.count else { return nil }
        for start in 0...(held.count - markerScalars.count) where matches(at: start, length: markerScalars.count) {
            return start
        }
        return nil
    }

    /// Length of the longest suffix of `held` that begins the marker.
    private func heldPrefixLength() -> Int {
        for length in stride(from: min(held.count, markerScalars.count - 1), to: 0, by: -1)
        where matches(at: held.count - length, length: length) {
            return length
        }
        return 0
    }

    /// Whether `held[start..<start+length]` equals the first `length` marker scalars, ignoring case.
    private func matches(at start: Int, length: Int) -> Bool {
        for offset in 0..<length where !Self.equalIgnoringCase(held[start + offset], markerScalars[offset]) {
            return false
        }
        return true
    }

    private static func equalIgnoringCase(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        a == b || a.properties.lowercaseMapping == b.properties.lowercaseMapping
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
