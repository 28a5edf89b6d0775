import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// `concordance --limit N` reads the corpus only as far as its N-th occurrence.
final class ConcordanceScanTests: XCTestCase {
    /// Neither scan sorts: a sort would read every token (or document) before the first line.
    func testTheScansFollowThePrimaryKeysAndNeverSort() throws {
        let store = try makeStore(self, documents: ["the river bank", "a bank loan"])
        for sql in [CorpusStore.concordanceSQL.hits, CorpusStore.concordanceSQL.documents] {
            let plan = try store.dbQueue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: sql.contains("?") ? [1, 1] : [])
                    .map { $0["detail"] as String }.joined(separator: "; ")
            }
            XCTAssertFalse(plan.contains("TEMP B-TREE"), "\(sql): \(plan)")
            XCTAssertTrue(plan.hasPrefix("SCAN"), "\(sql): \(plan)")
        }
    }

    /// The same lines as a join of every occurrence with its document, for every limit.
    func testHitsEqualTheJoinForEveryLimit() throws {
        var documents: [String] = []
        for i in 0..<12 {
            let words: [String] = (0..<(i % 4 + 1)).map { (j: Int) -> String in j % 2 == 0 ? "bank" : "river" }
            documents.append("d\(i) " + words.joined(separator: " "))
        }
        let store = try makeStore(self, documents: documents)
        let id = try store.wordID("bank")
        let expected = try store.dbQueue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.position, d.source FROM tokens t
                JOIN documents d ON t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1
                WHERE t.word_id = ? ORDER BY t.position
                """, arguments: [id]).map { "\($0[0] as Int64) \($0[1] as String)" }
        }
        XCTAssertEqual(expected.count, 18)
        for limit in [nil, 1, 2, 5, 18, 40] {
            let hits = try store.dbQueue.read { db in try CorpusStore.concordanceHits(db, wordID: id, limit: limit) }
            XCTAssertEqual(hits.map { "\($0.position) \($0.source)" }, Array(expected.prefix(limit ?? .max)), "limit \(String(describing: limit))")
        }
        let lines: [ConcordanceLine] = try store.concordance(of: "bank", limit: 3)
        XCTAssertEqual(lines.map { $0.source }, expected.prefix(3).map { String($0.split(separator: " ")[1]) })
    }
}
