import CFirthKernels
import Foundation
import XCTest
@testable import FirthKit

/// The context model's vectors at 8 bits per element (`Int8Matrix`, CFirthKernels/dots.c): the
/// rounding against hand-worked values and a rounding written out in Swift, and the row dots of
/// every version (AVX-512, AVX2, portable) against the same sums written out in Swift.
final class Int8MatrixTests: XCTestCase {
    /// The rounding, in Swift: m the largest magnitude, q = v · (127/m) to nearest (ties to
    /// even), within ±127; the row's step m/127 (0 for a row of zeros).
    static func quantized(_ v: [Float]) -> (q: [Int8], scale: Float) {
        let m = v.reduce(Float(0)) { $1.isNaN ? $0 : max($0, abs($1)) }
        let inverse = 127 / m
        guard m > 0, m.isFinite, inverse.isFinite else { return (v.map { _ in 0 }, 0) }
        return (v.map { $0.isNaN ? 0 : Int8(max(-127, min(127, ($0 * inverse).rounded(.toNearestOrEven)))) }, m / 127)
    }

    /// What the model reads for the row `v`: q · step.
    static func rounded(_ v: [Float]) -> [Float] {
        let (q, scale) = quantized(v)
        return q.map { Float($0) * scale }
    }

    func matrix(_ rows: [[Float]]) -> Int8Matrix {
        let flat = rows.flatMap { $0 }
        return flat.withUnsafeBufferPointer { Int8Matrix(rounding: $0, columns: rows[0].count, rows: Array(rows.indices)) }
    }

    func testRoundingHandPickedRows() {
        let m = matrix([[1, -0.5, 0.25], [0.8, 0.6, 0], [0, 0, 0], [127, 0.5, 1.5], [-127, 2.5, -1.5]])
        XCTAssertEqual(m.values, [127, -64, 32,      // −63.5 and 31.75: to the even −64, and up to 32
                                  127, 95, 0,        // 0.6 · 127/0.8 = 95.25
                                  0, 0, 0,           // a row of zeros: step 0
                                  127, 0, 2,         // step 1: ties to the even 0 and 2
                                  -127, 2, -2])
        XCTAssertEqual(m.scales, [Float(1) / 127, Float(0.8) / 127, 0, 1, 1])
        XCTAssertEqual(m.row(1), [0.8, 0.5984252, 0])
        XCTAssertEqual(m.row(2), [0, 0, 0])
    }

    /// A NaN element counts as 0; a row with an infinite element has no direction to keep: all 0.
    func testRoundingOfNaNAndInfinity() {
        let rows: [[Float]] = [[.nan, 1, -0.5, 0, 0, 0, 0, 0, .nan, 0.25], [.infinity, 1, 0, 0, 0, 0, 0, 0, 0, 0],
                               [0, 0, 0, 0, 0, 0, 0, 0, 0, -.infinity]]
        for v in rows {
            var chosen = [Int8](repeating: 9, count: v.count), portable = chosen
            let scale = firth_int8_quantize_row(v, Int32(v.count), &chosen)
            let portableScale = firth_int8_quantize_row_portable(v, Int32(v.count), &portable)
            XCTAssertEqual(chosen, Self.quantized(v).q)
            XCTAssertEqual(portable, chosen)
            XCTAssertEqual(scale, Self.quantized(v).scale)
            XCTAssertEqual(portableScale, scale)
        }
        XCTAssertEqual(Self.quantized(rows[0]).q, [0, 127, -64, 0, 0, 0, 0, 0, 0, 32])
        XCTAssertEqual(Self.quantized(rows[1]).scale, 0)
    }

