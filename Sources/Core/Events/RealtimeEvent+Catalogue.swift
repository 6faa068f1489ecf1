public import Foundation

extension RealtimeEvent {
    /// `email:status` / `whatsapp:status` for the recruiter's sockets (`user:<recruiterId>`).
    public static func deliveryStatus(_ name: RealtimeEventName<DeliveryStatusUpdate>, _ update: DeliveryStatusUpdate,
                                      recruiterId: UUID) throws -> RealtimeEvent {
        try RealtimeEvent(name, rooms: [userRoom(recruiterId)], payload: update)
    }

    /// `interview:update`: the whole `update` to the recruiter's room (`user:<recruiterId>`) and,
    /// when the status changed, its ``InterviewUpdate/statusOnly`` form to the interview's room
    /// (`interview:<id>`), which the candidate may join: the candidate never receives a score or an
    /// evaluation error.
    public static func interviewUpdate(_ update: InterviewUpdate, recruiterId: UUID) throws -> [RealtimeEvent] {
        var events = [try RealtimeEvent(.interviewUpdate, rooms: [userRoom(recruiterId)], payload: update)]
        if update.change.changesStatus {
            events.append(try RealtimeEvent(.interviewUpdate, rooms: [interviewRoom(update.interviewId)], payload: update.statusOnly))
        }
        return events
    }
}
