import Foundation

extension ContextLanguageModel {
    /// Scores held-out documents (each a list of sentences) the way ``PerplexityEvaluation``
    /// scores sentences, with each sentence's history the document's text before it.
    ///
    /// h and the cache's history are made once per sentence (the text before it), the cosines of
    /// a batch of sentences in one matrix–matrix product; inside the sentence the n-gram and the
    /// cache move on word by word. OOVs are counted apart as in ``PerplexityScore``, against the
    /// n-gram model's vocabulary.
    ///
    /// - Parameter batch: sentences whose contexts are made in one product.
    public func score(documents: [[[String]]], name: String = "with context", batch: Int = 256,
                      progress: Progress = .silent) -> PerplexityScore {
        var score = PerplexityScore(model: name)
        var p: [Double] = [0]
        var scratch = SparseDistribution(size: ngram.vocabulary.count)
        let total = documents.reduce(0) { $0 + $1.count }
        var done = 0
        let decoded = documents.isEmpty || vectors.isEmpty ? nil : vectors.decoded()   // once for every batch
        for sentences in documents {
            let ids = sentences.map { ngram.sentenceIDs($0) }        // <s> w1 … wn </s>
            var starts: [Int] = []                                   // where each sentence's words begin in `history`
            var history: [Int32] = []
            for sentence in ids {
                starts.append(history.count)
                history.append(contentsOf: sentence.dropFirst().dropLast())
            }
            var first = 0
            while first < ids.count {
                let last = min(first + batch, ids.count)
                // The batch's cosines in one product; each sentence's context (two vocabulary-sized
                // arrays) made only when it is scored, so a batch holds one at a time.
                let before = (first..<last).map { history[max(0, starts[$0] - max(settings.historyLength, settings.cacheLength))..<starts[$0]] }
                let batch = cosines(histories: before, sentences: nil, decoded: decoded)
                for k in first..<last where ids[k].count > 2 {
                    let sentence = ids[k], words = sentences[k]
                    let context = self.context(batch, k: k - first, history: before[k - first])
                    score.sentences += 1
                    let zUnigram = context.factor.map { f in zip(ngram.levels[0].probability, f).reduce(0.0) { $0 + $1.0 * $1.1 } } ?? 1
                    for i in 1..<sentence.count {
                        let prefix = sentence[0..<i]
                        let z = scratch.expectation(of: context.factor, zUnigram: zUnigram, model: ngram,
                                                    after: prefix.suffix(ngram.order - 1), word: sentence[i], into: &p)
                        let value = log10Probability(of: sentence[i], ngramProbability: p[0], z: z, prefix: prefix.dropFirst(), context: context)
                        score.tokens += 1
                        if i < sentence.count - 1 && !ngram.contains(words[i - 1]) {
                            score.oovs += 1
                            score.log10ProbabilityOfOOVs += value
                        } else {
                            score.log10Probability += value
                        }
                    }
                }
                done += last - first
                progress.update("\(done) of \(total) sentences")
                first = last
            }
        }
        progress.finish()
        return score
    }
}

/// The n-gram's distribution after a history, kept sparse: G · P_unigram(v) for every word, except
/// the words seen after the history's contexts, whose values are set explicitly. Z = Σ_v P(v) f(v)
/// then costs the contexts' children instead of a pass over the vocabulary.
struct SparseDistribution {
    var value: [Double]
    var marked: [Bool]
    var touched: [Int32] = []

    init(size: Int) {
        value = [Double](repeating: 0, count: size)
        marked = [Bool](repeating: false, count: size)
    }

    /// Returns Z = Σ_v P_KN(v | history) f(v) (1 without f) and sets `probability[0]` to P_KN(word | history).
    ///
    /// The same steps as ``NGramModel/fillProbabilities(after:into:)``: after each context the
    /// words keep their value times γ, and the context's children take their stored probability.
    mutating func expectation(of f: [Double]?, zUnigram: Double, model: NGramModel, after history: ArraySlice<Int32>,
                              word: Int32, into probability: inout [Double]) -> Double {
        let unigram = model.levels[0].probability
        var g = 1.0
        var j = 0
        model.forEachContext(of: history) { context in
            let gamma = model.levels[j].backoff[Int(context)]
            g *= gamma
            if gamma != 1 { for t in touched { value[Int(t)] *= gamma } }
            let next = model.levels[j + 1]
            for n in Int(next.childStart[Int(context)])..<Int(next.childStart[Int(context) + 1]) {
                let v = next.word[n]
                if !marked[Int(v)] { marked[Int(v)] = true; touched.append(v) }
                value[Int(v)] = next.probability[n]
            }
            j += 1
        }
        probability[0] = marked[Int(word)] ? value[Int(word)] : g * unigram[Int(word)]
        var z = 1.0
        if let f {
            z = g * zUnigram
            for t in touched { z += (value[Int(t)] - g * unigram[Int(t)]) * f[Int(t)] }
        }
        for t in touched { marked[Int(t)] = false }
        touched.removeAll(keepingCapacity: true)
        return z
    }
}
