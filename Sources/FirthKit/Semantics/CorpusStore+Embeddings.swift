import Foundation
import GRDB

extension CorpusStore {
    /// Every stored embedding, oldest first.
    public func embeddings() throws -> [Embedding] {
        try dbQueue.read { db in
            let state = try Self.corpusState(db).snapshot
            return try Row.fetchAll(db, sql: """
                SELECT embedding_id, name, source, table_id, parameters, dimensions, vocabulary_size,
                       singular_values, seconds, created_at
                FROM embeddings ORDER BY embedding_id
                """).map { row in
                let parameters = Data((row[4] as String).utf8)
                let source: String = row[2]
                let skipGram = source == "sgns" ? try? JSONDecoder().decode(SkipGramParameters.self, from: parameters) : nil
                return Embedding(
                    id: row[0], name: row[1], source: source, tableID: row[3],
                    parameters: source == "svd" ? try? JSONDecoder().decode(EmbeddingParameters.self, from: parameters) : nil,
                    skipGramParameters: skipGram, isStale: skipGram.map { $0.corpus != state } ?? false,
                    dimensions: row[5], vocabularySize: row[6],
                    singularValues: (row[7] as Data?).map(Self.floats) ?? [], seconds: row[8], createdAt: row[9],
                    parametersJSON: row[4])
            }
        }
    }

    /// The embedding called `name`, or the most recent one of the whole corpus when `name` is
    /// nil (one made from a subcorpus's counts is used only by name).
    public func embedding(named name: String?) throws -> Embedding {
        let all = try embeddings()
        if let name {
            guard let found = all.first(where: { $0.name == name }) else {
                throw FirthError.missing(what: "embedding '\(name)'", hint: all.isEmpty
                    ? "make one with `firth embed`" : "the embeddings are: \(all.map(\.name).joined(separator: ", "))")
            }
            return found
        }
        let ofSubcorpora = try subcorpusTableIDs()
        guard let latest = all.last(where: { !$0.isOfSubcorpus(tables: ofSubcorpora, among: all) }) else {
            throw FirthError.missing(what: "an embedding", hint: "make one with `firth embed --db \(path)`")
        }
        return latest
    }

    /// The ids of the count tables made from a subcorpus.
    public func subcorpusTableIDs() throws -> Set<Int64> {
        Set(try cooccurrenceTables().filter { $0.parameters.subcorpus != nil }.map(\.id))
    }

    /// Loads the vectors of an embedding (the most recent when `name` is nil).
    ///
    /// - Complexity: one row per word; 17,000 × 300 floats load in a few tens of milliseconds.
    public func wordVectors(named name: String?) throws -> WordVectors {
        let embedding = try embedding(named: name)
        return try dbQueue.read { db in
            var words: [String] = []
            words.reserveCapacity(embedding.vocabularySize)
            var elements: [Float] = []
            elements.reserveCapacity(embedding.vocabularySize * embedding.dimensions)
            var counts: [Double] = []
            let total = Double(try Int.fetchOne(db, sql: "SELECT coalesce(sum(count), 0) FROM words") ?? 0)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT v.word, v.vector, coalesce(w.count, 0) FROM embedding_vectors v
                LEFT JOIN words w ON w.word = v.word
                WHERE v.embedding_id = ? ORDER BY v.row_index
                """, arguments: [embedding.id])
            while let row = try rows.next() {
                words.append(row[0])
                counts.append(row[2])
                // Read in place: the bytes stay valid until the cursor moves on.
                let data = row.dataNoCopy(atIndex: 1) ?? Data()
                guard data.count == embedding.dimensions * 4 else {
                    throw FirthError.notAFirthDatabase(path: path, reason: "the vector of '\(words.last!)' has \(data.count) bytes, not \(embedding.dimensions * 4)")
                }
                Self.appendFloats(data, to: &elements)
            }
            var vectors = WordVectors(name: embedding.name, words: words,
                                      vectors: DenseMatrix(rows: words.count, columns: embedding.dimensions, elements: consume elements))
            if total > 0 { vectors.frequencies = counts.map { $0 / total } }
            return vectors
        }
    }

    /// Stores vectors (one per word, in order) under `name`, replacing an embedding of that name.
    @discardableResult
    public func storeEmbedding(name: String, source: String, tableID: Int64?, parameters: EmbeddingParameters?,
                               words: [String], vectors: DenseMatrix, singularValues: [Float], seconds: Double) throws -> Embedding {
        try storeEmbedding(name: name, source: source, tableID: tableID, parametersJSON: parameters?.json ?? "{}",
                           words: words, vectors: vectors, singularValues: singularValues, seconds: seconds)
    }

    /// Stores vectors with their parameters already spelled as canonical JSON (any source).
    @discardableResult
    public func storeEmbedding(name: String, source: String, tableID: Int64?, parametersJSON: String,
                               words: [String], vectors: DenseMatrix, singularValues: [Float], seconds: Double) throws -> Embedding {
        precondition(words.count == vectors.rows)
        try dbQueue.write { db in
            try db.execute(sql: "DELETE FROM embeddings WHERE name = ?", arguments: [name])
            try db.execute(sql: """
                INSERT INTO embeddings(name, source, table_id, parameters, dimensions, vocabulary_size, singular_values, seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [name, source, tableID, parametersJSON, vectors.columns, words.count,
                                 singularValues.isEmpty ? nil : Self.data(singularValues), seconds])
            let id = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: "INSERT INTO embedding_vectors(embedding_id, row_index, word, vector) VALUES (?, ?, ?, ?)")
            for (i, word) in words.enumerated() {
                try insert.execute(arguments: [id, i, word, Self.data(vectors.row(i))])
            }
        }
        return try embedding(named: name)
    }

    /// Throws if an embedding is called `name`: for the commands that never replace one unasked.
    func refuseTakenEmbeddingName(_ name: String) throws {
        if try embeddings().contains(where: { $0.name == name }) {
            throw FirthError.invalidOption("an embedding named '\(name)' exists; choose another --name or pass --force to replace it")
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
            for i in stride(from: 0, to: raw.count - 3, by: 4) {
                array.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))))
            }
        }
    }
}
