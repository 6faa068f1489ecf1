/// An error thrown by the caller's consumer, passed through unchanged.
struct SupabaseStorageConsumerFailure: Error {
    var error: any Error
}
