import Foundation
import GRDB

/// One row of `embeddings`, with the parameters of the count table an SVD factored, as stored
/// (`count_parameters`, migration 0012; for an older row whose table is gone, nothing).
struct EmbeddingRecord: Decodable, FetchableRecord {
    var id: Int64
    var name: String
    var source: String
    var tableID: Int64?
    var parameters: String
    var countParameters: String?
    var dimensions: Int
    var vocabularySize: Int
    var singularValues: Data?
    var seconds: Double
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id = "embedding_id", name, source, tableID = "table_id", parameters, countParameters = "count_parameters"
        case dimensions, vocabularySize = "vocabulary_size", singularValues = "singular_values", seconds, createdAt = "created_at"
    }

    static let selection = """
        SELECT e.embedding_id, e.name, e.source, e.table_id, e.parameters,
               coalesce(e.count_parameters, t.parameters) AS count_parameters,
               e.dimensions, e.vocabulary_size, e.singular_values, e.seconds, e.created_at
        FROM embeddings e LEFT JOIN cooccurrence_tables t ON t.table_id = e.table_id
        """

    /// The typed ``Embedding``; `corpus` is the corpus state now, to tell stale skip-gram vectors.
    func embedding(corpus: [Int64], path: String) throws -> Embedding {
        guard let kind = Embedding.Source.Kind(rawValue: source) else {
            throw FirthError.notAFirthDatabase(path: path, reason: "embedding '\(name)' has the unknown source '\(source)'")
        }
        let typed: Embedding.Source
        do {
            typed = try Embedding.Source(kind: kind, parameters: parameters, counts: countParameters)
        } catch {
            throw FirthError.notAFirthDatabase(path: path, reason: "the parameters of embedding '\(name)' cannot be read (\(parameters))")
        }
        return Embedding(id: id, name: name, source: typed, tableID: tableID,
                         isStale: typed.skipGram.map { $0.corpus != corpus } ?? false,
                         dimensions: dimensions, vocabularySize: vocabularySize,
                         singularValues: singularValues.map(CorpusStore.floats) ?? [], seconds: seconds,
                         createdAt: createdAt, parametersJSON: parameters)
    }
}

/// A word and its place in an embedding, from `embedding_vectors`.
struct EmbeddingWordRecord: FetchableRecord {
    var word: String
    /// The word's corpus frequency (0 for a word the corpus lacks: imported vectors).
    var count: Int

    // By column name, not Decodable: one per word each time vectors load (see AssociationValue).
    init(row: Row) throws {
        word = row["word"]
        count = row["count"]
    }
}

extension CorpusStore {
    /// Every stored embedding, oldest first.
    public func embeddings() throws -> [Embedding] {
        try dbQueue.read { db in
            let state = try Self.corpusState(db).snapshot
            return try EmbeddingRecord.fetchAll(db, sql: EmbeddingRecord.selection + " ORDER BY e.embedding_id")
                .map { try $0.embedding(corpus: state, path: path) }
        }
    }

    /// The embedding called `name`, or the default embedding of the query commands when `name`
    /// is nil (see ``Embedding/defaultChoice(among:tables:)``).
    public func embedding(named name: String?) throws -> Embedding {
        let all = try embeddings()
        if let name {
            guard let found = all.first(where: { $0.name == name }) else {
                throw FirthError.missing(what: "embedding '\(name)'", hint: all.isEmpty
                    ? "make one with \(step: Step("embed"))" : "the embeddings are: \(all.map(\.name).joined(separator: ", "))")
            }
            return found
        }
        guard let chosen = Embedding.defaultChoice(among: all, tables: try cooccurrenceTables()) else {
            throw FirthError.missing(what: "an embedding", hint: "make one with \(step: Step("embed", database: path))")
        }
        return chosen
    }

    /// The ids of the count tables made from a subcorpus.
    public func subcorpusTableIDs() throws -> Set<Int64> {
        Set(try cooccurrenceTables().filter { $0.parameters.subcorpus != nil }.map(\.id))
    }

    /// Loads the vectors of an embedding (the most recent when `name` is nil).
    ///
    /// Read from the embedding's binary image when it has a current one (see
    /// ``loadWordVectors(named:)``), else from its rows.
    ///
    /// - Complexity: one BLOB read of the whole matrix from the image; without one, one row per word.
    public func wordVectors(named name: String?) throws -> WordVectors {
        try loadWordVectors(named: name).vectors
    }

