import Foundation

/// The JSON API of `firth serve`: answers `/api/...` requests from a database opened read-only.
///
/// Each endpoint asks the library what the matching CLI command asks (neighbors, collocates,
/// concordance, attend, predict…), and where the command has `--format json` the endpoint
/// returns the same JSON text, so a script can move from one to the other. The explorer never
/// writes: a database without a count table, an embedding or an n-gram model answers 404 with
/// the command that makes one. Loaded vectors, models and answers are kept in memory between
/// requests, keyed by what identifies their content (an embedding's id, creation time and a
/// fingerprint of its vectors; a table's id and creation time), never by a name alone: an
/// embedding or table made, replaced or deleted meanwhile by another `firth` is seen by the
/// next request.
///
/// ```swift
/// let explorer = Explorer(store: try CorpusStore(path: "corpus.sqlite", readOnly: true))
/// let answer = explorer.respond(path: "/api/neighbors", query: ExploreQuery(["word": "river"]))
/// print(answer.status, String(decoding: answer.body, as: UTF8.self))
/// ```
public final class Explorer: @unchecked Sendable {
    public let store: CorpusStore
    /// The most words a sentence may have (attention's cost grows with the square of the length).
    public var maximumSentenceWords = 1000
    /// How a refused request's error reads on the page: in the library's words by default (the
    /// `ngrams` step); `firth serve` passes the command line's, since the page's reader runs
    /// firth (the command `firth ngrams --db corpus.sqlite`).
    public var describe: @Sendable (FirthError) -> String = { $0.description }

    /// Guards the small, quick state: the answers, the tokenizer.
    /// What takes long to make (vectors, maps, word choices, models) is kept in `ComputedOnce`
    /// caches, made outside this lock, so no request waits behind another's loading.
    private let lock = NSLock()
    /// Vectors by embedding key (`Catalog`).
    private let vectorsCache = ComputedOnce<String, WordVectors>(limit: 16)
    /// A second read-only connection that only asks whether the database changed and reads the
    /// catalog: never behind a long query on `store`'s connection (nil for a database in memory:
    /// the catalog is then read on every request).
    private let watcher: CorpusStore?
    /// Serializes catalog reads; holds the catalog as last read.
    private let catalogLock = NSLock()
    private var catalogCache: Catalog?
    private let frequencyLock = NSLock()
    private var frequencyCache: (frequencies: Frequencies, version: Int?)?
    let mapCache = ComputedOnce<String, WordMapAnswer>(limit: 32)
    /// Words chosen for this corpus, by count table, embedding and size: a corpus page asks on
    /// every visit, and each choice reads a table's cells.
    let wordChoices = ComputedOnce<String, WordChoice>(limit: 32)
    private let languageModelCache = ComputedOnce<String, ContextLanguageModel>(limit: 8)
    /// The corpus's tokenizer, read once: it is fixed when the corpus is made (ingest refuses
    /// another), and reading it per request would queue every query word on the database.
    private var tokenizerCache: Tokenizer?
    /// Nearest-word answers by embedding key, query and size: a word page asks for them on every
    /// visit, and each costs a product with the whole embedding matrix. Emptied when full, and
    /// when an embedding changed.
    private var answerCache: [String: ExploreResponse] = [:]
    /// The most answers kept (a few hundred bytes each).
    static let answerCacheLimit = 10_000
    /// Nearest-word questions asked at the same time share one matrix product.
    let batcher = NearestWordsBatcher()

    public init(store: CorpusStore) {
        self.store = store
        watcher = store.path == ":memory:" ? nil : try? CorpusStore(path: store.path, readOnly: true)
    }

    /// The endpoints, by path.
    static let routes: [String: @Sendable (Explorer, ExploreQuery) throws -> ExploreResponse] = [
        "/api/corpus": { try $0.corpus($1) },
        "/api/word": { try $0.word($1) },
        "/api/neighbors": { try $0.neighbors($1) },
        "/api/collocates": { try $0.collocates($1) },
        "/api/concordance": { try $0.concordance($1) },
        "/api/compare": { try $0.compare($1) },
        "/api/analogy": { try $0.analogy($1) },
        "/api/map": { try $0.map($1) },
        "/api/attend": { try $0.attend($1) },
        "/api/predict": { try $0.predict($1) },
        "/api/generate": { try $0.generate($1) },
    ]

    /// The paths the API answers, sorted.
    public static var endpoints: [String] { routes.keys.sorted() }

