import Foundation
import GRDB
import GRDBSQLite
import CSV

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
    private let warn: (String) -> Void

    private var tokenizer = Tokenizer()
    private var vocabulary = Vocabulary()
    /// Per vocabulary entry, how often the current document uses it (zeroed after each document).
    private var wordCounts: [Int32] = []
    private var nextSentence: Int64 = 0
    /// The document being written on the writer queue while the next one is read and tokenized.
    private var pending: PendingWrite?
    private var report = Report()
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
        started = Date()
        try withBulkLoadSettings { try ingestAll(paths: paths) }
        return report
    }

    private func ingestAll(paths: [String]) throws {
        defer { settle() }
        try prepareCorpus(named: options.collection ?? paths.first.map(Self.collectionName) ?? "corpus")
        for path in paths {
            let collection = options.collection ?? Self.collectionName(path)
            if path == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                ingestFile(data: data, source: "-", collection: collection, format: options.inputFormat == .auto ? .text : options.inputFormat)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                fail("\(path): no such file or folder")
                continue
            }
            let files = isDirectory.boolValue ? Self.walk(folder: path, include: options.include) : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    fail("\(file): cannot be read (permissions?)")
                    continue
                }
                ingestFile(data: data, source: file, collection: collection, format: format(of: file))
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
        try store.dbQueue.writeWithoutTransaction { db in
            _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// The files below `folder`, recursively, in name order, hidden ones skipped.
    static func walk(folder: String, include: String) -> [String] {
        let base = URL(fileURLWithPath: folder)
        guard let enumerator = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { return [] }
        var files: [String] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                  fnmatch(include, url.lastPathComponent, 0) == 0 else { continue }
            files.append(url.path)
        }
        return files.sorted()
    }

    static func collectionName(_ path: String) -> String {
        if path == "-" { return "stdin" }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return url.deletingPathExtension().lastPathComponent
    }

    private func format(of file: String) -> Options.InputFormat {
        guard options.inputFormat == .auto else { return options.inputFormat }
        switch URL(fileURLWithPath: file).pathExtension.lowercased() {
        case "jsonl", "ndjson": return .jsonl
        case "csv": return .csv
        default: return .text
        }
    }

    // Every message first settles the document being written, so messages (and the report's
    // lists) come in the order of the inputs, as if documents were stored one at a time.

    private func fail(_ message: String) {
        settle()
        report.errors.append(message)
        progress.finish()
        warn("error: " + message)
    }

    private func warning(_ message: String) {
        settle()
        report.warnings.append(message)
        progress.finish()
        warn("warning: " + message)
    }

    // MARK: - One file

    private func ingestFile(data: Data, source: String, collection: String, format: Options.InputFormat) {
        report.bytesRead += data.count
        let decoded: TextDecoding.Decoded
        do {
            decoded = try TextDecoding.decode(data)
        } catch {
            if case let .binary(offset) = error {
                warning("\(source): skipped, it has a NUL byte at offset \(offset) (binary, not text)")
            }
            return
        }
        switch decoded.encoding {
        case .utf8: break
        case .big5Punctuation:
            warning("\(source): not valid UTF-8; its curly quotes and dashes were Big5 byte pairs (A1 A6 ...), decoded as the punctuation they stand for")
        case .windows1252:
            warning("\(source): not valid UTF-8; decoded as Windows-1252 (ISO-8859-1)")
        }
        switch format {
        case .auto, .text:
            addDocument(text: decoded.text, source: source, collection: collection, metadata: nil, encoding: decoded.encoding)
        case .jsonl:
            ingestJSONLines(decoded, source: source, collection: collection)
        case .csv:
            ingestCSV(decoded, source: source, collection: collection)
        }
    }

    private func ingestJSONLines(_ decoded: TextDecoding.Decoded, source: String, collection: String) {
        var lineNumber = 0
        for line in decoded.text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            let location = "\(source):\(lineNumber)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                fail("\(location): not a JSON object; the line was skipped")
                continue
            }
            guard let text = object[options.textField] as? String else {
                let fields = object.keys.sorted().joined(separator: ", ")
                fail("\(location): no string field '\(options.textField)' (fields: \(fields)); choose one with --text-field")
                continue
            }
            var metadata = object
            metadata.removeValue(forKey: options.textField)
            addDocument(text: TextDecoding.normalizeLineEnds(text), source: location, collection: collection,
                        metadata: Self.json(metadata), encoding: decoded.encoding)
        }
    }

    private func ingestCSV(_ decoded: TextDecoding.Decoded, source: String, collection: String) {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: decoded.text, hasHeaderRow: true)
        } catch {
            fail("\(source): cannot read a CSV header row (\(error))")
            return
        }
        let header = reader.headerRow ?? []
        guard let textIndex = header.firstIndex(of: options.textColumn) else {
            fail("\(source): no column '\(options.textColumn)' in the header (\(header.joined(separator: ", "))); choose one with --text-column")
            return
        }
        var record = 0
        while let row = reader.next() {
            record += 1
            let location = "\(source):record \(record)"
            guard row.count == header.count else {
                fail("\(location): \(row.count) fields where the header has \(header.count); the record was skipped")
                continue
            }
            var metadata: [String: Any] = [:]
            for (i, name) in header.enumerated() where i != textIndex { metadata[name] = row[i] }
            addDocument(text: row[textIndex], source: location, collection: collection,
                        metadata: Self.json(metadata), encoding: decoded.encoding)
        }
        if let error = reader.error { fail("\(source): CSV stopped after record \(record): \(error)") }
    }

    private static func json(_ object: [String: Any]) -> String? {
        guard !object.isEmpty,
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: - One document, one transaction

    /// 64-bit FNV-1a: a fast index for deduplication; equality of the stored text decides.
    static func contentHash(_ text: String) -> Int64 {
        var text = text
        return text.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return Int64(bitPattern: hash)
        }
    }

    /// Stores one document: tokenized here, while the document before it is still being written
    /// on the writer queue, then written there while the caller reads the next input.
    ///
    /// The word ids given while tokenizing assume the document before gets stored. If it does
    /// not, ``settle()`` takes its words back and this document is tokenized again, so every
    /// stored document has the ids, positions and sentence numbers a one-at-a-time ingest gives.
    private func addDocument(text: String, source: String, collection: String, metadata: String?,
                             encoding: TextDecoding.Encoding) {
        let hash = Self.contentHash(text)
        var vocabularySize = vocabulary.count
        var tokens: TokenizedDocument?
        if pending != nil {
            tokens = Self.tokenize(text, with: tokenizer, vocabulary: &vocabulary, wordCounts: &wordCounts)
            if !settle() { tokens = nil }
        }
        // Only now, with every earlier document committed, is the duplicate check complete.
        do {
            if let existing = try store.dbQueue.read({ db in
                try Row.fetchOne(db, sql: """
                    SELECT document_id, source FROM documents
                    WHERE content_hash = ? AND text = ? AND (? OR source = ?)
                    """, arguments: [hash, text, !options.keepDuplicates, source])
            }) {
                vocabulary.removeEntries(from: vocabularySize)
                report.duplicatesSkipped += 1
                let previous: String = existing[1]
                warn("note: \(source): already ingested as document \(existing[0] as Int64) (\(previous)); skipped")
                return
            }
        } catch {
            vocabulary.removeEntries(from: vocabularySize)
            fail("\(source): \(error)")
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
        let document = PreparedDocument(
            source: source, collection: collection, contentHash: hash, text: text, metadata: metadata,
            encoding: encoding, firstSentence: nextSentence, tokens: tokens,
            newWords: (vocabularySize..<vocabulary.count).map { (vocabulary.id(of: $0), vocabulary.word(of: $0)) })
        pending = PendingWrite(document, vocabularySize: vocabularySize, store: store)
    }

    /// Waits for the document being written, if any, and records how it went.
    ///
    /// - Returns: false if it was not stored; its new words are then taken back (and with them
    ///   any the caller has given out since, which it must give out again).
    @discardableResult
    private func settle() -> Bool {
        guard let write = pending else { return true }
        pending = nil
        if let error = write.wait() {
            vocabulary.removeEntries(from: write.vocabularySize)
            fail("\(write.document.source): not stored: \(error)")
            return false
        }
        nextSentence = write.document.firstSentence + Int64(write.document.tokens.sentenceCount)
        report.documentsAdded += 1
        report.tokensAdded += write.document.tokens.ids.count
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        progress.update("\(grouped(report.documentsAdded)) documents, \(grouped(report.tokensAdded)) tokens, "
            + String(format: "%.1f MB/s", Double(report.bytesRead) / 1e6 / seconds))
        return true
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

    /// A document's words as rows for `tokens`, with what `words` needs.
    struct TokenizedDocument: Sendable {
        var ids: [Int64] = []
        /// The sentence of each token, counted from the document's first.
        var sentences: [Int] = []
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
        /// The corpus-wide number of the document's first sentence.
        var firstSentence: Int64
        var tokens: TokenizedDocument
        /// The words first seen in this document, with the ids they were given.
        var newWords: [(id: Int64, word: String)]
    }

    /// Tokenizes `text`, giving new words the next ids of `vocabulary`.
    ///
    /// A static function over `inout` state, so the per-token work touches no class property
    /// (each such access would be a dynamic exclusivity check). `wordCounts` is all zero on
    /// entry and on return.
    static func tokenize(_ text: String, with tokenizer: Tokenizer,
                         vocabulary: inout Vocabulary, wordCounts: inout [Int32]) -> TokenizedDocument {
        var document = TokenizedDocument()
        var used: [Int] = []
        tokenizer.forEachWord(in: text) { word, sentence in
            let entry: Int
            switch word {
            case .ascii(let bytes): entry = vocabulary.entry(ascii: bytes).entry
            case .unicode(let string): entry = vocabulary.entry(of: string).entry
            }
            if entry >= wordCounts.count { wordCounts.append(contentsOf: repeatElement(0, count: entry + 1 - wordCounts.count)) }
            if wordCounts[entry] == 0 { used.append(entry) }
            wordCounts[entry] += 1
            document.ids.append(vocabulary.id(of: entry))
            document.sentences.append(sentence)
        }
        document.sentenceCount = (document.sentences.last ?? -1) + 1
        document.frequencies = used.map { (vocabulary.id(of: $0), Int64(wordCounts[$0])) }
        for entry in used { wordCounts[entry] = 0 }
        return document
    }

    /// Writes `document` in the current transaction: its row in `documents`, its new words, its
    /// tokens, and the counts of the words it uses. The statements over many rows bind through
    /// the raw sqlite3 API, since GRDB's arguments allocate per call.
    static func write(_ document: PreparedDocument, _ db: Database) throws {
        let tokens = document.tokens
        let first = try Int64.fetchOne(db, sql: """
            SELECT first_position + token_count + ? FROM documents ORDER BY document_id DESC LIMIT 1
            """, arguments: [CorpusStore.documentGap]) ?? 0
        try db.execute(sql: """
            INSERT INTO documents(source, collection, content_hash, text, metadata, encoding,
                                  first_position, token_count, first_sentence, sentence_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [document.source, document.collection, document.contentHash, document.text,
                             document.metadata, document.encoding.rawValue,
                             first, tokens.ids.count, document.firstSentence, tokens.sentenceCount])
        let insertWord = try db.cachedStatement(sql: """
            INSERT INTO words(word_id, word, count) VALUES (?, ?, 0)
            ON CONFLICT(word_id) DO UPDATE SET count = count + excluded.count
            """).sqliteStatement
        for (id, word) in document.newWords {
            sqlite3_bind_int64(insertWord, 1, id)
            _ = word.withCString { sqlite3_bind_text(insertWord, 2, $0, -1, sqliteTransient) }
            try step(insertWord, db)
        }
        try insertTokens(db, first: first, firstSentence: document.firstSentence, tokens: tokens)
        let addCount = try db.cachedStatement(sql: "UPDATE words SET count = count + ? WHERE word_id = ?").sqliteStatement
        for (id, frequency) in tokens.frequencies {
            sqlite3_bind_int64(addCount, 1, frequency)
            sqlite3_bind_int64(addCount, 2, id)
            try step(addCount, db)
            // The foreign key check, done here once per word (see withBulkLoadSettings).
            guard sqlite3_changes(db.sqliteConnection) == 1 else {
                throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_FOREIGNKEY, message: "word id \(id) has no row in words")
            }
        }
    }

    /// SQLite's "copy the bytes now" destructor, for binding a string that will not outlive the call.
    private static let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Runs a prepared statement that returns no rows, then resets it for the next bindings.
    private static func step(_ statement: OpaquePointer?, _ db: Database) throws {
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
    static func insertTokens(_ db: Database, first: Int64, firstSentence: Int64, tokens: TokenizedDocument) throws {
        let (ids, sentences) = (tokens.ids, tokens.sentences)
        func appendSQL(rows: Int) -> String {
            "INSERT INTO tokens(word_id, sentence) VALUES " + repeatElement("(?,?)", count: rows).joined(separator: ",")
        }
        let head = try db.cachedStatement(sql: "INSERT INTO tokens(position, word_id, sentence) VALUES (?, ?, ?)").sqliteStatement
        sqlite3_bind_int64(head, 1, first)
        sqlite3_bind_int64(head, 2, ids[0])
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
                sqlite3_bind_int64(handle, Int32(2 * row + 1), ids[start + row])
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
            vocabulary = Vocabulary()
            let words = try Row.fetchCursor(db, sql: "SELECT word, word_id FROM words")
            while let row = try words.next() { vocabulary.load(word: row[0], id: row[1]) }
            nextSentence = try Int64.fetchOne(db, sql: """
                SELECT first_sentence + sentence_count FROM documents ORDER BY document_id DESC LIMIT 1
                """) ?? 0
        }
    }
}
