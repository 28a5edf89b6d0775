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
/// one matrix–vector product, and those of many histories one matrix–matrix product (BLAS). The
/// model keeps the unit vectors rounded to 8 bits per element with a step per row, and every
/// number it makes (h, c, the cosines, the clue) comes from those rounded values.
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
    /// The unit vectors of the model words that have one, in model id order, rounded to 8 bits
    /// per element (`Int8Matrix`: q · m/127, m the row's largest magnitude): only those rows, so
    /// that each product reads no rows of zeros (the vocabulary of a count table with a
    /// min-count is a fraction of the n-gram model's).
    ///
    /// Every use reads these rounded values: the cosines with h (`Int8Matrix.rowDots`, or sgemm
    /// on the same values as floats for a batch), h, c and the clue, so that `predict`,
    /// `generate` and `perplexity` make one model. Rounding moves each element of a row by at
    /// most half its step, m/254, with signs that vary, so a cosine with a unit h moves little:
    /// on the benchmark corpus's default embedding (500 dimensions) by 3·10⁻⁴ on average and
    /// at most 3·10⁻³ (half precision: 10⁻⁵), which moves exp(β · s(w)) by about 0.1 % at
    /// β 4.5 before Z renormalizes; held-out perplexity moved in its sixth digit
    /// (BENCHMARKS.md). In exchange each product reads half the bytes of half precision: it
    /// runs at the speed of memory, and it is most of the time of generating a word.
    let vectors: Int8Matrix
    /// Per model word, its row of `vectors`, or −1 (no vector; `<s>`, `</s>`, `<unk>`).
    let vectorRow: [Int32]
    /// Per row of `vectors`, its model word (the inverse of `vectorRow`).
    let rowWord: [Int32]
    /// a/(a + p(w)) per model word (0 for words without a vector).
    let historyWeight: [Float]
    /// cos(v_w, c) per row of `vectors`: the fit to the corpus's mean direction, subtracted.
    let prior: [Float]

    /// Aligns `vectors` with the model's vocabulary, rounded to 8 bits per element. The history
    /// weights use the vectors' word frequencies (all weights 1 when the embedding has none).
    ///
    /// One dictionary lookup per embedding word (fewer than the model's words). The rows of the
    /// model's words are rounded into a matrix of their own, in model id order, and the corpus's
    /// mean direction c is summed from those rounded rows in the same order: an embedding of
    /// the same words in another order, or with words the model lacks, gives the same numbers.
    public init(ngram: NGramModel, vectors space: WordVectors, settings: Settings = Settings()) {
        self.ngram = ngram
        self.settings = settings
        self.vectorsName = space.name
        let size = ngram.vocabulary.count, d = space.dimensions
        // The embedding's row of each model word (its first, should a word repeat).
        var sourceRow = [Int32](repeating: -1, count: size)
        for (row, word) in space.words.enumerated() {
            let id = ngram.id(of: word)
            if id != ngram.unknownID && id != ngram.beginID && id != ngram.endID && sourceRow[Int(id)] < 0 {
                sourceRow[Int(id)] = Int32(row)
            }
        }
        var rowOf = [Int32](repeating: -1, count: size)
        var wordOf: [Int32] = []
        for id in 0..<size where sourceRow[id] >= 0 {
            rowOf[id] = Int32(wordOf.count)
            wordOf.append(Int32(id))
        }
        let vectors = space.vectors.withUnsafeBufferPointer { source in
            Int8Matrix(rounding: source, columns: d, rows: wordOf.map { Int(sourceRow[Int($0)]) })
        }
        var weight = [Float](repeating: 0, count: size)
        var centroid = [Double](repeating: 0, count: d)
        let a = settings.frequencyWeighting
        var v: [Float] = []
        for (r, id) in wordOf.enumerated() {
            let p = space.frequencies?[Int(sourceRow[Int(id)])] ?? 0
            weight[Int(id)] = Float(a / (a + p))
            let scale = p * Double(weight[Int(id)])
            vectors.row(r, into: &v)
            for j in 0..<d { centroid[j] += scale * Double(v[j]) }
        }
        let norm = centroid.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let c = centroid.map { Float(norm > 0 ? $0 / norm : 0) }
        self.vectors = vectors
        vectorRow = rowOf
        rowWord = wordOf
        historyWeight = weight
        // cos(v_w, c) per row of `vectors`.
        var prior: [Float] = []
        if !vectors.isEmpty { vectors.rowDots(with: c, into: &prior) }
        self.prior = prior
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
        let batch = cosines(histories: histories.map { $0[...] }, sentences: sentences)
        return histories.indices.map { context(batch, k: $0, history: histories[$0][...]) }
    }

    /// The history words mixed into h: the last L positions of history + sentence, those that
    /// have a vector, oldest first.
    func window(history: ArraySlice<Int32>, sentence: ArraySlice<Int32>) -> [Int32] {
        let total = history.count + sentence.count
        var words: [Int32] = []
        words.reserveCapacity(min(total, settings.historyLength))
        for i in max(0, total - settings.historyLength)..<total {
            let w = i < history.count ? history[history.startIndex + i] : sentence[sentence.startIndex + i - history.count]
            if hasVector(w) { words.append(w) }
        }
        return words
    }

    /// h = Σ a(w_j) · v_j over `words`, in their order, normalized; false when it is 0 (then `h` is 0).
    func historyVector(_ words: [Int32], into h: inout [Float]) -> Bool {
        let d = vectors.columns
        if h.count != d { h = [Float](repeating: 0, count: d) } else { for j in 0..<d { h[j] = 0 } }
        var v: [Float] = []
        for w in words {
            let a = historyWeight[Int(w)]
            vectors.row(Int(vectorRow[Int(w)]), into: &v)
            for j in 0..<d { h[j] += a * v[j] }
        }
        let norm = h.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return false }
        for j in 0..<d { h[j] /= norm }
        return true
    }

    /// The histories' windows, h's, and the cosines of every vector row with each h.
    struct CosineBatch {
        var words: [[Int32]] = []
        var vectors: [[Float]?] = []
        /// rows × (histories with an h); column[k] is history k's column, or −1.
        var cosines = DenseMatrix(rows: 0, columns: 0, repeating: 0)
        var column: [Int] = []
    }

    /// - Parameter decoded: `vectors` as floats (`Int8Matrix.decoded()`), for a caller that makes
    ///   many batches; decoded here when nil and a batch needs it.
    func cosines(histories: [ArraySlice<Int32>], sentences: [ArraySlice<Int32>]?, decoded: DenseMatrix? = nil) -> CosineBatch {
        let d = vectors.columns
        var batch = CosineBatch()
        batch.words.reserveCapacity(histories.count)
        batch.column = [Int](repeating: -1, count: histories.count)
        var rows: [Float] = []
        var h: [Float] = []
        var withVector = 0
        for (k, history) in histories.enumerated() {
            let words = window(history: history, sentence: sentences?[k] ?? [])
            batch.words.append(words)
            if historyVector(words, into: &h) {
                rows.append(contentsOf: h)
                batch.column[k] = withVector
                withVector += 1
                batch.vectors.append(h)
            } else {
                batch.vectors.append(nil)
            }
        }
        // One sgemm: (rows × d) · (d × histories) → cosines, column k for history k, on the rounded
        // vectors as floats. For a single history (predict, each generated word) one matrix–vector
        // product of the bytes (`rowDots`): sgemm would first pack the whole size × d matrix into
        // OpenBLAS's blocks, at every call, which costs more than the product. Both multiply the
        // same values (the product scales its sum of q·x by the row's step, sgemm multiplies the
        // floats q·step) but round in different places, so their cosines differ by float32
        // rounding (about 2γ_d).
        switch withVector {
        case 0: break
        case 1:
            var cosines: [Float] = []
            vectors.rowDots(with: rows, into: &cosines)
            batch.cosines = DenseMatrix(rows: vectors.rows, columns: 1, elements: cosines)
        default:
            let histories = DenseMatrix(rows: withVector, columns: d, elements: rows)
            batch.cosines = (decoded ?? vectors.decoded()).multiplied(by: histories, transposingOther: true)
        }
        return batch
    }

    /// History k's context out of its batch: s(w) and exp(β s(w)) per model word, and the cache.
    func context(_ batch: CosineBatch, k: Int, history: ArraySlice<Int32>) -> SemanticContext {
        let size = vectorRow.count
        var cache: [Int32: Int] = [:]
        var total = 0
        if settings.cacheWeight > 0 {
            for w in history.suffix(settings.cacheLength) where isCacheable(w) {
                cache[w, default: 0] += 1
                total += 1
            }
        }
        var fit = [Float](repeating: 0, count: size)
        var factor: [Double]?
        if batch.column[k] >= 0 {
            let c = batch.column[k], n = batch.cosines.columns
            batch.cosines.withUnsafeBufferPointer { m in
                fillFit(&fit) { r in m[r * n + c] }
            }
            if settings.beta > 0 {
                var f = [Double](repeating: 1, count: size)
                fillFactor(&f, fit: fit)
                factor = f
            }
        }
        return SemanticContext(vector: batch.vectors[k], fit: fit, factor: factor, cache: cache, cacheTotal: total,
                               historyWords: batch.words[k], historyWeights: batch.words[k].map { historyWeight[Int($0)] })
    }

    /// fit[w] = cos(v_w, h) − cos(v_w, c) for the words with a vector (the others are left alone).
    @inline(__always)
    func fillFit(_ fit: inout [Float], cosine: (Int) -> Float) {
        fit.withUnsafeMutableBufferPointer { out in
            for r in 0..<rowWord.count { out[Int(rowWord[r])] = cosine(r) - prior[r] }
        }
    }

    /// `fillFit` and `fillFactor` for one h, each part of the rows done on the thread that
    /// summed its cosines (`Int8Matrix.rowDots(with:into:then:)`): the same numbers, with the
    /// exp of every word spread over all cores instead of after the product on one.
    func fillFitAndFactor(h: [Float], cosines: inout [Float], fit: inout [Float], factor: inout [Double]) {
        precondition(fit.count == vectorRow.count && factor.count == vectorRow.count)
        let beta = settings.beta
        fit.withUnsafeMutableBufferPointer { fitOut in
            factor.withUnsafeMutableBufferPointer { factorOut in
                rowWord.withUnsafeBufferPointer { words in
                    prior.withUnsafeBufferPointer { prior in
                        // Each row is one word (`rowWord` has no repeats), so parts write apart.
                        nonisolated(unsafe) let fitOut = fitOut, factorOut = factorOut, words = words, prior = prior
                        vectors.rowDots(with: h, into: &cosines) { rows, cosine in
                            for r in rows {
                                let w = Int(words[r])
                                let s = cosine[r] - prior[r]
                                fitOut[w] = s
                                factorOut[w] = exp(beta * Double(s))
                            }
                        }
                    }
                }
            }
        }
    }

    /// factor[w] = exp(β · fit[w]) for the words with a vector; the others keep exp(0) = 1.
    func fillFactor(_ factor: inout [Double], fit: [Float]) {
        let beta = settings.beta
        factor.withUnsafeMutableBufferPointer { out in
            for w in rowWord { out[Int(w)] = exp(beta * Double(fit[Int(w)])) }
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
            z = p.withUnsafeBufferPointer { p in
                factor.withUnsafeBufferPointer { f in
                    distribution.combined.withUnsafeMutableBufferPointer { out in Self.productsAndSum(p, f, into: out) }
                }
            }
            let scale = 1 / z
            for i in 0..<p.count { distribution.combined[i] = distribution.combined[i] * scale }
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

    /// Z = Σ p[i] · f[i], with out[i] = p[i] · f[i].
    ///
    /// The sum runs in four interleaved lanes, added as (z0 + z1) + (z2 + z3): with one running
    /// sum every addition waits for the one before (four cycles each, over the whole vocabulary
    /// at every generated word), with four the adder stays busy. `fill` and generation's
    /// workspace both make Z here, so that they agree exactly.
    @inline(__always)
    static func productsAndSum(_ p: UnsafeBufferPointer<Double>, _ f: UnsafeBufferPointer<Double>,
                               into out: UnsafeMutableBufferPointer<Double>) -> Double {
        precondition(f.count == p.count && out.count == p.count)
        var z0 = 0.0, z1 = 0.0, z2 = 0.0, z3 = 0.0
        var i = 0
        while i + 4 <= p.count {
            let q0 = p[i] * f[i], q1 = p[i + 1] * f[i + 1], q2 = p[i + 2] * f[i + 2], q3 = p[i + 3] * f[i + 3]
            out[i] = q0
            out[i + 1] = q1
            out[i + 2] = q2
            out[i + 3] = q3
            z0 += q0
            z1 += q1
            z2 += q2
            z3 += q3
            i += 4
        }
        while i < p.count {
            let q = p[i] * f[i]
            out[i] = q
            z0 += q
            i += 1
        }
        return (z0 + z1) + (z2 + z3)
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
        guard context.vector != nil else { return nil }
        return clue(for: word, words: context.historyWords, weights: context.historyWeights)
    }

    func clue(for word: Int32, words: [Int32], weights: [Float]) -> (word: Int32, score: Float)? {
        guard hasVector(word) else { return nil }
        let d = vectors.columns
        var best: (word: Int32, score: Float)?
        let e = vectors.row(Int(vectorRow[Int(word)]))
        var other: [Float] = []
        for (w, a) in zip(words, weights) where w != word {
            vectors.row(Int(vectorRow[Int(w)]), into: &other)
            var dot: Float = 0
            for j in 0..<d { dot += e[j] * other[j] }
            let score = a * dot
            if best == nil || score > best!.score { best = (w, score) }
        }
        return best
    }

    /// Whether model word `w` has a vector.
    func hasVector(_ w: Int32) -> Bool { w >= 0 && Int(w) < vectorRow.count && vectorRow[Int(w)] >= 0 }

    func isCacheable(_ w: Int32) -> Bool {
        w >= 0 && Int(w) < ngram.vocabulary.count && w != ngram.unknownID && w != ngram.beginID && w != ngram.endID
    }
}
