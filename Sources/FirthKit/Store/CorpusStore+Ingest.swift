import Foundation
import GRDB

/// A stored document found by its text: the one a new document duplicates.
struct StoredDocument: FetchableRecord, Decodable, Sendable {
    var documentID: Int64
    var source: String

    enum CodingKeys: String, CodingKey {
        case documentID = "document_id"
        case source
    }
}

/// Where the next document goes: after the last one, past the gap between documents.
struct DocumentSlot: FetchableRecord, Decodable, Sendable {
    var firstPosition: Int64
    var firstSentence: Int64

    enum CodingKeys: String, CodingKey {
        case firstPosition = "first_position"
        case firstSentence = "first_sentence"
    }
}

/// A word of the vocabulary with its id.
struct StoredWord: FetchableRecord, Decodable, Sendable {
    var word: String
    var wordID: Int64

    enum CodingKeys: String, CodingKey {
        case word
        case wordID = "word_id"
    }
}

/// What the ingester reads inside its write transactions: the state every document is written
/// against, read from the database itself, so two writers can never give one id or position to
/// two things.
extension CorpusStore {
    /// The largest word id handed out so far (0 for an empty vocabulary).
    static func lastWordID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(word_id), 0) FROM words") ?? 0
    }

    /// Every word with its id, in no particular order.
    static func words(_ db: Database) throws -> RecordCursor<StoredWord> {
        try StoredWord.fetchCursor(db, sql: "SELECT word, word_id FROM words")
    }

    /// A stored document whose text is `text` (`hash` is its ``Ingester/contentHash(_:)``),
    /// from any source or, with `source`, from that source only.
    static func storedDocument(_ db: Database, hash: Int64, text: String, source: String?) throws -> StoredDocument? {
        try StoredDocument.fetchOne(db, sql: """
            SELECT document_id, source FROM documents
            WHERE content_hash = ? AND text = ? AND (? IS NULL OR source = ?)
            ORDER BY document_id LIMIT 1
            """, arguments: [hash, text, source, source])
    }

    /// The first position and first sentence number of the next document.
    static func nextDocumentSlot(_ db: Database) throws -> DocumentSlot {
        try DocumentSlot.fetchOne(db, sql: """
            SELECT first_position + token_count + ? AS first_position, first_sentence + sentence_count AS first_sentence
            FROM documents ORDER BY document_id DESC LIMIT 1
            """, arguments: [documentGap]) ?? DocumentSlot(firstPosition: 0, firstSentence: 0)
    }
}
