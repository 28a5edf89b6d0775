import Foundation
import GRDB
import GRDBSQLite

/// Reads text from files, folders, JSON Lines, CSV or standard input into a ``CorpusStore``.
///
/// Each document (a text file, a JSON Lines record, a CSV row) is tokenized with the corpus's
/// ``Tokenizer`` and written in one transaction: its row in `documents`, its words in `words`,
/// its running text in `tokens`. A crash or `kill -9` therefore leaves each document fully in or
/// absent, and running the same command again completes the job, because documents whose exact
/// text is already stored are skipped (deduplication by content hash, confirmed by comparing the
/// text itself).
///
/// A bad file never fails the run: it is reported with its name (and line) and skipped.
///
/// ```swift
/// let store = try CorpusStore(path: "firth.sqlite")
/// let report = try Ingester(store: store).ingest(paths: ["Corpora/tutorial"])
/// print(report.documentsAdded, report.tokensAdded)
/// ```
public final class Ingester {
    /// How to read the inputs.
    public struct Options: Sendable {
        public enum InputFormat: String, Sendable, CaseIterable {
            /// By file extension: `.jsonl`/`.ndjson` are JSON Lines, `.csv` is CSV, the rest text.
            case auto, text, jsonl, csv
        }
        public var inputFormat: InputFormat = .auto
        /// The JSON Lines field that holds the text; the other fields become document metadata.
        public var textField = "text"
        /// The CSV column (by header name) that holds the text; the other columns become metadata.
        public var textColumn = "text"
        /// A shell glob on file names, applied when walking folders (`*.txt`).
        public var include = "*"
        /// The collection label documents are filed under; default: the input's own name.
        public var collection: String?
        /// Keep documents whose text is already stored under another source name (default:
        /// skip them). The same text from the same source is still skipped, so re-running an
        /// interrupted ingest still completes it rather than doubling it.
        public var keepDuplicates = false
        /// Tokenizer settings for a new corpus; for an existing one they must match what it has.
        public var tokenizer: Tokenizer.Settings?
        /// Every line of a text is one sentence (see ``Tokenizer/sentencePerLine``).
        public var sentencePerLine = false

        public init() {}
    }

    /// What an ingest did, for the summary line and for tests.
    public struct Report: Sendable, Equatable {
        public var documentsAdded = 0
        public var duplicatesSkipped = 0
        public var tokensAdded = 0
        public var bytesRead = 0
        /// Problems that were worked around (legacy encodings, binary files, empty documents).
        public var warnings: [String] = []
        /// Inputs that could not be ingested at all (unreadable file, malformed record).
        public var errors: [String] = []
    }

    public let store: CorpusStore
    public let options: Options
    private let progress: Progress
    let warn: (String) -> Void

    var tokenizer = Tokenizer()
    /// The corpus's words with their ids: a cache of `words`, checked against it in every write
    /// transaction (see ``write(_:_:)``), and read again when another writer changed it.
    var vocabulary = Vocabulary()
    /// Per vocabulary entry, how often the current document uses it (zeroed after each document).
    var wordCounts: [Int32] = []
    /// The document being written on the writer queue while the next one is read and tokenized.
    private var pending: PendingWrite?
    /// Tokens buffered at most before they are written (see ``addLongDocument``); lowered by tests.
    var tokensPerChunk = Ingester.defaultTokensPerChunk
    /// The most tokens held at once so far, by any document: at most ``tokensPerChunk``.
    var largestTokenBuffer = 0
    /// What the current (or last) ingest did; after an ingest that threw, what it did before.
    public internal(set) var report = Report()
    /// A failure of the database itself (a full disk, a read-only file): it ends the run.
    var fatal: (any Error)?
    private var started = Date()

    /// - Parameters:
    ///   - warn: called with each warning and error line as it happens (the CLI prints them to stderr).
    public init(store: CorpusStore, options: Options = Options(), progress: Progress = .silent,
                warn: @escaping (String) -> Void = { _ in }) {
        self.store = store
        self.options = options
        self.progress = progress
        self.warn = warn
    }

    // MARK: - Ingesting

    /// Ingests every path (`-` is standard input) and returns what was done.
    ///
    /// - Throws: only for problems with the database itself or a tokenizer that contradicts the
    ///   corpus's; problems with one input are collected in ``Report/errors`` and the run goes on.
    public func ingest(paths: [String]) throws -> Report {
        report = Report()
        fatal = nil
        started = Date()
        do {
            try withBulkLoadSettings {
                try ingestAll(paths: paths)
                // The inputs after a failure of the database were passed over in silence.
                if let fatal { throw fatal }
            }
        } catch {
            throw FirthError.translating(error, path: store.path)
        }
        return report
    }

