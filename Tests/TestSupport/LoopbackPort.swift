/// Ports on 127.0.0.1 for servers a test starts outside this process (or needs to know in advance).
public enum LoopbackPort {
    /// A TCP port that was free a moment ago.
    public static func free() throws -> Int { try RedisServerProcess.freePort() }
}
