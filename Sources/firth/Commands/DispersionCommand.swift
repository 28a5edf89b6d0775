import ArgumentParser
import FirthKit

struct DispersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispersion",
        abstract: "Show how evenly words spread over the documents: document frequency, Juilland's D, Gries' DP.",
        discussion: """
        Two words of the same frequency can be used everywhere or in one document only (a \
        character's name). With n documents, v_i the word's occurrences in document i and s_i the \
        document's share of all tokens:
          documents   in how many documents the word occurs
          juilland_d  1 - V/sqrt(n-1), V the coefficient of variation (population sd / mean) of
                      v_i / size_i: 1 = perfectly even, 0 = all in one document (Juilland 1964)
          dp          Gries' deviation of proportions, 1/2 sum |v_i/f - s_i| (Gries 2008): 0 = spread
                      exactly as the documents' sizes predict, towards 1 = concentrated
          dp_norm     DP / (1 - min s_i) (Lijffijt & Gries 2012): 1 = all in the smallest document
        With --subcorpus the parts are that subcorpus's documents. --per-document lists the \
        counts behind the figures (the data of a dispersion plot).

        Examples:
          firth dispersion whale ahab sea
          firth dispersion war peace --subcorpus modern --per-document --format csv
        """)

    @Argument(help: "The words.")
    var words: [String]

    @Option(name: .long, help: ArgumentHelp("Only the documents of this subcorpus (see `firth subcorpus`).", valueName: "name"))
    var subcorpus: String?

    @Flag(name: .long, help: "List each document's length and each word's occurrences in it instead of the measures.")
    var perDocument = false

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let (documents, measures) = try store.openForReading().dispersion(of: words, in: subcorpus)
        if perDocument {
            var table = Table(columns: ["document", "source", "tokens"] + measures.map(\.word))
            for (i, document) in documents.enumerated() {
                table.append([.integer(Int(document.documentID)), .text(document.source), .integer(document.tokens)]
                             + measures.map { .integer($0.counts[i]) })
            }
            output.print(table)
            return
        }
        var table = Table(columns: ["word", "frequency", "documents", "of", "juilland_d", "dp", "dp_norm"],
                          title: "dispersion over \(documents.count) documents" + (subcorpus.map { " of \($0)" } ?? ""))
        for m in measures {
            table.append([.text(m.word), .integer(m.frequency), .integer(m.documentFrequency), .integer(m.parts),
                          m.juillandD.map { .real($0, digits: 3) } ?? .empty, m.dp.map { .real($0, digits: 3) } ?? .empty,
                          m.dpNorm.map { .real($0, digits: 3) } ?? .empty])
        }
        output.print(table)
    }
}
