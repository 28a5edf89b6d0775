import Foundation

/// An interpolated modified Kneser-Ney model loaded from the store, read-only, in memory.
///
/// It holds what an ARPA file holds: for every stored n-gram its interpolated probability and,
/// for every n-gram that is a context, its backoff weight γ. A word after a history is scored
/// the way KenLM scores it: the longest stored n-gram that ends the history with the word gives
/// the probability, times the backoffs of the longer contexts that were stored without it
/// (which equals the interpolated p(w|h) = u(w|h) + γ(h)·p(w|h′) of the estimate).
///
/// The n-grams of each order are kept as a trie in flat arrays: the children of a context
/// (the n-grams that extend it by one word) are consecutive and sorted by word, so a lookup is
/// a binary search among a context's children.
///
/// ```swift
/// let model = try store.languageModel().model
/// let history: [Int32] = [model.beginID, model.id(of: "the")]
/// model.log10Probability(of: model.id(of: "lord"), after: history[...])
/// ```
public struct NGramModel: Sendable {
    /// The longest n-gram.
    public let order: Int
    /// The words: index = model word id; 0 `<unk>`, 1 `<s>`, 2 `</s>`, then by frequency.
    public let vocabulary: [String]
    public let unknownID: Int32 = 0, beginID: Int32 = 1, endID: Int32 = 2
    private let ids: [String: Int32]

    /// Order k (1-based) is `levels[k - 1]`.
    struct Level: Sendable {
        /// Interpolated probability of each n-gram of this order (linear).
        var probability: [Double]
        /// γ of each n-gram as a context (1 when it is not one); empty at the highest order,
        /// whose n-grams are never contexts.
        var backoff: [Double]
        /// The last word of each n-gram (for unigrams the index is the word).
        var word: [Int32]
        /// For order k ≥ 2: the n-grams extending context c of order k-1 are childStart[c] ..< childStart[c+1].
        var childStart: [Int32]
    }
    let levels: [Level]

    init(order: Int, vocabulary: [String], levels: [Level]) {
        self.order = order
        self.vocabulary = vocabulary
        self.levels = levels
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(vocabulary.count)
        for (i, word) in vocabulary.enumerated() { ids[word] = Int32(i) }
        self.ids = ids
    }

    /// Distinct n-grams of each order, unigrams first.
    public var ngramCounts: [Int] { levels.map(\.probability.count) }

    /// The model's id of `word`, `unknownID` when it is not in the vocabulary.
    public func id(of word: String) -> Int32 { ids[word] ?? unknownID }

    /// The model's ids of `words`, unknown words as `unknownID`.
    public func ids(of words: [String]) -> [Int32] { words.map { id(of: $0) } }

    /// Whether `word` is one of the model's words (not counting `<unk>`).
    public func contains(_ word: String) -> Bool { ids[word].map { $0 != unknownID } ?? false }

