import ArgumentParser
import Foundation
import FirthKit

struct Attend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run parameter-free self-attention over a sentence: static vectors become contextual.",
        discussion: """
        Each word scores every other word of the sentence by cosine, turns the scores into weights \
        that sum to 1 (softmax), and adds the weighted mix of their vectors to its own. The same \
        arithmetic as a transformer's attention, with no learned weights: "bank" next to "river" \
        moves toward water, next to "loan" toward money.

        Examples:
          firth attend "we fished from the river bank" --focus bank
          firth attend "the bank approved the loan" --mode hard
          firth attend "the bank approved the loan" --format json
        """)

    @Argument(help: "The sentence (tokenized as the corpus was).")
    var sentence: String

    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "Vectors") var spaceOptions: AttentionSpaceOptions
    @OptionGroup(title: "Attention") var attention: AttentionOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Show neighbours before and after attention for this word only (default: every word).", valueName: "word"))
    var focus: String?

    @Option(name: .long, help: "Neighbours to list before and after attention.")
    var top = 5

    @Flag(name: .long, help: "With --format csv/tsv: print the contextual vectors instead of the attention weights.")
    var vectors = false

    func run() throws {
        let store = try store.openForReading()
        let tokenizer = try store.tokenizer()
        try attention.checkLength(of: sentence, tokenizer: tokenizer)   // before the vectors load
        let space = try spaceOptions.vectorSpace(in: store)
        let result = SentenceAttention(space: space, settings: attention.settings).attend(tokenizer.words(sentence))
        guard !result.positions.isEmpty else {
            throw FirthError.badInput(location: "sentence", reason: "no word of '\(sentence)' is in the vocabulary")
        }
        let focusWord = try focus.map { try store.normalize($0) }
        if let focusWord, !result.words.contains(focusWord) {
            throw FirthError.badInput(location: "--focus", reason: "'\(focusWord)' is not a word of the sentence with a vector (words: \(result.words.joined(separator: " ")))")
        }
        let report = AttentionReport(result: result, space: space, settings: attention.settings)
        switch output.format {
        case .table: print(report.text(focus: focusWord, neighbors: top), terminator: "")
        case .json: print(report.json(), terminator: "")
        case .csv, .tsv: output.print(vectors ? report.vectorTable() : report.weightTable())
        }
    }
}

struct Senses: ParsableCommand {
    static let configuration = CommandConfiguration(
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
