import Foundation
import GRDB
import XCTest
import FirthKit

final class IngestCommandTests: XCTestCase {
    func testIngestStatsVocabConcordanceAsAUserWould() throws {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("t.sqlite").path
        var result = try firth(["ingest", packageRoot.appendingPathComponent("Corpora/tutorial").path, "--include", "*.txt", "--db", db])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "", "results go to stdout, messages to stderr")
        result = try firth(["stats", "--db", db, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("[\n  {\"documents\": 23, \"tokens\": "), result.stdout)
        result = try firth(["vocab", "--db", db, "--top", "1", "--format", "csv"])
        XCTAssertTrue(result.stdout.hasPrefix("rank,word,count,per_million\r\n1,the,"), result.stdout)
        result = try firth(["concordance", "bank", "--db", db, "--limit", "3", "--format", "tsv"])
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 4, result.stdout)
        // Ingesting again adds nothing and says so.
        result = try firth(["ingest", packageRoot.appendingPathComponent("Corpora/tutorial").path, "--include", "*.txt", "--db", db])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("ingested 0 documents"), result.stderr)
        XCTAssertTrue(result.stderr.contains("23 already stored, skipped"), result.stderr)
    }

    func testStandardInputAndErrorsExitNonZero() throws {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("s.sqlite").path
        var result = try firth(["ingest", "-", "--db", db, "--quiet"], stdin: "The river bank. The bank loan.")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        result = try firth(["concordance", "bnak", "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "firth: error: unknown word 'bnak': it is not in the vocabulary (did you mean: bank?)\n")
        result = try firth(["ingest", folder.appendingPathComponent("nope.txt").path, "--db", db, "--quiet"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("nope.txt: no such file or folder"), result.stderr)
        result = try firth(["stats", "--db", folder.appendingPathComponent("missing.sqlite").path])
        XCTAssertNotEqual(result.status, 0)
    }

    func testNewerDatabaseIsRefusedByTheCLI() throws {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("n.sqlite").path
        try firth(["ingest", "-", "--db", db, "--quiet"], stdin: "water")
        try DatabaseQueue(path: db).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('0999_add_time_travel')")
        }
        let result = try firth(["stats", "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("was written by a newer version of Firth"), result.stderr)
    }

    /// kill -9 in the middle of an ingest: every document is fully in or absent, and running
    /// the same command again completes the job with the same result as an uninterrupted run.
    func testKillDuringIngestLosesNothingAndRerunCompletes() throws {
        let folder = try makeTemporaryFolder(self)
        let texts = folder.appendingPathComponent("texts")
        try FileManager.default.createDirectory(at: texts, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let words = (0..<500).map { "w\($0)" }
        for i in 0..<400 {
            var text = ""
            for j in 0..<3000 { text += words[Int.random(in: 0..<words.count, using: &generator)] + (j % 17 == 16 ? ". " : " ") }
            try Data(text.utf8).write(to: texts.appendingPathComponent(String(format: "doc%04d.txt", i)))
        }
        let db = folder.appendingPathComponent("k.sqlite").path
        let process = Process()
        process.executableURL = firthBinary
        process.arguments = ["ingest", texts.path, "--db", db, "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until some documents are stored, then kill without warning.
        var stored = 0
        let deadline = Date().addingTimeInterval(60)
        while stored < 5 && Date() < deadline && process.isRunning {
            usleep(20_000)
            stored = (try? DatabaseQueue(path: db, configuration: { var c = Configuration(); c.readonly = true; return c }())
                .read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") ?? 0 }) ?? 0
        }
        XCTAssertTrue(process.isRunning, "the ingest finished before it could be killed; make the input larger")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        // The killed writer's lock died with it: reading and writing go on at once.
        let interrupted = try CorpusStore(path: db, readOnly: true)
        let (documents, consistent, integrity) = try interrupted.dbQueue.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM documents")!,
             try Int.fetchOne(db, sql: """
                SELECT count(*) FROM documents d WHERE token_count = (SELECT count(*) FROM tokens t
                  WHERE t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1)
                """)!,
             try String.fetchOne(db, sql: "PRAGMA integrity_check")!)
        }
        XCTAssertEqual(integrity, "ok")
        XCTAssertGreaterThanOrEqual(documents, 5)
        XCTAssertLessThan(documents, 400)
        XCTAssertEqual(consistent, documents, "a document is partly stored")
        let orphanTokens = try interrupted.dbQueue.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM tokens WHERE position >= (SELECT coalesce(max(first_position + token_count), 0) FROM documents)")!
        }
        XCTAssertEqual(orphanTokens, 0)

        let rerun = try firth(["ingest", texts.path, "--db", db, "--quiet"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        let clean = folder.appendingPathComponent("clean.sqlite").path
        XCTAssertEqual(try firth(["ingest", texts.path, "--db", clean, "--quiet"]).status, 0)
        func fingerprint(_ path: String) throws -> [Int] {
            try CorpusStore(path: path, readOnly: true).dbQueue.read { db in
                try [Int.fetchOne(db, sql: "SELECT count(*) FROM documents")!,
                     Int.fetchOne(db, sql: "SELECT count(*) FROM tokens")!,
                     Int.fetchOne(db, sql: "SELECT sum(position * 31 + word_id * 7 + sentence) % 1000000007 FROM tokens")!,
                     Int.fetchOne(db, sql: "SELECT sum(count * word_id) FROM words")!]
            }
        }
        XCTAssertEqual(try fingerprint(db), try fingerprint(clean))
    }
}
