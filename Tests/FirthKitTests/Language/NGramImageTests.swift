import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// The binary image of a model (migration 0008): it must give exactly the model of the rows,
/// and never be used for a model it does not belong to.
final class NGramImageTests: XCTestCase {
    func rowsModel(_ store: CorpusStore, _ table: NGramTable) throws -> NGramModel {
        try store.ngramModelFromRows(table)
    }

    func assertIdentical(_ a: NGramModel, _ b: NGramModel, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.order, b.order, message, file: file, line: line)
        XCTAssertEqual(a.vocabulary, b.vocabulary, message, file: file, line: line)
        XCTAssertEqual(a.levels.count, b.levels.count, message, file: file, line: line)
        for (x, y) in zip(a.levels, b.levels) {
            // Bit for bit, not to a tolerance.
            XCTAssertEqual(x.probability.map(\.bitPattern), y.probability.map(\.bitPattern), message, file: file, line: line)
            XCTAssertEqual(x.backoff.map(\.bitPattern), y.backoff.map(\.bitPattern), message, file: file, line: line)
            XCTAssertEqual(x.word, y.word, message, file: file, line: line)
            XCTAssertEqual(x.childStart, y.childStart, message, file: file, line: line)
        }
    }

    func testImageGivesExactlyTheModelOfTheRows() throws {
        let store = try makeStore(self, documents: [NGramModelTests.text, "Ünïcode wörds, and an émigré."])
        for order in 1...4 {
            for minCount in [1, 2] {
                let (table, _) = try NGramCounter(store: store).count(NGramParameters(order: order, minCount: minCount))
                let image = try XCTUnwrap(try store.ngramImage(of: table), "ngrams stores an image for o\(order) min\(minCount)")
                let rows = try rowsModel(store, table)
                assertIdentical(image, rows, "o\(order).min\(minCount)")
                assertIdentical(try XCTUnwrap(NGramModel(image: rows.image())), rows, "round trip o\(order).min\(minCount)")
                // Scores through the public API agree exactly, after histories seen and unseen.
                let histories = [["<s>", "the"], ["the", "cat"], ["on", "the"], ["ünïcode"], ["the", "<unk>"], []]
                var p = [Double](), q = [Double]()
                for history in histories {
                    image.fillProbabilities(after: image.ids(of: history)[...], into: &p)
                    rows.fillProbabilities(after: rows.ids(of: history)[...], into: &q)
                    XCTAssertEqual(p, q, "\(history)")
                    XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-12)
                }
                XCTAssertEqual(image.contains("wörds"), minCount == 1, "a word seen once is <unk> at min-count 2")
            }
        }
    }

    /// Format 1 also held the highest order's backoffs (all 1): such an image, as databases made
    /// before format 2 hold it, still gives exactly the model of the rows.
    func testFormatOneImagesAreStillRead() throws {
        let store = try makeStore(self, documents: [NGramModelTests.text, "Ünïcode wörds, and an émigré."])
        for order in 1...3 {
            let (table, _) = try NGramCounter(store: store).count(NGramParameters(order: order))
            let rows = try rowsModel(store, table)
            XCTAssertTrue(rows.levels[order - 1].backoff.isEmpty, "no backoffs at the highest order")
            var image = rows.image()
            XCTAssertEqual(image[12], 2, "written as format 2")
            // Rebuild the format-1 layout by hand: the format field, and 1.0 for each n-gram of
            // the highest order between its probabilities and its words.
            image[12] = 1
            var offset = 8 + 16 + 8 * order + 4 * (rows.vocabulary.count + 1) + rows.vocabulary.reduce(0) { $0 + $1.utf8.count }
            for (k, level) in rows.levels.enumerated() {
                offset += 8 * level.probability.count
                if k == order - 1 {
                    var ones = Data()
                    for _ in 0..<level.probability.count { withUnsafeBytes(of: (1.0).bitPattern.littleEndian) { ones.append(contentsOf: $0) } }
                    image.insert(contentsOf: ones, at: offset)
                    break
                }
                offset += 8 * level.backoff.count + 4 * level.word.count + (k > 0 ? 4 * level.childStart.count : 0)
            }
            assertIdentical(try XCTUnwrap(NGramModel(image: image), "order \(order)"), rows, "format 1, order \(order)")
            XCTAssertNil(NGramModel(image: image.dropLast(8)), "a truncated format-1 image")
        }
    }

    func testDamagedImagesAreRefused() throws {
        let store = try makeStore(self, documents: [NGramModelTests.text])
        let (table, _) = try NGramCounter(store: store).count(NGramParameters(order: 3))
        let image = try rowsModel(store, table).image()
        XCTAssertNotNil(NGramModel(image: image))
        XCTAssertNil(NGramModel(image: image.dropLast()), "truncated")
        XCTAssertNil(NGramModel(image: image + Data([0])), "longer than announced")
        XCTAssertNil(NGramModel(image: Data()), "empty")
        var otherFormat = image
        otherFormat[12] &+= 1   // the format field, after the magic and the byte-order marker
        XCTAssertNil(NGramModel(image: otherFormat), "another layout version")
        var otherMagic = image
        otherMagic[0] = UInt8(ascii: "X")
        XCTAssertNil(NGramModel(image: otherMagic), "not an image")
    }

    func testAStaleOrForeignImageIsNotUsed() throws {
        let store = try makeStore(self, documents: [NGramModelTests.text])
        let (bigrams, _) = try NGramCounter(store: store).count(NGramParameters(order: 2))
        let (trigrams, _) = try NGramCounter(store: store).count(NGramParameters(order: 3))
        XCTAssertNotNil(try store.ngramImage(of: bigrams))
        // Another model's image under this model's id: refused (its parameters and counts differ),
        // and loading falls back to the rows.
        try store.dbQueue.write { db in
            try db.execute(sql: """
                UPDATE ngram_images SET image = (SELECT image FROM ngram_images WHERE model_id = ?),
                    parameters = (SELECT parameters FROM ngram_images WHERE model_id = ?) WHERE model_id = ?
                """, arguments: [trigrams.id, trigrams.id, bigrams.id])
        }
        XCTAssertNil(try store.ngramImage(of: bigrams))
        assertIdentical(try store.loadNGramModel(bigrams), try rowsModel(store, bigrams), "fallback to the rows")
        // An image that records this model's parameters and counts but holds another model's arrays.
        try store.dbQueue.write { db in
            try db.execute(sql: "UPDATE ngram_images SET parameters = ?, ngram_counts = ? WHERE model_id = ?",
                           arguments: [bigrams.parameters.json, bigrams.imageCounts, bigrams.id])
        }
        XCTAssertNil(try store.ngramImage(of: bigrams))
        // A model made before migration 0008 has no image: read from the rows; storing one makes it used.
        try store.dbQueue.write { db in try db.execute(sql: "DELETE FROM ngram_images WHERE model_id = ?", arguments: [bigrams.id]) }
        XCTAssertNil(try store.ngramImage(of: bigrams))
        assertIdentical(try store.loadNGramModel(bigrams), try rowsModel(store, bigrams), "no image")
        try store.storeNGramImage(of: bigrams)
        assertIdentical(try XCTUnwrap(try store.ngramImage(of: bigrams)), try rowsModel(store, bigrams), "image stored later")

        // New counts: the corpus grows, the model is counted again under a new id, and its image
        // is the new model's; the old model's image went with it.
        let folder = try makeFolder(self, ["more.txt": "The bird sat on the river bank."])
        _ = try Ingester(store: store).ingest(paths: [folder.path])
        let (recounted, reused) = try NGramCounter(store: store).count(NGramParameters(order: 2))
        XCTAssertFalse(reused)
        XCTAssertNotEqual(recounted.id, bigrams.id)
        let image = try XCTUnwrap(try store.ngramImage(of: recounted))
        XCTAssertTrue(image.contains("bird"))
        assertIdentical(image, try rowsModel(store, recounted), "recounted")
        let orphans = try store.dbQueue.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM ngram_images WHERE model_id NOT IN (SELECT model_id FROM ngram_models)")
        }
        XCTAssertEqual(orphans, 0)
    }
}
