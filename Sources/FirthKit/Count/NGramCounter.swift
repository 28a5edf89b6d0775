import Foundation
import GRDB

/// Counts n-grams and estimates an interpolated modified Kneser-Ney model, as SQL inside the database.
///
/// The stages, each leaving an inspectable table (see `Migrations/0007_create_ngrams.sql`):
/// 1. `ngram_vocabulary`: `<unk>` `<s>` `</s>` and the words of the training documents with
///    frequency ≥ min-count; with a hold-out, `ngram_held_out` lists the documents left out;
/// 2. the training text: the tokens of the training documents, each sentence followed by `</s>`
///    and preceded by `<s>`, so that no n-gram joins two sentences;
/// 3. the counts as SQL aggregates: the highest order's n-grams at every position (the tokens
///    joined to themselves at p−1, p−2, …, a word of another sentence read as `<s>`), summed per
///    n-gram; each lower order summed from the one above it, which also gives its Kneser-Ney
///    continuation counts; then `ngrams`, numbered order by order. The sums are upserts into
///    tables keyed by the n-gram packed into one integer where it fits 63 bits
///    (`aggregatePackedGrams(_:order:radix:schema:text:partition:)`), read straight from `tokens`; else GROUP BY
///    over word columns (`aggregateGrams(_:order:)`) of a working copy of the text as model
///    word ids (`TrainingText.streamSQL`); both give the same model;
/// 4. the estimate (`NGramEstimator`): Kneser-Ney counts, discounts, backoffs, probabilities.
///
/// Everything happens in one write transaction, so an error or a crash leaves the database as it
/// was.
///
/// ```swift
/// let (table, reused) = try NGramCounter(store: store).count(NGramParameters(order: 3))
/// print(table.name, table.ngramCounts)   // o3.min1 [1204, 5310, 7022]
/// ```
public final class NGramCounter {
    public let store: CorpusStore
    private let progress: Progress

    public init(store: CorpusStore, progress: Progress = .silent) {
        self.store = store
        self.progress = progress
    }

    /// A (context id, word) pair is one integer: context · 2²⁴ + word.
    static let wordBits: Int64 = 16_777_216
    /// Empty stream positions between two sentences: more than the longest n-gram spans.
    static let sentenceGap: Int64 = 8
    /// Counts with packed integer keys and upserts where they fit (the default), else with
    /// GROUP BY over word columns; both give the same model (tests compare them).
    var packsKeys = true

