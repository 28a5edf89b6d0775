import CFirthKernels
import Foundation

/// The state of one training run: both vector tables, the sampling tables, and the loop.
///
/// The vectors live in manually allocated buffers rather than arrays: the training threads write
/// into them through pointers (each into its own copy, see ``SkipGramRounds``), which Swift's
/// copy-on-write arrays do not allow.
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
    /// For each of the 2¹⁶ equal slices [b/2¹⁶, (b+1)/2¹⁶) of [0, 1), the first word whose
    /// cumulative probability exceeds b/2¹⁶ (and the last word at the end): a draw in that slice
    /// lies between entries b and b + 1, so the binary search of a draw starts within a word or
    /// two instead of over the whole vocabulary. The same draw gives the same word either way.
    let negativeGuide: [Int32]

    /// Beyond ±6 the sigmoid is 0 or 1 to within 0.0025, as in word2vec.c's table.
    static let maximumExponent: Float = 6
    static let guideBits = 16

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
        negativeGuide = Self.guide(negativeCumulative)
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

    /// ``negativeGuide`` of a cumulative distribution.
    static func guide(_ cumulative: [Double]) -> [Int32] {
        let slices = 1 << guideBits
        var guide = [Int32](repeating: Int32(cumulative.count - 1), count: slices + 1)
        var word = 0
        for b in 0..<slices {
            let start = Double(b) / Double(slices)
            while word < cumulative.count - 1 && cumulative[word] <= start { word += 1 }
            guide[b] = Int32(word)
        }
        return guide
    }

    /// The learning rate after `fraction` of all the training (0 at the start, 1 at the end).
    static func learningRate(at fraction: Double, _ parameters: SkipGramParameters) -> Float {
        Float(parameters.learningRate - (parameters.learningRate - parameters.minLearningRate) * min(1, fraction))
    }

    /// A uniform draw in [0, 1) with 24 random bits (a Float's precision).
    @inline(__always) static func unit(_ random: inout SplitMix64) -> Float {
        Float(random.next() >> 40) * 0x1p-24
    }

    /// The index of the first cumulative probability above `u` ∈ [0, 1): a draw from the distribution.
    func negative(_ u: Double) -> Int32 {
        negativeCumulative.withUnsafeBufferPointer { cumulative in
            negativeGuide.withUnsafeBufferPointer { guide in
                Self.negative(u, slice: Int(u * Double(1 << Self.guideBits)), cumulative: cumulative.baseAddress!,
                              guide: guide.baseAddress!)
            }
        }
    }

    /// The binary search of ``negative(_:)`` between the guide's entries for `u`'s slice.
    @inline(__always)
    static func negative(_ u: Double, slice: Int, cumulative: UnsafePointer<Double>, guide: UnsafePointer<Int32>) -> Int32 {
        var low = Int(guide[slice]), high = Int(guide[slice + 1])
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] <= u { low = middle + 1 } else { high = middle }
        }
        return Int32(low)
    }

    /// The random stream of one segment in one epoch: each segment's windows, subsampling and
    /// negatives come from a stream of their own, so they do not depend on which thread trains
    /// the segment or what was trained before it.
    static func stream(seed: Int, epoch: Int, segment: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: UInt64(truncatingIfNeeded: seed) &* 0xD1B5_4A32_D192_ED03
                                   &+ UInt64(epoch) &* 0x8CB9_2BA7_2F3D_8DD7 &+ UInt64(segment))
        return SplitMix64(seed: mixer.next())
    }

    /// Runs every epoch: on one thread in order, on several by ``SkipGramRounds`` or ``SkipGramHogwild``.
    func train(progress: Progress) {
        if parameters.threads > 1 {
            if parameters.lockFree == true { SkipGramHogwild(model: self).train(progress: progress) }
            else { SkipGramRounds(model: self).train(progress: progress) }
            return
        }
        let totalWords = Double(max(1, corpus.tokens.count * parameters.epochs))
        let scratch = SkipGramScratch(dimensions: dimensions, parameters: parameters)
        var done = 0
        for epoch in 0..<parameters.epochs {
            for (index, segment) in corpus.segments.enumerated() {
                // The learning rate follows the words read so far, as in word2vec.c.
                let alpha = Self.learningRate(at: Double(done) / totalWords, parameters)
                done += segment.count
                progress.update(String(format: "epoch %d of %d, %.0f%%, learning rate %.5f",
                                       epoch + 1, parameters.epochs, 100 * Double(done) / totalWords, alpha))
                var random = Self.stream(seed: parameters.seed, epoch: epoch, segment: index)
                trainSegment(segment, random: &random, alpha: alpha, input: input, output: output, scratch: scratch)
            }
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

    /// One pass over one segment: subsample it, then for every word and every neighbour within
    /// its dynamic window, one step on the true pair and `negative` random ones.
    ///
    /// The loop is C (`firth_sgns_segment`): the draws follow `random`'s stream in the order
    /// word2vec.c makes them (a keep draw per word that may be dropped; per kept word its
    /// window's reach in 1...window; per neighbour `negative` draws through the guide table), and
    /// as in word2vec.c the context word's W row predicts the centre word's C row, with negatives
    /// equal to the centre word skipped. `SkipGramTests` checks it against the same loop in Swift.
    func trainSegment(_ segment: Range<Int>, random: inout SplitMix64, alpha: Float,
                      input: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>, scratch: SkipGramScratch) {
        var state = random.state
        corpus.tokens.withUnsafeBufferPointer { tokens in
        keepProbability.withUnsafeBufferPointer { keep in
        negativeCumulative.withUnsafeBufferPointer { cumulative in
        negativeGuide.withUnsafeBufferPointer { guide in
            var tables = firth_sgns_tables(keep: keep.baseAddress, cumulative: cumulative.baseAddress, guide: guide.baseAddress,
                                           guide_bits: Int32(Self.guideBits), window: Int32(parameters.window),
                                           negative: Int32(parameters.negative), dimensions: Int32(dimensions))
            firth_sgns_segment(&tables, tokens.baseAddress! + segment.lowerBound, Int32(segment.count), &state, alpha,
                               input, output, &scratch.buffers)
        } } } }
        random = SplitMix64(seed: state)
    }

    /// One stochastic-gradient step on log σ(w·c) (label 1) or log σ(−w·c) (label 0).
    ///
    /// The derivative of either with respect to w is g·c and with respect to c is g·w, where
    /// g = label − σ(w·c); scaled by the learning rate α. The context row c moves now; w's share
    /// is added to `gradient` and applied once all of the pair's k + 1 targets are done, as in
    /// word2vec.c, so every target sees the same w. (Training does this for a whole pair in one
    /// call of the same C kernel.)
    static func step(word w: UnsafeMutablePointer<Float>, context c: UnsafeMutablePointer<Float>, label: Float,
                     learningRate alpha: Float, gradient: UnsafeMutablePointer<Float>, dimensions d: Int32) {
        firth_sgns_step(w, c, label, alpha, d, gradient)
    }

    /// W as a dense matrix, V × d.
    func wordVectors() -> DenseMatrix {
        DenseMatrix(rows: corpus.words.count, columns: dimensions,
                    elements: Array(UnsafeBufferPointer(start: input, count: corpus.words.count * dimensions)))
    }
}

/// One thread's working memory: the subsampled segment, a centre word's pairs (two of them,
/// the next one drawn ahead), w's gradient.
final class SkipGramScratch {
    var buffers: firth_sgns_scratch

    init(dimensions: Int, parameters: SkipGramParameters) {
        let pairs = 2 * 2 * parameters.window   // two centre words, 2·window pairs each
        buffers = firth_sgns_scratch(sentence: .allocate(capacity: SkipGramCorpus.maximumSegmentLength),
                                     contexts: .allocate(capacity: pairs),
                                     targets: .allocate(capacity: pairs * (parameters.negative + 1)),
                                     counts: .allocate(capacity: pairs),
                                     gradient: .allocate(capacity: max(dimensions, 1)))
    }

    deinit {
        buffers.sentence.deallocate()
        buffers.contexts.deallocate()
        buffers.targets.deallocate()
        buffers.counts.deallocate()
        buffers.gradient.deallocate()
    }
}
