import Foundation
import GRDB

/// A word's collocate: the context, how often the pair was counted, and its association.
public struct Collocate: FetchableRecord, Sendable, Equatable {
    /// The context word.
    public var word: String
    /// The pair's (possibly weighted) count.
    public var count: Double
    /// The association measure's value.
    public var value: Double

    public init(word: String, count: Double, value: Double) {
        self.word = word
        self.count = count
        self.value = value
    }

    public init(row: Row) throws {
        word = row["word"]
        count = row["count"]
        value = row["value"]
    }
}

/// The collocates of one word in one count table, strongest first.
public struct CollocateList: Sendable, Equatable {
    /// The word as the corpus's tokenizer spells it.
    public var word: String
    public var measure: AssociationMeasure
    /// The name of the count table.
    public var table: String
    public var collocates: [Collocate]
}

/// An association measure between every pair of some words: rows are words, columns the same
/// words as contexts.
public struct AssociationMatrix: Sendable, Equatable {
    /// The words as the corpus's tokenizer spells them: the rows, and the columns.
    public var words: [String]
    public var measure: AssociationMeasure
    /// The name of the count table.
    public var table: String
    /// Whether the values are whole numbers (counts of an unweighted window).
    public var isWholeNumbers: Bool
    /// `values[i][j]`: word i with context j; nil where the measure has no value (the PMI of a
    /// pair never seen, −∞). A pair never seen has count 0 and PPMI 0.
    public var values: [[Double?]]
}

/// Association queries on a count table: the SQL of ``AssociationMeasure`` run for some words.
extension CorpusStore {
    /// The words most associated with `word` in a co-occurrence table, strongest first (ties:
    /// the larger count, then the word).
    ///
    /// - Parameters:
    ///   - measure: how association is scored (see ``AssociationMeasure``).
    ///   - minCount: leave out pairs seen fewer times: PMI rewards rare pairs, and a pair seen
    ///     once or twice is mostly chance.
    ///   - top: at most this many collocates.
    public func collocates(of word: String, in table: CooccurrenceTable, measure: AssociationMeasure,
                           smoothing: AssociationMeasure.Smoothing = .init(), minCount: Double = 1, top: Int = 20) throws -> CollocateList {
        let id = try wordID(word)
        let normalized = try normalize(word)
        let collocates = try dbQueue.inDatabase { db in
            var arguments = try AssociationMeasure.prepare(db, table: table, smoothing: smoothing)
            arguments += ["word": id, "min_count": minCount, "top": top]
            return try Collocate.fetchAll(db, sql: """
                SELECT w.word, s.n AS count, s.value FROM (\(AssociationMeasure.selectSQL(measure, table: table) { word, _ in "\(word) = :word" })) s
                JOIN words w ON w.word_id = s.context_id
                WHERE s.n >= :min_count\(measure.keepsZeros ? "" : " AND s.value > 0")
                ORDER BY s.value DESC, s.n DESC, w.word LIMIT :top
                """, arguments: arguments)
        }
        return CollocateList(word: normalized, measure: measure, table: table.name, collocates: collocates)
    }

    /// One cell of an association matrix, by word ids.
    private struct AssociationCell: FetchableRecord {
        var wordID: Int64
        var contextID: Int64
        var value: Double

        init(row: Row) throws {
            wordID = row["word_id"]
            contextID = row["context_id"]
            value = row["value"]
        }
    }

    /// The measure for every pair of `words` (rows: words, columns: contexts).
    ///
    /// The tutorial's table: with river, water, loan, money it shows that river pairs with water
    /// and not with loan.
    public func cooccurrenceMatrix(of words: [String], in table: CooccurrenceTable, measure: AssociationMeasure,
                                   smoothing: AssociationMeasure.Smoothing = .init()) throws -> AssociationMatrix {
        let ids = try words.map { try wordID($0) }
        let names = try words.map { try normalize($0) }
        var values: [Int64: [Int64: Double]] = [:]
        try dbQueue.inDatabase { db in
            let list = ids.map(String.init).joined(separator: ",")
            let arguments = try AssociationMeasure.prepare(db, table: table, smoothing: smoothing)
            let cells = try AssociationCell.fetchCursor(db, sql: AssociationMeasure.selectSQL(measure, table: table) { word, context in
                "\(word) IN (\(list)) AND \(context) IN (\(list))"
            }, arguments: arguments)
            while let cell = try cells.next() { values[cell.wordID, default: [:]][cell.contextID] = cell.value }
        }
        let absent: Double? = measure == .count || measure == .ppmi ? 0 : nil
        return AssociationMatrix(
            words: names, measure: measure, table: table.name,
            isWholeNumbers: measure == .count && table.parameters.weighting == .uniform,
            values: ids.map { id in ids.map { context in values[id]?[context] ?? absent } })
    }
}