    /// The vectorized rounding (AVX2 where the processor has it) and the portable C agree with
    /// the Swift rounding, on rows of every length around the blocks of 8.
    func testRoundingAgreesWithSwift() {
        var random = SplitMix64(seed: 5)
        for d in [1, 3, 7, 8, 9, 16, 17, 300, 500] {
            for _ in 0..<20 {
                let v = (0..<d).map { _ in Float(Double(random.next() >> 11) / Double(1 << 53) - 0.5) * 3 }
                var chosen = [Int8](repeating: 0, count: d), portable = chosen
                let scale = firth_int8_quantize_row(v, Int32(d), &chosen)
                let portableScale = firth_int8_quantize_row_portable(v, Int32(d), &portable)
                let expected = Self.quantized(v)
                XCTAssertEqual(chosen, expected.q, "d \(d)")
                XCTAssertEqual(portable, expected.q, "d \(d), portable")
                XCTAssertEqual(scale.bitPattern, expected.scale.bitPattern)
                XCTAssertEqual(portableScale.bitPattern, expected.scale.bitPattern)
            }
        }
    }

    /// dots.c's sum of one row, written out in Swift: 16 running sums of fused products over the
    /// blocks of 16 columns (then one block of 8 into the first 8), the pairs k, k+8 added, then
    /// ((0+4) + (2+6)) + ((1+5) + (3+7)), then the last columns one by one, then × the step.
    func referenceDot(_ row: ArraySlice<Int8>, scale: Float, _ x: [Float]) -> Float {
        let v = row.map { Float($0) }, d = v.count
        var s = [Float](repeating: 0, count: 16)
        var j = 0
        while j + 16 <= d {
            for k in 0..<16 { s[k] = s[k].addingProduct(v[j + k], x[j + k]) }
            j += 16
        }
        if j + 8 <= d {
            for k in 0..<8 { s[k] = s[k].addingProduct(v[j + k], x[j + k]) }
            j += 8
        }
        let t = (0..<8).map { s[$0] + s[$0 + 8] }
        var sum = ((t[0] + t[4]) + (t[2] + t[6])) + ((t[1] + t[5]) + (t[3] + t[7]))
        while j < d {
            sum = sum.addingProduct(v[j], x[j])
            j += 1
        }
        return sum * scale
    }

    func randomMatrix(rows: Int, columns: Int, random: inout SplitMix64) -> (matrix: Int8Matrix, floats: [Float]) {
        let floats = (0..<rows * columns).map { _ in Float(Double(random.next() >> 11) / Double(1 << 53) - 0.5) }
        let matrix = floats.withUnsafeBufferPointer { Int8Matrix(rounding: $0, columns: columns, rows: Array(0..<rows)) }
        return (matrix, floats)
    }

    /// Every version, on every row of every length (4 rows at once and the rows left over, 2 at
    /// once and the one left over), gives the Swift sum to the bit.
    func testRowDotsEqualTheSameSumsInSwift() {
        var random = SplitMix64(seed: 7)
        for d in [1, 5, 8, 13, 16, 23, 24, 31, 40, 300, 500] {
            let (m, floats) = randomMatrix(rows: 31, columns: d, random: &random)
            for r in 0..<m.rows {
                let expected = Self.quantized(Array(floats[r * d..<(r + 1) * d]))
                XCTAssertEqual(Array(m.values[r * d..<(r + 1) * d]), expected.q)
                XCTAssertEqual(m.scales[r], expected.scale)
            }
            let x = (0..<d).map { _ in Float(Double(random.next() >> 11) / Double(1 << 53) * 2 - 1) }
            var dots: [Float] = []
            m.rowDots(with: x, into: &dots)
            var portable = [Float](repeating: 0, count: m.rows), avx2 = portable
            firth_int8_row_dots_portable(m.values, m.scales, Int32(d), x, &portable, 0, m.rows)
            firth_int8_row_dots_avx2(m.values, m.scales, Int32(d), x, &avx2, 0, m.rows)
            for r in 0..<m.rows {
                let expected = referenceDot(m.values[r * d..<(r + 1) * d], scale: m.scales[r], x)
                XCTAssertEqual(dots[r].bitPattern, expected.bitPattern, "d \(d), row \(r): \(dots[r]) against \(expected)")
                XCTAssertEqual(portable[r].bitPattern, expected.bitPattern, "d \(d), row \(r), portable")
                XCTAssertEqual(avx2[r].bitPattern, expected.bitPattern, "d \(d), row \(r), AVX2")
                XCTAssertEqual(m.rowDot(r, with: x).bitPattern, expected.bitPattern)
            }
            // Any first row and range, for the versions that take several rows at once.
            var part = [Float](repeating: .nan, count: m.rows)
            firth_int8_row_dots(m.values, m.scales, Int32(d), x, &part, 3, 10)
            XCTAssertEqual(part[3..<10].map(\.bitPattern), dots[3..<10].map(\.bitPattern))
            XCTAssertTrue(part[2].isNaN && part[10].isNaN)
            XCTAssertEqual(m.row(3), Self.rounded(Array(floats[3 * d..<4 * d])))
            XCTAssertEqual(m.decoded().elements, (0..<m.rows).flatMap { m.row($0) })
        }
    }

