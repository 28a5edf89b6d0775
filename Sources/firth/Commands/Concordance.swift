import ArgumentParser
import FirthKit

struct Concordance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concordance",
        abstract: "Show each occurrence of a word with the text around it (keyword in context).",
        discussion: "Reading a word's contexts is what counting summarizes: the company a word keeps.")

    @Argument(help: "The word to look up.")
    var word: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Characters of context on each side.")
    var width = 40

    @Option(name: .long, help: ArgumentHelp(
        "Show at most N occurrences (0 for all).",
        discussion: "The corpus is read in order only as far as the N-th occurrence, so a small limit answers at once on any corpus; 0 reads it all."))
    var limit = 25

    @Option(name: .long, help: ArgumentHelp("Show only occurrences in the documents of this subcorpus (see `firth subcorpus`).", valueName: "name"))
    var subcorpus: String?

    func validate() throws {
        if width < 1 { throw ValidationError("--width must be at least 1.") }
        if limit < 0 { throw ValidationError("--limit must be 0 (all) or more.") }
    }

    func run() throws {
        let store = try store.openForReading()
        let lines = try store.concordance(of: word, width: width, limit: limit == 0 ? nil : limit,
                                          in: try subcorpus.map { try store.subcorpus(named: $0) })
        if output.format == .table {
            for line in lines {
                let pad = String(repeating: " ", count: max(0, width - line.left.count))
                print("\(pad)\(line.left)  [\(line.keyword)]  \(line.right)")
            }
            if lines.isEmpty { print("(no occurrences)") }
            return
        }
        var table = Table(columns: ["source", "position", "left", "keyword", "right"])
        for line in lines {
            table.append([.text(line.source), .integer(line.position), .text(line.left), .text(line.keyword), .text(line.right)])
        }
        output.print(table)
    }
}
