import Dispatch

// BLAS has no sparse routines, so the products of a CSR matrix with a dense block and with
// a sparse vector are written here.
//
// Determinism: every output row is computed by one thread, adding its terms in storage
// order, so the results are bitwise identical whatever the number of threads or blocks.

extension SparseMatrix: LinearOperator {
    // MARK: - Products with a Dense Block

    /// Returns `A · B` for a dense `B` of `columns` rows.
    ///
    /// ```swift
    /// let y = ppmi.multiply(DenseMatrix.randomGaussian(rows: ppmi.columns, columns: 310, seed: 1))
    /// ```
    ///
    /// Row i of the product is `Σ_p values[p] · B[columnIndices[p], :]` over the row's
    /// entries: each nonzero adds a scaled copy of one contiguous row of the row-major B
    /// to one contiguous output row — an axpy of length k that the compiler vectorizes,
    /// while the output row stays in L1 cache. Four nonzeros are folded into each pass over
    /// the output row, which quarters its loads and stores.
    ///
    /// Rows are split into blocks of about equal work (nonzeros plus one per row, since
    /// PPMI rows follow a power law) and the blocks run on all cores with
    /// `DispatchQueue.concurrentPerform`.
    ///
    /// - Precondition: `b.rows == columns`.
    /// - Complexity: O(nonzeros · k + rows · k) for a `columns` × k block B.
    public func multiply(_ b: DenseMatrix) -> DenseMatrix {
        precondition(b.rows == columns, "Cannot multiply \(rows) × \(columns) by \(b.rows) × \(b.columns)")
        let width = b.columns
        var product = DenseMatrix(rows: rows, columns: width, repeating: 0)
        guard rows > 0, width > 0, nonZeroCount > 0 else { return product }
        let blocks = rowBlocks(costPerNonZero: width)
        rowOffsets.withUnsafeBufferPointer { offsets in
            columnIndices.withUnsafeBufferPointer { indices in
                values.withUnsafeBufferPointer { values in
                    b.withUnsafeBufferPointer { b in
                        product.withUnsafeMutableBufferPointer { c in
                            // Read-only inputs, and blocks write disjoint rows of `c`.
                            nonisolated(unsafe) let offsets = offsets.baseAddress!
                            nonisolated(unsafe) let indices = indices.baseAddress!
                            nonisolated(unsafe) let values = values.baseAddress!
                            nonisolated(unsafe) let b = b.baseAddress!
                            nonisolated(unsafe) let c = c.baseAddress!
                            Self.forEachBlock(blocks) { rows in
                                for i in rows {
                                    Self.accumulate(
                                        into: c + i * width, width: width, rowsOf: b,
                                        at: indices, weights: values,
                                        entries: offsets[i]..<offsets[i + 1])
                                }
                            }
                        }
                    }
                }
            }
        }
        return product
    }

    /// Returns `Aᵀ · B` for a dense `B` of `rows` rows.
    ///
    /// ```swift
    /// let z = ppmi.multiplyTransposed(q)   // columns × k
    /// ```
    ///
    /// Computed as `transposed().multiply(b)`. Working on A directly would scatter: each
    /// nonzero (i, j) adds to output row j, so threads would collide on output rows and
    /// need private copies of the whole n × k result. Building the transpose costs one
    /// counting sort, O(nonzeros), small next to the product; to multiply by Aᵀ
    /// repeatedly, keep `transposed()` and call ``multiply(_:)-(DenseMatrix)`` on it, as
    /// ``RandomizedSVD`` does.
    ///
    /// - Precondition: `b.rows == rows`.
    /// - Complexity: O(nonzeros · k + columns · k) for a `rows` × k block B.
    public func multiplyTransposed(_ b: DenseMatrix) -> DenseMatrix {
        precondition(b.rows == rows, "Cannot multiply (\(rows) × \(columns))ᵀ by \(b.rows) × \(b.columns)")
        return transposed().multiply(b)
    }

    /// Adds `Σ_p weights[p] · rowsOf[indices[p], :]` over `entries` to `output`.
    @inline(__always)
    private static func accumulate(
        into output: UnsafeMutablePointer<Float>, width: Int,
        rowsOf b: UnsafePointer<Float>, at indices: UnsafePointer<Int32>,
        weights: UnsafePointer<Float>, entries: Range<Int>
    ) {
        var p = entries.lowerBound
        while p + 4 <= entries.upperBound {
            let (w0, w1, w2, w3) = (weights[p], weights[p + 1], weights[p + 2], weights[p + 3])
            let b0 = b + Int(indices[p]) * width
            let b1 = b + Int(indices[p + 1]) * width
            let b2 = b + Int(indices[p + 2]) * width
            let b3 = b + Int(indices[p + 3]) * width
            for t in 0..<width {
                output[t] += w0 * b0[t] + w1 * b1[t] + w2 * b2[t] + w3 * b3[t]
            }
            p += 4
        }
        while p < entries.upperBound {
            let w = weights[p]
            let row = b + Int(indices[p]) * width
            for t in 0..<width { output[t] += w * row[t] }
            p += 1
        }
    }

    /// Splits the rows into contiguous blocks of roughly equal work.
    ///
    /// A row costs its nonzeros times `costPerNonZero` (the width of the dense operand),
    /// plus one unit of overhead. Up to 64 blocks — several per core, so one slow block
    /// (a very long row) does not leave the other cores idle — but no block smaller than
    /// about 2¹⁶ units, below which dispatching costs more than it saves.
    private func rowBlocks(costPerNonZero: Int) -> [Range<Int>] {
        let total = nonZeroCount * costPerNonZero + rows
        let blockCount = max(1, min(64, total >> 16))
        guard blockCount > 1 else { return [0..<rows] }
        let target = (total + blockCount - 1) / blockCount
        var blocks: [Range<Int>] = []
        var start = 0
        var work = 0
        for i in 0..<rows {
            work += (rowOffsets[i + 1] - rowOffsets[i]) * costPerNonZero + 1
            if work >= target {
                blocks.append(start..<i + 1)
                start = i + 1
                work = 0
            }
        }
        if start < rows { blocks.append(start..<rows) }
        return blocks
    }

