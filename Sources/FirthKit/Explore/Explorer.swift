import Foundation

/// The JSON API of `firth serve`: answers `/api/...` requests from a database opened read-only.
///
/// Each endpoint asks the library what the matching CLI command asks (neighbors, collocates,
/// concordance, attend, predict…), and where the command has `--format json` the endpoint
/// returns the same JSON text, so a script can move from one to the other. The explorer never
/// writes: a database without a count table, an embedding or an n-gram model answers 404 with
/// the command that makes one. Loaded vectors and models are kept in memory between requests
/// (keyed by name, so a table made meanwhile by another `firth` is seen once it is named).
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

    /// Guards the small, quick state: the latest embedding's name, the answers, the tokenizer.
    /// What takes long to make (vectors, maps, word choices, models) is kept in ``ComputedOnce``
    /// caches, made outside this lock, so no request waits behind another's loading.
    private let lock = NSLock()
    private let vectorsCache = ComputedOnce<String, WordVectors>(limit: 16)
    /// The most recent embedding's name, and when it was asked (``vectors(_:)``).
    private var latestEmbedding: (name: String, checked: UInt64)?
    /// Whether a background check of the most recent embedding is under way.
    private var checkingLatest = false
    /// Nanoseconds between checks of which embedding is the most recent.
    var latestCheckInterval: UInt64 = 1_000_000_000
    private let frequencyLock = NSLock()
    private var frequencyCache: Frequencies?
    let mapCache = ComputedOnce<String, WordMapAnswer>(limit: 32)
    /// Words chosen for this corpus, by count table, embedding and size: a corpus page asks on
    /// every visit, and each choice reads a table's cells.
    let wordChoices = ComputedOnce<String, WordChoice>(limit: 32)
    private let languageModelCache = ComputedOnce<String, ContextLanguageModel>(limit: 8)
    /// The corpus's tokenizer, read once: it is fixed when the corpus is made (ingest refuses
    /// another), and reading it per request would queue every query word on the database.
    private var tokenizerCache: Tokenizer?
    /// Nearest-word answers by embedding, query and size: a word page asks for them on every
    /// visit, and each costs a product with the whole embedding matrix. Emptied when full.
    private var answerCache: [String: ExploreResponse] = [:]
    /// The most answers kept (a few hundred bytes each).
    static let answerCacheLimit = 10_000

    public init(store: CorpusStore) {
        self.store = store
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
            let refused = ExploreError.from(error)
            return .json(refused, status: refused.status)
        }
    }

    // MARK: - What the endpoints share

    /// The vectors of the embedding called `name` (nil: the most recent), loaded once.
    ///
    /// Which embedding is the most recent is asked of the database once, then again at most
    /// once a second, in the background: an embedding made meanwhile by another `firth` is
    /// loaded there and used from then on. Asking on the request's own thread would make a
    /// request wait for the one connection all requests share (behind a long concordance, say),
    /// and asking on every request would read and decode every embedding's parameters each time.
    func vectors(_ name: String?) throws -> WordVectors {
        let now = DispatchTime.now().uptimeNanoseconds
        let known = name ?? latestEmbeddingName()
        if let known, let cached = vectorsCache.cached(known) { return cached }
        let embedding = try store.embedding(named: name)
        if name == nil { lock.withLock { latestEmbedding = (embedding.name, now) } }
        return try vectorsCache.value(embedding.name) { try store.wordVectors(named: embedding.name) }
    }

    /// Asks which embedding is the most recent and loads its vectors before requests use it.
    private func refreshLatestEmbedding() {
        let found = try? store.embedding(named: nil)
        if let found { _ = try? vectorsCache.value(found.name) { try store.wordVectors(named: found.name) } }
        lock.withLock {
            if let found { latestEmbedding = (found.name, DispatchTime.now().uptimeNanoseconds) }
            else { latestEmbedding?.checked = DispatchTime.now().uptimeNanoseconds }
            checkingLatest = false
        }
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
    ///   document was ingested since), the list is read again.
    func frequencies(having word: String? = nil) throws -> Frequencies {
        frequencyLock.lock(); defer { frequencyLock.unlock() }
        if let cached = frequencyCache, word.map({ cached.rank[$0] != nil }) ?? true { return cached }
        let list = try store.wordFrequencies()
        var rank: [String: Int] = [:]
        rank.reserveCapacity(list.count)
        for (i, entry) in list.enumerated() { rank[entry.word] = i + 1 }
        let made = Frequencies(list: list, rank: rank)
        frequencyCache = made
        return made
    }

    /// The answer kept for `key`, if any.
    func keptAnswer(_ key: String) -> ExploreResponse? {
        lock.withLock { answerCache[key] }
    }

    /// The name of the most recent embedding as last asked (nil before the first request that
    /// used it); when that was a second ago or more, a background check is started.
    func latestEmbeddingName() -> String? {
        return lock.withLock {
            guard let latest = latestEmbedding else { return nil }
            // Read under the lock: a check that ended meanwhile may be later than a time read before.
            let now = DispatchTime.now().uptimeNanoseconds
            if now >= latest.checked && now - latest.checked >= latestCheckInterval && !checkingLatest {
                checkingLatest = true
                DispatchQueue.global(qos: .utility).async { [self] in refreshLatestEmbedding() }
            }
            return latest.name
        }
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

    /// The context language model over the most recent current n-gram model, loaded once.
    func languageModel(embedding: String?) throws -> ContextLanguageModel {
        let vectors = try self.vectors(embedding)
        guard let table = try store.ngramTables().last(where: { !$0.isStale }) else {
            throw FirthError.missing(what: "a current n-gram model", hint: "make one with `firth ngrams --db \(store.path)`")
        }
        let key = table.name + "\u{0}" + table.createdAt + "\u{0}" + vectors.name
        return try languageModelCache.value(key) {
            ContextLanguageModel(ngram: try store.loadNGramModel(table), vectors: vectors)
        }
    }
}
