/// A matrix known by its products with dense blocks: what ``RandomizedSVD`` needs of A.
///
/// ```swift
/// func sketch(_ a: some LinearOperator) -> DenseMatrix {
///     a.multiply(DenseMatrix.randomGaussian(rows: a.columns, columns: 20, seed: 1))
/// }
/// ```
///
/// A randomized SVD touches A only through `A · B` and `Aᵀ · B`, so any representation
/// that can form those — sparse, dense, or implicit — can be decomposed.
/// ``SparseMatrix`` is the one Firth factors; ``DenseMatrix`` conforms so that tests can
/// check the sparse path against BLAS.
public protocol LinearOperator {
    /// The number of rows, m.
    var rows: Int { get }

    /// The number of columns, n.
    var columns: Int { get }

    /// Returns `A · B` for an n × k block B (an m × k result).
    func multiply(_ b: DenseMatrix) -> DenseMatrix

    /// Returns `Aᵀ · B` for an m × k block B (an n × k result).
    func multiplyTransposed(_ b: DenseMatrix) -> DenseMatrix
}

extension DenseMatrix: LinearOperator {
    /// Returns `A · B`, by `cblas_sgemm`.
    public func multiply(_ b: DenseMatrix) -> DenseMatrix {
        multiplied(by: b)
    }

    /// Returns `Aᵀ · B`, by `cblas_sgemm` reading A transposed in place.
    public func multiplyTransposed(_ b: DenseMatrix) -> DenseMatrix {
        multiplied(by: b, transposingSelf: true)
    }
}