    /// Counts and estimates a model with `parameters`, or returns the stored one that has them.
    ///
    /// - Parameter force: make it again even if an identical, current model exists.
    /// - Returns: the model's record and whether it was reused rather than made.
    /// - Throws: ``FirthError/invalidOption(_:)`` for impossible parameters, a hold-out that
    ///   leaves no document on one side, or a corpus shorter than the order.
    @discardableResult
    public func count(_ parameters: NGramParameters, force: Bool = false) throws -> (table: NGramTable, reused: Bool) {
        try parameters.validate()
        _ = try store.requireCorpus()
        let started = Date()
        let name = parameters.name
        // A large corpus in a WAL database is counted in two halves on two connections (see
        // `NGramPartner`); its scratch file must be attached before the transaction begins.
        // A scratch file that cannot be made (no room, no temporary folder) only costs the split.
        let partner = try splitsCount(parameters) ? try? NGramPartner(corpusPath: store.path, order: parameters.order) : nil
        defer { partner?.close(); self.partner = nil }
        self.partner = nil
        countedInHalves = false
        countsOfCounts = [:]
        let modelID: Int64? = try store.dbQueue.writeWithoutTransaction { db in
            // Foreign keys off while the model is made, as `ingest` does for tokens: each of the
            // model's ~2 M rows would cost a search in `ngram_models` for the one parent they
            // all name, the row this transaction inserts (a third of the time of inserting the
            // highest order, BENCHMARKS.md). Without cascades, `make` deletes a replaced model's
            // rows itself (`deleteModels`). The pragma cannot change inside a transaction.
            let foreignKeys = try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false
            if foreignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
            defer { if foreignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
            if let partner { try db.execute(sql: "ATTACH DATABASE ? AS \(NGramPartner.schema)", arguments: [partner.path]) }
            defer { if partner != nil { try? db.execute(sql: "DETACH DATABASE \(NGramPartner.schema)") } }
            var result: Int64?
            // DEFERRED: an IMMEDIATE transaction would lock the attached scratch file too, which
            // the partner writes while this transaction is open.
            try db.inTransaction(partner == nil ? nil : .deferred) {
                result = try make(db, parameters, force: force, started: started, partner: partner)
                return .commit
            }
            return result
        }
        progress.finish()
        let tables = try store.ngramTables()
        if modelID == nil, let current = tables.first(where: { $0.parameters == parameters && !$0.isStale }) {
            return (current, true)
        }
        guard let table = tables.first(where: { $0.name == name }) else {
            throw FirthError.missing(what: "n-gram model '\(name)'", hint: "it was not stored; run \(step: Step("ngrams")) again")
        }
        return (table, false)
    }

    /// Whether to count with a second connection: on by default for a corpus of at least
    /// `splitMinimumTokens` tokens in a WAL database file, when the keys pack.
    private func splitsCount(_ parameters: NGramParameters) throws -> Bool {
        guard packsKeys, parameters.order >= 2, store.path != ":memory:", !store.isReadOnly else { return false }
        if let splits { return splits }
        return try store.dbQueue.read { db in
            let journal = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            let tokens = try Int.fetchOne(db, sql: "SELECT coalesce(sum(token_count), 0) FROM documents") ?? 0
            return journal.lowercased() == "wal" && tokens >= Self.splitMinimumTokens
        }
    }

    /// The smallest corpus counted on two connections by default: below it, starting the
    /// second connection costs more than it saves.
    static let splitMinimumTokens = 200_000

    /// Forces the split count on (true) or off (false); nil lets `splitsCount(_:)` decide.
    var splits: Bool?
    /// The partner of the count under way, once started (the split is on).
    private var partner: NGramPartner?
    /// Split, the counts-of-counts of both halves summed by `mergeHalves`: order → n₁…n₄.
    private var countsOfCounts: [Int: [Int]] = [:]
    /// Whether the last count was split over two connections (for the tests).
    private(set) var countedInHalves = false

    /// Makes the model inside the transaction (nil when a current one is reused).
    private func make(_ db: Database, _ parameters: NGramParameters, force: Bool, started: Date, partner: NGramPartner?) throws -> Int64? {
        let name = parameters.name
        CorpusStore.traceIfRequested(db)
        // The working tables of the benchmark corpus (a few million rows) fit in these caches;
        // a larger corpus pages to disk rather than growing memory.
        try CorpusStore.setCacheSizes(db, main: 256, temp: 256)
        defer {
            db.trace(options: .profile, nil)
            try? CorpusStore.setCacheSizes(db)
        }
        let existing = try CorpusStore.ngramTables(db, where: "parameters = ?", arguments: [parameters.json])
        if !force, existing.contains(where: { !$0.isStale }) { return nil }
        try Self.deleteModels(db, where: "name = ? OR parameters = ? OR status = 'counting'", arguments: [name, parameters.json])
        defer { ModelWordFunction.remove(from: db) }
        let (modelID, text) = try prepare(db, parameters, partner: partner)
        let radix = try countOrders(db, modelID: modelID, order: parameters.order, text: text)
        progress.update("estimating modified Kneser-Ney", force: true)
        var estimator = NGramEstimator(db: db, modelID: modelID, order: parameters.order)
        estimator.packedRadix = radix
        estimator.countsOfCounts = countsOfCounts
        try estimator.estimate()
        try db.execute(sql: """
            UPDATE ngram_models SET status = 'complete', seconds = ?,
                vocabulary_size = (SELECT count(*) FROM ngram_vocabulary WHERE model_id = ?)
            WHERE model_id = ?
            """, arguments: [Date().timeIntervalSince(started), modelID, modelID])
        try db.execute(sql: "DROP TABLE IF EXISTS temp.lm_stream")
        // The finished model's binary image, for the query commands to load in one read.
        progress.update("storing the model's binary image", force: true)
        if let table = try CorpusStore.ngramTables(db, where: "model_id = ?", arguments: [modelID]).first {
            try CorpusStore.storeNGramImage(db, model: try CorpusStore.loadNGramModelFromRows(db, table), of: table)
        }
        return modelID
    }

    /// The tables whose rows belong to an n-gram model (`model_id REFERENCES ngram_models ON
    /// DELETE CASCADE`, migrations 0007 and 0008); a test checks that the list is whole.
    static let modelTables = ["ngram_images", "ngram_orders", "ngrams", "ngram_vocabulary", "ngram_held_out"]

    /// Deletes the models matching `condition` (SQL over `ngram_models`) and their rows, table by
    /// table: with foreign keys off (see `count`) no cascade does it.
    static func deleteModels(_ db: Database, where condition: String, arguments: StatementArguments) throws {
        let ids = try Int64.fetchAll(db, sql: "SELECT model_id FROM ngram_models WHERE \(condition)", arguments: arguments)
        guard !ids.isEmpty else { return }
        let list = ids.map(String.init).joined(separator: ", ")
        for table in modelTables { try db.execute(sql: "DELETE FROM \(table) WHERE model_id IN (\(list))") }
        try db.execute(sql: "DELETE FROM ngram_models WHERE model_id IN (\(list))")
    }

    // MARK: - Stage 1: the model's row, held-out documents and vocabulary

    private func prepare(_ db: Database, _ parameters: NGramParameters, partner: NGramPartner?) throws -> (Int64, TrainingText) {
        let state = try CorpusStore.corpusState(db)
        // A subcorpus's model counts its members only: `documents` is the SQL set of the
        // documents it may count (before the hold-out).
        var subcorpusID: Int64?
        var documents = "SELECT document_id FROM documents"
        var documentCount = state.documents
        if let name = parameters.subcorpus {
            guard let id = try Int64.fetchOne(db, sql: "SELECT subcorpus_id FROM subcorpora WHERE name = ?", arguments: [name]) else {
                let known = try String.fetchAll(db, sql: "SELECT name FROM subcorpora ORDER BY subcorpus_id").joined(separator: ", ")
                throw FirthError.invalidOption("no subcorpus '\(name)' in the database" + (known.isEmpty ? "" : " (it has: \(known))"))
            }
            subcorpusID = id
            documents = "SELECT document_id FROM subcorpus_documents WHERE subcorpus_id = \(id)"
            documentCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(documents))") ?? 0
        }
        try db.execute(sql: """
            INSERT INTO ngram_models(name, parameters, "order", min_count, hold_out, seed, corpus_documents,
                corpus_tokens, corpus_last_document, training_documents, sentences, tokens, vocabulary_size, seconds, subcorpus_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, ?)
            """, arguments: [parameters.name, parameters.json, parameters.order, parameters.minCount,
                             parameters.holdOut, parameters.seed, state.documents, state.tokens, state.lastDocument, subcorpusID])
        let modelID = db.lastInsertedRowID

        if let holdOut = parameters.holdOut {
            let held = Int((holdOut * Double(documentCount)).rounded())
            guard held >= 1, held < documentCount else {
                throw FirthError.invalidOption("a hold-out of \(String(format: "%g", holdOut * 100)) % of \(documentCount) document(s) is "
                    + (held < 1 ? "no document" : "every document") + "; hold out a larger or smaller share, or ingest more documents")
            }
            // The draw: documents ordered by an integer hash of (id, seed), the first `held` of
            // them. Integer arithmetic, so the same seed gives the same split anywhere.
            try db.execute(sql: """
                INSERT INTO ngram_held_out(model_id, document_id)
                SELECT ?, document_id FROM (\(documents))
                ORDER BY (((document_id * 2654435761) % 4294967296 + ?) % 4294967296 * 1103515245 + 12345) % 4294967296, document_id LIMIT ?
                """, arguments: [modelID, parameters.seed, held])
        }
        // The training tokens' word frequencies: the corpus counts, minus the held-out documents'
        // (a subcorpus's: its training documents' tokens, counted).
        try db.execute(sql: "DROP TABLE IF EXISTS temp.lm_frequency; CREATE TEMP TABLE lm_frequency(word_id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        if subcorpusID == nil {
            try db.execute(sql: """
                INSERT INTO temp.lm_frequency SELECT word_id, count FROM words WHERE count > 0;
                UPDATE temp.lm_frequency SET n = lm_frequency.n - h.held FROM (
                    SELECT t.word_id, count(*) AS held FROM ngram_held_out o
                    JOIN documents d ON d.document_id = o.document_id AND o.model_id = \(modelID)
                    JOIN tokens t ON t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1
                    GROUP BY t.word_id) h
                WHERE h.word_id = lm_frequency.word_id;
                """)
        } else {
            try db.execute(sql: """
                INSERT INTO temp.lm_frequency
                SELECT t.word_id, count(*) FROM documents d
                JOIN tokens t ON t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1
                WHERE d.document_id IN (\(documents))
                    AND d.document_id NOT IN (SELECT document_id FROM ngram_held_out WHERE model_id = \(modelID))
                GROUP BY t.word_id;
                """)
        }
        let trainingTokens = try Int.fetchOne(db, sql: "SELECT coalesce(sum(n), 0) FROM temp.lm_frequency") ?? 0
        guard trainingTokens >= parameters.order else {
            throw FirthError.invalidOption("the training text has \(trainingTokens) word(s), fewer than the order \(parameters.order); "
                + "ingest more text or lower the order")
        }
        try db.execute(sql: """
            INSERT INTO ngram_vocabulary(model_id, id, word_id, word, frequency) VALUES
                (:m, 0, NULL, '<unk>', (SELECT coalesce(sum(n), 0) FROM temp.lm_frequency WHERE n < :min)),
                (:m, 1, NULL, '<s>', 0), (:m, 2, NULL, '</s>', 0);
            INSERT INTO ngram_vocabulary(model_id, id, word_id, word, frequency)
            SELECT :m, 2 + row_number() OVER (ORDER BY f.n DESC, f.word_id), f.word_id, w.word, f.n
            FROM temp.lm_frequency f JOIN words w USING (word_id) WHERE f.n >= :min;
            DROP TABLE temp.lm_frequency;
            """, arguments: ["m": modelID, "min": parameters.minCount])
        // The text's words become the model's by `lm_word` (removed by `make` when it is done).
        let words = try ModelWordFunction(db, model: modelID)
        try words.install(on: db)
        let vocabularySize = try Int.fetchOne(db, sql: "SELECT count(*) FROM ngram_vocabulary WHERE model_id = ?", arguments: [modelID]) ?? 0
        guard Int64(vocabularySize) < Self.wordBits else {
            throw FirthError.invalidOption("\(vocabularySize) words are more than an n-gram model holds (\(Self.wordBits)); raise the min-count")
        }

        // Stage 2: the training text. The held-out documents as a list of ids: the partner's
        // connection cannot see the rows of `ngram_held_out` this transaction has not committed yet.
        let heldOut = try Int64.fetchAll(db, sql: "SELECT document_id FROM ngram_held_out WHERE model_id = ? ORDER BY document_id",
                                         arguments: [modelID]).map(String.init).joined(separator: ", ")
        let text = TrainingText(documents: "d.document_id NOT IN (\(heldOut))" + (subcorpusID == nil ? "" : " AND d.document_id IN (\(documents))"))
        let packed = packsKeys && parameters.order >= 2 && Self.packedKeysFit(vocabularySize: Int64(vocabularySize), order: parameters.order)
        if packed {
            // Packed keys are counted from the tokens themselves (`aggregatePackedGrams`); split,
            // the partner counts its half meanwhile. The sentences are counted with them.
            if let partner {
                partner.start(words: words, text: text, radix: Int64(vocabularySize))
                self.partner = partner
                countedInHalves = true
            }
        } else {
            progress.update("reading the training text", force: true)
            try db.execute(sql: text.streamSQL)
        }
        try db.execute(sql: """
            UPDATE ngram_models SET
                tokens = \(trainingTokens),
                training_documents = \(documentCount) - (SELECT count(*) FROM ngram_held_out WHERE model_id = :m)
            WHERE model_id = :m
            """, arguments: ["m": modelID])
        if !packed { try Self.recordSentences(db, modelID: modelID, count: "(SELECT count(*) FROM temp.lm_stream WHERE w = 2)") }
        return (modelID, text)
    }

