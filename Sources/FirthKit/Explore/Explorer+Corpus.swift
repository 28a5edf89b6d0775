import Foundation

extension Explorer {
    /// `/api/corpus`: sizes, the Zipf curve, the stored tables with their parameters, and words
    /// to start from, chosen for this corpus.
    struct CorpusAnswer: Encodable {
        struct Collection: Encodable { var name: String; var documents: Int; var tokens: Int }
        struct Point: Encodable { var rank: Int; var word: String; var count: Int }
        struct Stored: Encodable {
            var name: String
            var kind: String
            var parameters: JSONValue
            var stale: Bool
            var details: [String: Int]
            var created: String
        }
        var name: String
        var documents: Int
        var tokens: Int
        var types: Int
        var sentences: Int
        var collections: [Collection]
        /// Rank and count of words at ranks spread evenly on a log scale (every rank up to 100).
        var zipf: [Point]
        var tables: [Stored]
        var embeddings: [Stored]
        var ngramModels: [Stored]
        /// Frequent content words of this corpus, most frequent first (``WordChoice``).
        var suggestedWords: [String]
        var suggestedBecause: String?

        enum CodingKeys: String, CodingKey {
            case name, documents, tokens, types, sentences, collections, zipf, tables, embeddings
            case ngramModels = "ngram_models", suggestedWords = "suggested_words", suggestedBecause = "suggested_because"
        }
    }

    /// How many suggested words the corpus page lists.
    static let suggestedCount = 12

    func corpus(_ query: ExploreQuery) throws -> ExploreResponse {
        let statistics = try store.statistics()
        let frequencies = try self.frequencies().list
        // Ranks 1, 2, 3, … then 5% apart, and the last: a few hundred points draw the whole curve.
        var ranks: [Int] = []
        var rank = 1.0
        while Int(rank) <= frequencies.count { ranks.append(Int(rank)); rank = max(rank * 1.05, rank + 1) }
        if let last = ranks.last, last < frequencies.count { ranks.append(frequencies.count) }
        let zipf = ranks.map { CorpusAnswer.Point(rank: $0, word: frequencies[$0 - 1].word, count: frequencies[$0 - 1].count) }
        let tables = try store.cooccurrenceTables()
        let embeddings = try store.embeddings()
        var suggested: [String] = []
        var because: String?
        if let table = tables.last, !embeddings.isEmpty {
            let loaded = try loadedVectors(nil)
            let vectors = loaded.vectors
            // Chosen once per table and embedding (by their keys: a replaced one has another).
            let key = ["corpus", Self.key(of: table), loaded.key].joined(separator: "\u{0}")
            let choice = try wordChoices.value(key) {
                try WordChoice.choose(store: store, table: table, vectors: vectors, count: Self.suggestedCount, tutorial: false)
            }
            suggested = choice.words
            because = choice.explanation
        } else {
            // Without counts there is no company to measure: the most frequent words.
            suggested = frequencies.prefix(Self.suggestedCount).map(\.word)
            because = "The most frequent words (the database has no co-occurrence table and embedding to choose content words with)."
        }
        let answer = CorpusAnswer(
            name: statistics.name, documents: statistics.documents, tokens: statistics.tokens, types: statistics.types,
            sentences: statistics.sentences,
            collections: statistics.collections.map { .init(name: $0.name, documents: $0.documents, tokens: $0.tokens) },
            zipf: zipf,
            tables: tables.map { .init(name: $0.name, kind: "co-occurrence counts", parameters: JSONValue(encoding: $0.parameters).snakeCased, stale: $0.isStale,
                                       details: ["vocabulary_size": $0.vocabularySize, "nonzero_cells": $0.nonzeroCount], created: $0.createdAt) },
            embeddings: embeddings.map { .init(name: $0.name, kind: $0.source.kind.rawValue, parameters: JSONValue(parsing: $0.parametersJSON).snakeCased, stale: $0.isStale,
                                               details: ["dimensions": $0.dimensions, "vocabulary_size": $0.vocabularySize], created: $0.createdAt) },
            ngramModels: try store.ngramTables().map { .init(name: $0.name, kind: "\($0.parameters.order)-gram", parameters: JSONValue(encoding: $0.parameters).snakeCased,
                                                             stale: $0.isStale, details: ["vocabulary_size": $0.vocabularySize, "tokens": $0.tokens], created: $0.createdAt) },
            suggestedWords: suggested, suggestedBecause: because)
        return .json(answer)
    }
}
