import Foundation
import GRDB

/// A word of the corpus with its id and its number of occurrences.
public struct CorpusWord: FetchableRecord, Sendable, Equatable {
    public var wordID: Int64
    public var word: String
    public var count: Int

    // By column name, not Decodable: one record per word of the corpus (see AssociationValue).
    public init(row: Row) throws {
        wordID = row["word_id"]
        word = row["word"]
        count = row["count"]
    }
}

/// Where a document's tokens lie in the corpus's token stream.
public struct DocumentSpan: FetchableRecord, Decodable, Sendable, Equatable {
    public var documentID: Int64
    public var firstPosition: Int64
    public var tokenCount: Int64

    /// The position just after the document's last token.
    public var end: Int64 { firstPosition + tokenCount }

    enum CodingKeys: String, CodingKey {
        case documentID = "document_id", firstPosition = "first_position", tokenCount = "token_count"
    }
}

/// One read of the whole corpus — its words, its documents' spans and its token stream — in a
/// single read transaction, so the three agree even while `firth ingest` writes.
///
/// Made by ``CorpusStore/readingCorpus(_:)``; valid only inside that call.
public struct CorpusReader {
    let db: Database

    /// The largest word id (0 for an empty corpus): word ids are small consecutive integers,
    /// so dense arrays indexed by id are the cheap lookup tables.
    public func largestWordID() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(word_id), 0) FROM words") ?? 0
    }

    /// Every word of the corpus, in no particular order.
    public func forEachWord(_ body: (CorpusWord) throws -> Void) throws {
        let words = try CorpusWord.fetchCursor(db, sql: "SELECT word_id, word, count FROM words")
        while let word = try words.next() { try body(word) }
    }

    /// The documents holding tokens, in the order of their tokens.
    public func documentSpans() throws -> [DocumentSpan] {
        try DocumentSpan.fetchAll(db, sql: """
            SELECT document_id, first_position, token_count FROM documents WHERE token_count > 0 ORDER BY first_position
            """)
    }

    /// Every token as (position, word id), in corpus order, streamed.
    public func forEachToken(_ body: (_ position: Int64, _ wordID: Int64) throws -> Void) throws {
        // The corpus's hottest loop (millions of rows): two columns read by index, not decoded
        // into a record per row.
        let tokens = try Row.fetchCursor(db, sql: "SELECT position, word_id FROM tokens ORDER BY position")
        while let token = try tokens.next() { try body(token[0], token[1]) }
    }
}

extension CorpusStore {
    /// Reads the corpus through `body` in one read transaction (see ``CorpusReader``).
    public func readingCorpus<T>(_ body: (CorpusReader) throws -> T) throws -> T {
        try dbQueue.read { db in try body(CorpusReader(db: db)) }
    }

    /// The corpus as it is now: documents, tokens and the last document id, the state a derived
    /// table records so that it knows when it has gone stale.
    func corpusState() throws -> CorpusState {
        try dbQueue.read { db in try Self.corpusState(db) }
    }
}
