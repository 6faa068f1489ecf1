@testable import API
import Core
import Foundation
import HTTPTypes
import PostgresNIO
import TestSupport
import Testing

/// Every change to what the public sees of an approved posting sends it back to review.
@Suite struct PostingReviewTests {
    @Test func editingAnyPublicFieldOfAnApprovedPostingSendsItBackToReview() async throws {
        try await APIHarness.with { api in
            let recruiter = try await api.signUp()
            let admin = try await api.admin()
            let id = try await api.posting(of: recruiter).uuidString.lowercased()
            func approve() async throws {
                let approved = try await api.request(.post, "/admin/jobs/\(id)/approval", token: admin.token, json: #"{"approvalStatus":"APPROVED"}"#)
                #expect(approved.object["approvalStatus"] as? String == "APPROVED")
                #expect(try await api.request(.get, "/jobs/public").array.count == 1)
            }
            for edit in [#"{"department":"Platform"}"#, #"{"location":"Remote (anywhere)"}"#, #"{"salaryRange":"$1,000,000"}"#,
                         #"{"title":"Senior Swift engineer"}"#, #"{"description":"Build servers, and more"}"#] {
                try await approve()
                let edited = try await api.request(.patch, "/jobs/\(id)", token: recruiter.token, json: edit)
                #expect(edited.status == .ok)
                #expect(edited.object["approvalStatus"] as? String == "PENDING", "\(edit) kept the approval")
                #expect(try await api.request(.get, "/jobs/public").array.isEmpty, "\(edit) went live without review")
            }
            try await approve()
            // Opening/closing and re-sending stored values change nothing the reviewer saw.
            let same = try await api.request(.patch, "/jobs/\(id)", token: recruiter.token,
                                             json: #"{"title":"Senior Swift engineer","salaryRange":"$1,000,000","status":"CLOSED"}"#)
            #expect(same.object["approvalStatus"] as? String == "APPROVED")
            let reopened = try await api.request(.patch, "/jobs/\(id)", token: recruiter.token, json: #"{"status":"ACTIVE"}"#)
            #expect(reopened.object["approvalStatus"] as? String == "APPROVED")
            #expect(try await api.request(.get, "/jobs/public").array.count == 1)
        }
    }
}
