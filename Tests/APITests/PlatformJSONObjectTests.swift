import Core
import Domain
import Foundation
import Testing

/// The hand-written JSON of the listed types is byte for byte their `Codable` form.
@Suite struct PlatformJSONObjectTests {
    static func decode<T: Decodable>(_ type: T.Type, _ object: [String: Any]) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(T.self, from: JSONSerialization.data(withJSONObject: object))
    }

    nonisolated(unsafe) static let sparseInterview: [String: Any] = [
        "id": "6F1A2B3C-0000-4000-8000-00000000000A", "recruiterId": "6f1a2b3c-0000-4000-8000-00000000000b",
        "candidateEmail": "a@example.com", "type": "TEXT", "status": "PENDING", "strengths": [], "improvements": [],
        "hasRecording": false, "timeLimit": 30, "expiresAt": 1_764_237_605.123_9, "createdAt": 0, "updatedAt": -1.5,
    ]

    nonisolated(unsafe) static let fullInterview: [String: Any] = sparseInterview.merging([
        "jobId": "6f1a2b3c-0000-4000-8000-00000000000c", "candidateName": "Zoë \"Z\" \\ O'Neil\n\t\u{1}",
        "candidateNotes": "日本語 / notes", "candidatePhone": "+15551234567", "status": "COMPLETED", "type": "VOICE",
        "score": 87, "communicationScore": 0, "technicalScore": 100, "summary": "", "strengths": ["clear", "a \"b\""],
        "improvements": ["x"], "hasRecording": true, "resumeFileId": "6f1a2b3c-0000-4000-8000-00000000000d",
        "startedAt": 4_102_444_799.999, "completedAt": 946_684_800, "evaluationError": "provider timed out",
    ]) { _, new in new }

    @Test(arguments: [false, true])
    func anInterviewIsWrittenAsItsCodableForm(everyField: Bool) throws {
        let interview = try Self.decode(Interview.self, everyField ? Self.fullInterview : Self.sparseInterview)
        let written = try PlatformJSON.encode(interview)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: try PlatformJSON.encodeWithCodable(interview), as: UTF8.self))
        #expect(try PlatformJSON.encode([interview, interview]) == Array("[".utf8) + written + Array(",".utf8) + written + Array("]".utf8))
    }

    @Test func anInterviewsPostingTravelsUnderTheKeyJobId() throws {
        let interview = try Self.decode(Interview.self, Self.fullInterview)
        #expect(interview.postingId == UUID(uuidString: "6f1a2b3c-0000-4000-8000-00000000000c"))
        for bytes in [try PlatformJSON.encode(interview), try PlatformJSON.encodeWithCodable(interview)] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            #expect(object["jobId"] as? String == "6f1a2b3c-0000-4000-8000-00000000000c")
            #expect(object["postingId"] == nil)
        }
    }

    @Test func anApplicationsPostingTravelsUnderTheKeyJobId() throws {
        let application = try Self.decode(JobApplication.self, [
            "id": "6f1a2b3c-0000-4000-8000-00000000000a", "jobId": "6f1a2b3c-0000-4000-8000-00000000000c",
            "candidateId": "6f1a2b3c-0000-4000-8000-00000000000b", "status": "PENDING", "createdAt": 0, "updatedAt": 1,
        ])
        #expect(application.postingId == UUID(uuidString: "6f1a2b3c-0000-4000-8000-00000000000c"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try PlatformJSON.encodeWithCodable(application))) as? [String: Any])
        #expect(object["jobId"] as? String == "6f1a2b3c-0000-4000-8000-00000000000c")
        #expect(object["postingId"] == nil)
    }

    @Test func aPostingIsWrittenAsItsCodableForm() throws {
        let sparse: [String: Any] = [
            "id": "6f1a2b3c-0000-4000-8000-00000000000a", "recruiterId": "6f1a2b3c-0000-4000-8000-00000000000b",
            "title": "Engineer", "description": "Builds \"things\"\r\n", "status": "DRAFT", "approvalStatus": "PENDING",
            "createdAt": 1_764_237_605.5, "updatedAt": 1_764_237_606,
        ]
        let full = sparse.merging(["department": "R&D", "location": "Zürich", "salaryRange": "$1–2", "status": "ACTIVE",
                                   "approvalStatus": "APPROVED"]) { _, new in new }
        for object in [sparse, full] {
            let posting = try Self.decode(JobPosting.self, object)
            #expect(String(decoding: try PlatformJSON.encode(posting), as: UTF8.self)
                    == String(decoding: try PlatformJSON.encodeWithCodable(posting), as: UTF8.self))
        }
    }
}
