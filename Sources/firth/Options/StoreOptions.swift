import class Foundation.FileManager
import ArgumentParser
import FirthKit

/// `--db`: which corpus database a command reads or writes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The corpus database (a SQLite file).",
        discussion: "Default: $FIRTH_DB, else ./firth.sqlite. Keep one file per corpus; open it with sqlite3 to query it directly.",
        valueName: "file"))
    var db: String?

    @Flag(name: .long, help: ArgumentHelp(
        "When another firth command is writing to the database, wait for it instead of stopping.",
        discussion: "One command at a time writes to a database (ingest, count, embed, skipgram, combine, import-vectors, and a query that has to make a default table or embedding first); others read it freely meanwhile. Without --wait a second writer stops at once and says which process is writing."))
    var wait = false

    var path: String { db ?? CorpusStore.defaultPath() }

    /// Opens the database to read it: never creates or changes it, works on read-only storage.
    /// A database made by an older Firth is upgraded first, as a writer, where it can be.
    func openForReading() throws -> CorpusStore {
        StoreAccess.configure(path: path, wait: wait)
        do {
            return try CorpusStore(path: path, readOnly: true)
        } catch FirthError.olderSchema {
            _ = try openForWriting()
            return try CorpusStore(path: path, readOnly: true)
        }
    }

    /// Opens the database to write it, holding its writer lock until the command ends.
    ///
    /// - Parameter creating: whether the command may create the database (`ingest`,
    ///   `import-vectors`); the others need a corpus, so a mistyped path is an error, not a new file.
    func openForWriting(creating: Bool = false) throws -> CorpusStore {
        StoreAccess.configure(path: path, wait: wait)
        if !creating && !FileManager.default.fileExists(atPath: path) {
            throw FirthError.badInput(location: path, reason: "no such database; create it with `firth ingest FILE... --db \(path)`")
        }
        return try CorpusStore(path: path, waiting: StoreAccess.waiting)
    }
}

/// What the command line chose about writing, for the steps that become writers on their own
/// (a query making a default embedding) and for the messages of errors raised anywhere.
enum StoreAccess {
    /// The database the command works on (for messages), and whether writers wait for the lock.
    nonisolated(unsafe) private(set) static var path: String?
    nonisolated(unsafe) private(set) static var wait = false
    /// Whether the command has --wait (every command with --db but `demo`).
    nonisolated(unsafe) private(set) static var offersWait = false

    static func configure(path: String, wait: Bool, offersWait: Bool = true) {
        Self.path = path
        Self.wait = wait
        Self.offersWait = offersWait
    }

    /// The `waiting` argument of a writer: nil (stop at once) unless --wait was given, else a
    /// message that says who is being waited for.
    static var waiting: (@Sendable (WaitingFor) -> Void)? {
        guard wait, let path else { return nil }
        return { whom in
            switch whom {
            case .firthCommand(let pid):
                printError("waiting for another firth command\(pid.map { " (pid \($0))" } ?? "") to finish writing to \(path)...")
            case .otherProgram:
                printError("waiting for another program (not firth) to release its lock on \(path)...")
            }
        }
    }

    /// Runs `body` with a writer for `store` (itself if it is one), becoming a writer for the
    /// step. `making` says what the step makes, for the message when the database is read-only.
    static func writing<T>(_ store: CorpusStore, making what: String, instead: String,
                           _ body: (CorpusStore) throws -> T) throws -> T {
        do {
            return try store.writing(waiting: waiting, body)
        } catch let FirthError.cannotWrite(path, reason) {
            throw FirthError.invalidOption("\(path) has no \(what) yet, and one cannot be made here: \(reason); \(instead)")
        }
    }
}

extension StoreAccess {
    /// Runs a library step that may make a missing table or embedding; when the database cannot
    /// be written, says what is missing and which command makes it where it can be.
    static func ensuring<T>(making what: String, instead: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let FirthError.cannotWrite(path, reason) {
            throw FirthError.invalidOption("\(path) has no \(what) yet, and one cannot be made here: \(reason); \(instead)")
        }
    }

    /// How the library makes what a query is missing: as a writer that waits if --wait was
    /// given, with progress and a line on stderr for each step unless `quiet`.
    static func missingParts(quiet: Bool) -> MissingParts {
        MissingParts(waiting: waiting, progress: { Progress(label: $0, enabled: !quiet) }, report: { step in
            guard !quiet else { return }
            switch step {
            case let .counting(parameters):
                printError(parameters.subcorpus.map { "no co-occurrence table of '\($0)' yet: counting one with the defaults of `firth count`" }
                           ?? "no co-occurrence table yet: counting one with the defaults of `firth count`")
            case .embedding:
                printError("no embedding yet: making one with the defaults of `firth count` and `firth embed` "
                           + "(its skip-gram part takes minutes on millions of words; `firth embed --method svd` takes seconds)")
            case let .estimate(estimate):
                printError(estimate.sentence)
            case let .stale(table):
                printError("note: '\(table.name)' was counted before the corpus last changed; `firth count` brings it up to date")
            }
        })
    }
}

/// `--format`: human table or data for scripts.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "How to print results: table (for people), json, csv or tsv (for scripts and spreadsheets).",
        valueName: "format"))
    var format: Table.Format = .table

    func print(_ table: Table) {
        Swift.print(table.render(format), terminator: "")
    }
}

/// `--quiet`: no progress line on standard error.
struct ProgressOptions: ParsableArguments {
    @Flag(name: .long, help: "Do not show progress on standard error (progress is shown only on a terminal anyway).")
    var quiet = false

    func progress(_ label: String) -> Progress { Progress(label: label, enabled: !quiet) }
}

extension Table.Format: ExpressibleByArgument {}

extension CorpusStore {
    /// The n-gram model a query command needs: read when the database has a current one, else
    /// made with `parameters` by becoming a writer for that step (see ``StoreAccess``).
    func languageModelForQuery(_ parameters: NGramParameters?, progress: Progress) throws -> LoadedLanguageModel {
        if let current = try currentLanguageModel(parameters) {
            // A model made before its binary image existed: store one now where the database can
            // be written, so the next query loads in one read (else it reads the rows again).
            if !current.fromImage { _ = try? writing { writer in try writer.storeNGramImage(current.model, of: current.table) } }
            return current
        }
        return try StoreAccess.writing(self, making: "n-gram model",
                                       instead: "make one with `firth ngrams --db \(path)` where it can be written") { writer in
            try writer.languageModel(parameters, progress: progress)
        }
    }

    /// The vectors of an embedding a query command reads; one that had no current binary image
    /// (stored before migration 0013, or its corpus has changed since) gets one now where the
    /// database can be written, so the next query loads in one read (else it reads the rows again).
    func wordVectorsForQuery(named name: String) throws -> WordVectors {
        let loaded = try loadWordVectors(named: name)
        if !loaded.fromImage { _ = try? writing { writer in try writer.storeEmbeddingImage(of: loaded.embedding) } }
        return loaded.vectors
    }
}
