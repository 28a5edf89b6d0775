import ArgumentParser
import Foundation
import FirthKit

struct Attend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attend",
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
