import Foundation

extension Explorer {
    /// `/api/word`: a word's frequency and rank, and what can be asked about it.
    struct WordAnswer: Encodable {
        var word: String
        var count: Int
        var rank: Int
        /// Occurrences per million running words.
        var perMillion: Double
        var embeddings: [String]
        /// The embedding used when a request names none (absent when there is none).
        var defaultEmbedding: String?
        var tables: [String]
        var measures: [String]

        enum CodingKeys: String, CodingKey {
            case word, count, rank, embeddings, tables, measures
            case perMillion = "per_million", defaultEmbedding = "default_embedding"
        }
    }

    func word(_ query: ExploreQuery) throws -> ExploreResponse {
        let text = try query.text("word")
        _ = try store.wordID(text)   // 404 with suggestions for a word not in the corpus
        let word = try normalize(text)
        let frequencies = try self.frequencies(having: word)
        guard let rank = frequencies.rank[word] else {
            throw FirthError.unknownWord(word, suggestions: try store.suggestions(for: word))
        }
        let count = frequencies.list[rank - 1].count
        let catalog = try self.catalog()
        let tokens = frequencies.list.reduce(0) { $0 + $1.count }
        return .json(WordAnswer(word: word, count: count, rank: rank, perMillion: tokens > 0 ? Double(count) * 1e6 / Double(tokens) : 0,
                                embeddings: catalog.embeddings.map(\.name), defaultEmbedding: catalog.defaultName,
                                tables: catalog.tables.map(\.name),
                                measures: AssociationMeasure.allCases.map(\.rawValue)))
    }

    /// `/api/neighbors`: what `firth neighbors WORD --format json` prints (one word or an
    /// expression such as "king - man + woman").
    func neighbors(_ query: ExploreQuery) throws -> ExploreResponse {
        let text = try query.text("word")
        let top = try query.integer("top", default: 10, in: 1...1000)
        let loaded = try loadedVectors(try query.optionalText("embedding"))
        return try neighborsAnswer(text: text, top: top, loaded: loaded) { word in try self.word(word, in: loaded.vectors) }
    }

    /// The answer kept for the question, or computed (batched with questions asked meanwhile)
    /// and kept; `spell` gives a query word's row spelling (or throws for an unknown word).
    private func neighborsAnswer(text: String, top: Int, loaded: LoadedVectors, spell: (String) throws -> String) throws -> ExploreResponse {
        // Answers are kept by the vectors' key: a replaced embedding's are never served.
        try cachedAnswer(Self.neighborsKey(embedding: loaded.key, text: text, top: top)) {
            let vectors = loaded.vectors
            let (positive, negative) = text.contains(" ") ? try WordVectors.parseExpression(text) : ([text], [])
            let rows = try (positive + negative).map { try vectors.row(of: try spell($0)) }
            // As `mostSimilar(to:)` and `mostSimilar(positive:negative:)` ask it (a word alone: its vector).
            let question = WordVectors.NearestQuery(vector: vectors.target(rows: rows, positive: positive.count),
                                                    count: top, excluding: Set(rows))
            let found = batcher.neighbors(question, in: vectors, key: loaded.key)
            var table = Table(columns: ["word", "rank", "neighbor", "similarity"])
            for (rank, neighbor) in found.enumerated() {
                table.append([.text(text), .integer(rank + 1), .text(neighbor.word), .real(Double(neighbor.similarity))])
            }
            return .json(table.render(.json))
        }
    }

    static func neighborsKey(embedding: String, text: String, top: Int) -> String {
        ["neighbors", embedding, text, String(top)].joined(separator: "\u{0}")
    }

    /// The `embedding` a query names: `.some(nil)` when it names none (the default), nil when
    /// the parameter is malformed.
    private func embeddingParameter(_ query: ExploreQuery) -> String?? {
        do { return .some(try query.optionalText("embedding")) } catch { return nil }
    }

    /// The `/api/neighbors` answer when it is kept (asked before), else nil; never reads the
    /// database (but for asking whether it changed) or computes.
    public func keptAnswer(path: String, query: ExploreQuery) -> ExploreResponse? {
        guard path == "/api/neighbors", let text = try? query.text("word"),
              let top = try? query.integer("top", default: 10, in: 1...1000),
              let named = embeddingParameter(query),
              let loaded = try? vectorsIfLoaded(named) else { return nil }
        return keptAnswer(Self.neighborsKey(embedding: loaded.key, text: text, top: top))
    }

