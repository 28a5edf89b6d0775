import ArgumentParser
import FirthKit

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show the size of the corpus: documents, tokens, types, sentences.",
        discussion: "Types are distinct words; tokens are running words. Their ratio is a first look at vocabulary richness.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: "List every document with its token and sentence counts.")
    var documents = false

    func run() throws {
        let store = try store.openForReading()
        if documents {
            output.print(Table(try store.documents()))
            return
        }
        let stats = try store.statistics()
        var table = Table(columns: ["collection", "documents", "tokens"], title: "corpus '\(stats.name)' in \(store.path)")
        for c in stats.collections { table.append([.text(c.name), .integer(c.documents), .integer(c.tokens)]) }
        if output.format == .table {
            var totals = Table(columns: ["measure", "value"], title: "corpus '\(stats.name)' in \(store.path)")
            totals.append([.text("documents"), .integer(stats.documents)])
            totals.append([.text("tokens"), .integer(stats.tokens)])
            totals.append([.text("types"), .integer(stats.types)])
            totals.append([.text("sentences"), .integer(stats.sentences)])
            output.print(totals)
            if stats.collections.count > 1 { print(""); table.title = nil; output.print(table) }
        } else {
            var totals = Table(columns: ["documents", "tokens", "types", "sentences"])
            totals.append([.integer(stats.documents), .integer(stats.tokens), .integer(stats.types), .integer(stats.sentences)])
            output.print(totals)
        }
    }
}