    /// Answers one API request. Never throws: a refused request is a 4xx with a JSON error.
    public func respond(path: String, query: ExploreQuery) -> ExploreResponse {
        guard let route = Self.routes[path] else {
            return .json(ExploreError(status: 404, "no such endpoint '\(path)'; the endpoints are \(Self.endpoints.joined(separator: ", "))"), status: 404)
        }
        do {
            return try route(self, query)
        } catch {
            let refused = ExploreError.from(error, describe: describe)
            return .json(refused, status: refused.status)
        }
    }

    // MARK: - What the endpoints share

    /// What the database holds as last read: its embeddings and count tables, each with the
    /// key its cached values are kept by.
    struct Catalog {
        /// The watcher's `PRAGMA data_version` when read (nil: no watcher).
        var version: Int?
        var embeddings: [Embedding]
        /// By embedding name: id, creation time and fingerprint of the vectors (an id is reused
        /// when the newest embedding is replaced, and creation times count whole seconds).
        var keys: [String: String]
        /// The embedding the query commands use when none is named.
        var defaultName: String?
        var tables: [CooccurrenceTable]
        /// When (monotonic nanoseconds) `version` was last found current.
        var checked: UInt64 = 0
    }

    /// The catalog, read again when another connection has committed since it was last read.
    ///
    /// Asking costs one `PRAGMA data_version` on the watcher's connection (microseconds, and
    /// never behind a request's long query), so every request asks: an embedding replaced under
    /// the same name (`firth embed --force`) or a newer default is used from the next request on.
    ///
    /// Requests that arrive while a check runs wait for it and then ask again, unless a check
    /// began after they arrived: that one saw every commit made before them, so its catalog is
    /// theirs (under load, one check serves the requests that queued for it).
    func catalog() throws -> Catalog {
        let arrived = DispatchTime.now().uptimeNanoseconds
        catalogLock.lock()
        defer { catalogLock.unlock() }
        if let cached = catalogCache, cached.version != nil, cached.checked > arrived { return cached }
        let started = DispatchTime.now().uptimeNanoseconds
        let version = try watcher?.dataVersion()
        if var cached = catalogCache, let version, cached.version == version {
            cached.checked = started
            catalogCache = cached
            return cached
        }
        let reader = watcher ?? store
        let embeddings = try reader.embeddings()
        let tables = try reader.cooccurrenceTables()
        var keys: [String: String] = [:]
        for embedding in embeddings { keys[embedding.name] = try Self.key(of: embedding, in: reader) }
        let read = Catalog(version: version, embeddings: embeddings, keys: keys,
                           defaultName: Embedding.defaultChoice(among: embeddings, tables: tables)?.name, tables: tables,
                           checked: started)
        if let old = catalogCache, Set(old.keys.values) != Set(keys.values) {
            // An embedding changed: what was computed from the old vectors is never asked again.
            let current = Set(keys.values)
            vectorsCache.removeAll { !current.contains($0) }
            lock.withLock { answerCache.removeAll() }
        }
        catalogCache = read
        return read
    }

    static func key(of embedding: Embedding, in store: CorpusStore) throws -> String {
        [String(embedding.id), embedding.createdAt, String(try store.embeddingFingerprint(embedding), radix: 16)].joined(separator: "/")
    }

    /// What identifies a count table's cells: id and creation time, and the sums a recount
    /// within the same second would change.
    static func key(of table: CooccurrenceTable) -> String {
        [String(table.id), table.createdAt, String(table.nonzeroCount), String(table.total.bitPattern, radix: 16),
         String(table.seconds.bitPattern, radix: 16)].joined(separator: "/")
    }

    /// Vectors with the key their answers are kept by.
    struct LoadedVectors {
        var key: String
        var vectors: WordVectors
    }

    /// The vectors of the embedding called `name` (nil: the default of the query commands),
    /// loaded once per key (a replaced embedding has another key, and is loaded again).
    func loadedVectors(_ name: String?) throws -> LoadedVectors {
        let catalog = try self.catalog()
        let chosen: String, key: String
        if let named = name ?? catalog.defaultName, let known = catalog.keys[named] {
            (chosen, key) = (named, known)
        } else {
            // Throws the CLI's error (no such embedding, or none at all), unless one was made just now.
            let reader = watcher ?? store
            let found = try reader.embedding(named: name)
            (chosen, key) = (found.name, try Self.key(of: found, in: reader))
        }
        return LoadedVectors(key: key, vectors: try vectorsCache.value(key) { try store.wordVectors(named: chosen) })
    }

