import ArgumentParser
import Foundation
import FirthKit

struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count how often words occur near each other, as SQL aggregates in the database.",
        discussion: """
        Makes a co-occurrence table: for every word and every neighbour within the window, how often \
        they meet. The table is stored with its parameters (see `firth spaces`); counting again with \
        the same parameters on an unchanged corpus reuses it, and a corpus that gained documents is \
        counted again from scratch.

        Example: firth count --window 2 --weighting harmonic
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "Counting") var counting: CountOptions

    @Option(name: .long, help: ArgumentHelp("Name of the table (default: spelled from the parameters, e.g. w6.both.harmonic.document.min5).", valueName: "name"))
    var name: String?

    @Flag(name: .long, help: "Count again even if an identical, current table exists.")
    var force = false

    @Option(name: .long, help: ArgumentHelp(
        "Count only the documents of this subcorpus (see `firth subcorpus`).",
        discussion: "Frequencies (--min-count, --subsample) are the subcorpus's own, as if its documents were the whole corpus; the table's name ends in @NAME, so it sits beside the whole corpus's table (`firth embed --space NAME` makes its vectors).",
        valueName: "name"))
    var subcorpus: String?

    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        let store = try store.openForWriting()
        let counter = CooccurrenceCounter(store: store, progress: progressOptions.progress("count"))
        var parameters = counting.parameters
        parameters.subcorpus = subcorpus
        let (table, reused) = try counter.count(parameters, name: name, force: force)
        if !progressOptions.quiet {
            if reused {
                printError("reused the stored table '\(table.name)' (same parameters, unchanged corpus); --force counts again")
            } else {
                printError(String(format: "counted '%@': %d words, %d non-zero pairs, total %.0f, in %.2f s",
                                  table.name, table.vocabularySize, table.nonzeroCount, table.total, table.seconds))
            }
        }
    }
}

struct Spaces: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the stored co-occurrence tables (and embeddings) with their parameters.",
        discussion: "Each is a 'space' of word vectors; pass its name to --space in the query commands.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try store.openForReading()
        var table = Table(columns: ["name", "kind", "words", "nonzero", "total", "seconds", "created", "status"])
        for t in try store.cooccurrenceTables() {
            table.append([.text(t.name), .text("counts"), .integer(t.vocabularySize), .integer(t.nonzeroCount),
                          .real(t.total, digits: 0), .real(t.seconds, digits: 2), .text(t.createdAt),
                          .text(t.isStale ? "stale: corpus changed" : "current")])
        }
        let tables = Dictionary(uniqueKeysWithValues: try store.cooccurrenceTables().map { ($0.id, $0) })
        for e in try store.embeddings() {
            let status: String
            if e.source == "import" { status = "imported" }
            else if e.source == "sgns" { status = e.isStale ? "stale: corpus changed" : "trained on the corpus" }
            else if e.source == "concat" { status = "combined" }
            else if let id = e.tableID, let t = tables[id] { status = t.isStale ? "stale: corpus changed" : "from \(t.name)" }
            else { status = "its counts were deleted" }
            table.append([.text(e.name), .text("vectors \(e.dimensions)d"), .integer(e.vocabularySize), .empty,
                          .empty, .real(e.seconds, digits: 2), .text(e.createdAt), .text(status)])
        }
        output.print(table)
    }
}