    /// The n-gram of order k+1 that extends the order-k n-gram `context` with `word`, if stored.
    @inline(__always)
    func child(of context: Int32, at k: Int, word: Int32) -> Int32? {
        let level = levels[k]
        var low = Int(level.childStart[Int(context)]), high = Int(level.childStart[Int(context) + 1])
        while low < high {
            let mid = (low + high) / 2
            let w = level.word[mid]
            if w == word { return Int32(mid) }
            if w < word { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// contexts[j] = index of the stored j-gram made of the last j words of `history`
    /// (j = 1 … up to order-1), as long as they are stored.
    func contexts(of history: ArraySlice<Int32>) -> [Int32] {
        var contexts: [Int32] = []
        contexts.reserveCapacity(order - 1)
        forEachContext(of: history) { contexts.append($0) }
        return contexts
    }

    /// Calls `body` with the stored j-gram ending `history`, for j = 1, 2, … as long as one is
    /// stored (at most order−1 of them), without allocating.
    @inline(__always)
    func forEachContext(of history: ArraySlice<Int32>, _ body: (Int32) -> Void) {
        let usable = min(order - 1, history.count)
        guard usable > 0 else { return }
        let end = history.endIndex
        for length in 1...usable {
            let start = end - length
            var node = history[start]
            guard node >= 0, Int(node) < vocabulary.count else { return }
            for k in 1..<length {
                guard let next = child(of: node, at: k, word: history[start + k]) else { return }
                node = next
            }
            body(node)
        }
    }

    /// log10 P(word | the last order-1 ids of history), as KenLM reports it.
    ///
    /// `<s>` is never predicted: its probability is 0 (−∞ here). Allocates nothing: the
    /// substitutes call it for every candidate word.
    public func log10Probability(of word: Int32, after history: ArraySlice<Int32>) -> Double {
        let word = (0..<Int32(vocabulary.count)).contains(word) ? word : unknownID
        // At most order − 1 ≤ 4 contexts: kept in a tuple on the stack.
        var found: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
        var count = 0
        forEachContext(of: history) { node in
            guard count < 4 else { return }
            withUnsafeMutableBytes(of: &found) { $0.storeBytes(of: node, toByteOffset: count * 4, as: Int32.self) }
            count += 1
        }
        return withUnsafeBytes(of: found) { raw -> Double in
            var logBackoff = 0.0
            var j = count
            while j > 0 {
                let context = raw.load(fromByteOffset: (j - 1) * 4, as: Int32.self)
                if let n = child(of: context, at: j, word: word) {
                    return log10(levels[j].probability[Int(n)]) + logBackoff
                }
                logBackoff += log10(levels[j - 1].backoff[Int(context)])
                j -= 1
            }
            return log10(levels[0].probability[Int(word)]) + logBackoff
        }
    }

    /// The whole next-word distribution after `history`, one probability per vocabulary id
    /// (sums to 1; `<s>` gets 0).
    ///
    /// After context j every word keeps its lower-order value times γ of the context, and the
    /// words seen after the context take their order-(j+1) probability instead. Done in one pass
    /// over the vocabulary: each word's unigram probability times the γ's of all the contexts
    /// (multiplied in the same order as context by context, so the doubles are the same), then
    /// each context's children set to their probability times the γ's of the longer contexts.
    ///
    /// - Complexity: O(vocabulary) per call, one pass, plus the children of the contexts.
    public func fillProbabilities(after history: ArraySlice<Int32>, into output: inout [Double]) {
        // At most order − 1 ≤ 4 contexts, with their γ's: kept in tuples on the stack.
        var found: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
        var gammas: (Double, Double, Double, Double) = (1, 1, 1, 1)
        var count = 0
        forEachContext(of: history) { node in
            guard count < 4 else { return }
            let gamma = levels[count].backoff[Int(node)]
            switch count {
            case 0: found.0 = node; gammas.0 = gamma
            case 1: found.1 = node; gammas.1 = gamma
            case 2: found.2 = node; gammas.2 = gamma
            default: found.3 = node; gammas.3 = gamma
            }
            count += 1
        }
        let context = [found.0, found.1, found.2, found.3], gamma = [gammas.0, gammas.1, gammas.2, gammas.3]
        let size = levels[0].probability.count
        if output.count != size { output = [Double](repeating: 0, count: size) }
        output.withUnsafeMutableBufferPointer { out in
            levels[0].probability.withUnsafeBufferPointer { u in
                let (g0, g1, g2, g3) = gammas
                switch count {
                case 0: for i in 0..<size { out[i] = u[i] }
                case 1: for i in 0..<size { out[i] = u[i] * g0 }
                case 2: for i in 0..<size { out[i] = u[i] * g0 * g1 }
                case 3: for i in 0..<size { out[i] = u[i] * g0 * g1 * g2 }
                default: for i in 0..<size { out[i] = u[i] * g0 * g1 * g2 * g3 }
                }
            }
            for j in 0..<count {
                let next = levels[j + 1]
                let start = Int(next.childStart[Int(context[j])]), end = Int(next.childStart[Int(context[j]) + 1])
                next.probability.withUnsafeBufferPointer { p in
                    next.word.withUnsafeBufferPointer { w in
                        for n in start..<end {
                            var value = p[n]
                            for k in (j + 1)..<count { value *= gamma[k] }
                            out[Int(w[n])] = value
                        }
                    }
                }
            }
        }
    }
}
