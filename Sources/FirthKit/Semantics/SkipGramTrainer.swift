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
/// maintained Swift library trains word2vec; the inner loop (one dot product and two vector
/// updates per target, 300 floats each) is a small C kernel using AVX2 where the CPU has it
/// (`Sources/CFirthKernels`). By default one thread per core shares one model without locks, as in
/// word2vec and gensim (`SkipGramHogwild`); with `lockFree` off they train in rounds whose changes
/// are summed in a fixed order (`SkipGramRounds`), so the same seed and number of threads give the
/// same vectors.
///
/// ```swift
/// let (embedding, _) = try SkipGramTrainer(store: store).train(SkipGramParameters())
/// let vectors = try store.wordVectors(named: embedding.name)
/// ```
public final class SkipGramTrainer {
    public let store: CorpusStore
    private let progress: Progress
    /// Called once the corpus is read and before training starts, with how long training will take.
    private let announce: (@Sendable (Estimate) -> Void)?

    public init(store: CorpusStore, progress: Progress = .silent, announce: (@Sendable (Estimate) -> Void)? = nil) {
        self.store = store
        self.progress = progress
        self.announce = announce
    }

    /// How long a training run will take, from a short run timed on this machine.
    /// The last training run of this trainer: running words read (tokens × epochs), and the
    /// seconds and CPU seconds (all threads) the training loop took, without reading the corpus
    /// and storing the vectors.
    public private(set) var lastRun: (words: Int, seconds: Double, cpuSeconds: Double)?
    /// Called once the vectors are made, before they are stored: the combined pipeline waits
    /// there for the SVD part it runs beside, so that the parts are stored in the same order
    /// every run.
    var beforeStoring: (() -> Void)?

    public struct Estimate: Sendable {
        /// Running words to read: the corpus's in-vocabulary tokens times the epochs (before the
        /// corpus is read, all its tokens times the epochs: a little more than will be read).
        public var words: Int
        /// Words per second of one thread, timed on the corpus's first segments (or on a made-up
        /// text, before the corpus is read).
        public var wordsPerSecond: Double
        public var threads: Int
        /// words / (wordsPerSecond · threads · ``threadEfficiency``).
        public var seconds: Double
    }

    /// The share of an extra thread's speed assumed to show in the total (memory shared between
    /// the threads, and in rounds the merges and the wait for the slower thread, cost the rest).
    /// An assumption, not yet measured on a quiet machine: the estimate is a rough guide.
    public static let threadEfficiency = 0.9

    /// Trains on the store's corpus and stores the vectors, or returns the stored embedding with
    /// exactly these parameters on the corpus as it is now (unless `force`).
    @discardableResult
    public func train(_ parameters: SkipGramParameters, name: String? = nil,
                      force: Bool = false) throws -> (embedding: Embedding, reused: Bool) {
        var parameters = parameters
        try parameters.validate()
        // One spelling per behaviour, so that stored parameters compare equal: the rounds are nil.
        if parameters.lockFree != true || parameters.threads == 1 { parameters.lockFree = nil }
        parameters.corpus = try store.corpusState().snapshot
        let name = name ?? parameters.name
        if !force, let existing = try store.embeddings().first(where: {
            $0.source == .sgns(parameters) && $0.name == name
        }) {
            return (existing, true)
        }
        let started = Date()
        progress.update("reading the corpus", force: true)
        let members = try parameters.subcorpus.map { Set(try store.members(of: try store.subcorpus(named: $0)).map(\.documentID)) }
        let corpus = try SkipGramCorpus.load(from: store, minCount: parameters.minCount, documents: members)
        if let announce { announce(Self.estimate(corpus: corpus, parameters: parameters)) }
        let training = Date(), cpu = Self.processCPUSeconds()
        let trained = Self.train(corpus: corpus, parameters: parameters, progress: progress)
        lastRun = (corpus.tokens.count * parameters.epochs, Date().timeIntervalSince(training), Self.processCPUSeconds() - cpu)
        let vectors = try EmbeddingBuilder.finished(trained, removingTopComponents: parameters.removeTopComponents)
        beforeStoring?()
        progress.update("storing \(corpus.words.count) vectors", force: true)
        let embedding = try store.storeEmbedding(name: name, source: .sgns(parameters), tableID: nil,
                                                 words: corpus.words, vectors: vectors, singularValues: [],
                                                 seconds: Date().timeIntervalSince(started))
        progress.finish()
        return (embedding, false)
    }

