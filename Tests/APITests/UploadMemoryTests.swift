import Core
import Foundation
import TestSupport
import Testing

/// The real `vantahire api` process receiving a 100 MB upload for a 1 MB category: it answers
/// 413 and its peak memory stays flat (the body is never held beyond the category's limit).
@Suite struct UploadMemoryTests {
    func freePort() throws -> Int {
        let result = Process()
        result.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        result.arguments = ["python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"]
        let pipe = Pipe()
        result.standardOutput = pipe
        try result.run()
        result.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// Runs curl; returns (exit status, stdout).
    func curl(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-sS"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `VmHWM` (peak resident set) of `pid` in kB.
    func peakKB(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    @Test func a100MBUploadToA1MBCategoryIs413WithFlatMemory() async throws {
        try await TestDatabase.with { db in
            let port = try freePort()
            let base = "http://127.0.0.1:\(port)"
            let env = ["DATABASE_URL": db.url.urlString, "PORT": String(port), "HOST": "127.0.0.1", "NODE_ENV": "test",
                       "LOG_LEVEL": "error", "BCRYPT_COST": "4", "JWT_SECRET": "memory-test-secret-0123456789abcdef"]
            let process = try Executable.start(["api"], environment: env)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            var up = false
            for _ in 0..<300 where !up {
                up = (try? curl(["-o", "/dev/null", "-w", "%{http_code}", "\(base)/health"]))?.1 == "200"
                if !up { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(up)
            let (_, signUp) = try curl(["-X", "POST", "-H", "Content-Type: application/json",
                                        "-d", #"{"email":"mem@example.com","password":"memory test pw"}"#, "\(base)/auth/signup"])
            let object = try JSONSerialization.jsonObject(with: Data(signUp.utf8)) as? [String: Any]
            let token = try #require(object?["token"] as? String)

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vh-upload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let big = directory.appendingPathComponent("big.png")
            #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
            let handle = try FileHandle(forWritingTo: big)
            try handle.truncate(atOffset: 100 << 20)
            try handle.close()
            let small = directory.appendingPathComponent("small.png")
            try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]).write(to: small)

            // Warm up the upload path, then take the baseline peak.
            let (_, warm) = try curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(token)",
                                      "-F", "category=LOGO", "-F", "file=@\(small.path)", "\(base)/files/upload"])
            #expect(warm == "201")
            let before = try peakKB(process.processIdentifier)
            // Chunked (no Content-Length, so the limit is enforced while streaming): category as a
            // query parameter, and as a form field ahead of the file.
            for url in ["\(base)/files/upload?category=LOGO", "\(base)/files/upload"] {
                let (_, code) = try curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(token)",
                                          "-H", "Transfer-Encoding: chunked", "-F", "category=LOGO", "-F", "file=@\(big.path)", url])
                #expect(code == "413", "\(url) answered \(code)")
            }
            // With a Content-Length the request is refused before the body is read.
            let (_, declared) = try curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(token)",
                                          "-F", "category=LOGO", "-F", "file=@\(big.path)", "\(base)/files/upload"])
            #expect(declared == "413")
            let after = try peakKB(process.processIdentifier)
            print("upload memory: peak RSS \(before) kB before, \(after) kB after three 100 MB uploads")
            #expect(after - before < 24 * 1024, "peak RSS grew by \(after - before) kB during 100 MB uploads")
            let (_, health) = try curl(["-o", "/dev/null", "-w", "%{http_code}", "\(base)/health"])
            #expect(health == "200")
            process.terminate()
            process.waitUntilExit()
        }
    }
}
