import Foundation
import GRDB
import GRDBSQLite

/// One stored n-gram model: its parameters, what it holds, and whether it is current.
public struct NGramTable: Sendable, Equatable {
    /// One order of the model: its size, counts-of-counts and modified Kneser-Ney discounts.
    public struct Order: Sendable, Equatable, Codable, FetchableRecord {
        public var n: Int
        public var ngramCount: Int
        /// Counts-of-counts n₁…n₄ of the Kneser-Ney counts.
        public var n1: Int, n2: Int, n3: Int, n4: Int
        /// The discounts D₁, D₂, D₃₊.
        public var d1: Double, d2: Double, d3: Double
        /// The counts-of-counts could not make discounts; KenLM's fallback 0.5, 1, 1.5 was used.
        public var fallback: Bool
        var firstID: Int64
        var lastID: Int64

        enum CodingKeys: String, CodingKey {
            case n, ngramCount = "ngram_count", n1, n2, n3, n4, d1, d2, d3, fallback, firstID = "first_id", lastID = "last_id"
        }
    }

    public var id: Int64
    public var name: String
    public var parameters: NGramParameters
    public var orders: [Order]
    /// Words of the model, with `<unk>`, `<s>` and `</s>`.
    public var vocabularySize: Int
    public var trainingDocuments: Int
    public var sentences: Int
    /// Words counted, without the sentence markers.
    public var tokens: Int
    public var seconds: Double
    public var createdAt: String
    /// The corpus gained or lost documents since this model was counted.
    public var isStale: Bool

    /// Distinct n-grams of each order, unigrams first.
    public var ngramCounts: [Int] { orders.map(\.ngramCount) }
}

/// One row of `ngram_models`, as stored.
private struct NGramModelRow: Decodable, FetchableRecord {
    var model_id: Int64
    var name: String
    var parameters: String
    var vocabulary_size: Int
    var training_documents: Int
    var sentences: Int
    var tokens: Int
    var seconds: Double
    var created_at: String
    var corpus_documents: Int
    var corpus_tokens: Int
    var corpus_last_document: Int64
}

extension CorpusStore {
    /// Every complete n-gram model, oldest first.
    public func ngramTables() throws -> [NGramTable] {
        try dbQueue.read { db in try Self.ngramTables(db) }
    }

    static func ngramTables(_ db: Database, where condition: String = "1", arguments: StatementArguments = []) throws -> [NGramTable] {
        let state = try corpusState(db)
        return try NGramModelRow.fetchAll(db, sql: """
            SELECT * FROM ngram_models WHERE status = 'complete' AND (\(condition)) ORDER BY model_id
            """, arguments: arguments).map { row in
            NGramTable(
                id: row.model_id, name: row.name,
                parameters: try JSONDecoder().decode(NGramParameters.self, from: Data(row.parameters.utf8)),
                orders: try NGramTable.Order.fetchAll(db, sql: "SELECT * FROM ngram_orders WHERE model_id = ? ORDER BY n",
                                                      arguments: [row.model_id]),
                vocabularySize: row.vocabulary_size, trainingDocuments: row.training_documents,
                sentences: row.sentences, tokens: row.tokens, seconds: row.seconds, createdAt: row.created_at,
                isStale: CorpusState(documents: row.corpus_documents, tokens: row.corpus_tokens,
                                     lastDocument: row.corpus_last_document) != state)
        }
    }

    /// The model called `name`, or — when `name` is nil — the default model of the query commands
    /// (``NGramTable/defaultChoice(among:)``), or failing that the most recent one of the whole
    /// corpus even if stale (a subcorpus's model is used only when named).
    ///
    /// - Throws: ``FirthError/missing(what:hint:)`` when there is no such model.
    public func ngramTable(named name: String?) throws -> NGramTable {
        let tables = try ngramTables()
        if let name {
            guard let table = tables.first(where: { $0.name == name }) else {
                let known = tables.map(\.name).joined(separator: ", ")
                throw FirthError.missing(what: "n-gram model '\(name)'",
                                         hint: known.isEmpty ? "make one with \(step: Step("ngrams"))" : "the models are: \(known)")
            }
            return table
        }
        guard let latest = NGramTable.defaultChoice(among: tables) ?? tables.last(where: { $0.parameters.subcorpus == nil }) else {
            throw FirthError.missing(what: "an n-gram model", hint: "make one with \(step: Step("ngrams", database: path))")
        }
        return latest
    }