    /// The cosines of rounded unit vectors stay near the exact ones: each element moves by at
    /// most half a step, m/254.
    func testRoundingMovesACosineLittle() {
        var random = SplitMix64(seed: 3)
        let d = 300
        func unit() -> [Float] {
            let v = (0..<d).map { _ in Float(Double(random.next() >> 11) / Double(1 << 53) - 0.5) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
        let (rows, h) = ((0..<50).map { _ in unit() }, unit())
        let m = matrix(rows)
        var dots: [Float] = []
        m.rowDots(with: h, into: &dots)
        for (r, v) in rows.enumerated() {
            let step = v.reduce(Float(0)) { max($0, abs($1)) } / 127
            for (a, b) in zip(m.row(r), v) { XCTAssertLessThanOrEqual(abs(a - b), step / 2 * 1.0001) }
            let exact = zip(v, h).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            XCTAssertEqual(dots[r], exact, accuracy: 2e-3)
        }
    }

    /// A product large enough to be split over threads gives each row's float of a call on that row alone.
    func testASplitProductEqualsItsRowsAlone() {
        var random = SplitMix64(seed: 11)
        let (m, _) = randomMatrix(rows: 4_099, columns: 260, random: &random)
        XCTAssertGreaterThanOrEqual(m.rows * m.columns, 1 << 20)
        let x = (0..<m.columns).map { _ in Float(Double(random.next() >> 11) / Double(1 << 53) - 0.5) }
        var dots: [Float] = []
        m.rowDots(with: x, into: &dots)
        var mismatches = 0
        for r in 0..<m.rows where dots[r].bitPattern != m.rowDot(r, with: x).bitPattern { mismatches += 1 }
        XCTAssertEqual(mismatches, 0)
        for r in [0, 2_048, 4_098] { XCTAssertEqual(dots[r], referenceDot(m.values[r * 260..<(r + 1) * 260], scale: m.scales[r], x)) }

        // The per-part callback sees every row once, after its part's dots are summed.
        var seen = [Float](repeating: .nan, count: m.rows), calls = [Int32](repeating: 0, count: m.rows)
        var again: [Float] = []
        seen.withUnsafeMutableBufferPointer { seenOut in
            calls.withUnsafeMutableBufferPointer { callsOut in
                nonisolated(unsafe) let seenOut = seenOut, callsOut = callsOut
                m.rowDots(with: x, into: &again) { rows, dots in
                    for r in rows {
                        seenOut[r] = dots[r]
                        callsOut[r] += 1
                    }
                }
            }
        }
        XCTAssertEqual(again, dots)
        XCTAssertEqual(seen.map(\.bitPattern), dots.map(\.bitPattern))
        XCTAssertEqual(Set(calls), [1])
    }

    /// Which version this machine runs, in the test log (the others are checked above anyway).
    func testTheVersionChosenHere() {
        let level = firth_int8_kernel_level()
        XCTAssertTrue((0...2).contains(level))
        print("Int8Matrix: row dots by the \(["portable", "AVX2 + FMA", "AVX-512"][Int(level)]) version")
    }
}
