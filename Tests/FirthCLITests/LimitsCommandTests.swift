import Foundation
import XCTest

/// Issue 13: work is bounded by what a command prints, and the bounds are named.
final class LimitsCommandTests: XCTestCase {
    func testAttendRefusesALongSentenceAtOnceNamingTheFlag() throws {
        let folder = try makeTemporaryFolder(self)
        let db = folder.appendingPathComponent("t.sqlite").path
        XCTAssertEqual(try firth(["ingest", "-", "--db", db, "--quiet"], stdin: "the river bank").status, 0)
        // No embedding exists: the length is checked before anything is loaded.
        let sentence = Array(repeating: "river", count: 1001).joined(separator: " ")
        let result = try firth(["attend", sentence, "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "firth: error: sentence: 1001 words, more than --max-words 1000; attention over it needs about 8 MB (memory grows with the square of the length): raise --max-words to run it anyway\n")
        let senses = try firth(["senses", "river", "the river", sentence, "--db", db, "--max-words", "10"])
        XCTAssertEqual(senses.status, 1)
        XCTAssertTrue(senses.stderr.contains("context #2: 1001 words, more than --max-words 10"), senses.stderr)
        let raised = try firth(["attend", sentence, "--db", db, "--max-words", "2000"])
        XCTAssertFalse(raised.stderr.contains("--max-words"), raised.stderr)
        let help = try firth(["attend", "--help"])
        XCTAssertTrue(help.stdout.contains("--max-words"), help.stdout)
        XCTAssertTrue(help.stdout.contains("square of the length"), help.stdout)
    }
}
