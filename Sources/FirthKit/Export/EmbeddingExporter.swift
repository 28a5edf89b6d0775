import Foundation

/// Streams a stored embedding's vectors, word by word, exactly as stored.
///
/// The vectors are read from their float32 BLOBs through a cursor, one row at a time, so an
/// export needs memory for one vector, not for the matrix (``CorpusStore/wordVectors(named:)``
/// loads it all, and normalizes). Rows come in the embedding's order: most frequent word first.
///
/// ```swift
/// let exporter = try EmbeddingExporter(store: store, embedding: store.embedding(named: nil))
/// try exporter.forEachVector(of: .top(1000)) { word, vector in … }
/// ```
public struct EmbeddingExporter {
    public let store: CorpusStore
    public let embedding: Embedding

    public init(store: CorpusStore, embedding: Embedding) {
        self.store = store
        self.embedding = embedding
    }

    /// How many vectors `selection` covers, for headers that come first (word2vec's count).
    public func count(of selection: WordSelection) throws -> Int {
        switch selection {
        case .all: return embedding.vocabularySize
        case let .top(n): return min(n, embedding.vocabularySize)
        case let .words(list): return list.count
        }
    }

    /// The first selected word that contains whitespace (or is empty), which word2vec and GloVe
    /// text cannot hold: they separate fields by spaces and vectors by line breaks.
    public func wordUnfitForVectorText(in selection: WordSelection) throws -> String? {
        if case let .words(list) = selection { return list.first(where: Self.isUnfitForVectorText) }
        return try store.firstWordWithWhitespace(in: embedding, limit: try count(of: selection))
    }

    static func isUnfitForVectorText(_ word: String) -> Bool {
        word.isEmpty || word.unicodeScalars.contains { $0 == " " || ("\t"..."\r").contains($0) }
    }

    /// Calls `body` with each selected word and its vector, as stored.
    ///
    /// Listed words are looked up as given, then as the corpus's tokenizer spells them.
    ///
    /// - Parameter start: called once every listed word is found, before the first vector: where
    ///   a header goes, so that a bad word list writes nothing.
    /// - Returns: the number of vectors.
    /// - Throws: ``FirthError/unknownWord(_:suggestions:)`` for a listed word the embedding lacks,
    ///   before `start` is called.
    @discardableResult
    public func forEachVector(of selection: WordSelection, start: () throws -> Void = {},
                              _ body: (_ word: String, _ vector: [Float]) throws -> Void) throws -> Int {
        let dimensions = embedding.dimensions
        func decode(_ word: String, _ data: Data) throws -> [Float] {
            guard data.count == dimensions * 4 else {
                throw FirthError.notAFirthDatabase(path: store.path, reason: "the vector of '\(word)' has \(data.count) bytes, not \(dimensions * 4)")
            }
            return CorpusStore.floats(data)
        }
        if case let .words(list) = selection {
            try WordSelection.checkNoDuplicates(list)
            let lookup = { (words: [String]) in try store.storedVectors(of: words, in: embedding) }
            var found = try lookup(list)
            let hasCorpus = try store.corpusInfo() != nil
            for (i, word) in list.enumerated() where found[i] == nil {
                let normalized = hasCorpus ? try store.normalize(word) : word
                if normalized != word { found[i] = try lookup([normalized])[0] }
                if found[i] == nil { throw FirthError.unknownWord(word, suggestions: []) }
            }
            let rows = found.compactMap { $0 }
            try start()
            for row in rows { try body(row.word, try decode(row.word, row.vector)) }
            return rows.count
        }
        let limit: Int
        if case let .top(n) = selection {
            guard n >= 1 else { throw FirthError.invalidParameter("top", reason: "must be at least 1 (got \(n))") }
            limit = n
        } else {
            limit = -1
        }
        try start()
        return try store.forEachStoredVector(of: embedding, limit: limit) { row in
            try body(row.word, try decode(row.word, row.vector))
        }
    }
}
