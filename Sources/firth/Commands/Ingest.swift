import ArgumentParser
import Foundation
import FirthKit

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read text into the corpus database: files, folders, JSON Lines, CSV or standard input.",
        discussion: """
        Each file (or JSON Lines record, or CSV row) becomes one document, tokenized into words and \
        sentences and stored in one transaction: an interrupted ingest loses nothing already stored, \
        and running the same command again finishes the job (documents already stored are skipped). \
        The encoding is decided per file: a byte-order mark (UTF-8, UTF-16, UTF-32) or UTF-16's NUL \
        bytes name it; UTF-8 with a few bad bytes stays UTF-8, the bad bytes replaced by U+FFFD and \
        their lines named in a warning; other files that are not UTF-8 are decoded as Windows-1252 \
        with a warning; binary files are skipped. Folders are read recursively, following symbolic \
        links (a loop is reported, not followed). A malformed JSON Lines or CSV record is reported \
        with its line and skipped, and reading goes on at the next line. Memory: a document is held \
        whole while it is stored, about twice its size (its text, and the row SQLite writes); its \
        words are tokenized and written a chunk at a time, so even a one-line file of hundreds of \
        megabytes adds nothing for its tokens. Split such a file into documents (JSON Lines, CSV, \
        or one file each) to need less.

        Examples:
          firth ingest Corpora/tutorial --db tutorial.sqlite
          firth ingest bundled:tutorial --db tutorial.sqlite     (the copy compiled into firth)
          firth ingest reviews.jsonl --text-field body
          cat notes.txt | firth ingest -
        """)

    @Argument(help: ArgumentHelp(
        "Files or folders to read (folders recursively); - reads standard input; bundled:tutorial the tutorial corpus compiled into firth.",
        valueName: "path"))
    var paths: [String]

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: ArgumentHelp(
        "The collection label to file these documents under (a sub-corpus shown by `firth stats`).",
        discussion: "Default: the name of each input file or folder.", valueName: "name"))
    var corpus: String?

    @Option(name: .long, help: ArgumentHelp("Only files whose name matches this glob when reading folders.", valueName: "glob"))
    var include = "*"

    @Option(name: .long, help: ArgumentHelp(
        "How to read files: auto (by extension: .jsonl/.ndjson, .csv, else text), text, jsonl or csv.", valueName: "kind"))
    var inputFormat: Ingester.Options.InputFormat = .auto

    @Option(name: .long, help: ArgumentHelp("The JSON Lines field holding the text; other fields are kept as metadata.", valueName: "field"))
    var textField = "text"

    @Option(name: .long, help: ArgumentHelp("The CSV column (by header name) holding the text; other columns are kept as metadata.", valueName: "column"))
    var textColumn = "text"

    @Flag(name: .long, inversion: .prefixedNo, help: ArgumentHelp(
        "Lowercase words, so River and river count as one word (fixed when the corpus is created).",
        discussion: "Turn off to study capitalization, at the cost of splitting counts."))
    var caseFolding = true

    @Flag(name: .long, help: "Keep hyphenated words (well-known) as one word instead of two (fixed when the corpus is created).")
    var keepHyphens = false

    @Flag(name: .long, help: ArgumentHelp(
        "Keep documents whose exact text is already stored under another name (default: skip them).",
        discussion: "Duplicates inflate counts; keep them only when repetition is real (e.g. a hymn printed in two books) or to build a larger test corpus. The same file ingested twice is still skipped."))
    var keepDuplicates = false

    @Flag(name: .long, help: ArgumentHelp(
        "Read every line as one sentence, whatever its punctuation.",
        discussion: "The convention of KenLM's training text and of corpora with one verse or one segment a line; only n-gram models and sentence-bounded counts see the difference. Applies to this ingest only."))
    var sentencePerLine = false

    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        let store = try store.openForWriting(creating: true)
        var options = Ingester.Options()
        options.inputFormat = inputFormat
        options.textField = textField
        options.textColumn = textColumn
        options.include = include
        options.collection = corpus
        options.keepDuplicates = keepDuplicates
        options.sentencePerLine = sentencePerLine
        if try store.corpusInfo() == nil || !caseFolding || keepHyphens {
            options.tokenizer = Tokenizer.Settings(caseFolding: caseFolding, keepHyphens: keepHyphens)
        }
        let ingester = Ingester(store: store, options: options, progress: progressOptions.progress("ingest"),
                                warn: { printError(Self.line($0)) })
        let started = Date()
        let report: Ingester.Report
        do {
            report = try ingester.ingest(pathsOrBundled: paths)
        } catch {
            // Stopped by the database (a full disk): say what was stored before the error line.
            if !progressOptions.quiet && ingester.report.documentsAdded > 0 {
                printError("stored \(ingester.report.documentsAdded) documents (\(ingester.report.tokensAdded) tokens) before stopping")
            }
            throw error
        }
        let seconds = Date().timeIntervalSince(started)
        if !progressOptions.quiet {
            printError(String(format: "ingested %d documents (%d tokens, %.1f MB) in %.2f s into %@%@%@",
                              report.documentsAdded, report.tokensAdded, Double(report.bytesRead) / 1e6, seconds, store.path,
                              report.duplicatesSkipped > 0 ? "; \(report.duplicatesSkipped) already stored, skipped" : "",
                              report.errors.isEmpty ? "" : "; \(report.errors.count) inputs failed (see errors above)"))
        }
        if !report.errors.isEmpty { throw ExitCode(1) }
    }

    /// A message of the ingester as the command line says it: an error names the flag that
    /// answers it (`--text-column`) where the library names the parameter (`textColumn`).
    static func line(_ message: Ingester.Message) -> String {
        if case let .error(error) = message { return "error: " + ParameterFlags.message(error) }
        return message.description
    }
}

extension Ingester.Options.InputFormat: ExpressibleByArgument {}

extension Ingester {
    /// Ingests `paths` in the order given, each `bundled:NAME` among them as the files compiled
    /// into firth (filed under NAME unless a collection is set), and adds up the reports.
    func ingest(pathsOrBundled paths: [String]) throws -> Report {
        var reports: [Report] = []
        var start = paths.startIndex
        while start < paths.endIndex {
            if let files = try BundledCorpora.files(named: paths[start]) {
                reports.append(try ingest(files: files, collection: String(paths[start].dropFirst(BundledCorpora.prefix.count))))
                start += 1
            } else {
                let end = paths[start...].firstIndex(where: BundledCorpora.isReference) ?? paths.endIndex
                reports.append(try ingest(paths: Array(paths[start..<end])))
                start = end
            }
        }
        guard let first = reports.first else { return try ingest(paths: []) }
        return reports.dropFirst().reduce(into: first) { total, report in
            total.documentsAdded += report.documentsAdded
            total.duplicatesSkipped += report.duplicatesSkipped
            total.tokensAdded += report.tokensAdded
            total.bytesRead += report.bytesRead
            total.warnings += report.warnings
            total.errors += report.errors
        }
    }
}
