import Foundation
import GRDB

/// One cell of a co-occurrence table: how often `contextID` was counted near `wordID`.
public struct CooccurrenceCell: FetchableRecord, Sendable, Equatable {
    public var wordID: Int64
    public var contextID: Int64
    public var count: Double

    // By column name, not Decodable: cells are read by the hundred thousand (see AssociationValue).
    public init(row: Row) throws {
        wordID = row["word_id"]
        contextID = row["context_id"]
        count = row["count"]
    }
}

/// How often a word was counted as a context in a co-occurrence table (its column total).
public struct ContextTotal: FetchableRecord, Sendable, Equatable {
    public var wordID: Int64
    public var total: Double

    public init(row: Row) throws {
        wordID = row["word_id"]
        total = row["column_total"]
    }
}

/// Blocks of a co-occurrence table: the cells of chosen words among chosen contexts.
extension CorpusStore {
    /// The cells of `table` whose word is one of `words` and whose context one of `contexts`.
    ///
    /// - Complexity: one indexed read per word; at most `words.count × contexts.count` cells.
    public func cells(of table: CooccurrenceTable, words: [Int64], contexts: [Int64]) throws -> [CooccurrenceCell] {
        guard !words.isEmpty, !contexts.isEmpty else { return [] }
        // Ids are integers, so they are spelled into the statement (no quoting needed) rather
        // than bound one by one past SQLite's limit on parameters.
        let wordList = words.map(String.init).joined(separator: ",")
        let contextList = contexts.map(String.init).joined(separator: ",")
        return try dbQueue.read { db in
            try CooccurrenceCell.fetchAll(db, sql: """
                SELECT word_id, context_id, count FROM cooccurrences
                WHERE table_id = ? AND word_id IN (\(wordList)) AND context_id IN (\(contextList))
                """, arguments: [table.id])
        }
    }

    /// The column totals of `words` in `table` (words it never counted as a context are absent).
    public func contextTotals(of table: CooccurrenceTable, words: [Int64]) throws -> [ContextTotal] {
        guard !words.isEmpty else { return [] }
        let wordList = words.map(String.init).joined(separator: ",")
        return try dbQueue.read { db in
            try ContextTotal.fetchAll(db, sql: """
                SELECT word_id, column_total FROM cooccurrence_marginals WHERE table_id = ? AND word_id IN (\(wordList))
                """, arguments: [table.id])
        }
    }
}
