import Foundation

/// The plain-text word vector formats other tools read: word2vec, GloVe, TensorBoard's projector.
///
/// ```
/// word2vec   3 2                  a header "count dimensions", then one line per word:
///            river 0.5 -0.25      the word and its values, separated by single spaces
/// glove      river 0.5 -0.25      the same lines without the header
/// projector  vectors file:   0.5<TAB>-0.25        one line per word, values only
///            metadata file:  river                one word per line, same order, no header
/// ```
///
/// word2vec text is what gensim's `KeyedVectors.load_word2vec_format(path, binary=False)`
/// reads; GloVe's files are read by the same call with `no_header=True`. The projector pair is
/// loaded at projector.tensorflow.org ("Load": vectors, then metadata).
///
/// Numbers are written by ``ExactNumber`` and read back to the same bits.
///
/// ## Topics
/// ### Writing
/// - ``VectorTextWriter``
/// - ``ProjectorWriter``
/// ### Reading
/// - ``VectorFileReader``
public enum VectorFormat: String, Sendable, CaseIterable {
    /// A "count dimensions" header, then `word v1 … vd` per line (Mikolov et al.'s word2vec tool).
    case word2vec
    /// `word v1 … vd` per line, no header (Pennington et al.'s GloVe).
    case glove
}

/// Writes word vectors as word2vec or GloVe text.
///
/// ```swift
/// let writer = VectorTextWriter(stream: out, format: .word2vec, count: 2, dimensions: 3)
/// try writer.write(word: "river", values: ["0.5", "-0.25", "1"])
/// ```
public final class VectorTextWriter {
    public let stream: StreamWriter
    public let format: VectorFormat
    public let dimensions: Int

    /// Writes the header (word2vec) at once: `count` must be the number of vectors to follow.
    public init(stream: StreamWriter, format: VectorFormat, count: Int, dimensions: Int) {
        self.stream = stream
        self.format = format
        self.dimensions = dimensions
        if format == .word2vec { stream.write("\(count) \(dimensions)\n") }
    }

    /// Writes one vector, its values already formatted (``ExactNumber/text(_:)-(Float)``).
    ///
    /// - Throws: ``FirthError/invalidOption(_:)`` for a word with whitespace in it, which would
    ///   shift every field after it; check words beforehand to fail before writing anything.
    public func write<Values: Collection<String>>(word: String, values: Values) throws {
        precondition(values.count == dimensions, "\(values.count) values in a file of \(dimensions) dimensions")
        if EmbeddingExporter.isUnfitForVectorText(word) { throw Self.unfit(word, format: format.rawValue) }
        stream.write(word)
        for value in values {
            stream.append(UInt8(ascii: " "))
            stream.write(value)
        }
        stream.append(UInt8(ascii: "\n"))
    }

    static func unfit(_ word: String, format: String) -> FirthError {
        .invalidOption("the word '\(word.debugDescription.dropFirst().dropLast())' is empty or contains whitespace, which \(format) text cannot hold; export as csv, tsv or projector instead")
    }
}

/// Writes the two files of TensorBoard's Embedding Projector: vectors and metadata.
///
/// The vectors file has one tab-separated vector per line and no header; the metadata file has
/// one word per line, in the same order, and no header (the projector expects a header only
/// when there are two or more metadata columns). A tab, line break or backslash in a word is
/// escaped as in TSV (`\t`, `\n`, `\\`) so that line i of both files stays the same word.
///
/// With `--out NAME.tsv`, the metadata goes to `NAME.metadata.tsv` beside it
/// (``metadataPath(forVectorsAt:)``).
///
/// ```swift
/// let writer = ProjectorWriter(vectors: vectorsOut, metadata: metadataOut)
/// try writer.write(word: "river", values: ["0.5", "-0.25"])
/// ```
public final class ProjectorWriter {
    public let vectors: StreamWriter
    public let metadata: StreamWriter

    public init(vectors: StreamWriter, metadata: StreamWriter) {
        self.vectors = vectors
        self.metadata = metadata
    }

    /// The metadata file that goes with a vectors file: `X.tsv` → `X.metadata.tsv`, else `X.metadata.tsv` after X.
    public static func metadataPath(forVectorsAt path: String) -> String {
        (path.hasSuffix(".tsv") ? String(path.dropLast(4)) : path) + ".metadata.tsv"
    }

    public func write<Values: Collection<String>>(word: String, values: Values) {
        for (i, value) in values.enumerated() {
            if i > 0 { vectors.append(UInt8(ascii: "\t")) }
            vectors.write(value)
        }
        vectors.append(UInt8(ascii: "\n"))
        metadata.write(Table.escapeTSV(word))
        metadata.append(UInt8(ascii: "\n"))
    }
}
