import ArgumentParser
import FirthKit

/// What a query of one co-occurrence table reads, how it scores and how it prints: the options
/// `cooccurrence` and `collocates` share (`--db`, `--space`, `--subcorpus`, the association
/// measure, `--format`).
struct TableQueryOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var space: SpaceOptions
    @OptionGroup(title: "Association") var association: AssociationOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp(
        "Use the counts of this subcorpus only (its most recent table; counted with the defaults of `firth count` if it has none).",
        valueName: "name"))
    var subcorpus: String?

    /// The store, opened for reading, and the table to query: the one named by `--space`, or
    /// the most recent of the corpus or of `--subcorpus`, counted with defaults when there is none.
    func table() throws -> (store: CorpusStore, table: CooccurrenceTable) {
        let store = try store.openForReading()
        return (store, try SpaceOptions.table(named: space.space, subcorpus: subcorpus, in: store))
    }
}
