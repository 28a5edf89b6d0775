import ArgumentParser
import FirthKit

struct Collocates: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collocates",
        abstract: "List the words most strongly associated with a word (its collocates).",
        discussion: """
        Scores every word seen near WORD by the chosen association measure, computed in SQL from a \
        co-occurrence table. Example: firth collocates river --measure logdice --top 10
        """)

    @Argument(help: "The word whose company to list.")
    var word: String

    @OptionGroup var query: TableQueryOptions

    @Option(name: .long, help: "Show the N strongest collocates.")
    var top = 20

    @Option(name: .long, help: ArgumentHelp(
        "Leave out pairs seen fewer than K times.",
        discussion: "PMI rewards rare pairs; a pair seen once is mostly chance. Raise K to see reliable collocates."))
    var minCount = 2.0

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1.") }
    }

    func run() throws {
        let (store, table) = try query.table()
        query.output.print(Table(try store.collocates(of: word, in: table, measure: query.association.measure,
                                                      smoothing: query.association.smoothing, minCount: minCount, top: top)))
    }
}
