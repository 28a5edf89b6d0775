import COpenBLAS
import Foundation

/// Trains word vectors by prediction: word2vec's skip-gram with negative sampling (SGNS).
///
/// Where ``EmbeddingBuilder`` counts first and factors the PPMI matrix once, SGNS reads the text
/// window by window and nudges two vectors per word — w (the word) and c (the word as a context) —
/// so that σ(w·c) is near 1 for a pair seen together and near 0 for `negative` contexts drawn at
/// random from the unigram distribution raised to 0.75 (Mikolov et al., NIPS 2013). Each step is
/// one stochastic-gradient update of the log-likelihood
///
///     log σ(w·c) + Σₖ log σ(−w·cₖ),
///
/// whose optimum is w·c = PMI(w, c) − ln k (Levy & Goldberg, NIPS 2014). The word vectors W are
/// what is stored, L2-normalized like every embedding.
///
/// This follows `word2vec.c` (and gensim, whose results it matches on the benchmark corpus):
/// dynamic window, subsampling with word2vec's keep probability, a learning rate that falls
/// linearly over all epochs, the sigmoid clipped at ±6. It is written here because no
/// maintained Swift library trains word2vec; the vector arithmetic is BLAS (`sdot`, `saxpy`).
///
/// ```swift
/// let (embedding, _) = try SkipGramTrainer(store: store).train(SkipGramParameters())
/// let vectors = try store.wordVectors(named: embedding.name)
/// ```
public final class SkipGramTrainer {
    public let store: CorpusStore
    private let progress: Progress

    public init(store: CorpusStore, progress: Progress = .silent) {
        self.store = store
        self.progress = progress
    }

    /// Trains on the store's corpus and stores the vectors, or returns the stored embedding with
    /// exactly these parameters on the corpus as it is now (unless `force`).
    @discardableResult
    public func train(_ parameters: SkipGramParameters, name: String? = nil,
                      force: Bool = false) throws -> (embedding: Embedding, reused: Bool) {
        var parameters = parameters
        try parameters.validate()
        parameters.corpus = try store.dbQueue.read { db in try CorpusStore.corpusState(db).snapshot }
        let name = name ?? parameters.name
        if !force, let existing = try store.embeddings().first(where: {
            $0.source == "sgns" && $0.skipGramParameters == parameters && $0.name == name
        }) {
            return (existing, true)
        }
        let started = Date()
        progress.update("reading the corpus", force: true)
        let corpus = try SkipGramCorpus.load(from: store, minCount: parameters.minCount)
        let vectors = try EmbeddingBuilder.finished(Self.train(corpus: corpus, parameters: parameters, progress: progress),
                                                    removingTopComponents: parameters.removeTopComponents)
        progress.update("storing \(corpus.words.count) vectors", force: true)
        let embedding = try store.storeEmbedding(name: name, source: "sgns", tableID: nil, parametersJSON: parameters.json,
                                                 words: corpus.words, vectors: vectors, singularValues: [],
                                                 seconds: Date().timeIntervalSince(started))
        progress.finish()
        return (embedding, false)
    }

    /// Trains on `corpus` and returns the word vectors (one row per word, not normalized).
    public static func train(corpus: SkipGramCorpus, parameters: SkipGramParameters,
                             progress: Progress = .silent) -> DenseMatrix {
        let model = SkipGramModel(corpus: corpus, parameters: parameters)
        model.train(progress: progress)
        return model.wordVectors()
    }
}

/// The state of one training run: both vector tables, the sampling tables, and the loop.
///
/// The vectors live in manually allocated buffers rather than arrays: with several threads every
/// thread writes into the same rows without locks (Hogwild), which Swift's copy-on-write arrays
/// do not allow.
final class SkipGramModel: @unchecked Sendable {
    let corpus: SkipGramCorpus
    let parameters: SkipGramParameters
    let dimensions: Int
    /// Word vectors W (word2vec's syn0), V × d, row-major.
    let input: UnsafeMutablePointer<Float>
    /// Context vectors C (word2vec's syn1neg), V × d, row-major.
    let output: UnsafeMutablePointer<Float>
    /// Probability of keeping each word when subsampling.
    let keepProbability: [Float]
    /// Cumulative unigram^0.75 distribution of the negative samples, ending at 1.
    let negativeCumulative: [Double]

