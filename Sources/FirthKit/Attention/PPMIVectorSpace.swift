import Foundation

/// PPMI rows as a vector space: each word's vector is its (unit-length) row, one dimension per
/// context word. Long (the vocabulary size) but the most transparent: dimension "water" of the
/// vector of "river" is their PPMI.
public struct PPMIVectorSpace: VectorSpace {
    public let ppmi: PPMIMatrix
    public let spaceName: String
    private let unitRows: SparseMatrix
    private let index: [String: Int]

    /// Relative frequencies of the rows' words, when known.
    public var frequencies: [Double]?

    public init(_ ppmi: PPMIMatrix, name: String, frequencies: [Double]? = nil) {
        self.frequencies = frequencies ?? (ppmi.frequencies.isEmpty ? nil : ppmi.frequencies)
        self.ppmi = ppmi
        self.spaceName = "PPMI rows of " + name
        unitRows = ppmi.matrix.normalizedRows()
        var index: [String: Int] = [:]
        for (i, word) in ppmi.words.enumerated() { index[word] = i }
        self.index = index
    }

    public var dimensions: Int { ppmi.matrix.columns }

    public func relativeFrequency(_ word: String) -> Double? {
        guard let frequencies, let row = index[word] else { return nil }
        return frequencies[row]
    }

    public func vectorIfPresent(_ word: String) -> [Float]? {
        guard let row = index[word] else { return nil }
        var dense = [Float](repeating: 0, count: dimensions)
        let sparse = unitRows.row(row)
        for (i, value) in zip(sparse.indices, sparse.values) { dense[Int(i)] = value }
        return dense
    }

    public var vocabulary: [String] { ppmi.words }

    public func unitDotProducts(with vector: [Float]) -> [Float] {
        unitRows.multiply(Self.sparse(vector))
    }

    public func weightedSumOfUnitVectors(_ weights: [Float]) -> [Float] {
        unitRows.multiplyTransposed(Self.sparse(weights))
    }

    static func sparse(_ vector: [Float]) -> SparseVector {
        var indices: [Int32] = [], values: [Float] = []
        for (i, value) in vector.enumerated() where value != 0 { indices.append(Int32(i)); values.append(value) }
        return SparseVector(indices: indices, values: values)
    }

    public func nearestWords(to vector: [Float], count: Int, excluding: Set<String>) -> [WordVectors.Neighbor] {
        var indices: [Int32] = [], values: [Float] = []
        for (i, value) in vector.enumerated() where value != 0 { indices.append(Int32(i)); values.append(value) }
        let rows = Set(excluding.compactMap { index[$0] })
        return unitRows.topCosineSimilarities(to: SparseVector(indices: indices, values: values), count: count, excluding: rows)
            .map { .init(word: ppmi.words[$0.row], similarity: $0.score) }
    }
}
