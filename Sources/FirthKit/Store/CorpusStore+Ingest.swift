import Foundation
import GRDB
import GRDBSQLite

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
    ///
    /// The candidates are found by hash first (nearly always none), and only a candidate's text
    /// is compared, with `text` bound in place: a bound string would otherwise be copied by
    /// SQLite, which for a 200 MB document is 200 MB more held at once.
    static func storedDocument(_ db: Database, hash: Int64, text: String, source: String?) throws -> StoredDocument? {
        let candidates = try StoredDocument.fetchAll(db, sql: """
            SELECT document_id, source FROM documents
            WHERE content_hash = ? AND (? IS NULL OR source = ?)
            ORDER BY document_id
            """, arguments: [hash, source, source])
        guard !candidates.isEmpty else { return nil }
        let statement = try db.makeStatement(sql: "SELECT text = ? FROM documents WHERE document_id = ?")
        let handle = statement.sqliteStatement
        for candidate in candidates {
            let same = try withBoundText(text, at: 1, of: handle) { () throws -> Bool in
                sqlite3_bind_int64(handle, 2, candidate.documentID)
                defer { sqlite3_reset(handle) }
                let code = sqlite3_step(handle)
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                return sqlite3_column_int64(handle, 0) == 1
            }
            if same { return candidate }
        }
        return nil
    }

    /// Runs `body` with `text` bound to parameter `index` of `statement` without a copy
    /// (SQLITE_STATIC), and clears the bindings after, so the statement never points at text
    /// that is gone.
    static func withBoundText<T>(_ text: String, at index: Int32, of statement: OpaquePointer?,
                                 _ body: () throws -> T) throws -> T {
        var text = text
        return try text.withUTF8 { bytes in
            defer { sqlite3_clear_bindings(statement) }
            let empty: StaticString = ""
            let start = UnsafeRawPointer(bytes.baseAddress ?? empty.utf8Start).assumingMemoryBound(to: CChar.self)
            sqlite3_bind_text64(statement, index, start, sqlite3_uint64(bytes.count), nil, UInt8(SQLITE_UTF8))
            return try body()
        }
    }

    /// The first position and first sentence number of the next document.
    static func nextDocumentSlot(_ db: Database) throws -> DocumentSlot {
        try DocumentSlot.fetchOne(db, sql: """
            SELECT first_position + token_count + ? AS first_position, first_sentence + sentence_count AS first_sentence
            FROM documents ORDER BY document_id DESC LIMIT 1
            """, arguments: [documentGap]) ?? DocumentSlot(firstPosition: 0, firstSentence: 0)
    }
}
