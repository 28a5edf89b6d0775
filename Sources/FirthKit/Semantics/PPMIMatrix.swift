import Foundation

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
        // Word-id ties: the order of the measure's rows and columns (see FrequencyTieBreak).
        let vocabulary = try store.tableVocabulary(of: table, tieBreak: .wordID)
        let total = Double(try store.countedTokens())
        let matrix = try store.positiveAssociationMatrix(of: table, measure: .ppmi, smoothing: smoothing, size: vocabulary.count)
        return PPMIMatrix(words: vocabulary.map(\.word), matrix: matrix, smoothing: smoothing,
                          frequencies: vocabulary.map { Double($0.frequency) / max(total, 1) })
    }
}