    /// A file's bytes held in memory (a file compiled into the binary), with the name it is
    /// stored and reported under.
    public struct InMemoryFile: Sendable, Equatable {
        public var name: String
        public var data: Data
        public init(name: String, data: Data) {
            self.name = name
            self.data = data
        }
    }

    /// Ingests files held in memory exactly as ``ingest(paths:)`` ingests files read from disk:
    /// the same decoding, the format by the name's extension, the same deduplication; every
    /// file is filed under `collection` (or ``Options/collection`` when set).
    public func ingest(files: [InMemoryFile], collection: String) throws -> Report {
        report = Report()
        fatal = nil
        started = Date()
        let collection = options.collection ?? collection
        do {
            try withBulkLoadSettings {
                defer { settle() }
                try prepareCorpus(named: collection)
                for file in files {
                    ingestFile(source: file.name, collection: collection,
                               format: InputDiscovery.format(of: file.name, options.inputFormat)) { file.data }
                }
                settle()
                progress.finish()
                if let fatal { throw fatal }
            }
        } catch {
            throw FirthError.translating(error, path: store.path)
        }
        return report
    }

    private func ingestAll(paths: [String]) throws {
        defer { settle() }
        try prepareCorpus(named: options.collection ?? paths.first.map(InputDiscovery.collectionName) ?? "corpus")
        for path in paths {
            let collection = options.collection ?? InputDiscovery.collectionName(path)
            if path == "-" {
                ingestFile(source: "-", collection: collection, format: options.inputFormat == .auto ? .text : options.inputFormat) {
                    FileHandle.standardInput.readDataToEndOfFile()
                }
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                fail("\(path): \(InputDiscovery.whyMissing(path))")
                continue
            }
            var files = [path]
            if isDirectory.boolValue {
                let walk = InputDiscovery.walk(folder: path, include: options.include)
                walk.warnings.forEach(warning)
                walk.errors.forEach(fail)
                files = walk.files
            }
            for file in files {
                ingestFile(source: file, collection: collection, format: InputDiscovery.format(of: file, options.inputFormat)) {
                    FileManager.default.contents(atPath: file)
                }
            }
        }
        settle()
        progress.finish()
    }

