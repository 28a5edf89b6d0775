/// A sparse vector of `Float`: sorted indices and their nonzero values.
///
/// ```swift
/// let x = SparseVector(indices: [0, 7], values: [1, 2])
/// let y = ppmi.row(42)              // a row of a SparseMatrix, without copying
/// let similarity = x.dot(y) / (x.norm * y.norm)
/// ```
///
/// The storage is a pair of array slices, so a row of a ``SparseMatrix`` is a view into
/// the matrix's arrays rather than a copy.
public struct SparseVector: Sendable, Equatable {
    /// The positions of the stored entries, strictly increasing.
    public let indices: ArraySlice<Int32>

    /// The values of the stored entries, parallel to ``indices``.
    public let values: ArraySlice<Float>

    /// Creates a vector from strictly increasing indices and their values.
    ///
    /// - Precondition: `indices` is strictly increasing and nonnegative, with one value
    ///   per index.
    public init(indices: [Int32], values: [Float]) {
        precondition(indices.count == values.count, "One value per index")
        precondition(indices.first.map { $0 >= 0 } ?? true
                     && zip(indices, indices.dropFirst()).allSatisfy { $0 < $1 },
                     "Indices must be nonnegative and strictly increasing")
        self.init(unchecked: indices[...], values[...])
    }

    /// Creates a vector from slices that share their index range (as rows of a matrix do).
    init(unchecked indices: ArraySlice<Int32>, _ values: ArraySlice<Float>) {
        assert(indices.indices == values.indices, "Slices must share their index range")
        self.indices = indices
        self.values = values
    }

    /// The number of stored entries.
    public var nonZeroCount: Int { values.count }

    /// The Euclidean (L2) norm.
    ///
    /// Accumulated in `Double`: a PPMI row can hold thousands of entries, and a `Float`
    /// running sum would lose digits that cosine similarities need.
    public var norm: Float {
        Float(values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
    }

    /// Returns the dot product with `other`.
    ///
    /// ```swift
    /// SparseVector(indices: [1, 3], values: [2, 5]).dot(SparseVector(indices: [3], values: [2]))   // 10
    /// ```
    ///
    /// Walks both sorted index lists at once, like the merge step of merge sort, and
    /// accumulates in `Double`.
    ///
    /// - Complexity: O(nonZeroCount + other.nonZeroCount).
    public func dot(_ other: SparseVector) -> Float {
        var sum = 0.0
        var p = indices.startIndex
        var q = other.indices.startIndex
        while p < indices.endIndex && q < other.indices.endIndex {
            let i = indices[p]
            let j = other.indices[q]
            if i == j {
                sum += Double(values[p]) * Double(other.values[q])
                p += 1
                q += 1
            } else if i < j {
                p += 1
            } else {
                q += 1
            }
        }
        return Float(sum)
    }
}
