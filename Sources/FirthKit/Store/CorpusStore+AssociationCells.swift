import Foundation
import GRDB

/// One cell of an association measure: a word, a context, and their value.
public struct AssociationValue: FetchableRecord, Sendable, Equatable {
    public var word: String
    public var context: String
    public var value: Double

    // Read by column name rather than through Decodable: a Decoder per row cost export about
    // a microsecond a cell (a third of `export ppmi`'s time on 3.3 M cells).
    public init(row: Row) throws {
        word = row["word"]
        context = row["context"]
        value = row["value"]
    }
}

/// One cell of an association measure among chosen words, by the words' positions in the
/// choice: where it goes in a dense block.
public struct PositionedValue: FetchableRecord, Sendable, Equatable {
    /// The word's position among the chosen words.
    public var row: Int
    /// The context's position among the chosen words.
    public var column: Int
    public var value: Double

    public init(row: Row) throws {
        self.row = row["row"]
        column = row["column"]
        value = row["value"]
    }
}

/// Association measures of a whole count table, or of the pairs among chosen words, streamed
/// cell by cell through a cursor: memory stays flat however large the table.
///
/// The values are those of ``AssociationMeasure/selectSQL(_:table:filter:)``; PPMI's zero cells
/// are dropped (a sparse PPMI matrix holds none), the other measures keep every observed pair.
extension CorpusStore {
    /// Calls `body` with every stored cell of `measure` in `table`, in storage order; with
    /// `wordIDs`, only the cells whose word and context are both among them.
    ///
    /// - Returns: the number of cells.
    /// - Complexity: one pass over the table's cells; O(1) memory besides SQLite's page cache.
    @discardableResult
    public func forEachAssociationValue(in table: CooccurrenceTable, measure: AssociationMeasure,
                                        smoothing: AssociationMeasure.Smoothing, among wordIDs: [Int64]?,
                                        _ body: (AssociationValue) throws -> Void) throws -> Int {
        try dbQueue.inDatabase { db in
            try Self.withChosenWords(wordIDs, db) { filter in
                let arguments = try AssociationMeasure.prepare(db, table: table, smoothing: smoothing)
                let cells = try AssociationValue.fetchCursor(db, sql: """
                    SELECT w.word AS word, c.word AS context, s.value FROM (\(AssociationMeasure.selectSQL(measure, table: table, filter: filter))) s
                    JOIN words w ON w.word_id = s.word_id
                    JOIN words c ON c.word_id = s.context_id
                    \(Self.valueFilter(measure))
                    """, arguments: arguments)
                var count = 0
                while let cell = try cells.next() {
                    try body(cell)
                    count += 1
                }
                return count
            }
        }
    }

    /// Calls `body` with every stored cell of `measure` among `wordIDs`, by the words' positions
    /// in that list, sorted by row (the word's position) in SQL: a dense block a row at a time.
    public func forEachPositionedValue(in table: CooccurrenceTable, measure: AssociationMeasure,
                                       smoothing: AssociationMeasure.Smoothing, among wordIDs: [Int64],
                                       _ body: (PositionedValue) throws -> Void) throws {
        try dbQueue.inDatabase { db in
            try Self.withChosenWords(wordIDs, db) { filter in
                let arguments = try AssociationMeasure.prepare(db, table: table, smoothing: smoothing)
                let cells = try PositionedValue.fetchCursor(db, sql: """
                    SELECT r.position AS row, c.position AS column, s.value FROM (\(AssociationMeasure.selectSQL(measure, table: table, filter: filter))) s
                    JOIN temp.export_words r ON r.word_id = s.word_id
                    JOIN temp.export_words c ON c.word_id = s.context_id
                    \(Self.valueFilter(measure))
                    ORDER BY r.position
                    """, arguments: arguments)
                while let cell = try cells.next() { try body(cell) }
            }
        }
    }

    /// The positive cells of `measure` in `table` as a sparse matrix whose rows and columns are
    /// the table's vocabulary in ``FrequencyTieBreak/wordID`` order (``tableVocabulary(of:tieBreak:limit:)``),
    /// the order of the measure's `word_row` and `context_row`.
    ///
    /// - Complexity: one pass over the table's non-zero cells.
    public func positiveAssociationMatrix(of table: CooccurrenceTable, measure: AssociationMeasure,
                                          smoothing: AssociationMeasure.Smoothing, size: Int) throws -> SparseMatrix {
        try dbQueue.inDatabase { db in
            let arguments = try AssociationMeasure.prepare(db, table: table, smoothing: smoothing)
            defer { try? db.execute(sql: "DROP TABLE temp.measure_marginals") }
            return try SparseMatrix(
                db: db,
                sql: "SELECT word_row, context_row, value FROM (\(AssociationMeasure.selectSQL(measure, table: table))) WHERE value > 0",
                arguments: arguments, rows: size, columns: size)
        }
    }

    /// The tokens of the corpus as the words table counts them: the sum of every word's count.
    public func countedTokens() throws -> Int {
        try dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM words") ?? 0 }
    }

    /// PPMI drops the cells that come out 0, as a sparse PPMI matrix does.
    private static func valueFilter(_ measure: AssociationMeasure) -> String {
        measure.keepsZeros ? "" : "WHERE s.value > 0"
    }

    /// Runs `body` with the SQL filter for the chosen words: their ids in a temporary table
    /// (with their positions, for a dense block), or no filter for all words.
    private static func withChosenWords<T>(_ wordIDs: [Int64]?, _ db: Database,
                                           _ body: (@escaping (String, String) -> String) throws -> T) throws -> T {
        guard let wordIDs else { return try body { _, _ in "1" } }
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.export_words;
            CREATE TEMP TABLE export_words(word_id INTEGER PRIMARY KEY, position INTEGER NOT NULL);
            """)
        defer { try? db.execute(sql: "DROP TABLE temp.export_words") }
        let insert = try db.makeStatement(sql: "INSERT INTO temp.export_words(word_id, position) VALUES (?, ?)")
        for (position, id) in wordIDs.enumerated() { try insert.execute(arguments: [id, position]) }
        return try body { word, context in
            "\(word) IN (SELECT word_id FROM temp.export_words) AND \(context) IN (SELECT word_id FROM temp.export_words)"
        }
    }
}
