import Foundation
import GRDB

/// How an ingest opens and closes: the corpus row it writes against, and the connection
/// settings of a bulk load.
extension CorpusStore {
    /// The corpus an ingest writes to, with the vocabulary as stored.
    struct IngestStart {
        var tokenizer: Tokenizer.Settings
        var vocabulary: Vocabulary
    }

    /// Reads the corpus row, or writes it for a new corpus named `name` (with `tokenizer`, or
    /// the default settings), and the stored vocabulary, in one transaction.
    ///
    /// - Throws: ``FirthError/invalidParameters(_:)`` when `tokenizer` differs from the one the
    ///   corpus was built with: one corpus, one tokenization.
    func beginIngest(corpusName name: String, tokenizer wanted: Tokenizer.Settings?) throws -> IngestStart {
        try dbQueue.write { db in
            let settings: Tokenizer.Settings
            if let info = try Self.corpusInfo(db) {
                if let wanted, wanted != info.tokenizer {
                    throw FirthError.invalidParameters(
                        "this corpus was tokenized with \(info.tokenizer); ingesting with \(wanted) would mix two tokenizations — use another \(parameter: "database")")
                }
                settings = info.tokenizer
            } else {
                settings = wanted ?? Tokenizer.Settings()
                try db.execute(sql: "INSERT INTO corpus(corpus_id, name, tokenizer, document_gap) VALUES (1, ?, ?, ?)",
                               arguments: [name, settings.json, Self.documentGap])
            }
            return IngestStart(tokenizer: settings, vocabulary: try IngestTransaction(db: db).vocabulary())
        }
    }

    /// Runs `body` with the connection settings of a bulk load; the previous values are put
    /// back after, and the WAL is checkpointed.
    ///
    /// - `synchronous = NORMAL`: in WAL mode a commit then appends to the WAL without waiting
    ///   for fsync (the WAL is synced at each checkpoint). The trade-off is durability, not
    ///   integrity: a process crash or `kill -9` still loses nothing committed, and each
    ///   document is still fully in or absent; an OS crash or power cut may lose the documents
    ///   committed since the last checkpoint, which the next run of the same command re-adds.
    ///   The checkpoint at the end makes everything durable before `ingest` returns.
    /// - `mmap_size = 0`: with memory-mapped I/O on, SQLite looks every page up in the WAL index
    ///   before it uses the cache, and pages it will write are copied out of the mapping first;
    ///   for an append-only load that is pure cost (and mapped pages count in the resident set).
    /// - `foreign_keys = OFF`: `tokens.word_id REFERENCES words` would cost a B-tree search in
    ///   `words` for every token inserted (a third of the insert time). The same guarantee is
    ///   checked once per distinct word of a document instead: ``IngestTransaction/addCounts(_:)``
    ///   updates the count of every word the document uses, and an update that finds no row
    ///   fails the document.
    /// - `cache_size = -16384` (16 MiB): appending needs few pages (the last leaf of each B-tree,
    ///   `words` and the indexes), but every page written stays in the cache until it is full,
    ///   so a larger cache only makes memory grow with the corpus. With 64 MiB, peak RSS was
    ///   97 MiB on the benchmark corpus and 153 MiB on four copies of it; with 16 MiB, about
    ///   89 MiB, and 97–102 MiB on four and on eight copies, in the same CPU time.
    func withBulkLoadSettings(_ body: () throws -> Void) throws {
        let settings = ["synchronous": "NORMAL", "mmap_size": "0", "foreign_keys": "OFF", "cache_size": "-16384"]
        let saved = try dbQueue.writeWithoutTransaction { db in
            try settings.keys.map { name in (name, try String.fetchOne(db, sql: "PRAGMA \(name)") ?? "") }
        }
        func apply(_ values: [(String, String)]) throws {
            try dbQueue.writeWithoutTransaction { db in
                for (name, value) in values where !value.isEmpty { try db.execute(sql: "PRAGMA \(name) = \(value)") }
            }
        }
        try apply(settings.map { ($0.key, $0.value) })
        defer { try? apply(saved) }
        try body()
        // Copy the WAL into the database file and sync it, so all that was ingested is durable
        // now; TRUNCATE also gives the WAL's disk space back. It does not wait for readers: if
        // another connection is reading, the WAL is left for a later checkpoint.
        try checkpointWithoutWaiting()
    }
}