    /// Beyond ±6 the sigmoid is 0 or 1 to within 0.0025, as in word2vec.c's table.
    static let maximumExponent: Float = 6

    init(corpus: SkipGramCorpus, parameters: SkipGramParameters) {
        self.corpus = corpus
        self.parameters = parameters
        dimensions = parameters.dimensions
        let size = corpus.words.count * dimensions
        input = .allocate(capacity: max(size, 1))
        output = .allocate(capacity: max(size, 1))
        output.initialize(repeating: 0, count: size)
        // word2vec.c's initialization: uniform in [-0.5/d, 0.5/d) for W, zero for C.
        var random = SplitMix64(seed: UInt64(parameters.seed))
        for i in 0..<size { input[i] = (Self.unit(&random) - 0.5) / Float(dimensions) }
        keepProbability = Self.keepProbabilities(counts: corpus.counts, trainingWords: corpus.tokens.count,
                                                 threshold: parameters.subsample)
        negativeCumulative = Self.negativeDistribution(counts: corpus.counts)
    }

    deinit {
        input.deallocate()
        output.deallocate()
    }

    /// word2vec.c's subsampling: keep a word of count n among N training words with probability
    /// (√(n/(t·N)) + 1)·(t·N)/n, capped at 1. It keeps every word rarer than about t·N·2.6 and
    /// thins the frequent ones roughly like √(t/f).
    static func keepProbabilities(counts: [Int], trainingWords: Int, threshold: Double) -> [Float] {
        guard threshold > 0 else { return counts.map { _ in 1 } }
        let scaled = threshold * Double(trainingWords)
        return counts.map { n in Float(min(1, ((Double(n) / scaled).squareRoot() + 1) * scaled / Double(n))) }
    }

    /// The distribution negatives are drawn from: P(w) ∝ count(w)^0.75 (Mikolov et al. 2013),
    /// which samples rare words more often than their frequency, as cds does for PPMI.
    static func negativeDistribution(counts: [Int]) -> [Double] {
        var cumulative: [Double] = []
        cumulative.reserveCapacity(counts.count)
        var total = 0.0
        for n in counts { total += pow(Double(n), 0.75); cumulative.append(total) }
        return cumulative.map { $0 / total }
    }

    /// The learning rate after `fraction` of all the training (0 at the start, 1 at the end).
    static func learningRate(at fraction: Double, _ parameters: SkipGramParameters) -> Float {
        Float(parameters.learningRate - (parameters.learningRate - parameters.minLearningRate) * min(1, fraction))
    }

    /// A uniform draw in [0, 1) with 24 random bits (a Float's precision).
    @inline(__always) static func unit(_ random: inout SplitMix64) -> Float {
        Float(random.next() >> 40) * 0x1p-24
    }

