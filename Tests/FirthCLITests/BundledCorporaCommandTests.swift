import Foundation
import XCTest

/// `bundled:tutorial` and `bundled:senses` on the command line, as the help texts describe them.
final class BundledCorporaCommandTests: XCTestCase {
    func testIngestBundledTutorialEqualsItsFolder() throws {
        let folder = try makeTemporaryFolder(self)
        let bundled = folder.appendingPathComponent("bundled.sqlite").path
        let fromFolder = folder.appendingPathComponent("folder.sqlite").path
        var result = try firth(["ingest", "bundled:tutorial", "--db", bundled, "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        result = try firth(["ingest", packageRoot.appendingPathComponent("Corpora/tutorial").path, "--include", "*.txt", "--db", fromFolder, "--quiet"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let stats = try firth(["stats", "--format", "json", "--db", bundled])
        XCTAssertTrue(stats.stdout.contains(#"{"documents": 23, "tokens": 27669, "types": 2695, "sentences": 2412}"#), stats.stdout)
        XCTAssertEqual(stats.stdout, try firth(["stats", "--format", "json", "--db", fromFolder]).stdout)

        // A bundled collection among files: ingested in the order given, reports added up.
        let extra = folder.appendingPathComponent("extra.txt")
        try Data("The ferry crossed the river at dawn.".utf8).write(to: extra)
        let mixed = folder.appendingPathComponent("mixed.sqlite").path
        result = try firth(["ingest", extra.path, "bundled:tutorial", "--db", mixed])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("ingested 24 documents"), result.stderr)
        let documents = try firth(["stats", "--documents", "--format", "tsv", "--db", mixed]).stdout.split(separator: "\n")
        XCTAssertEqual(documents.count, 25, "\(documents)")
        XCTAssertTrue(documents[1].contains(extra.path), "\(documents)")
        XCTAssertTrue(documents[2].contains("bundled:tutorial/accounts.txt\ttutorial"), "\(documents)")

        result = try firth(["ingest", "bundled:inaugural", "--db", mixed])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "firth: error: bundled:inaugural: no such bundled collection; the bundled ones are bundled:tutorial, bundled:senses\n")
    }

    func testDemoWithAMissingTutorialFolderSaysSo() throws {
        let result = try firth(["demo", "--tutorial", "/nonexistent/tutorial", "--quiet"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("/nonexistent/tutorial: no .txt file with words was found there"), result.stderr)
    }
}
