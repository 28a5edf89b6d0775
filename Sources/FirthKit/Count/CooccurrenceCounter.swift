import Foundation
import GRDB

/// Counts windowed co-occurrences as SQL aggregates inside the database.
///
/// A count is three stages of plain SQL, each leaving an inspectable table:
/// 1. `count_vocabulary`: the words with frequency ≥ min-count (at most max-vocabulary);
/// 2. `cooccurrence_pairs`: for every token and every neighbour within the window, the pair
///    (word, context) with its weight, summed per distinct pair;
/// 3. `cooccurrence_marginals`: row and column sums, the #(w) and #(c) of the PMI formulas.
///
/// Stage 2 is where the time goes. Its tokens come from a working copy (`temp.count_tokens`)
/// that holds only in-vocabulary words, so the window join never touches a dropped word: a
/// range join on the INTEGER PRIMARY KEY position, `t2.position BETWEEN t1.position + 1 AND
/// t1.position + window`, which needs no document test because documents are separated by more
/// empty positions than any window. The sum per pair is an upsert into a table keyed by the
/// pair packed into one integer: SQLite has no hash aggregate, and its GROUP BY sorts every
/// row through a temporary B-tree, while the upsert touches one B-tree leaf per row — about
/// three times faster here, with the same result (``Strategy/groupBy`` keeps the textbook
/// form, and the tests check that both agree). For a symmetric count each unordered pair is
/// stored once. The work is split by word id across two connections, one per core, whose
/// results are disjoint.
///
/// ```swift
/// var parameters = CountParameters()
/// parameters.window = 2
/// let table = try CooccurrenceCounter(store: store).count(parameters).table
/// print(table.name, table.nonzeroCount)
/// ```
public final class CooccurrenceCounter {
    /// How stage 2 sums pairs. Both give identical tables.
    public enum Strategy: String, Sendable, CaseIterable {
        /// `INSERT … ON CONFLICT DO UPDATE` into an integer-keyed table (fast on SQLite).
        case upsert
        /// `INSERT … SELECT … GROUP BY` (the textbook form; sorts every pair).
        case groupBy
    }

    public let store: CorpusStore
    public var strategy: Strategy = .upsert
    /// Connections that count in parallel (one per core); 1 for an in-memory store.
    public var partitions: Int
    private let progress: Progress
    /// Called between recording the table and counting its pairs (tests take a lock there).
    var willCountPairs: (() throws -> Void)?

