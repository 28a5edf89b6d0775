import Foundation

/// A vector space with a mean vector μ subtracted from every (unit) word vector: centring.
///
/// Count-based vectors share one large common direction, mostly word frequency: "the", "of" and
/// "and" have a high cosine with nearly every word, so unsharpened attention weights, and any
/// average of a context, lean toward them. Subtracting the mean of the space removes what all
/// words share and leaves what tells them apart (as all-but-the-top does before removing
/// principal components, Mu & Viswanath 2018). No word list is involved: μ is computed from the
/// vectors themselves, either
///
/// - ``Centering/vocabulary``: the plain mean of the vocabulary's unit vectors, or
/// - ``Centering/corpus``: their mean weighted by corpus frequency, the expected vector of a word
///   of running text, which is what a context mostly consists of.
///
/// Measured at τ = 0.2: on SVD vectors (count windows 2 and 5) neither mean changed
/// Word-in-Context or labelled-sense accuracy consistently (WiC train −0.2 to +1.4 points, senses
/// −2.6 to +1.0), so the commands leave it off unless asked (`--center`), though with window-2
/// vectors it clears "the" and "of" from the nearest words of a contextual vector. On PPMI rows, whose entries are all positive
/// and whose cosines are all ≥ 0, it never lowered a score: +1.2 to +3.6 points on the senses in
/// all four comparisons, 0 to +1.4 on WiC train.
///
/// Every vector of the space is v̂ − μ (v̂ the unit vector of the word); ``nearestWords(to:count:excluding:)``
/// compares with the centred vocabulary exactly, without materializing it:
/// cos(q, v̂ − μ) = (q·v̂ − q·μ) / (|q| · √(1 − 2 v̂·μ + |μ|²)).
///
/// ```swift
/// let centred = CenteredVectorSpace(vectors, centering: .corpus, counts: try store.wordCounts())
/// SentenceAttention(space: centred).attend(["the", "river", "bank"])
/// ```
public struct CenteredVectorSpace: VectorSpace {
    public enum Centering: String, Sendable, CaseIterable, Codable {
        /// No centring: the space as stored.
        case none
        /// Subtract the unweighted mean of the vocabulary's unit vectors.
        case vocabulary
        /// Subtract the mean weighted by each word's corpus frequency.
        case corpus
    }

    public let base: any VectorSpace
    public let centering: Centering
    /// μ, the vector subtracted.
    public let mean: [Float]
    private let meanDots: [Float]        // v̂·μ for every word
    private let meanNormSquared: Float

    /// - Parameter counts: corpus frequencies (needed for ``Centering/corpus``; words missing count 0).
    public init(_ base: any VectorSpace, centering: Centering, counts: [String: Int] = [:]) {
        let words = base.vocabulary
        let weights: [Float]
        switch centering {
        case .none: weights = [Float](repeating: 0, count: words.count)
        case .vocabulary: weights = [Float](repeating: 1 / Float(max(words.count, 1)), count: words.count)
        case .corpus:
            let raw = words.map { Double(counts[$0] ?? 0) }
            let total = raw.reduce(0, +)
            weights = raw.map { total > 0 ? Float($0 / total) : 0 }
        }
        self.init(base, centering: centering, mean: base.weightedSumOfUnitVectors(weights))
    }

    /// Centres `base` on a given mean vector.
    public init(_ base: any VectorSpace, centering: Centering, mean: [Float]) {
        self.base = base
        self.centering = centering
        self.mean = mean
        meanDots = base.unitDotProducts(with: mean)
        meanNormSquared = dot(mean, mean)
    }

    public var spaceName: String { centering == .none ? base.spaceName : base.spaceName + " (centred on the \(centering.rawValue) mean)" }
    public var dimensions: Int { base.dimensions }
    public var vocabulary: [String] { base.vocabulary }

    public func relativeFrequency(_ word: String) -> Double? { base.relativeFrequency(word) }

    public func vectorIfPresent(_ word: String) -> [Float]? {
        guard let v = base.vectorIfPresent(word) else { return nil }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return v }
        return zip(v, mean).map { $0 / norm - $1 }
    }

    public func unitDotProducts(with vector: [Float]) -> [Float] {
        let dots = base.unitDotProducts(with: vector), meanDot = dot(mean, vector)
        return dots.indices.map { (dots[$0] - meanDot) / centredNorm($0) }
    }

    public func weightedSumOfUnitVectors(_ weights: [Float]) -> [Float] {
        // Σ w·(v̂ − μ)/|v̂ − μ| = Σ (w/|v̂ − μ|)·v̂ − (Σ w/|v̂ − μ|)·μ
        let scaled = weights.indices.map { weights[$0] / centredNorm($0) }
        let total = scaled.reduce(0, +)
        return zip(base.weightedSumOfUnitVectors(scaled), mean).map { $0 - total * $1 }
    }

    public func nearestWords(to vector: [Float], count: Int, excluding: Set<String>) -> [WordVectors.Neighbor] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return [] }
        let cosines = unitDotProducts(with: vector)
        let words = vocabulary
        return cosines.indices.filter { !excluding.contains(words[$0]) }
            .sorted { (cosines[$0], -$0) > (cosines[$1], -$1) }
            .prefix(count)
            .map { WordVectors.Neighbor(word: words[$0], similarity: cosines[$0] / norm) }
    }

    private func centredNorm(_ row: Int) -> Float {
        max((1 - 2 * meanDots[row] + meanNormSquared).squareRoot(), .leastNormalMagnitude)
    }
}
