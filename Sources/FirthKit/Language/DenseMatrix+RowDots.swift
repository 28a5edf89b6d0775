import CFirthKernels
import Foundation

extension DenseMatrix {
    /// Fills `out` with the dot product of every row with `x`: `A · x`, as `dotProducts(with:)`
    /// computes it, but into a buffer the caller reuses, and by `firth_row_dots` (CFirthKernels).
    ///
    /// The context language model makes one such product per next-word distribution (the
    /// cosines of the whole vocabulary with the history's vector). Each row is summed the same
    /// way whatever the split, so a large product is cut into parts run on all cores, and
    /// `rowDot(_:with:)` of one row equals that row's entry here exactly.
    ///
    /// - Precondition: `x.count == columns`.
    /// - Complexity: O(rows · columns), on up to all cores when the matrix has a million elements or more.
    func rowDots(with x: [Float], into out: inout [Float]) {
        precondition(x.count == columns, "Query of length \(x.count) against \(columns) columns")
        if out.count != rows { out = [Float](repeating: 0, count: rows) }
        guard rows > 0, columns > 0 else { return }
        let d = columns, rows = self.rows
        // Parts of at least 2,048 rows, a few per core so that a busy or slower core takes fewer.
        let parts = rows * d >= 1 << 20 ? min(4 * ProcessInfo.processInfo.activeProcessorCount, rows / 2048) : 1
        elements.withUnsafeBufferPointer { matrix in
            x.withUnsafeBufferPointer { vector in
                out.withUnsafeMutableBufferPointer { result in
                    nonisolated(unsafe) let a = matrix.baseAddress!, v = vector.baseAddress!, o = result.baseAddress!
                    if parts <= 1 {
                        firth_row_dots(a, Int32(d), v, o, 0, rows)
                    } else {
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            firth_row_dots(a, Int32(d), v, o, rows * part / parts, rows * (part + 1) / parts)
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
        elements.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { x in
                withUnsafeMutablePointer(to: &result) { out in
                    firth_row_dots(a.baseAddress! + row * columns, Int32(columns), x.baseAddress!, out, 0, 1)
                }
            }
        }
        return result
    }
}
