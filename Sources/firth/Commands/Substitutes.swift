import ArgumentParser
import Foundation
import FirthKit

struct Substitutes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "substitutes",
        abstract: "The words that could stand in a word's place in a sentence, given the words on both sides.",
        discussion: """
        A next-word model reads only the left side of a gap. Substitutes also ask the right side: \
        every vocabulary word w is put in the focus word's place, and the n-gram model scores the \
        left side predicting w and w predicting the words after it (Yuret 2012, "FASTSUBS"):

          P(w | left, right) ∝ P(w | left) · Π_j P(right_j | … w …)    j = 1 … N−1

        normalized over the vocabulary (<s>, </s> and <unk> left out; the focus word itself is a \
        candidate and often ranks high). Columns: probability = P(w | left, right); left only = \
        P(w | left) over the same words, and its rank: what the right side added. In "the river \
        bank flooded" the left side expects anything that follows "river"; "flooded" keeps the words \
        that flood.

        The substitutes describe the occurrence, not the word: two uses of "bank" with different \
        substitutes are different senses. Baskaya et al. (2013) induce word senses from these \
        substitute vectors; `firth evaluate --senses` scores them beside uniform averaging and \
        attention.

        Longer n-grams (--order 4 or 5) read more of each side, but on a corpus of a few million \
        words most 4-grams are unseen and the model backs off anyway. An unknown focus word still \
        has substitutes: they come from its context alone.

        Examples:
          firth substitutes "the river bank flooded" --focus bank
          firth substitutes "the bank approved the loan" --focus bank --top 5
          firth substitutes "the light of the moon" --focus light --left-only
          firth substitutes "he saw that he was right" --focus he --occurrence 2 --format json
        """)

    @Argument(help: "The sentence (tokenized as the corpus was; read as one sentence of the model).")
    var sentence: String

    @Option(name: .long, help: ArgumentHelp("The word whose place is asked about (a word of the sentence).", valueName: "word"))
    var focus: String

    @Option(name: .long, help: ArgumentHelp(
        "Which occurrence of the focus word, when it appears more than once (1 = the first).", valueName: "n"))
    var occurrence = 1

    @Option(name: .long, help: "How many substitutes to list.")
    var top = 10

    @Flag(name: .long, help: ArgumentHelp(
        "Read only the words before the gap: the next-word distribution, without the right side's say.",
        discussion: "Useful to compare: the 'left only' column shows the same numbers beside the full ones."))
    var leftOnly = false

    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "The n-gram model") var ngramOptions: NGramOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if sentence.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("The sentence is empty; give one that contains the focus word, e.g. \"the river bank flooded\".")
        }
        if focus.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--focus is empty; name a word of the sentence.")
        }
        if top < 1 { throw ValidationError("--top must be at least 1 (got \(top)).") }
        if occurrence < 1 { throw ValidationError("--occurrence must be at least 1 (got \(occurrence)).") }
    }

    func run() throws {
        let store = try store.openForReading()
        let tokenizer = try store.tokenizer()
        let focusWords = tokenizer.words(focus)
        guard focusWords.count == 1, let word = focusWords.first else {
            throw FirthError.invalidOption(focusWords.isEmpty
                ? "--focus '\(focus)' has no word the corpus tokenizer keeps."
                : "--focus '\(focus)' is \(focusWords.count) words (\(focusWords.joined(separator: " "))); name one word.")
        }
        let sentences = SentenceSplitter(tokenizer: tokenizer).sentences(in: sentence)
        guard !sentences.isEmpty else {
            throw FirthError.invalidOption("the sentence '\(sentence)' has no words the corpus tokenizer keeps.")
        }
        // The occurrence-th use of the word, and the sentence it is in.
        let uses = sentences.indices.flatMap { s in sentences[s].indices.filter { sentences[s][$0] == word }.map { (s, $0) } }
        guard !uses.isEmpty else {
            throw FirthError.invalidOption("'\(word)' is not a word of the sentence (its words: \(sentences.joined().joined(separator: " "))).")
        }
        guard occurrence <= uses.count else {
            throw FirthError.invalidOption("'\(word)' occurs \(uses.count) time\(uses.count == 1 ? "" : "s") in the sentence; --occurrence must be 1 to \(uses.count) (got \(occurrence)).")
        }
        let (s, position) = uses[occurrence - 1]
        let words = sentences[s]

        let ngram = try loadNGram(ngramOptions, store: store, progress: progressOptions)
        if !progressOptions.quiet {
            if !ngram.contains(word) {
                printError("'\(word)' is not in the model's vocabulary: its substitutes come from the words around it alone")
            }
            let unknown = words.enumerated().filter { $0.offset != position && !ngram.contains($0.element) }.map(\.element)
            if !unknown.isEmpty {
                printError("not in the model's vocabulary, read as <unk>: \(unknown.joined(separator: ", "))")
            }
        }
        let model = SubstituteModel(ngram: ngram, rightContext: !leftOnly)
        let distribution = model.distribution(sentence: ngram.ids(of: words), focus: position)
        let marked = words.enumerated().map { $0.offset == position ? "[\($0.element)]" : $0.element }.joined(separator: " ")
        let sides = leftOnly ? "left side only" : "both sides"
        var table = Table(columns: ["rank", "word", "probability", "left only", "left rank"],
                          title: "substitutes for \(marked) (\(ngram.order)-gram, \(sides); over \(model.candidates.count) words)")
        for (i, c) in distribution.top(top).enumerated() {
            table.append([.integer(i + 1), .text(c.word), .real(c.probability, digits: 5),
                          .real(c.leftProbability, digits: 5), .integer(c.leftRank)])
        }
        output.print(table)
    }
}