    /// CPU time of the whole process so far: on a busy machine, a steadier measure than the clock.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Times one thread on the first segments of `corpus` (about 20,000 words, one pass, on a
    /// throw-away model) and scales the rate to the whole run.
    public static func estimate(corpus: SkipGramCorpus, parameters: SkipGramParameters) -> Estimate {
        var single = parameters
        single.threads = 1
        let model = SkipGramModel(corpus: corpus, parameters: single)
        let scratch = SkipGramScratch(dimensions: model.dimensions, parameters: parameters)
        var sampled = 0
        let started = Date()
        for (index, segment) in corpus.segments.enumerated() where sampled < 20_000 {
            var random = SkipGramModel.stream(seed: parameters.seed, epoch: 0, segment: index)
            model.trainSegment(segment, random: &random, alpha: Float(parameters.learningRate), input: model.input,
                               output: model.output, scratch: scratch)
            sampled += segment.count
        }
        let rate = Double(sampled) / max(Date().timeIntervalSince(started), 1e-6)
        return Estimate(words: corpus.tokens.count * parameters.epochs, wordsPerSecond: rate, threads: parameters.threads,
                        seconds: parameters.estimatedSeconds(tokens: corpus.tokens.count, wordsPerSecond: rate))
    }

    /// How long training with `parameters` will take on a corpus of `tokens` tokens and `types`
    /// distinct words, before the corpus is read or counted: the rate is timed just now on a
    /// made-up text of as many words (``measuredWordsPerSecond(parameters:vocabulary:)``), the time
    /// is ``SkipGramParameters/estimatedSeconds(tokens:wordsPerSecond:)``. All tokens are counted,
    /// also those of words below the min-count, which training skips: a slight overestimate.
    public static func estimate(tokens: Int, types: Int, parameters: SkipGramParameters) -> Estimate {
        let rate = measuredWordsPerSecond(parameters: parameters, vocabulary: types)
        return Estimate(words: tokens * parameters.epochs, wordsPerSecond: rate, threads: parameters.threads,
                        seconds: parameters.estimatedSeconds(tokens: tokens, wordsPerSecond: rate))
    }

    /// Words per second of one thread, timed just now on about 20,000 words of a made-up text
    /// (`vocabulary` words of Zipfian frequencies, at most 30,000), for an estimate before the
    /// corpus is read: with ``SkipGramParameters/estimatedSeconds(tokens:wordsPerSecond:)`` a
    /// caller can say how long the default embedding of a large corpus will take before making it.
    /// The corpus's own words (``estimate(corpus:parameters:)``) give a closer figure.
    public static func measuredWordsPerSecond(parameters: SkipGramParameters, vocabulary: Int = 20_000) -> Double {
        let size = max(2, min(vocabulary, 30_000))
        // Zipf: P(rank r) ∝ 1/r, drawn by inverting the cumulative sum.
        let harmonic = (1...size).reduce(0.0) { $0 + 1 / Double($1) }
        var cumulative: [Double] = [], total = 0.0
        for r in 1...size { total += 1 / Double(r) / harmonic; cumulative.append(total) }
        var random = SplitMix64(seed: 1)
        var counts = [Int](repeating: 1, count: size)
        let tokens: [Int32] = (0..<20_000).map { _ in
            let u = Double(random.next() >> 11) * 0x1p-53
            var low = 0, high = size - 1
            while low < high { let middle = (low + high) / 2; if cumulative[middle] <= u { low = middle + 1 } else { high = middle } }
            counts[low] += 1
            return Int32(low)
        }
        let corpus = SkipGramCorpus(words: (0..<size).map { "w\($0)" }, counts: counts, documents: [tokens])
        return estimate(corpus: corpus, parameters: parameters).wordsPerSecond
    }

    /// Trains on `corpus` and returns the word vectors (one row per word, not normalized).
    public static func train(corpus: SkipGramCorpus, parameters: SkipGramParameters,
                             progress: Progress = .silent) -> DenseMatrix {
        let model = SkipGramModel(corpus: corpus, parameters: parameters)
        model.train(progress: progress)
        return model.wordVectors()
    }
}


extension SkipGramParameters {
    /// Seconds a training run takes on `tokens` running words (one pass; the kept, in-vocabulary
    /// tokens) at `wordsPerSecond` of one thread: tokens × epochs / (rate × (1 + (threads − 1) ×
    /// ``SkipGramTrainer/threadEfficiency``)). Reading the corpus and storing the vectors are not
    /// included. The rate comes from ``SkipGramTrainer/measuredWordsPerSecond(parameters:vocabulary:)``
    /// or ``SkipGramTrainer/estimate(corpus:parameters:)``, timed on this machine.
    public func estimatedSeconds(tokens: Int, wordsPerSecond: Double) -> Double {
        let speedup = 1 + Double(threads - 1) * SkipGramTrainer.threadEfficiency
        return Double(tokens * epochs) / (max(wordsPerSecond, 1e-9) * speedup)
    }
}
