import FirthKit
import GRDB
import XCTest

final class SparseMatrixSQLiteTests: XCTestCase {
    /// An in-memory database with a table of (word, context, value) triples.
    private func makeDatabase(_ triples: [(Int?, Int?, Double?)]) throws -> DatabaseQueue {
        let dbQueue = try DatabaseQueue()
        try dbQueue.write { db in
            try db.execute(sql: "CREATE TABLE pairs (word INTEGER, context INTEGER, value REAL)")
            for (word, context, value) in triples {
                try db.execute(sql: "INSERT INTO pairs VALUES (?, ?, ?)", arguments: [word, context, value])
            }
        }
        return dbQueue
    }

    func testLoadsTriplesFromAQueryWithArguments() throws {
        let dbQueue = try makeDatabase([
            (2, 0, 1.5), (0, 1, 2), (0, 1, 0.25), (1, 2, -4), (0, 0, 3),
        ])
        let a = try dbQueue.read { db in
            try SparseMatrix(db: db, sql: "SELECT word, context, value FROM pairs WHERE value > ?",
                             arguments: [0], rows: 3, columns: 3)
        }
        // (1, 2, -4) is filtered out by the argument; (0, 1) is summed.
        XCTAssertEqual(DenseMatrix(a), DenseMatrix([[3, 2.25, 0], [0, 0, 0], [1.5, 0, 0]]))
    }

    func testReadsColumnsByPositionNotName() throws {
        let dbQueue = try makeDatabase([(0, 1, 2)])
        let a = try dbQueue.read { db in
            try SparseMatrix(db: db, sql: "SELECT context AS x, word AS y, value * 10, 'ignored' FROM pairs",
                             rows: 2, columns: 2)
        }
        XCTAssertEqual(DenseMatrix(a), DenseMatrix([[0, 0], [20, 0]]))
    }

    func testIndexOutsideTheShapeThrows() throws {
        let dbQueue = try makeDatabase([(0, 0, 1), (0, 3, 1)])
        XCTAssertThrowsError(try dbQueue.read { db in
            try SparseMatrix(db: db, sql: "SELECT * FROM pairs", rows: 3, columns: 3)
        }) { error in
            XCTAssertEqual(error as? LinearAlgebraError,
                           .entryOutOfBounds(row: 0, column: 3, rows: 3, columns: 3))
        }
    }

    func testNullValueThrows() throws {
        let dbQueue = try makeDatabase([(0, 0, nil)])
        XCTAssertThrowsError(try dbQueue.read { db in
            try SparseMatrix(db: db, sql: "SELECT * FROM pairs", rows: 1, columns: 1)
        })
    }
}
