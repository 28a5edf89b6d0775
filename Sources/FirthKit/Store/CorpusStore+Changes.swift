import Foundation
import GRDB

/// What a long-running reader (`firth serve`) needs to notice that another `firth` changed the
/// database: a cheap change counter, and what identifies each stored embedding's content.
extension CorpusStore {
    /// `PRAGMA data_version`: a number that changes when another connection commits (this
    /// connection's own writes leave it as it is).
    ///
    /// - Complexity: a look at the WAL index, no page read: microseconds.
    func dataVersion() throws -> Int {
        // Outside a transaction: the statement starts its own read, which looks at the WAL.
        try dbQueue.inDatabase { db in
            try Int.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
        }
    }

    /// A number that tells an embedding's content apart from another's stored under the same
    /// id and name (an id is reused when the newest embedding is replaced, and `created_at`
    /// counts whole seconds): a hash of its row's fields and of three of its vectors (the
    /// first, the middle and the last row).
    ///
    /// Two embeddings with the same fingerprint have the same parameters, timing to the bit and
    /// the same sampled vectors: for vectors made by Firth, the same vectors.
    func embeddingFingerprint(_ embedding: Embedding) throws -> UInt64 {
        var hash = Fingerprint()
        hash.add(String(embedding.id)); hash.add(embedding.name); hash.add(embedding.createdAt)
        hash.add(embedding.parametersJSON); hash.add(String(embedding.seconds.bitPattern))
        hash.add(String(embedding.dimensions)); hash.add(String(embedding.vocabularySize))
        let last = max(embedding.vocabularySize - 1, 0)
        try dbQueue.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT row_index, word, vector FROM embedding_vectors
                WHERE embedding_id = ? AND row_index IN (0, ?, ?) ORDER BY row_index
                """, arguments: [embedding.id, last / 2, last])
            for row in rows {
                hash.add(String(row[0] as Int64)); hash.add(row[1] as String)
                hash.add(row[2] as Data? ?? Data())
            }
        }
        return hash.value
    }
}

/// FNV-1a, 64 bits, over the fields given (each followed by a separator byte).
private struct Fingerprint {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        value = (value ^ 0xff) &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ text: String) { add(text.utf8) }
}
