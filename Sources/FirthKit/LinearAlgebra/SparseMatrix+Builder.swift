extension SparseMatrix {
    /// Collects (row, column, value) triples in any order and builds a ``SparseMatrix``.
    ///
    /// ```swift
    /// var builder = SparseMatrix.Builder(rows: vocabularySize, columns: vocabularySize)
    /// for pair in cooccurrences {
    ///     builder.append(row: pair.word, column: pair.context, value: pair.ppmi)
    /// }
    /// let ppmi = builder.build()
    /// ```
    ///
    /// Triples with the same (row, column) are summed, in the order they were appended, so
    /// the result does not depend on anything but the input. Entries that are zero, or
    /// whose duplicates sum to zero, are not stored.
    public struct Builder: Sendable {
        /// The number of rows of the matrix being built.
        public let rows: Int

        /// The number of columns of the matrix being built.
        public let columns: Int

        private var rowIndices: [Int32] = []
        private var columnIndices: [Int32] = []
        private var values: [Float] = []

        /// Creates an empty builder for a `rows` × `columns` matrix.
        ///
        /// - Precondition: Both dimensions lie in `0...Int32.max`.
        public init(rows: Int, columns: Int) {
            precondition(rows >= 0 && columns >= 0, "A matrix cannot have a negative dimension")
            precondition(rows <= Int(Int32.max) && columns <= Int(Int32.max),
                         "At most \(Int32.max) rows and columns")
            self.rows = rows
            self.columns = columns
        }

        /// The number of triples appended so far, duplicates and zeros included.
        public var count: Int { values.count }

        /// Reserves room for `capacity` triples, avoiding regrowth when the count is known.
        public mutating func reserveCapacity(_ capacity: Int) {
            rowIndices.reserveCapacity(capacity)
            columnIndices.reserveCapacity(capacity)
            values.reserveCapacity(capacity)
        }

        /// Adds `value` at (`row`, `column`).
        ///
        /// - Precondition: `row` lies in `0..<rows` and `column` in `0..<columns`.
        public mutating func append(row: Int, column: Int, value: Float) {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Entry (\(row), \(column)) outside a \(rows) × \(columns) matrix")
            rowIndices.append(Int32(truncatingIfNeeded: row))
            columnIndices.append(Int32(truncatingIfNeeded: column))
            values.append(value)
        }

        /// Returns the matrix of the triples appended so far.
        ///
        /// Two stable counting sorts put the triples in (row, column) order in linear time
        /// — first by column, then by row, the least significant key first as in a radix
        /// sort — so duplicates end up adjacent, still in the order they were appended.
        /// One pass then sums them and leaves out zeros.
        ///
        /// - Complexity: O(rows + columns + triples).
        public func build() -> SparseMatrix {
            let byColumn = Self.stableOrder(of: Array(values.indices), by: columnIndices, keyCount: columns)
            let order = Self.stableOrder(of: byColumn, by: rowIndices, keyCount: rows)

            var offsets = [Int](repeating: 0, count: rows + 1)
            var indices: [Int32] = []
            var sums: [Float] = []
            indices.reserveCapacity(order.count)
            sums.reserveCapacity(order.count)
            var start = 0
            for row in 0..<rows {
                let rowStart = indices.count
                // `order` lists the triples of row 0, then row 1, …; this row's run begins
                // at `start`.
                while start < order.count && Int(rowIndices[order[start]]) == row {
                    let triple = order[start]
                    if indices.count > rowStart && indices[indices.count - 1] == columnIndices[triple] {
                        sums[sums.count - 1] += values[triple]
                    } else {
                        if sums.count > rowStart && sums[sums.count - 1] == 0 {
                            indices.removeLast()
                            sums.removeLast()
                        }
                        indices.append(columnIndices[triple])
                        sums.append(values[triple])
                    }
                    start += 1
                }
                if sums.count > rowStart && sums[sums.count - 1] == 0 {
                    indices.removeLast()
                    sums.removeLast()
                }
                offsets[row + 1] = indices.count
            }
            return SparseMatrix(unchecked: rows, columns, offsets, indices, sums)
        }

        /// Returns `items` reordered by `keys[item]`, keeping the given order among equal
        /// keys: a counting sort.
        private static func stableOrder(of items: [Int], by keys: [Int32], keyCount: Int) -> [Int] {
            var next = [Int](repeating: 0, count: keyCount + 1)
            for item in items { next[Int(keys[item]) + 1] += 1 }
            for key in 0..<keyCount { next[key + 1] += next[key] }
            var sorted = [Int](repeating: 0, count: items.count)
            for item in items {
                let key = Int(keys[item])
                sorted[next[key]] = item
                next[key] += 1
            }
            return sorted
        }
    }
}
