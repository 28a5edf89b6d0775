import Foundation
import XCTest
import FirthKit

/// `firth embed`, `firth skipgram` and `firth combine` on the bundled tutorial corpus, as a user runs them.
final class EmbeddingCommandTests: XCTestCase {
    func testSkipGramThenCombineThenQuery() throws {
        let db = try makeTemporaryFolder(self).appendingPathComponent("t.sqlite").path
        let tutorial = packageRoot.appendingPathComponent("Corpora/tutorial").path
        XCTAssertEqual(try firth(["ingest", tutorial, "--db", db, "--quiet"]).status, 0)
        XCTAssertEqual(try firth(["count", "--window", "5", "--min-count", "2", "--db", db, "--quiet"]).status, 0)
        XCTAssertEqual(try firth(["embed", "--method", "svd", "--dimensions", "20", "--db", db, "--quiet"]).status, 0)

        let trained = try firth(["skipgram", "--dimensions", "20", "--epochs", "3", "--min-count", "2", "--db", db])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        XCTAssertTrue(trained.stderr.contains("trained 'sgns20.w5.neg5.e3.min2'"), trained.stderr)
        let again = try firth(["skipgram", "--dimensions", "20", "--epochs", "3", "--min-count", "2", "--db", db])
        XCTAssertTrue(again.stderr.contains("reused"), again.stderr)

        let spaces = try firth(["spaces", "--db", db, "--format", "csv"]).stdout
        let svd = try XCTUnwrap(spaces.split(whereSeparator: \.isNewline).first { $0.hasPrefix("svd20") }?.split(separator: ",").first)
        XCTAssertTrue(spaces.contains("sgns20.w5.neg5.e3.min2,vectors 20d"), spaces)
        XCTAssertTrue(spaces.contains("trained on the corpus"), spaces)

        let combined = try firth(["combine", String(svd), "sgns20.w5.neg5.e3.min2", "--weights", "1", "2", "--name", "both", "--db", db])
        XCTAssertEqual(combined.status, 0, combined.stderr)
        XCTAssertTrue(combined.stderr.contains("× 40 dimensions"), combined.stderr)
        XCTAssertTrue(try firth(["spaces", "--db", db]).stdout.contains("combined"))

        // The combined cosine is the weighted mean of the parts': (1·svd + 2·sgns)/3.
        func similarity(_ embedding: String) throws -> Double {
            let out = try firth(["similarity", "river", "water", "--embedding", embedding, "--format", "tsv", "--db", db])
            XCTAssertEqual(out.status, 0, out.stderr)
            return try XCTUnwrap(Double(out.stdout.split(whereSeparator: \.isNewline).last!.split(separator: "\t").last!))
        }
        let expected = (try similarity(String(svd)) + 2 * (try similarity("sgns20.w5.neg5.e3.min2"))) / 3
        XCTAssertEqual(try similarity("both"), expected, accuracy: 2e-3)   // printed to 3 decimals

        let neighbors = try firth(["neighbors", "river", "--embedding", "both", "--top", "3", "--db", db])
        XCTAssertEqual(neighbors.status, 0, neighbors.stderr)

        // Without names: the most recent SVD and skip-gram embeddings, equal weights.
        let latest = try firth(["combine", "--db", db])
        XCTAssertEqual(latest.status, 0, latest.stderr)
        XCTAssertTrue(latest.stderr.contains("combined '\(svd)+sgns20.w5.neg5.e3.min2'"), latest.stderr)
    }

