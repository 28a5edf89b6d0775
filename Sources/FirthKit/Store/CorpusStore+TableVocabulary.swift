import Foundation
import GRDB

/// A word a co-occurrence table counts, with its frequency in the corpus.
public struct TableWord: FetchableRecord, Sendable, Equatable {
    public var wordID: Int64
    public var word: String
    /// Occurrences in the corpus (or the subcorpus the table counts).
    public var frequency: Int

    public init(wordID: Int64, word: String, frequency: Int) {
        self.wordID = wordID
        self.word = word
        self.frequency = frequency
    }

    // By column name, not Decodable: a table's whole vocabulary is read at once (see AssociationValue).
    public init(row: Row) throws {
        wordID = row["word_id"]
        word = row["word"]
        frequency = row["frequency"]
    }
}

/// How words of equal frequency are ordered in a table's vocabulary.
public enum FrequencyTieBreak: Sendable {
    /// By word id (the order words were first met in the corpus): the order of the rows and
    /// columns of every matrix made from a table (``AssociationMeasure``'s `row_index`, the PPMI
    /// matrix, an embedding's rows, an export's `--top`).
    case wordID
    /// Alphabetically: the order a list shown to people uses (``WordChoice``).
    case word
}

/// What a co-occurrence table counts: its vocabulary (`count_vocabulary`).
extension CorpusStore {
    /// The words `table` counts, most frequent first.
    ///
    /// - Parameters:
    ///   - tieBreak: the order among words of equal frequency.
    ///   - limit: at most this many words (nil: all).
    public func tableVocabulary(of table: CooccurrenceTable, tieBreak: FrequencyTieBreak = .wordID,
                                limit: Int? = nil) throws -> [TableWord] {
        let order = tieBreak == .wordID ? "v.word_id" : "w.word"
        return try dbQueue.read { db in
            try TableWord.fetchAll(db, sql: """
                SELECT v.word_id, w.word, v.frequency FROM count_vocabulary v JOIN words w USING (word_id)
                WHERE v.table_id = ? ORDER BY v.frequency DESC, \(order) LIMIT ?
                """, arguments: [table.id, limit ?? -1])
        }
    }

    /// A corpus word looked up in a table's vocabulary.
    public struct TableMembership: FetchableRecord, Decodable, Sendable, Equatable {
        public var wordID: Int64
        /// Occurrences in the corpus.
        public var count: Int
        /// Whether the table counts it (it may be rarer than the table's min-count).
        public var isCounted: Bool

        enum CodingKeys: String, CodingKey {
            case wordID = "word_id", count, isCounted = "counted"
        }
    }

    /// Whether `table` counts `word` (spelled as stored), with its id and corpus count; nil for
    /// a word the corpus does not have.
    public func membership(of word: String, in table: CooccurrenceTable) throws -> TableMembership? {
        try dbQueue.read { db in
            try TableMembership.fetchOne(db, sql: """
                SELECT w.word_id, w.count, v.word_id IS NOT NULL AS counted FROM words w
                LEFT JOIN count_vocabulary v ON v.word_id = w.word_id AND v.table_id = ?
                WHERE w.word = ? AND w.count > 0
                """, arguments: [table.id, word])
        }
    }
}
