public import Core
public import Jobs

extension JobRegistry {
    /// The handlers of this build: the maintenance kinds. Kinds without a handler here (the
    /// provider kinds: email, WhatsApp, evaluation, recording purge) fail with "no handler for
    /// kind X" and are retried with backoff, never dropped.
    public static func vantaHire(platform: Platform, queue: JobQueue) -> JobRegistry {
        var registry = JobRegistry()
        let expire = ExpireInterviewsHandler(platform: platform, queue: queue)
        registry.register(ExpireInterviews.self, timeout: .seconds(600)) { try await expire.handle($0, context: $1) }
        let quotas = ResetAPIQuotasHandler(platform: platform)
        registry.register(ResetAPIQuotas.self, timeout: .seconds(600)) { try await quotas.handle($0, context: $1) }
        let prune = PruneJobsHandler(platform: platform, queue: queue)
        registry.register(PruneJobs.self, timeout: .seconds(1800)) { try await prune.handle($0, context: $1) }
        return registry
    }
}
