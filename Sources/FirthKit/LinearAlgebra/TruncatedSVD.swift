/// The leading singular triplets of a matrix: `A ≈ U · diag(σ) · Vᵀ`.
///
/// ```swift
/// let svd = try RandomizedSVD(rank: 300).decompose(ppmi)
/// var wordVectors = svd.u
/// wordVectors.scaleColumns(by: svd.singularValues.map { $0.squareRoot() })   // U · Σ^½
/// ```
///
/// For an m × n matrix and rank k, ``u`` is m × k and ``v`` is n × k, both with orthonormal
/// columns, and ``singularValues`` holds σ₁ ≥ σ₂ ≥ … ≥ σₖ ≥ 0. Column i of ``u`` and of
/// ``v`` are the left and right singular vectors of σᵢ. ``v`` is stored untransposed so
/// that its rows, like those of ``u``, are vectors: word vectors are rows of `U·Σ^p`,
/// context vectors rows of `V·Σ^p` (Levy, Goldberg & Dagan, TACL 2015, §3.3).
///
/// A thin SVD (``DenseMatrix/thinSVD()``) is the exact case k = min(m, n).
public struct TruncatedSVD: Sendable, Equatable {
    /// The left singular vectors, one per column (m × k).
    public var u: DenseMatrix

    /// The singular values, in descending order (k of them).
    public var singularValues: [Float]

    /// The right singular vectors, one per column (n × k).
    public var v: DenseMatrix

    /// The number of singular triplets, k.
    public var rank: Int { singularValues.count }

    /// Creates a decomposition from its factors.
    ///
    /// - Precondition: `u` and `v` have one column per singular value.
    public init(u: DenseMatrix, singularValues: [Float], v: DenseMatrix) {
        precondition(u.columns == singularValues.count && v.columns == singularValues.count,
                     "u and v need one column per singular value")
        self.u = u
        self.singularValues = singularValues
        self.v = v
    }

    /// Returns `U · diag(σ) · Vᵀ`, the rank-k approximation of the decomposed matrix.
    ///
    /// - Complexity: O(m · n · k).
    public func reconstructed() -> DenseMatrix {
        var us = u
        us.scaleColumns(by: singularValues)
        return us.multiplied(by: v, transposingOther: true)
    }
}
