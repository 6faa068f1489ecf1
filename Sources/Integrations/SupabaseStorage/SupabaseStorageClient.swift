public import AsyncHTTPClient
internal import Foundation
public import Logging
public import NIOCore
internal import NIOHTTP1

/// Reads objects from Supabase Storage's REST API with the service-role key.
///
/// `GET /storage/v1/object/<bucket>/<name>` (the name's `/` kept, every other reserved byte
/// percent-encoded) with `Authorization: Bearer <key>` and `apikey: <key>`. A missing object is
/// not an error: Storage answers 404, or (its legacy behaviour, still common) 400 with
/// `{"statusCode": "404", "error": "not_found"}`; both return `false` from ``download(bucket:name:into:)``.
/// Other failures are ``ProviderError``s (429 rate-limited, 5xx/network transient, other 4xx permanent).
public struct SupabaseStorageClient: Sendable {
    /// The client's settings.
    public let configuration: SupabaseStorageConfiguration
    private let transport: ProviderHTTPTransport

    /// Creates a client over the caller's shared `httpClient`.
    public init(
        configuration: SupabaseStorageConfiguration,
        httpClient: HTTPClient,
        logger: Logger = Logger(label: "vantahire.integrations.supabase-storage", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.transport = ProviderHTTPTransport(
            httpClient: httpClient, provider: .supabaseStorage, timeouts: configuration.timeouts, logger: logger)
    }

    /// The URL of object `name` in `bucket`.
    public func objectURL(bucket: String, name: String) -> String {
        let encodedName = name.split(separator: "/", omittingEmptySubsequences: false)
            .map { PercentEncoding.pathSegment(String($0)) }.joined(separator: "/")
        return configuration.baseURL.endpoint("/storage/v1/object/\(PercentEncoding.pathSegment(bucket))/\(encodedName)")
    }

    /// Streams object `name` of `bucket` to `consume`, one chunk at a time as it arrives (memory
    /// stays constant whatever the object's size).
    ///
    /// - Returns: `false` when the object (or bucket) does not exist; nothing was consumed then.
    /// - Throws: ``ProviderError``, an error thrown by `consume`, or `CancellationError`.
    public func download(
        bucket: String, name: String, into consume: @escaping @Sendable (ByteBuffer) async throws -> Void
    ) async throws -> Bool {
        var request = HTTPClientRequest(url: objectURL(bucket: bucket, name: name))
        request.method = .GET
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.serviceRoleKey)")
        request.headers.add(name: "apikey", value: configuration.serviceRoleKey)
        let response: HTTPClientResponse
        do {
            response = try await transport.open(request)
        } catch {
            throw transport.transportError(error)
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let body = try await transport.collectBody(response.body)
            let envelope = JSONRequest.decode(SupabaseStorageError.self, from: body)
            if status == 404 || envelope?.statusCode == "404" { return false }
            let redactor = SecretRedactor(secrets: [configuration.serviceRoleKey])
            let message = envelope?.message ?? ProviderError.fallbackMessage(status: status, body: String(buffer: body))
            throw ProviderError.classifying(
                status: Int(envelope?.statusCode ?? "") ?? status, headers: response.headers, provider: .supabaseStorage,
                code: envelope?.error, message: redactor.redact(message), requestID: response.headers.first(name: "sb-request-id"))
        }
        do {
            try await withIdleTimeout(configuration.timeouts.read) { monitor in
                for try await chunk in response.body {
                    monitor.recordProgress()
                    do {
                        try await consume(chunk)
                    } catch {
                        throw SupabaseStorageConsumerFailure(error: error)
                    }
                }
            }
        } catch let failure as SupabaseStorageConsumerFailure {
            throw failure.error
        } catch {
            throw transport.transportError(error)
        }
        return true
    }
}
