public import Core

/// Interviews are written by the thousand (the web app reads whole lists): their JSON is written
/// member by member, the same bytes as their `Codable` form (`PlatformJSONObjectTests`).
extension Interview: PlatformJSONObject {
    public func writeMembers(to members: inout PlatformJSONMembers) throws {
        members.write("id", id)
        members.write("recruiterId", recruiterId)
        members.write("jobId", postingId)
        members.write("candidateEmail", candidateEmail)
        members.write("candidateName", candidateName)
        members.write("candidateNotes", candidateNotes)
        members.write("candidatePhone", candidatePhone)
        members.write("type", type)
        members.write("status", status)
        members.write("score", score)
        members.write("communicationScore", communicationScore)
        members.write("technicalScore", technicalScore)
        members.write("summary", summary)
        members.write("strengths", strengths)
        members.write("improvements", improvements)
        members.write("hasRecording", hasRecording)
        members.write("resumeFileId", resumeFileId)
        members.write("timeLimit", timeLimit)
        members.write("expiresAt", expiresAt)
        members.write("startedAt", startedAt)
        members.write("completedAt", completedAt)
        members.write("evaluationError", orNull: evaluationError)
        members.write("createdAt", createdAt)
        members.write("updatedAt", updatedAt)
    }
}
