import ArgumentParser
import Foundation
import FirthKit

/// The knobs of the context model: `--beta`, `--history`, `--cache-weight`, `--cache-length`, `--embedding`.
struct ContextOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "β, the weight of the semantic term: how strongly a candidate's fit to the history's meaning moves its probability.",
        discussion: "0 turns the term off (the n-gram model, plus the cache). Larger values trust the word vectors more; too large and the n-gram's grammar is overruled by topic. The default was fitted on a development split (BENCHMARKS.md).",
        valueName: "B"))
    var beta: Double?

    @Option(name: .long, help: ArgumentHelp(
        "How many of the most recent history words are mixed into the history's vector h.",
        valueName: "words"))
    var history: Int?

    @Option(name: .long, help: ArgumentHelp(
        "λ, the share of the cache: the probability that the next word repeats a word of the recent text.",
        discussion: "0 turns the cache off. Texts repeat their own words (names, topics) far more often than an n-gram counted on other texts expects.",
        valueName: "L"))
    var cacheWeight: Double?

    @Option(name: .long, help: ArgumentHelp("How many words before the sentence the cache remembers.", valueName: "words"))
    var cacheLength: Int?

    @OptionGroup var vectorOptions: VectorOptions

    var settings: ContextLanguageModel.Settings {
        var s = ContextLanguageModel.Settings()
        if let beta { s.beta = beta }
        if let history { s.historyLength = history }
        if let cacheWeight { s.cacheWeight = cacheWeight }
        if let cacheLength { s.cacheLength = cacheLength }
        return s
    }

    func validate() throws {
        if let beta, !(beta >= 0) { throw ValidationError("--beta must be 0 or more (got \(beta)); 0 is the plain n-gram model.") }
        if let history, history < 1 { throw ValidationError("--history must be at least 1 word (got \(history)).") }
        if let cacheWeight, !(cacheWeight >= 0 && cacheWeight < 1) { throw ValidationError("--cache-weight must be at least 0 and below 1 (got \(cacheWeight)).") }
        if let cacheLength, cacheLength < 1 { throw ValidationError("--cache-length must be at least 1 word (got \(cacheLength)).") }
    }

    /// The context model over `ngram`, with the chosen embedding's vectors.
    func model(_ ngram: NGramModel, in store: CorpusStore, quiet: Bool) throws -> ContextLanguageModel {
        let settings = self.settings
        try settings.validate()
        return ContextLanguageModel(ngram: ngram, vectors: try vectorOptions.vectors(in: store, quiet: quiet), settings: settings)
    }
}

/// Reads a prompt for `predict` and `generate`: clear errors for an empty one, a note for unknown words.
func readPrompt(_ prompt: String, store: CorpusStore, model: NGramModel, quiet: Bool) throws -> PromptState {
    let trimmed = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
    let splitter = SentenceSplitter(tokenizer: try store.tokenizer())
    let sentences = splitter.sentences(in: trimmed)
    guard sentences.contains(where: { !$0.isEmpty }) else {
        throw ValidationError("The prompt '\(prompt)' has no words; give some text to continue, e.g. \"the river\".")
    }
    let endsSentence = trimmed.last.map { ".!?…".contains($0) } ?? false
    let state = PromptState(sentences: sentences, endsSentence: endsSentence, model: model)
    if !quiet {
        if state.knowsNothing {
            printError("no word of the prompt is in the model's vocabulary (\(state.unknownWords.joined(separator: ", "))): predicting from <s>, the start of a sentence")
        } else if !state.unknownWords.isEmpty {
            printError("not in the model's vocabulary, read as <unk>: \(state.unknownWords.joined(separator: ", "))")
        }
    }
    if state.knowsNothing {
        return PromptState(sentences: [], endsSentence: true, model: model)
    }
    return state
}

/// Loads (or makes, saying so) the n-gram model for `predict` and `generate`.
func loadNGram(_ options: NGramOptions, store: CorpusStore, progress: ProgressOptions) throws -> NGramModel {
    try loadNGram(try options.parameters, store: store, progress: progress)
}

func loadNGram(_ parameters: NGramParameters, store: CorpusStore, progress: ProgressOptions) throws -> NGramModel {
    let loaded = try store.languageModelForQuery(parameters, progress: progress.progress("ngrams"))
    if loaded.made && !progress.quiet {
        printError(String(format: "the database had no current n-gram model '%@': made it now (%.2f s)",
                          loaded.table.name, loaded.table.seconds))
    }
    return loaded.model
}
