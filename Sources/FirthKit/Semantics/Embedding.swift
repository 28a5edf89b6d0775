import Foundation

/// A stored set of word vectors: its name, how it was made (with every knob), and its size.
///
/// ```swift
/// let embedding = try store.embedding(named: nil)
/// if case let .svd(parameters, counts) = embedding.source {
///     print(parameters.dimensions, counts?.window ?? 0)   // 300 6
/// }
/// ```
public struct Embedding: Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// How the vectors were made, with the typed parameters of that method.
    public var source: Source
    /// The count table an SVD embedding was made from (nil once that table is deleted, or for the others).
    public var tableID: Int64?
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

    /// For a combined embedding: the embeddings combined and their weights.
    public var combination: CombinationParameters? { source.combination }
}

extension Embedding {
    /// Where a set of vectors came from, with the parameters that made it.
    ///
    /// Stored as the `source`, `parameters` and `count_parameters` columns of `embeddings`
    /// (docs/schema.md).
    public enum Source: Sendable, Equatable {
        /// Truncated SVD of a count table's PPMI (``EmbeddingBuilder``): its knobs, and the knobs
        /// of the count it factored (kept with the vectors when that table is deleted; nil only
        /// for vectors stored before Firth kept them whose table is gone).
        case svd(EmbeddingParameters, counts: CountParameters?)
        /// Skip-gram with negative sampling trained on the token stream (``SkipGramTrainer``).
        case sgns(SkipGramParameters)
        /// Stored embeddings laid end to end
        /// (``CorpusStore/combineEmbeddings(_:weights:name:replace:)``).
        case combined(CombinationParameters)
        /// Read from a word2vec or GloVe file (``CorpusStore/importVectors(at:name:format:replace:)``):
        /// made elsewhere, with knobs Firth cannot know.
        case imported

        /// The method alone, spelled as the `source` column stores it.
        public enum Kind: String, CaseIterable, Codable, Sendable {
            case svd
            case sgns
            case combined = "concat"
            case imported = "import"
        }

        public var kind: Kind {
            switch self {
            case .svd: return .svd
            case .sgns: return .sgns
            case .combined: return .combined
            case .imported: return .imported
            }
        }

        /// The knobs of an SVD embedding.
        public var svd: EmbeddingParameters? {
            if case let .svd(parameters, _) = self { return parameters }
            return nil
        }

        /// The knobs of the count table an SVD embedding factored.
        public var counts: CountParameters? {
            if case let .svd(_, counts) = self { return counts }
            return nil
        }

        /// The knobs of a skip-gram embedding.
        public var skipGram: SkipGramParameters? {
            if case let .sgns(parameters) = self { return parameters }
            return nil
        }

        /// The parts and weights of a combined embedding.
        public var combination: CombinationParameters? {
            if case let .combined(parameters) = self { return parameters }
            return nil
        }

        /// The `parameters` column to store: canonical JSON of the method's knobs (`{}` for
        /// imported vectors). An SVD's count knobs go to `count_parameters`.
        public var parametersJSON: String {
            switch self {
            case let .svd(parameters, _): return parameters.json
            case let .sgns(parameters): return parameters.json
            case let .combined(parameters): return parameters.canonicalJSON
            case .imported: return "{}"
            }
        }

        /// Reads the stored columns back: the method, its knobs as JSON, and (for SVD) the knobs
        /// of its count table as JSON.
        ///
        /// A knob added to Firth after the vectors were made is absent from their JSON and takes
        /// the value it had then (see ``EmbeddingParameters/init(from:)``).
        public init(kind: Kind, parameters json: String, counts countsJSON: String?) throws {
            let decoder = JSONDecoder()
            switch kind {
            case .svd:
                let counts = try countsJSON.map { try decoder.decode(CountParameters.self, from: Data($0.utf8)) }
                self = .svd(try decoder.decode(EmbeddingParameters.self, from: Data(json.utf8)), counts: counts)
            case .sgns:
                self = .sgns(try decoder.decode(SkipGramParameters.self, from: Self.skipGramJSON(json)))
            case .combined:
                self = .combined(try decoder.decode(CombinationParameters.self, from: Data(json.utf8)))
            case .imported:
                self = .imported
            }
        }

        /// Skip-gram vectors stored before all-but-the-top existed for them lack
        /// `removeTopComponents`; they had none removed.
        private static func skipGramJSON(_ json: String) -> Data {
            guard var object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any],
                  object["removeTopComponents"] == nil, !object.isEmpty else { return Data(json.utf8) }
            object["removeTopComponents"] = 0
            return (try? JSONSerialization.data(withJSONObject: object)) ?? Data(json.utf8)
        }
    }
}
