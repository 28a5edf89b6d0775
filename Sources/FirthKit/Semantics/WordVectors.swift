import Foundation

/// Word vectors and the questions one asks of them: the read-only query object of Firth.
///
/// Modelled on gensim's `KeyedVectors`: a vocabulary, one unit-length vector per word, and the
/// familiar queries — ``mostSimilar(to:count:)``, ``similarity(_:_:)``,
/// ``mostSimilar(positive:negative:count:)`` (analogies), ``doesntMatch(_:)`` and
/// ``evaluateWordPairs(_:name:)``. Vectors are never trained here; they come from ``EmbeddingBuilder``,
/// ``SkipGramTrainer`` or ``CorpusStore/combineEmbeddings(_:weights:name:replace:)``, or are imported.
///
/// ```swift
/// let vectors = try store.wordVectors(named: nil)
/// for neighbor in try vectors.mostSimilar(to: "river", count: 5) {
///     print(neighbor.word, neighbor.similarity)
/// }
/// try vectors.mostSimilar(positive: ["king", "woman"], negative: ["man"], count: 1)   // queen?
/// ```
///
/// ## Topics
/// ### Looking up
/// - ``vector(for:)``
/// - ``contains(_:)``
/// ### Queries
/// - ``mostSimilar(to:count:)``
/// - ``mostSimilar(positive:negative:count:)``
/// - ``mostSimilarCosMul(positive:negative:count:)``
/// - ``similarity(_:_:)``
/// - ``doesntMatch(_:)``
public struct WordVectors: Sendable {
    /// A word and its cosine similarity to a query.
    public struct Neighbor: Sendable, Equatable {
        public var word: String
        public var similarity: Float
    }

    /// The name of the embedding these vectors come from.
    public var name: String
    /// The vocabulary, one word per row, most frequent first.
    public let words: [String]
    /// One unit-length row per word.
    public let vectors: DenseMatrix
    /// Each word's share of the corpus's tokens, p(w), when the corpus knows the word (else 0);
    /// nil for vectors without a corpus. Used to weigh frequent words down in attention.
    public var frequencies: [Double]?
    private let index: [String: Int]

    /// - Precondition: one row per word; rows are normalized here (in place when the caller
    ///   hands over its only copy, as the store does: a 17,000 × 600 matrix is 40 MB).
    public init(name: String, words: [String], vectors: consuming DenseMatrix) {
        precondition(words.count == vectors.rows, "one vector per word")
        self.name = name
        self.words = words
        var unit = consume vectors
        unit.normalizeRows()
        self.vectors = unit
        var index: [String: Int] = [:]
        index.reserveCapacity(words.count)
        for (i, word) in words.enumerated() where index[word] == nil { index[word] = i }
        self.index = index
    }

    public var dimensions: Int { vectors.columns }

    public func contains(_ word: String) -> Bool { index[word] != nil }

    /// The row of `word`, or nil: the quiet lookup evaluations use for coverage.
    public func rowIfPresent(_ word: String) -> Int? { index[word] }

    /// The row of `word`, or ``FirthError/unknownWord(_:suggestions:)`` with close spellings.
    public func row(of word: String) throws -> Int {
        if let row = index[word] { return row }
        throw FirthError.unknownWord(word, suggestions: suggestions(for: word))
    }

    /// The unit vector of `word`.
    public func vector(for word: String) throws -> [Float] {
        vectors.row(try row(of: word))
    }

    /// Vocabulary words spelled closest to `word`, frequent (low row) first.
    public func suggestions(for word: String, count: Int = 3) -> [String] {
        Spelling.closest(to: word, among: words, count: count)
    }
}