    /// Records the number of training sentences (`count`, an SQL expression) as the frequency
    /// of `<s>` and `</s>` and the model's `sentences`.
    static func recordSentences(_ db: Database, modelID: Int64, count: String) throws {
        try db.execute(sql: """
            UPDATE ngram_vocabulary SET frequency = \(count) WHERE model_id = :m AND id IN (1, 2);
            UPDATE ngram_models SET sentences = (SELECT frequency FROM ngram_vocabulary WHERE model_id = :m AND id = 1)
            WHERE model_id = :m
            """, arguments: ["m": modelID])
    }

    /// The model's training text: the tokens of its training documents, in SQL.
    struct TrainingText {
        /// The condition on `d`, a row of `documents`, that makes it a training document.
        let documents: String

        /// The training tokens as `c` (with `d`, their document): what follows FROM, up to WHERE.
        var tokens: String {
            "documents d JOIN tokens c ON c.position BETWEEN d.first_position AND d.first_position + d.token_count - 1"
        }

        /// The SQL that fills `temp.lm_stream` (the unpacked counts read it): the text as model
        /// word ids, each sentence followed by `</s>`, sentences separated by empty positions
        /// (read as `<s>`) so that no n-gram joins two of them. A token at corpus position p of
        /// sentence s sits at p + 8s + 8; within a sentence positions stay consecutive, and
        /// between two sentences 8 places open up: `</s>`, then empty places. The `</s>` comes in
        /// the same pass: a token is its sentence's last when the corpus's next position holds no
        /// token of the same sentence (each token read twice, `e.i` 0 and 1).
        var streamSQL: String {
            """
            DROP TABLE IF EXISTS temp.lm_stream;
            CREATE TEMP TABLE lm_stream(pos INTEGER PRIMARY KEY, w INTEGER NOT NULL);
            INSERT INTO temp.lm_stream(pos, w)
            SELECT c.position + \(NGramCounter.sentenceGap) * c.sentence + \(NGramCounter.sentenceGap) + e.i,
                CASE WHEN e.i = 0 THEN \(ModelWordFunction.name)(c.word_id) ELSE 2 END
            FROM \(tokens)
            CROSS JOIN (SELECT 0 AS i UNION ALL SELECT 1) e
            LEFT JOIN tokens n ON e.i = 1 AND n.position = c.position + 1
            WHERE \(documents) AND (e.i = 0 OR n.sentence IS NOT c.sentence);
            """
        }
    }

