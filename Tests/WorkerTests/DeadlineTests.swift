import Foundation
import Testing
import Core
@testable import Worker

@Suite struct DeadlineTests {
    @Test func anOperationIgnoringCancellationStillReleasesItsCallerAtTheDeadline() async throws {
        let started = ContinuousClock.now
        await #expect(throws: DeadlineExceededError.self) {
            try await withDeadline(.milliseconds(200), "stuck") { await uncancellableWait(seconds: 10) }
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func cancellingTheCallerReturnsAtOnceEvenIfTheOperationIsStuck() async throws {
        let task = Task {
            try await withDeadline(.seconds(60), "stuck") { await uncancellableWait(seconds: 10) }
        }
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aTimelyOperationReturnsItsValue() async throws {
        #expect(try await withDeadline(.seconds(5), "quick") { 42 } == 42)
    }
}
