import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// Counting a subcorpus must equal counting a database that holds only its documents.
final class SubcorpusCountTests: XCTestCase {
    /// Six seeded random documents with years in their names, three before 1945 and three after.
    func documents() -> [String: String] {
        let words = ["war", "peace", "nation", "people", "land", "law", "bank", "river", "the", "of", "and", "rare"]
        var state: UInt64 = 42
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var files: [String: String] = [:]
        for (i, year) in [1901, 1925, 1940, 1946, 1970, 1999].enumerated() {
            var text: [String] = []
            for _ in 0..<(40 + next(60)) {
                // Skewed: low indexes are frequent, so min-count drops some words in one part only.
                text.append(words[min(next(words.count), next(words.count))] + (next(9) == 0 ? "." : ""))
            }
            files["speech/\(year)-\(i).txt"] = text.joined(separator: " ")
        }
        return files
    }

    struct Cells: Equatable {
        var pairs: [String: Double] = [:]
        var marginals: [String: [Double]] = [:]
        var vocabulary: [String: Int] = [:]
        var total = 0.0
    }

    func cells(_ store: CorpusStore, _ table: CooccurrenceTable) throws -> Cells {
        try store.dbQueue.read { db in
            var cells = Cells(total: table.total)
            for row in try Row.fetchAll(db, sql: "SELECT word, context, count FROM cooccurrence_words WHERE table_name = ?",
                                        arguments: [table.name]) {
                cells.pairs["\(row[0] as String) \(row[1] as String)"] = row[2]
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT w.word, m.row_total, m.column_total FROM cooccurrence_marginals m JOIN words w USING (word_id) WHERE m.table_id = ?
                """, arguments: [table.id]) {
                cells.marginals[row[0]] = [row[1], row[2]]
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT w.word, v.frequency FROM count_vocabulary v JOIN words w USING (word_id) WHERE v.table_id = ?
                """, arguments: [table.id]) {
                cells.vocabulary[row[0]] = row[1]
            }
            return cells
        }
    }

    func testCountingASubcorpusEqualsCountingOnlyItsDocuments() throws {
        let files = documents()
        let whole = try makeStore(self, files: files)
        try whole.defineSubcorpus(named: "modern", SubcorpusDefinition(condition: "year >= 1945"))
        let alone = try makeStore(self, files: files.filter { Int($0.key.dropFirst(7).prefix(4))! >= 1945 })
        XCTAssertEqual(try whole.subcorpus(named: "modern").tokens, try alone.statistics().tokens)

        var variants: [CountParameters] = []
        var p = CountParameters()
        p.minCount = 1
        variants.append(p)
        p.window = 2; p.weighting = .uniform; p.boundary = .sentence; p.minCount = 3
        variants.append(p)
        p = CountParameters(); p.minCount = 12; p.gaps = .close; p.direction = .left; p.weighting = .linear
        variants.append(p)
        p = CountParameters(); p.minCount = 2; p.maxVocabulary = 5
        variants.append(p)
        for parameters in variants {
            var sub = parameters
            sub.subcorpus = "modern"
            let part = try CooccurrenceCounter(store: whole).count(sub).table
            let reference = try CooccurrenceCounter(store: alone).count(parameters).table
            XCTAssertEqual(part.name, parameters.name + "@modern")
            let (a, b) = (try cells(whole, part), try cells(alone, reference))
            XCTAssertFalse(a.pairs.isEmpty)
            XCTAssertEqual(a.vocabulary, b.vocabulary, parameters.name)
            XCTAssertEqual(a.pairs.count, b.pairs.count, parameters.name)
            for (key, value) in b.pairs { XCTAssertEqual(a.pairs[key] ?? -1, value, accuracy: 1e-9, "\(parameters.name) \(key)") }
            for (key, value) in b.marginals {
                XCTAssertEqual(a.marginals[key]?[0] ?? -1, value[0], accuracy: 1e-9, "\(parameters.name) \(key)")
                XCTAssertEqual(a.marginals[key]?[1] ?? -1, value[1], accuracy: 1e-9, "\(parameters.name) \(key)")
            }
            XCTAssertEqual(a.total, b.total, accuracy: 1e-9)
            XCTAssertEqual(part.nonzeroCount, reference.nonzeroCount)
        }
        // The whole corpus's table and the subcorpus's sit side by side, and are reused.
        let table = try CooccurrenceCounter(store: whole).count(CountParameters()).table
        var sub = CountParameters()
        sub.subcorpus = "modern"
        XCTAssertTrue(try CooccurrenceCounter(store: whole).count(sub).reused == false)
        XCTAssertTrue(try CooccurrenceCounter(store: whole).count(sub).reused)
        XCTAssertNotEqual(try cells(whole, table), try cells(whole, try whole.cooccurrenceTable(named: sub.name)))
    }
}
