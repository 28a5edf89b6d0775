import Foundation

/// Streams a co-occurrence table, or any association measure of it, cell by cell or row by row.
///
/// Two layouts, both read through a GRDB cursor so that memory stays flat:
/// - **sparse**: one (word, context, value) per stored cell, in storage order. This is every
///   non-zero cell of counts and PPMI (PPMI's zeros are dropped, as ``PPMIMatrix`` drops them),
///   and every *observed* pair for the other measures, whose value may be 0 or negative.
/// - **dense**: a block over a chosen list of words (rows: words, columns: the same words as
///   contexts), sorted by row in SQL and written one row at a time: O(words) memory, never
///   O(words²). A pair never seen is 0 for counts and PPMI; for PMI and the other measures it
///   has no finite value (PMI would be −∞), so it is `nil` — an empty cell.
///
/// The values are those of ``AssociationMeasure/selectSQL(_:table:filter:)``, as Doubles, exactly.
///
/// ```swift
/// let exporter = MatrixExporter(store: store, table: table, measure: .ppmi)
/// try exporter.forEachCell(in: .all) { word, context, value in print(word, context, value) }
/// try exporter.forEachRow(of: .top(100)) { words in … } row: { word, values in … }
/// ```
///
/// ## Topics
/// ### Layouts
/// - ``forEachCell(in:start:_:)``
/// - ``forEachRow(of:header:row:)``
/// - ``absentValue``
public struct MatrixExporter {
    public let store: CorpusStore
    public let table: CooccurrenceTable
    public let measure: AssociationMeasure
    public let smoothing: AssociationMeasure.Smoothing

    public init(store: CorpusStore, table: CooccurrenceTable, measure: AssociationMeasure,
                smoothing: AssociationMeasure.Smoothing = .init()) {
        self.store = store
        self.table = table
        self.measure = measure
        self.smoothing = smoothing
    }

    /// The value of a pair the table never saw: 0 for counts and PPMI, nil (undefined) otherwise.
    public var absentValue: Double? { measure == .count || measure == .ppmi ? 0 : nil }

    // MARK: - Sparse

    /// Calls `body` with every stored cell among the selected words (both the word and the
    /// context must be selected), in storage order.
    ///
    /// - Parameter start: called once the selection is known to be valid, before the first
    ///   cell: where a header goes, so that a bad word list writes nothing.
    /// - Returns: the number of cells.
    /// - Complexity: one pass over the table's cells; O(1) memory besides SQLite's page cache.
    @discardableResult
    public func forEachCell(in selection: WordSelection, start: () throws -> Void = {},
                            _ body: (_ word: String, _ context: String, _ value: Double) throws -> Void) throws -> Int {
        try smoothing.validate()
        let words = try resolve(selection)
        try start()
        return try store.forEachAssociationValue(in: table, measure: measure, smoothing: smoothing, among: words?.map(\.id)) { cell in
            try body(cell.word, cell.context, cell.value)
        }
    }

    // MARK: - Dense

    /// Calls `header` with the selected words, then `row` once per word, in order, with the
    /// values of its cells against every selected word (``absentValue`` where the pair never occurs).
    ///
    /// The `values` array passed to `row` is reused: copy it to keep it.
    ///
    /// - Precondition: `selection` is not ``WordSelection/all``: the full matrix is never densified.
    /// - Complexity: one pass over the cells of the selected rows, sorted by row in SQL; O(words) memory.
    public func forEachRow(of selection: WordSelection, header: ([String]) throws -> Void,
                           row: (_ word: String, _ values: [Double?]) throws -> Void) throws {
        try smoothing.validate()
        guard let words = try resolve(selection) else {
            throw FirthError.invalidParameters(
                "a dense matrix needs \(parameter: "words") or \(parameter: "top"): the whole vocabulary × vocabulary matrix is nearly all zeros; use \(parameter: "layout") sparse for all of it")
        }
        try header(words.map(\.word))
        var values = [Double?](repeating: absentValue, count: words.count)
        var current = 0
        try store.forEachPositionedValue(in: table, measure: measure, smoothing: smoothing, among: words.map(\.id)) { cell in
            while current < cell.row {
                try row(words[current].word, values)
                values = [Double?](repeating: absentValue, count: words.count)
                current += 1
            }
            values[cell.column] = cell.value
        }
        while current < words.count {
            try row(words[current].word, values)
            values = [Double?](repeating: absentValue, count: words.count)
            current += 1
        }
    }

    // MARK: - Selecting words

    /// The selected words of the table's vocabulary with their ids, in order; nil for all.
    ///
    /// Listed words go through the corpus's tokenizer (so `River` finds `river`); one the table
    /// does not count is an error that says why, before anything is written.
    func resolve(_ selection: WordSelection) throws -> [(id: Int64, word: String)]? {
        switch selection {
        case .all:
            return nil
        case let .top(count):
            guard count >= 1 else { throw FirthError.invalidParameter("top", reason: "must be at least 1 (got \(count))") }
            // Word-id ties, as the measure's rows: the same words as a PPMI matrix's first rows.
            return try store.tableVocabulary(of: table, tieBreak: .wordID, limit: count).map { (id: $0.wordID, word: $0.word) }
        case let .words(list):
            let normalized = try list.map { try store.normalize($0) }
            try WordSelection.checkNoDuplicates(normalized)
            return try normalized.map { word in
                guard let found = try store.membership(of: word, in: table) else {
                    throw FirthError.unknownWord(word, suggestions: try store.suggestions(for: word))
                }
                guard found.isCounted else {
                    throw FirthError.invalidOption("'\(word)' (seen \(found.count) times) is not counted in '\(table.name)', "
                        + "which keeps words seen at least \(table.parameters.minCount) times")
                }
                return (id: found.wordID, word: word)
            }
        }
    }
}