    /// Connection settings for the length of an ingest; the previous values are put back after.
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
    ///   checked once per distinct word of a document instead: ``write(_:_:)`` updates the count
    ///   of every word the document uses, and an update that finds no row fails the document.
    /// - `cache_size = -16384` (16 MiB): appending needs few pages (the last leaf of each B-tree,
    ///   `words` and the indexes), but every page written stays in the cache until it is full,
    ///   so a larger cache only makes memory grow with the corpus. With 64 MiB, peak RSS was
    ///   97 MiB on the benchmark corpus and 153 MiB on four copies of it; with 16 MiB, about
    ///   89 MiB, and 97–102 MiB on four and on eight copies, in the same CPU time.
    private func withBulkLoadSettings(_ body: () throws -> Void) throws {
        let settings = ["synchronous": "NORMAL", "mmap_size": "0", "foreign_keys": "OFF", "cache_size": "-16384"]
        let saved = try store.dbQueue.writeWithoutTransaction { db in
            try settings.keys.map { name in (name, try String.fetchOne(db, sql: "PRAGMA \(name)") ?? "") }
        }
        func apply(_ values: [(String, String)]) throws {
            try store.dbQueue.writeWithoutTransaction { db in
                for (name, value) in values where !value.isEmpty { try db.execute(sql: "PRAGMA \(name) = \(value)") }
            }
        }
        try apply(settings.map { ($0.key, $0.value) })
        defer { try? apply(saved) }
        try body()
        // Copy the WAL into the database file and sync it, so all that was ingested is durable
        // now; TRUNCATE also gives the WAL's disk space back. It does not wait for readers: if
        // another connection is reading, the WAL is left for a later checkpoint.
        try store.busyWaiting.withoutWaiting {
            try store.dbQueue.writeWithoutTransaction { db in
                _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }

    // Every message first settles the document being written, so messages (and the report's
    // lists) come in the order of the inputs, as if documents were stored one at a time.

    func fail(_ message: String) {
        guard fatal == nil else { return }
        settle()
        report.errors.append(message)
        progress.finish()
        warn("error: " + message)
    }

    func warning(_ message: String) {
        guard fatal == nil else { return }
        settle()
        report.warnings.append(message)
        progress.finish()
        warn("warning: " + message)
    }

    // MARK: - One file

    /// Reads, decodes and ingests one input. The bytes are let go once decoded, so a large
    /// file is held once (as text) while it is tokenized and written, not twice.
    private func ingestFile(source: String, collection: String, format: Options.InputFormat, read: () -> Data?) {
        let decoded: TextDecoding.Decoded
        do {
            guard let data = read() else {
                fail("\(source): cannot be read (permissions?)")
                return
            }
            report.bytesRead += data.count
            decoded = try TextDecoding.decode(data)
        } catch {
            warning(error.message(source: source))
            return
        }
        if let message = decoded.warning(source: source) { warning(message) }
        func take(_ record: InputRecord) {
            switch record {
            case let .document(text, location, metadata):
                addDocument(text: text, source: location, collection: collection, metadata: metadata, encoding: decoded.encoding)
            case let .malformed(message):
                fail(message)
            }
        }
        switch format {
        case .auto, .text:
            take(.document(text: decoded.text, source: source, metadata: nil))
        case .jsonl:
            JSONLinesReader(textField: options.textField).read(decoded.text, source: source, take)
        case .csv:
            CSVRecordReader(textColumn: options.textColumn).read(decoded.text, source: source, take)
        }
    }

    // MARK: - One document, one transaction

    /// 64-bit FNV-1a: a fast index for deduplication; equality of the stored text decides.
    static func contentHash(_ text: String) -> Int64 {
        var text = text
        return text.withUTF8 { Int64(bitPattern: FNV1a.hash($0)) }
    }

    /// Stores one document: tokenized here, while the document before it is still being written
    /// on the writer queue, then written there while the caller reads the next input.
    ///
    /// The word ids given while tokenizing assume the document before gets stored. If it does
    /// not, ``settle()`` takes its words back and this document is tokenized again, so every
    /// stored document has the ids, positions and sentence numbers a one-at-a-time ingest gives.
    private func addDocument(text: String, source: String, collection: String, metadata: String?,
                             encoding: TextDecoding.Encoding) {
        guard fatal == nil else { return }
        let hash = Self.contentHash(text)
        if text.utf8.count / 2 + 1 > tokensPerChunk {
            addLongDocument(text: text, hash: hash, source: source, collection: collection, metadata: metadata, encoding: encoding)
            return
        }
        var vocabularySize = vocabulary.count
        var tokens: TokenizedDocument?
        if pending != nil {
            tokens = Self.tokenize(text, with: tokenizer, vocabulary: &vocabulary, wordCounts: &wordCounts)
            if !settle() { tokens = nil }
        }
        guard fatal == nil else { return }
        // A first duplicate check, to skip tokenizing a document already stored; the write
        // transaction checks again, since another writer may store the same text meanwhile.
        let sameSource = options.keepDuplicates ? source : nil
        do {
            if let existing = try store.dbQueue.read({ db in
                try CorpusStore.storedDocument(db, hash: hash, text: text, source: sameSource)
            }) {
                vocabulary.removeEntries(from: vocabularySize)
                skipDuplicate(source: source, of: existing)
                return
            }
        } catch {
            vocabulary.removeEntries(from: vocabularySize)
            stop(error, source: source)
            return
        }
        if tokens == nil {
            vocabularySize = vocabulary.count
            tokens = Self.tokenize(text, with: tokenizer, vocabulary: &vocabulary, wordCounts: &wordCounts)
        }
        guard let tokens, !tokens.ids.isEmpty else {
            warning("\(source): has no words; skipped")
            return
        }
        let newWords = (vocabularySize..<vocabulary.count).map { (id: vocabulary.id(of: $0), word: vocabulary.word(of: $0)) }
        let document = PreparedDocument(
            source: source, collection: collection, contentHash: hash, text: text, metadata: metadata,
            encoding: encoding, sameSourceOnly: options.keepDuplicates, tokens: tokens, newWords: newWords,
            lastWordIDBefore: vocabulary.nextID - 1 - Int64(newWords.count))
        pending = PendingWrite(document, vocabularySize: vocabularySize, store: store)
    }

    /// Waits for the document being written, if any, and records how it went.
    ///
    /// - Returns: false if it was not stored; its new words are then taken back (and with them
    ///   any the caller has given out since, which it must give out again).
    @discardableResult
    func settle() -> Bool {
        guard let write = pending else { return true }
        pending = nil
        let outcome = finish(write.document, vocabularySize: write.vocabularySize, error: write.wait())
        guard let stored = outcome.stored else { return false }
        report.documentsAdded += 1
        report.tokensAdded += stored.tokens.ids.count
        largestTokenBuffer = max(largestTokenBuffer, stored.tokens.ids.count)
        reportProgress()
        return outcome.vocabularyKept
    }

    func reportProgress() {
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        progress.update("\(grouped(report.documentsAdded)) documents, \(grouped(report.tokensAdded)) tokens, "
            + String(format: "%.1f MB/s", Double(report.bytesRead) / 1e6 / seconds))
    }

    /// One document's transaction, run on the writer queue (a second core) from its creation.
    private final class PendingWrite: @unchecked Sendable {
        // @unchecked: `error` is set on the writer queue before `done` is signalled, and read
        // only after waiting for that signal.
        let document: PreparedDocument
        /// The vocabulary's size before this document's new words.
        let vocabularySize: Int
        private let done = DispatchSemaphore(value: 0)
        private var error: (any Error)?

        private static let writer = DispatchQueue(label: "firth.ingest.writer")

        init(_ document: PreparedDocument, vocabularySize: Int, store: CorpusStore) {
            self.document = document
            self.vocabularySize = vocabularySize
            Self.writer.async { [self] in
                do {
                    try store.dbQueue.write { db in try Ingester.write(document, db) }
                } catch {
                    self.error = error
                }
                done.signal()
            }
        }

        /// Waits for the transaction; nil if it committed.
        func wait() -> (any Error)? {
            done.wait()
            return error
        }
    }

    /// A short document's words as rows for `tokens`, with what `words` needs: held whole
    /// until its transaction commits, at most ``tokensPerChunk`` tokens (a longer document is
    /// written in chunks, see ``addLongDocument``). Four bytes per token and per sentence number.
    struct TokenizedDocument: Sendable {
        var ids: [Int32] = []
        /// The sentence of each token, counted from the document's first.
        var sentences: [Int32] = []
        var sentenceCount = 0
        /// Each word id the document uses, with how often, in order of first use.
        var frequencies: [(id: Int64, count: Int64)] = []
    }

    /// A document ready to be written in one transaction.
    struct PreparedDocument: Sendable {
        var source: String
        var collection: String
        var contentHash: Int64
        var text: String
        var metadata: String?
        var encoding: TextDecoding.Encoding
        /// Whether only a document from the same source counts as a duplicate (keepDuplicates).
        var sameSourceOnly: Bool
        var tokens: TokenizedDocument
        /// The words first seen in this document, with the ids they were given.
        var newWords: [(id: Int64, word: String)]
        /// The largest word id stored when the document was tokenized: its new words' ids
        /// follow it, so the write checks that it still is the largest.
        var lastWordIDBefore: Int64
    }

    /// Tokenizes a short `text` whole, giving new words the next ids of `vocabulary`.
    static func tokenize(_ text: String, with tokenizer: Tokenizer,
                         vocabulary: inout Vocabulary, wordCounts: inout [Int32]) -> TokenizedDocument {
        var document = TokenizedDocument()
        let totals = tokenize(text, with: tokenizer, vocabulary: &vocabulary, wordCounts: &wordCounts,
                              tokensPerChunk: .max) { (chunk) throws(Never) in
            (document.ids, document.sentences) = (chunk.ids, chunk.sentences)
        }
        document.sentenceCount = totals.sentenceCount
        document.frequencies = totals.frequencies
        return document
    }

    /// Writes `document` in the current transaction: its row in `documents`, its new words, its
    /// tokens, and the counts of the words it uses. The statements over many rows bind through
    /// the raw sqlite3 API, since GRDB's arguments allocate per call.
    ///
    /// Everything the document is written against is read here, inside the transaction: its
    /// position and first sentence follow the last stored document, and it is refused
    /// (``WriteConflict``) when its text is already stored or when the words table gained words
    /// since the document was tokenized (its new words' ids would then be somebody else's).
    static func write(_ document: PreparedDocument, _ db: Database) throws {
        let tokens = document.tokens
        if let existing = try CorpusStore.storedDocument(db, hash: document.contentHash, text: document.text,
                                                         source: document.sameSourceOnly ? document.source : nil) {
            throw WriteConflict.alreadyStored(existing)
        }
        guard try CorpusStore.lastWordID(db) == document.lastWordIDBefore else { throw WriteConflict.staleVocabulary }
        let slot = try CorpusStore.nextDocumentSlot(db)
        let first = slot.firstPosition
        try insertDocument(db, source: document.source, collection: document.collection, contentHash: document.contentHash,
                           text: document.text, metadata: document.metadata, encoding: document.encoding, firstPosition: first,
                           tokenCount: tokens.ids.count, firstSentence: slot.firstSentence, sentenceCount: tokens.sentenceCount)
        try insertWords(document.newWords, db)
        try insertTokens(db, first: first, firstSentence: slot.firstSentence, ids: tokens.ids, sentences: tokens.sentences)
        try addCounts(tokens.frequencies, db)
    }

    /// SQLite's "copy the bytes now" destructor, for binding a string that will not outlive the call.
    static let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Runs a prepared statement that returns no rows, then resets it for the next bindings.
    static func step(_ statement: OpaquePointer?, _ db: Database) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    /// Token rows per INSERT statement (two parameters each, far below SQLite's limit).
    static let tokenRowsPerStatement = 500

    /// Writes a document's tokens at positions `first`, `first + 1`, ...: the hot loop, millions
    /// of rows.
    ///
    /// Only the first row names its position. The others leave it to SQLite, which gives a
    /// new rowid as the largest one plus one, and as an append: the B-tree cursor stays on the
    /// last leaf, where an explicit position would cost a search from the root for its
    /// uniqueness check. Many rows per statement save the per-statement overhead. The last
    /// rowid is checked, so a table that already held a larger position fails the document
    /// instead of shifting its tokens.
    static func insertTokens(_ db: Database, first: Int64, firstSentence: Int64, ids: [Int32], sentences: [Int32]) throws {
        func appendSQL(rows: Int) -> String {
            "INSERT INTO tokens(word_id, sentence) VALUES " + repeatElement("(?,?)", count: rows).joined(separator: ",")
        }
        let head = try db.cachedStatement(sql: "INSERT INTO tokens(position, word_id, sentence) VALUES (?, ?, ?)").sqliteStatement
        sqlite3_bind_int64(head, 1, first)
        sqlite3_bind_int64(head, 2, Int64(ids[0]))
        sqlite3_bind_int64(head, 3, firstSentence + Int64(sentences[0]))
        try step(head, db)
        let fullSize = tokenRowsPerStatement
        let full = try db.cachedStatement(sql: appendSQL(rows: fullSize))
        var start = 1
        while start < ids.count {
            let rows = min(fullSize, ids.count - start)
            // The shorter last statement of each document is prepared once, not cached.
            let statement = rows == fullSize ? full : try db.makeStatement(sql: appendSQL(rows: rows))
            let handle = statement.sqliteStatement
            for row in 0..<rows {
                sqlite3_bind_int64(handle, Int32(2 * row + 1), Int64(ids[start + row]))
                sqlite3_bind_int64(handle, Int32(2 * row + 2), firstSentence + Int64(sentences[start + row]))
            }
            try step(handle, db)
            start += rows
        }
        let last = first + Int64(ids.count - 1)
        guard sqlite3_last_insert_rowid(db.sqliteConnection) == last else {
            throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_PRIMARYKEY, message: """
                tokens already has positions past \(first); this document's would not be \(first)...\(last)
                """)
        }
    }

    // MARK: - The corpus row

    private func prepareCorpus(named name: String) throws {
        try store.dbQueue.write { db in
            if let info = try CorpusStore.corpusInfo(db) {
                if let wanted = options.tokenizer, wanted != info.tokenizer {
                    throw FirthError.invalidOption(
                        "this corpus was tokenized with \(info.tokenizer); ingesting with \(wanted) would mix two tokenizations — use another --db")
                }
                tokenizer = Tokenizer(settings: info.tokenizer, sentencePerLine: options.sentencePerLine)
            } else {
                let settings = options.tokenizer ?? Tokenizer.Settings()
                try db.execute(sql: "INSERT INTO corpus(corpus_id, name, tokenizer, document_gap) VALUES (1, ?, ?, ?)",
                               arguments: [name, settings.json, CorpusStore.documentGap])
                tokenizer = Tokenizer(settings: settings, sentencePerLine: options.sentencePerLine)
            }
            vocabulary = try Self.loadVocabulary(db)
        }
    }
}