    /// The documents a model held out, in id order (empty without a hold-out).
    public func heldOutDocuments(of table: NGramTable) throws -> [Int64] {
        try dbQueue.read { db in
            try Int64.fetchAll(db, sql: "SELECT document_id FROM ngram_held_out WHERE model_id = ? ORDER BY document_id",
                               arguments: [table.id])
        }
    }

    /// A model's words in id order: `<unk>`, `<s>`, `</s>`, then the most frequent first.
    public func ngramVocabulary(of table: NGramTable) throws -> [String] {
        try dbQueue.read { db in try Self.ngramVocabulary(db, of: table) }
    }

    static func ngramVocabulary(_ db: Database, of table: NGramTable) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT word FROM ngram_vocabulary WHERE model_id = ? ORDER BY id", arguments: [table.id])
    }

    /// Calls `body` with every n-gram of order `n` of a model, in id order, which is the order of
    /// (context, word): the children of a context are consecutive, words ascending.
    ///
    /// The rows are stepped and read with SQLite's own calls, column by index: a model has
    /// millions of them, and decoding each through a `Row` costs more than reading it.
    static func forEachNGram(_ db: Database, of table: NGramTable, order n: Int, _ body: (NGramRow) throws -> Void) throws {
        let range = table.orders[n - 1]
        let statement = try db.makeStatement(sql: """
            SELECT ngram_id, context_id, word, probability, backoff FROM ngrams
            WHERE ngram_id BETWEEN ? AND ? ORDER BY ngram_id
            """)
        try statement.setArguments([range.firstID, range.lastID])
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: statement.sql)
            }
            try body(NGramRow(id: sqlite3_column_int64(handle, 0), contextID: sqlite3_column_int64(handle, 1),
                              word: Int32(truncatingIfNeeded: sqlite3_column_int64(handle, 2)),
                              probability: sqlite3_column_double(handle, 3), backoff: sqlite3_column_double(handle, 4)))
        }
    }
}

extension CorpusStore {
    /// A stored model's arrays rebuilt from its rows (slow: millions of rows; see ``ngramImage(of:)``).
    public func ngramModelFromRows(_ table: NGramTable) throws -> NGramModel {
        try dbQueue.read { db in try Self.loadNGramModelFromRows(db, table) }
    }

    /// Rebuilds a model's arrays from its rows of `ngram_vocabulary` and `ngrams`.
    static func loadNGramModelFromRows(_ db: Database, _ table: NGramTable) throws -> NGramModel {
        let vocabulary = try ngramVocabulary(db, of: table)
        var levels: [NGramModel.Level] = []
        for n in 1...table.parameters.order {
            let size = table.orders[n - 1].ngramCount
            var level = NGramModel.Level(probability: [], backoff: [], word: [], childStart: [])
            level.probability.reserveCapacity(size)
            // The highest order's n-grams are never contexts: no backoffs (all 1 in the rows).
            let highest = n == table.parameters.order
            if !highest { level.backoff.reserveCapacity(size) }
            level.word.reserveCapacity(size)
            if n > 1 {
                // Rows come sorted by (context, word): count each context's children, then sum.
                let previous = table.orders[n - 2]
                level.childStart = [Int32](repeating: 0, count: previous.ngramCount + 1)
                try forEachNGram(db, of: table, order: n) { row in
                    level.probability.append(row.probability)
                    if !highest { level.backoff.append(row.backoff) }
                    level.word.append(row.word)
                    level.childStart[Int(row.contextID - previous.firstID) + 1] += 1
                }
                for i in 1..<level.childStart.count { level.childStart[i] += level.childStart[i - 1] }
            } else {
                try forEachNGram(db, of: table, order: 1) { row in
                    level.probability.append(row.probability)
                    if !highest { level.backoff.append(row.backoff) }
                    level.word.append(row.word)
                }
            }
            levels.append(level)
        }
        return NGramModel(order: table.parameters.order, vocabulary: vocabulary, levels: levels)
    }
}

