import ArgumentParser
import FirthKit

struct Cooccurrence: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show counts or association between chosen words, as a small matrix.",
        discussion: """
        Rows are words, columns their contexts. Example:
          firth cooccurrence river water loan money bank
        shows that river pairs with water, not with loan.
        """)

    @Argument(help: "Two or more words.")
    var words: [String]

    @OptionGroup var store: StoreOptions
    @OptionGroup var space: SpaceOptions
    @OptionGroup(title: "Association") var association: AssociationOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp(
        "Use the counts of this subcorpus only (its most recent table; counted with the defaults of `firth count` if it has none).",
        valueName: "name"))
    var subcorpus: String?

    @Flag(name: .long, help: "Show raw counts (the same as --measure count).")
    var counts = false

    func validate() throws {
        if words.count < 2 { throw ValidationError("Give at least two words.") }
    }

    func run() throws {
        let store = try store.openForReading()
        let table = try SpaceOptions.table(named: space.space, subcorpus: subcorpus, in: store)
        output.print(Table(try store.cooccurrenceMatrix(of: words, in: table, measure: counts ? .count : association.measure,
                                                        smoothing: association.smoothing)))
    }
}
