public import Core

/// Postings are listed whole by the web app: their JSON is written member by member, the same
/// bytes as their `Codable` form (`PlatformJSONObjectTests`).
extension JobPosting: PlatformJSONObject {
    public func writeMembers(to members: inout PlatformJSONMembers) throws {
        members.write("id", id)
        members.write("recruiterId", recruiterId)
        members.write("title", title)
        members.write("description", description)
        members.write("department", department)
        members.write("location", location)
        members.write("salaryRange", salaryRange)
        members.write("status", status)
        members.write("approvalStatus", approvalStatus)
        members.write("createdAt", createdAt)
        members.write("updatedAt", updatedAt)
    }
}
