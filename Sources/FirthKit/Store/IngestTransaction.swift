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

/// What the ingester reads and writes inside one transaction: the state a document is written
/// against (the last word id, the next free position, a stored copy of its text) and the rows
/// it adds to `documents`, `words` and `tokens`.
///
/// The statements over many rows bind through the raw sqlite3 API, since GRDB's arguments
/// allocate per call; a long text is bound in place rather than copied.
struct IngestTransaction {
    let db: Database

    // MARK: - Reading

    /// The largest word id handed out so far (0 for an empty vocabulary).
    func lastWordID() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(word_id), 0) FROM words") ?? 0
    }

    /// The vocabulary as stored: every word with its id.
    func vocabulary() throws -> Vocabulary {
        var vocabulary = Vocabulary()
        let words = try StoredWord.fetchCursor(db, sql: "SELECT word, word_id FROM words")
        while let word = try words.next() { vocabulary.load(word: word.word, id: word.wordID) }
        return vocabulary
    }

    /// A stored document whose text is `text` (`hash` is its ``Ingester/contentHash(_:)``),
    /// from any source or, with `source`, from that source only.
    ///
    /// The candidates are found by hash first (nearly always none), and only a candidate's text
    /// is compared, with `text` bound in place: a bound string would otherwise be copied by
    /// SQLite, which for a 200 MB document is 200 MB more held at once.
    func storedDocument(hash: Int64, text: String, source: String?) throws -> StoredDocument? {
        let candidates = try StoredDocument.fetchAll(db, sql: """
            SELECT document_id, source FROM documents
            WHERE content_hash = ? AND (? IS NULL OR source = ?)
            ORDER BY document_id
            """, arguments: [hash, source, source])
        guard !candidates.isEmpty else { return nil }
        let statement = try db.makeStatement(sql: "SELECT text = ? FROM documents WHERE document_id = ?")
        let handle = statement.sqliteStatement
        for candidate in candidates {
            let same = try Self.withBoundText(text, at: 1, of: handle) { () throws -> Bool in
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

    /// The first position and first sentence number of the next document.
    func nextDocumentSlot() throws -> DocumentSlot {
        try DocumentSlot.fetchOne(db, sql: """
            SELECT first_position + token_count + ? AS first_position, first_sentence + sentence_count AS first_sentence
            FROM documents ORDER BY document_id DESC LIMIT 1
            """, arguments: [CorpusStore.documentGap]) ?? DocumentSlot(firstPosition: 0, firstSentence: 0)
    }

    // MARK: - Writing

    /// Inserts a document's row. Its text is bound in place (SQLITE_STATIC) while the row is
    /// written: with GRDB's arguments SQLite would first copy it, a second copy of a long text
    /// beside the one SQLite builds the row in.
    func insertDocument(source: String, collection: String, contentHash: Int64, text: String,
                        metadata: String?, encoding: TextDecoding.Encoding, firstPosition: Int64, tokenCount: Int,
                        firstSentence: Int64, sentenceCount: Int) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO documents(source, collection, content_hash, text, metadata, encoding,
                                  first_position, token_count, first_sentence, sentence_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).sqliteStatement
        _ = source.withCString { sqlite3_bind_text(statement, 1, $0, -1, Self.sqliteTransient) }
        _ = collection.withCString { sqlite3_bind_text(statement, 2, $0, -1, Self.sqliteTransient) }
        sqlite3_bind_int64(statement, 3, contentHash)
        if let metadata {
            _ = metadata.withCString { sqlite3_bind_text(statement, 5, $0, -1, Self.sqliteTransient) }
        } else {
            sqlite3_bind_null(statement, 5)
        }
        _ = encoding.rawValue.withCString { sqlite3_bind_text(statement, 6, $0, -1, Self.sqliteTransient) }
        sqlite3_bind_int64(statement, 7, firstPosition)
        sqlite3_bind_int64(statement, 8, Int64(tokenCount))
        sqlite3_bind_int64(statement, 9, firstSentence)
        sqlite3_bind_int64(statement, 10, Int64(sentenceCount))
        try Self.withBoundText(text, at: 4, of: statement) { try step(statement) }
    }

    /// Inserts new words with a count of 0. A plain INSERT: an id or word already stored fails
    /// the transaction, never merges.
    func insertWords(_ words: [(id: Int64, word: String)]) throws {
        guard !words.isEmpty else { return }
        let insertWord = try db.cachedStatement(sql: "INSERT INTO words(word_id, word, count) VALUES (?, ?, 0)").sqliteStatement
        for (id, word) in words {
            sqlite3_bind_int64(insertWord, 1, id)
            _ = word.withCString { sqlite3_bind_text(insertWord, 2, $0, -1, Self.sqliteTransient) }
            try step(insertWord)
        }
    }

    /// Adds a document's word frequencies to `words.count`.
    func addCounts(_ frequencies: [(id: Int64, count: Int64)]) throws {
        let addCount = try db.cachedStatement(sql: "UPDATE words SET count = count + ? WHERE word_id = ?").sqliteStatement
        for (id, frequency) in frequencies {
            sqlite3_bind_int64(addCount, 1, frequency)
            sqlite3_bind_int64(addCount, 2, id)
            try step(addCount)
            // The foreign key check, done here once per word (see CorpusStore.withBulkLoadSettings).
            guard sqlite3_changes(db.sqliteConnection) == 1 else {
                throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_FOREIGNKEY, message: "word id \(id) has no row in words")
            }
        }
    }

    /// Token rows per INSERT statement (two parameters each, far below SQLite's limit).
    static let tokenRowsPerStatement = 500

    /// Writes a document's tokens at positions `first`, `first + 1`, ...: the hot loop, millions
    /// of rows.
    ///
    /// Only the first row names its position. The others leave it to SQLite, which gives a
    /// new rowid as the largest one plus one, and as an append: the B-tree cursor stays on the
    /// last leaf, where an explicit position would cost a search from the root for its
    /// uniqueness check. Many rows per statement save the per-statement overhead. The last
    /// rowid is checked, so a table that already held a larger position fails the document
    /// instead of shifting its tokens.
    func insertTokens(first: Int64, firstSentence: Int64, ids: [Int32], sentences: [Int32]) throws {
        func appendSQL(rows: Int) -> String {
            "INSERT INTO tokens(word_id, sentence) VALUES " + repeatElement("(?,?)", count: rows).joined(separator: ",")
        }
        let head = try db.cachedStatement(sql: "INSERT INTO tokens(position, word_id, sentence) VALUES (?, ?, ?)").sqliteStatement
        sqlite3_bind_int64(head, 1, first)
        sqlite3_bind_int64(head, 2, Int64(ids[0]))
        sqlite3_bind_int64(head, 3, firstSentence + Int64(sentences[0]))
        try step(head)
        let fullSize = Self.tokenRowsPerStatement
        let full = try db.cachedStatement(sql: appendSQL(rows: fullSize))
        var start = 1
        while start < ids.count {
            let rows = min(fullSize, ids.count - start)
            // The shorter last statement of each document is prepared once, not cached.
            let statement = rows == fullSize ? full : try db.makeStatement(sql: appendSQL(rows: rows))
            let handle = statement.sqliteStatement
            for row in 0..<rows {
                sqlite3_bind_int64(handle, Int32(2 * row + 1), Int64(ids[start + row]))
                sqlite3_bind_int64(handle, Int32(2 * row + 2), firstSentence + Int64(sentences[start + row]))
            }
            try step(handle)
            start += rows
        }
        let last = first + Int64(ids.count - 1)
        guard sqlite3_last_insert_rowid(db.sqliteConnection) == last else {
            throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_PRIMARYKEY, message: """
                tokens already has positions past \(first); this document's would not be \(first)...\(last)
                """)
        }
    }

    /// Runs `body` with `text` bound to parameter `index` of `statement` without a copy
    /// (SQLITE_STATIC), and clears the bindings after, so the statement never points at text
    /// that is gone.
    private static func withBoundText<T>(_ text: String, at index: Int32, of statement: OpaquePointer?,
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

    /// SQLite's "copy the bytes now" destructor, for binding a string that will not outlive the call.
    static let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Runs a prepared statement that returns no rows, then resets it for the next bindings.
    private func step(_ statement: OpaquePointer?) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}

extension CorpusStore {
    /// Runs `body` in a write transaction of ingest: committed if it returns, rolled back if it throws.
    func ingestWrite<T>(_ body: (IngestTransaction) throws -> T) throws -> T {
        try dbQueue.write { db in try body(IngestTransaction(db: db)) }
    }

    /// Runs `body` in a read transaction, for what ingest checks before it writes.
    func ingestRead<T>(_ body: (IngestTransaction) throws -> T) throws -> T {
        try dbQueue.read { db in try body(IngestTransaction(db: db)) }
    }
}