    // MARK: - Stage 3: n-grams as GROUP BY aggregates

    /// - Returns: the base of the packed keys when the highest order was counted with them (it
    ///   is then left in `temp.lm_grams{order}` for the estimate), else nil.
    private func countOrders(_ db: Database, modelID: Int64, order: Int, text: TrainingText) throws -> Int64? {
        // Unigrams get ids base + w (one per vocabulary word, in id order); their Kneser-Ney
        // counts, when there are higher orders, come from the bigrams below.
        let base = try (Int64.fetchOne(db, sql: "SELECT coalesce(max(ngram_id), 0) FROM ngrams") ?? 0) + 1
        guard order >= 2 else {
            try db.execute(sql: """
                INSERT INTO ngrams(ngram_id, model_id, n, w1, word, context_id, suffix_id, count, adjusted_count)
                SELECT ? + id, model_id, 1, id, id, 0, 0, frequency, CASE WHEN id <> 1 THEN frequency ELSE 0 END
                FROM ngram_vocabulary WHERE model_id = ? ORDER BY id
                """, arguments: [base, modelID])
            _ = try Self.recordOrder(db, modelID: modelID, n: 1, first: base)
            return nil
        }
        let vocabularySize = try Int64.fetchOne(db, sql: "SELECT count(*) FROM ngram_vocabulary WHERE model_id = ?", arguments: [modelID]) ?? 0
        let radix: Int64? = packsKeys && Self.packedKeysFit(vocabularySize: vocabularySize, order: order) ? vocabularySize : nil
        if let radix {
            progress.update("counting \(order)-grams", force: true)
            try db.execute(sql: Self.packedGramTablesSQL(order: order, schema: "temp"))
            try Self.aggregatePackedGrams(db, order: order, radix: radix, schema: "temp", text: text, partition: partner == nil ? nil : 1)
            if let partner {
                // This half's counts-of-counts while the partner may still be counting.
                let own = try Dictionary(uniqueKeysWithValues: NGramPartner.countedOrders(order).map { k in
                    let (source, column) = NGramEstimator.packedCountsSource(order: k, highest: k == order, radix: radix, schema: "temp")
                    return (k, try NGramEstimator.countsOfCounts(db, source: source, column: column))
                })
                progress.update("waiting for the other half of the counts", force: true)
                try partner.finish()
                try mergeHalves(db, partner: partner, order: order, own: own)
            }
            // The sentences: the count of </s>, its unigram.
            try Self.recordSentences(db, modelID: modelID, count: "(SELECT coalesce(sum(n), 0) FROM temp.lm_grams1 WHERE x1 = 2)")
        } else {
            try aggregateGrams(db, order: order)
        }
        // The k-grams as (x1 … xk, n, seen_after) in (x1 … xk) order, whichever way they were counted.
        func grams(_ k: Int) -> (source: String, order: String) {
            guard let radix, k > 1 else { return ("temp.lm_grams\(k)", " ORDER BY rowid") }
            let words = (1...k).map { i in "key / \(Self.power(radix, k - i)) % \(radix) AS x\(i)" }.joined(separator: ", ")
            let columns = "key, \(words), n\(k < order ? ", seen_after" : "")"
            return ("(SELECT \(columns) FROM temp.lm_grams\(k))", " ORDER BY key")
        }
        try db.execute(sql: """
            INSERT INTO ngrams(ngram_id, model_id, n, w1, word, context_id, suffix_id, count, adjusted_count)
            SELECT ? + v.id, v.model_id, 1, v.id, v.id, 0, 0, v.frequency,
                CASE WHEN v.id = 1 THEN 0 ELSE coalesce(g.seen_after, 0) END
            FROM ngram_vocabulary v LEFT JOIN temp.lm_grams1 g ON g.x1 = v.id
            WHERE v.model_id = ? ORDER BY v.id
            """, arguments: [base, modelID])
        var last = try Self.recordOrder(db, modelID: modelID, n: 1, first: base)
        let bits = Self.wordBits
        for k in 2...order {
            // Order 3 packed: the bigrams are inserted by the estimate, with their probabilities
            // and backoffs (`NGramEstimator`), from temp.lm_grams2.
            if radix != nil && order == 3 && k == 2 { break }
            progress.update("numbering \(k)-grams", force: true)
            let x = (1...k).map { "x\($0)" }
            let context = Self.idExpression(Array(x.dropLast()), base: base)
            let suffix = Self.idExpression(Array(x.dropFirst()), base: base)
            // A padded k-gram is a real one unless it begins with two <s> (it stands for a
            // shorter n-gram at the start of a sentence).
            let real = "x2 <> 1"
            guard k < order else {
                // Packed: the highest order stays in temp.lm_grams{order}, keyed by the packed
                // n-gram, for the estimate to insert with its probabilities.
                if radix != nil { break }
                // The highest order stays in temp.lm_counts (k, n, suffix), keyed by
                // (context id, word): the estimate inserts it with its probabilities.
                try db.execute(sql: """
                    DROP TABLE IF EXISTS temp.lm_counts;
                    CREATE TEMP TABLE lm_counts(k INTEGER PRIMARY KEY, n INTEGER NOT NULL, suffix INTEGER NOT NULL);
                    INSERT INTO temp.lm_counts(k, n, suffix)
                    SELECT (\(context)) * \(bits) + x\(k), n, \(suffix) FROM \(grams(k).source) WHERE \(real)\(grams(k).order);
                    """)
                break
            }
            // In (w1 … wk) order, which numbers each k-gram after its context's number, so that
            // (context id, word) and ngram_id rise together.
            let first = last + 1
            let words = (1...5).map { $0 <= k ? "x\($0)" : "NULL" }.joined(separator: ", ")
            try db.execute(sql: """
                INSERT INTO ngrams(model_id, n, w1, w2, w3, w4, w5, word, context_id, suffix_id, count, adjusted_count)
                SELECT ?, ?, \(words), x\(k), \(context), \(suffix), n, CASE WHEN x1 = 1 THEN n ELSE seen_after END
                FROM \(grams(k).source) WHERE \(real)\(grams(k).order)
                """, arguments: [modelID, k])
            last = try Self.recordOrder(db, modelID: modelID, n: k, first: first)
            // The k-grams' numbers by (context id, word), for the next order's lookups (the
            // packed highest order's estimate makes its own).
            if radix != nil && k == order - 1 { continue }
            try db.execute(sql: """
                DROP TABLE IF EXISTS temp.lm_ids\(k);
                CREATE TEMP TABLE lm_ids\(k)(key INTEGER PRIMARY KEY, id INTEGER NOT NULL);
                INSERT INTO temp.lm_ids\(k)(key, id) SELECT context_id * \(bits) + word, ngram_id FROM ngrams
                    WHERE ngram_id BETWEEN \(first) AND \(last) ORDER BY ngram_id;
                """)
        }
        try db.execute(sql: (1...order).map { k in
            (radix != nil && (k == order || order == 3) ? "" : "DROP TABLE IF EXISTS temp.lm_grams\(k); ") + "DROP TABLE IF EXISTS temp.lm_ids\(k);"
        }.joined())
        return radix
    }

