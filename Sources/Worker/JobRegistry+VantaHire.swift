public import Core
import Integrations
public import Jobs

extension JobRegistry {
    /// Every handler of the platform. Provider kinds use the configured clients, or their offline
    /// defaults (the local outbox, local recordings); evaluation without an LLM fails clearly.
    public static func vantaHire(platform: Platform, queue: JobQueue) throws -> JobRegistry {
        let providers = try ProviderSet(configuration: platform.configuration, logger: platform.logger)
        var registry = JobRegistry()
        let expire = ExpireInterviewsHandler(platform: platform, queue: queue)
        registry.register(ExpireInterviews.self, timeout: .seconds(600)) { try await expire.handle($0, context: $1) }
        let quotas = ResetAPIQuotasHandler(platform: platform)
        registry.register(ResetAPIQuotas.self, timeout: .seconds(600)) { try await quotas.handle($0, context: $1) }
        let prune = PruneJobsHandler(platform: platform, queue: queue)
        registry.register(PruneJobs.self, timeout: .seconds(1800)) { try await prune.handle($0, context: $1) }
        let email = SendInviteEmailHandler(platform: platform, providers: providers)
        registry.register(SendInviteEmail.self, timeout: .seconds(60)) { try await email.handle($0, context: $1) }
        let whatsapp = SendWhatsAppHandler(platform: platform, providers: providers)
        registry.register(SendWhatsApp.self, timeout: .seconds(60)) { try await whatsapp.handle($0, context: $1) }
        let evaluate = EvaluateInterviewHandler(platform: platform, providers: providers)
        registry.register(EvaluateInterview.self, timeout: .seconds(180)) { try await evaluate.handle($0, context: $1) }
        let purge = PurgeRecordingsHandler(platform: platform, queue: queue, store: providers.recordings)
        registry.register(PurgeRecordings.self, timeout: .seconds(600)) { try await purge.handle($0, context: $1) }
        let deleteRecordings = DeleteRecordingsHandler(platform: platform, store: providers.recordings)
        registry.register(DeleteRecordings.self, timeout: .seconds(600)) { try await deleteRecordings.handle($0, context: $1) }
        let sweep = SweepRecordingUploadsHandler(platform: platform, queue: queue, store: providers.recordings)
        registry.register(SweepRecordingUploads.self, timeout: .seconds(600)) { try await sweep.handle($0, context: $1) }
        return registry
    }
}
