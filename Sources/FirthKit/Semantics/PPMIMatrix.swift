import Foundation
import GRDB

/// A co-occurrence table's PPMI matrix, loaded from SQL into a sparse CSR matrix.
///
/// Row i and column i are the same word: the table's vocabulary, most frequent first. The values
/// come from ``AssociationMeasure/ppmi`` computed in SQL; only positive cells are stored.
///
/// ```swift
/// let ppmi = try PPMIMatrix.load(from: store, table: table)
/// ppmi.matrix.nonZeroCount
/// ```
public struct PPMIMatrix: Sendable {
    /// The words of the rows (and of the columns), most frequent first.
    public var words: [String]
    public var matrix: SparseMatrix
    public var smoothing: AssociationMeasure.Smoothing
    /// Each row word's share of the corpus's tokens, p(w).
    public var frequencies: [Double] = []

    /// Reads the PPMI of `table` with the given smoothing.
    ///
    /// - Complexity: one pass over the table's non-zero cells.
    public static func load(from store: CorpusStore, table: CooccurrenceTable,
                            smoothing: AssociationMeasure.Smoothing = .init()) throws -> PPMIMatrix {
        try smoothing.validate()
        return try store.dbQueue.inDatabase { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT w.word, v.frequency FROM count_vocabulary v JOIN words w USING (word_id)
                WHERE v.table_id = ? ORDER BY v.frequency DESC, v.word_id
                """, arguments: [table.id])
            let words = rows.map { $0[0] as String }
            let total = Double(try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM words") ?? 1)
            let arguments = try AssociationMeasure.prepare(db, table: table, smoothing: smoothing)
            defer { try? db.execute(sql: "DROP TABLE temp.measure_marginals") }
            // Rows and columns in count_vocabulary order: the same order as `words`.
            let matrix = try SparseMatrix(
                db: db,
                sql: "SELECT word_row, context_row, value FROM (\(AssociationMeasure.selectSQL(.ppmi, table: table))) WHERE value > 0",
                arguments: arguments, rows: words.count, columns: words.count)
            return PPMIMatrix(words: words, matrix: matrix, smoothing: smoothing,
                              frequencies: rows.map { Double($0[1] as Int) / max(total, 1) })
        }
    }
}
