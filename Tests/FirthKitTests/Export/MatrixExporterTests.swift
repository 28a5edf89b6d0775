import Foundation
import GRDB
import XCTest
@testable import FirthKit

final class MatrixExporterTests: XCTestCase {
    func testSparseCellsAreTheStoredValuesExactly() throws {
        let (store, table) = try makeCountedStore(self)
        for measure in AssociationMeasure.allCases {
            var cells: [String: Double] = [:]
            let count = try MatrixExporter(store: store, table: table, measure: measure).forEachCell(in: .all) { word, context, value in
                XCTAssertNil(cells["\(word) \(context)"], "a cell written twice")
                cells["\(word) \(context)"] = value
            }
            let expected = try referenceCells(store, table, measure)
            XCTAssertEqual(count, expected.count, "\(measure)")
            XCTAssertEqual(cells.mapValues(\.bitPattern), expected.mapValues(\.bitPattern), "\(measure)")
            if measure == .count { XCTAssertEqual(count, table.nonzeroCount) }
        }
    }

    /// Every sparse cell among the selected words is the dense cell; every other dense cell is
    /// the measure's absent value (0 for counts and PPMI, empty otherwise).
    func testDenseAndSparseAgree() throws {
        let (store, table) = try makeCountedStore(self)
        for measure in AssociationMeasure.allCases {
            for selection in [WordSelection.top(7), .words(["River", "bank", "zebra", "money"])] {
                let exporter = MatrixExporter(store: store, table: table, measure: measure)
                var sparse: [String: Double] = [:]
                try exporter.forEachCell(in: selection) { sparse["\($0) \($1)"] = $2 }
                var header: [String] = [], rows: [(String, [Double?])] = []
                try exporter.forEachRow(of: selection, header: { header = $0 }, row: { rows.append(($0, $1)) })
                XCTAssertEqual(rows.map(\.0), header, "one row per word, in the header's order")
                if case .words = selection { XCTAssertEqual(header, ["river", "bank", "zebra", "money"]) }
                var dense: [String: Double] = [:]
                for (word, values) in rows {
                    for (context, value) in zip(header, values) {
                        if let value, !(exporter.absentValue == value && sparse["\(word) \(context)"] == nil) {
                            dense["\(word) \(context)"] = value
                        } else {
                            XCTAssertNil(sparse["\(word) \(context)"], "\(measure): \(word) \(context)")
                            XCTAssertEqual(value, exporter.absentValue)
                        }
                    }
                }
                XCTAssertEqual(dense.mapValues(\.bitPattern), sparse.mapValues(\.bitPattern), "\(measure) \(selection)")
                XCTAssertFalse(sparse.isEmpty)
            }
        }
    }

    func testZebraHasAnEmptyRowAndStillGetsOne() throws {
        let (store, table) = try makeCountedStore(self)
        var rows: [String: [Double?]] = [:]
        try MatrixExporter(store: store, table: table, measure: .count)
            .forEachRow(of: .words(["zebra", "river"]), header: { _ in }, row: { rows[$0] = $1 })
        XCTAssertEqual(rows["zebra"], [0, 0], "zebra never meets river, nor itself")
        XCTAssertEqual(rows.count, 2)
    }

    func testBadSelectionsFailBeforeAnythingIsWritten() throws {
        let (store, table) = try makeCountedStore(self)
        let exporter = MatrixExporter(store: store, table: table, measure: .ppmi)
        var started = false
        XCTAssertThrowsError(try exporter.forEachRow(of: .all, header: { _ in started = true }, row: { _, _ in }))
        XCTAssertThrowsError(try exporter.forEachCell(in: .words(["rivr"]), start: { started = true }) { _, _, _ in }) { error in
            XCTAssertEqual(error as? FirthError, .unknownWord("rivr", suggestions: ["river"]))
        }
        XCTAssertThrowsError(try exporter.forEachCell(in: .words(["river", "River"]), start: { started = true }) { _, _, _ in })
        XCTAssertFalse(started)

        var parameters = CountParameters()
        (parameters.window, parameters.minCount) = (2, 3)
        let common = try CooccurrenceCounter(store: store).count(parameters).table
        XCTAssertThrowsError(try MatrixExporter(store: store, table: common, measure: .count)
            .forEachCell(in: .words(["zebra"])) { _, _, _ in }) { error in
            XCTAssertEqual("\(error)", "'zebra' (seen 1 times) is not counted in '\(common.name)', which keeps words seen at least 3 times")
        }
    }
}
