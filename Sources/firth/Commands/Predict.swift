import ArgumentParser
import Foundation
import FirthKit

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "The next-word table after a prompt: the n-gram's view, the meaning of the whole history, and both combined.",
        discussion: """
        An n-gram model sees only the last few words. The context model also weighs every candidate \
        by how well its word vector fits the vector of the whole prompt (h, the frequency-weighted \
        mean of its words' vectors, as `firth attend` mixes them), and adds a cache of the prompt's \
        own words:

          P(w) ∝ P_ngram(w) · exp(β · fit(w)),  then  (1 − λ) · that + λ · cache(w)

        fit(w) is cos(v_w, h) minus w's cosine with the corpus's mean direction, so frequent words are \
        not favoured after every prompt. Columns: ngram = P_ngram(w); fit; factor = exp(β·fit)/Z, \
        what the semantic term multiplied the n-gram probability by; cache; combined = the final \
        probability; clue = the prompt word whose vector supports w most. The whole distribution sums \
        to 1 over the vocabulary, </s> (the end of the sentence) and <unk> included.

        A prompt that ends with . ! or ? asks for the first word of a new sentence.

        Examples:
          firth predict "we fished from the river bank and the"
          firth predict "the bank approved the loan and the" --top 5 --beta 0
          firth predict "in the beginning" --order 4 --format json
        """)

    @Argument(help: "The text to continue (tokenized as the corpus was).")
    var prompt: String

    @Option(name: .long, help: "How many candidates to list.")
    var top = 10

    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "The n-gram model") var ngramOptions: NGramOptions
    @OptionGroup(title: "The context") var contextOptions: ContextOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("The prompt is empty; give some text to continue, e.g. \"the river\".")
        }
        if top < 1 { throw ValidationError("--top must be at least 1 (got \(top)).") }
    }

    func run() throws {
        let store = try store.openForReading()
        let ngram = try loadNGram(ngramOptions, store: store, progress: progressOptions)
        let state = try readPrompt(prompt, store: store, model: ngram, quiet: progressOptions.quiet)
        let model = try contextOptions.model(ngram, in: store, quiet: progressOptions.quiet)
        let (candidates, total) = model.nextWords(after: state, top: top)
        let title = "next word after '\(prompt)' (\(ngram.order)-gram + context of \(model.vectorsName); β \(model.settings.beta), λ \(model.settings.cacheWeight); the distribution sums to \(String(format: "%.6f", total)))"
        var table = Table(columns: ["rank", "word", "ngram", "fit", "factor", "cache", "combined", "clue"], title: title)
        for (i, c) in candidates.enumerated() {
            table.append([.integer(i + 1), .text(c.word), .real(c.ngram, digits: 5), .real(c.fit, digits: 3),
                          .real(c.contextFactor, digits: 3), .real(c.cache, digits: 4), .real(c.combined, digits: 5),
                          .text(c.clue ?? "")])
        }
        output.print(table)
    }
}
