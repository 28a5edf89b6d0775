import CFirthKernels
import Foundation
import XCTest
@testable import FirthKit

/// The context model's vectors in half precision (`HalfMatrix`, CFirthKernels/dots.c): the
/// rounding against hand-worked bit patterns and Swift's own `Float16`, the decoding, and the
/// row dots against a computation in Swift of the same sums in the same order.
final class HalfMatrixTests: XCTestCase {
    /// Rounds with the run-time choice (F16C here) and with the portable C code.
    func halves(_ values: [Float]) -> (chosen: [UInt16], portable: [UInt16]) {
        var chosen = [UInt16](repeating: 0, count: values.count), portable = chosen
        firth_floats_to_halves(values, &chosen, values.count)
        firth_floats_to_halves_portable(values, &portable, values.count)
        return (chosen, portable)
    }

    func testRoundingHandPickedValues() {
        let cases: [(Float, UInt16)] = [
            (1, 0x3C00), (-2, 0xC000), (0, 0x0000), (-0.0, 0x8000),
            (1.0 / 3, 0x3555),                  // 0.333251953125 (the next half up, 0.33349609375, is farther)
            (0.1, 0x2E66),                      // 0.0999755859375
            (65504, 0x7BFF), (65519, 0x7BFF),   // the largest half; below the midpoint to 2¹⁶
            (65520, 0x7C00), (1e6, 0x7C00), (-.infinity, 0xFC00),
            (1 + 1.0 / 2048, 0x3C00),           // a tie between 1 and 1 + 2⁻¹⁰: to the even 1
            (1 + 3.0 / 2048, 0x3C02),           // a tie between 1 + 2⁻¹⁰ and 1 + 2⁻⁹: to the even one
            (0x1p-14, 0x0400),                  // the smallest normal
            (0x1p-24, 0x0001),                  // the smallest subnormal
            (0x1p-25, 0x0000),                  // a tie between 0 and 2⁻²⁴: to the even 0
            (0x1.8p-25, 0x0001),                // above that tie
            (0x1.8p-24, 0x0002),                // a tie between 1 and 2 units of 2⁻²⁴: to the even 2
            (0x1.4p-24, 0x0001),
            (0x1.ff8p-15, 0x03FF),              // the largest subnormal
            (0x1.ffcp-15, 0x0400),              // a tie between it and 2⁻¹⁴: up to the even 0x400
        ]
        let (chosen, portable) = halves(cases.map(\.0))
        for (k, (value, expected)) in cases.enumerated() {
            XCTAssertEqual(chosen[k], expected, "\(value)")
            XCTAssertEqual(portable[k], expected, "\(value)")
            XCTAssertEqual(Float16(value).bitPattern, expected, "\(value) (Swift's Float16)")
        }
        XCTAssertEqual(Float(Float16(bitPattern: 0x3555)), 0.333251953125)
        let nan = halves([.nan])
        XCTAssertTrue(Float16(bitPattern: nan.chosen[0]).isNaN && Float16(bitPattern: nan.portable[0]).isNaN)
    }

    /// Every 65,521st float bit pattern (all exponents, both signs), and every 7th float whose
    /// last 13 bits are 1 followed by zeros (a tie between two normal halves), against Swift's Float16.
    func testRoundingAgreesWithSwiftsFloat16() {
        var values: [Float] = []
        var bits: UInt64 = 0
        while bits < 1 << 32 {
            values.append(Float(bitPattern: UInt32(bits)))
            bits += 65_521
        }
        for k in stride(from: UInt32(0), to: 1 << 19, by: 7) { values.append(Float(bitPattern: k << 13 | 0x1000)) }
        let (chosen, portable) = halves(values)
        var checked = 0
        for (k, value) in values.enumerated() where !value.isNaN {
            let expected = Float16(value).bitPattern
            if chosen[k] != expected || portable[k] != expected {
                XCTFail("\(value): \(chosen[k]) \(portable[k]) against \(expected)")
                break
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 130_000)
    }

    /// Every half decodes to Swift's Float(Float16) exactly, by both versions.
    func testDecodingEveryHalf() {
        let all = (0...UInt16.max).map { $0 }
        var chosen = [Float](repeating: 0, count: all.count), portable = chosen
        firth_halves_to_floats(all, &chosen, all.count)
        firth_halves_to_floats_portable(all, &portable, all.count)
        for h in all {
            let expected = Float(Float16(bitPattern: h))
            if expected.isNaN {
                XCTAssertTrue(chosen[Int(h)].isNaN && portable[Int(h)].isNaN)
            } else if chosen[Int(h)].bitPattern != expected.bitPattern || portable[Int(h)].bitPattern != expected.bitPattern {
                XCTFail("\(h): \(chosen[Int(h)]) \(portable[Int(h)]) against \(expected)")
                break
            }
        }
    }

    /// dots.c's sum of one row, written out in Swift from Float(Float16): 16 running sums of fused
    /// products over the blocks of 16 columns (then one block of 8 into the first 8), the pairs
    /// k, k+8 added, then ((0+4) + (2+6)) + ((1+5) + (3+7)), then the last columns one by one.
    func referenceDot(_ row: ArraySlice<UInt16>, _ x: [Float]) -> Float {
        let v = row.map { Float(Float16(bitPattern: $0)) }, d = v.count
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
        return sum
    }

    func randomMatrix(rows: Int, columns: Int, random: inout SplitMix64) -> (matrix: HalfMatrix, floats: [Float]) {
        let floats = (0..<rows * columns).map { _ in Float(Double(random.next() >> 11) / Double(1 << 53) - 0.5) }
        let matrix = floats.withUnsafeBufferPointer { HalfMatrix(rounding: $0, columns: columns, rows: Array(0..<rows)) }
        return (matrix, floats)
    }

    func testRowDotsEqualTheSameSumsInSwift() {
        var random = SplitMix64(seed: 7)
        for d in [1, 5, 8, 13, 16, 23, 24, 31, 40, 300, 500] {
            let (m, floats) = randomMatrix(rows: 29, columns: d, random: &random)
            XCTAssertEqual(m.bits, floats.map { Float16($0).bitPattern })
            let x = (0..<d).map { _ in Float(Double(random.next() >> 11) / Double(1 << 53) * 2 - 1) }
            var dots: [Float] = []
            m.rowDots(with: x, into: &dots)
            var portable = [Float](repeating: 0, count: m.rows)
            firth_half_row_dots_portable(m.bits, Int32(d), x, &portable, 0, m.rows)
            for r in 0..<m.rows {
                let expected = referenceDot(m.bits[r * d..<(r + 1) * d], x)
                XCTAssertEqual(dots[r].bitPattern, expected.bitPattern, "d \(d), row \(r): \(dots[r]) against \(expected)")
                XCTAssertEqual(portable[r].bitPattern, expected.bitPattern, "d \(d), row \(r), portable")
                XCTAssertEqual(m.rowDot(r, with: x).bitPattern, expected.bitPattern)
            }
            XCTAssertEqual(m.row(3), Array(m.bits[3 * d..<4 * d]).map { Float(Float16(bitPattern: $0)) })
            XCTAssertEqual(m.decoded().elements, m.bits.map { Float(Float16(bitPattern: $0)) })
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
        for r in [0, 2_048, 4_098] { XCTAssertEqual(dots[r], referenceDot(m.bits[r * 260..<(r + 1) * 260], x)) }

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
}
