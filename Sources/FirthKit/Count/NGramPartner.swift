import Foundation
import GRDB

/// The second connection of a split n-gram count: it counts, on its own thread and core, the
/// n-grams whose last word's id is even, while the counter's connection counts those ending with
/// an odd word or `</s>` (the partner's half holds `<unk>`; the `</s>` balance it).
///
/// Splitting by the last word keeps each half self-contained: a lower order drops the *first*
/// word of the order above, so a k-gram and every (k+1)-gram it is summed from (its count and
/// its Kneser-Ney continuation count) fall in the same half. The two halves share no key: the
/// counter copies the partner's rows into its own tables once both are done, so every later
/// statement sees exactly the rows, in exactly the order, of an unsplit count, and the model is
/// the same to the last bit.
///
/// The partner writes into a scratch database file of its own (its tables must outlive its
/// connection's private temp schema); the counter attaches that file as `lm_part` before its
/// transaction begins, and reads it once the partner is done. The partner reads the corpus through
/// SQLite's WAL, which lets it read beside the counter's open write transaction; what that
/// transaction has not committed yet (the model's vocabulary, its held-out documents) is handed
/// over as values.
final class NGramPartner: @unchecked Sendable {
    /// The scratch file, attached to the counter's connection as `lm_part`.
    let path: String
    private let queue: DatabaseQueue
    private let corpusPath: String
    private let order: Int
    private let group = DispatchGroup()
    private var failure: Error?
    /// Its half's counts-of-counts, made beside the counter's (see `NGramEstimator`): the
    /// highest order's, and at order 3 the bigrams'. Read after `finish()`.
    private(set) var countsOfCounts: [Int: [Int]] = [:]

    /// The orders whose counts-of-counts each half makes for the estimate: the highest, and at
    /// order 3 the bigrams too (their Kneser-Ney counts are final once counted).
    static func countedOrders(_ order: Int) -> [Int] { order == 3 ? [3, 2] : [order] }

    /// The schema name under which the counter attaches the scratch file.
    static let schema = "lm_part"

    /// Opens a fresh scratch file and creates its empty count tables (before the counter attaches
    /// it, so that the counter's connection knows their schema from the start).
    init(corpusPath: String, order: Int) throws {
        self.corpusPath = corpusPath
        self.order = order
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("firth-ngrams-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).sqlite").path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            CorpusStore.traceIfRequested(db)
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            // Scratch rows nobody needs after a crash: no journal, no syncing.
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            try CorpusStore.setCacheSizes(db, main: 256, temp: 256)
            try db.execute(sql: NGramCounter.packedGramTablesSQL(order: order, schema: "main"))
            try db.execute(sql: "ATTACH DATABASE ? AS corpus", arguments: [corpusPath])
        }
    }

    /// Starts counting the even half on a background thread.
    ///
    /// - Parameters:
    ///   - words: the model's word ids (its vocabulary is not committed yet, so this connection
    ///     could not read it).
    ///   - text: the model's training text.
    func start(words: ModelWordFunction, text: NGramCounter.TrainingText, radix: Int64) {
        let order = self.order
        DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
            do {
                try queue.writeWithoutTransaction { db in
                    try words.install(on: db)
                    defer { ModelWordFunction.remove(from: db) }
                    try db.inTransaction(.deferred) {
                        try NGramCounter.aggregatePackedGrams(db, order: order, radix: radix, schema: "main", text: text, partition: 0)
                        return .commit
                    }
                    for k in Self.countedOrders(order) {
                        let (source, column) = NGramEstimator.packedCountsSource(order: k, highest: k == order, radix: radix, schema: "main")
                        countsOfCounts[k] = try NGramEstimator.countsOfCounts(db, source: source, column: column)
                    }
                }
            } catch {
                failure = error
            }
        }
    }

    /// Waits until the partner is done; rethrows its error.
    func finish() throws {
        group.wait()
        if let failure { throw failure }
    }

    /// Waits for the partner, closes its connection and deletes the scratch file.
    func close() {
        group.wait()
        try? queue.close()
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