    /// Runs `body` on each block, in parallel when there is more than one.
    private static func forEachBlock(_ blocks: [Range<Int>], _ body: @Sendable (Range<Int>) -> Void) {
        if blocks.count == 1 {
            body(blocks[0])
        } else {
            DispatchQueue.concurrentPerform(iterations: blocks.count) { body(blocks[$0]) }
        }
    }

    // MARK: - Products with a Sparse Vector

    /// Returns `A · x`: the dot product of every row with the sparse vector `x`.
    ///
    /// ```swift
    /// let scores = unitPPMI.multiply(unitPPMI.row(word))   // cosine with every word
    /// ```
    ///
    /// `x` is spread into a dense array once; then each row gathers the entries of x at
    /// its own columns. That reads every nonzero of A once. When A's transpose is at hand,
    /// `transpose.multiplyTransposed(x)` gives the same scores while reading only the
    /// columns where x is nonzero — much less for a short query.
    ///
    /// - Precondition: The indices of `x` lie in `0..<columns`.
    /// - Complexity: O(nonzeros + rows + columns).
    public func multiply(_ x: SparseVector) -> [Float] {
        gatherDotProducts(with: x, dividingByRowNorms: false)
    }

    /// Returns `Aᵀ · x` for a sparse vector `x` of length `rows`.
    ///
    /// ```swift
    /// let contexts = unitPPMI.transposed()                       // build once
    /// let scores = contexts.multiplyTransposed(unitPPMI.row(word))   // = unitPPMI · x
    /// ```
    ///
    /// Adds `x[j] · A[j, :]` for each nonzero x[j]: only the rows of A named by x are
    /// read. Called on the transpose of a matrix M, this is `M · x` at the cost of the
    /// columns of M that x touches.
    ///
    /// - Precondition: The indices of `x` lie in `0..<rows`.
    /// - Complexity: O(columns + Σ entries of the rows of A where x is nonzero).
    public func multiplyTransposed(_ x: SparseVector) -> [Float] {
        precondition(x.indices.last.map { Int($0) < rows } ?? true,
                     "Vector index out of range 0..<\(rows)")
        var scores = [Float](repeating: 0, count: columns)
        for (index, weight) in zip(x.indices, x.values) {
            let j = Int(index)
            for p in rowOffsets[j]..<rowOffsets[j + 1] {
                scores[Int(columnIndices[p])] += weight * values[p]
            }
        }
        return scores
    }

    // MARK: - Nearest Neighbours

    /// Returns the `count` rows with the largest dot product with `query`, best first.
    ///
    /// ```swift
    /// let unit = ppmi.normalizedRows()
    /// let neighbours = unit.topDotProducts(with: unit.row(word), count: 10, excluding: [word])
    /// ```
    ///
    /// On a matrix with unit rows and a unit query the scores are cosine similarities.
    ///
    /// - Complexity: O(nonzeros + rows + columns); see ``multiply(_:)-(SparseVector)``.
    public func topDotProducts(with query: SparseVector, count: Int, excluding: Set<Int> = []) -> [ScoredRow] {
        ScoredRow.top(count, of: multiply(query), excluding: excluding)
    }

    /// Returns the `count` rows with the largest cosine similarity to `query`, best first.
    ///
    /// ```swift
    /// let neighbours = ppmi.topCosineSimilarities(to: ppmi.row(word), count: 10, excluding: [word])
    /// ```
    ///
    /// `cos(a, x) = a·x / (‖a‖ ‖x‖)`, with both norms computed here, so the matrix needs
    /// no normalizing first. Empty rows, and every row when x is empty, score 0.
    ///
    /// - Complexity: O(nonzeros + rows + columns).
    public func topCosineSimilarities(to query: SparseVector, count: Int, excluding: Set<Int> = []) -> [ScoredRow] {
        let queryNorm = query.norm
        var scores = gatherDotProducts(with: query, dividingByRowNorms: true)
        if queryNorm > 0 {
            for i in scores.indices { scores[i] /= queryNorm }
        }
        return ScoredRow.top(count, of: scores, excluding: excluding)
    }

    /// Returns `a_i · x` for every row, or `a_i · x / ‖a_i‖` (0 for empty rows): one
    /// pass over the nonzeros, which reads each row's values once for both sums.
    private func gatherDotProducts(with x: SparseVector, dividingByRowNorms: Bool) -> [Float] {
        precondition(x.indices.last.map { Int($0) < columns } ?? true,
                     "Vector index out of range 0..<\(columns)")
        var dense = [Float](repeating: 0, count: columns)
        for (index, value) in zip(x.indices, x.values) { dense[Int(index)] = value }
        var scores = [Float](repeating: 0, count: rows)
        rowOffsets.withUnsafeBufferPointer { offsets in
            columnIndices.withUnsafeBufferPointer { indices in
                values.withUnsafeBufferPointer { values in
                    dense.withUnsafeBufferPointer { dense in
                        for i in 0..<rows {
                            var dot: Float = 0
                            var squares: Float = 0
                            for p in offsets[i]..<offsets[i + 1] {
                                dot += values[p] * dense[Int(indices[p])]
                                squares += values[p] * values[p]
                            }
                            if dividingByRowNorms {
                                dot = squares > 0 ? dot / squares.squareRoot() : 0
                            }
                            scores[i] = dot
                        }
                    }
                }
            }
        }
        return scores
    }
}
