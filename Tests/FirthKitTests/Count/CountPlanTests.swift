import Foundation
import GRDB
import XCTest
@testable import FirthKit

/// The plan's two dialects: what differs between them, and the GROUP BY cells and sums that
/// Spark runs, checked here in SQLite against the counter's upsert tables (no Spark needed).
final class CountPlanTests: XCTestCase {
    func plan(_ dialect: CountPlan.Dialect, _ configure: (inout CountParameters) -> Void = { _ in }) -> CountPlan {
        var parameters = CountParameters()
        configure(&parameters)
        return CountPlan(parameters: parameters, documentGap: 1000, corpusTokens: 100, dialect: dialect)
    }

    func testDialectsDifferOnlyWhereTheEnginesDo() {
        let sqlite = plan(.sqlite) { $0.weighting = .linear; $0.window = 4; $0.subsample = 1e-3 }
        let spark = plan(.spark) { $0.weighting = .linear; $0.window = 4; $0.subsample = 1e-3 }
        XCTAssertEqual(sqlite.weightSQL(distance: "d"), "(5.0 - d) / 4.0")
        XCTAssertEqual(spark.weightSQL(distance: "d"), "(5.0D - d) / 4.0D", "a bare 1.0 is a DECIMAL in Spark")
        XCTAssertTrue(sqlite.windowJoinSQL(workingTokens: "w").contains("BETWEEN t1.position + 1 AND t1.position + 4"))
        let sparkJoin = spark.windowJoinSQL(workingTokens: "w")
        XCTAssertFalse(sparkJoin.contains("BETWEEN"), "Spark runs a range join as a nested loop")
        XCTAssertTrue(sparkJoin.contains("explode(sequence(1, 4))") && sparkJoin.contains("t2.position = t1.target"))
        XCTAssertTrue(spark.workingTokensSQL(tokens: "t", vocabulary: "v").contains("sqrt(0.001D * 100 / v.frequency)"))
        XCTAssertEqual(plan(.spark) { $0.weighting = .harmonic }.weightSQL(distance: "d"), "1.0D / d")
    }

    func testGroupByCellsAndSumsEqualTheCounterInSQLite() throws {
        let store = try makeStore(self, documents: [
            "the cat sat on the mat. the dog sat on the log. a cat and a dog met on the mat.",
            "on the log the dog sat. the cat sat. rare words stay rare here on the mat.",
        ])
        var variants: [CountParameters] = []
        for direction in CountParameters.Direction.allCases {
            for weighting in CountParameters.Weighting.allCases {
                var p = CountParameters()
                p.minCount = 2; p.direction = direction; p.weighting = weighting
                p.window = direction == .both ? 3 : 5
                p.boundary = weighting == .linear ? .sentence : .document
                p.gaps = weighting == .harmonic ? .close : .keep
                variants.append(p)
            }
        }
        for parameters in variants {
            let table = try CooccurrenceCounter(store: store).count(parameters).table
            let plan = CountPlan(parameters: parameters, documentGap: 1000, corpusTokens: 0, dialect: .sqlite)
            try store.dbQueue.inDatabase { db in
                try db.execute(sql: "DROP TABLE IF EXISTS temp.plan_working; DROP TABLE IF EXISTS temp.plan_cells")
                try db.execute(sql: "CREATE TEMP TABLE plan_working AS " + plan.workingTokensSQL(
                    tokens: CooccurrenceCounter.sourceTokensSQL(subcorpusID: nil), vocabulary: CooccurrenceCounter.vocabularySQL(tableID: table.id)))
                try db.execute(sql: "CREATE TEMP TABLE plan_cells AS " + plan.cellsSQL(workingTokens: "temp.plan_working"))
                let cells = try Row.fetchAll(db, sql: "SELECT word_id, context_id, count FROM temp.plan_cells ORDER BY 1, 2")
                let stored = try Row.fetchAll(db, sql: "SELECT word_id, context_id, count FROM cooccurrence_pairs WHERE table_id = ? ORDER BY 1, 2",
                                              arguments: [table.id])
                XCTAssertEqual(cells.count, stored.count, parameters.name)
                XCTAssertGreaterThan(cells.count, 5, parameters.name)
                for (a, b) in zip(cells, stored) {
                    XCTAssertEqual([a[0], a[1]] as [Int64], [b[0], b[1]] as [Int64], parameters.name)
                    XCTAssertEqual(a[2] as Double, b[2] as Double, accuracy: 1e-12, parameters.name)
                }
                let sums = try Row.fetchAll(db, sql: plan.marginalsSQL(cells: "temp.plan_cells") + " ORDER BY word_id")
                let storedSums = try Row.fetchAll(db, sql: """
                    SELECT word_id, row_total, column_total FROM cooccurrence_marginals WHERE table_id = ? ORDER BY word_id
                    """, arguments: [table.id])
                XCTAssertEqual(sums.count, storedSums.count, parameters.name)
                for (a, b) in zip(sums, storedSums) {
                    XCTAssertEqual(a[0] as Int64, b[0] as Int64, parameters.name)
                    XCTAssertEqual(a[1] as Double, b[1] as Double, accuracy: 1e-12, parameters.name)
                    XCTAssertEqual(a[2] as Double, b[2] as Double, accuracy: 1e-12, parameters.name)
                }
            }
        }
    }
}