    /// Split, moves the partner's half of the packed counts into this connection's tables, and
    /// sums both halves' counts-of-counts (`own`, this half's, and the partner's) into
    /// `countsOfCounts`, for the estimate.
    ///
    /// The halves share no key, so the merged tables hold exactly the rows of an unsplit count,
    /// and every later statement reads one table in key order. Reading the two halves as one
    /// instead (`UNION ALL … ORDER BY key`) costs more than this copy as soon as the reader joins
    /// them to other tables: SQLite then materializes the union and sorts the joined rows again
    /// (BENCHMARKS.md).
    private func mergeHalves(_ db: Database, partner: NGramPartner, order: Int, own: [Int: [Int]]) throws {
        progress.update("merging the two halves of the counts", force: true)
        countsOfCounts = own.merging(partner.countsOfCounts) { zip($0, $1).map { $0 + $1 } }
        for k in 1...order {
            try db.execute(sql: "INSERT INTO temp.lm_grams\(k) SELECT * FROM \(NGramPartner.schema).lm_grams\(k)")
        }
    }

    /// The n-gram counts as aggregates: `temp.lm_grams{k}(x1 … xk, n, seen_after)`, k = 1 … order,
    /// each in (x1 … xk) order.
    ///
    /// At every position of the text but a `<s>`, the `order` words ending there, with `<s>`
    /// repeated before the sentence's start (KenLM's padding: `<s> <s> a` at the first word,
    /// standing for the bigram `<s> a`), are grouped and counted: one GROUP BY over the
    /// positions, the text joined to itself at p−1 … p−order+1. A lower order is then the
    /// higher one grouped by its last k words: n sums the counts (the positions where the
    /// k-gram ends), and seen_after counts the distinct (k+1)-grams ending with it, which is the
    /// number of distinct words seen before it, its Kneser-Ney continuation count.
    private func aggregateGrams(_ db: Database, order: Int) throws {
        progress.update("counting \(order)-grams", force: true)
        let x = (1...order).map { "x\($0)" }
        let columns = x.map { "\($0) INTEGER NOT NULL" }.joined(separator: ", ")
        // x_order is the word at c.pos, x_(order-j) the one at c.pos − j; an empty place (before a
        // <s>, between sentences) reads as <s>.
        let joins = (1..<order).map { j in "LEFT JOIN temp.lm_stream p\(j) ON p\(j).pos = c.pos - \(j)" }.joined(separator: " ")
        let words = (1...order).map { i in i == order ? "c.w" : "coalesce(p\(order - i).w, 1)" }.joined(separator: ", ")
        let ordinals = (1...order).map(String.init).joined(separator: ", ")
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.lm_grams\(order);
            CREATE TEMP TABLE lm_grams\(order)(\(columns), n INTEGER NOT NULL);
            INSERT INTO temp.lm_grams\(order)
            SELECT \(words), count(*) FROM temp.lm_stream c \(joins) WHERE c.w <> 1
            GROUP BY \(ordinals) ORDER BY \(ordinals);
            """)
        for k in stride(from: order - 1, through: 1, by: -1) {
            progress.update("counting \(k)-grams", force: true)
            let kept = (2...(k + 1)).map { "x\($0)" }.joined(separator: ", ")
            let columns = (1...k).map { i in i == 1 && k == 1 ? "x1 INTEGER PRIMARY KEY" : "x\(i) INTEGER NOT NULL" }
                .joined(separator: ", ")
            try db.execute(sql: """
                DROP TABLE IF EXISTS temp.lm_grams\(k);
                CREATE TEMP TABLE lm_grams\(k)(\(columns), n INTEGER NOT NULL, seen_after INTEGER NOT NULL);
                INSERT INTO temp.lm_grams\(k)
                SELECT \(kept), sum(n), count(*) FROM temp.lm_grams\(k + 1) GROUP BY \(kept) ORDER BY \(kept);
                """)
        }
    }

    /// Whether every n-gram of `order` words out of `vocabularySize` packs into one integer key,
    /// x1·V^(order−1) + … + x_order (V = `vocabularySize`), within SQLite's 63 bits.
    static func packedKeysFit(vocabularySize: Int64, order: Int) -> Bool {
        var value: Int64 = 1
        for _ in 0..<order {
            let (product, overflow) = value.multipliedReportingOverflow(by: max(vocabularySize, 1))
            if overflow { return false }
            value = product
        }
        return true
    }

    static func power(_ radix: Int64, _ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { value, _ in value * radix }
    }

    /// The counts of ``aggregateGrams(_:order:)`` with each n-gram packed into one integer key
    /// (base `radix`, the vocabulary's size): `temp.lm_grams{k}(key, n, seen_after)`, keyed by
    /// the packed k-gram (`x1` for k = 1), so that key order is (x1 … xk) order.
    ///
    /// SQLite has no hash aggregate, and its GROUP BY sorts every row; an upsert into a table
    /// whose INTEGER PRIMARY KEY is the packed n-gram touches one B-tree leaf per row instead
    /// (the technique of ``CooccurrenceCounter``), about half the work here. A lower order drops
    /// the first word of the order above (`key % V^k`), in key order.
    ///
    /// The highest order is read from `tokens` itself, each token joined to the ones before it:
    /// no working copy of the text is made (writing one cost as much as counting from it,
    /// BENCHMARKS.md). A word of another sentence, or no token (between documents), reads as
    /// `<s>`; the n-grams ending with `</s>` come from each sentence's last token.
    static func aggregatePackedGrams(_ db: Database, order: Int, radix: Int64, schema: String, text: TrainingText, partition: Int?) throws {
        // The model id of the token c, and of the one j places before it: <s> (1) when that one
        // is in another sentence or is no token (the positions between two documents).
        let modelWord = ModelWordFunction.name
        func word(_ j: Int) -> String {
            j == 0 ? "\(modelWord)(c.word_id)" : "CASE WHEN p\(j).sentence = c.sentence THEN \(modelWord)(p\(j).word_id) ELSE 1 END"
        }
        func joins(_ m: Int) -> String {
            (1..<m).map { j in "LEFT JOIN tokens p\(j) ON p\(j).position = c.position - \(j)" }.joined(separator: " ")
        }
        // The m-gram ending at c, packed by Horner's rule over x1 … x_m (x_m = c's word).
        func key(_ m: Int) -> String {
            var key = word(m - 1)
            for j in stride(from: m - 2, through: 0, by: -1) { key = "(\(key)) * \(radix) + \(word(j))" }
            return key
        }
        let upsert = "ON CONFLICT(key) DO UPDATE SET n = n + 1"
        // Split in two by the last word: partition 0 takes the n-grams ending with an even word
        // but </s>, partition 1 those ending with an odd word or </s> (the counter's half: its
        // statement below balances the <unk>s of the other). A token's word is never </s>.
        //
        // SQLite tests a condition as soon as the tables it names are joined. The half's names
        // p_(order−1) too (times 0), so that it is tested after the joins: each p_j then moves one
        // row on from the last, which SQLite's B-tree does without a search, instead of jumping
        // over the rows the half skips (a search from the root each time, a fifth of the count).
        let half = partition.map { " AND (\(word(0)) + 0 * coalesce(p\(order - 1).position, 0)) % 2 = \($0)" } ?? ""
        try db.execute(sql: """
            INSERT INTO \(schema).lm_grams\(order)(key, n)
            SELECT \(key(order)), 1 FROM \(text.tokens) \(joins(order)) WHERE \(text.documents)\(half)
            \(upsert);
            """)
        // The n-grams ending with </s> (id 2), one per sentence: the order − 1 words ending at
        // the sentence's last token (the next position holds no token of its sentence).
        if partition != 0 {
            try db.execute(sql: """
                INSERT INTO \(schema).lm_grams\(order)(key, n)
                SELECT (\(key(order - 1))) * \(radix) + 2, 1 FROM \(text.tokens)
                LEFT JOIN tokens n ON n.position = c.position + 1 \(joins(order - 1))
                WHERE \(text.documents) AND n.sentence IS NOT c.sentence
                \(upsert);
                """)
        }
        for k in stride(from: order - 1, through: 1, by: -1) {
            let column = k == 1 ? "x1" : "key"
            try db.execute(sql: """
                INSERT INTO \(schema).lm_grams\(k)(\(column), n, seen_after)
                SELECT key % \(Self.power(radix, k)), n, 1 FROM \(schema).lm_grams\(k + 1) WHERE true
                ON CONFLICT(\(column)) DO UPDATE SET n = n + excluded.n, seen_after = seen_after + 1;
                """)
        }
    }

    /// The empty tables of `aggregatePackedGrams(_:order:radix:schema:text:partition:)` in `schema`.
    static func packedGramTablesSQL(order: Int, schema: String) -> String {
        (1...order).map { k in
            let columns = k == order ? "key INTEGER PRIMARY KEY, n INTEGER NOT NULL"
                : "\(k == 1 ? "x1" : "key") INTEGER PRIMARY KEY, n INTEGER NOT NULL, seen_after INTEGER NOT NULL"
            return "DROP TABLE IF EXISTS \(schema).lm_grams\(k); CREATE TABLE \(schema).lm_grams\(k)(\(columns));"
        }.joined(separator: "\n")
    }

    /// The SQL for the ngram_id of the n-gram of `words` (column names): base + w for one word,
    /// else a lookup of (its context's id, its last word) in `temp.lm_ids{n}`.
    static func idExpression(_ words: [String], base: Int64) -> String {
        guard words.count > 1 else { return "\(base) + \(words[0])" }
        return "(SELECT id FROM temp.lm_ids\(words.count) WHERE key = (\(idExpression(Array(words.dropLast()), base: base))) * \(wordBits) + \(words.last!))"
    }

    /// Moves the n-grams of order `n` from `temp.lm_counts` into `ngrams`, in key order, which
    /// is (context, word) order; `probability` (an expression over `g`, the count row, and
    /// `x`, joined by `join`) for the highest order, whose estimate is known by then.
    static func insertOrder(_ db: Database, modelID: Int64, n k: Int, first: Int64, adjusted: String = "0",
                            probability: String = "0", join: String = "") throws -> Int64 {
        let words = (1...5).map { i in i < k ? "c.w\(i)" : i == k ? "g.k % \(wordBits)" : "NULL" }.joined(separator: ", ")
        try db.execute(sql: """
            INSERT INTO ngrams(model_id, n, w1, w2, w3, w4, w5, word, context_id, suffix_id, count, adjusted_count, probability)
            SELECT ?, ?, \(words), g.k % \(wordBits), g.k / \(wordBits), g.suffix, g.n, \(adjusted), \(probability)
            FROM temp.lm_counts g JOIN ngrams c ON c.ngram_id = g.k / \(wordBits) \(join)
            ORDER BY g.k
            """, arguments: [modelID, k])
        return try recordOrder(db, modelID: modelID, n: k, first: first)
    }

    /// Records the id range and size of order `n`, just inserted from `first` on (the
    /// counts-of-counts and discounts follow in the estimate).
    static func recordOrder(_ db: Database, modelID: Int64, n: Int, first: Int64) throws -> Int64 {
        let last = try Int64.fetchOne(db, sql: "SELECT max(ngram_id) FROM ngrams") ?? first - 1
        try db.execute(sql: """
            INSERT INTO ngram_orders(model_id, n, ngram_count, first_id, last_id, n1, n2, n3, n4, d1, d2, d3, fallback)
            VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0)
            """, arguments: [modelID, n, last - first + 1, first, last])
        return last
    }
}
