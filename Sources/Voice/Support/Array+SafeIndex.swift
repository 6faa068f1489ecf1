extension Array {
    /// The element at `index`, or `nil` when `index` is out of bounds (indexes that come from
    /// events are not trusted).
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
