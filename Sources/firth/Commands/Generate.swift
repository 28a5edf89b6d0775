import ArgumentParser
import Foundation
import FirthKit

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Continue a prompt word by word from the n-gram model with context (seeded, reproducible).",
        discussion: """
        Each word is drawn from the same distribution `firth predict` lists, after the prompt and the \
        words generated so far; a sentence end (</s>) is printed as a full stop. <unk> is never drawn.

        --temperature reshapes the distribution before drawing: 1 draws as the model says, lower \
        values favour likely words (0: always the most likely, greedy), higher values flatten it. \
        --top-k and --top-p draw only among the most likely words (the k best; the fewest whose \
        probabilities add up to p). The same prompt, model, knobs and --seed give the same words.

        Examples:
          firth generate "the river" --words 20 --seed 7
          firth generate "the bank approved the loan" --words 12 --temperature 0 --explain
          firth generate "in the beginning" --words 50 --top-p 0.9 --stop-at-sentence-end
        """)

    @Argument(help: "The text to continue (tokenized as the corpus was).")
    var prompt: String

    @Option(name: .long, help: "How many words to generate (a sentence end counts as one).")
    var words = 20

    @Option(name: .long, help: "Sharpen (< 1) or flatten (> 1) the distribution; 0 always takes the most likely word.")
    var temperature = 1.0

    @Option(name: .customLong("top-k"), help: "Draw only among the K most likely words.")
    var topK: Int?

    @Option(name: .customLong("top-p"), help: "Draw only among the most likely words whose probabilities add up to P (0 < P ≤ 1).")
    var topP: Double?

    @Option(name: .long, help: "Seed of the draws.")
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Stop at the first sentence end.")
    var stopAtSentenceEnd = false

    @Flag(name: .long, help: "Show each generated word's n-gram probability, context factor, cache share, combined probability and clue.")
    var explain = false

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "The n-gram model's order (its longest n-gram, 1 to 5); see `firth ngrams`.")
    var order = 3

    @Option(name: .long, help: "The n-gram model's min-count: rarer training words count as <unk>; see `firth ngrams`.")
    var minCount = 1
    @OptionGroup(title: "The context") var contextOptions: ContextOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var progressOptions: ProgressOptions

    var sampling: SamplingSettings {
        var s = SamplingSettings()
        s.temperature = temperature
        s.topK = topK
        s.topP = topP
        s.seed = seed
        s.stopAtSentenceEnd = stopAtSentenceEnd
        return s
    }

    func validate() throws {
        if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("The prompt is empty; give some text to continue, e.g. \"the river\".")
        }
        if !(1...NGramParameters.maximumOrder).contains(order) { throw ValidationError("--order must be between 1 and \(NGramParameters.maximumOrder) (got \(order)).") }
        if minCount < 1 { throw ValidationError("--min-count must be at least 1 (got \(minCount)).") }
        if words < 1 { throw ValidationError("--words must be at least 1 (got \(words)).") }
        if !(temperature >= 0) { throw ValidationError("--temperature must be 0 or more (got \(temperature)).") }
        if let topK, topK < 1 { throw ValidationError("--top-k must be at least 1 (got \(topK)).") }
        if let topP, !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be above 0 and at most 1 (got \(topP)).") }
    }

    func run() throws {
        let store = try store.openForReading()
        let ngram = try loadNGram(NGramParameters(order: order, minCount: minCount), store: store, progress: progressOptions)
        let state = try readPrompt(prompt, store: store, model: ngram, quiet: progressOptions.quiet)
        let model = try contextOptions.model(ngram, in: store, quiet: progressOptions.quiet)
        let generated = model.generate(after: state, count: words, sampling: sampling)
        if output.format == .table && !explain {
            var text = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
            for g in generated { text += g.endsSentence ? "." : " " + g.candidate.word }
            print(text)
            return
        }
        var table = Table(columns: ["step", "word", "ngram", "fit", "factor", "cache", "combined", "clue"],
                          title: "continuing '\(prompt)' (\(ngram.order)-gram + context of \(model.vectorsName); β \(model.settings.beta), λ \(model.settings.cacheWeight); seed \(seed))")
        for (i, g) in generated.enumerated() {
            let c = g.candidate
            table.append([.integer(i + 1), .text(c.word), .real(c.ngram, digits: 5), .real(c.fit, digits: 3),
                          .real(c.contextFactor, digits: 3), .real(c.cache, digits: 4), .real(c.combined, digits: 5),
                          .text(c.clue ?? "")])
        }
        output.print(table)
    }
}
