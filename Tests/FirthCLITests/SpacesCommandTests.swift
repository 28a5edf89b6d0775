import Foundation
import XCTest

/// `firth spaces` lists every knob; flags in errors; the queries' default embedding.
final class SpacesCommandTests: XCTestCase {
    private func makeDatabase() throws -> String {
        let folder = try makeTemporaryFolder(self)
        let text = "the river bank was muddy. the money bank was closed. the river was wide and the bank was steep."
        let file = folder.appendingPathComponent("tiny.txt")
        try Data(text.utf8).write(to: file)
        let db = folder.appendingPathComponent("t.sqlite").path
        XCTAssertEqual(try firth(["ingest", file.path, "--db", db, "--quiet"]).status, 0)
        return db
    }

    private func entries(_ db: String) throws -> [String: [String: Any]] {
        let out = try firth(["spaces", "--format", "json", "--db", db])
        XCTAssertEqual(out.status, 0, out.stderr)
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]], out.stdout)
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0) })
    }

    func testSpacesShowTheKnobsOfATableAndAnEmbedding() throws {
        let db = try makeDatabase()
        XCTAssertEqual(try firth(["count", "--window", "3", "--weighting", "linear", "--min-count", "2", "--db", db, "--quiet"]).status, 0)
        XCTAssertEqual(try firth(["embed", "--method", "svd", "--dimensions", "2", "--eigen-weight", "0", "--remove-top-components", "0",
                                  "--seed", "7", "--db", db, "--quiet"]).status, 0)
        let listed = try entries(db)
        let table = try XCTUnwrap(listed["w3.both.linear.document.min2"], "\(listed.keys)")
        let counts = try XCTUnwrap(table["counts"] as? [String: Any])
        XCTAssertEqual(counts["window"] as? Int, 3)
        XCTAssertEqual(counts["weighting"] as? String, "linear")
        XCTAssertEqual(counts["direction"] as? String, "both")
        XCTAssertEqual(counts["boundary"] as? String, "document")
        XCTAssertEqual(counts["minCount"] as? Int, 2)
        XCTAssertTrue(counts["maxVocabulary"] is NSNull && counts["subcorpus"] is NSNull, "\(counts)")
        XCTAssertTrue(table["embedding"] is NSNull)
        XCTAssertEqual(table["kind"] as? String, "counts")

        let name = "svd2.p0.abtt0.seed7.w3.both.linear.document.min2"
        let embedding = try XCTUnwrap(listed[name], "\(listed.keys)")
        XCTAssertEqual(embedding["source"] as? String, "svd")
        XCTAssertEqual(embedding["status"] as? String, "from w3.both.linear.document.min2")
        let knobs = try XCTUnwrap(embedding["embedding"] as? [String: Any])
        XCTAssertEqual(knobs["dimensions"] as? Int, 2)
        XCTAssertEqual((knobs["eigenWeight"] as? NSNumber)?.doubleValue, 0)
        XCTAssertEqual(knobs["seed"] as? Int, 7)
        XCTAssertEqual((knobs["contextSmoothing"] as? NSNumber)?.doubleValue, 0.75)
        XCTAssertEqual(knobs["addContextVectors"] as? Bool, false)
        // The count it factored, typed: no longer only inside its name.
        let factored = try XCTUnwrap(embedding["counts"] as? [String: Any])
        XCTAssertEqual(factored["window"] as? Int, 3)
        XCTAssertEqual(factored["weighting"] as? String, "linear")

        // The same knobs as columns for spreadsheets, and as flags for people.
        let csv = try firth(["spaces", "--format", "csv", "--db", db]).stdout.split(whereSeparator: \.isNewline).map(String.init)
        XCTAssertTrue(csv[0].hasPrefix("name,kind,words,nonzero,total,seconds,created,status,source,counts.window,counts.direction,"), csv[0])
        XCTAssertTrue(csv[0].contains(",embedding.dimensions,embedding.eigenWeight,"), csv[0])
        let header = csv[0].split(separator: ",", omittingEmptySubsequences: false)
        let row = try XCTUnwrap(csv.first { $0.hasPrefix(name + ",") }).split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertEqual(row[try XCTUnwrap(header.firstIndex(of: "counts.window"))], "3")
        XCTAssertEqual(row[try XCTUnwrap(header.firstIndex(of: "embedding.seed"))], "7")
        let human = try firth(["spaces", "--db", db]).stdout
        XCTAssertTrue(human.contains("window=3 direction=both weighting=linear boundary=document min-count=2 max-vocab=none"), human)
        XCTAssertTrue(human.contains("dimensions=2 eigen-weight=0 power-iterations=4"), human)
    }

    /// The library names the parameter (`maxVocabulary`); the command line names its flag.
    func testErrorsNameTheFlag() throws {
        for (arguments, message) in [(["count", "--max-vocab", "0"], "--max-vocab must be at least 1 (got 0)"),
                                     (["count", "--min-count", "0"], "--min-count must be at least 1 (got 0)"),
                                     (["embed", "--eigen-weight", "3"], "--eigen-weight must be between 0 and 2 (got 3.0)"),
                                     (["skipgram", "--learning-rate", "2"], "--learning-rate must be in (0, 1] (got 2.0)"),
                                     (["collocates", "bank", "--context-smoothing", "0"], "--context-smoothing must be in (0, 1]"),
                                     (["attend", "x", "--attention-window", "0"], "--attention-window must be at least 1")] {
            let result = try firth(arguments + ["--db", "/nonexistent/never-created.sqlite"])
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    /// `firth embed --space OTHER` leaves the queries' default embedding alone.
    func testAnEmbeddingOfAnotherTableDoesNotBecomeTheDefault() throws {
        let db = try makeDatabase()
        XCTAssertEqual(try firth(["count", "--window", "2", "--min-count", "2", "--db", db, "--quiet"]).status, 0)
        XCTAssertEqual(try firth(["count", "--window", "4", "--min-count", "2", "--db", db, "--quiet"]).status, 0)
        let svd = ["embed", "--method", "svd", "--dimensions", "2", "--remove-top-components", "0", "--db", db, "--quiet"]
        XCTAssertEqual(try firth(svd).status, 0)
        XCTAssertEqual(try firth(svd + ["--space", "w2.both.harmonic.document.min2"]).status, 0)
        let neighbors = try firth(["neighbors", "bank", "--top", "1", "--db", db])
        XCTAssertEqual(neighbors.status, 0, neighbors.stderr)
        XCTAssertTrue(neighbors.stdout.contains("in svd2.p0.5.abtt0.w4.both.harmonic.document.min2"), neighbors.stdout)
        // By name, of course, it is used.
        let named = try firth(["neighbors", "bank", "--top", "1", "--embedding", "svd2.p0.5.abtt0.w2.both.harmonic.document.min2", "--db", db])
        XCTAssertTrue(named.stdout.contains("in svd2.p0.5.abtt0.w2.both.harmonic.document.min2"), named.stdout)
    }
}
