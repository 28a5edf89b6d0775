import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// Another writer changing the database between an ingester's reads and its writes (another
/// program, an older firth, a second ingester on the same connection) must never make it store
/// a document with somebody else's words, twice, or at a taken position.
final class IngestConcurrencyTests: XCTestCase {
    /// Every stored document, read back through its tokens, is its own text tokenized.
    static func assertEveryDocumentReadsAsItsText(_ store: CorpusStore, file: StaticString = #filePath, line: UInt = #line) throws {
        let tokenizer = try store.tokenizer()
        let documents = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.source, d.text, (SELECT group_concat(w.word, ' ') FROM
                    (SELECT word_id FROM tokens WHERE position BETWEEN d.first_position AND d.first_position + d.token_count - 1
                     ORDER BY position) t JOIN words w USING (word_id)) AS stored
                FROM documents d ORDER BY document_id
                """)
        }
        XCTAssertFalse(documents.isEmpty, file: file, line: line)
        for row in documents {
            let source: String = row["source"], text: String = row["text"], stored: String? = row["stored"]
            XCTAssertEqual(stored, tokenizer.words(text).joined(separator: " "), "\(source) is stored with other words", file: file, line: line)
        }
        let check = try store.dbQueue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        XCTAssertEqual(check, "ok", file: file, line: line)
    }

    /// The reproduction of issue 13, case 1, made deterministic: while ingester A works, another
    /// writer adds words (and a document) between A's reading of the vocabulary and A's writes.
    /// A's ids for its new words would be the other writer's; before the fix, 2.txt was stored
    /// as "moby herman alpha".
    func testWordsAddedByAnotherWriterMeanwhileAreNotTakenOver() throws {
        let store = try makeStore(self, documents: ["alpha beta"])
        let folder = try makeFolder(self, ["1.txt": "alpha beta", "2.txt": "gamma delta alpha", "3.txt": "delta epsilon"])
        let other = try makeFolder(self, ["b.txt": "moby herman gamma"])
        var interleaved = false
        var messages: [String] = []
        let ingester = Ingester(store: store, warn: { message in
            messages.append("\(message)")
            // 1.txt is a duplicate: A has read the vocabulary (alpha 1, beta 2) and is between
            // documents. Now somebody else writes.
            if !interleaved {
                interleaved = true
                XCTAssertEqual(try? Ingester(store: store).ingest(paths: [other.path]).documentsAdded, 1)
            }
        })
        let report = try ingester.ingest(paths: [folder.path])
        XCTAssertTrue(interleaved)
        XCTAssertEqual(report.documentsAdded, 2, "\(messages)")
        XCTAssertEqual(report.errors, [])
        try Self.assertEveryDocumentReadsAsItsText(store)
        let words = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: "SELECT word, count FROM words ORDER BY word_id").map { "\($0[0] as String) \($0[1] as Int)" }
        }
        XCTAssertEqual(words, ["alpha 2", "beta 1", "moby 1", "herman 1", "gamma 2", "delta 2", "epsilon 1"])
        // And what a later ingest reads is the same again.
        let again = try Ingester(store: store).ingest(paths: [folder.path, other.path])
        XCTAssertEqual(again.documentsAdded, 0)
        XCTAssertEqual(again.duplicatesSkipped, 4)
    }

    /// The write transaction itself refuses a document whose text was stored since the first
    /// check, and one tokenized against a vocabulary that has grown since.
    func testTheWriteTransactionChecksDuplicatesAndWordIDs() throws {
        let store = try makeStore(self, documents: ["alpha beta"])
        var vocabulary = try store.ingestRead { try $0.vocabulary() }
        var counts: [Int32] = []
        func prepared(_ text: String, source: String) -> Ingester.PreparedDocument {
            let size = vocabulary.count
            let tokens = Ingester.tokenize(text, with: Tokenizer(), vocabulary: &vocabulary, wordCounts: &counts)
            let newWords = (size..<vocabulary.count).map { (id: vocabulary.id(of: $0), word: vocabulary.word(of: $0)) }
            return Ingester.PreparedDocument(
                source: source, collection: "c", contentHash: Ingester.contentHash(text), text: text, metadata: nil,
                encoding: .utf8, sameSourceOnly: false, tokens: tokens, newWords: newWords,
                lastWordIDBefore: vocabulary.nextID - 1 - Int64(newWords.count))
        }
        let duplicate = prepared("alpha beta", source: "copy.txt")
        XCTAssertThrowsError(try store.ingestWrite { try Ingester.write(duplicate, $0) }) { error in
            guard case .alreadyStored(let existing)? = error as? WriteConflict else { return XCTFail("\(error)") }
            XCTAssertEqual(existing.documentID, 1)
        }
        let stale = prepared("gamma", source: "g.txt")   // gamma gets id 3 ...
        try store.dbQueue.write { db in   // ... which another writer gives to another word first
            try db.execute(sql: "INSERT INTO words(word_id, word, count) VALUES (3, 'moby', 0)")
        }
        XCTAssertThrowsError(try store.ingestWrite { try Ingester.write(stale, $0) }) { error in
            guard case .staleVocabulary? = error as? WriteConflict else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try store.statistics().documents, 1)
    }

    /// Two documents with the same text, one ingested by another writer while the first is
    /// being prepared: stored once.
    func testTheSameFolderIngestedByTwoWritersIsStoredOnce() throws {
        let store = try makeStore(self, documents: ["zero"])
        let folder = try makeFolder(self, ["0.txt": "zero", "1.txt": "one two", "2.txt": "three four"])
        var interleaved = false
        let ingester = Ingester(store: store, warn: { _ in
            if !interleaved {
                interleaved = true
                XCTAssertEqual(try? Ingester(store: store).ingest(paths: [folder.path]).documentsAdded, 2)
            }
        })
        let report = try ingester.ingest(paths: [folder.path])
        XCTAssertTrue(interleaved)
        XCTAssertEqual(report.documentsAdded, 0)
        XCTAssertEqual(report.duplicatesSkipped, 3)
        XCTAssertEqual(try store.statistics().documents, 3)
        try Self.assertEveryDocumentReadsAsItsText(store)
    }
}
