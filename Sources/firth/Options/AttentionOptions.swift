import ArgumentParser
import Foundation
import FirthKit

/// The knobs of parameter-free self-attention, shared by `attend`, `senses` and `export attention`.
struct AttentionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Softmax temperature τ: scores are cosine/τ.",
        discussion: "On the cosine scale: with τ = 0.2 a context word 0.2 more similar gets e ≈ 2.7 times the weight. Lower τ sharpens the weights toward the best clue; higher τ evens them out toward uniform averaging. The transformer's 1/√d makes attention nearly hard on cosines and scored lower on Word-in-Context and on labelled senses (Corpora/senses) for every embedding tried; 0.2 scored best on the two together (BENCHMARKS.md).",
        valueName: "τ"))
    var temperature = 0.2

    @Flag(name: .long, inversion: .prefixedNo, help: ArgumentHelp(
        "Leave each word's own position out of its attention (default on).",
        discussion: "A word's cosine with itself is 1, far above any context word, so with itself included it mostly attends to itself and barely changes, which scored lower on Word-in-Context and on labelled senses (BENCHMARKS.md)."))
    var excludeSelf = true

    @Option(name: .long, help: ArgumentHelp(
        "soft (softmax weights over all context words), hard (all weight on the largest clue), or uniform (equal weights: the baseline).",
        valueName: "mode"))
    var mode: SentenceAttention.Mode = .soft

    @Option(name: .customLong("attention-window"), help: ArgumentHelp(
        "Attend only to words at most N positions away (default: the whole sentence).",
        discussion: "Limits attention to nearby words; on the evaluation sets small windows made little difference either way (BENCHMARKS.md).", valueName: "N"))
    var window: Int?

    @Option(name: .long, help: ArgumentHelp(
        "How many times to repeat the mixing, each layer's output feeding the next.",
        discussion: "Stacking spreads information further: after two layers a word also hears what its context heard. A second layer helped Word-in-Context a little and hurt labelled senses (BENCHMARKS.md), so the default is one."))
    var layers = 1

    @Option(name: .long, help: ArgumentHelp(
        "Residual weight λ: each word becomes v + λ·(attended context), then unit length.",
        discussion: "0 keeps the static vector; larger values let the context dominate. A larger λ traded labelled senses for Word-in-Context in the measurements (BENCHMARKS.md); 1 balances the two.", valueName: "λ"))
    var residual = 1.0

    @Option(name: .long, help: ArgumentHelp(
        "Smooth inverse frequency a: weigh each context word by a/(a + p(w)) (Arora et al. 2017); 0 turns it off.",
        discussion: "Frequent words (the, of) say little about a word's sense but have vectors close to everything; this weighs them down by their corpus frequency p(w), with no word list.",
        valueName: "a"))
    var frequencyWeighting = 1e-3

    @Option(name: .customLong("max-words"), help: ArgumentHelp(
        "Refuse a sentence of more than N words.",
        discussion: "Attention compares every word with every other: time and memory grow with the square of the length, about 4 × (layers + 1) × n² bytes for n words (1,000 words: 8 MB; 10,000: 800 MB; 20,000: 3.2 GB). The limit makes a pasted book fail at once instead of running for minutes; raise it if the memory is there.",
        valueName: "N"))
    var maxWords = 1000

    /// Fails fast, naming the flag, when `text` has more words than ``maxWords``.
    func checkLength(of text: String, tokenizer: Tokenizer, what: String = "sentence") throws {
        let count = tokenizer.words(text).count
        guard count > maxWords else { return }
        let bytes = SentenceAttention.memoryEstimate(words: count, layers: layers)
        throw FirthError.badInput(location: what, reason: "\(count) words, more than --max-words \(maxWords); attention over it needs about \(ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .decimal)) (memory grows with the square of the length): raise --max-words to run it anyway")
    }

    var settings: SentenceAttention.Settings {
        var s = SentenceAttention.Settings()
        s.temperature = temperature
        s.excludeSelf = excludeSelf
        s.mode = mode
        s.window = window
        s.layers = layers
        s.residual = residual
        s.frequencyWeighting = frequencyWeighting > 0 ? frequencyWeighting : nil
        return s
    }

    func validate() throws {
        try ParameterFlags.validate(renamed: ["window": "--attention-window"]) { try settings.validate() }
        if maxWords < 1 { throw ValidationError("--max-words must be at least 1.") }
    }
}

/// `--using svd|ppmi`: attend over the stored embedding or the sparse PPMI rows.
struct AttentionSpaceOptions: ParsableArguments {
    enum Space: String, ExpressibleByArgument, CaseIterable { case svd, ppmi }

    @Option(name: .long, help: ArgumentHelp(
        "Which word vectors attention mixes: svd (the stored embedding) or ppmi (rows of a co-occurrence table).",
        discussion: "PPMI rows are long and transparent (one dimension per context word); SVD vectors are short and smoothed."))
    var using: Space = .svd

    @Option(name: .customLong("center"), help: ArgumentHelp(
        "Subtract a mean vector from every word vector first: none, vocabulary (the plain mean of the vocabulary) or corpus (the mean weighted by corpus frequency).",
        discussion: "Count vectors share one large common direction, mostly frequency, so 'the' and 'of' look similar to every word; centring removes what all words share. No word list: the mean comes from the vectors (and, for corpus, the word counts). On SVD vectors it did not change accuracy consistently, so it is off by default, though it clears 'the' and 'of' from the neighbours of window-2 vectors in `firth senses`; on PPMI rows (--using ppmi), whose entries are all positive, it never lowered a score in the measurements (BENCHMARKS.md): use --center corpus there.",
        valueName: "mean"))
    var centering: CenteredVectorSpace.Centering = .none

    @OptionGroup var vectorOptions: VectorOptions
    @OptionGroup var space: SpaceOptions

    func vectorSpace(in store: CorpusStore, quiet: Bool = false) throws -> any VectorSpace {
        let base: any VectorSpace
        switch using {
        case .svd: base = try vectorOptions.vectors(in: store, quiet: quiet)
        case .ppmi:
            let table = try space.table(in: store, quiet: quiet)
            base = PPMIVectorSpace(try PPMIMatrix.load(from: store, table: table), name: table.name)
        }
        switch centering {
        case .none: return base
        case .vocabulary: return CenteredVectorSpace(base, centering: .vocabulary)
        case .corpus: return CenteredVectorSpace(base, centering: .corpus, counts: try store.wordCounts())
        }
    }
}

extension SentenceAttention.Mode: ExpressibleByArgument {}
extension CenteredVectorSpace.Centering: ExpressibleByArgument {}
