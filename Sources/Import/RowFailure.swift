/// Why one row failed.
struct RowFailure: Error {
    var reason: String
}
