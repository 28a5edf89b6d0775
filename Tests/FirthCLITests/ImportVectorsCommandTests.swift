import Foundation
import XCTest

/// `firth import-vectors` with a bad file: no new database is left behind, an existing one is
/// left as it was.
final class ImportVectorsCommandTests: XCTestCase {
    func testABadFileLeavesNoNewDatabaseAndChangesNoExistingOne() throws {
        let folder = try makeTemporaryFolder(self)
        let bad = folder.appendingPathComponent("bad.txt")
        try Data("a 1 2\nb 1 two\n".utf8).write(to: bad)
        let db = folder.appendingPathComponent("new.sqlite").path
        var result = try firth(["import-vectors", bad.path, "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "firth: error: \(bad.path):2: value 2 of 'b', 'two', is not a finite number\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(left, ["bad.txt"], "nothing made beside the input")
        result = try firth(["import-vectors", folder.appendingPathComponent("missing.txt").path, "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))

        let good = folder.appendingPathComponent("good.txt")
        try Data("a 1 2\nb 2 1\n".utf8).write(to: good)
        result = try firth(["import-vectors", good.path, "--db", db])
        XCTAssertEqual(result.status, 0, result.stderr)
        let before = try firth(["spaces", "--db", db, "--format", "csv"])
        XCTAssertEqual(before.status, 0, before.stderr)
        XCTAssertTrue(before.stdout.contains("good"), before.stdout)
        // The library says the name is taken; the command line says which flags answer it.
        result = try firth(["import-vectors", good.path, "--db", db])
        XCTAssertEqual(result.stderr, "firth: error: an embedding named 'good' exists; choose another --name or pass --force to replace it\n")
        result = try firth(["import-vectors", bad.path, "--name", "good", "--force", "--db", db])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try firth(["spaces", "--db", db, "--format", "csv"]).stdout, before.stdout)
        result = try firth(["neighbors", "a", "--embedding", "good", "--db", db, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("b"), result.stdout)
    }
}
