import Core
import Foundation
import Import
import PostgresNIO
import TestSupport
import Testing

/// The real `vantahire import …` executable.
@Suite struct ImportProcessTests {
    @Test func anImportKilledInTheLargestTableResumesAndVerifies() async throws {
        var configured = SupabaseSource.Sizes()
        configured.messages = 40_000
        let sizes = configured
        try await ImportFixture.with(sizes) { fixture in
            let process = try Executable.start(fixture.importArguments(["--batch-size", "250"]), environment: fixture.environment)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill it once part of the messages (the largest table) is committed, but not all.
            let midway = try await eventually(timeout: .seconds(120)) {
                try await fixture.targetInt("SELECT count(*) FROM interview_messages") >= 2_000
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(midway)
            let copied = try await fixture.targetInt("SELECT count(*) FROM interview_messages")
            #expect(copied < sizes.messages, "the kill should land in the middle of the table")
            #expect(try await fixture.targetText("SELECT status FROM import_runs ORDER BY id DESC LIMIT 1") == "running")
            // The checkpoint committed with the rows: it names exactly the rows present.
            #expect(try await fixture.targetInt("SELECT imported::int FROM import_run_tables WHERE table_name = 'interview_messages'") == copied)

            let resumed = try await Executable.run(fixture.importArguments(["--json", "--batch-size", "250"]), environment: fixture.environment,
                                                   timeout: .seconds(300))
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let report = try JSONDecoder().decode(ImportReport.self, from: Data(resumed.stdout.utf8))
            #expect(report.tables["interview_messages"]?.imported == sizes.messages)
            #expect(try await fixture.targetInt("SELECT count(*) FROM import_runs") == 1)
            #expect(try await fixture.targetInt("SELECT count(*) FROM interview_messages") == sizes.messages)
            #expect(try await fixture.targetInt("SELECT count(DISTINCT id) FROM interview_messages") == sizes.messages)

            let verify = try await Executable.run(fixture.verifyArguments(), environment: fixture.environment, timeout: .seconds(300))
            #expect(verify.status == 0, "\(verify.stdout)\n\(verify.stderr)")
            #expect(verify.stdout.contains("verify: source and target match"))
        }
    }

    @Test func rejectsFailTheRunUnlessAllowedAndAreListedInTheJSONReport() async throws {
        try await ImportFixture.with { fixture in
            try await fixture.source.execute("""
                INSERT INTO public.interview_messages (id, interview_id, role, content)
                VALUES (md5('message-999999')::uuid, md5('no-such-interview')::uuid, 'user', 'lost');
                """)
            let failed = try await Executable.run(fixture.importArguments(["--json"]), environment: fixture.environment, timeout: .seconds(120))
            #expect(failed.status == 3, "\(failed.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(failed.stdout.utf8)) as? [String: Any])
            let tables = try #require(json["tables"] as? [String: Any])
            let messages = try #require(tables["interview_messages"] as? [String: Any])
            let rejected = try #require(messages["rejected"] as? [[String: Any]])
            #expect(rejected.count == 1)
            #expect(rejected.first?["id"] as? String == SupabaseSource.id("message", 999_999))
            #expect((rejected.first?["reason"] as? String)?.hasPrefix("orphan: interview_id") == true)
            #expect(messages["unknownColumns"] as? [String] == [])
            #expect((tables["interviews"] as? [String: Any])?["unknownColumns"] as? [String] == ["legacy_flag"])
            #expect(json["files"] is [String: Any])

            let allowed = try await Executable.run(fixture.importArguments(["--allow-rejects"]), environment: fixture.environment, timeout: .seconds(120))
            #expect(allowed.status == 0, "\(allowed.stderr)")
            #expect(allowed.stdout.contains("interview_messages: rejected \(SupabaseSource.id("message", 999_999)): orphan: interview_id"))
            let verify = try await Executable.run(fixture.verifyArguments(["--json"]), environment: fixture.environment, timeout: .seconds(120))
            #expect(verify.status == 3)
            let findings = try JSONDecoder().decode(VerifyReport.self, from: Data(verify.stdout.utf8))
            #expect(findings.tables["interview_messages"]?.firstDifferences.first?.id == SupabaseSource.id("message", 999_999))
        }
    }

    @Test func printMappingWritesTheDefaultMappingWhichAMappingFileCanOverride() async throws {
        let printed = try await Executable.run(["import", "supabase", "--print-mapping"], environment: [:])
        #expect(printed.status == 0, "\(printed.stderr)")
        let mapping = try JSONDecoder().decode(ImportMapping.self, from: Data(printed.stdout.utf8))
        #expect(mapping == .supabaseDefault)
        #expect(mapping.table("job_postings")?.source == "public.jobs")

        try await ImportFixture.with { fixture in
            // The old app called the table `postings`: rename it in the source and in a mapping file.
            try await fixture.source.execute("ALTER TABLE public.jobs RENAME TO postings")
            var custom = ImportMapping.supabaseDefault
            custom.tables = custom.tables.map { table in
                var table = table
                if table.target == "job_postings" { table.source = "public.postings" }
                return table
            }
            let file = fixture.dataDirectory.appendingPathComponent("mapping.json")
            try Data(try custom.json().utf8).write(to: file)
            let withDefault = try await Executable.run(fixture.importArguments(["--dry-run"]), environment: fixture.environment)
            #expect(withDefault.status == 1)
            #expect(withDefault.stderr.contains("public.jobs does not exist"))
            let withFile = try await Executable.run(fixture.importArguments(["--mapping", file.path]), environment: fixture.environment,
                                                    timeout: .seconds(120))
            #expect(withFile.status == 0, "\(withFile.stderr)")
            #expect(try await fixture.targetInt("SELECT count(*) FROM job_postings") == fixture.source.sizes.users)
        }
    }
}
