/// The principal of the demo: a recruiter known by id.
struct DemoUser: Sendable, Equatable {
    /// The recruiter id (`alice`, `bob`).
    var id: String

    /// The demo's credentials: token → user. A real application checks a session or a JWT.
    static let tokens: [String: DemoUser] = [
        "alice-token": DemoUser(id: "alice"),
        "bob-token": DemoUser(id: "bob"),
    ]
}
