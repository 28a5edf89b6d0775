import Foundation
import GRDB
import XCTest
@testable import FirthKit

final class AssociationMeasureTests: XCTestCase {
    func values(_ store: CorpusStore, _ table: CooccurrenceTable, _ measure: AssociationMeasure,
                _ smoothing: AssociationMeasure.Smoothing = .init()) throws -> [String: Double] {
        try store.dbQueue.inDatabase { db in
            var result: [String: Double] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT w.word || ',' || c.word, s.value FROM (\(AssociationMeasure.selectSQL(measure, table: table))) s
                JOIN words w ON w.word_id = s.word_id JOIN words c ON c.word_id = s.context_id
                """, arguments: try AssociationMeasure.prepare(db, table: table, smoothing: smoothing)) {
                result[row[0]] = row[1]
            }
            return result
        }
    }

    /// "a b c a", window 2: D = 10, #(a) = 4, #(b) = #(c) = 3, #(a,b) = 2.
    func testHandComputedValues() throws {
        let store = try makeStore(self, documents: ["a b c a"])
        var p = CountParameters()
        (p.window, p.minCount, p.weighting) = (2, 1, .uniform)   // whole counts, computed by hand
        let table = try CooccurrenceCounter(store: store).count(p).table
        XCTAssertEqual(try values(store, table, .count)["a,b"], 2)
        XCTAssertEqual(try values(store, table, .pmi)["a,b"]!, log(5.0 / 3), accuracy: 1e-12)   // ln(2·10/(4·3))
        XCTAssertEqual(try values(store, table, .ppmi, .init(contextSmoothing: 1))["a,b"]!, log(5.0 / 3), accuracy: 1e-12)
        // cds 0.75: ln(2 · (4^.75 + 2·3^.75) / (4 · 3^.75))
        let smoothed = log(2 * (pow(4, 0.75) + 2 * pow(3, 0.75)) / (4 * pow(3, 0.75)))
        XCTAssertEqual(try values(store, table, .ppmi)["a,b"]!, smoothed, accuracy: 1e-12)
        XCTAssertEqual(try values(store, table, .ppmi, .init(contextSmoothing: 0.75, shift: 1.5))["a,b"]!, smoothed - log(1.5), accuracy: 1e-12)
        // b,c: #=1, ln(1·10/(3·3)) = ln(10/9) > 0; a shift of 5 makes PPMI 0, and PPMI rows drop zeros.
        XCTAssertEqual(try values(store, table, .ppmi, .init(contextSmoothing: 1, shift: 5))["b,c"], 0)
        XCTAssertEqual(try values(store, table, .npmi)["a,b"]!, log(5.0 / 3) / -log(2.0 / 10), accuracy: 1e-12)
        XCTAssertEqual(try values(store, table, .logdice)["a,b"]!, 14 + log2(2.0 * 2 / (4 + 3)), accuracy: 1e-12)
        XCTAssertEqual(try values(store, table, .tscore)["a,b"]!, (2 - 4.0 * 3 / 10) / sqrt(2), accuracy: 1e-12)
    }

    /// Every measure, every pair, against a direct Swift computation of the formulas.
    func testSQLMeasuresEqualAnInMemoryComputation() throws {
        let texts = ["the river bank was muddy and the river was high", "the bank gave the loan and the money",
                     "water in the river. money in the bank. the bank by the river"]
        let store = try makeStore(self, documents: texts)
        var p = CountParameters()
        (p.window, p.minCount, p.weighting) = (3, 1, .harmonic)
        let table = try CooccurrenceCounter(store: store).count(p).table
        let m = ReferenceCounter(texts: texts).count(p)
        let rows = m.mapValues { $0.values.reduce(0, +) }
        var columns: [String: Double] = [:]
        for row in m.values { for (c, n) in row { columns[c, default: 0] += n } }
        let d = rows.values.reduce(0, +)
        for smoothing in [AssociationMeasure.Smoothing(), .init(contextSmoothing: 1, shift: 1.5)] {
            let smoothedTotal = columns.values.map { pow($0, smoothing.contextSmoothing) }.reduce(0, +)
            for measure in AssociationMeasure.allCases {
                let got = try values(store, table, measure, smoothing)
                var expectedCount = 0
                for (w, row) in m {
                    for (c, n) in row {
                        let nw = rows[w]!, nc = columns[c]!, e = nw * nc / d
                        let expected: Double
                        switch measure {
                        case .count: expected = n
                        case .pmi: expected = log(n * d / (nw * nc))
                        case .ppmi: expected = max(log(n / (nw * pow(nc, smoothing.contextSmoothing) / smoothedTotal)) - log(smoothing.shift), 0)
                        case .npmi: expected = log(n * d / (nw * nc)) / -log(n / d)
                        case .logdice: expected = 14 + log2(2 * n / (nw + nc))
                        case .tscore: expected = (n - e) / sqrt(n)
                        case .llr:
                            let o = [n, nw - n, nc - n, d - nw - nc + n]
                            let ex = [nw * nc / d, nw * (d - nc) / d, (d - nw) * nc / d, (d - nw) * (d - nc) / d]
                            expected = 2 * zip(o, ex).map { $0 > 0 ? $0 * log($0 / $1) : 0 }.reduce(0, +)
                        }
                        expectedCount += 1
                        XCTAssertEqual(got["\(w),\(c)"] ?? .nan, expected, accuracy: 1e-9, "\(measure) \(w),\(c)")
                    }
                }
                XCTAssertEqual(got.count, expectedCount, "\(measure)")
            }
        }
    }

    func testCollocatesAndMatrixQueries() throws {
        let store = try makeStore(self, documents: ["river water river water river. loan money loan money bank"])
        var p = CountParameters()
        (p.window, p.minCount, p.boundary, p.weighting) = (1, 1, .sentence, .uniform)
        let table = try CooccurrenceCounter(store: store).count(p).table
        let list = try store.collocates(of: "River", in: table, measure: .count, minCount: 1, top: 5)
        XCTAssertEqual(list.word, "river")
        XCTAssertEqual(list.collocates.map(\.word), ["water"])
        XCTAssertEqual(list.collocates.map(\.count), [4])
        let collocates = Table(list)
        XCTAssertEqual(collocates.columns, ["rank", "collocate", "count", "count"])
        XCTAssertEqual(collocates.rows.map { $0[1] }, [.text("water")])
        XCTAssertEqual(collocates.rows.map { $0[2] }, [.real(4, digits: 0)])
        let values = try store.cooccurrenceMatrix(of: ["river", "water", "loan"], in: table, measure: .count)
        XCTAssertEqual(values.values[0], [0, 4, 0])
        let matrix = Table(values)
        XCTAssertEqual(matrix.columns, ["word", "river", "water", "loan"])
        XCTAssertEqual(matrix.rows[0], [.text("river"), .real(0, digits: 0), .real(4, digits: 0), .real(0, digits: 0)])
        let pmiValues = try store.cooccurrenceMatrix(of: ["river", "loan"], in: table, measure: .pmi)
        XCTAssertNil(pmiValues.values[0][1], "a pair never seen has no PMI")
        let pmi = Table(pmiValues)
        XCTAssertEqual(pmi.rows[0][2], .empty, "a pair never seen has no PMI")
        XCTAssertThrowsError(try store.collocates(of: "rivr", in: table, measure: .ppmi))
    }
}
