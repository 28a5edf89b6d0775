import Foundation

/// Writes what a corpus database holds — vocabulary, co-occurrence and association matrices,
/// collocates, embeddings, neighbours — to files other tools read.
///
/// Each method checks its request (words, format) before writing the first byte, then writes
/// through the ``ExportOutput``'s buffered streams; the caller commits the output, which moves
/// the files into place. Large results (matrices, embeddings) stream from a database cursor
/// with flat memory; the small ones (vocabulary, collocates, neighbours) are built as a
/// ``Table`` first, as the listing commands build them.
///
/// ```swift
/// let output = try ExportOutput(path: "ppmi.csv", format: .csv, force: false)
/// let exporter = Exporter(store: store, output: output)
/// let rows = try exporter.matrix(MatrixExporter(store: store, table: table, measure: .ppmi),
///                                layout: .sparse, selection: .all)
/// try output.commit()
/// ```
///
/// ## Topics
/// ### Matrices and vectors (streamed)
/// - ``matrix(_:layout:selection:)``
/// - ``embedding(_:selection:)``
/// ### Tables
/// - ``vocabulary(top:minCount:)``
/// - ``collocates(of:in:measure:smoothing:minCount:top:)``
/// - ``neighbors(of:in:count:)``
/// ### A sentence
/// - ``attention(_:layout:)``
public struct Exporter {
    /// How a matrix is laid out: one row per non-zero cell, or a block over chosen words.
    public enum Layout: String, Sendable, CaseIterable {
        case sparse, dense
    }

    public let store: CorpusStore
    public let output: ExportOutput
    private var format: ExportFormat { output.format }

    public init(store: CorpusStore, output: ExportOutput) {
        self.store = store
        self.output = output
    }

    // MARK: - Matrices and vectors

    /// Writes a matrix: sparse as `word,context,<measure>` rows; dense as a header row of words
    /// and one row per word (or, in a vector format, one vector per word).
    ///
    /// - Returns: the rows written, the header not counted.
    /// - Throws: ``FirthError/invalidOption(_:)`` for a vector format with the sparse layout, or
    ///   with a measure that has no value for pairs never seen (all but counts and PPMI).
    @discardableResult
    public func matrix(_ matrix: MatrixExporter, layout: Layout, selection: WordSelection) throws -> Int {
        let name = matrix.measure == .count ? "count" : matrix.measure.rawValue
        switch layout {
        case .sparse:
            let rows = try delimited(what: "a sparse matrix")
            let count = try matrix.forEachCell(in: selection, start: { try rows.write(["word", "context", name]) }) { word, context, value in
                try rows.write([word, context], numbers: CollectionOfOne(ExactNumber.text(value)))
            }
            return count
        case .dense:
            if format.holdsOnlyVectors && matrix.absentValue == nil {
                throw FirthError.invalidOption("\(name) has no value for pairs never seen, and \(format.rawValue) needs every value; export counts or ppmi as vectors, or \(name) as csv or tsv")
            }
            var writer: NamedRowWriter?
            var count = 0
            try matrix.forEachRow(of: selection, header: { words in
                writer = try NamedRowWriter(output: output, count: words.count, columns: words)
            }, row: { word, values in
                try writer!.write(word, values.map { $0.map(ExactNumber.text) ?? "" })
                count += 1
            })
            return count
        }
    }

    /// Writes an embedding's vectors exactly as stored (float32), in its order (most frequent first).
    ///
    /// - Returns: the vectors written.
    /// - Throws: ``FirthError/invalidOption(_:)`` before writing anything when a word2vec or
    ///   GloVe export would hold a word with whitespace in it.
    @discardableResult
    public func embedding(_ embedding: EmbeddingExporter, selection: WordSelection) throws -> Int {
        if format == .word2vec || format == .glove, let word = try embedding.wordUnfitForVectorText(in: selection) {
            throw VectorTextWriter.unfit(word, format: format.rawValue)
        }
        var writer: NamedRowWriter?
        let count = try embedding.forEachVector(of: selection, start: {
            writer = try NamedRowWriter(output: output, count: try embedding.count(of: selection),
                                        columns: (1...max(embedding.embedding.dimensions, 1)).map { "d\($0)" })
        }) { word, vector in
            try writer!.write(word, vector.map(ExactNumber.text))
        }
        return count
    }

    // MARK: - Tables

    /// Writes the frequency list: `rank,word,count,per_million`, most frequent first.
    @discardableResult
    public func vocabulary(top: Int?, minCount: Int) throws -> Int {
        try write(Table(store.vocabulary(top: top, minCount: minCount)), what: "the vocabulary")
    }

    /// Writes the collocates of each word: `word,rank,collocate,count,<measure>`.
    @discardableResult
    public func collocates(of words: [String], in table: CooccurrenceTable, measure: AssociationMeasure,
                           smoothing: AssociationMeasure.Smoothing, minCount: Double, top: Int) throws -> Int {
        let tables = try words.map { word in
            (word, Table(try store.collocates(of: word, in: table, measure: measure, smoothing: smoothing, minCount: minCount, top: top)))
        }
        var result = Table(columns: ["word"] + (tables.first?.1.columns ?? ["rank", "collocate", "count", measure.rawValue]))
        for (word, collocates) in tables {
            for row in collocates.rows { result.append([.text(word)] + row) }
        }
        return try write(result, what: "collocates")
    }

    /// Writes the `count` nearest words of each word: `word,rank,neighbor,similarity` (cosine, float32).
    @discardableResult
    public func neighbors(of words: [String], in vectors: WordVectors, count: Int) throws -> Int {
        let lists = try words.map { word in
            let normalized = vectors.contains(word) ? word : try store.normalize(word)
            return (word, try vectors.mostSimilar(to: normalized, count: count))
        }
        let rows = try delimited(what: "neighbors")
        try rows.write(["word", "rank", "neighbor", "similarity"])
        var written = 0
        for (word, neighbors) in lists {
            for (rank, neighbor) in neighbors.enumerated() {
                try rows.write([word, String(rank + 1), neighbor.word], numbers: CollectionOfOne(ExactNumber.text(neighbor.similarity)))
                written += 1
            }
        }
        return written
    }

    // MARK: - Writing tables

    func delimited(what: String) throws -> DelimitedWriter {
        guard let dialect = format.dialect else {
            throw FirthError.invalidOption("\(what) is a table, not word vectors; export it as csv or tsv, not \(format.rawValue)")
        }
        return try DelimitedWriter(stream: output.main, dialect: dialect)
    }

    private func write(_ table: Table, what: String) throws -> Int {
        let rows = try delimited(what: what)
        try rows.write(table.columns)
        for row in table.rows { try rows.write(row.map(Self.text)) }
        return table.rows.count
    }

    /// A cell as exact text: integers as they are, reals by ``ExactNumber``.
    static func text(_ cell: Table.Cell) -> String {
        switch cell {
        case let .real(value, _): return ExactNumber.text(value)
        default: return cell.plain
        }
    }
}
