import AsyncHTTPClient
import Foundation
import Import
import Integrations
import NIOCore
import ProviderFakes
import Synchronization
import Testing

/// The Supabase Storage client against the faithful fake, and an import reading through it.
@Suite struct SupabaseStorageTests {
    static let key = "service-role-key-for-tests"

    func client(_ url: URL, key: String = Self.key) -> SupabaseStorageClient {
        SupabaseStorageClient(configuration: SupabaseStorageConfiguration(baseURL: url, serviceRoleKey: key), httpClient: .shared)
    }

    @Test func downloadsWithTheServiceRoleKeyAndTreatsMissingObjectsAsAbsent() async throws {
        for legacy in [true, false] {
            let fake = SupabaseStorageFake(serviceRoleKey: Self.key, legacyNotFound: legacy)
            fake.putObject(bucket: "documents", name: "resumes/1/cv file.pdf", data: Data("%PDF-1.4 hello".utf8), mimeType: "application/pdf")
            try await fake.withRunning { url in
                let received = Locked(Data())
                let found = try await client(url).download(bucket: "documents", name: "resumes/1/cv file.pdf") { chunk in
                    received.withLock { $0.append(contentsOf: chunk.readableBytesView) }
                }
                #expect(found)
                #expect(received.value == Data("%PDF-1.4 hello".utf8))
                let request = try #require(fake.requests.last)
                #expect(request.path == "/storage/v1/object/documents/resumes/1/cv%20file.pdf")
                #expect(request.header("authorization") == "Bearer \(Self.key)")
                #expect(request.header("apikey") == Self.key)

                let missing = try await client(url).download(bucket: "documents", name: "nope.pdf") { _ in Issue.record("no bytes expected") }
                #expect(!missing)
            }
        }
    }

    @Test func aWrongKeyIsAPermanentErrorWithoutTheKeyInIt() async throws {
        let fake = SupabaseStorageFake(serviceRoleKey: Self.key)
        fake.putObject(bucket: "documents", name: "a.pdf", data: Data("x".utf8))
        try await fake.withRunning { url in
            await #expect(throws: ProviderError.self) {
                _ = try await client(url, key: "wrong-key").download(bucket: "documents", name: "a.pdf") { _ in }
            }
            do {
                _ = try await client(url, key: "wrong-key").download(bucket: "documents", name: "a.pdf") { _ in }
            } catch let error as ProviderError {
                #expect(error.kind == .permanent)
                #expect(error.provider == .supabaseStorage)
                #expect(!error.description.contains("wrong-key"))
            }
        }
    }

    @Test func largeObjectsArriveStreamedInChunks() async throws {
        let size = 8 * 1024 * 1024 + 123
        let fake = SupabaseStorageFake(serviceRoleKey: Self.key)
        fake.putGeneratedObject(bucket: "recordings", name: "big.webm", size: size, seed: 7)
        try await fake.withRunning { url in
            let digest = StreamDigest()
            let chunks = Locked((count: 0, largest: 0))
            let found = try await client(url).download(bucket: "recordings", name: "big.webm") { chunk in
                digest.update(chunk)
                chunks.withLock { $0 = ($0.count + 1, max($0.largest, chunk.readableBytes)) }
            }
            #expect(found)
            #expect(digest.count == Int64(size))
            #expect(digest.hex() == SupabaseStorageFake.generatedSHA256(size: size, seed: 7))
            let seen = chunks.value
            #expect(seen.count > 100, "the body should arrive as many chunks, not one buffer")
            #expect(seen.largest <= 1024 * 1024)
        }
    }

    @Test func anImportReadsFilesAndRecordingsThroughTheStorageAPI() async throws {
        try await ImportFixture.with { fixture in
            let fake = SupabaseStorageFake(serviceRoleKey: Self.key)
            for (bucket, name) in try await fixture.source.objectNames() {
                fake.putObject(bucket: bucket, name: name, data: SupabaseSource.bytes(bucket: bucket, name: name))
            }
            fake.removeObject(bucket: "documents", name: "resumes/4/cv file.pdf")
            try await fake.withRunning { url in
                let source = SupabaseStorageSource(client: client(url))
                let report = try await fixture.importOnce(objects: source)
                #expect(report.tables["files"]?.rejected.map(\.id) == [SupabaseSource.id("file", 4)])
                #expect(report.files.downloaded == fixture.source.sizes.files)
                #expect(report.files.recordingsCopied == fixture.source.sizes.interviews / 4)
                #expect(fake.requests.allSatisfy { $0.header("authorization") == "Bearer \(Self.key)" })
                let verification = try await fixture.verify(objects: source)
                #expect(verification.tables["files.bytes"]?.ok == true)
                #expect(verification.tables["recordings"]?.ok == true)
                #expect(verification.tables["files"]?.firstDifferences.map(\.id) == [SupabaseSource.id("file", 4)])
            }
        }
    }
}