    /// The `/api/neighbors` answer when it needs no database read: kept, or computed from
    /// vectors loaded already for words they hold (batched with the questions asked meanwhile,
    /// whose products run at most one per core). Nil for anything else (an unknown word, whose
    /// 404 looks for spellings; vectors not loaded yet; another endpoint): ask ``respond(path:query:)``.
    ///
    /// The server sends these without waiting for one of the slots that limit how many
    /// requests compute at a time: a nearest-words question mostly waits for a product to
    /// end, and the more of them wait together, the more one product answers.
    public func quickAnswer(path: String, query: ExploreQuery) -> ExploreResponse? {
        guard path == "/api/neighbors", let text = try? query.text("word"),
              let top = try? query.integer("top", default: 10, in: 1...1000),
              let named = embeddingParameter(query),
              let loaded = try? vectorsIfLoaded(named) else { return nil }
        if let kept = keptAnswer(Self.neighborsKey(embedding: loaded.key, text: text, top: top)) { return kept }
        guard hasTokenizer else { return nil }
        struct NotQuick: Error {}
        return try? neighborsAnswer(text: text, top: top, loaded: loaded) { text in
            let word = try normalize(text)
            guard loaded.vectors.contains(word) else { throw NotQuick() }
            return word
        }
    }

    /// `/api/collocates`: what `firth collocates WORD --format json` prints.
    func collocates(_ query: ExploreQuery) throws -> ExploreResponse {
        let (word, table, measure, minCount, top) = try collocateQuery(query, top: 20)
        return .json(Table(try store.collocates(of: word, in: table, measure: measure, smoothing: .init(), minCount: minCount, top: top)).render(.json))
    }

    /// The parameters of a collocate query: word, space, measure, min_count, top.
    func collocateQuery(_ query: ExploreQuery, top fallback: Int, prefix: String = "") throws
        -> (word: String, table: CooccurrenceTable, measure: AssociationMeasure, minCount: Double, top: Int) {
        let word = try query.text(prefix + "word")
        let table = try store.cooccurrenceTable(named: try query.optionalText("space"))
        let measure = try query.choice("measure", default: AssociationMeasure.ppmi)
        let minCount = try query.number("min_count", default: 2, in: 0...1e12)
        let top = try query.integer("top", default: fallback, in: 1...1000)
        return (word, table, measure, minCount, top)
    }

    /// `/api/concordance`: keyword-in-context lines, paged, in corpus order or sorted.
    struct ConcordanceAnswer: Encodable {
        struct Line: Encodable { var source: String; var position: Int; var left: String; var keyword: String; var right: String }
        var word: String
        /// Occurrences of the word in the corpus.
        var total: Int
        var offset: Int
        var limit: Int
        var sort: String
        /// With a sort: how many occurrences (the first in the corpus) were sorted.
        var sorted: Int?
        /// The lines, with the keys of `firth concordance --format json`.
        var lines: [Line]
    }

    /// Occurrences read to sort a concordance (AntConc-style sorting needs them all at once).
    static let concordanceSortLimit = 5000

    enum ConcordanceSort: String, CaseIterable { case none, left, right }

    func concordance(_ query: ExploreQuery) throws -> ExploreResponse {
        let text = try query.text("word")
        let width = try query.integer("width", default: 40, in: 1...500)
        let limit = try query.integer("limit", default: 25, in: 1...500)
        let offset = try query.integer("offset", default: 0, in: 0...100_000_000)
        let sort = try query.choice("sort", default: ConcordanceSort.none)
        _ = try store.wordID(text)   // 404 with suggestions for a word not in the corpus
        let word = try normalize(text)
        let frequencies = try self.frequencies(having: word)
        let total = frequencies.rank[word].map { frequencies.list[$0 - 1].count } ?? 0
        var lines: [ConcordanceLine]
        var sorted: Int?
        switch sort {
        case .none:
            lines = Array(try store.concordance(of: word, width: width, limit: offset + limit).dropFirst(offset))
        case .left, .right:
            var all = try store.concordance(of: word, width: width, limit: Self.concordanceSortLimit)
            // By the nearest word first: left sorts on the words read leftwards from the keyword
            // (1L, 2L, …), right on the words after it (1R, 2R, …), as AntConc and Sketch Engine do.
            let key: (ConcordanceLine) -> [String] = sort == .left
                ? { $0.left.split(separator: " ").reversed().map(String.init) }
                : { $0.right.split(separator: " ").map(String.init) }
            all = all.enumerated().sorted { a, b in
                let (ka, kb) = (key(a.element), key(b.element))
                return ka.lexicographicallyPrecedes(kb) || (ka == kb && a.offset < b.offset)
            }.map(\.element)
            sorted = all.count
            lines = Array(all.dropFirst(offset).prefix(limit))
        }
        return .json(ConcordanceAnswer(word: word, total: total, offset: offset, limit: limit, sort: sort.rawValue, sorted: sorted,
                                       lines: lines.map { .init(source: $0.source, position: $0.position, left: $0.left, keyword: $0.keyword, right: $0.right) }))
    }
}
