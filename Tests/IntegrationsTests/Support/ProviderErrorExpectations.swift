import Integrations
import Testing

/// Asserts that `operation` throws a ``ProviderError`` and returns it for further checks.
func expectProviderError<Value>(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ operation: () async throws -> Value
) async -> ProviderError? {
    do {
        let value = try await operation()
        Issue.record("expected a ProviderError, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as ProviderError {
        return error
    } catch {
        Issue.record("expected a ProviderError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Asserts that `error`'s description and debug representations mention none of `secrets`.
func expectNoSecrets(
    in error: ProviderError,
    _ secrets: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let renderings = [error.description, String(describing: error), String(reflecting: error), "\(error.kind)"]
    for secret in secrets {
        for text in renderings {
            #expect(!text.contains(secret), "a credential leaked into \(text)", sourceLocation: sourceLocation)
        }
    }
}
