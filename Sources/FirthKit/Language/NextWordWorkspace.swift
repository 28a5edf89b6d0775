import Foundation

/// The buffers of word-by-word generation, made once and refilled for every word.
///
/// ``ContextLanguageModel/generate(after:count:sampling:)`` asks for a whole next-word
/// distribution at every word. Made through ``ContextLanguageModel/context(history:sentence:)``
/// and ``ContextLanguageModel/fill(_:after:context:)``, each word allocated a dozen arrays of the
/// vocabulary's size and rebuilt the cache's dictionary from up to C history words. Here the
/// arrays are reused, and the cache is a count per word kept up to date as words are added (it
/// is counted again only when a sentence ends and the history moves). Every number is computed
/// by the same operations in the same order as on that path, so a seed draws the same words.
struct NextWordWorkspace {
    let model: ContextLanguageModel
    /// The window of history words mixed into h, and h.
    var words: [Int32] = []
    var h: [Float] = []
    var hasVector = false
    /// s(w) per model word (0 without a vector) and exp(β s(w)) (1 without a vector). At β 0
    /// nothing needs them but the drawn word's row: `fit` is then not filled (`fitFilled`), and
    /// that word's s(w) is computed alone (the same float: `Int8Matrix.rowDot(_:with:)`).
    var fit: [Float]
    var fitFilled = false
    var factor: [Double]
    /// cos(v_w, h) per row of the model's vectors.
    var cosines: [Float] = []
    /// P_KN(w | last N−1 words) and the combined distribution.
    var ngram: [Double] = []
    var combined: [Double]
    /// The cache: a count per model word, the words counted (each once), and their total.
    var cacheCount: [Int32]
    var cacheWords: [Int32] = []
    var cacheTotal = 0
    /// The sampler's weights.
    var weights: [Double] = []

    init(model: ContextLanguageModel) {
        self.model = model
        let size = model.ngram.vocabulary.count
        fit = [Float](repeating: 0, count: size)
        factor = [Double](repeating: 1, count: size)
        combined = [Double](repeating: 0, count: size)
        cacheCount = [Int32](repeating: 0, count: size)
    }

    /// Counts the cache again: the last C history words and the sentence's words.
    mutating func resetCache(history: ArraySlice<Int32>, sentence: ArraySlice<Int32>) {
        for w in cacheWords { cacheCount[Int(w)] = 0 }
        cacheWords.removeAll(keepingCapacity: true)
        cacheTotal = 0
        guard model.settings.cacheWeight > 0 else { return }
        for w in history.suffix(model.settings.cacheLength) { addToCache(w) }
        for w in sentence { addToCache(w) }
    }

    /// Adds one word of the sentence to the cache.
    mutating func addToCache(_ w: Int32) {
        guard model.settings.cacheWeight > 0, model.isCacheable(w) else { return }
        if cacheCount[Int(w)] == 0 { cacheWords.append(w) }
        cacheCount[Int(w)] += 1
        cacheTotal += 1
    }

    /// Fills `combined` after `sentence` (from `<s>`) following `history`, and returns Z.
    mutating func fill(history: ArraySlice<Int32>, sentence: ArraySlice<Int32>) -> Double {
        let model = self.model
        words = model.window(history: history, sentence: sentence.dropFirst())
        hasVector = model.historyVector(words, into: &h)
        fitFilled = false
        if hasVector && model.settings.beta > 0 {
            model.fillFitAndFactor(h: h, cosines: &cosines, fit: &fit, factor: &factor)
            fitFilled = true
        }
        model.ngram.fillProbabilities(after: sentence.suffix(model.ngram.order - 1), into: &ngram)
        let size = ngram.count
        if combined.count != size { combined = [Double](repeating: 0, count: size) }
        let useFactor = hasVector && model.settings.beta > 0
        let cacheWords = self.cacheWords, cacheTotal = self.cacheTotal, lambda = model.settings.cacheWeight
        var z = 1.0
        // The numbers of ContextLanguageModel.fill, in two passes instead of three: z with
        // p·f kept (`productsAndSum`, as there), then (p·f)·(1/z), times 1 − λ when the cache has words.
        ngram.withUnsafeBufferPointer { p in
            factor.withUnsafeBufferPointer { f in
                cacheCount.withUnsafeBufferPointer { counts in
                    combined.withUnsafeMutableBufferPointer { out in
                        if useFactor {
                            z = ContextLanguageModel.productsAndSum(p, f, into: out)
                            let scale = 1 / z
                            if cacheTotal > 0 {
                                for i in 0..<size { out[i] = out[i] * scale * (1 - lambda) }
                            } else {
                                for i in 0..<size { out[i] = out[i] * scale }
                            }
                        } else if cacheTotal > 0 {
                            for i in 0..<size { out[i] = p[i] * (1 - lambda) }
                        } else {
                            for i in 0..<size { out[i] = p[i] }
                        }
                        if cacheTotal > 0 {
                            for w in cacheWords { out[Int(w)] += lambda * Double(counts[Int(w)]) / Double(cacheTotal) }
                        }
                    }
                }
            }
        }
        return z
    }

