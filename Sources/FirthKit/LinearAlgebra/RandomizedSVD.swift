/// Computes a truncated SVD by random projection: the leading k singular triplets of a
/// large sparse matrix, at the cost of a few products with dense m × (k + p) blocks.
///
/// ```swift
/// let svd = try RandomizedSVD(rank: 300, seed: 17).decompose(ppmi)
/// svd.singularValues.count   // 300, in descending order
/// svd.u.rows                 // ppmi.rows: one 300-dimensional vector per word
/// ```
///
/// The algorithm is randomized subspace iteration, Algorithm 4.4 of Halko, Martinsson &
/// Tropp, "Finding structure with randomness: Probabilistic algorithms for constructing
/// approximate matrix decompositions", SIAM Review 53(2), 2011, doi:10.1137/090771806,
/// followed by their Algorithm 5.1 (direct SVD of the small projected matrix). It is
/// the algorithm of scikit-learn's `randomized_svd`. For an m × n matrix A, with
/// l = k + p columns in the sketch:
///
/// ```
/// Ω  = n × l standard Gaussian                      (seeded)
/// Q  = qr(A Ω)                                      orthonormal basis of a sample of range(A)
/// repeat q times:  Q = qr(A · qr(Aᵀ Q))             power iteration, re-orthonormalized
/// B  = Qᵀ A        (formed as (Aᵀ Q)ᵀ, l × n)
/// B  = Ũ Σ Vᵀ      (small dense SVD)
/// U  = Q Ũ         keep the leading k columns of U, Σ, V
/// ```
///
/// The sample A Ω captures range(A) well when the singular values beyond k are small;
/// the power iterations sample `(A Aᵀ)^q A` instead, whose singular values σᵢ^(2q+1) decay
/// much faster, so the error bound improves by that exponent (Halko et al., §4.5 and
/// Corollary 10.10). Formed directly, though, the columns of `(A Aᵀ)^q A Ω` all turn
/// toward the top singular vectors, and rounding erases what they held about singular
/// values below μ^(1/(2q+1)) · σ₁ for machine precision μ (§4.5): in `Float` with q = 4,
/// everything below 0.16 σ₁. Algorithm 4.4 therefore re-orthonormalizes after every
/// product. Each `qr` is a Householder QR
/// (``DenseMatrix/orthonormalizedColumns()``): scikit-learn's "QR" normalizer, which
/// its documentation calls "the slowest but most accurate"; its default for more than
/// two iterations is a cheaper LU normalizer, and QR only at the end.
///
/// ## Parameters and their defaults
///
/// - ``oversampling`` p = 10: Halko et al. (§4.2) find p = 5 or 10 enough for a Gaussian
///   sketch; scikit-learn's `n_oversamples` defaults to 10.
/// - ``powerIterations`` q = 4: scikit-learn's `n_iter="auto"` uses 4, or 7 when k is
///   below a tenth of min(m, n) "to improve precision with few components", and advises
///   raising the oversampling before the iterations. Firth defaults to 4 even though
///   for k = 300 on a 17,400-word vocabulary scikit-learn would pick 7: each iteration
///   costs two sparse products and two QRs, about 0.2 s of the 1.1 s that the whole
///   decomposition of a 17,400 × 17,400 matrix with 1.6 M nonzeros takes on 2 cores
///   (k = 300, p = 10). Raise it when the trailing singular values matter.
///
/// ## Reproducibility
///
/// Equal inputs, parameters and seed give bitwise equal output on one machine with a
/// fixed `OPENBLAS_NUM_THREADS`. The Gaussian sketch and the sparse products are
/// deterministic by construction, whatever the thread count (see
/// ``DenseMatrix/randomGaussian(rows:columns:seed:)`` and
/// ``SparseMatrix/multiply(_:)-(DenseMatrix)``). OpenBLAS's dense kernels pick their
/// blocking — and so their order of additions — from the CPU and the number of
/// threads, so the last bits can differ across machines or thread counts; Firth's
/// Makefile pins `OPENBLAS_NUM_THREADS=2`.
///
/// Singular vectors are defined up to sign. As in scikit-learn's `svd_flip` (with
/// `u_based_decision=True`), each pair (uᵢ, vᵢ) is flipped so that the entry of uᵢ with
/// the largest absolute value is positive, which makes the signs independent of the
/// LAPACK build.
///
/// ## Topics
///
/// ### Configuring
/// - ``init(rank:oversampling:powerIterations:seed:)``
/// - ``rank``
/// - ``oversampling``
/// - ``powerIterations``
/// - ``seed``
///
/// ### Decomposing
/// - ``decompose(_:)-(SparseMatrix)``
/// - ``decompose(_:)-(LinearOperator)``
public struct RandomizedSVD: Sendable, Hashable {
    /// The number k of singular triplets to compute.
    public var rank: Int

    /// The number p of extra sketch columns beyond ``rank``.
    public var oversampling: Int

    /// The number q of power iterations.
    public var powerIterations: Int

    /// The seed of the Gaussian sketch.
    public var seed: UInt64

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - rank: The number k of singular triplets to compute.
    ///   - oversampling: Extra sketch columns p (default 10).
    ///   - powerIterations: Power iterations q (default 4).
    ///   - seed: Seed of the Gaussian sketch (default 0).
    public init(rank: Int, oversampling: Int = 10, powerIterations: Int = 4, seed: UInt64 = 0) {
        self.rank = rank
        self.oversampling = oversampling
        self.powerIterations = powerIterations
        self.seed = seed
    }

