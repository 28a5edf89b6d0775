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