/// One n-gram as the in-memory model reads it.
struct NGramRow: FetchableRecord {
    var id: Int64
    var contextID: Int64
    var word: Int32
    var probability: Double
    var backoff: Double

    init(id: Int64, contextID: Int64, word: Int32, probability: Double, backoff: Double) {
        self.id = id
        self.contextID = contextID
        self.word = word
        self.probability = probability
        self.backoff = backoff
    }

    init(row: Row) {
        id = row["ngram_id"]
        contextID = row["context_id"]
        word = row["word"]
        probability = row["probability"]
        backoff = row["backoff"]
    }
}

/// A frequent n-gram of a model (AntConc's "cluster"): its words, count and probability.
public struct FrequentNGram: Sendable, Equatable {
    public var words: [String]
    /// Occurrences in the training sentences.
    public var count: Int
    /// Modified Kneser-Ney P(last word | the words before it).
    public var probability: Double
}

private struct NGramWordsRow: Decodable, FetchableRecord {
    var count: Int
    var probability: Double
    var w1: Int, w2: Int?, w3: Int?, w4: Int?, w5: Int?
}

extension CorpusStore {
    /// The most frequent n-grams of `size` words in a model, most frequent first.
    ///
    /// - Parameters:
    ///   - containing: keep only n-grams with this word anywhere.
    ///   - startingWith: keep only n-grams whose first word is this one.
    ///   - minimumCount: leave out n-grams seen fewer times.
    ///   - markers: keep n-grams with `<s>` or `</s>` (left out unless asked for, or filtered on).
    /// - Throws: ``FirthError/unknownWord(_:suggestions:)`` for a filter word the model does not know.
    public func frequentNGrams(in table: NGramTable, size: Int, containing: String? = nil, startingWith: String? = nil,
                               minimumCount: Int = 1, limit: Int = 20, markers: Bool = false) throws -> [FrequentNGram] {
        guard (1...table.parameters.order).contains(size) else {
            throw FirthError.invalidOption("model '\(table.name)' has n-grams of 1 to \(table.parameters.order) words (asked for \(size))")
        }
        let vocabulary = try ngramVocabulary(of: table)
        let ids = Dictionary(vocabulary.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let tokenizer = try self.tokenizer()
        func id(_ word: String) throws -> Int {
            if let id = ids[word] { return id }
            let spelled = tokenizer.words(word).joined(separator: " ")
            if let id = ids[spelled] { return id }
            throw FirthError.unknownWord(word, suggestions: try suggestions(for: spelled))
        }
        let columns = (1...size).map { "w\($0)" }
        var conditions = ["ngram_id BETWEEN :first AND :last", "count >= :min"]
        var arguments: [String: (any DatabaseValueConvertible)?] = [
            "first": table.orders[size - 1].firstID, "last": table.orders[size - 1].lastID, "min": minimumCount, "limit": limit]
        var filtersOnMarker = false
        if let containing {
            let word = try id(containing)
            filtersOnMarker = filtersOnMarker || word == 1 || word == 2
            conditions.append("(" + columns.map { "\($0) = :contains" }.joined(separator: " OR ") + ")")
            arguments["contains"] = word
        }
        if let startingWith {
            let word = try id(startingWith)
            filtersOnMarker = filtersOnMarker || word == 1 || word == 2
            conditions.append("w1 = :starts")
            arguments["starts"] = word
        }
        if !markers && !filtersOnMarker {
            conditions.append(columns.map { "\($0) NOT IN (1, 2)" }.joined(separator: " AND "))
        }
        return try dbQueue.read { db in
            try NGramWordsRow.fetchAll(db, sql: """
                SELECT count, probability, w1, w2, w3, w4, w5 FROM ngrams WHERE \(conditions.joined(separator: " AND "))
                ORDER BY count DESC, ngram_id LIMIT :limit
                """, arguments: StatementArguments(arguments)).map { row in
                let words = [row.w1, row.w2, row.w3, row.w4, row.w5].prefix(size).map { vocabulary[$0 ?? 0] }
                return FrequentNGram(words: words, count: row.count, probability: row.probability)
            }
        }
    }
}

private struct SentenceWordRow: Decodable, FetchableRecord {
    var sentence: Int64
    var word: String
}

extension CorpusStore {
    /// The sentences of the given documents, as they were split at ingest, in corpus order.
    public func sentences(ofDocuments documents: [Int64]) throws -> [[String]] {
        guard !documents.isEmpty else { return [] }
        return try dbQueue.read { db in
            var sentences: [[String]] = []
            var current: [String] = []
            var number: Int64 = -1
            let rows = try SentenceWordRow.fetchCursor(db, sql: """
                SELECT t.sentence AS sentence, w.word AS word FROM documents d
                JOIN tokens t ON t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1
                JOIN words w ON w.word_id = t.word_id
                WHERE d.document_id IN (\(documents.map(String.init).joined(separator: ",")))
                ORDER BY t.position
                """)
            while let row = try rows.next() {
                if row.sentence != number, !current.isEmpty { sentences.append(current); current = [] }
                number = row.sentence
                current.append(row.word)
            }
            if !current.isEmpty { sentences.append(current) }
            return sentences
        }
    }
}

/// One n-gram with its words' ids, as an ARPA file lists it.
struct NGramWordsEntry: FetchableRecord {
    var words: [Int]
    var probability: Double
    var backoff: Double