    // MARK: - Decomposing

    /// Returns the leading ``rank`` singular triplets of a sparse matrix.
    ///
    /// ```swift
    /// let svd = try RandomizedSVD(rank: 300).decompose(ppmi)
    /// ```
    ///
    /// Builds the CSR transpose once so that every `Aᵀ · B` is a row-parallel
    /// ``SparseMatrix/multiply(_:)-(DenseMatrix)`` on it (q + 1 of them), at the cost of a
    /// second copy of the matrix in memory.
    ///
    /// - Throws: ``LinearAlgebraError/lapackFailure(routine:info:)`` if the small SVD
    ///   fails (NaN in the input, or no convergence).
    /// - Precondition: `1 <= rank <= min(rows, columns)`, `oversampling >= 0`,
    ///   `powerIterations >= 0`.
    /// - Complexity: O((q + 1) · (nonzeros · l + (m + n) · l²)) with l = k + p.
    public func decompose(_ matrix: SparseMatrix) throws -> TruncatedSVD {
        try decompose(SparseMatrixWithTranspose(matrix))
    }

    /// Returns the leading ``rank`` singular triplets of any linear operator.
    ///
    /// ```swift
    /// let svd = try RandomizedSVD(rank: 10).decompose(denseMatrix)
    /// ```
    ///
    /// - Throws: ``LinearAlgebraError/lapackFailure(routine:info:)`` if the small SVD
    ///   fails (NaN in the input, or no convergence).
    /// - Precondition: `1 <= rank <= min(rows, columns)`, `oversampling >= 0`,
    ///   `powerIterations >= 0`.
    public func decompose(_ matrix: some LinearOperator) throws -> TruncatedSVD {
        let smaller = min(matrix.rows, matrix.columns)
        precondition(rank >= 1 && rank <= smaller,
                     "Rank \(rank) outside 1...\(smaller) for a \(matrix.rows) × \(matrix.columns) matrix")
        precondition(oversampling >= 0 && powerIterations >= 0,
                     "Oversampling and power iterations cannot be negative")
        // A sketch wider than min(m, n) cannot span more than the whole range.
        let width = min(rank + oversampling, smaller)

        let omega = DenseMatrix.randomGaussian(rows: matrix.columns, columns: width, seed: seed)
        var q = matrix.multiply(omega).orthonormalizedColumns()
        for _ in 0..<powerIterations {
            let z = matrix.multiplyTransposed(q).orthonormalizedColumns()
            q = matrix.multiply(z).orthonormalizedColumns()
        }

        // Bᵀ = Aᵀ Q is n × l and row-major, the shape thinSVD handles best; from
        // Bᵀ = U′ Σ V′ᵀ follows B = V′ Σ U′ᵀ, so A ≈ Q B = (Q V′) Σ U′ᵀ.
        let small = try matrix.multiplyTransposed(q).thinSVD()
        var u = q.multiplied(by: small.v.leadingColumns(rank))
        var v = small.u.leadingColumns(rank)
        Self.flipSigns(u: &u, v: &v)
        return TruncatedSVD(u: u, singularValues: Array(small.singularValues.prefix(rank)), v: v)
    }

    /// Flips each pair (uᵢ, vᵢ) so that the largest-magnitude entry of uᵢ is positive
    /// (scikit-learn's `svd_flip`; the first such entry wins a tie).
    private static func flipSigns(u: inout DenseMatrix, v: inout DenseMatrix) {
        var largest = [Float](repeating: 0, count: u.columns)
        var largestMagnitude = [Float](repeating: -1, count: u.columns)
        // Row by row, so that the scan streams through the row-major storage.
        for i in 0..<u.rows {
            u.withRow(i) { row in
                for j in 0..<row.count where abs(row[j]) > largestMagnitude[j] {
                    largestMagnitude[j] = abs(row[j])
                    largest[j] = row[j]
                }
            }
        }
        let signs = largest.map { $0 < 0 ? Float(-1) : 1 }
        guard signs.contains(-1) else { return }
        u.scaleColumns(by: signs)
        v.scaleColumns(by: signs)
    }
}

/// A sparse matrix with its CSR transpose, so that `Aᵀ · B` is a row-parallel product.
private struct SparseMatrixWithTranspose: LinearOperator {
    let matrix: SparseMatrix
    let transpose: SparseMatrix

    init(_ matrix: SparseMatrix) {
        self.matrix = matrix
        self.transpose = matrix.transposed()
    }

    var rows: Int { matrix.rows }
    var columns: Int { matrix.columns }
    func multiply(_ b: DenseMatrix) -> DenseMatrix { matrix.multiply(b) }
    func multiplyTransposed(_ b: DenseMatrix) -> DenseMatrix { transpose.multiply(b) }
}

extension DenseMatrix {
    /// Returns the first `count` columns.
    func leadingColumns(_ count: Int) -> DenseMatrix {
        precondition(count >= 0 && count <= columns, "Cannot take \(count) of \(columns) columns")
        if count == columns { return self }
        var result = DenseMatrix(rows: rows, columns: count, repeating: 0)
        for i in 0..<rows {
            for j in 0..<count { result.elements[i * count + j] = elements[i * columns + j] }
        }
        return result
    }
}
