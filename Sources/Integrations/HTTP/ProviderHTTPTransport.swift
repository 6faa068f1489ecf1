internal import Foundation
internal import AsyncHTTPClient
internal import Logging
internal import NIOCore
internal import NIOHTTP1

/// Sends a provider's requests over the caller's shared `HTTPClient`, enforcing
/// ``ProviderTimeouts`` and turning transport failures into ``ProviderError``s.
///
/// Logs one debug line per call (provider, method, path, status, duration) and never logs
/// headers or bodies, so credentials cannot reach the log.
struct ProviderHTTPTransport: Sendable {
    let httpClient: HTTPClient
    let provider: ProviderName
    let timeouts: ProviderTimeouts
    let logger: Logger
    /// The largest non-streamed response body accepted.
    let maxResponseBytes: Int

    init(
        httpClient: HTTPClient,
        provider: ProviderName,
        timeouts: ProviderTimeouts,
        logger: Logger,
        maxResponseBytes: Int = 4 * 1024 * 1024
    ) {
        self.httpClient = httpClient
        self.provider = provider
        self.timeouts = timeouts
        self.logger = logger
        self.maxResponseBytes = maxResponseBytes
    }

    /// Sends `request` and reads the whole response body.
    ///
    /// - Throws: ``ProviderError`` (``ProviderError/Kind/transient``) for network errors and
    ///   time-outs, `CancellationError` if the calling task is cancelled. HTTP error statuses are
    ///   returned, not thrown: the caller parses the provider's error body.
    func send(_ request: HTTPClientRequest) async throws -> ProviderHTTPResponse {
        let started = ContinuousClock.now
        do {
            let deadline = started + timeouts.read
            let response = try await open(request)
            let limit = maxResponseBytes
            // The whole answer within `read` of sending: the body gets what the head left.
            let remaining = max(deadline - ContinuousClock.now, .milliseconds(1))
            // No progress is reported to the outer monitor: this is a deadline, not an idle timeout.
            let body = try await withIdleTimeout(remaining) { _ in
                try await Self.collect(response.body, upTo: limit, monitor: ProgressMonitor())
            }
            log(request, status: Int(response.status.code), started: started)
            return ProviderHTTPResponse(status: Int(response.status.code), headers: response.headers, body: body)
        } catch {
            let mapped = error is IdleTimeoutError
                ? ProviderError(kind: .transient, provider: provider, message: "timed out after \(timeouts.read) without a complete response")
                : transportError(error)
            log(request, failure: mapped, started: started)
            throw mapped
        }
    }

    /// Sends `request` and returns as soon as the response head has arrived; the body is left
    /// for the caller to stream (see ``collectBody(_:)`` and ``withIdleTimeout(_:operation:)``).
    ///
    /// - Throws: the raw transport error; pass it through ``transportError(_:)``.
    func open(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        try await httpClient.execute(
            request,
            deadline: .now() + TimeAmount(timeouts.responseHead),
            logger: logger
        )
    }

    /// Reads a streamed response's whole body within the read timeout (used for error bodies).
    func collectBody(_ body: HTTPClientResponse.Body) async throws -> ByteBuffer {
        let limit = maxResponseBytes
        do {
            return try await withIdleTimeout(timeouts.read) { monitor in
                try await Self.collect(body, upTo: limit, monitor: monitor)
            }
        } catch {
            throw transportError(error)
        }
    }

    /// Maps a failure of the HTTP exchange itself to a ``ProviderError`` (or `CancellationError`).
    func transportError(_ error: any Error) -> any Error {
        if error is ProviderError { return error }
        if Task.isCancelled || error is CancellationError { return CancellationError() }
        if let timeout = error as? IdleTimeoutError {
            return ProviderError(
                kind: .transient, provider: provider,
                message: "read timed out: no response data for \(timeout.interval)")
        }
        if error is NIOTooManyBytesError {
            return ProviderError(
                kind: .transient, provider: provider,
                message: "response body larger than \(maxResponseBytes) bytes")
        }
        if let httpError = error as? HTTPClientError {
            switch httpError {
            case .connectTimeout, .tlsHandshakeTimeout, .socksHandshakeTimeout:
                var failure = ProviderError(kind: .transient, provider: provider, message: "could not connect: \(httpError)")
                failure.requestSent = false
                return failure
            case .deadlineExceeded:
                return ProviderError(
                    kind: .transient, provider: provider,
                    message: "timed out after \(timeouts.responseHead) waiting for the response")
            case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath, .alreadyShutdown,
                .invalidRedirectConfiguration, .invalidHTTPVersionConfiguration, .invalidLocalAddress,
                .invalidProxyConfiguration:
                return ProviderError(
                    kind: .permanent, provider: provider, message: "request could not be sent: \(httpError)")
            default:
                return ProviderError(kind: .transient, provider: provider, message: "network error: \(httpError)")
            }
        }
        return ProviderError(kind: .transient, provider: provider, message: "network error: \(error)")
    }

    // MARK: - Private

    private static func collect(
        _ body: HTTPClientResponse.Body,
        upTo limit: Int,
        monitor: ProgressMonitor
    ) async throws -> ByteBuffer {
        var collected = ByteBuffer()
        for try await chunk in body {
            monitor.recordProgress()
            guard collected.readableBytes + chunk.readableBytes <= limit else {
                throw NIOTooManyBytesError(maxBytes: limit)
            }
            var chunk = chunk
            collected.writeBuffer(&chunk)
        }
        return collected
    }

    /// Logs a finished call at debug level (provider, method, path, status, duration).
    func log(_ request: HTTPClientRequest, status: Int, started: ContinuousClock.Instant) {
        logger.debug(
            "provider call finished",
            metadata: metadata(request, started: started).merging(["http_status": "\(status)"]) { $1 })
    }

    /// Logs a failed call at debug level (provider, method, path, error, duration).
    func log(_ request: HTTPClientRequest, failure: any Error, started: ContinuousClock.Instant) {
        logger.debug(
            "provider call failed",
            metadata: metadata(request, started: started).merging(["error": "\(failure)"]) { $1 })
    }

    private func metadata(_ request: HTTPClientRequest, started: ContinuousClock.Instant) -> Logger.Metadata {
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return [
            "provider": "\(provider)",
            "http_method": "\(request.method.rawValue)",
            "http_path": "\(Self.path(of: request.url))",
            "duration_ms": "\(milliseconds)",
        ]
    }

    /// The URL's path without scheme, host or query (queries may carry parameters not meant for logs).
    private static func path(of url: String) -> Substring {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? url[...]
        let fromPath = afterScheme.firstIndex(of: "/").map { afterScheme[$0...] } ?? "/"
        return fromPath.prefix { $0 != "?" }
    }
}
