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
        let prepared = try Self.prepareTable(store, parameters, name: name, force: force)
        if let reused = prepared.reused { return (reused, true) }
        let tableID = prepared.tableID

        do {
            progress.update("counting pairs (window \(parameters.window), \(partitions) connections)", force: true)
            try willCountPairs?()
            try countPairs(tableID: tableID, parameters: parameters, documentGap: info.documentGap)
            progress.update("recording the table", force: true)
            try Self.recordTable(store, tableID: tableID, parameters: parameters, engine: .sqlite, started: started)
        } catch {
            progress.finish()
            Self.discardTable(store, tableID: tableID)
            throw error
        }
        progress.finish()
        return (try store.cooccurrenceTable(named: name), false)
    }

    /// Stage 1: the table's row and its vocabulary, or the stored table that already has these
    /// parameters. The row's status stays 'counting' until ``recordTable(_:tableID:parameters:engine:started:)``,
    /// so a crash leaves no half-counted table that looks complete (the next count deletes it).
    /// In a batch only the first table of a store clears what earlier crashes left
    /// (`clearUnfinished`): the later ones must not delete the batch's own.
    static func prepareTable(_ store: CorpusStore, _ parameters: CountParameters, name: String, force: Bool,
                             clearUnfinished: Bool = true) throws -> (tableID: Int64, reused: CooccurrenceTable?) {
        try store.dbQueue.write { db in
            if clearUnfinished { try db.execute(sql: "DELETE FROM cooccurrence_tables WHERE status = 'counting'") }
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
                    SELECT ?, t.word_id, count(*) AS frequency FROM \(sourceTokensSQL(subcorpusID: subcorpusID)) t
                    GROUP BY t.word_id HAVING count(*) >= ? ORDER BY frequency DESC, t.word_id LIMIT ?
                    """, arguments: [tableID, parameters.minCount, parameters.maxVocabulary ?? -1])
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
    }

    /// The last stage: the table's sizes and totals from its stored cells, and status 'complete'.
    static func recordTable(_ store: CorpusStore, tableID: Int64, parameters: CountParameters, engine: CountPlan.Dialect, started: Date) throws {
        try store.dbQueue.write { db in
            try db.execute(sql: """
                UPDATE cooccurrence_tables SET
                    vocabulary_size = (SELECT count(*) FROM count_vocabulary WHERE table_id = :t),
                    nonzero_count = (SELECT count(*) \(parameters.direction == .both
                        ? "* 2 - coalesce(sum(word_id = context_id), 0)" : "") FROM cooccurrence_pairs WHERE table_id = :t),
                    total = (SELECT coalesce(sum(row_total), 0) FROM cooccurrence_marginals WHERE table_id = :t),
                    seconds = :seconds, engine = :engine, status = 'complete'
                WHERE table_id = :t
                """, arguments: ["t": tableID, "seconds": Date().timeIntervalSince(started), "engine": engine.rawValue])
        }
    }

    /// Deletes a table that failed half-way (its cells go with it: ON DELETE CASCADE); returns
    /// whether it could.
    ///
    /// The count may have failed because another program holds SQLite's lock, and it may hold it
    /// still. The delete waits for it as every write of the store does (a few seconds, or as
    /// long as it takes when the store was told to wait), and while the lock stays busy tries
    /// again, ``cleanupAttempts`` times in all: a table that is not deleted keeps its status
    /// 'counting', which no query reads (``CorpusStore/cooccurrenceTables()`` lists complete
    /// tables only) and the next count deletes, but until then its cells take room.
    @discardableResult
    static func discardTable(_ store: CorpusStore, tableID: Int64, attempts: Int = cleanupAttempts) -> Bool {
        for attempt in 1...max(1, attempts) {
            do {
                try store.dbQueue.write { db in
                    try db.execute(sql: "DELETE FROM cooccurrence_tables WHERE table_id = ?", arguments: [tableID])
                }
                return true
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < attempts {
                continue
            } catch {
                return false
            }
        }
        return false
    }

    /// How many times a failed count's cleanup waits for a busy lock before it leaves the table
    /// marked unfinished.
    static let cleanupAttempts = 3

    /// The error for a minimum count no word reaches, with the most frequent word's count.
    static func nothingToCount(_ db: Database, minCount: Int, path: String) -> FirthError {
        struct TopWord: FetchableRecord, Decodable { var word: String; var count: Int }
        guard let top = try? TopWord.fetchOne(db, sql: "SELECT word, count FROM words ORDER BY count DESC, word_id LIMIT 1") else {
            return .emptyCorpus(path: path)
        }
        return .invalidParameters("no word is seen at least \(minCount) times in \(path) (the most frequent, '\(top.word)', "
            + "is seen \(top.count) time\(top.count == 1 ? "" : "s")); count with a lower minimum "
            + "(\(step: Step("count", parameters: [.init("minCount", value: "\(top.count)")]))) or ingest more text")
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

    /// The tokens of the store a count reads, a relation of (position, word_id, sentence): the
    /// whole `tokens` table, or only the token ranges of a subcorpus's documents (a range join
    /// on the primary key).
    static func sourceTokensSQL(subcorpusID: Int64?) -> String {
        guard let subcorpusID else { return "tokens" }
        return """
            (SELECT t.position, t.word_id, t.sentence FROM subcorpus_documents s JOIN documents d USING (document_id)
             JOIN tokens t ON t.position BETWEEN d.first_position AND d.first_position + d.token_count - 1
             WHERE s.subcorpus_id = \(subcorpusID))
            """
    }

    /// The vocabulary of a table as a relation of (word_id, frequency).
    static func vocabularySQL(tableID: Int64) -> String {
        "(SELECT word_id, frequency FROM count_vocabulary WHERE table_id = \(tableID))"
    }

    /// The SELECT of (pair key, weight) for every token pair within the window, in one partition:
    /// the plan's pairs with the pair packed into one integer key.
    static func pairsSQL(_ plan: CountPlan, partition: Int, of partitions: Int) -> String {
        let (word, context) = plan.orientation(earlier: "t1.word_id", later: "t2.word_id")
        let partitionFilter = partitions == 1 ? "1" : "(\(word)) % \(partitions) = \(partition)"
        return """
            SELECT (\(word)) * \(keyBase) + (\(context)) AS k, \(plan.weightSQL(distance: "(t2.position - t1.position)")) AS n
            FROM \(plan.windowJoinSQL(workingTokens: "temp.count_tokens"))
            WHERE \(partitionFilter)
            """
    }

    /// Tokens of the corpus, or of the subcorpus: N in the subsampling probability.
    static func corpusTokens(_ db: Database, subcorpusID: Int64?) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT coalesce(sum(token_count), 0) FROM documents
            WHERE ? IS NULL OR document_id IN (SELECT document_id FROM subcorpus_documents WHERE subcorpus_id = ?)
            """, arguments: [subcorpusID, subcorpusID]) ?? 0
    }

    static func countPartition(_ db: Database, tableID: Int64, parameters: CountParameters, documentGap: Int,
                               partition: Int, of partitions: Int, strategy: Strategy, writeTurn: NSLock? = nil) throws {
        let subcorpusID = try Int64.fetchOne(db, sql: "SELECT subcorpus_id FROM cooccurrence_tables WHERE table_id = ?", arguments: [tableID])
        let plan = CountPlan(parameters: parameters, documentGap: documentGap,
                             corpusTokens: try corpusTokens(db, subcorpusID: subcorpusID), dialect: .sqlite)
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.count_tokens;
            DROP TABLE IF EXISTS temp.pair_counts;
            CREATE TEMP TABLE count_tokens(position INTEGER PRIMARY KEY, word_id INTEGER NOT NULL, sentence INTEGER NOT NULL);
            CREATE TEMP TABLE pair_counts(k INTEGER PRIMARY KEY, n REAL NOT NULL);
            """)
        try db.execute(sql: "INSERT INTO temp.count_tokens " + plan.workingTokensSQL(
            tokens: sourceTokensSQL(subcorpusID: subcorpusID), vocabulary: vocabularySQL(tableID: tableID)))
        let pairs = pairsSQL(plan, partition: partition, of: partitions)
        switch strategy {
        case .upsert:
            try db.execute(sql: "INSERT INTO temp.pair_counts(k, n) \(pairs) ON CONFLICT(k) DO UPDATE SET n = n + excluded.n")
        case .groupBy:
            try db.execute(sql: "INSERT INTO temp.pair_counts(k, n) SELECT k, sum(n) FROM (\(pairs)) GROUP BY k")
        }
        let value = plan.cellValueSQL(word: "k / \(keyBase)", context: "k % \(keyBase)", sum: "n")
        try writeMarginals(db, plan: plan, value: value)
        writeTurn?.lock()
        defer { writeTurn?.unlock() }
        try db.inTransaction {
            try db.execute(sql: """
                INSERT INTO cooccurrence_pairs(table_id, word_id, context_id, count)
                SELECT ?, k / \(keyBase), k % \(keyBase), \(value)
                FROM temp.pair_counts ORDER BY k
                """, arguments: [tableID])
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

    /// This partition's share of the row and column sums of the full matrix, from the plan's two
    /// arms (``CountPlan/marginalArms(word:context:count:)``) over the packed pair keys.
    ///
    /// Partitions share words, so each adds its share into `cooccurrence_marginals`. Upserts into
    /// a table keyed by word id, again, rather than GROUP BY sorts.
    static func writeMarginals(_ db: Database, plan: CountPlan, value: String) throws {
        try db.execute(sql: "CREATE TEMP TABLE partition_marginals(word_id INTEGER PRIMARY KEY, row_total REAL NOT NULL, column_total REAL NOT NULL)")
        for arm in plan.marginalArms(word: "k / \(keyBase)", context: "k % \(keyBase)", count: value) {
            try db.execute(sql: """
                INSERT INTO temp.partition_marginals(word_id, row_total, column_total)
                SELECT \(arm.word), \(arm.row), \(arm.column) FROM temp.pair_counts WHERE \(arm.condition)
                ON CONFLICT(word_id) DO UPDATE SET
                    row_total = row_total + excluded.row_total, column_total = column_total + excluded.column_total
                """)
        }
    }
}
