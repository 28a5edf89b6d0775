import Foundation

extension WordVectors: VectorSpace {
    public var spaceName: String { name }

    public func vectorIfPresent(_ word: String) -> [Float]? {
        rowIfPresent(word).map { vectors.row($0) }
    }

    public func nearestWords(to vector: [Float], count: Int, excluding: Set<String>) -> [Neighbor] {
        neighbors(of: vector, count: count, excluding: Set(excluding.compactMap(rowIfPresent)))
    }

    public func relativeFrequency(_ word: String) -> Double? {
        guard let frequencies, let row = rowIfPresent(word) else { return nil }
        return frequencies[row]
    }

    public var vocabulary: [String] { words }

    // The stored rows already have unit length (``EmbeddingBuilder`` normalizes them).
    public func unitDotProducts(with vector: [Float]) -> [Float] {
        vectors.dotProducts(with: vector)
    }

    public func weightedSumOfUnitVectors(_ weights: [Float]) -> [Float] {
        var sum = [Float](repeating: 0, count: dimensions)
        for (i, weight) in weights.enumerated() where weight != 0 {
            for (j, value) in vectors.row(i).enumerated() { sum[j] += weight * value }
        }
        return sum
    }
}
