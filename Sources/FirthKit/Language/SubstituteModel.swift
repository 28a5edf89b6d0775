import Foundation

/// The words that could stand in one word's place in a sentence, given the words on both sides.
///
/// A next-word model reads only the left side. A substitute distribution (Yuret 2012, "FASTSUBS";
/// Baskaya et al. 2013, "AI-KU: Using substitute vectors and co-occurrence modeling for word sense
/// induction") also asks the words after the gap whether they would follow each candidate:
///
/// ```
/// P(w | left, right) ∝ P(w | w_{i−N+1} … w_{i−1}) · Π_{j=1…N−1} P(w_{i+j} | … w … w_{i+j−1})
/// ```
///
/// with w put at position i of every n-gram window that covers it (the N−1 words after the gap,
/// `</s>` counted when the sentence ends sooner), normalized over the candidates. In "the river
/// bank flooded" the left side alone ("the river ___") expects anything that follows a river;
/// "___ flooded" keeps the words that something floods after.
///
/// The candidates are the whole vocabulary but `<s>`, `<unk>` and `</s>`: a substitute is a word,
/// and `</s>` in the gap would end the sentence before its right side. The focus word itself is
/// a candidate like any other (a word fits its own place, and how well is worth seeing).
///
/// - Complexity: per occurrence, one next-word distribution (O(V)) and (N−1) n-gram lookups per
///   candidate, with no allocation per candidate beyond what a lookup does.
///
/// ```swift
/// let model = SubstituteModel(ngram: trigram)
/// let ids = trigram.ids(of: ["the", "bank", "approved", "the", "loan"])
/// let distribution = model.distribution(sentence: ids, focus: 1)
/// distribution.top(5)        // lender, government, company, …
/// ```
public struct SubstituteModel: Sendable {
    public let ngram: NGramModel
    /// Whether the words after the gap count (false: the left side only, a next-word prediction).
    public var rightContext: Bool
    /// The model ids that can be substitutes.
    public let candidates: [Int32]

    public init(ngram: NGramModel, rightContext: Bool = true) {
        self.ngram = ngram
        self.rightContext = rightContext
        let excluded: Set<Int32> = [ngram.beginID, ngram.unknownID, ngram.endID]
        candidates = (0..<Int32(ngram.vocabulary.count)).filter { !excluded.contains($0) }
    }

    /// The substitute distribution for the word at `focus` (0-based) of `sentence`, a sentence's
    /// model ids without `<s>` and `</s>` (unknown words as `<unk>`; the focus id itself is not read).
    public func distribution(sentence: [Int32], focus: Int) -> SubstituteDistribution {
        precondition(sentence.indices.contains(focus), "the focus must be a position of the sentence")
        let n = ngram.order
        var ids = [ngram.beginID] + sentence + [ngram.endID]
        let gap = focus + 1
        let size = ngram.vocabulary.count
        var left: [Double] = []
        ngram.fillProbabilities(after: ids[max(0, gap - (n - 1))..<gap], into: &left)

        // Scores in log10: P(w | left) times each right factor, the largest subtracted before exp.
        var score = [Double](repeating: -.infinity, count: size)
        let rights = rightContext ? Array((gap + 1)..<min(gap + n, ids.count)) : []
        var leftTotal = 0.0
        for w in candidates { leftTotal += left[Int(w)] }
        for w in candidates {
            var s = log10(left[Int(w)])
            if !rights.isEmpty {
                ids[gap] = w
                for q in rights {
                    s += ngram.log10Probability(of: ids[q], after: ids[max(0, q - (n - 1))..<q])
                }
            }
            score[Int(w)] = s
        }
        var highest = -Double.infinity
        for w in candidates where score[Int(w)] > highest { highest = score[Int(w)] }
        var probability = [Double](repeating: 0, count: size)
        var total = 0.0
        for w in candidates {
            let p = pow(10, score[Int(w)] - highest)
            probability[Int(w)] = p
            total += p
        }
        var leftOnly = [Double](repeating: 0, count: size)
        for w in candidates {
            probability[Int(w)] /= total
            leftOnly[Int(w)] = left[Int(w)] / leftTotal
        }
        return SubstituteDistribution(vocabulary: ngram.vocabulary, probabilities: probability,
                                      leftProbabilities: leftOnly, focus: sentence[focus])
    }
}

/// One occurrence's substitutes: a probability for every model word.
public struct SubstituteDistribution: Sendable {
    /// The model's words (index = model id).
    public let vocabulary: [String]
    /// P(w | left, right) per model id; sums to 1 over the candidates, 0 for `<s>`, `<unk>`, `</s>`.
    public let probabilities: [Double]
    /// P(w | left) per model id, renormalized over the same candidates: what the right side changed.
    public let leftProbabilities: [Double]
    /// The model id of the word in the gap (`<unk>` when the model does not know it).
    public let focus: Int32

    /// One substitute with both of its probabilities.
    public struct Substitute: Sendable, Equatable {
        public var id: Int32
        public var word: String
        public var probability: Double
        public var leftProbability: Double
        /// Its rank by P(w | left) alone (1 = first).
        public var leftRank: Int
    }

    /// The `count` most probable substitutes (ties by model id, so the order is stable).
    public func top(_ count: Int) -> [Substitute] {
        let ranked = Self.ranked(probabilities, count: count)
        let leftOrder = Self.ranked(leftProbabilities, count: leftProbabilities.count)
        var leftRank = [Int](repeating: 0, count: leftProbabilities.count)
        for (rank, id) in leftOrder.enumerated() { leftRank[Int(id)] = rank + 1 }
        return ranked.map { id in
            Substitute(id: id, word: vocabulary[Int(id)], probability: probabilities[Int(id)],
                       leftProbability: leftProbabilities[Int(id)], leftRank: leftRank[Int(id)])
        }
    }

    /// The sparse substitute vector of the occurrence: its `count` most probable substitutes with
    /// their probabilities renormalized to sum to 1 (Baskaya et al. 2013 keep the top 100).
    public func vector(top count: Int) -> SubstituteVector {
        let ids = Self.ranked(probabilities, count: count)
        let total = ids.reduce(0) { $0 + probabilities[Int($1)] }
        return SubstituteVector(entries: ids.map { (vocabulary[Int($0)], total > 0 ? probabilities[Int($0)] / total : 0) })
    }

    /// Ids of the `count` largest positive values, largest first, ties by id.
    static func ranked(_ values: [Double], count: Int) -> [Int32] {
        let positive = values.indices.filter { values[$0] > 0 }
        let order = { (a: Int, b: Int) in values[a] > values[b] || (values[a] == values[b] && a < b) }
        if count >= positive.count { return positive.sorted(by: order).map(Int32.init) }
        // A partial selection: keep a sorted list of the best `count` seen.
        var best: [Int] = []
        best.reserveCapacity(count + 1)
        for i in positive {
            if best.count == count, !order(i, best[count - 1]) { continue }
            var low = 0, high = best.count
            while low < high { let mid = (low + high) / 2; if order(best[mid], i) { low = mid + 1 } else { high = mid } }
            best.insert(i, at: low)
            if best.count > count { best.removeLast() }
        }
        return best.map(Int32.init)
    }
}
