import ArgumentParser
import Foundation
import FirthKit

struct NGrams: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ngrams",
        abstract: "Count n-grams as SQL aggregates, estimate a Kneser-Ney language model, list frequent n-grams.",
        discussion: """
        Counts every sequence of 1 to --order words inside the sentences (each between <s> and </s>), \
        then estimates interpolated modified Kneser-Ney probabilities in SQL, the estimator of KenLM's \
        lmplz. The model is stored with its parameters; asking again with the same parameters on an \
        unchanged corpus reuses it. Read it with sqlite3 (the ngram_words view), measure it with \
        `firth perplexity`, write it as an ARPA file with `firth export lm`.

        Then lists the most frequent n-grams ("clusters" in AntConc), filtered by a word they contain \
        or start with. Examples:
          firth ngrams --size 3 --containing lord
          firth ngrams --order 4 --size 2 --starts-with the --min-frequency 50 --format csv
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "The model") var model: NGramOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "List n-grams of N words (default: the model's order).")
    var size: Int?

    @Option(name: .long, help: "List only n-grams that contain this word.")
    var containing: String?

    @Option(name: .long, help: "List only n-grams that start with this word.")
    var startsWith: String?

    @Option(name: .long, help: "Leave out n-grams seen fewer than K times.")
    var minFrequency = 1

    @Option(name: .long, help: "Show the N most frequent.")
    var top = 20

    @Flag(name: .long, help: "Also list n-grams with the sentence markers <s> and </s>.")
    var markers = false

    @Option(name: .long, help: ArgumentHelp(
        "Count only the documents of this subcorpus (see `firth subcorpus`).",
        discussion: "The model is named after it (…@NAME), records it, and is dropped with it; a --hold-out is drawn among its documents. Other commands use a subcorpus's model only when it is named, never by default.",
        valueName: "name"))
    var subcorpus: String?

    @Flag(name: .long, help: "Count and estimate again even if an identical, current model exists.")
    var force = false

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1.") }
        if let size, !(1...model.order).contains(size) {
            throw ValidationError("--size must be between 1 and --order (\(model.order)); got \(size).")
        }
    }

    func run() throws {
        let store = try store.openForWriting()
        let counter = NGramCounter(store: store, progress: progressOptions.progress("ngrams"))
        var parameters = try model.parameters
        parameters.subcorpus = subcorpus
        let (table, reused) = try counter.count(parameters, force: force)
        if !progressOptions.quiet {
            if reused {
                printError("reused the stored model '\(table.name)' (same parameters, unchanged corpus); --force makes it again")
            } else {
                let counts = table.ngramCounts.map { $0.formatted() }.joined(separator: " / ")
                printError(String(format: "made '%@': %@ n-grams of orders 1-%d from %d sentences, in %.2f s",
                                  table.name, counts, table.parameters.order, table.sentences, table.seconds))
            }
        }
        let size = size ?? table.parameters.order
        var list = Table(columns: ["ngram", "count", "probability"])
        for entry in try store.frequentNGrams(in: table, size: size, containing: containing, startingWith: startsWith,
                                              minimumCount: minFrequency, limit: top, markers: markers) {
            list.append([.text(entry.words.joined(separator: " ")), .integer(entry.count), .real(entry.probability, digits: 4)])
        }
        output.print(list)
    }
}
