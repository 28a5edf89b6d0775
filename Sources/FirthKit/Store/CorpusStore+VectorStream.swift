import Foundation
import GRDB

/// A stored vector as written: its word and its float32 BLOB (little-endian).
public struct StoredVector: FetchableRecord, Sendable, Equatable {
    public var word: String
    /// `dimensions` float32 values, 4 bytes each.
    public var vector: Data

    // By column name, not Decodable: one record per word of an embedding (see AssociationValue).
    public init(row: Row) throws {
        word = row["word"]
        vector = row["vector"]
    }
}

/// An embedding's vectors read one row at a time, as stored: what an export streams, with
/// memory for one vector, not for the matrix (``wordVectors(named:)`` loads it all, and normalizes).
extension CorpusStore {
    /// Calls `body` with the first `limit` vectors of `embedding` (nil: all) in its row order,
    /// most frequent word first.
    ///
    /// - Returns: the number of vectors.
    @discardableResult
    public func forEachStoredVector(of embedding: Embedding, limit: Int? = nil,
                                    _ body: (StoredVector) throws -> Void) throws -> Int {
        try dbQueue.read { db in
            let rows = try StoredVector.fetchCursor(db, sql: """
                SELECT word, vector FROM embedding_vectors WHERE embedding_id = ? ORDER BY row_index LIMIT ?
                """, arguments: [embedding.id, limit ?? -1])
            var count = 0
            while let row = try rows.next() {
                try body(row)
                count += 1
            }
            return count
        }
    }

    /// The stored vector of each of `words` (spelled exactly as stored), nil for a word the
    /// embedding lacks.
    public func storedVectors(of words: [String], in embedding: Embedding) throws -> [StoredVector?] {
        try dbQueue.read { db in
            try words.map { word in
                try StoredVector.fetchOne(db, sql: "SELECT word, vector FROM embedding_vectors WHERE embedding_id = ? AND word = ?",
                                          arguments: [embedding.id, word])
            }
        }
    }

    /// The first word among the first `limit` rows of `embedding` that is empty or contains
    /// whitespace (a space, a tab, a line break, a vertical tab or a form feed).
    public func firstWordWithWhitespace(in embedding: Embedding, limit: Int) throws -> String? {
        try dbQueue.read { db in
            try String.fetchOne(db, sql: """
                SELECT word FROM (SELECT word FROM embedding_vectors WHERE embedding_id = ? ORDER BY row_index LIMIT ?)
                WHERE word = '' OR word GLOB '*[ \t\n\r\u{B}\u{C}]*' LIMIT 1
                """, arguments: [embedding.id, limit])
        }
    }
}
