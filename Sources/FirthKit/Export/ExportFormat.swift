import Foundation

/// The file formats of `firth export`: text tables (CSV, TSV) and word vector files.
///
/// | format    | holds                        | read by                                              |
/// |-----------|------------------------------|------------------------------------------------------|
/// | csv       | any table, RFC 4180, CRLF    | spreadsheets, pandas `read_csv`, R `read.csv`        |
/// | tsv       | any table, `\t` `\n` escaped | `cut`, `awk`, pandas `read_csv(sep="\t")`            |
/// | word2vec  | vectors, "count dims" header | gensim `KeyedVectors.load_word2vec_format`           |
/// | glove     | vectors, no header           | the same with `no_header=True`; GloVe's own tools    |
/// | projector | vectors TSV + metadata TSV   | TensorBoard's Embedding Projector                    |
/// | arpa      | an n-gram language model     | KenLM, SRILM, speech toolkits (the ARPA back-off format) |
///
/// The vector formats hold embeddings, and dense count or PPMI matrices (each row a vector).
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, tsv, word2vec, glove, projector, arpa

    /// The text-table dialect, or nil for a vector format.
    public var dialect: DelimitedWriter.Dialect? {
        switch self {
        case .csv: return .csv
        case .tsv: return .tsv
        case .word2vec, .glove, .projector, .arpa: return nil
        }
    }

    /// word2vec, glove and projector: one vector of numbers per word, no other columns.
    public var holdsOnlyVectors: Bool {
        switch self {
        case .word2vec, .glove, .projector: return true
        case .csv, .tsv, .arpa: return false
        }
    }
}

/// Writes rows that are a word and its numbers — vectors, or rows of a dense matrix — in any
/// ``ExportFormat``: a header row and a `word` column for CSV/TSV, the vector layouts otherwise.
final class NamedRowWriter {
    private let table: DelimitedWriter?
    private let vectorText: VectorTextWriter?
    private let projector: ProjectorWriter?

    /// Writes the header at once.
    ///
    /// - Parameters:
    ///   - count: how many rows will follow (word2vec's header says so first).
    ///   - columns: the names of the value columns (CSV/TSV header); their count is the dimension.
    init(output: ExportOutput, count: Int, columns: [String]) throws {
        switch output.format {
        case .csv, .tsv:
            table = try DelimitedWriter(stream: output.main, dialect: output.format.dialect!)
            try table!.write(["word"] + columns)
            (vectorText, projector) = (nil, nil)
        case .word2vec, .glove:
            vectorText = VectorTextWriter(stream: output.main, format: output.format == .word2vec ? .word2vec : .glove,
                                          count: count, dimensions: columns.count)
            (table, projector) = (nil, nil)
        case .projector:
            projector = ProjectorWriter(vectors: output.main, metadata: output.metadata!)
            (table, vectorText) = (nil, nil)
        case .arpa:
            throw FirthError.invalidOption("the ARPA format holds a language model, not a table of words and numbers")
        }
    }

    func write(_ word: String, _ values: [String]) throws {
        if let table { try table.write([word], numbers: values) }
        if let vectorText { try vectorText.write(word: word, values: values) }
        projector?.write(word: word, values: values)
    }
}
