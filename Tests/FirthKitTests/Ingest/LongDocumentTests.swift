import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// A document longer than a chunk of tokens is tokenized and written a chunk at a time; what
/// it stores must be exactly what the whole-document path stores.
final class LongDocumentTests: XCTestCase {
    /// 17 tokens: with chunks of 5, "fluß" and "stop" end a chunk and "well", "g" begin one.
    let long = "Über den Fluß. Don't stop, well-known 3.14 e.g. the end! Cæsar's wife, the end."
    let files = ["a.txt": "a b", "b.txt": "Über den Fluß. Don't stop, well-known 3.14 e.g. the end! Cæsar's wife, the end.",
                 "c.txt": "b c."]

    /// Every stored row but `ingested_at`, as text, table by table.
    func dump(_ store: CorpusStore) throws -> [String] {
        try store.dbQueue.read { db in
            let queries = [
                "SELECT position, word_id, sentence FROM tokens ORDER BY position",
                "SELECT word_id, word, count FROM words ORDER BY word_id",
                """
                SELECT document_id, source, collection, content_hash, text, metadata, encoding, first_position,
                       token_count, first_sentence, sentence_count, typeof(text) FROM documents ORDER BY document_id
                """,
            ]
            return try queries.flatMap { sql in
                try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map { "\($0)" }.joined(separator: "|") }
            }
        }
    }

    func ingest(_ folder: URL, tokensPerChunk: Int?) throws -> (CorpusStore, Ingester) {
        let store = try makeTemporaryStore(self)
        let ingester = Ingester(store: store, options: { var o = Ingester.Options(); o.collection = "c"; return o }())
        if let tokensPerChunk { ingester.tokensPerChunk = tokensPerChunk }
        let report = try ingester.ingest(paths: [folder.path])
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(report.documentsAdded, 3)
        XCTAssertEqual(report.tokensAdded, 2 + 17 + 2)
        return (store, ingester)
    }

    func testALongDocumentIsStoredInChunksExactlyAsWhole() throws {
        let folder = try makeFolder(self, files)
        let (chunked, ingester) = try ingest(folder, tokensPerChunk: 5)
        let (whole, wholeIngester) = try ingest(folder, tokensPerChunk: nil)
        // Never more than a chunk held, though the long document has more than three chunks' worth.
        XCTAssertEqual(ingester.largestTokenBuffer, 5)
        XCTAssertEqual(wholeIngester.largestTokenBuffer, 17)
        XCTAssertEqual(try dump(chunked), try dump(whole))

        let words = try chunked.dbQueue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT word, sentence - (SELECT first_sentence FROM documents WHERE source LIKE '%b.txt') AS sentence
                FROM tokens JOIN words USING (word_id)
                WHERE position >= (SELECT first_position FROM documents WHERE source LIKE '%b.txt')
                  AND position < (SELECT first_position + token_count FROM documents WHERE source LIKE '%b.txt')
                ORDER BY position
                """).map { "\($0["word"] as String)/\($0["sentence"] as Int)" }
        }
        XCTAssertEqual(words, ["über/0", "den/0", "fluß/0", "don't/1", "stop/1",
                               "well/1", "known/1", "3/1", "14/1", "e/1",
                               "g/1", "the/2", "end/2", "cæsar's/3", "wife/3",
                               "the/3", "end/3"])
        let counts = try chunked.dbQueue.read { db in
            try Row.fetchAll(db, sql: "SELECT word, count FROM words WHERE count > 1 ORDER BY word")
                .map { "\($0["word"] as String) \($0["count"] as Int)" }
        }
        XCTAssertEqual(counts, ["b 2", "end 2", "the 2"])
        let text = try chunked.dbQueue.read { db in
            try String.fetchOne(db, sql: "SELECT text FROM documents WHERE source LIKE '%b.txt'")
        }
        XCTAssertEqual(text, long)

        // The same files again: every one is found stored, the long one by its text too.
        let again = Ingester(store: chunked)
        again.tokensPerChunk = 5
        let report = try again.ingest(paths: [folder.path])
        XCTAssertEqual(report.documentsAdded, 0)
        XCTAssertEqual(report.duplicatesSkipped, 3)
    }

    /// A failure in the third chunk rolls the whole document back, words and tokens of its
    /// first chunks included, and the next document gets the ids it would have had.
    func testAFailureInALaterChunkLeavesNoTrace() throws {
        let folder = try makeFolder(self, files)
        let store = try makeTemporaryStore(self)
        try store.dbQueue.write { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER fail_caesar BEFORE INSERT ON tokens
                WHEN NEW.word_id = (SELECT word_id FROM words WHERE word = 'cæsar''s')
                BEGIN SELECT RAISE(ABORT, 'simulated failure'); END
                """)
        }
        let ingester = Ingester(store: store)
        ingester.tokensPerChunk = 5
        let report = try ingester.ingest(paths: [folder.path])
        XCTAssertEqual(report.documentsAdded, 2)
        XCTAssertEqual(report.errors.count, 1)
        XCTAssertTrue(report.errors.first?.description.contains("b.txt: not stored") == true, "\(report.errors)")
        let rows = try store.dbQueue.read { db in
            (try Row.fetchAll(db, sql: "SELECT word_id, word, count FROM words ORDER BY word_id")
                .map { "\($0[0] as Int) \($0[1] as String) \($0[2] as Int)" },
             try Int.fetchOne(db, sql: "SELECT count(*) FROM tokens"))
        }
        XCTAssertEqual(rows.0, ["1 a 1", "2 b 2", "3 c 1"])
        XCTAssertEqual(rows.1, 4)
    }

    /// The chunked tokenizer hands over every token once, in order, cut only between tokens.
    func testChunksConcatenateToTheWholeTokenization() throws {
        for size in [1, 2, 3, 16, 17, 100] {
            var vocabulary = Vocabulary(), counts: [Int32] = []
            var ids: [Int32] = [], sentences: [Int32] = [], newWords: [String] = []
            let totals = Ingester.tokenize(long, with: Tokenizer(), vocabulary: &vocabulary, wordCounts: &counts,
                                           tokensPerChunk: size) { (chunk) throws(Never) in
                XCTAssertTrue(chunk.ids.count <= size && !chunk.ids.isEmpty)
                ids += chunk.ids
                sentences += chunk.sentences
                newWords += chunk.newWords.map(\.word)
            }
            XCTAssertEqual(totals.tokenCount, 17)
            XCTAssertEqual(totals.sentenceCount, 4)
            XCTAssertEqual(newWords.map { vocabulary.id(of: vocabulary.entry(of: $0).entry) }, Array(1...15))
            XCTAssertEqual(ids.map { vocabulary.word(of: Int($0) - 1) }, Tokenizer().words(long))
            XCTAssertEqual(sentences, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3])
            XCTAssertEqual(counts, Array(repeating: 0, count: counts.count))
        }
    }
}