    /// The index of the first cumulative probability above `u`: a draw from the distribution.
    @inline(__always) func negative(_ u: Double) -> Int32 {
        var low = 0, high = negativeCumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if negativeCumulative[middle] <= u { low = middle + 1 } else { high = middle }
        }
        return Int32(low)
    }

    /// Runs every epoch. Thread t trains on the t-th of `threads` contiguous shares of the
    /// segments, each with its own random stream; with one thread the result is exactly
    /// reproducible.
    func train(progress: Progress) {
        let shares = Self.shares(of: corpus.segments, count: parameters.threads)
        let seed = UInt64(parameters.seed)
        DispatchQueue.concurrentPerform(iterations: shares.count) { thread in
            var random = SplitMix64(seed: seed &+ 0x5851_F42D_4C95_7F2D &* UInt64(thread + 1))
            trainShare(shares[thread], random: &random, progress: thread == 0 ? progress : .silent)
        }
    }

    /// Splits segments into `count` contiguous runs of about equal numbers of words.
    static func shares(of segments: [Range<Int>], count: Int) -> [[Range<Int>]] {
        let total = segments.reduce(0) { $0 + $1.count }
        var shares: [[Range<Int>]] = [[]]
        var done = 0
        for segment in segments {
            if shares.count < count, done >= total * shares.count / count, !shares[shares.count - 1].isEmpty {
                shares.append([])
            }
            shares[shares.count - 1].append(segment)
            done += segment.count
        }
        return shares
    }

    private func trainShare(_ segments: [Range<Int>], random: inout SplitMix64, progress: Progress) {
        let d = Int32(dimensions)
        let window = parameters.window
        let wordsPerEpoch = segments.reduce(0) { $0 + $1.count }
        let totalWords = Double(max(1, wordsPerEpoch * parameters.epochs))
        var done = 0
        let gradient = UnsafeMutablePointer<Float>.allocate(capacity: dimensions)
        defer { gradient.deallocate() }
        var sentence: [Int32] = []
        sentence.reserveCapacity(SkipGramCorpus.maximumSegmentLength)

        for epoch in 0..<parameters.epochs {
            for segment in segments {
                // The learning rate follows the words read so far, as in word2vec.c.
                let alpha = Self.learningRate(at: Double(done) / totalWords, parameters)
                done += segment.count
                progress.update(String(format: "epoch %d of %d, %.0f%%, learning rate %.5f",
                                       epoch + 1, parameters.epochs, 100 * Double(done) / totalWords, alpha))
                sentence.removeAll(keepingCapacity: true)
                for i in segment {
                    let word = corpus.tokens[i]
                    let keep = keepProbability[Int(word)]
                    if keep < 1 && keep < Self.unit(&random) { continue }
                    sentence.append(word)
                }
                for position in sentence.indices {
                    let word = sentence[position]
                    // Dynamic window: a reach drawn from 1...window, so a neighbour at distance
                    // δ is used with probability (window − δ + 1)/window.
                    let reach = window - Int(random.next() % UInt64(window))
                    let first = max(0, position - reach), last = min(sentence.count - 1, position + reach)
                    for other in first...last where other != position {
                        // As in word2vec.c, the context word's W row predicts the centre word's C row.
                        let l1 = input + Int(sentence[other]) * dimensions
                        gradient.update(repeating: 0, count: dimensions)
                        for k in 0...parameters.negative {
                            let target: Int32, label: Float
                            if k == 0 {
                                target = word; label = 1
                            } else {
                                target = negative(Double(random.next() >> 11) * 0x1p-53)
                                if target == word { continue }
                                label = 0
                            }
                            Self.step(word: l1, context: output + Int(target) * dimensions, label: label,
                                      learningRate: alpha, gradient: gradient, dimensions: d)
                        }
                        cblas_saxpy(d, 1, gradient, 1, l1, 1)
                    }
                }
            }
        }
    }

    /// One stochastic-gradient step on log σ(w·c) (label 1) or log σ(−w·c) (label 0).
    ///
    /// The derivative of either with respect to w is g·c and with respect to c is g·w, where
    /// g = label − σ(w·c); scaled by the learning rate α. The context row c moves now; w's share
    /// is added to `gradient` and applied once all of the pair's k + 1 targets are done, as in
    /// word2vec.c, so every target sees the same w.
    @inline(__always)
    static func step(word w: UnsafeMutablePointer<Float>, context c: UnsafeMutablePointer<Float>, label: Float,
                     learningRate alpha: Float, gradient: UnsafeMutablePointer<Float>, dimensions d: Int32) {
        let f = cblas_sdot(d, w, 1, c, 1)
        let g: Float
        if f > maximumExponent { g = (label - 1) * alpha }
        else if f < -maximumExponent { g = label * alpha }
        else { g = (label - 1 / (1 + expf(-f))) * alpha }
        cblas_saxpy(d, g, c, 1, gradient, 1)
        cblas_saxpy(d, g, w, 1, c, 1)
    }

    /// W as a dense matrix, V × d.
    func wordVectors() -> DenseMatrix {
        DenseMatrix(rows: corpus.words.count, columns: dimensions,
                    elements: Array(UnsafeBufferPointer(start: input, count: corpus.words.count * dimensions)))
    }
}
