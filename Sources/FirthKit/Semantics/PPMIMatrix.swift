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
            // Row numbers for word ids: a small temporary table the load joins twice.
            try db.execute(sql: """
                DROP TABLE IF EXISTS temp.matrix_rows;
                CREATE TEMP TABLE matrix_rows(word_id INTEGER PRIMARY KEY, row_index INTEGER NOT NULL);
                INSERT INTO temp.matrix_rows
                SELECT word_id, row_number() OVER (ORDER BY frequency DESC, word_id) - 1
                FROM count_vocabulary WHERE table_id = :table;
                """, arguments: ["table": table.id])
            defer { try? db.execute(sql: "DROP TABLE temp.matrix_rows") }
            let matrix = try SparseMatrix(
                db: db,
                sql: """
                    SELECT r.row_index, c.row_index, s.value FROM (\(AssociationMeasure.selectSQL(.ppmi))) s
                    JOIN temp.matrix_rows r ON r.word_id = s.word_id
                    JOIN temp.matrix_rows c ON c.word_id = s.context_id
                    WHERE s.value > 0
                    """,
                arguments: AssociationMeasure.arguments(table: table, smoothing: smoothing),
                rows: words.count, columns: words.count)
            return PPMIMatrix(words: words, matrix: matrix, smoothing: smoothing,
                              frequencies: rows.map { Double($0[1] as Int) / max(total, 1) })
        }
    }
}
