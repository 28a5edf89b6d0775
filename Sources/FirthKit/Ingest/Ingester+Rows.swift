import Foundation
import GRDB
import GRDBSQLite

/// The rows a document's transaction writes besides its tokens, bound through the raw sqlite3
/// API like the tokens (see ``Ingester/insertTokens(_:first:firstSentence:ids:sentences:)``).
extension Ingester {
    /// Inserts a document's row. Its text is bound in place (SQLITE_STATIC) while the row is
    /// written: with GRDB's arguments SQLite would first copy it, a second copy of a long text
    /// beside the one SQLite builds the row in.
    static func insertDocument(_ db: Database, source: String, collection: String, contentHash: Int64, text: String,
                               metadata: String?, encoding: TextDecoding.Encoding, firstPosition: Int64, tokenCount: Int,
                               firstSentence: Int64, sentenceCount: Int) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO documents(source, collection, content_hash, text, metadata, encoding,
                                  first_position, token_count, first_sentence, sentence_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).sqliteStatement
        _ = source.withCString { sqlite3_bind_text(statement, 1, $0, -1, sqliteTransient) }
        _ = collection.withCString { sqlite3_bind_text(statement, 2, $0, -1, sqliteTransient) }
        sqlite3_bind_int64(statement, 3, contentHash)
        if let metadata {
            _ = metadata.withCString { sqlite3_bind_text(statement, 5, $0, -1, sqliteTransient) }
        } else {
            sqlite3_bind_null(statement, 5)
        }
        _ = encoding.rawValue.withCString { sqlite3_bind_text(statement, 6, $0, -1, sqliteTransient) }
        sqlite3_bind_int64(statement, 7, firstPosition)
        sqlite3_bind_int64(statement, 8, Int64(tokenCount))
        sqlite3_bind_int64(statement, 9, firstSentence)
        sqlite3_bind_int64(statement, 10, Int64(sentenceCount))
        try CorpusStore.withBoundText(text, at: 4, of: statement) { try step(statement, db) }
    }

    /// Inserts new words with a count of 0. A plain INSERT: an id or word already stored fails
    /// the transaction, never merges.
    static func insertWords(_ words: [(id: Int64, word: String)], _ db: Database) throws {
        guard !words.isEmpty else { return }
        let insertWord = try db.cachedStatement(sql: "INSERT INTO words(word_id, word, count) VALUES (?, ?, 0)").sqliteStatement
        for (id, word) in words {
            sqlite3_bind_int64(insertWord, 1, id)
            _ = word.withCString { sqlite3_bind_text(insertWord, 2, $0, -1, sqliteTransient) }
            try step(insertWord, db)
        }
    }

    /// Adds a document's word frequencies to `words.count`.
    static func addCounts(_ frequencies: [(id: Int64, count: Int64)], _ db: Database) throws {
        let addCount = try db.cachedStatement(sql: "UPDATE words SET count = count + ? WHERE word_id = ?").sqliteStatement
        for (id, frequency) in frequencies {
            sqlite3_bind_int64(addCount, 1, frequency)
            sqlite3_bind_int64(addCount, 2, id)
            try step(addCount, db)
            // The foreign key check, done here once per word (see withBulkLoadSettings).
            guard sqlite3_changes(db.sqliteConnection) == 1 else {
                throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_FOREIGNKEY, message: "word id \(id) has no row in words")
            }
        }
    }
}