    init(row: Row) {
        let n: Int = row["n"]
        words = (1...n).map { row["w\($0)"] }
        probability = row["probability"]
        backoff = row["backoff"]
    }
}

extension CorpusStore {
    /// Calls `body` with every n-gram of order `n` of a model and its words' ids, in id order.
    func forEachNGramWithWords(of table: NGramTable, order n: Int, _ body: (NGramWordsEntry) throws -> Void) throws {
        let range = table.orders[n - 1]
        try dbQueue.read { db in
            let rows = try NGramWordsEntry.fetchCursor(db, sql: """
                SELECT n, w1, w2, w3, w4, w5, probability, backoff FROM ngrams
                WHERE ngram_id BETWEEN ? AND ? ORDER BY ngram_id
                """, arguments: [range.firstID, range.lastID])
            while let row = try rows.next() { try body(row) }
        }
    }
}

/// One stored n-gram's words (model word ids) and its two counts.
struct StoredNGramCount: Decodable, FetchableRecord, Equatable {
    var w1: Int, w2: Int?, w3: Int?, w4: Int?, w5: Int?
    var count: Int
    var adjustedCount: Int

    enum CodingKeys: String, CodingKey {
        case w1, w2, w3, w4, w5, count
        case adjustedCount = "adjusted_count"
    }

    /// The n-gram's words, spelled with the model's `vocabulary`.
    func words(_ vocabulary: [String]) -> [String] {
        [w1, w2, w3, w4, w5].compactMap { $0 }.map { vocabulary[$0] }
    }
}

extension CorpusStore {
    /// Every n-gram of order `n` of a model with its count and Kneser-Ney count, in id order.
    func ngramCounts(of table: NGramTable, order n: Int) throws -> [StoredNGramCount] {
        let range = table.orders[n - 1]
        return try dbQueue.read { db in
            try StoredNGramCount.fetchAll(db, sql: """
                SELECT w1, w2, w3, w4, w5, count, adjusted_count FROM ngrams WHERE ngram_id BETWEEN ? AND ? ORDER BY ngram_id
                """, arguments: [range.firstID, range.lastID])
        }
    }
}

extension NGramTable {
    /// The model the query commands use when none is named: the most recent current one of the
    /// whole corpus without a hold-out; failing that, the most recent current one of the whole
    /// corpus with a hold-out.
    ///
    /// As with embeddings (``Embedding/defaultChoice(among:tables:)``), a model made on purpose
    /// for something else is used only by name, so making it never changes what the other
    /// queries answer: a subcorpus's model, and the hold-out models that `firth perplexity
    /// --hold-out` makes next to the whole corpus's.
    ///
    /// - Parameter tables: the stored models, oldest first (``CorpusStore/ngramTables()``).
    public static func defaultChoice(among tables: [NGramTable]) -> NGramTable? {
        let current = tables.filter { !$0.isStale && $0.parameters.subcorpus == nil }
        return current.last(where: { $0.parameters.holdOut == nil }) ?? current.last
    }
}
