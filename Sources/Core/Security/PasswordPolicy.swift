/// The rules every new password follows, at sign-up and in `vantahire users create`.
public enum PasswordPolicy {
    /// Fewest bytes (UTF-8) of a password.
    public static let minimumBytes = 8

    /// What is wrong with `password` ("must be at least 8 characters", …), or `nil` when it is acceptable.
    public static func problem(with password: String) -> String? {
        if password.utf8.count < minimumBytes { return "must be at least \(minimumBytes) characters" }
        if password.utf8.count > PasswordHasher.maximumPasswordBytes { return "must be at most \(PasswordHasher.maximumPasswordBytes) bytes" }
        if password.utf8.contains(0) { return "must not contain NUL characters" }
        return nil
    }
}