    public init(store: CorpusStore, progress: Progress = .silent) {
        self.store = store
        self.progress = progress
        partitions = store.path == ":memory:" ? 1 : max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))
    }

    /// Pairs are packed as word · 2³² + context: one integer key, exact in 64 bits.
    static let keyBase: Int64 = 4_294_967_296
    /// The subsampling draw's hash is reduced modulo 2³² at each step, so SQLite never
    /// overflows into REAL (the same modulus as ``keyBase``, another use of it).
    static let hashModulus: Int64 = 4_294_967_296

    // MARK: - Counting

    /// Counts co-occurrences with `parameters`, or returns the stored table that already has them.
    ///
    /// - Parameters:
    ///   - name: the table's name; default ``CountParameters/name``.
    ///   - force: count again even if an identical, current table exists.
    /// - Returns: the table and whether it was reused rather than counted.
    /// - Complexity: O(tokens × window) rows through the aggregate, O(distinct pairs) stored.
    @discardableResult
    public func count(_ parameters: CountParameters, name: String? = nil, force: Bool = false) throws -> (table: CooccurrenceTable, reused: Bool) {
        let info = try store.requireCorpus()
        try parameters.validate(documentGap: info.documentGap)
        let name = name ?? parameters.name
        let started = Date()

        // Stage 1, and the table's row (status 'counting' until the end, so a crash leaves no
        // half-counted table that looks complete).
        let prepared: (tableID: Int64, reused: CooccurrenceTable?) = try store.dbQueue.write { db in
            try db.execute(sql: "DELETE FROM cooccurrence_tables WHERE status = 'counting'")
            let existing = try CorpusStore.cooccurrenceTables(db, where: "parameters = ?", arguments: [parameters.json])
            if !force, let current = existing.first(where: { !$0.isStale }) { return (current.id, current) }
            try db.execute(sql: "DELETE FROM cooccurrence_tables WHERE name = ? OR parameters = ?", arguments: [name, parameters.json])
            let state = try CorpusStore.corpusState(db)
            let subcorpusID = try parameters.subcorpus.map { try CorpusStore.subcorpusID(db, named: $0, path: store.path) }
            try db.execute(sql: """
                INSERT INTO cooccurrence_tables(name, parameters, window, direction, weighting, boundary, min_count,
                    max_vocabulary, gaps, subsample, seed, symmetric, corpus_documents, corpus_tokens,
                    corpus_last_document, vocabulary_size, nonzero_count, total, seconds, subcorpus_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)
                """, arguments: [name, parameters.json, parameters.window, parameters.direction.rawValue,
                                 parameters.weighting.rawValue, parameters.boundary.rawValue, parameters.minCount,
                                 parameters.maxVocabulary, parameters.gaps.rawValue, parameters.subsample, parameters.seed,
                                 parameters.direction == .both, state.documents, state.tokens, state.lastDocument, subcorpusID])
            let tableID = db.lastInsertedRowID
            if let subcorpusID {
                // The subcorpus's own frequencies, as if its documents were the whole corpus.
                try db.execute(sql: """
                    INSERT INTO count_vocabulary(table_id, word_id, frequency)
                    SELECT ?, t.word_id, count(*) AS frequency FROM subcorpus_documents s
                    JOIN documents d USING (document_id)
                    JOIN tokens t ON t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1
                    WHERE s.subcorpus_id = ?
                    GROUP BY t.word_id HAVING count(*) >= ? ORDER BY frequency DESC, t.word_id LIMIT ?
                    """, arguments: [tableID, subcorpusID, parameters.minCount, parameters.maxVocabulary ?? -1])
            } else {
                try db.execute(sql: """
                    INSERT INTO count_vocabulary(table_id, word_id, frequency)
                    SELECT ?, word_id, count FROM words WHERE count >= ? ORDER BY count DESC, word_id LIMIT ?
                    """, arguments: [tableID, parameters.minCount, parameters.maxVocabulary ?? -1])
            }
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM count_vocabulary WHERE table_id = ?", arguments: [tableID]) == 0 {
                throw Self.nothingToCount(db, minCount: parameters.minCount, path: store.path)
            }
            return (tableID, nil)
        }
        if let reused = prepared.reused { return (reused, true) }
        let tableID = prepared.tableID

        do {
            progress.update("counting pairs (window \(parameters.window), \(partitions) connections)", force: true)
            try willCountPairs?()
            try countPairs(tableID: tableID, parameters: parameters, documentGap: info.documentGap)
            progress.update("recording the table", force: true)
            try store.dbQueue.write { db in
                try db.execute(sql: """
                    UPDATE cooccurrence_tables SET
                        vocabulary_size = (SELECT count(*) FROM count_vocabulary WHERE table_id = :t),
                        nonzero_count = (SELECT count(*) \(parameters.direction == .both
                            ? "* 2 - coalesce(sum(word_id = context_id), 0)" : "") FROM cooccurrence_pairs WHERE table_id = :t),
                        total = (SELECT coalesce(sum(row_total), 0) FROM cooccurrence_marginals WHERE table_id = :t),
                        seconds = :seconds, status = 'complete'
                    WHERE table_id = :t
                    """, arguments: ["t": tableID, "seconds": Date().timeIntervalSince(started)])
            }
        } catch {
            progress.finish()
            try? store.dbQueue.write { db in try db.execute(sql: "DELETE FROM cooccurrence_tables WHERE table_id = ?", arguments: [tableID]) }
            throw error
        }
        progress.finish()
        return (try store.cooccurrenceTable(named: name), false)
    }

    /// The error for a minimum count no word reaches, with the most frequent word's count.
    static func nothingToCount(_ db: Database, minCount: Int, path: String) -> FirthError {
        struct TopWord: FetchableRecord, Decodable { var word: String; var count: Int }
        guard let top = try? TopWord.fetchOne(db, sql: "SELECT word, count FROM words ORDER BY count DESC, word_id LIMIT 1") else {
            return .emptyCorpus(path: path)
        }
        return .invalidOption("no word is seen at least \(minCount) times in \(path) (the most frequent, '\(top.word)', "
                              + "is seen \(top.count) time\(top.count == 1 ? "" : "s")); count with a lower minimum (`firth count --min-count \(top.count)`) or ingest more text")
    }

    // MARK: - Stage 2: pairs

    private func countPairs(tableID: Int64, parameters: CountParameters, documentGap: Int) throws {
        let partitions = self.partitions
        let strategy = self.strategy
        if partitions == 1 {
            try store.dbQueue.writeWithoutTransaction { db in
                try Self.countPartition(db, tableID: tableID, parameters: parameters, documentGap: documentGap,
                                        partition: 0, of: 1, strategy: strategy)
            }
            return
        }
        // One connection per partition, each on its own thread: the temporary tables are private
        // to a connection, and only the final INSERT of each takes the database's write lock,
        // one partition at a time (`writeTurn`). So SQLite's lock is only ever busy because of
        // another program, and the connections wait for it as the store's own does: briefly, or
        // with --wait as long as it takes, saying whom they wait for.
        var configuration = Configuration()
        configuration.busyMode = .callback(store.busyWaiting.callback)
        let writeTurn = NSLock()
        configuration.prepareDatabase { db in
            // The pair table of one partition of the benchmark corpus (about a million rows)
            // fits in 128 MiB; a larger corpus pages to disk rather than growing memory.
            try CorpusStore.setCacheSizes(db, main: 32, temp: 128)
            CorpusStore.traceIfRequested(db)
        }
        let connections = try (0..<partitions).map { _ in try DatabaseQueue(path: store.path, configuration: configuration) }
        let errors = ParallelSlots<Error>(count: partitions)
        DispatchQueue.concurrentPerform(iterations: partitions) { p in
            do {
                try connections[p].writeWithoutTransaction { db in
                    try Self.countPartition(db, tableID: tableID, parameters: parameters, documentGap: documentGap,
                                            partition: p, of: partitions, strategy: strategy, writeTurn: writeTurn)
                }
            } catch {
                errors[p] = error
            }
        }
        if let error = errors.values.compactMap({ $0 }).first { throw error }
    }

    /// The tokens a count sees: in-vocabulary words, subsampled, with the gaps of dropped words
    /// kept or closed. A SELECT of (position, word_id, sentence).
    static func workingTokensSQL(_ parameters: CountParameters, documentGap: Int) -> String {
        var condition = "1"
        if parameters.subsample != nil {
            // word2vec's subsampling: keep a word of relative frequency f with probability √(t/f).
            // The draw is a hash of (position, seed) in integer arithmetic, not random(): the same
            // seed gives the same tokens on any SQL engine.
            let draw = "((((t.position * 2654435761) % \(hashModulus) + :seed) * 1103515245 + 12345) % \(hashModulus)) / \(hashModulus).0"
            condition = "\(draw) < sqrt(:subsample * :corpus_tokens / v.frequency)"
        }
        // Without subsampling the frequency is not needed: an IN list (an ephemeral index built
        // once) is cheaper than a join that looks each token up in count_vocabulary.
        // A subcorpus: only the token ranges of its documents (a range join on the primary key).
        let from = parameters.subcorpus == nil ? "tokens t" : """
            (SELECT t.* FROM subcorpus_documents s JOIN documents d USING (document_id)
             JOIN tokens t ON t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1
             WHERE s.subcorpus_id = :subcorpus) t
            """
        let kept = parameters.subsample == nil ? """
            SELECT t.position, t.word_id, t.sentence FROM \(from)
            WHERE t.word_id IN (SELECT word_id FROM count_vocabulary WHERE table_id = :table)
            """ : """
            SELECT t.position, t.word_id, t.sentence FROM \(from)
            JOIN count_vocabulary v ON v.table_id = :table AND v.word_id = t.word_id
            WHERE \(condition)
            """
        switch parameters.gaps {
        case .keep:
            return kept
        case .close:
            // Renumber the kept tokens 1, 2, 3, … and leave documentGap empty places wherever the
            // original positions jumped by more than documentGap (a document boundary).
            return """
                SELECT rank + \(documentGap) * sum(jump) OVER (ORDER BY position ROWS UNBOUNDED PRECEDING),
                       word_id, sentence
                FROM (SELECT position, word_id, sentence, row_number() OVER (ORDER BY position) AS rank,
                             coalesce(position - lag(position) OVER (ORDER BY position) > \(documentGap), 0) AS jump
                      FROM (\(kept)))
                """
        }
    }

    /// The SELECT of (pair key, weight) for every token pair within the window, in one partition.
    static func pairsSQL(_ parameters: CountParameters, partition: Int, of partitions: Int) -> String {
        let a = "t1.word_id", b = "t2.word_id"
        let key: String, owner: String
        switch parameters.direction {
        case .both:
            // Unordered: the smaller id first, so (a, b) and (b, a) land on one key.
            key = "CASE WHEN \(a) <= \(b) THEN \(a) * \(keyBase) + \(b) ELSE \(b) * \(keyBase) + \(a) END"
            owner = "CASE WHEN \(a) <= \(b) THEN \(a) ELSE \(b) END"
        case .right:   // t2 follows t1: t2 is a right context of t1
            key = "\(a) * \(keyBase) + \(b)"
            owner = a
        case .left:    // t1 precedes t2: t1 is a left context of t2
            key = "\(b) * \(keyBase) + \(a)"
            owner = b
        }
        let distance = "(t2.position - t1.position)"
        let weight: String
        switch parameters.weighting {
        case .uniform: weight = "1.0"
        case .harmonic: weight = "1.0 / \(distance)"
        case .linear: weight = "(\(parameters.window + 1).0 - \(distance)) / \(parameters.window).0"
        }
        let sentence = parameters.boundary == .sentence ? " AND t2.sentence = t1.sentence" : ""
        let partitionFilter = partitions == 1 ? "1" : "(\(owner)) % \(partitions) = \(partition)"
        return """
            SELECT \(key) AS k, \(weight) AS n
            FROM temp.count_tokens t1
            JOIN temp.count_tokens t2 ON t2.position BETWEEN t1.position + 1 AND t1.position + \(parameters.window)\(sentence)
            WHERE \(partitionFilter)
            """
    }

    static func countPartition(_ db: Database, tableID: Int64, parameters: CountParameters, documentGap: Int,
                               partition: Int, of partitions: Int, strategy: Strategy, writeTurn: NSLock? = nil) throws {
        let subcorpusID = try Int64.fetchOne(db, sql: "SELECT subcorpus_id FROM cooccurrence_tables WHERE table_id = ?", arguments: [tableID])
        let corpusTokens = try Int.fetchOne(db, sql: """
            SELECT coalesce(sum(token_count), 0) FROM documents
            WHERE ? IS NULL OR document_id IN (SELECT document_id FROM subcorpus_documents WHERE subcorpus_id = ?)
            """, arguments: [subcorpusID, subcorpusID]) ?? 0
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.count_tokens;
            DROP TABLE IF EXISTS temp.pair_counts;
            CREATE TEMP TABLE count_tokens(position INTEGER PRIMARY KEY, word_id INTEGER NOT NULL, sentence INTEGER NOT NULL);
            CREATE TEMP TABLE pair_counts(k INTEGER PRIMARY KEY, n REAL NOT NULL);
            """)
        try db.execute(sql: "INSERT INTO temp.count_tokens " + workingTokensSQL(parameters, documentGap: documentGap),
                       arguments: ["table": tableID, "seed": parameters.seed, "subsample": parameters.subsample,
                                   "corpus_tokens": corpusTokens, "subcorpus": subcorpusID])
        let pairs = pairsSQL(parameters, partition: partition, of: partitions)
        switch strategy {
        case .upsert:
            try db.execute(sql: "INSERT INTO temp.pair_counts(k, n) \(pairs) ON CONFLICT(k) DO UPDATE SET n = n + excluded.n")
        case .groupBy:
            try db.execute(sql: "INSERT INTO temp.pair_counts(k, n) SELECT k, sum(n) FROM (\(pairs)) GROUP BY k")
        }
        // For a symmetric count the diagonal cell #(w,w) gets both directions: a pair of two
        // occurrences of w is a context of each other.
        let diagonalFactor = parameters.direction == .both ? 2 : 1
        try writeMarginals(db, tableID: tableID, symmetric: parameters.direction == .both, diagonalFactor: diagonalFactor)
        writeTurn?.lock()
        defer { writeTurn?.unlock() }
        try db.inTransaction {
            try db.execute(sql: """
                INSERT INTO cooccurrence_pairs(table_id, word_id, context_id, count)
                SELECT ?, k / \(keyBase), k % \(keyBase),
                       CASE WHEN k / \(keyBase) = k % \(keyBase) THEN ? * n ELSE n END
                FROM temp.pair_counts ORDER BY k
                """, arguments: [tableID, diagonalFactor])
            try db.execute(sql: """
                INSERT INTO cooccurrence_marginals(table_id, word_id, row_total, column_total)
                SELECT ?, word_id, row_total, column_total FROM temp.partition_marginals WHERE true
                ON CONFLICT(table_id, word_id) DO UPDATE SET
                    row_total = row_total + excluded.row_total, column_total = column_total + excluded.column_total
                """, arguments: [tableID])
            return .commit
        }
        try db.execute(sql: "DROP TABLE temp.count_tokens; DROP TABLE temp.pair_counts; DROP TABLE temp.partition_marginals")
    }

    // MARK: - Stage 3: marginals

    /// This partition's share of the row and column sums of the full matrix.
    ///
    /// A stored pair (w, c) is the cell #(w,c). In a symmetric table with w ≠ c it is also the
    /// cell (c, w), so it adds to the sums of both words, and rows equal columns. Partitions share
    /// words, so each adds its share into `cooccurrence_marginals`. Upserts into a table keyed by
    /// word id, again, rather than GROUP BY sorts.
    static func writeMarginals(_ db: Database, tableID: Int64, symmetric: Bool, diagonalFactor: Int) throws {
        let value = "CASE WHEN k / \(keyBase) = k % \(keyBase) THEN \(diagonalFactor) * n ELSE n END"
        try db.execute(sql: """
            CREATE TEMP TABLE partition_marginals(word_id INTEGER PRIMARY KEY, row_total REAL NOT NULL, column_total REAL NOT NULL);
            INSERT INTO temp.partition_marginals(word_id, row_total, column_total)
            SELECT k / \(keyBase), \(value), \(symmetric ? value : "0") FROM temp.pair_counts WHERE true
            ON CONFLICT(word_id) DO UPDATE SET
                row_total = row_total + excluded.row_total, column_total = column_total + excluded.column_total;
            INSERT INTO temp.partition_marginals(word_id, row_total, column_total)
            SELECT k % \(keyBase), \(symmetric ? value : "0"), \(value) FROM temp.pair_counts
            WHERE \(symmetric ? "k / \(keyBase) <> k % \(keyBase)" : "true")
            ON CONFLICT(word_id) DO UPDATE SET
                row_total = row_total + excluded.row_total, column_total = column_total + excluded.column_total;
            """)
    }
}
