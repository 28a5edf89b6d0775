/// A sparse matrix of `Float` in compressed sparse row (CSR) form.
///
/// ```swift
/// var builder = SparseMatrix.Builder(rows: 2, columns: 3)
/// builder.append(row: 1, column: 2, value: 4)
/// builder.append(row: 0, column: 1, value: 1)
/// builder.append(row: 1, column: 2, value: 0.5)   // duplicates are summed
/// let a = builder.build()
/// a[1, 2]          // 4.5
/// a.nonZeroCount   // 2
/// ```
///
/// Row i's entries are `columnIndices[p]` and `values[p]` for p in
/// `rowOffsets[i] ..< rowOffsets[i + 1]`, with column indices strictly increasing. This is
/// the layout of SciPy's `csr_matrix`, which hyperwords feeds to its SVD: a PPMI matrix
/// is read row by row (a word and its contexts), and the products with a dense block,
/// `A · B` and `Aᵀ · B`, touch each nonzero once.
///
/// Column indices are `Int32` (a vocabulary has far fewer than 2³¹ words, and the
/// narrower index halves the memory traffic of the kernels); offsets are `Int` because
/// the number of nonzeros can exceed 2³¹. Every stored value is nonzero: the builder
/// drops entries that are zero or sum to zero, so ``nonZeroCount`` means what it says.
///
/// ## Topics
///
/// ### Creating a Matrix
/// - ``Builder``
/// - ``init(rows:columns:rowOffsets:columnIndices:values:)``
/// - ``init(_:)``
/// - ``init(db:sql:arguments:rows:columns:)``
///
/// ### Reading Entries
/// - ``subscript(_:_:)``
/// - ``row(_:)``
/// - ``nonZeroCount``
///
/// ### Arithmetic
/// - ``transposed()``
/// - ``multiply(_:)-(DenseMatrix)``
/// - ``multiplyTransposed(_:)-(DenseMatrix)``
/// - ``rowNorms()``
/// - ``normalizeRows()``
/// - ``normalizedRows()``
///
/// ### Nearest Neighbours
/// - ``multiply(_:)-(SparseVector)``
/// - ``multiplyTransposed(_:)-(SparseVector)``
/// - ``topDotProducts(with:count:excluding:)``
/// - ``topCosineSimilarities(to:count:excluding:)``
public struct SparseMatrix: Sendable, Equatable {
    /// The number of rows.
    public let rows: Int

    /// The number of columns.
    public let columns: Int

    /// Where each row starts in ``columnIndices`` and ``values``; `rows + 1` offsets,
    /// the last equal to ``nonZeroCount``.
    public let rowOffsets: [Int]

    /// The column of each stored entry, row by row, increasing within a row.
    public let columnIndices: [Int32]

    /// The value of each stored entry, parallel to ``columnIndices``.
    public internal(set) var values: [Float]

    /// The number of stored entries, all of them nonzero.
    public var nonZeroCount: Int { values.count }

    // MARK: - Creating a Matrix

    /// Creates a matrix from its CSR arrays, checking that they are consistent.
    ///
    /// ```swift
    /// // [[0, 1], [2, 0]]
    /// let a = SparseMatrix(rows: 2, columns: 2, rowOffsets: [0, 1, 2],
    ///                      columnIndices: [1, 0], values: [1, 2])
    /// ```
    ///
    /// - Precondition: `rowOffsets` has `rows + 1` nondecreasing entries from 0 to
    ///   `values.count`; `columnIndices` has one index per value, each in `0..<columns`
    ///   and strictly increasing within a row. (Zero values are accepted here.)
    /// - Complexity: O(rows + nonzeros), for the checks.
    public init(rows: Int, columns: Int, rowOffsets: [Int], columnIndices: [Int32], values: [Float]) {
        precondition(rows >= 0 && columns >= 0, "A matrix cannot have a negative dimension")
        precondition(columns <= Int(Int32.max), "At most \(Int32.max) columns")
        precondition(rowOffsets.count == rows + 1 && rowOffsets.first == 0
                     && rowOffsets.last == values.count, "rowOffsets must run from 0 to values.count")
        precondition(columnIndices.count == values.count, "One column index per value")
        for row in 0..<rows {
            let range = rowOffsets[row]..<rowOffsets[row + 1]
            precondition(range.lowerBound <= range.upperBound, "rowOffsets must not decrease")
            var previous: Int32 = -1
            for column in columnIndices[range] {
                precondition(column > previous && Int(column) < columns,
                             "Row \(row): column indices must increase and lie in 0..<\(columns)")
                previous = column
            }
        }
        self.init(unchecked: rows, columns, rowOffsets, columnIndices, values)
    }

