import Foundation
import GRDB

/// Counts n-grams and estimates an interpolated modified Kneser-Ney model, as SQL inside the database.
///
/// The stages, each leaving an inspectable table (see `Migrations/0007_create_ngrams.sql`):
/// 1. `ngram_vocabulary`: `<unk>` `<s>` `</s>` and the words of the training documents with
///    frequency ≥ min-count; with a hold-out, `ngram_held_out` lists the documents left out;
/// 2. a working copy of the training text as model word ids, each sentence between `<s>` and
///    `</s>`, sentences separated by empty positions so that no n-gram joins two of them;
/// 3. `ngrams`, order by order: the k-gram ending at position p is the (k-1)-gram ending at p-1
///    (its context) followed by the word at p, so each order is one join of the previous
///    order's per-position ids with the text, summed per distinct (context, word) by an upsert
///    into an integer-keyed table (SQLite has no hash aggregate; see ``CooccurrenceCounter``);
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
        let modelID: Int64? = try store.dbQueue.write { db in
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
            try db.execute(sql: "DELETE FROM ngram_models WHERE name = ? OR parameters = ? OR status = 'counting'",
                           arguments: [name, parameters.json])
            let modelID = try prepare(db, parameters)
            try countOrders(db, modelID: modelID, order: parameters.order)
            progress.update("estimating modified Kneser-Ney", force: true)
            try NGramEstimator(db: db, modelID: modelID, order: parameters.order).estimate()
            try db.execute(sql: """
                UPDATE ngram_models SET status = 'complete', seconds = ?,
                    vocabulary_size = (SELECT count(*) FROM ngram_vocabulary WHERE model_id = ?)
                WHERE model_id = ?
                """, arguments: [Date().timeIntervalSince(started), modelID, modelID])
            try db.execute(sql: "DROP TABLE IF EXISTS temp.lm_stream; DROP TABLE IF EXISTS temp.lm_ids")
            // The finished model's binary image, for the query commands to load in one read.
            progress.update("storing the model's binary image", force: true)
            if let table = try CorpusStore.ngramTables(db, where: "model_id = ?", arguments: [modelID]).first {
                try CorpusStore.storeNGramImage(db, model: try CorpusStore.loadNGramModelFromRows(db, table), of: table)
            }
            return modelID
        }
        progress.finish()
        let tables = try store.ngramTables()
        if modelID == nil, let current = tables.first(where: { $0.parameters == parameters && !$0.isStale }) {
            return (current, true)
        }
        guard let table = tables.first(where: { $0.name == name }) else {
            throw FirthError.missing(what: "n-gram model '\(name)'", hint: "it was not stored; run `firth ngrams` again")
        }
        return (table, false)
    }

    // MARK: - Stage 1: the model's row, held-out documents and vocabulary

    private func prepare(_ db: Database, _ parameters: NGramParameters) throws -> Int64 {
        let state = try CorpusStore.corpusState(db)
        try db.execute(sql: """
            INSERT INTO ngram_models(name, parameters, "order", min_count, hold_out, seed, corpus_documents,
                corpus_tokens, corpus_last_document, training_documents, sentences, tokens, vocabulary_size, seconds)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0)
            """, arguments: [parameters.name, parameters.json, parameters.order, parameters.minCount,
                             parameters.holdOut, parameters.seed, state.documents, state.tokens, state.lastDocument])
        let modelID = db.lastInsertedRowID

        if let holdOut = parameters.holdOut {
            let held = Int((holdOut * Double(state.documents)).rounded())
            guard held >= 1, held < state.documents else {
                throw FirthError.invalidOption("a hold-out of \(String(format: "%g", holdOut * 100)) % of \(state.documents) document(s) is "
                    + (held < 1 ? "no document" : "every document") + "; hold out a larger or smaller share, or ingest more documents")
            }
            // The draw: documents ordered by an integer hash of (id, seed), the first `held` of
            // them. Integer arithmetic, so the same seed gives the same split anywhere.
            try db.execute(sql: """
                INSERT INTO ngram_held_out(model_id, document_id)
                SELECT ?, document_id FROM documents
                ORDER BY (((document_id * 2654435761) % 4294967296 + ?) % 4294967296 * 1103515245 + 12345) % 4294967296, document_id LIMIT ?
                """, arguments: [modelID, parameters.seed, held])
        }
        // The training tokens' word frequencies: the corpus counts, minus the held-out documents'.
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.lm_frequency;
            CREATE TEMP TABLE lm_frequency(word_id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
            INSERT INTO temp.lm_frequency SELECT word_id, count FROM words WHERE count > 0;
            UPDATE temp.lm_frequency SET n = lm_frequency.n - h.held FROM (
                SELECT t.word_id, count(*) AS held FROM ngram_held_out o
                JOIN documents d ON d.document_id = o.document_id AND o.model_id = \(modelID)
                JOIN tokens t ON t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1
                GROUP BY t.word_id) h
            WHERE h.word_id = lm_frequency.word_id;
            """)
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
            DROP TABLE IF EXISTS temp.lm_ids;
            CREATE TEMP TABLE lm_ids(word_id INTEGER PRIMARY KEY, id INTEGER NOT NULL);
            INSERT INTO temp.lm_ids SELECT word_id, id FROM ngram_vocabulary WHERE model_id = :m AND id > 2 ORDER BY word_id;
            DROP TABLE temp.lm_frequency;
            """, arguments: ["m": modelID, "min": parameters.minCount])
        let vocabularySize = try Int.fetchOne(db, sql: "SELECT count(*) FROM ngram_vocabulary WHERE model_id = ?", arguments: [modelID]) ?? 0
        guard Int64(vocabularySize) < Self.wordBits else {
            throw FirthError.invalidOption("\(vocabularySize) words are more than an n-gram model holds (\(Self.wordBits)); raise the min-count")
        }

        // Stage 2: the training text as model word ids. A token at corpus position p of sentence
        // s sits at p + 8s + 8; within a sentence positions stay consecutive, and between two
        // sentences 8 places open up, for </s>, six empty places and the next <s>.
        progress.update("reading the training text", force: true)
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.lm_stream;
            CREATE TEMP TABLE lm_stream(pos INTEGER PRIMARY KEY, w INTEGER NOT NULL);
            INSERT INTO temp.lm_stream(pos, w)
            SELECT t.position + \(Self.sentenceGap) * t.sentence + \(Self.sentenceGap), coalesce(v.id, 0)
            FROM documents d
            JOIN tokens t ON t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1
            LEFT JOIN temp.lm_ids v ON v.word_id = t.word_id
            WHERE d.document_id NOT IN (SELECT document_id FROM ngram_held_out WHERE model_id = \(modelID))
            ORDER BY t.position;
            DROP TABLE IF EXISTS temp.lm_marks;
            CREATE TEMP TABLE lm_marks(pos INTEGER PRIMARY KEY, w INTEGER NOT NULL);
            INSERT INTO temp.lm_marks SELECT s.pos - 1, 1 FROM temp.lm_stream s
                WHERE NOT EXISTS (SELECT 1 FROM temp.lm_stream p WHERE p.pos = s.pos - 1);
            INSERT INTO temp.lm_marks SELECT s.pos + 1, 2 FROM temp.lm_stream s
                WHERE NOT EXISTS (SELECT 1 FROM temp.lm_stream p WHERE p.pos = s.pos + 1);
            INSERT INTO temp.lm_stream SELECT pos, w FROM temp.lm_marks;
            DROP TABLE temp.lm_marks;
            """)
        try db.execute(sql: """
            UPDATE ngram_vocabulary SET frequency = (SELECT count(*) FROM temp.lm_stream WHERE w = 1)
                WHERE model_id = :m AND id IN (1, 2);
            UPDATE ngram_models SET
                tokens = \(trainingTokens),
                sentences = (SELECT frequency FROM ngram_vocabulary WHERE model_id = :m AND id = 1),
                training_documents = (SELECT count(*) FROM documents) - (SELECT count(*) FROM ngram_held_out WHERE model_id = :m)
            WHERE model_id = :m
            """, arguments: ["m": modelID])
        return modelID
    }

    // MARK: - Stage 3: n-grams, order by order

    private func countOrders(_ db: Database, modelID: Int64, order: Int) throws {
        // Unigrams: one per vocabulary word, in id order, so the unigram of word w is base + w.
        let base = try (Int64.fetchOne(db, sql: "SELECT coalesce(max(ngram_id), 0) FROM ngrams") ?? 0) + 1
        try db.execute(sql: """
            INSERT INTO ngrams(ngram_id, model_id, n, w1, word, context_id, suffix_id, count, adjusted_count)
            SELECT ? + id, model_id, 1, id, id, 0, 0, frequency, CASE WHEN ? = 1 AND id <> 1 THEN frequency ELSE 0 END
            FROM ngram_vocabulary WHERE model_id = ? ORDER BY id
            """, arguments: [base, order, modelID])
        var last = try Self.recordOrder(db, modelID: modelID, n: 1, first: base)
        guard order >= 2 else { return }

        // previous: the table of the (k-1)-gram ending at each position, (pos, id); for k = 2 the
        // unigram of the word at pos, base + w, is computed rather than stored.
        var previous = "temp.lm_stream"
        var previousID = { (alias: String) in "\(base) + \(alias).w" }
        for k in 2...order {
            progress.update("counting \(k)-grams", force: true)
            try db.execute(sql: """
                DROP TABLE IF EXISTS temp.lm_counts;
                CREATE TEMP TABLE lm_counts(k INTEGER PRIMARY KEY, n INTEGER NOT NULL, suffix INTEGER NOT NULL);
                """)
            // The k-gram at p: its context is the (k-1)-gram at p-1, its suffix the (k-1)-gram at p.
            let suffixJoin = k == 2 ? "" : "JOIN \(previous) x ON x.pos = c.pos + 1"
            try db.execute(sql: """
                INSERT INTO temp.lm_counts(k, n, suffix)
                SELECT (\(previousID("c"))) * \(Self.wordBits) + s.w, 1, \(k == 2 ? previousID("s") : "x.id")
                FROM \(previous) c JOIN temp.lm_stream s ON s.pos = c.pos + 1 \(suffixJoin)
                WHERE true ON CONFLICT(k) DO UPDATE SET n = n + 1
                """)
            // The highest order stays in temp.lm_counts: the estimate inserts it with its
            // probabilities, once the lower orders are estimated, rather than rewriting it.
            guard k < order else { break }
            let first = last + 1
            last = try Self.insertOrder(db, modelID: modelID, n: k, first: first)
            // The id of the k-gram ending at each position, for the next order.
            try db.execute(sql: """
                DROP TABLE IF EXISTS temp.lm_at\(k);
                CREATE TEMP TABLE lm_at\(k)(pos INTEGER PRIMARY KEY, id INTEGER NOT NULL);
                CREATE TEMP TABLE lm_key(k INTEGER PRIMARY KEY, id INTEGER NOT NULL);
                INSERT INTO temp.lm_key SELECT context_id * \(Self.wordBits) + word, ngram_id FROM ngrams
                    WHERE ngram_id BETWEEN \(first) AND \(last) ORDER BY 1;
                INSERT INTO temp.lm_at\(k)(pos, id)
                SELECT s.pos, m.id FROM \(previous) c JOIN temp.lm_stream s ON s.pos = c.pos + 1
                JOIN temp.lm_key m ON m.k = (\(previousID("c"))) * \(Self.wordBits) + s.w
                ORDER BY s.pos;
                DROP TABLE temp.lm_key;
                \(k > 2 ? "DROP TABLE temp.lm_at\(k - 1);" : "")
                """)
            previous = "temp.lm_at\(k)"
            previousID = { alias in "\(alias).id" }
        }
        try db.execute(sql: (2..<max(order, 2)).map { "DROP TABLE IF EXISTS temp.lm_at\($0);" }.joined())
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
