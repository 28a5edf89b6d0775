import ArgumentParser
import FirthKit

/// The knobs of parameter-free self-attention, shared by `attend`, `senses` and `export attention`.
struct AttentionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Softmax temperature τ: scores are cosine/τ. Default 1/√d (d = dimensions).",
        discussion: "A transformer divides q·k by √d; for unit vectors the same spread needs τ = 1/√d. Lower τ sharpens the weights toward the best clue; higher τ evens them out.",
        valueName: "τ"))
    var temperature: Double?

    @Flag(name: .long, inversion: .prefixedNo, help: ArgumentHelp(
        "Leave each word's own position out of its attention (default on).",
        discussion: "A word's cosine with itself is 1, far above any context word, so with itself included it mostly attends to itself and barely changes."))
    var excludeSelf = true

    @Option(name: .long, help: ArgumentHelp(
        "soft (softmax weights over all context words), hard (all weight on the largest clue), or uniform (equal weights: the baseline).",
        valueName: "mode"))
    var mode: SentenceAttention.Mode = .soft

    @Option(name: .customLong("attention-window"), help: ArgumentHelp(
        "Attend only to words at most N positions away (default: the whole sentence).", valueName: "N"))
    var window: Int?

    @Option(name: .long, help: ArgumentHelp(
        "How many times to repeat the mixing, each layer's output feeding the next.",
        discussion: "Stacking spreads information further: after two layers a word also hears what its context heard."))
    var layers = 1

    @Option(name: .long, help: ArgumentHelp(
        "Residual weight λ: each word becomes v + λ·(attended context), then unit length.",
        discussion: "0 keeps the static vector; larger values let the context dominate.", valueName: "λ"))
    var residual = 1.0

    @Option(name: .long, help: ArgumentHelp(
        "Smooth inverse frequency a: weigh each context word by a/(a + p(w)) (Arora et al. 2017); 0 turns it off.",
        discussion: "Frequent words (the, of) say little about a word's sense but have vectors close to everything; this weighs them down by their corpus frequency p(w), with no word list.",
        valueName: "a"))
    var frequencyWeighting = 1e-3

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
        do { try settings.validate() } catch let error as FirthError { throw ValidationError(error.description) }
    }
}

/// `--using svd|ppmi`: attend over the stored embedding or the sparse PPMI rows.
struct AttentionSpaceOptions: ParsableArguments {
    enum Space: String, ExpressibleByArgument, CaseIterable { case svd, ppmi }

    @Option(name: .long, help: ArgumentHelp(
        "Which word vectors attention mixes: svd (the stored embedding) or ppmi (rows of a co-occurrence table).",
        discussion: "PPMI rows are long and transparent (one dimension per context word); SVD vectors are short and smoothed."))
    var using: Space = .svd

    @OptionGroup var vectorOptions: VectorOptions
    @OptionGroup var space: SpaceOptions

    func vectorSpace(in store: CorpusStore, quiet: Bool = false) throws -> any VectorSpace {
        switch using {
        case .svd: return try vectorOptions.vectors(in: store, quiet: quiet)
        case .ppmi:
            let table = try space.table(in: store, quiet: quiet)
            return PPMIVectorSpace(try PPMIMatrix.load(from: store, table: table), name: table.name)
        }
    }
}

extension SentenceAttention.Mode: ExpressibleByArgument {}
