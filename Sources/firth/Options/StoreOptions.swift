import ArgumentParser
import FirthKit

/// `--db`: which corpus database a command reads or writes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The corpus database (a SQLite file).",
        discussion: "Default: $FIRTH_DB, else ./firth.sqlite. Keep one file per corpus; open it with sqlite3 to query it directly.",
        valueName: "file"))
    var db: String?

    var path: String { db ?? CorpusStore.defaultPath() }

    func open(readOnly: Bool = false) throws -> CorpusStore {
        try CorpusStore(path: path, readOnly: readOnly)
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
