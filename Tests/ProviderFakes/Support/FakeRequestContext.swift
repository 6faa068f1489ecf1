internal import Hummingbird
internal import NIOCore

/// The Hummingbird request context of the fakes: the basic context plus the connection's channel,
/// so that a fake can drop a connection or notice that the client closed it.
struct FakeRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
