import Dispatch
import Foundation

extension DenseMatrix {
    /// Returns a matrix of independent standard normal samples, reproducible from `seed`.
    ///
    /// ```swift
    /// let omega = DenseMatrix.randomGaussian(rows: 17_400, columns: 310, seed: 17)
    /// ```
    ///
    /// The samples come from ``SplitMix64`` through the Box–Muller transform (Box & Muller,
    /// "A Note on the Generation of Random Normal Deviates", Ann. Math. Statist. 29, 1958):
    /// two uniforms u₁ ∈ (0, 1], u₂ ∈ [0, 1) give the two normals
    ///
    /// ```
    /// z₀ = √(−2 ln u₁) · cos(2π u₂)     z₁ = √(−2 ln u₁) · sin(2π u₂)
    /// ```
    ///
    /// filling the elements in row-major order. Box–Muller rather than Marsaglia's polar
    /// method because it draws exactly two 64-bit words per pair: the k-th pair is a
    /// function of `seed` and k alone, so blocks of the matrix are filled in parallel
    /// (with ``SplitMix64/init(seed:skipping:)``) and the result is still bit-for-bit the
    /// sequential stream, however many threads run. The arithmetic is in `Double` and
    /// rounded once.
    ///
    /// - Complexity: O(rows · columns).
    public static func randomGaussian(rows: Int, columns: Int, seed: UInt64) -> DenseMatrix {
        var matrix = DenseMatrix(rows: rows, columns: columns, repeating: 0)
        let count = rows * columns
        let pairs = (count + 1) / 2
        // Blocks of pairs, a fixed size so the split does not depend on the machine.
        let pairsPerBlock = 1 << 14
        let blocks = (pairs + pairsPerBlock - 1) / pairsPerBlock
        matrix.elements.withUnsafeMutableBufferPointer { buffer in
            // Blocks write disjoint ranges of `output`, so sharing the pointer is safe.
            nonisolated(unsafe) let output = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                let first = block * pairsPerBlock
                let end = min(first + pairsPerBlock, pairs)
                var generator = SplitMix64(seed: seed, skipping: UInt64(2 * first))
                for pair in first..<end {
                    // 53 random bits make a uniform double; u₁ excludes 0 so ln u₁ is finite.
                    let u1 = (Double(generator.next() >> 11) + 1) * 0x1p-53
                    let u2 = Double(generator.next() >> 11) * 0x1p-53
                    let radius = (-2 * log(u1)).squareRoot()
                    let angle = 2 * Double.pi * u2
                    output[2 * pair] = Float(radius * cos(angle))
                    if 2 * pair + 1 < count {
                        output[2 * pair + 1] = Float(radius * sin(angle))
                    }
                }
            }
        }
        return matrix
    }
}
