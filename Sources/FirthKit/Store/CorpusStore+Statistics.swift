import Foundation
import GRDB

/// Corpus size at a glance: what `firth stats` prints.
public struct CorpusStatistics: Sendable, Equatable {
    public var name: String
    public var documents: Int
    public var tokens: Int
    /// Distinct words (the vocabulary size before any min-count).
    public var types: Int
    public var sentences: Int
    /// Per collection (the `--corpus` label of each ingest): documents and tokens.
    public var collections: [(name: String, documents: Int, tokens: Int)]

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.documents == b.documents && a.tokens == b.tokens && a.types == b.types
            && a.sentences == b.sentences
            && a.collections.map { "\($0)" } == b.collections.map { "\($0)" }
    }
}

/// One stored document as `firth stats --documents` lists it: its row of `documents` without the text.
public struct DocumentSummary: FetchableRecord, Decodable, Sendable, Equatable {
    public var documentID: Int64
    public var source: String
    /// The collection (the `--corpus` label of its ingest) it is filed under.
    public var collection: String
    public var tokens: Int
    public var sentences: Int
    /// The encoding its bytes were decoded from.
    public var encoding: String

    enum CodingKeys: String, CodingKey {
        case documentID = "document_id", source, collection, tokens = "token_count", sentences = "sentence_count", encoding
    }
}

extension CorpusStore {
    /// The totals of `documents`: how many, their tokens and their sentences.
    private struct DocumentTotals: FetchableRecord, Decodable {
        var documents: Int
        var tokens: Int
        var sentences: Int
    }

    /// One collection's documents and tokens.
    private struct CollectionTotals: FetchableRecord, Decodable {
        var collection: String
        var documents: Int
        var tokens: Int
    }

    /// Documents, tokens, types and sentences, overall and per collection.
    public func statistics() throws -> CorpusStatistics {
        let info = try requireCorpus()
        return try dbQueue.read { db in
            let totals = try DocumentTotals.fetchOne(db, sql: """
                SELECT count(*) AS documents, coalesce(sum(token_count), 0) AS tokens,
                       coalesce(sum(sentence_count), 0) AS sentences FROM documents
                """)!
            let types = try Int.fetchOne(db, sql: "SELECT count(*) FROM words WHERE count > 0") ?? 0
            let collections = try CollectionTotals.fetchAll(db, sql: """
                SELECT collection, count(*) AS documents, sum(token_count) AS tokens FROM documents
                GROUP BY collection ORDER BY collection
                """).map { (name: $0.collection, documents: $0.documents, tokens: $0.tokens) }
            return CorpusStatistics(name: info.name, documents: totals.documents, tokens: totals.tokens, types: types,
                                    sentences: totals.sentences, collections: collections)
        }
    }

    /// Every document, in the order it was stored.
    public func documents() throws -> [DocumentSummary] {
        try dbQueue.read { db in
            try DocumentSummary.fetchAll(db, sql: """
                SELECT document_id, source, collection, token_count, sentence_count, encoding
                FROM documents ORDER BY document_id
                """)
        }
    }

    /// The tokens of the whole corpus (the sum of the documents' lengths).
    public func tokenCount() throws -> Int {
        try dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT coalesce(sum(token_count), 0) FROM documents") ?? 0 }
    }
}
