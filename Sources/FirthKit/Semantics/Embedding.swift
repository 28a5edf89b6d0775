import Foundation

/// A stored set of word vectors: its name, where it came from, and its parameters.
public struct Embedding: Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// `svd` (``EmbeddingBuilder``), `sgns` (``SkipGramTrainer``), `concat`
    /// (``CorpusStore/combineEmbeddings(_:weights:name:replace:)``) or `import` (read from a
    /// word2vec/GloVe file).
    public var source: String
    /// The count table an SVD embedding was made from (nil once that table is deleted, or for the others).
    public var tableID: Int64?
    /// The knobs of an `svd` embedding.
    public var parameters: EmbeddingParameters?
    /// The knobs of an `sgns` embedding.
    public var skipGramParameters: SkipGramParameters?
    /// For `sgns`: the corpus has changed since the vectors were trained. (An `svd` embedding is
    /// as current as its count table.)
    public var isStale = false
    public var dimensions: Int
    public var vocabularySize: Int
    public var singularValues: [Float]
    public var seconds: Double
    public var createdAt: String
    /// The `parameters` column as stored: canonical JSON of whichever knobs made the vectors.
    public var parametersJSON = "{}"

    /// For `concat`: the embeddings combined and their weights.
    public var combination: CombinationParameters? {
        source == "concat" ? try? JSONDecoder().decode(CombinationParameters.self, from: Data(parametersJSON.utf8)) : nil
    }
}