    /// `firth embed` without --method makes the SVD and the skip-gram vectors, then their
    /// combination, which the queries then use; run again, it reuses all three.
    func testEmbedMakesBothAndCombinesThem() throws {
        let db = try makeTemporaryFolder(self).appendingPathComponent("t.sqlite").path
        let tutorial = packageRoot.appendingPathComponent("Corpora/tutorial").path
        XCTAssertEqual(try firth(["ingest", tutorial, "--db", db, "--quiet"]).status, 0)
        let made = try firth(["embed", "--dimensions", "20", "--epochs", "3", "--db", db])
        XCTAssertEqual(made.status, 0, made.stderr)
        let name = "svd20.p0.5.w6.both.harmonic.document.min5+sgns20.w5.neg5.e3.min5"
        XCTAssertTrue(made.stderr.contains("counting one with the defaults of `firth count`"), made.stderr)
        XCTAssertTrue(made.stderr.contains("part 'sgns20.w5.neg5.e3.min5'"), made.stderr)
        XCTAssertTrue(made.stderr.contains("embedded '\(name)'"), made.stderr)
        XCTAssertTrue(made.stderr.contains("× 40 dimensions"), made.stderr)

        let spaces = try firth(["spaces", "--db", db, "--format", "csv"]).stdout
        XCTAssertEqual(spaces.split(whereSeparator: \.isNewline).filter { $0.contains("vectors") }.count, 3, spaces)
        let neighbors = try firth(["neighbors", "river", "--top", "3", "--db", db])
        XCTAssertEqual(neighbors.status, 0, neighbors.stderr)
        XCTAssertTrue(neighbors.stdout.contains("in \(name)"), neighbors.stdout)

        let again = try firth(["embed", "--dimensions", "20", "--epochs", "3", "--db", db])
        XCTAssertTrue(again.stderr.contains("reused the stored embedding '\(name)'"), again.stderr)
        // --skipgram-dimensions sets skip-gram's part apart from the SVD's (whose stored part is reused).
        let apart = try firth(["embed", "--dimensions", "20", "--skipgram-dimensions", "8", "--epochs", "1", "--db", db])
        XCTAssertEqual(apart.status, 0, apart.stderr)
        XCTAssertTrue(apart.stderr.contains("part 'sgns8.w5.neg5.e1.min5'"), apart.stderr)
        XCTAssertTrue(apart.stderr.contains("× 28 dimensions"), apart.stderr)
        let bad = try firth(["embed", "--epochs", "0", "--db", db])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--epochs must be between 1 and 1000"), bad.stderr)
    }

    func testBadKnobsAreOneLineErrors() throws {
        let db = try makeTemporaryFolder(self).appendingPathComponent("t.sqlite").path
        let bad = try firth(["skipgram", "--negative", "0", "--db", db])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--negative must be between 1 and 100"), bad.stderr)
        // Writers other than ingest need a database: a mistyped path is not a new, empty one.
        let nowhere = try firth(["skipgram", "--db", db, "--quiet"])
        XCTAssertEqual(nowhere.stderr, "firth: error: \(db): no such database; create it with `firth ingest FILE... --db \(db)`\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))
        XCTAssertEqual(try firth(["ingest", "-", "--db", db, "--quiet"], stdin: "too few words").status, 0)
        let empty = try firth(["skipgram", "--db", db, "--quiet"])
        XCTAssertNotEqual(empty.status, 0)
        XCTAssertTrue(empty.stderr.contains("a word seen at least 5 times does not exist yet"), empty.stderr)
        let one = try firth(["combine", "only", "--db", db])
        XCTAssertNotEqual(one.status, 0)
        XCTAssertTrue(one.stderr.contains("at least two embeddings"), one.stderr)
        let none = try firth(["combine", "--db", db])
        XCTAssertNotEqual(none.status, 0)
        XCTAssertTrue(none.stderr.contains("an SVD embedding to combine"), none.stderr)
        let missing = try firth(["combine", "a", "b", "--db", db])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("embedding 'a'"), missing.stderr)
    }

    /// An embedding without its binary image (stored before migration 0013) is read from its
    /// rows with the same answers, and the query stores the image for the next one.
    func testAnEmbeddingWithoutItsImageIsReadFromItsRowsAndGetsOne() throws {
        let db = try makeTemporaryFolder(self).appendingPathComponent("t.sqlite").path
        let tutorial = packageRoot.appendingPathComponent("Corpora/tutorial").path
        XCTAssertEqual(try firth(["ingest", tutorial, "--db", db, "--quiet"]).status, 0)
        XCTAssertEqual(try firth(["count", "--window", "5", "--min-count", "2", "--db", db, "--quiet"]).status, 0)
        XCTAssertEqual(try firth(["embed", "--method", "svd", "--dimensions", "20", "--db", db, "--quiet"]).status, 0)
        let arguments = ["neighbors", "river", "--top", "8", "--format", "csv", "--db", db]
        let withImage = try firth(arguments)
        XCTAssertEqual(withImage.status, 0, withImage.stderr)
        do {   // a writer for the deletion only: it holds the writer lock while it lives
            let writer = try CorpusStore(path: db)
            XCTAssertTrue(try writer.loadWordVectors(named: nil).fromImage, "embed stored the image")
            try writer.dbQueue.write { db in try db.execute(sql: "DELETE FROM embedding_images") }
        }
        let store = try CorpusStore(path: db, readOnly: true)
        XCTAssertFalse(try store.loadWordVectors(named: nil).fromImage)
        let withoutImage = try firth(arguments)
        XCTAssertEqual(withoutImage.status, 0, withoutImage.stderr)
        XCTAssertEqual(withoutImage.stdout, withImage.stdout)
        XCTAssertTrue(try store.loadWordVectors(named: nil).fromImage, "the query stored the image")
    }
}