    /// The vectors of the embedding called `name` (nil: the default), loaded once.
    func vectors(_ name: String?) throws -> WordVectors {
        try loadedVectors(name).vectors
    }

    /// The vectors of `name` (nil: the default) when they are loaded already, else nil (never
    /// loads; throws only when the database cannot be asked whether it changed).
    func vectorsIfLoaded(_ name: String?) throws -> LoadedVectors? {
        let catalog = try self.catalog()
        guard let named = name ?? catalog.defaultName, let key = catalog.keys[named],
              let vectors = vectorsCache.cached(key) else { return nil }
        return LoadedVectors(key: key, vectors: vectors)
    }

    /// The corpus's tokenizer (read from the database once).
    func tokenizer() throws -> Tokenizer {
        if let cached = lock.withLock({ tokenizerCache }) { return cached }
        let read = try store.tokenizer()
        lock.withLock { tokenizerCache = read }
        return read
    }

    /// `text` spelled as the corpus spells its words (as ``CorpusStore/normalize(_:)``, with
    /// the tokenizer kept).
    func normalize(_ text: String) throws -> String {
        let words = try tokenizer().words(text)
        return words.count == 1 ? words[0] : text
    }

    /// A query word in the corpus's spelling, checked against `vectors` (404 with suggestions).
    func word(_ text: String, in vectors: WordVectors) throws -> String {
        let word = try normalize(text)
        guard vectors.contains(word) else {
            throw FirthError.unknownWord(word, suggestions: vectors.suggestions(for: word))
        }
        return word
    }

    /// Every word's corpus count, most frequent first, read once.
    struct Frequencies {
        var list: [(word: String, count: Int)]
        var rank: [String: Int]
    }

    /// - Parameter word: a word known to be in the corpus; when the cached list lacks it (a
    ///   document was ingested since), the list is read again. It is also read again when the
    ///   database changed since (`PRAGMA data_version` on the watcher's connection).
    func frequencies(having word: String? = nil) throws -> Frequencies {
        let version = try watcher?.dataVersion()
        frequencyLock.lock(); defer { frequencyLock.unlock() }
        if let (cached, seen) = frequencyCache, version == nil || seen == version,
           word.map({ cached.rank[$0] != nil }) ?? true { return cached }
        let list = try store.wordFrequencies()
        var rank: [String: Int] = [:]
        rank.reserveCapacity(list.count)
        for (i, entry) in list.enumerated() { rank[entry.word] = i + 1 }
        let made = Frequencies(list: list, rank: rank)
        frequencyCache = (made, version)
        return made
    }

    /// The answer kept for `key`, if any.
    func keptAnswer(_ key: String) -> ExploreResponse? {
        lock.withLock { answerCache[key] }
    }

    /// The answer kept for `key`, or `make`'s, kept. `make` runs outside the lock: two requests
    /// for the same new key may both compute it, which costs time, never correctness.
    func cachedAnswer(_ key: String, _ make: () throws -> ExploreResponse) rethrows -> ExploreResponse {
        if let cached = lock.withLock({ answerCache[key] }) { return cached }
        let made = try make()
        lock.withLock {
            if answerCache.count >= Self.answerCacheLimit { answerCache.removeAll(keepingCapacity: true) }
            answerCache[key] = made
        }
        return made
    }

    /// Whether the tokenizer was read already (a quick answer never reads the database).
    var hasTokenizer: Bool { lock.withLock { tokenizerCache != nil } }

    /// The context language model over the query commands' default n-gram model
    /// (``NGramTable/defaultChoice(among:)``), loaded once.
    func languageModel(embedding: String?) throws -> ContextLanguageModel {
        let loaded = try loadedVectors(embedding)
        guard let table = NGramTable.defaultChoice(among: try store.ngramTables()) else {
            throw FirthError.missing(what: "a current n-gram model", hint: "make one with \(step: Step("ngrams", database: store.path))")
        }
        // A model's id is never reused (AUTOINCREMENT); the vectors' key tells a replaced embedding.
        let key = [String(table.id), table.createdAt, loaded.key].joined(separator: "\u{0}")
        return try languageModelCache.value(key) {
            ContextLanguageModel(ngram: try store.loadNGramModel(table), vectors: loaded.vectors)
        }
    }
}
