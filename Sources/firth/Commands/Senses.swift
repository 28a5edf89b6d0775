import ArgumentParser
import Foundation
import FirthKit

struct Senses: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "senses",
        abstract: "Compare a word's contextual vectors across sentences: one spelling, several senses.",
        discussion: """
        Attends over each context, takes the word's contextual vector in each, and prints the \
        cosine between every pair of contexts and the nearest words of each. A static vector \
        would give cosine 1 everywhere.

        Example:
          firth senses bank "we fished from the river bank" "the bank raised its interest rate"
        """)

    @Argument(help: "The word.") var word: String
    @Argument(help: "Two or more sentences that contain it.") var contexts: [String]

    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "Vectors") var spaceOptions: AttentionSpaceOptions
    @OptionGroup(title: "Attention") var attention: AttentionOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "Neighbours to list per context.")
    var top = 5

    func validate() throws {
        if contexts.count < 2 { throw ValidationError("Give at least two contexts to compare.") }
    }

    func run() throws {
        let store = try store.openForReading()
        for (i, context) in contexts.enumerated() {
            try attention.checkLength(of: context, tokenizer: try store.tokenizer(), what: "context #\(i + 1)")
        }
        let space = try spaceOptions.vectorSpace(in: store)
        let senses = try ContextualSenses(word: word, contexts: contexts,
                                          attention: SentenceAttention(space: space, settings: attention.settings),
                                          tokenizer: try store.tokenizer())
        let neighbors = senses.neighbors(count: top, in: space)
        let staticNeighbors = space.nearestWords(to: senses.staticVector, count: top, excluding: [senses.word])
        var cosines = Table(columns: ["context"] + contexts.indices.map { "#\($0 + 1)" },
                            title: "cosine between the contextual vectors of '\(senses.word)' (static vectors: 1.000)")
        for a in contexts.indices {
            cosines.append([.text("#\(a + 1)")] + contexts.indices.map { .real(Double(senses.cosine(a, $0))) })
        }
        var table = Table(columns: ["context", "sentence", "moved", "neighbors"],
                          title: "'\(senses.word)' in context (in \(space.spaceName))\nmoved: cosine to its static vector; neighbors: nearest words other than the sentence's own")
        table.append([.text("static"), .text(""), .real(1), .text(staticNeighbors.map(\.word).joined(separator: " "))])
        for (i, context) in senses.contexts.enumerated() {
            table.append([.text("#\(i + 1)"), .text(context.sentence),
                          .real(Double(dot(senses.staticVector, context.vector))),
                          .text(neighbors[i].map(\.word).joined(separator: " "))])
        }
        output.print(table)
        if output.format == .table { print(""); output.print(cosines) }
    }

    private func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
}
