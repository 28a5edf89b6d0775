import Foundation
import GRDB
import GRDBSQLite

/// An embedding's vectors as loaded for a query, and where they were read from.
public struct LoadedWordVectors: Sendable {
    /// The vectors, rows at unit length, with the words' corpus frequencies.
    public var vectors: WordVectors
    /// The embedding they belong to.
    public var embedding: Embedding
    /// They were read from the embedding's binary image (false: from its rows, for an embedding
    /// with no current image, such as one stored before migration 0013 or one whose corpus has
    /// changed since; ``CorpusStore/storeEmbeddingImage(of:)`` fixes that).
    public var fromImage: Bool
}

/// One row of `embedding_images` (migration 0013) without its image, as stored.
private struct EmbeddingImageRow: FetchableRecord {
    var format: Int
    var vocabularySize: Int
    var dimensions: Int
    var corpus: [Int64]
    var bytes: Int

    init(row: Row) throws {
        format = row["format"]
        vocabularySize = row["vocabulary_size"]
        dimensions = row["dimensions"]
        corpus = [row["corpus_documents"], row["corpus_tokens"], row["corpus_last_document"]]
        bytes = row["bytes"]
    }
}

extension CorpusStore {
    /// Loads the vectors of an embedding (the most recent when `name` is nil), from its binary
    /// image when it has a current one, else from its rows, and says which.
    ///
    /// Both give the same vectors and frequencies to the bit: the image holds the rows' floats
    /// and the words' counts as of a corpus state, and is used only while the corpus is in that
    /// state, has the embedding's sizes and layout version, and parses to exactly its length.
    ///
    /// - Complexity: with an image, one BLOB read of the matrix straight into its array; without
    ///   one, one `embedding_vectors` row per word, joined to `words` by text.
    public func loadWordVectors(named name: String?) throws -> LoadedWordVectors {
        let embedding = try embedding(named: name)
        return try dbQueue.read { db in
            if let image = try Self.embeddingImage(db, of: embedding) {
                return LoadedWordVectors(vectors: image.wordVectors(name: embedding.name), embedding: embedding, fromImage: true)
            }
            let rows = try Self.embeddingRows(db, of: embedding, path: path)
            return LoadedWordVectors(vectors: rows.wordVectors(name: embedding.name), embedding: embedding, fromImage: false)
        }
    }

    /// Whether the embedding has an image that ``loadWordVectors(named:)`` would use.
    public func hasCurrentEmbeddingImage(_ embedding: Embedding) throws -> Bool {
        try dbQueue.read { db in try Self.embeddingImage(db, of: embedding) != nil }
    }

    /// Writes (or replaces) the binary image of a stored embedding, made from its rows and the
    /// corpus as it is now: what every stored embedding gets when it is stored, and a query
    /// command writes once for one stored before migration 0013 or whose corpus has changed.
    public func storeEmbeddingImage(of embedding: Embedding) throws {
        try dbQueue.write { db in
            let image = try Self.embeddingRows(db, of: embedding, path: path)
            try Self.storeEmbeddingImage(db, image, of: embedding.id)
        }
    }

    /// The image of `embedding`, or nil when it has none that belongs to it as stored now.
    static func embeddingImage(_ db: Database, of embedding: Embedding) throws -> EmbeddingImage? {
        guard let row = try EmbeddingImageRow.fetchOne(db, sql: """
            SELECT format, vocabulary_size, dimensions, corpus_documents, corpus_tokens, corpus_last_document, bytes
            FROM embedding_images WHERE embedding_id = ?
            """, arguments: [embedding.id]),
              row.format == EmbeddingImage.format, row.vocabularySize == embedding.vocabularySize,
              row.dimensions == embedding.dimensions, row.corpus == (try corpusState(db).snapshot) else { return nil }
        guard let image = readImage(db, table: "embedding_images", rowid: embedding.id, bytes: row.bytes, parse: { EmbeddingImage(length: $0, read: $1) }),
              image.words.count == embedding.vocabularySize, image.dimensions == embedding.dimensions else { return nil }
        return image
    }

    /// Writes `image` as the image of embedding `id`, with the corpus state its counts belong to.
    ///
    /// The row is inserted with a zero-filled BLOB of the right length, which the image's pieces
    /// then fill in place: the store never holds the image in one piece beside the vectors.
    static func storeEmbeddingImage(_ db: Database, _ image: EmbeddingImage, of id: Int64) throws {
        try db.execute(sql: "DELETE FROM embedding_images WHERE embedding_id = ?", arguments: [id])
        let length = image.byteCount
        // An embedding too large for one SQLite value (1 GB by default) keeps no image: it is
        // read from its rows, more slowly, rather than failing to be stored.
        guard length < Int(sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_LENGTH, -1)) else { return }
        let state = try corpusState(db)
        try db.execute(sql: """
            INSERT INTO embedding_images(embedding_id, format, vocabulary_size, dimensions,
                                         corpus_documents, corpus_tokens, corpus_last_document, bytes, image)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, zeroblob(?))
            """, arguments: [id, EmbeddingImage.format, image.words.count, image.dimensions,
                             state.documents, state.tokens, state.lastDocument, length, length])
        var blob: OpaquePointer?
        guard sqlite3_blob_open(db.sqliteConnection, "main", "embedding_images", "image", id, 1, &blob) == SQLITE_OK, let blob else {
            sqlite3_blob_close(blob)
            throw DatabaseError(resultCode: ResultCode(rawValue: sqlite3_errcode(db.sqliteConnection)),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        defer { sqlite3_blob_close(blob) }
        try image.write { piece, offset in
            let code = sqlite3_blob_write(blob, piece.baseAddress, Int32(piece.count), Int32(offset))
            guard code == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
        }
    }
}

extension EmbeddingImage {
    /// The vectors as a query holds them: the matrix handed over (not copied) and its rows
    /// normalized in place, each word's frequency its count over the total (none when the
    /// corpus is empty, as for a database of imported vectors only).
    consuming func wordVectors(name: String) -> WordVectors {
        var matrix: [Float] = []
        swap(&matrix, &elements)
        var vectors = WordVectors(name: name, words: words,
                                  vectors: DenseMatrix(rows: words.count, columns: dimensions, elements: consume matrix))
        if total > 0 {
            let total = Double(total)
            vectors.frequencies = counts.map { Double($0) / total }
        }
        return vectors
    }
}
