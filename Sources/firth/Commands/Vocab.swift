import ArgumentParser
import FirthKit

struct Vocab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocab",
        abstract: "List words by frequency: rank, word, count, count per million tokens.",
        discussion: "Frequency falls off as a power of rank (Zipf's law): a few words make up most of any text.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Show only the N most frequent words.")
    var top: Int?

    @Option(name: .long, help: "Leave out words seen fewer than K times (later stages use the same cut-off to drop rare, noisy words).")
    var minCount = 1

    @Option(name: .long, help: ArgumentHelp("Count only the documents of this subcorpus (see `firth subcorpus`).", valueName: "name"))
    var subcorpus: String?

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1.") }
        if minCount < 1 { throw ValidationError("--min-count must be at least 1.") }
    }

    func run() throws {
        let store = try store.openForReading()
        if let subcorpus {
            output.print(Table(try store.vocabulary(top: top, minCount: minCount, in: try store.subcorpus(named: subcorpus))))
        } else {
            output.print(Table(try store.vocabulary(top: top, minCount: minCount)))
        }
    }
}
