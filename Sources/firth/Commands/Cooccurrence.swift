import ArgumentParser
import FirthKit

struct Cooccurrence: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cooccurrence",
        abstract: "Show counts or association between chosen words, as a small matrix.",
        discussion: """
        Rows are words, columns their contexts. Example:
          firth cooccurrence river water loan money bank
        shows that river pairs with water, not with loan.
        """)

    @Argument(help: "Two or more words.")
    var words: [String]

    @OptionGroup var query: TableQueryOptions

    @Flag(name: .long, help: "Show raw counts (the same as --measure count).")
    var counts = false

    func validate() throws {
        if words.count < 2 { throw ValidationError("Give at least two words.") }
    }

    func run() throws {
        let (store, table) = try query.table()
        query.output.print(Table(try store.cooccurrenceMatrix(of: words, in: table, measure: counts ? .count : query.association.measure,
                                                              smoothing: query.association.smoothing)))
    }
}
