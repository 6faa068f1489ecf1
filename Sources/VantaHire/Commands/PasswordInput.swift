import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a password for an operator command: one line of standard input when it is not a
/// terminal (`printf '%s\n' "$PW" | vantahire users create …`), otherwise a prompt on standard
/// error with echo off, asked twice. Never from the command line, where it would show in `ps`
/// and shell history.
enum PasswordInput {
    /// Why no password was read.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The password, without its line ending.
    static func read() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true) else {
                throw Failure(description: "no password on standard input (pipe it in, or run the command in a terminal)")
            }
            return line.hasSuffix("\r") ? String(line.dropLast()) : line
        }
        let first = try prompt("Password: ")
        let second = try prompt("Repeat the password: ")
        guard first == second else { throw Failure(description: "the two passwords differ") }
        return first
    }

    /// Prints `text` on standard error and reads one line from the terminal without echoing it.
    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { throw Failure(description: "cannot read the terminal's settings") }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent) == 0 else { throw Failure(description: "cannot turn the terminal's echo off") }
        defer {
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw Failure(description: "no password entered") }
        return line
    }
}
