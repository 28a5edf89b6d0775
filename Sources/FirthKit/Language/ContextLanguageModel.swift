import Foundation

/// An n-gram model whose next-word distribution also looks at the meaning of the whole history.
///
/// The n-gram sees only the last N−1 words. The context model adds what the text before them is
/// about, in two terms (`SemanticContext` holds both for one history):
///
/// ```
/// h          = Σ_j a/(a + p(w_j)) · v_j, normalized     the last L history words, frequent ones weighed down
/// s(w)       = cos(v_w, h) − cos(v_w, c)                c: the same mean over the whole corpus
/// P_sem(w)   = P_KN(w | last N−1 words) · exp(β · s(w)) / Z      Z sums it over the vocabulary
/// P(w)       = (1 − λ) · P_sem(w) + λ · #(w in the cache) / #cache     C words before the sentence + the sentence so far
/// ```
///
/// The first term is Bellegarda's (2000) integration of a semantic space with an n-gram, as a
/// log-linear product: every candidate is weighed by how well its vector fits the history's.
/// Subtracting its fit to the corpus's mean direction c is the per-word prior correction: count
/// vectors of frequent words lean toward every history alike, and without it the term pushes
/// probability toward them (measured: a plain cosine raised perplexity). The second is Kuhn &
/// De Mori's (1990) cache: words of this text come back. β = 0 and λ = 0 give the n-gram model
/// exactly. Z is one pass over the n-gram's distribution; the cosines of every word with h are
/// one matrix–vector product, and those of many histories one matrix–matrix product (BLAS).
///
/// ```swift
/// let model = ContextLanguageModel(ngram: trigram, vectors: vectors)
/// let context = model.context(history: ids)              // once per history
/// model.fillProbabilities(after: ids[...], context: context, into: &p)   // sums to 1
/// ```
public struct ContextLanguageModel: Sendable {
    /// The knobs, each recorded with the results it made.
    public struct Settings: Sendable, Equatable, Codable {
        // Fitted on a development split of held-out documents of the benchmark corpus (trigram,
        // 12 k tokens), never on the test documents: β 4.5 with λ 0.2 and C 3000 lowered perplexity
        // 27 %; β 3 26 %; β 0 (the cache alone) 21–22 %; λ 0 (the semantic term alone) 6 % at β 3.
        // L 50, 200, 1000 were within a point. Figures in BENCHMARKS.md.
        /// β, the weight of the semantic term (0: off).
        public var beta = 4.5
        /// L, the history words mixed into h (the most recent ones).
        public var historyLength = 200
        /// λ, the share of the cache distribution (0: off).
        public var cacheWeight = 0.2
        /// C, the history words the cache remembers.
        public var cacheLength = 3000
        /// a of the frequency weighting a/(a + p(w)) (Arora et al. 2017), as in `firth attend`.
        public var frequencyWeighting = 1e-3

        public init() {}

        public func validate() throws {
            guard beta >= 0, beta.isFinite else { throw FirthError.invalidOption("β (the semantic weight) must be 0 or more, got \(beta)") }
            guard historyLength >= 1 else { throw FirthError.invalidOption("the history length must be at least 1 word, got \(historyLength)") }
            guard cacheWeight >= 0, cacheWeight < 1 else { throw FirthError.invalidOption("the cache weight must be at least 0 and below 1, got \(cacheWeight)") }
            guard cacheLength >= 1 else { throw FirthError.invalidOption("the cache length must be at least 1 word, got \(cacheLength)") }
            guard frequencyWeighting > 0 else { throw FirthError.invalidOption("the frequency weighting must be positive, got \(frequencyWeighting)") }
        }
    }

    public let ngram: NGramModel
    public let settings: Settings
    /// The embedding the vectors come from.
    public let vectorsName: String
    /// The unit vectors of the model words that have one, in model id order: only those rows, so
    /// that each product reads no rows of zeros (the vocabulary of a count table with a min-count
    /// is a fraction of the n-gram model's).
    let vectors: DenseMatrix
    /// Per model word, its row of `vectors`, or −1 (no vector; `<s>`, `</s>`, `<unk>`).
    let vectorRow: [Int32]
    /// a/(a + p(w)) per model word (0 for words without a vector).
    let historyWeight: [Float]
    /// cos(v_w, c) per row of `vectors`: the fit to the corpus's mean direction, subtracted.
    let prior: [Float]

