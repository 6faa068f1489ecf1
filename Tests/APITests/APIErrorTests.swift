@testable import API
import HTTPTypes
import Testing

@Suite struct APIErrorTests {
    @Test func aFieldsValidationProblemNamesTheFieldInTheMessageAndInFields() {
        let error = APIError.validation(field: "limit", problem: "must be between 1 and 500")
        #expect(error.status == .badRequest)
        #expect(error.code.rawValue == "validation_failed")
        #expect(error.message == "limit must be between 1 and 500")
        #expect(error.fields == ["limit": "must be between 1 and 500"])
    }

    @Test func codesAreTheirWireNames() {
        #expect(APIError.Code.invalidJSON.rawValue == "invalid_json")
        #expect(APIError.Code.payloadTooLarge.description == "payload_too_large")
        #expect(APIError.Code(rawValue: "unique_conflict") != APIError.Code.conflict)
    }
}
