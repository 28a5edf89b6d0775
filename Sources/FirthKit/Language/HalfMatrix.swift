import CFirthKernels
import Foundation

/// A row-major matrix of floats rounded to IEEE half precision (kept as their bit patterns), and
/// the dot product of every row with a float vector (`rowDots(with:into:)`).
///
/// The context language model keeps its unit vectors so: each next-word distribution reads the
/// whole matrix once, and when it is larger than the last-level cache that pass runs at the speed
/// of memory, so half the bytes take about half the time. Every use of a row (the product, one row
/// alone, a row as floats, the whole matrix as floats) sees the same rounded values.
struct HalfMatrix: Sendable {
    let rows: Int
    let columns: Int
    /// rows × columns half-precision bit patterns.
    let bits: [UInt16]

    /// The rows of `source` (a float matrix of `columns` columns) listed in `sourceRows`, in that
    /// order, each element rounded to the nearest half (ties to even).
    init(rounding source: UnsafeBufferPointer<Float>, columns: Int, rows sourceRows: [Int]) {
        self.rows = sourceRows.count
        self.columns = columns
        bits = [UInt16](unsafeUninitializedCapacity: sourceRows.count * columns) { out, initialized in
            HugePages.advise(out)
            for (r, row) in sourceRows.enumerated() {
                precondition(row >= 0 && (row + 1) * columns <= source.count)
                firth_floats_to_halves(source.baseAddress! + row * columns, out.baseAddress! + r * columns, columns)
            }
            initialized = sourceRows.count * columns
        }
    }

    var isEmpty: Bool { rows == 0 || columns == 0 }

    /// Row `row` as floats (exact).
    func row(_ row: Int) -> [Float] {
        var out: [Float] = []
        self.row(row, into: &out)
        return out
    }

    /// Writes row `row` as floats (exact) into `out`, resized to `columns`.
    func row(_ row: Int, into out: inout [Float]) {
        precondition(row >= 0 && row < rows)
        if out.count != columns { out = [Float](repeating: 0, count: columns) }
        bits.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { o in firth_halves_to_floats(b.baseAddress! + row * columns, o.baseAddress!, columns) }
        }
    }

    /// The whole matrix as floats (exact), for products of many vectors at once (sgemm).
    func decoded() -> DenseMatrix {
        let elements = [Float](unsafeUninitializedCapacity: bits.count) { out, initialized in
            bits.withUnsafeBufferPointer { b in
                if let from = b.baseAddress { firth_halves_to_floats(from, out.baseAddress!, b.count) }
            }
            initialized = bits.count
        }
        return DenseMatrix(rows: rows, columns: columns, elements: elements)
    }

    /// Fills `out` with the dot product of every row with `x`, by `firth_half_row_dots` (CFirthKernels),
    /// into a buffer the caller reuses.
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
        bits.withUnsafeBufferPointer { matrix in
            x.withUnsafeBufferPointer { vector in
                out.withUnsafeMutableBufferPointer { result in
                    nonisolated(unsafe) let a = matrix.baseAddress!, v = vector.baseAddress!, o = result.baseAddress!
                    nonisolated(unsafe) let all = UnsafeBufferPointer(result)
                    if parts <= 1 {
                        firth_half_row_dots(a, Int32(d), v, o, 0, rows)
                        then(0..<rows, all)
                    } else {
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            let first = rows * part / parts, end = rows * (part + 1) / parts
                            firth_half_row_dots(a, Int32(d), v, o, first, end)
                            then(first..<end, all)
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
        bits.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { x in
                withUnsafeMutablePointer(to: &result) { out in
                    firth_half_row_dots(a.baseAddress! + row * columns, Int32(columns), x.baseAddress!, out, 0, 1)
                }
            }
        }
        return result
    }
}
