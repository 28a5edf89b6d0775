import ArgumentParser
import FirthKit

/// The knobs of `firth embed`.
struct EmbeddingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Dimensions d of the word vectors: how many singular directions to keep.",
        discussion: "More dimensions keep finer distinctions but also more noise; 100-300 is usual. Cost grows linearly."))
    var dimensions = 300

    @Option(name: .long, help: ArgumentHelp(
        "Eigenvalue weight p: word vectors are U·Σ^p (Levy et al. 2015).",
        discussion: "p = 1 is the plain SVD; 0.5 shares Σ between words and contexts; 0 weights every direction equally, which often helps similarity but costs analogies; 1 does the reverse. 0.5 is the default, the best balance on the benchmark corpus (BENCHMARKS.md).",
        valueName: "p"))
    var eigenWeight = 0.5

    @Option(name: .long, help: ArgumentHelp(
        "Power iterations of the randomized SVD (Halko et al. 2011).",
        discussion: "Each one sharpens the separation of the singular values; 4 is accurate to a few decimals here."))
    var powerIterations = 4

    @Option(name: .long, help: "Extra random directions sampled beyond d (randomized SVD oversampling).")
    var oversampling = 10

    @Option(name: .long, help: "Seed of the random projection: the same seed gives the same vectors.")
    var seed = 1

    @Option(name: .long, help: ArgumentHelp(
        "Remove the top N principal components from the vectors (all-but-the-top, Mu & Viswanath 2018).",
        discussion: "The first directions mostly encode word frequency; removing 2 (the default) helped relatedness on the benchmark corpus at no cost elsewhere (BENCHMARKS.md). 0 keeps them."))
    var removeTopComponents = 2

    @Flag(name: .long, inversion: .prefixedNo, help: ArgumentHelp(
        "Add the context vectors to the word vectors (w+c, Levy et al. 2015): W + C with C = V·Σ^p.",
        discussion: "The PPMI matrix is nearly symmetric, so U and V agree on its main directions and cancel on the rest. On the benchmark corpus it helped similarity (MEN, SimLex) but cost analogy accuracy (BENCHMARKS.md), so it is off by default: use it for similarity, not analogies."))
    var addContextVectors = false

    @Option(name: .long, help: ArgumentHelp("Context distribution smoothing α of the PPMI being factored (cds; 1 = none).", valueName: "α"))
    var contextSmoothing = 0.75

    @Option(name: .long, help: ArgumentHelp("Shift k of the PPMI being factored: subtract ln k (1 = none).", valueName: "k"))
    var shift = 1.0

    var parameters: EmbeddingParameters {
        var p = EmbeddingParameters()
        p.dimensions = dimensions
        p.eigenWeight = eigenWeight
        p.powerIterations = powerIterations
        p.oversampling = oversampling
        p.seed = seed
        p.removeTopComponents = removeTopComponents
        p.addContextVectors = addContextVectors
        p.smoothing = .init(contextSmoothing: contextSmoothing, shift: shift)
        return p
    }

    func validate() throws {
        try ParameterFlags.validate { try parameters.validate() }
    }
}

/// `--embedding`: which stored vectors a query uses; made with the defaults when there are none.
struct VectorOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The embedding to query (see `firth spaces`); default: the most recent one made from the default count table.",
        discussion: "Vectors made from another table on purpose (`firth embed --space NAME`, `--subcorpus`) are used only by name. When there is none yet, one is made with the defaults of `firth count` and `firth embed`.",
        valueName: "name"))
    var embedding: String?

    func vectors(in store: CorpusStore, quiet: Bool = false) throws -> WordVectors {
        try store.wordVectorsForQuery(named: embedding(in: store, quiet: quiet).name)
    }

    /// The chosen embedding (its description, not its vectors), made first if there is none.
    func embedding(in store: CorpusStore, quiet: Bool = false) throws -> Embedding {
        try StoreAccess.ensuring(making: "embedding", instead: "make one with `firth embed --db \(store.path)` where it can be written") {
            try store.ensure(EmbeddingRequest(name: embedding), making: StoreAccess.missingParts(quiet: quiet)).value
        }
    }
}

extension SkipGramTrainer.Estimate {
    /// "skip-gram will take about 45 s: …", for the user waiting on a first query ("under a
    /// second" on a small corpus, rather than "about 0 s").
    var sentence: String {
        let time = seconds < 0.5 ? "under a second" : String(format: "about %.0f s", seconds)
        return String(format: "skip-gram will take %@: %d running words on %d thread%@ at %.0f words/s a thread, timed just now "
                      + "(Ctrl-C and `firth embed --method svd` instead for vectors in seconds)",
                      time, words, threads, threads == 1 ? "" : "s", wordsPerSecond)
    }
}
