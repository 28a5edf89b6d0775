import CFirthKernels
import Foundation

/// A row-major matrix of 8-bit integers with one float scale per row, and the dot product of
/// every row with a float vector (`rowDots(with:into:)`).
///
/// The context language model keeps its unit vectors so: each next-word distribution reads the
/// whole matrix once, and that pass runs at the speed of memory (or of the shared cache), so one
/// byte per element takes about two thirds of the time of half precision's two (BENCHMARKS.md).
/// Row r stands for the floats q[r][j] · scale[r], where scale[r] is the row's largest magnitude
/// over 127 and q the row over that step, rounded to nearest (ties to even): the common 8-bit
/// quantization of embeddings, each row with its own step.
///
/// ```swift
/// let matrix = [Float](arrayLiteral: 1, -0.5, 0.25).withUnsafeBufferPointer {
///     Int8Matrix(rounding: $0, columns: 3, rows: [0])
/// }
/// // matrix.values == [127, -64, 32], matrix.scales == [1 / 127]
/// ```
struct Int8Matrix: Sendable {
    let rows: Int
    let columns: Int
    /// rows × columns integers in −127…127.
    let values: [Int8]
    /// Per row, the float that one unit of `values` stands for (0 for a row of zeros).
    let scales: [Float]

    /// The rows of `source` (a float matrix of `columns` columns) listed in `sourceRows`, in that
    /// order, each rounded to its own step.
    init(rounding source: UnsafeBufferPointer<Float>, columns: Int, rows sourceRows: [Int]) {
        self.rows = sourceRows.count
        self.columns = columns
        var scales = [Float](repeating: 0, count: sourceRows.count)
        values = [Int8](unsafeUninitializedCapacity: sourceRows.count * columns) { out, initialized in
            HugePages.advise(out)
            for (r, row) in sourceRows.enumerated() {
                precondition(row >= 0 && (row + 1) * columns <= source.count)
                scales[r] = firth_int8_quantize_row(source.baseAddress! + row * columns, Int32(columns), out.baseAddress! + r * columns)
            }
            initialized = sourceRows.count * columns
        }
        self.scales = scales
    }

    var isEmpty: Bool { rows == 0 || columns == 0 }

    /// Row `row` as floats: q · scale, each one rounding.
    func row(_ row: Int) -> [Float] {
        var out: [Float] = []
        self.row(row, into: &out)
        return out
    }

    /// Writes row `row` as floats (q · scale) into `out`, resized to `columns`.
    func row(_ row: Int, into out: inout [Float]) {
        precondition(row >= 0 && row < rows)
        if out.count != columns { out = [Float](repeating: 0, count: columns) }
        values.withUnsafeBufferPointer { q in
            out.withUnsafeMutableBufferPointer { o in firth_int8_to_floats(q.baseAddress! + row * columns, scales[row], o.baseAddress!, columns) }
        }
    }

    /// The whole matrix as floats (q · scale), for products of many vectors at once (sgemm).
    func decoded() -> DenseMatrix {
        let elements = [Float](unsafeUninitializedCapacity: values.count) { out, initialized in
            values.withUnsafeBufferPointer { q in
                for r in 0..<rows { firth_int8_to_floats(q.baseAddress! + r * columns, scales[r], out.baseAddress! + r * columns, columns) }
            }
            initialized = values.count
        }
        return DenseMatrix(rows: rows, columns: columns, elements: elements)
    }

    /// Fills `out` with the dot product of every row with `x`, by `firth_int8_row_dots` (CFirthKernels),
    /// into a buffer the caller reuses: scale · Σⱼ q[j] · x[j], the sum in floats of the exact
    /// products, so it differs from a product of the `decoded()` floats by float rounding only.
    ///
    /// Each row is summed the same way whatever the split, so a large product is cut into parts
    /// run on all cores, and `rowDot(_:with:)` of one row equals that row's entry here exactly.
    ///
    /// - Precondition: `x.count == columns`.
    /// - Complexity: O(rows · columns), on up to all cores when the matrix has a million elements or more.
    func rowDots(with x: [Float], into out: inout [Float]) {
        rowDots(with: x, into: &out) { _, _ in }
    }

    /// `rowDots(with:into:)`, and `then(rows, dots)` called on each part's rows with the
    /// whole result as soon as that part is summed, on the part's own thread: element-wise work
    /// on the dots (exp of each, say) runs on all cores beside the product instead of after it.
    /// `then` must only touch what belongs to its rows.
    func rowDots(with x: [Float], into out: inout [Float], then: @Sendable (Range<Int>, UnsafeBufferPointer<Float>) -> Void) {
        precondition(x.count == columns, "Query of length \(x.count) against \(columns) columns")
        if out.count != rows { out = [Float](repeating: 0, count: rows) }
        guard rows > 0, columns > 0 else { return }
        let d = columns, rows = self.rows
        // Parts of at least 2,048 rows, a few per core so that a busy or slower core takes fewer.
        let parts = rows * d >= 1 << 20 ? min(4 * ProcessInfo.processInfo.activeProcessorCount, rows / 2048) : 1
        values.withUnsafeBufferPointer { matrix in
            scales.withUnsafeBufferPointer { scales in
                x.withUnsafeBufferPointer { vector in
                    out.withUnsafeMutableBufferPointer { result in
                        nonisolated(unsafe) let a = matrix.baseAddress!, s = scales.baseAddress!, v = vector.baseAddress!, o = result.baseAddress!
                        nonisolated(unsafe) let all = UnsafeBufferPointer(result)
                        if parts <= 1 {
                            firth_int8_row_dots(a, s, Int32(d), v, o, 0, rows)
                            then(0..<rows, all)
                        } else {
                            DispatchQueue.concurrentPerform(iterations: parts) { part in
                                let first = rows * part / parts, end = rows * (part + 1) / parts
                                firth_int8_row_dots(a, s, Int32(d), v, o, first, end)
                                then(first..<end, all)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Row `row`'s dot product with `x`, exactly as `rowDots(with:into:)` computes it.
    func rowDot(_ row: Int, with x: [Float]) -> Float {
        precondition(x.count == columns && row >= 0 && row < rows)
        var result: Float = 0
        values.withUnsafeBufferPointer { a in
            scales.withUnsafeBufferPointer { s in
                x.withUnsafeBufferPointer { x in
                    withUnsafeMutablePointer(to: &result) { out in
                        firth_int8_row_dots(a.baseAddress! + row * columns, s.baseAddress! + row, Int32(columns), x.baseAddress!, out, 0, 1)
                    }
                }
            }
        }
        return result
    }
}
