import Foundation
import GRDB
import XCTest
@testable import FirthKit

final class CooccurrenceCounterTests: XCTestCase {
    /// The full matrix of a stored table, with words spelled out, from the `cooccurrences` view.
    func matrix(_ store: CorpusStore, _ table: CooccurrenceTable) throws -> [String: [String: Double]] {
        try store.dbQueue.read { db in
            var result: [String: [String: Double]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT word, context, count FROM cooccurrence_words WHERE table_name = ?
                """, arguments: [table.name]) {
                result[row[0], default: [:]][row[1]] = row[2]
            }
            return result
        }
    }

    func count(_ store: CorpusStore, _ configure: (inout CountParameters) -> Void) throws -> CooccurrenceTable {
        var p = CountParameters()
        p.minCount = 1
        p.weighting = .uniform   // the hand-computed counts below are whole numbers
        configure(&p)
        return try CooccurrenceCounter(store: store).count(p).table
    }

    // MARK: - Hand-computed counts, one knob at a time

    func testUniformSymmetricWindow() throws {
        let store = try makeStore(self, documents: ["a b c a"])
        let table = try count(store) { $0.window = 2 }
        // Pairs within 2: (a,b) (a,c) (b,c) (b,a) (c,a).
        let m = try matrix(store, table)
        XCTAssertEqual(m["a"], ["b": 2, "c": 2])
        XCTAssertEqual(m["b"], ["a": 2, "c": 1])
        XCTAssertEqual(m["c"], ["a": 2, "b": 1])
        XCTAssertEqual(table.nonzeroCount, 6)
        XCTAssertEqual(table.total, 10)
        XCTAssertEqual(table.vocabularySize, 3)
        XCTAssertEqual(table.name, "w2.both.uniform.document.min1")
    }

    func testDiagonalCountsBothDirections() throws {
        let store = try makeStore(self, documents: ["a a b"])
        let m = try matrix(store, try count(store) { $0.window = 1 })
        // a at 0 and a at 1 are each other's context: #(a,a) = 2, as a word-by-word count gives.
        XCTAssertEqual(m["a"], ["a": 2, "b": 1])
        XCTAssertEqual(m["b"], ["a": 1])
    }

    func testDirections() throws {
        let store = try makeStore(self, documents: ["a b c"])
        let right = try matrix(store, try count(store) { $0.window = 2; $0.direction = .right })
        XCTAssertEqual(right["a"], ["b": 1, "c": 1])
        XCTAssertEqual(right["b"], ["c": 1])
        XCTAssertNil(right["c"])
        let left = try matrix(store, try count(store) { $0.window = 2; $0.direction = .left })
        XCTAssertEqual(left["c"], ["a": 1, "b": 1])
        XCTAssertEqual(left["b"], ["a": 1])
        XCTAssertNil(left["a"])
    }

    func testWeightings() throws {
        let store = try makeStore(self, documents: ["a x y b"])
        let harmonic = try matrix(store, try count(store) { $0.window = 3; $0.weighting = .harmonic })
        XCTAssertEqual(harmonic["a"]?["b"] ?? 0, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(harmonic["a"]?["y"] ?? 0, 1.0 / 2, accuracy: 1e-12)
        let linear = try matrix(store, try count(store) { $0.window = 3; $0.weighting = .linear })
        XCTAssertEqual(linear["a"]?["b"] ?? 0, 1.0 / 3, accuracy: 1e-12)   // (3 - 3 + 1) / 3
        XCTAssertEqual(linear["a"]?["x"] ?? 0, 1.0, accuracy: 1e-12)       // (3 - 1 + 1) / 3
        XCTAssertEqual(linear["a"]?["y"] ?? 0, 2.0 / 3, accuracy: 1e-12)
    }

    func testBoundaries() throws {
        let store = try makeStore(self, documents: ["a b. c d", "e f"])
        let document = try matrix(store, try count(store) { $0.window = 2 })
        XCTAssertEqual(document["b"], ["a": 1, "c": 1, "d": 1])
        XCTAssertEqual(document["d"], ["b": 1, "c": 1], "windows never cross documents")
        let sentence = try matrix(store, try count(store) { $0.window = 2; $0.boundary = .sentence })
        XCTAssertEqual(sentence["b"], ["a": 1])
        XCTAssertEqual(sentence["c"], ["d": 1])
    }

    func testMinCountWithGapsKeptOrClosed() throws {
        // z occurs once: out of vocabulary at min-count 2.
        let store = try makeStore(self, documents: ["a z b a b"])
        let kept = try matrix(store, try count(store) { $0.window = 1; $0.minCount = 2 })
        XCTAssertEqual(kept["a"], ["b": 2], "z keeps its place: a and the first b are 2 apart")
        XCTAssertNil(kept["z"])
        let closed = try matrix(store, try count(store) { $0.window = 1; $0.minCount = 2; $0.gaps = .close })
        XCTAssertEqual(closed["a"], ["b": 3], "z is deleted first: a b a b")
    }

    func testMaxVocabularyKeepsTheMostFrequent() throws {
        let store = try makeStore(self, documents: ["a a a b b c"])
        let table = try count(store) { $0.window = 1; $0.maxVocabulary = 2 }
        XCTAssertEqual(table.vocabularySize, 2)
        XCTAssertEqual(Set(try matrix(store, table).keys), ["a", "b"])
    }

    func testSubsamplingIsSeededAndDropsFrequentWords() throws {
        let text = (0..<400).map { i in i % 2 == 0 ? "the" : "w\(i % 37)" }.joined(separator: " ")
        let store = try makeStore(self, documents: [text])
        func total(seed: Int, t: Double?) throws -> Double {
            try count(store) { $0.window = 2; $0.subsample = t; $0.seed = seed }.total
        }
        let full = try total(seed: 1, t: nil)
        let once = try total(seed: 7, t: 0.01)
        XCTAssertEqual(try total(seed: 7, t: 0.01), once, "same seed, same counts")
        XCTAssertNotEqual(try total(seed: 8, t: 0.01), once, "another seed, another draw")
        XCTAssertLessThan(once, full * 0.8, "'the' (half of all tokens) is mostly dropped")
        XCTAssertEqual(try total(seed: 7, t: 0.99), full, "no word is more frequent than t: nothing dropped")
    }

    // MARK: - Tables: reuse, staleness, recount

    func testSameParametersReuseTheTableAndNewDocumentsMakeItStale() throws {
        let store = try makeStore(self, documents: ["a b c", "b c d"])
        var p = CountParameters()
        p.minCount = 1
        let counter = CooccurrenceCounter(store: store)
        let first = try counter.count(p)
        XCTAssertFalse(first.reused)
        let second = try counter.count(p)
        XCTAssertTrue(second.reused)
        XCTAssertEqual(second.table, first.table)

        let folder = try makeFolder(self, ["more.txt": "a d d a"])
        _ = try Ingester(store: store).ingest(paths: [folder.path])
        XCTAssertTrue(try store.cooccurrenceTable(named: p.name).isStale)
        let updated = try counter.count(p)
        XCTAssertFalse(updated.reused)
        XCTAssertFalse(updated.table.isStale)
        XCTAssertEqual(try store.cooccurrenceTables().count, 1)

        // Brought up to date, the counts equal a count of the whole corpus from scratch.
        let scratch = try makeStore(self, documents: ["a b c", "b c d", "a d d a"])
        let fresh = try CooccurrenceCounter(store: scratch).count(p).table
        XCTAssertEqual(try matrix(store, updated.table), try matrix(scratch, fresh))
        XCTAssertEqual(updated.table.total, fresh.total)
    }

    func testMarginalsAreRowAndColumnSums() throws {
        let store = try makeStore(self, documents: ["a b a c b a", "c c a"])
        for direction in CountParameters.Direction.allCases {
            let table = try count(store) { $0.window = 2; $0.direction = direction }
            let m = try matrix(store, table)
            let marginals = try store.dbQueue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT w.word, row_total, column_total FROM cooccurrence_marginals JOIN words w USING (word_id)
                    WHERE table_id = ?
                    """, arguments: [table.id])
            }
            for row in marginals {
                let word: String = row[0]
                XCTAssertEqual(row[1] as Double, m[word, default: [:]].values.reduce(0, +), "row \(word) \(direction)")
                XCTAssertEqual(row[2] as Double, m.values.compactMap { $0[word] }.reduce(0, +), "column \(word) \(direction)")
            }
        }
    }

    // MARK: - The SQL against a plain in-memory count

    /// On random corpora, every combination of window, direction, weighting, boundary and gaps
    /// gives the same counts in SQL (both strategies, one or two connections) as the reference.
    func testSQLCountsEqualAnInMemoryCountOnRandomCorpora() throws {
        var generator = SeededGenerator(seed: 42)
        for trial in 0..<3 {
            let words = (0..<(8 + trial * 4)).map { "w\($0)" }
            let texts = (0..<(2 + trial)).map { _ -> String in
                (0..<Int.random(in: 5...40, using: &generator)).map { _ -> String in
                    // Zipf-like choice, and a sentence end now and then.
                    let word = words[min(words.count - 1, Int(pow(Double.random(in: 0..<1, using: &generator), 2) * Double(words.count)))]
                    return word + (Int.random(in: 0..<6, using: &generator) == 0 ? "." : "")
                }.joined(separator: " ")
            }
            let store = try makeStore(self, documents: texts)
            let reference = ReferenceCounter(texts: texts)
            for window in [1, 2, 5] {
                for direction in CountParameters.Direction.allCases {
                    for weighting in CountParameters.Weighting.allCases {
                        for boundary in CountParameters.Boundary.allCases {
                            for gaps in CountParameters.Gaps.allCases {
                                var p = CountParameters()
                                (p.window, p.direction, p.weighting, p.boundary, p.gaps) = (window, direction, weighting, boundary, gaps)
                                p.minCount = gaps == .close ? 2 : 1 + trial % 2
                                let expected = reference.count(p)
                                let counter = CooccurrenceCounter(store: store)
                                let strategy = CooccurrenceCounter.Strategy.allCases[(window + trial) % 2]
                                counter.strategy = strategy
                                counter.partitions = 1 + (window + trial) % 2
                                let table = try counter.count(p).table
                                let got = try matrix(store, table)
                                let label = "trial \(trial) \(p.name) \(strategy) \(counter.partitions) connection(s)"
                                XCTAssertEqual(Set(got.keys), Set(expected.keys), label)
                                for (word, row) in expected {
                                    XCTAssertEqual(Set(got[word, default: [:]].keys), Set(row.keys), "\(label) row \(word)")
                                    for (context, value) in row {
                                        XCTAssertEqual(got[word]?[context] ?? -1, value, accuracy: 1e-9, "\(label) \(word),\(context)")
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// SplitMix64: a seeded generator, so random test corpora repeat.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
