import Foundation

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
        /// Inputs that could not be ingested at all (unreadable file, malformed record), each
        /// naming its file (and line): ``FirthError/badInput(location:reason:)``, or
        /// ``FirthError/invalidParameters(_:)`` where a parameter of ``Options`` would answer it
        /// (`textField`, `textColumn`).
        public var errors: [FirthError] = []
    }

    /// A line about one input, told as it happens: an error (also in ``Report/errors``), a
    /// warning (also in ``Report/warnings``) or a note.
    public enum Message: Sendable, Equatable, CustomStringConvertible {
        /// An input that could not be ingested.
        case error(FirthError)
        /// A problem that was worked around (a legacy encoding, a binary file, an empty document).
        case warning(String)
        /// Something done that was not asked for: a document already stored, skipped.
        case note(String)

        /// `error: …`, `warning: …` or `note: …`, with the library's names for parameters.
        public var description: String {
            switch self {
            case let .error(error): return "error: \(error)"
            case let .warning(message): return "warning: " + message
            case let .note(message): return "note: " + message
            }
        }
    }

    public let store: CorpusStore
    public let options: Options
    let progress: Progress
    let warn: (Message) -> Void

    var tokenizer = Tokenizer()
    /// The corpus's words with their ids: a cache of `words`, checked against it in every write
    /// transaction (see `write(_:_:)`), and read again when another writer changed it.
    var vocabulary = Vocabulary()
    /// Per vocabulary entry, how often the current document uses it (zeroed after each document).
    var wordCounts: [Int32] = []
    /// The document being written on the writer queue while the next one is read and tokenized.
    var pending: PendingWrite?
    /// Tokens buffered at most before they are written (see ``addLongDocument``); lowered by tests.
    var tokensPerChunk = Ingester.defaultTokensPerChunk
    /// The most tokens held at once so far, by any document: at most ``tokensPerChunk``.
    var largestTokenBuffer = 0
    /// What the current (or last) ingest did; after an ingest that threw, what it did before.
    public internal(set) var report = Report()
    /// A failure of the database itself (a full disk, a read-only file): it ends the run.
    var fatal: (any Error)?
    /// When the current ingest started: the progress line's rate is measured from it.
    var started = Date()

    /// - Parameters:
    ///   - warn: called with each error, warning and note as it happens (the CLI prints them to stderr).
    public init(store: CorpusStore, options: Options = Options(), progress: Progress = .silent,
                warn: @escaping (Message) -> Void = { _ in }) {
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
            try store.withBulkLoadSettings {
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
            try store.withBulkLoadSettings {
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

    // Every message first settles the document being written, so messages (and the report's
    // lists) come in the order of the inputs, as if documents were stored one at a time.

    func fail(_ error: FirthError) { tell(.error(error)) }

    func warning(_ message: String) { tell(.warning(message)) }

    /// Records an error or warning in the report and tells it; nothing after a failure of the
    /// database itself, which ends the run.
    private func tell(_ message: Message) {
        guard fatal == nil else { return }
        settle()
        switch message {
        case let .error(error): report.errors.append(error)
        case let .warning(warning): report.warnings.append(warning)
        case .note: break
        }
        progress.finish()
        warn(message)
    }

    // MARK: - The corpus row

    /// Reads the corpus's tokenizer and vocabulary, writing the corpus row first for a new one.
    func prepareCorpus(named name: String) throws {
        let start = try store.beginIngest(corpusName: name, tokenizer: options.tokenizer)
        tokenizer = Tokenizer(settings: start.tokenizer, sentencePerLine: options.sentencePerLine)
        vocabulary = start.vocabulary
    }
}
