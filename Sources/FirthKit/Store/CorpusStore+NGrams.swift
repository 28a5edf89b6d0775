import Foundation
import GRDB

/// One stored n-gram model: its parameters, what it holds, and whether it is current.
public struct NGramTable: Sendable, Equatable {
    /// One order of the model: its size, counts-of-counts and modified Kneser-Ney discounts.
    public struct Order: Sendable, Equatable, Codable, FetchableRecord {
        public var n: Int
        public var ngramCount: Int
        /// Counts-of-counts n₁…n₄ of the Kneser-Ney counts.
        public var n1: Int, n2: Int, n3: Int, n4: Int
        /// The discounts D₁, D₂, D₃₊.
        public var d1: Double, d2: Double, d3: Double
        /// The counts-of-counts could not make discounts; KenLM's fallback 0.5, 1, 1.5 was used.
        public var fallback: Bool
        var firstID: Int64
        var lastID: Int64

        enum CodingKeys: String, CodingKey {
            case n, ngramCount = "ngram_count", n1, n2, n3, n4, d1, d2, d3, fallback, firstID = "first_id", lastID = "last_id"
        }
    }

    public var id: Int64
    public var name: String
    public var parameters: NGramParameters
    public var orders: [Order]
    /// Words of the model, with `<unk>`, `<s>` and `</s>`.
    public var vocabularySize: Int
    public var trainingDocuments: Int
    public var sentences: Int
    /// Words counted, without the sentence markers.
    public var tokens: Int
    public var seconds: Double
    public var createdAt: String
    /// The corpus gained or lost documents since this model was counted.
    public var isStale: Bool

    /// Distinct n-grams of each order, unigrams first.
    public var ngramCounts: [Int] { orders.map(\.ngramCount) }
}

/// One row of `ngram_models`, as stored.
private struct NGramModelRow: Decodable, FetchableRecord {
    var model_id: Int64
    var name: String
    var parameters: String
    var vocabulary_size: Int
    var training_documents: Int
    var sentences: Int
    var tokens: Int
    var seconds: Double
    var created_at: String
    var corpus_documents: Int
    var corpus_tokens: Int
    var corpus_last_document: Int64
}

extension CorpusStore {
    /// Every complete n-gram model, oldest first.
    public func ngramTables() throws -> [NGramTable] {
        try dbQueue.read { db in try Self.ngramTables(db) }
    }

    static func ngramTables(_ db: Database, where condition: String = "1", arguments: StatementArguments = []) throws -> [NGramTable] {
        let state = try corpusState(db)
        return try NGramModelRow.fetchAll(db, sql: """
            SELECT * FROM ngram_models WHERE status = 'complete' AND (\(condition)) ORDER BY model_id
            """, arguments: arguments).map { row in
            NGramTable(
                id: row.model_id, name: row.name,
                parameters: try JSONDecoder().decode(NGramParameters.self, from: Data(row.parameters.utf8)),
                orders: try NGramTable.Order.fetchAll(db, sql: "SELECT * FROM ngram_orders WHERE model_id = ? ORDER BY n",
                                                      arguments: [row.model_id]),
                vocabularySize: row.vocabulary_size, trainingDocuments: row.training_documents,
                sentences: row.sentences, tokens: row.tokens, seconds: row.seconds, createdAt: row.created_at,
                isStale: CorpusState(documents: row.corpus_documents, tokens: row.corpus_tokens,
                                     lastDocument: row.corpus_last_document) != state)
        }
    }

    /// The model called `name`, or — when `name` is nil — the most recently made current one.
    ///
    /// - Throws: ``FirthError/missing(what:hint:)`` when there is no such model.
    public func ngramTable(named name: String?) throws -> NGramTable {
        let tables = try ngramTables()
        if let name {
            guard let table = tables.first(where: { $0.name == name }) else {
                let known = tables.map(\.name).joined(separator: ", ")
                throw FirthError.missing(what: "n-gram model '\(name)'",
                                         hint: known.isEmpty ? "make one with `firth ngrams`" : "the models are: \(known)")
            }
            return table
        }
        guard let latest = tables.last(where: { !$0.isStale }) ?? tables.last else {
            throw FirthError.missing(what: "an n-gram model", hint: "make one with `firth ngrams --db \(path)`")
        }
        return latest
    }

    /// The documents a model held out, in id order (empty without a hold-out).
    public func heldOutDocuments(of table: NGramTable) throws -> [Int64] {
        try dbQueue.read { db in
            try Int64.fetchAll(db, sql: "SELECT document_id FROM ngram_held_out WHERE model_id = ? ORDER BY document_id",
                               arguments: [table.id])
        }
    }

    /// A model's words in id order: `<unk>`, `<s>`, `</s>`, then the most frequent first.
    public func ngramVocabulary(of table: NGramTable) throws -> [String] {
        try dbQueue.read { db in
            try String.fetchAll(db, sql: "SELECT word FROM ngram_vocabulary WHERE model_id = ? ORDER BY id", arguments: [table.id])
        }
    }

    /// Calls `body` with every n-gram of order `n` of a model, in id order, which is the order of
    /// (context, word): the children of a context are consecutive, words ascending.
    func forEachNGram(of table: NGramTable, order n: Int, _ body: (NGramRow) throws -> Void) throws {
        let range = table.orders[n - 1]
        try dbQueue.read { db in
            let rows = try NGramRow.fetchCursor(db, sql: """
                SELECT ngram_id, context_id, word, probability, backoff FROM ngrams
                WHERE ngram_id BETWEEN ? AND ? ORDER BY ngram_id
                """, arguments: [range.firstID, range.lastID])
            while let row = try rows.next() { try body(row) }
        }
    }
}

/// One n-gram as the in-memory model reads it.
struct NGramRow: FetchableRecord {
    var id: Int64
    var contextID: Int64
    var word: Int32
    var probability: Double
    var backoff: Double

    init(row: Row) {
        id = row["ngram_id"]
        contextID = row["context_id"]
        word = row["word"]
        probability = row["probability"]
        backoff = row["backoff"]
    }
}
