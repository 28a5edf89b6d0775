import Foundation
import XCTest

/// Where the library names a parameter (`top`, `out`, `database`), the command line prints its
/// flag in the same one line (FirthKitTests' ParameterErrorTests check the library's side).
final class ParameterFlagMessageTests: XCTestCase {
    func testExportAndOutputErrorsNameTheFlags() throws {
        let (folder, db) = try makeCountedTutorialDatabase(self)
        var result = try firth(["export", "ppmi", "--db", db, "--out", folder.path, "--force"])
        XCTAssertEqual(result.stderr, "firth: error: \(folder.path): is a folder; give a file name to --out\n")
        let vectors = folder.appendingPathComponent("headerless.txt").path
        try Data("river 0.1 0.2\n".utf8).write(to: URL(fileURLWithPath: vectors))
        result = try firth(["import-vectors", vectors, "--format", "word2vec", "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasSuffix("(for a file without a header, use --format glove)\n"), result.stderr)
    }

    func testIngestWithAnotherTokenizationNamesTheDatabaseFlag() throws {
        let (_, db) = try makeCountedTutorialDatabase(self)
        let result = try firth(["ingest", packageRoot.appendingPathComponent("Corpora/tutorial").path, "--include", "*.txt",
                                "--no-case-folding", "--db", db, "--quiet"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasSuffix(" would mix two tokenizations — use another --db\n"), result.stderr)
    }

    func testIngestWithoutTheTextColumnOrFieldNamesTheirFlags() throws {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("i.sqlite").path
        let csv = folder.appendingPathComponent("t.csv").path, jsonl = folder.appendingPathComponent("r.jsonl").path
        try Data("id,body\n1,hello\n".utf8).write(to: URL(fileURLWithPath: csv))
        try Data("{\"id\": 1, \"title\": \"x\"}\n".utf8).write(to: URL(fileURLWithPath: jsonl))
        var result = try firth(["ingest", csv, "--db", db, "--quiet"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "error: \(csv): no column 'text' in the header (id, body); choose one with --text-column\n")
        result = try firth(["ingest", jsonl, "--text-field", "body", "--db", db, "--quiet"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "error: \(jsonl):1: no string field 'body' (fields: id, title); choose one with --text-field\n")
    }

    func testAReportSentenceWithoutKnownWordsNamesTheSentenceFlag() throws {
        let (folder, db) = try makeCountedTutorialDatabase(self)
        let out = folder.appendingPathComponent("report.html").path
        let result = try firth(["report", "--db", db, "--out", out, "--sentence", "zzqx qqzx", "--quiet"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "firth: error: --sentence: no word of 'zzqx qqzx' is in the vocabulary\n")
    }

    /// The library names the step that would answer an error (`ngrams`, `subcorpus drop old`);
    /// the command line prints it as the command to type, with its flags.
    func testWhatToDoNextIsTheCommandToType() throws {
        let (_, db) = try makeCountedTutorialDatabase(self)
        XCTAssertEqual(try firth(["subcorpus", "define", "sp", "--source", "*", "--db", db]).status, 0)
        var result = try firth(["subcorpus", "define", "sp", "--source", "*", "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasSuffix("drop it first (`firth subcorpus drop sp`)\n"), result.stderr)
        result = try firth(["collocates", "river", "--space", "nope", "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("co-occurrence table 'nope' does not exist yet; the tables are: "), result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix(" (see `firth spaces`)\n"), result.stderr)
        result = try firth(["combine", "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasSuffix("make one with `firth embed`, or name the embeddings\n"), result.stderr)
    }
}