    /// Aligns `vectors` with the model's vocabulary. The history weights use the vectors' word
    /// frequencies (all weights 1 when the embedding has none).
    public init(ngram: NGramModel, vectors space: WordVectors, settings: Settings = Settings()) {
        self.ngram = ngram
        self.settings = settings
        self.vectorsName = space.name
        let size = ngram.vocabulary.count, d = space.dimensions
        var elements: [Float] = []
        var rowOf = [Int32](repeating: -1, count: size)
        var weight = [Float](repeating: 0, count: size)
        var centroid = [Double](repeating: 0, count: d)
        let a = settings.frequencyWeighting
        for (id, word) in ngram.vocabulary.enumerated() where Int32(id) != ngram.unknownID && Int32(id) != ngram.beginID && Int32(id) != ngram.endID {
            guard let row = space.rowIfPresent(word) else { continue }
            rowOf[id] = Int32(elements.count / max(d, 1))
            let p = space.frequencies?[row] ?? 0
            weight[id] = Float(a / (a + p))
            space.vectors.withRow(row) { v in
                for j in 0..<d {
                    elements.append(v[j])
                    centroid[j] += p * Double(weight[id]) * Double(v[j])
                }
            }
        }
        let norm = centroid.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let c = centroid.map { Float(norm > 0 ? $0 / norm : 0) }
        vectors = DenseMatrix(rows: d > 0 ? elements.count / d : 0, columns: d, elements: elements)
        vectorRow = rowOf
        historyWeight = weight
        // cos(v_w, c) per row of `vectors`.
        prior = vectors.rows > 0 && d > 0 ? vectors.dotProducts(with: c) : []
    }

    /// What the history contributes, for every candidate word: the semantic factor and the cache.
    public struct SemanticContext: Sendable {
        /// The normalized history vector h; nil when no history word has a vector.
        public let vector: [Float]?
        /// s(w) = cos(v_w, h) − cos(v_w, c) per model word (0 for all when h is nil).
        public let fit: [Float]
        /// exp(β · s(w)) per model word (nil when the term is off: β = 0 or no h).
        public let factor: [Double]?
        /// The history words the cache counts, with their counts, and their total.
        public let cache: [Int32: Int]
        public let cacheTotal: Int
        /// The history ids the vector was made of, most recent last, with their weights.
        public let historyWords: [Int32]
        public let historyWeights: [Float]
    }

    /// The semantic context of one history (model ids, most recent last).
    ///
    /// - Parameters:
    ///   - history: the words before the current sentence (h and the cache).
    ///   - sentence: words of the current sentence so far to mix into h as well (the cache
    ///     counts them at each position anyway); `firth perplexity` leaves them out so that one
    ///     h serves a whole sentence.
    public func context(history: [Int32], sentence: ArraySlice<Int32> = []) -> SemanticContext {
        contexts(histories: [history], sentences: [sentence])[0]
    }

    /// The semantic contexts of many histories, their cosines in one matrix–matrix product.
    public func contexts(histories: [[Int32]], sentences: [ArraySlice<Int32>]? = nil) -> [SemanticContext] {
        let d = vectors.columns, size = vectorRow.count
        var parts: [(words: [Int32], weights: [Float], vector: [Float]?)] = []
        parts.reserveCapacity(histories.count)
        var rows: [Float] = []
        var withVector: [Int] = []
        for (k, history) in histories.enumerated() {
            let words = (history + (sentences?[k] ?? [])).suffix(settings.historyLength).filter { hasVector($0) }
            let weights = words.map { historyWeight[Int($0)] }
            var h = [Float](repeating: 0, count: d)
            vectors.withUnsafeBufferPointer { e in
                for (w, a) in zip(words, weights) {
                    let base = Int(vectorRow[Int(w)]) * d
                    for j in 0..<d { h[j] += a * e[base + j] }
                }
            }
            let norm = h.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 {
                for j in 0..<d { h[j] /= norm }
                rows.append(contentsOf: h)
                withVector.append(k)
                parts.append((words, weights, h))
            } else {
                parts.append((words, weights, nil))
            }
        }
        // One sgemm: (rows × d) · (d × histories) → cosines, column k for history k. For a single
        // history (predict, each generated word) one sgemv: sgemm would first pack the whole
        // size × d matrix into OpenBLAS's blocks, at every call, which costs more than the product.
        // The two sum in different orders, so their cosines differ by float32 rounding (≤ 2γ_d).
        let cosines: DenseMatrix
        switch withVector.count {
        case 0: cosines = DenseMatrix(rows: 0, columns: 0, repeating: 0)
        case 1: cosines = DenseMatrix(rows: vectors.rows, columns: 1, elements: vectors.dotProducts(with: rows))
        default: cosines = vectors.multiplied(by: DenseMatrix(rows: withVector.count, columns: d, elements: rows), transposingOther: true)
        }
        var column = [Int](repeating: -1, count: histories.count)
        for (c, k) in withVector.enumerated() { column[k] = c }
        return histories.indices.map { k in
            var cache: [Int32: Int] = [:]
            var total = 0
            if settings.cacheWeight > 0 {
                for w in histories[k].suffix(settings.cacheLength) where isCacheable(w) {
                    cache[w, default: 0] += 1
                    total += 1
                }
            }
            var fit = [Float](repeating: 0, count: size)
            var factor: [Double]?
            if column[k] >= 0 {
                let c = column[k], n = withVector.count
                cosines.withUnsafeBufferPointer { m in
                    for i in 0..<size {
                        let r = Int(vectorRow[i])
                        if r >= 0 { fit[i] = m[r * n + c] - prior[r] }
                    }
                }
                if settings.beta > 0 { factor = fit.map { exp(settings.beta * Double($0)) } }
            }
            return SemanticContext(vector: parts[k].vector, fit: fit, factor: factor, cache: cache, cacheTotal: total,
                                   historyWords: parts[k].words, historyWeights: parts[k].weights)
        }
    }