    /// Creates a matrix from CSR arrays known to be consistent.
    init(unchecked rows: Int, _ columns: Int, _ rowOffsets: [Int], _ columnIndices: [Int32],
         _ values: [Float]) {
        self.rows = rows
        self.columns = columns
        self.rowOffsets = rowOffsets
        self.columnIndices = columnIndices
        self.values = values
    }

    /// Creates the sparse form of a dense matrix, storing its nonzero elements.
    ///
    /// ```swift
    /// let a = SparseMatrix(DenseMatrix([[0, 1], [2, 0]]))   // 2 nonzeros
    /// ```
    public init(_ dense: DenseMatrix) {
        var offsets = [0]
        var indices: [Int32] = []
        var values: [Float] = []
        offsets.reserveCapacity(dense.rows + 1)
        for i in 0..<dense.rows {
            dense.withRow(i) { row in
                for (j, value) in row.enumerated() where value != 0 {
                    indices.append(Int32(j))
                    values.append(value)
                }
            }
            offsets.append(values.count)
        }
        self.init(unchecked: dense.rows, dense.columns, offsets, indices, values)
    }

    // MARK: - Reading Entries

    /// The entry at `row`, `column`, zero when none is stored.
    ///
    /// - Complexity: O(log(entries in the row)), by binary search.
    public subscript(row: Int, column: Int) -> Float {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                     "Index (\(row), \(column)) out of range")
        var low = rowOffsets[row]
        var high = rowOffsets[row + 1]
        let target = Int32(column)
        while low < high {
            let middle = (low + high) / 2
            if columnIndices[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low < rowOffsets[row + 1] && columnIndices[low] == target ? values[low] : 0
    }

    /// Returns row `index` as a sparse vector, sharing this matrix's storage.
    ///
    /// ```swift
    /// let contexts = ppmi.row(word)
    /// for (context, value) in zip(contexts.indices, contexts.values) { … }
    /// ```
    ///
    /// - Complexity: O(1); no entries are copied.
    public func row(_ index: Int) -> SparseVector {
        precondition(index >= 0 && index < rows, "Row \(index) out of range 0..<\(rows)")
        let range = rowOffsets[index]..<rowOffsets[index + 1]
        return SparseVector(unchecked: columnIndices[range], values[range])
    }

    // MARK: - Arithmetic

    /// Returns the transpose, itself in CSR form (equivalently, this matrix in CSC form).
    ///
    /// ```swift
    /// let contexts = ppmi.transposed()   // one row per context
    /// ```
    ///
    /// A counting sort by column: count each column's entries, turn the counts into
    /// offsets, then scatter the entries row by row. Rows are visited in increasing order,
    /// so each row of the transpose comes out sorted without a comparison sort.
    ///
    /// - Complexity: O(rows + columns + nonzeros).
    public func transposed() -> SparseMatrix {
        var offsets = [Int](repeating: 0, count: columns + 1)
        for column in columnIndices { offsets[Int(column) + 1] += 1 }
        for j in 0..<columns { offsets[j + 1] += offsets[j] }
        var next = offsets
        var indices = [Int32](repeating: 0, count: nonZeroCount)
        var transposedValues = [Float](repeating: 0, count: nonZeroCount)
        for i in 0..<rows {
            for p in rowOffsets[i]..<rowOffsets[i + 1] {
                let column = Int(columnIndices[p])
                indices[next[column]] = Int32(i)
                transposedValues[next[column]] = values[p]
                next[column] += 1
            }
        }
        return SparseMatrix(unchecked: columns, rows, offsets, indices, transposedValues)
    }

    /// Returns the Euclidean (L2) norm of each row.
    public func rowNorms() -> [Float] {
        (0..<rows).map { row($0).norm }
    }

    /// Scales every row to unit Euclidean length; empty rows stay empty.
    ///
    /// ```swift
    /// var unit = ppmi
    /// unit.normalizeRows()   // dot products are now cosine similarities
    /// ```
    public mutating func normalizeRows() {
        let norms = rowNorms()
        for i in 0..<rows where norms[i] > 0 {
            let inverse = 1 / norms[i]
            for p in rowOffsets[i]..<rowOffsets[i + 1] { values[p] *= inverse }
        }
    }

    /// Returns a copy whose rows have unit Euclidean length; empty rows stay empty.
    public func normalizedRows() -> SparseMatrix {
        var copy = self
        copy.normalizeRows()
        return copy
    }
}

extension DenseMatrix {
    /// Creates the dense form of a sparse matrix.
    ///
    /// ```swift
    /// let dense = DenseMatrix(sparse)
    /// ```
    public init(_ sparse: SparseMatrix) {
        self.init(rows: sparse.rows, columns: sparse.columns, repeating: 0)
        for i in 0..<sparse.rows {
            for p in sparse.rowOffsets[i]..<sparse.rowOffsets[i + 1] {
                elements[i * columns + Int(sparse.columnIndices[p])] = sparse.values[p]
            }
        }
    }
}