    /// The embedding's words, vectors as stored (before normalization) and the words' corpus
    /// counts, read from its rows: `embedding_vectors` joined to `words` by text.
    static func embeddingRows(_ db: Database, of embedding: Embedding, path: String) throws -> EmbeddingImage {
        var words: [String] = []
        words.reserveCapacity(embedding.vocabularySize)
        var elements: [Float] = []
        elements.reserveCapacity(embedding.vocabularySize * embedding.dimensions)
        var counts: [Int64] = []
        counts.reserveCapacity(embedding.vocabularySize)
        let total = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM words") ?? 0
        let rows = try Row.fetchCursor(db, sql: """
            SELECT v.word, coalesce(w.count, 0) AS count, v.vector FROM embedding_vectors v
            LEFT JOIN words w ON w.word = v.word
            WHERE v.embedding_id = ? ORDER BY v.row_index
            """, arguments: [embedding.id])
        while let row = try rows.next() {
            let record = try EmbeddingWordRecord(row: row)
            words.append(record.word)
            counts.append(Int64(record.count))
            // The vector is read in place, not decoded into a copy: its bytes stay valid
            // until the cursor moves on, and 17,000 of them load measurably faster.
            try row.withUnsafeData(named: "vector") { data in
                let data = data ?? Data()
                guard data.count == embedding.dimensions * 4 else {
                    throw FirthError.notAFirthDatabase(path: path, reason: "the vector of '\(record.word)' has \(data.count) bytes, not \(embedding.dimensions * 4)")
                }
                Self.appendFloats(data, to: &elements)
            }
        }
        return EmbeddingImage(words: words, dimensions: embedding.dimensions, elements: elements, counts: counts, total: total)
    }

    /// Stores vectors (one per word, in order) under `name`, replacing an embedding of that
    /// name, with the source and parameters that made them, and their binary image.
    ///
    /// - Parameter tableID: the count table an SVD factored (its knobs are read from there).
    @discardableResult
    public func storeEmbedding(name: String, source: Embedding.Source, tableID: Int64?,
                               words: [String], vectors: DenseMatrix, singularValues: [Float], seconds: Double) throws -> Embedding {
        precondition(words.count == vectors.rows)
        try dbQueue.write { db in
            try db.execute(sql: "DELETE FROM embeddings WHERE name = ?", arguments: [name])
            try db.execute(sql: """
                INSERT INTO embeddings(name, source, table_id, parameters, count_parameters, dimensions, vocabulary_size,
                                       singular_values, seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [name, source.kind.rawValue, tableID, source.parametersJSON, source.counts?.json, vectors.columns, words.count,
                                 singularValues.isEmpty ? nil : Self.data(singularValues), seconds])
            let id = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: "INSERT INTO embedding_vectors(embedding_id, row_index, word, vector) VALUES (?, ?, ?, ?)")
            for (i, word) in words.enumerated() {
                try insert.execute(arguments: [id, i, word, Self.data(vectors.row(i))])
            }
            // The image the query commands load (migration 0013), in the same transaction: the
            // same floats, and each word's count as the rows' join with `words` gives it now.
            let counts = try Int64.fetchAll(db, sql: """
                SELECT coalesce(w.count, 0) FROM embedding_vectors v LEFT JOIN words w ON w.word = v.word
                WHERE v.embedding_id = ? ORDER BY v.row_index
                """, arguments: [id])
            let total = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM words") ?? 0
            try Self.storeEmbeddingImage(db, EmbeddingImage(words: words, dimensions: vectors.columns, elements: vectors.elements,
                                                            counts: counts, total: total), of: id)
        }
        return try embedding(named: name)
    }

    /// Throws if an embedding is called `name`: for the commands that never replace one unasked.
    func refuseTakenEmbeddingName(_ name: String) throws {
        if try embeddings().contains(where: { $0.name == name }) {
            throw FirthError.nameTaken(what: "an embedding", name: name)
        }
    }

    // MARK: - The BLOB layout: float32, little-endian

    static func data(_ floats: [Float]) -> Data {
        var data = Data(capacity: floats.count * 4)
        for value in floats {
            var bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func floats(_ data: Data) -> [Float] {
        var result: [Float] = []
        appendFloats(data, to: &result)
        return result
    }

    static func appendFloats(_ data: Data, to array: inout [Float]) {
        data.withUnsafeBytes { raw in
            #if _endian(little)
            // Stored little-endian, as this host is: one bulk copy when SQLite's buffer is
            // aligned for floats (it is, in practice), instead of a load per float, which was a
            // fifth of a query process's time (17,406 × 600 floats on each start).
            if let base = raw.baseAddress, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 {
                array.append(contentsOf: UnsafeBufferPointer(start: base.assumingMemoryBound(to: Float.self), count: raw.count / 4))
                return
            }
            #endif
            for i in stride(from: 0, to: raw.count - 3, by: 4) {
                array.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))))
            }
        }
    }
}