    /// The n-gram distribution, the combined one and Z, after `prefix` (the sentence so far,
    /// beginning with `<s>`) in `context`.
    public struct Distribution: Sendable {
        /// P_KN(w | last N−1 words), per model word.
        public var ngram: [Double] = []
        /// P(w | whole history), per model word; sums to 1.
        public var combined: [Double] = []
        public init() {}
    }

    /// Fills both distributions after `prefix` (sentence ids so far, from `<s>`) and returns Z.
    ///
    /// `context` is the semantic context of the history; the cache also counts `prefix`'s words.
    @discardableResult
    public func fill(_ distribution: inout Distribution, after prefix: ArraySlice<Int32>, context: SemanticContext) -> Double {
        ngram.fillProbabilities(after: prefix.suffix(ngram.order - 1), into: &distribution.ngram)
        let p = distribution.ngram
        if distribution.combined.count != p.count { distribution.combined = p }
        var z = 1.0
        if let factor = context.factor {
            z = 0
            for i in 0..<p.count { z += p[i] * factor[i] }
            let scale = 1 / z
            for i in 0..<p.count { distribution.combined[i] = p[i] * factor[i] * scale }
        } else {
            for i in 0..<p.count { distribution.combined[i] = p[i] }
        }
        let (counts, total) = cacheCounts(context, prefix: prefix)
        if total > 0 {
            let lambda = settings.cacheWeight
            for i in 0..<p.count { distribution.combined[i] *= 1 - lambda }
            for (w, n) in counts { distribution.combined[Int(w)] += lambda * Double(n) / Double(total) }
        }
        return z
    }

    /// log10 P(word | history) of the combined model, given P_KN(word | prefix) and Z after the
    /// prefix. O(1) but for the cache's count of the prefix.
    func log10Probability(of word: Int32, ngramProbability: Double, z: Double, prefix: ArraySlice<Int32>, context: SemanticContext) -> Double {
        var probability = ngramProbability
        if let factor = context.factor { probability *= factor[Int(word)] / z }
        if settings.cacheWeight > 0 {
            var count = context.cache[word] ?? 0, total = context.cacheTotal
            for w in prefix where isCacheable(w) {
                total += 1
                if w == word { count += 1 }
            }
            if total > 0 {
                probability = (1 - settings.cacheWeight) * probability + settings.cacheWeight * Double(count) / Double(total)
            }
        }
        return log10(probability)
    }

    /// The cache's counts: the C history words before the sentence, plus the sentence so far.
    func cacheCounts(_ context: SemanticContext, prefix: ArraySlice<Int32>) -> (counts: [Int32: Int], total: Int) {
        guard settings.cacheWeight > 0 else { return ([:], 0) }
        let own = prefix.filter(isCacheable)
        if own.isEmpty { return (context.cache, context.cacheTotal) }
        var counts = context.cache
        for w in own { counts[w, default: 0] += 1 }
        return (counts, context.cacheTotal + own.count)
    }

    /// The history word that most supports `word`: the largest weight · cos(v_word, v_j) among
    /// the words mixed into h, with that score; nil without a vector or history.
    public func clue(for word: Int32, in context: SemanticContext) -> (word: Int32, score: Float)? {
        guard context.vector != nil, hasVector(word) else { return nil }
        let d = vectors.columns
        var best: (word: Int32, score: Float)?
        vectors.withUnsafeBufferPointer { e in
            let base = Int(vectorRow[Int(word)]) * d
            for (w, a) in zip(context.historyWords, context.historyWeights) where w != word {
                let other = Int(vectorRow[Int(w)]) * d
                var dot: Float = 0
                for j in 0..<d { dot += e[base + j] * e[other + j] }
                let score = a * dot
                if best == nil || score > best!.score { best = (w, score) }
            }
        }
        return best
    }

    /// Whether model word `w` has a vector.
    func hasVector(_ w: Int32) -> Bool { w >= 0 && Int(w) < vectorRow.count && vectorRow[Int(w)] >= 0 }

    func isCacheable(_ w: Int32) -> Bool {
        w >= 0 && Int(w) < ngram.vocabulary.count && w != ngram.unknownID && w != ngram.beginID && w != ngram.endID
    }
}
