import Foundation

/// An occurrence described by the words that could replace it: a sparse vector over the
/// vocabulary, one probability per substitute (Yuret 2012; Baskaya et al. 2013).
///
/// Two occurrences of "bank" whose substitutes are {shore, side, edge} and {lender, company,
/// government} are told apart by comparing their substitute vectors, without ever looking at the
/// word "bank" itself. ``dense(in:excluding:)`` turns the sparse vector into one of an embedding space, the
/// probability-weighted mean of the substitutes' vectors, which the senses evaluation compares.
///
/// ```swift
/// let vector = distribution.vector(top: 100)
/// vector.entries.first          // ("lender", 0.21)
/// vector.dense(in: embedding)   // a unit vector, or nil when no substitute has a vector
/// ```
public struct SubstituteVector: Sendable {
    /// The substitutes, most probable first, probabilities summing to 1.
    public var entries: [(word: String, probability: Double)]

    public init(entries: [(word: String, probability: Double)]) {
        self.entries = entries
    }

    /// Σ p(w) · v_w / ‖v_w‖ over the substitutes that have a vector in `space`, scaled to unit
    /// length; nil when none has one. Each vector is normalized first, so a substitute weighs by
    /// its probability alone, not by the length of its vector.
    ///
    /// - Parameter excluding: words left out (e.g. the focus word, whose own vector is the same
    ///   in every sentence and so tells no two uses apart).
    public func dense(in space: any VectorSpace, excluding: Set<String> = []) -> [Float]? {
        var sum = [Float](repeating: 0, count: space.dimensions)
        var any = false
        for (word, p) in entries where !excluding.contains(word) {
            guard let v = space.vectorIfPresent(word) else { continue }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { continue }
            let scale = Float(p) / norm
            for j in 0..<sum.count { sum[j] += scale * v[j] }
            any = true
        }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard any, norm > 0 else { return nil }
        return sum.map { $0 / norm }
    }
}
