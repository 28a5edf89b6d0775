import Foundation
import XCTest
import FirthKit

/// `firth predict`, `firth generate` and the context column of `firth perplexity`, end to end.
final class ContextCommandTests: XCTestCase {
    func makeDatabase() throws -> String {
        let db = try makeTemporaryFolder(self).appendingPathComponent("ctx.sqlite").path
        var result = try firth(["ingest", "-", "--db", db, "--quiet"], stdin: LanguageModelCommandTests.text)
        XCTAssertEqual(result.status, 0, result.stderr)
        result = try firth(["count", "--window", "2", "--min-count", "1", "--db", db, "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        result = try firth(["embed", "--method", "svd", "--dimensions", "4", "--db", db, "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return db
    }

    func testPredictGenerateAndPerplexity() throws {
        let db = try makeDatabase()
        var result = try firth(["predict", "the dog sat on the", "--top", "3", "--format", "json", "--db", db, "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(Set(rows[0].keys), ["rank", "word", "ngram", "fit", "factor", "cache", "combined", "clue"])
        // β 0, λ 0: the combined probability is the n-gram's.
        result = try firth(["predict", "the dog sat on the", "--beta", "0", "--cache-weight", "0", "--format", "csv", "--db", db, "--quiet"])
        for line in result.stdout.split(separator: "\r\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            XCTAssertEqual(cells[2], cells[6], String(line))
        }
        let generate = ["generate", "the cat", "--words", "8", "--seed", "3", "--db", db, "--quiet"]
        let first = try firth(generate), second = try firth(generate)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, second.stdout)
        XCTAssertTrue(first.stdout.hasPrefix("the cat "), first.stdout)
        let held = try makeTemporaryFolder(self).appendingPathComponent("held.txt")
        try "The cat sat on the log. The dog saw the cat.".write(to: held, atomically: true, encoding: .utf8)
        result = try firth(["perplexity", held.path, "--order", "2", "--db", db, "--format", "csv", "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\r\n2-gram + context,"), result.stdout)
    }

    func testBadInputIsRefused() throws {
        let db = try makeDatabase()
        for (arguments, message) in [(["predict", "  "], "The prompt is empty"),
                                     (["predict", "the cat", "--beta=-1"], "--beta must be 0 or more"),
                                     // A negative number after an option is its value, not a missing one.
                                     (["predict", "the cat", "--beta", "-1"], "--beta must be 0 or more (got -1.0)"),
                                     (["generate", "the cat", "--temperature", "-0.5"], "--temperature must be 0 or more (got -0.5)"),
                                     (["generate", "the cat", "--explain", "-3"], "The option '--explain' does not take any value"),
                                     (["generate", "the cat", "--top-p", "0"], "--top-p must be above 0"),
                                     (["generate", "", "--words", "3"], "The prompt is empty")] {
            let result = try firth(arguments + ["--db", db])
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        XCTAssertEqual(try CorpusStore(path: db).ngramTables().count, 0, "refused input made no model")
        let result = try firth(["predict", "zebra giraffe", "--db", db])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("no word of the prompt is in the model's vocabulary"), result.stderr)
    }
}
