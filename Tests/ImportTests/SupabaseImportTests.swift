import AsyncHTTPClient
import Core
import Foundation
import Import
import Integrations
import ProviderFakes
import PostgresNIO
import TestSupport
import Testing

/// `vantahire import supabase` and `import verify` in process, against a Supabase-shaped source.
@Suite struct SupabaseImportTests {
    @Test func fullImportThenVerifyPasses() async throws {
        try await ImportFixture.with { fixture in
            let report = try await fixture.importOnce()
            let sizes = fixture.source.sizes
            // Users: the e-mail users and the OAuth user; the soft-deleted and anonymous ones are skipped and reported.
            #expect(report.tables["users"]?.imported == sizes.users + 1)
            #expect(Set(report.tables["users"]?.skipped.map(\.reason) ?? []) == ["soft-deleted in Supabase Auth", "anonymous user"])
            #expect(report.tables["interviews"]?.imported == sizes.interviews)
            #expect(report.tables["interview_messages"]?.imported == sizes.messages)
            #expect(report.tables["files"]?.imported == sizes.files + 1)
            #expect(report.rejectCount == 0)
            #expect(report.tables["interviews"]?.unknownColumns == ["legacy_flag"])
            #expect(report.files.recordingsCopied == sizes.interviews / 4)

            // Ids, timestamps and values kept; roles from the profile, else app metadata, never user metadata.
            #expect(try await fixture.targetText("SELECT role::text FROM users WHERE id = md5('user-1')::uuid") == "ADMIN")
            #expect(try await fixture.targetText("SELECT role::text FROM users WHERE id = md5('user-2')::uuid") == "CANDIDATE")
            #expect(try await fixture.targetText("SELECT role::text FROM users WHERE id = md5('user-3')::uuid") == "RECRUITER")
            #expect(try await fixture.targetText("SELECT password_hash FROM users WHERE id = md5('user-4')::uuid") == SupabaseSource.legacyHash)
            #expect(try await fixture.targetText("SELECT password_hash FROM users WHERE email = 'oauth@example.com'") == "")
            #expect(try await fixture.targetText("SELECT (updated_at = '2024-01-01 01:01:00+00')::text FROM users WHERE id = md5('user-1')::uuid") == "true")
            #expect(try await fixture.targetText("SELECT status::text FROM interviews WHERE id = md5('interview-1')::uuid") == "IN_PROGRESS")
            #expect(try await fixture.targetText("SELECT (created_at = '2024-02-01 00:01:00.123456+00')::text FROM interviews WHERE id = md5('interview-1')::uuid") == "true")
            #expect(try await fixture.targetText("SELECT strengths::text FROM interviews WHERE id = md5('interview-3')::uuid") == #"{clear,"n,3"}"#)
            #expect(try await fixture.targetText("SELECT mime_type FROM files WHERE id = md5('logo-1')::uuid") == "image/png")
            let logo = SupabaseSource.bytes(bucket: "logos", name: "acme/logo.png")
            #expect(try await fixture.targetInt("SELECT size FROM files WHERE id = md5('logo-1')::uuid") == logo.count)
            // A key kept in clear by the old app is stored hashed; a hashed one is kept.
            #expect(try await fixture.targetText("SELECT key_hash FROM api_keys WHERE id = md5('key-2')::uuid")
                    == SecureToken.sha256Hex("vh_live_ClearKeyClearKeyClearKeyClearKey12345678"))
            #expect(try await fixture.targetText("SELECT key_hash FROM api_keys WHERE id = md5('key-1')::uuid")
                    == SecureToken.sha256Hex("vh_live_hashedkey000000000000000000000000000000"))
            let recordingKey = "recordings/\(SupabaseSource.id("interview", 2))/1700000000000-take.webm"
            let recorded = try Data(contentsOf: fixture.dataDirectory.appendingPathComponent("recordings").appendingPathComponent(recordingKey))
            #expect(recorded == SupabaseSource.bytes(bucket: "recordings", name: recordingKey))
            #expect(try await fixture.targetInt("SELECT count(*) FROM import_runs WHERE status = 'completed'") == 1)