    /// s(w) of model word `w` after the last `fill`: 0 without h or without a vector.
    func fit(of w: Int32) -> Float {
        guard hasVector else { return 0 }
        if fitFilled { return fit[Int(w)] }
        guard model.hasVector(w) else { return 0 }
        let row = Int(model.vectorRow[Int(w)])
        return model.vectors.rowDot(row, with: h) - model.prior[row]
    }

    /// The drawn word's row of the table, as ``ContextLanguageModel/nextWords(after:top:)`` makes it.
    func candidate(_ w: Int32, z: Double) -> NextWordCandidate {
        let i = Int(w)
        return NextWordCandidate(
            word: model.ngram.vocabulary[i], ngram: ngram[i], fit: Double(fit(of: w)),
            contextFactor: hasVector && model.settings.beta > 0 ? factor[i] / z : 1,
            cache: cacheTotal > 0 ? Double(cacheCount[i]) / Double(cacheTotal) : 0,
            combined: combined[i],
            clue: hasVector ? model.clue(for: w, words: words, weights: words.map { model.historyWeight[Int($0)] })
                .map { model.ngram.vocabulary[Int($0.word)] } : nil)
    }

    /// One word drawn from `combined` (`<s>` and `<unk>` never): the same draw as
    /// ``ContextLanguageModel/draw(from:sampling:random:)``, without its arrays when neither
    /// top-k nor top-p is asked for.
    mutating func draw(_ sampling: SamplingSettings, random: inout SplitMix64) -> Int {
        if sampling.temperature == 1, sampling.topK == nil, sampling.topP == nil { return drawAsIs(random: &random) }
        if weights.count != combined.count { weights = combined } else {
            weights.withUnsafeMutableBufferPointer { out in combined.withUnsafeBufferPointer { p in for i in 0..<p.count { out[i] = p[i] } } }
        }
        weights[Int(model.ngram.beginID)] = 0
        weights[Int(model.ngram.unknownID)] = 0
        guard sampling.temperature > 0, sampling.topK == nil, sampling.topP == nil else {
            return ContextLanguageModel.draw(from: weights, sampling: sampling, random: &random)
        }
        // The words with p > 0, each weighing p^(1/T) (p itself at T = 1: pow(p, 1) is p), summed
        // as `draw(from:)` sums them (`laneTotal`).
        let exponent = 1 / sampling.temperature
        var total = 0.0, last = -1
        weights.withUnsafeMutableBufferPointer { p in
            last = ContextLanguageModel.lastPositive(UnsafeBufferPointer(p))
            if exponent != 1 { for i in 0..<p.count where p[i] > 0 { p[i] = pow(p[i], exponent) } }
            total = ContextLanguageModel.laneTotal(UnsafeBufferPointer(p))
        }
        guard last >= 0 else { return 0 }
        var u = Double(random.next() >> 11) / Double(1 << 53) * total
        for i in 0..<weights.count where weights[i] > 0 {
            u -= weights[i]
            if u < 0 { return i }
        }
        return last
    }

    /// The draw at T = 1 without top-k or top-p: `draw`'s loops and sums, on `combined` itself
    /// with `<s>` and `<unk>` set to 0 for the draw and put back after it, instead of on a copy.
    /// (Skipping the two ids inside the loops instead cost more instructions than the copy.)
    mutating func drawAsIs(random: inout SplitMix64) -> Int {
        let begin = Int(model.ngram.beginID), unknown = Int(model.ngram.unknownID)
        let kept = (combined[begin], combined[unknown])
        combined[begin] = 0
        combined[unknown] = 0
        defer {
            combined[unknown] = kept.1
            combined[begin] = kept.0
        }
        return combined.withUnsafeBufferPointer { p -> Int in
            let last = ContextLanguageModel.lastPositive(p)
            guard last >= 0 else { return 0 }
            let total = ContextLanguageModel.laneTotal(p)
            var u = Double(random.next() >> 11) / Double(1 << 53) * total
            for i in 0..<p.count where p[i] > 0 {
                u -= p[i]
                if u < 0 { return i }
            }
            return last
        }
    }
}
