import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// All of ../shared/corpora must ingest, with exactly the warnings its README announces.
final class SharedCorporaTests: XCTestCase {
    func testTheBenchmarkCorpusIngestsWithTheExpectedWarningsOnly() throws {
        let corpora = sharedFolder.appendingPathComponent("corpora")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: corpora.path), "../shared/corpora is not present")
        let store = try makeTemporaryStore(self)
        let report = try Ingester(store: store).ingest(paths: [corpora.path])
        XCTAssertEqual(report.errors, [])
        XCTAssertEqual(report.documentsAdded, 138)
        let legacy = report.warnings.map { warning -> String in
            let file = warning.components(separatedBy: ": ")[0].replacingOccurrences(of: corpora.path + "/", with: "")
            return file + (warning.contains("Big5") ? " big5" : warning.contains("Windows-1252") ? " 1252" : " ?")
        }
        XCTAssertEqual(legacy, [
            "gutenberg/chesterton-ball.txt 1252", "gutenberg/shakespeare-caesar.txt 1252",
            "inaugural/2005-Bush.txt big5", "state_union/1954-Eisenhower.txt 1252",
            "state_union/1970-Nixon.txt big5", "state_union/1971-Nixon.txt big5", "state_union/1972-Nixon.txt big5",
            "state_union/1973-Nixon.txt big5", "state_union/1974-Nixon.txt big5",
        ])
        let words = try store.dbQueue.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT word, count FROM words WHERE word IN ('cæsar', 'caesar', 'c', 'sar', 'america''s', 'xand')
                """).map { ($0[0] as String, $0[1] as Int) })
        }
        XCTAssertEqual(words["cæsar"], 2, "Latin-1 Cæsar (twice in shakespeare-caesar.txt) must be one word")
        XCTAssertNil(words["sar"], "no mojibake halves of Cæsar")
        XCTAssertGreaterThan(words["america's"] ?? 0, 0, "Big5 apostrophes must join")
        XCTAssertNil(words["xand"], "Big5 dashes must separate words")
        let stats = try store.statistics()
        XCTAssertEqual(stats.tokens, report.tokensAdded)
        XCTAssertEqual(stats.documents, 138)
        // The reference tokenization (lowercased letter/digit runs with internal
        // apostrophes) gives about 2.35 M tokens.
        XCTAssertEqual(Double(stats.tokens), 2_350_000, accuracy: 10_000)
    }
}
