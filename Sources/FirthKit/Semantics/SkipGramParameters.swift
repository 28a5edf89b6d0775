import Foundation

/// The knobs of a skip-gram embedding (word2vec), recorded with the vectors they made.
///
/// Skip-gram with negative sampling (Mikolov et al., "Distributed Representations of Words and
/// Phrases and their Compositionality", NIPS 2013) learns a word vector and a context vector per
/// word so that σ(w·c) is high for pairs seen within the window and low for `negative` random
/// contexts drawn from the unigram distribution raised to 0.75. Levy & Goldberg (NIPS 2014) showed
/// it implicitly factors the PMI matrix shifted by ln k — the same matrix `firth embed` factors
/// explicitly — but weighted by how often each pair occurs, which favours strict similarity
/// (SimLex-999) over relatedness.
///
/// The defaults are word2vec's and gensim's (window 5, 5 negatives, subsampling 1e-3, learning
/// rate 0.025 falling linearly to 0.0001), except 200 dimensions and 15 epochs: a corpus of a few
/// million words needs more passes than the 5 made for billions, and fewer passes (8, 10, 12)
/// lost relatedness (WS-353, MEN) in the combination with the SVD, while 200 dimensions scored as
/// 300 did there at less CPU (see `tuning-results.md`).
///
/// ```swift
/// var parameters = SkipGramParameters()
/// parameters.epochs = 5
/// let embedding = try SkipGramTrainer(store: store).train(parameters).embedding
/// ```
public struct SkipGramParameters: Codable, Sendable, Equatable, Hashable {
    /// Dimensions d of the word vectors.
    public var dimensions = 200
    /// The largest distance to a context word; each centre word draws its own window in
    /// 1...window (word2vec's "dynamic window"), so near words are seen more often.
    public var window = 5
    /// Negative samples k per (word, context) pair.
    public var negative = 5
    /// Passes over the corpus.
    public var epochs = 15
    /// Subsampling threshold t: a word of relative frequency f is kept with probability
    /// (√(f/t) + 1)·t/f (word2vec.c's formula); 0 keeps every word.
    public var subsample = 1e-3
    /// Initial learning rate α of stochastic gradient descent; it falls linearly to `minLearningRate`.
    public var learningRate = 0.025
    /// The learning rate at the end of the last epoch.
    public var minLearningRate = 0.0001
    /// Words seen fewer times are left out (and removed from the text before windows are drawn).
    public var minCount = 5
    /// Seed of every random draw (initial vectors, windows, subsampling, negatives).
    public var seed = 1
    /// Training threads; by default one per core (``defaultThreads``). With ``lockFree`` they
    /// share one model as word2vec's and gensim's threads do; otherwise they train in rounds whose
    /// changes are summed in a fixed order (`SkipGramRounds`), and the same seed and number of
    /// threads give the same vectors bit for bit. One thread is word2vec.c's strict order, also
    /// the same on every run.
    public var threads = SkipGramParameters.defaultThreads
    /// Several threads share one model without locks (Hogwild, `SkipGramHogwild`): the default,
    /// because the reproducible rounds measured 0.014 lower on SimLex-999 with two threads
    /// (BENCHMARKS.md); the price is that the digits change from run to run. nil or false: the
    /// rounds (older stored parameters, which have no such key, were made that way).
    public var lockFree: Bool? = true
    /// How many leading principal components to remove afterwards (all-but-the-top); 0: none.
    public var removeTopComponents = 0
    /// Train on this subcorpus's documents only (see ``CorpusStore/defineSubcorpus(named:_:)``),
    /// with its own frequencies; nil: the whole corpus. The name ends `@NAME`, as its count tables' do.
    public var subcorpus: String?
    /// Not a knob: the corpus the vectors were trained on (documents, tokens, last document id),
    /// recorded so that a corpus changed since is trained again rather than reusing stale vectors.
    public var corpus: [Int64]?

    public init() {}

    /// One thread per core (at most 64).
    public static let defaultThreads = max(1, min(64, ProcessInfo.processInfo.activeProcessorCount))

    /// `sgns200.w5.neg5.e15` plus what differs from the defaults, then `min` and the min-count.
    public var name: String {
        var parts = ["sgns\(dimensions)", "w\(window)", "neg\(negative)", "e\(epochs)"]
        if subsample != 1e-3 { parts.append("sub\(EmbeddingParameters.format(subsample))") }
        if learningRate != 0.025 { parts.append("lr\(EmbeddingParameters.format(learningRate))") }
        if removeTopComponents != 0 { parts.append("abtt\(removeTopComponents)") }
        if seed != 1 { parts.append("seed\(seed)") }
        // The thread count changes the digits, so a count other than the default is named, and
        // so are the reproducible rounds.
        if threads != Self.defaultThreads { parts.append("t\(threads)") }
        if threads > 1 && lockFree != true { parts.append("rounds") }
        parts.append("min\(minCount)")
        return parts.joined(separator: ".") + (subcorpus.map { "@" + $0 } ?? "")
    }

    /// Canonical JSON, stored with the vectors and compared to reuse an identical embedding.
    public var json: String { canonicalJSON }

    public func validate() throws {
        guard dimensions >= 1 else { throw FirthError.invalidParameter("dimensions", reason: "must be at least 1 (got \(dimensions))") }
        guard (1...1000).contains(window) else { throw FirthError.invalidParameter("window", reason: "must be between 1 and 1000 (got \(window))") }
        guard (1...100).contains(negative) else { throw FirthError.invalidParameter("negative", reason: "must be between 1 and 100 (got \(negative)); 5 to 15 is usual") }
        guard (1...1000).contains(epochs) else { throw FirthError.invalidParameter("epochs", reason: "must be between 1 and 1000 (got \(epochs))") }
        guard subsample >= 0 && subsample < 1 else { throw FirthError.invalidParameter("subsample", reason: "must be in [0, 1) (got \(subsample)); 1e-3 to 1e-5 is usual, 0 turns it off") }
        guard learningRate > 0 && learningRate <= 1 else { throw FirthError.invalidParameter("learningRate", reason: "must be in (0, 1] (got \(learningRate))") }
        guard minLearningRate >= 0 && minLearningRate <= learningRate else {
            throw FirthError.invalidParameter("minLearningRate", reason: "must be between 0 and the learning rate (got \(minLearningRate))")
        }
        guard minCount >= 1 else { throw FirthError.invalidParameter("minCount", reason: "must be at least 1 (got \(minCount))") }
        guard (1...64).contains(threads) else { throw FirthError.invalidParameter("threads", reason: "must be between 1 and 64 (got \(threads))") }
        guard removeTopComponents >= 0 && removeTopComponents < dimensions else {
            throw FirthError.invalidParameter("removeTopComponents", reason: "must be between 0 and the dimensions - 1 (got \(removeTopComponents) with \(dimensions) dimensions)")
        }
    }
}
