import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// The store's typed reads: records decoded by column name, and the one query for a count
/// table's vocabulary with its two tie-breaks.
final class StoreRecordsTests: XCTestCase {
    /// zeta and alpha occur twice each, zeta first: word-id order and alphabetical order differ.
    private func tiedStore() throws -> (CorpusStore, CooccurrenceTable) {
        let store = try makeStore(self, documents: ["zeta alpha zeta alpha beta", "gamma beta zeta alpha"])
        var p = CountParameters()
        (p.window, p.minCount) = (2, 1)
        return (store, try CooccurrenceCounter(store: store).count(p).table)
    }

    func testTableVocabularyTieBreaks() throws {
        let (store, table) = try tiedStore()
        // Counted by hand: zeta 3, alpha 3, beta 2, gamma 1; ids in order of first use.
        let byID = try store.tableVocabulary(of: table, tieBreak: .wordID)
        XCTAssertEqual(byID.map(\.word), ["zeta", "alpha", "beta", "gamma"])
        XCTAssertEqual(byID.map(\.frequency), [3, 3, 2, 1])
        XCTAssertEqual(byID.map(\.wordID), [1, 2, 3, 4])
        XCTAssertEqual(try store.tableVocabulary(of: table, tieBreak: .word).map(\.word), ["alpha", "zeta", "beta", "gamma"])
        XCTAssertEqual(try store.tableVocabulary(of: table, limit: 2).map(\.word), ["zeta", "alpha"])
        XCTAssertEqual(try store.tableVocabulary(of: table), byID, "word-id ties by default")
    }

    /// The PPMI matrix's rows are the table's vocabulary in word-id order, the order of the
    /// measure's `word_row`: each row's values are that word's, checked against the SQL cells.
    func testPPMIRowsFollowTheWordIDTieBreak() throws {
        let (store, table) = try tiedStore()
        let ppmi = try PPMIMatrix.load(from: store, table: table)
        XCTAssertEqual(ppmi.words, try store.tableVocabulary(of: table, tieBreak: .wordID).map(\.word))
        var expected = 0
        try store.forEachAssociationValue(in: table, measure: .ppmi, smoothing: .init(), among: nil) { cell in
            let row = ppmi.words.firstIndex(of: cell.word)!, column = ppmi.words.firstIndex(of: cell.context)!
            XCTAssertEqual(ppmi.matrix[row, column], Float(cell.value), "\(cell.word) \(cell.context)")
            expected += 1
        }
        XCTAssertEqual(ppmi.matrix.nonZeroCount, expected)
    }

    func testMembershipSaysWhetherATableCountsAWord() throws {
        let store = try makeStore(self, documents: ["a a a b b c"])
        var p = CountParameters()
        (p.window, p.minCount) = (2, 2)
        let table = try CooccurrenceCounter(store: store).count(p).table
        let b = try XCTUnwrap(store.membership(of: "b", in: table))
        XCTAssertEqual(b.count, 2)
        XCTAssertTrue(b.isCounted)
        let c = try XCTUnwrap(store.membership(of: "c", in: table))
        XCTAssertEqual(c.count, 1)
        XCTAssertFalse(c.isCounted, "c is rarer than the table's min-count")
        XCTAssertNil(try store.membership(of: "zebra", in: table))
    }

    func testDocumentsAreDecodedByColumnName() throws {
        let store = try makeStore(self, documents: ["The river. The bank", "Bank loan!"])
        let documents = try store.documents()
        XCTAssertEqual(documents.map(\.documentID), [1, 2])
        XCTAssertEqual(documents.map(\.tokens), [4, 2])
        XCTAssertEqual(documents.map(\.sentences), [2, 1])
        XCTAssertEqual(documents.map { URL(fileURLWithPath: $0.source).lastPathComponent }, ["doc000.txt", "doc001.txt"])
        let table = Table(documents)
        XCTAssertEqual(table.columns, ["document", "source", "collection", "tokens", "sentences", "encoding"])
        XCTAssertEqual(table.rows[1][3], .integer(2))
        // A record reads its columns by name, in any order the query gives them.
        let summary = try store.dbQueue.read { db in
            try DocumentSummary.fetchOne(db, sql: """
                SELECT encoding, sentence_count, token_count, collection, source, document_id FROM documents WHERE document_id = 2
                """)
        }
        XCTAssertEqual(summary, documents[1])
    }

    func testFrequencyListsAndTheirTable() throws {
        let store = try makeStore(self, documents: ["b a b c", "a b"])
        let list = try store.vocabulary(top: 2)
        XCTAssertEqual(list.words, [WordCount(word: "b", count: 3), WordCount(word: "a", count: 2)])
        XCTAssertEqual(list.tokens, 6)
        XCTAssertEqual(Table(list).rows[1], [.integer(2), .text("a"), .integer(2), .real(2e6 / 6, digits: 1)])
        XCTAssertEqual(try store.wordFrequencies().map(\.word), ["b", "a", "c"])
    }
}
