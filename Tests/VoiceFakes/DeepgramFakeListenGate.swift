import Hummingbird

/// Counts `/v1/listen` upgrade requests (GET; pre-recorded POSTs pass) of a ``DeepgramFake`` and refuses them with 503 while the
/// fake is told to (see ``DeepgramFake/refuseListenUpgrades(_:)``).
struct DeepgramFakeListenGate<Context: RequestContext>: RouterMiddleware {
    let fake: DeepgramFake

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .get, request.uri.path == "/v1/listen", let refusal = fake.gateListenUpgrade() { return refusal }
        return try await next(request, context)
    }
}
