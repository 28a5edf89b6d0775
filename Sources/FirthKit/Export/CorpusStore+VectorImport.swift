import Foundation

extension CorpusStore {
    /// Stores vectors made elsewhere (word2vec or GloVe text) as an embedding, to evaluate and
    /// query like Firth's own.
    ///
    /// The vectors are stored at unit length, as every embedding is (the queries use cosine, and
    /// the schema promises unit rows); the original lengths are not kept. No corpus is needed:
    /// a database that holds only imported vectors answers `evaluate` and the query commands.
    ///
    /// ```swift
    /// let store = try CorpusStore(path: "vectors.sqlite")
    /// let embedding = try store.importVectors(at: "glove.6B.50d.txt", name: "glove50")
    /// try store.wordVectors(named: "glove50").mostSimilar(to: "river")
    /// ```
    ///
    /// - Parameters:
    ///   - name: the embedding's name; default: the file's name without its extension.
    ///   - format: word2vec or GloVe; nil detects it (see ``VectorFileReader``).
    ///   - replace: replace an embedding of the same name instead of refusing.
    /// - Throws: ``FirthError/badInput(location:reason:)`` (with `file:line`) for a malformed
    ///   file; ``FirthError/nameTaken(what:name:)`` when the name is taken and `replace` is false.
    @discardableResult
    public func importVectors(at path: String, name: String? = nil, format: VectorFormat? = nil,
                              replace: Bool = false) throws -> (embedding: Embedding, format: VectorFormat) {
        let name = name ?? Self.importedName(path: path)
        if !replace { try refuseTakenEmbeddingName(name) }
        let started = Date()
        let file = try VectorFileReader.read(path: path, format: format)
        return (try importVectors(file, name: name, replace: replace, started: started), file.format)
    }

    /// Stores vectors already read by ``VectorFileReader/read(path:format:)`` as the embedding
    /// `name`: for a caller that reads (and so checks) the file before it opens or creates the
    /// database, so that a bad file leaves no new database behind.
    ///
    /// - Parameter started: when reading began, for the embedding's recorded time.
    @discardableResult
    public func importVectors(_ file: VectorFileReader.Contents, name: String, replace: Bool = false,
                              started: Date = Date()) throws -> Embedding {
        if !replace { try refuseTakenEmbeddingName(name) }
        var file = file
        file.vectors.normalizeRows()   // in place: a large file's matrix is not copied
        return try storeEmbedding(name: name, source: .imported, tableID: nil,
                                  words: file.words, vectors: file.vectors,
                                  singularValues: [], seconds: Date().timeIntervalSince(started))
    }

    /// The name an imported file's embedding gets by default: the file's name without its extension.
    public static func importedName(path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }
}