            let verification = try await fixture.verify()
            #expect(verification.ok, "\(verification.rendered(order: []))")
            #expect(verification.tables["interview_messages"]?.sourceRows == sizes.messages)
            #expect(verification.tables["files.bytes"]?.targetRows == sizes.files + 1)
            #expect(verification.tables["recordings"]?.targetRows == sizes.interviews / 4)
        }
    }

    @Test func aSecondPassBringsOnlyTheRowsChangedSinceTheFirst() async throws {
        try await ImportFixture.with { fixture in
            let first = try await fixture.importOnce()
            #expect(first.rejectCount == 0)
            try await fixture.source.execute("""
                UPDATE public.interviews SET summary = 'Changed after the first pass', updated_at = now() WHERE id = md5('interview-5')::uuid;
                UPDATE public.interview_messages SET content = 'Edited transcript line' WHERE id = md5('message-7')::uuid;
                """)
            let second = try await fixture.importOnce()
            #expect(second.tables["interviews"]?.imported == 1)
            #expect(second.tables["interview_messages"]?.imported == 1)
            #expect(second.tables["interview_messages"]?.unchanged == fixture.source.sizes.messages - 1)
            for (name, table) in second.tables where !["interviews", "interview_messages"].contains(name) {
                #expect(table.imported == 0, "\(name) should not be rewritten")
            }
            // Tables with updated_at only read what changed since the previous pass (plus a minute of
            // overlap before its high-water mark, found unchanged).
            let interviews = try #require(second.tables["interviews"])
            #expect(interviews.source < fixture.source.sizes.interviews / 2)
            #expect(interviews.unchanged == interviews.source - 1)
            #expect(second.files.downloaded == 0)
            #expect(try await fixture.targetText("SELECT summary FROM interviews WHERE id = md5('interview-5')::uuid") == "Changed after the first pass")
            #expect(try await fixture.targetText("SELECT content FROM interview_messages WHERE id = md5('message-7')::uuid") == "Edited transcript line")
            #expect(try await fixture.verify().ok)
        }
    }

    @Test func verifyNamesTheTableAndIdOfACorruptedRow() async throws {
        try await ImportFixture.with { fixture in
            _ = try await fixture.importOnce()
            #expect(try await fixture.verify().ok)
            let interview = SupabaseSource.id("interview", 6), file = SupabaseSource.id("file", 2)
            try await fixture.target.client.query(
                "UPDATE interviews SET candidate_name = 'Tampered' WHERE id = md5('interview-6')::uuid", logger: fixture.target.logger)
            try await fixture.target.client.query(
                "UPDATE files SET data = data || '\\x00'::bytea, size = size + 1 WHERE id = md5('file-2')::uuid", logger: fixture.target.logger)
            let report = try await fixture.verify()
            #expect(!report.ok)
            #expect(report.tables["interviews"]?.differences == 1)
            #expect(report.tables["interviews"]?.firstDifferences.first == RowIssue(id: interview, reason: "content differs"))
            #expect(report.tables["files.bytes"]?.firstDifferences.first?.id == file)
            #expect(report.tables["interview_messages"]?.ok == true)
            #expect(report.rendered(order: ["interviews"]).contains("interviews: first differences:\n  \(interview): content differs"))
        }
    }

    @Test func anOrphanIsRejectedWithItsReasonAndNotImported() async throws {
        try await ImportFixture.with { fixture in
            let orphan = SupabaseSource.id("message", 999_999)
            try await fixture.source.execute("""
                INSERT INTO public.interview_messages (id, interview_id, role, content)
                VALUES (md5('message-999999')::uuid, md5('no-such-interview')::uuid, 'user', 'lost');
                """)
            let report = try await fixture.importOnce()
            let rejected = try #require(report.tables["interview_messages"]?.rejected.first)
            #expect(rejected.id == orphan)
            #expect(rejected.reason.hasPrefix("orphan: interview_id"))
            #expect(report.rejectCount == 1)
            #expect(try await fixture.targetInt("SELECT count(*) FROM interview_messages WHERE id = md5('message-999999')::uuid") == 0)
            let verification = try await fixture.verify()
            #expect(verification.tables["interview_messages"]?.firstDifferences.first?.id == orphan)
        }
    }

    @Test func aFileWhoseBytesAreMissingIsARejectOfThatRow() async throws {
        try await ImportFixture.with { fixture in
            try FileManager.default.removeItem(at: fixture.storageDirectory.appendingPathComponent("documents/resumes/3/cv file.pdf"))
            let report = try await fixture.importOnce()
            #expect(report.tables["files"]?.rejected == [RowIssue(id: SupabaseSource.id("file", 3), reason: "bytes missing: object documents/resumes/3/cv file.pdf not found")])
            #expect(report.tables["files"]?.imported == fixture.source.sizes.files)
        }
    }

    @Test func aDryRunWritesNothingAndReportsWhatWouldChange() async throws {
        try await ImportFixture.with { fixture in
            let report = try await fixture.importOnce(ImportOptions(dryRun: true))
            #expect(report.dryRun)
            #expect(report.run == nil)
            #expect(report.tables["interview_messages"]?.imported == fixture.source.sizes.messages)
            #expect(report.tables["interviews"]?.imported == fixture.source.sizes.interviews)
            #expect(report.rejectCount == 0)
            #expect(try await fixture.targetInt("SELECT count(*) FROM import_runs") == 0)
            #expect(try await fixture.targetInt("SELECT count(*) FROM import_run_tables") == 0)
            #expect(try await fixture.targetInt("SELECT count(*) FROM users") == 0)
            #expect(try await fixture.targetInt("SELECT count(*) FROM interview_messages") == 0)
            #expect(!FileManager.default.fileExists(atPath: fixture.dataDirectory.appendingPathComponent("recordings").path))
        }
    }

    @Test func onlyOneImportRunsAtATimeAgainstATarget() async throws {
        try await ImportFixture.with { fixture in
            let holder = try await fixture.target.url.connect(logger: fixture.logger)
            try await holder.query("SELECT pg_advisory_lock(hashtext('vantahire-import'))", logger: fixture.logger)
            await #expect(throws: ImportError.self) { _ = try await fixture.importOnce() }
            try await holder.close()
            #expect(try await fixture.importOnce().rejectCount == 0)
        }
    }

    @Test func recordingsGoToCloudStorageWhenItIsConfiguredAndVerifyReadsThemBack() async throws {
        let keyURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("IntegrationsTests/Fixtures/test_service_account.not-a-test.json")
        let keyJSON = try Data(contentsOf: keyURL)
        let gcs = try GCSFake(serviceAccountKeyJSON: keyJSON)
        let base = try await gcs.start()
        defer { Task { await gcs.stop() } }
        let tokenURL = try #require(gcs.tokenURL)
        try await ImportFixture.with { fixture in
            let client = GCSStorageClient(
                configuration: GCSStorageConfiguration(account: try GCSServiceAccount(jsonString: String(decoding: keyJSON, as: UTF8.self)),
                                                       baseURL: base, tokenURL: tokenURL),
                httpClient: .shared)
            let target = GCSRecordingTarget(client: client, bucket: "recordings-bucket",
                                            stagingDirectory: fixture.dataDirectory.appendingPathComponent("import-staging"))
            let report = try await fixture.importOnce(recordings: target)
            #expect(report.rejectCount == 0)
            #expect(report.files.recordingsCopied == fixture.source.sizes.interviews / 4)
            let key = "recordings/\(SupabaseSource.id("interview", 2))/1700000000000-take.webm"
            #expect(gcs.objectData(bucket: "recordings-bucket", name: key) == SupabaseSource.bytes(bucket: "recordings", name: key))
            let upload = try #require(gcs.requests.first { $0.path.hasPrefix("/upload/") })
            #expect(upload.header("content-type") == "video/webm")
            // Nothing is left in the staging folder, and nothing went to the local store.
            let staged = (try? FileManager.default.contentsOfDirectory(atPath: fixture.dataDirectory.appendingPathComponent("import-staging").path)) ?? []
            #expect(staged.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: fixture.dataDirectory.appendingPathComponent("recordings").appendingPathComponent(key).path))
            let verification = try await fixture.verify(recordings: target)
            #expect(verification.ok, "\(verification.rendered(order: []))")
            #expect(verification.tables["recordings"]?.targetRows == fixture.source.sizes.interviews / 4)
            // A recording changed in the bucket is named by verify.
            _ = try await client.deleteObject(bucket: "recordings-bucket", object: key)
            let broken = try await fixture.verify(recordings: target)
            #expect(!broken.ok)
        }
    }
}
