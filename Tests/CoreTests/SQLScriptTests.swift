import Core
import Testing

@Suite struct SQLScriptTests {
    @Test func splitsOnSemicolonsOutsideQuotesCommentsAndDollarBodies() {
        let script = """
            -- leading comment; not a statement
            CREATE TABLE a (x text DEFAULT 'semi;colon');
            /* block; comment */ CREATE TABLE "b;c" (y int);
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM 1; RETURN NULL;
            END;
            $$;
            CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
            -- trailing comment only
            """
        let statements = SQLScript.statements(script)
        #expect(statements.count == 4)
        #expect(statements[0].hasSuffix("DEFAULT 'semi;colon')"))
        #expect(statements[1].contains("\"b;c\""))
        #expect(statements[2].contains("PERFORM 1; RETURN NULL;"))
        #expect(statements[3].contains("$body$ SELECT 1; $body$"))
    }

    @Test func escapedQuotesStayInsideTheLiteral() {
        #expect(SQLScript.statements("SELECT 'it''s; fine'; SELECT 2").count == 2)
    }

    @Test func bundledMigrationsAreNumberedAndSplit() throws {
        let migrations = try Migration.bundled()
        // Numbered from 1, in order, each number once (a number reserved by a change not merged
        // yet may be missing).
        let versions = migrations.map(\.version)
        #expect(versions.first == 1)
        #expect(zip(versions, versions.dropFirst()).allSatisfy { $0 < $1 })
        for migration in migrations {
            #expect(!SQLScript.statements(migration.sql).isEmpty)
        }
    }
}
