import Foundation

/// What a combined embedding was made of, recorded with it.
///
/// ```swift
/// let both = CombinationParameters(parts: ["svd300.p0.5.w6.both.harmonic.document.min5", "sgns200.w5.neg5.e15.min5"],
///                                  weights: [1, 1])
/// ```
public struct CombinationParameters: Codable, Sendable, Equatable, Hashable {
    /// The names of the embeddings combined, in order.
    public var parts: [String]
    /// The share of each part in the combined cosine (they need not sum to 1).
    public var weights: [Double]

    public init(parts: [String], weights: [Double]) {
        self.parts = parts
        self.weights = weights
    }
}
