import Core
import Foundation
import Testing

/// `dev`'s generated `JWT_SECRET`, kept in `DATA_DIR` across restarts.
@Suite struct StoredSecretTests {
    private func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("stored-secret-\(UUID().uuidString)").path
    }

    @Test func theFirstCallGeneratesAnOwnerOnlyFileAndLaterCallsReuseIt() throws {
        let directory = temporaryDirectory() + "/nested"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try StoredSecret.loadOrCreate(in: directory, name: "jwt-secret")
        #expect(first.created)
        #expect(first.value.count >= StoredSecret.minimumLength)
        #expect(first.path == directory + "/jwt-secret")
        let attributes = try FileManager.default.attributesOfItem(atPath: first.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let again = try StoredSecret.loadOrCreate(in: directory, name: "jwt-secret")
        #expect(!again.created)
        #expect(again.value == first.value)
        #expect(try String(contentsOfFile: first.path, encoding: .utf8) == first.value + "\n")
    }

    @Test func aSecretWrittenByHandIsUsedAndATooShortOneIsRefusedNotReplaced() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let chosen = String(repeating: "k", count: 40)
        try (chosen + "\n").write(toFile: directory + "/mine", atomically: true, encoding: .utf8)
        #expect(try StoredSecret.loadOrCreate(in: directory, name: "mine").value == chosen)

        try "short".write(toFile: directory + "/short", atomically: true, encoding: .utf8)
        #expect(throws: StoredSecretError.self) { try StoredSecret.loadOrCreate(in: directory, name: "short") }
        #expect(try String(contentsOfFile: directory + "/short", encoding: .utf8) == "short")
    }
}
