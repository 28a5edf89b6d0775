import Foundation
import XCTest
@testable import FirthKit

final class ExactNumberTests: XCTestCase {
    func testEveryDoubleReadsBackToTheSameBits() {
        var generator = SplitMix64(seed: 7)
        var values: [Double] = [0, -0.0, 1, 42, -3, 0.1, 1e-300, 1e300, .pi, .infinity, -.infinity,
                                .greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, 9007199254740993]
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next())
            if !value.isNaN { values.append(value) }
        }
        for value in values {
            let text = ExactNumber.text(value)
            XCTAssertEqual(Double(text)?.bitPattern, value.bitPattern, "\(value) as \(text)")
        }
        XCTAssertEqual(ExactNumber.text(42.0), "42")
        XCTAssertEqual(ExactNumber.text(0.1), "0.1")
        XCTAssertEqual(ExactNumber.text(Double.nan), "nan")
        XCTAssertEqual(ExactNumber.text(-Double.infinity), "-inf")
    }

    func testEveryFloatReadsBackToTheSameBitsAsFloatAndThroughDouble() {
        for value in randomFloats(20_000, seed: 3) + [0, -0.0, 1, 0.1, .leastNonzeroMagnitude, .greatestFiniteMagnitude] {
            let text = ExactNumber.text(value)
            XCTAssertEqual(Float(text)?.bitPattern, value.bitPattern, "\(value) as \(text)")
            // numpy and gensim parse into float64 first, then round to float32: the same float.
            XCTAssertEqual(Double(text).map(Float.init)?.bitPattern, value.bitPattern, "\(value) as \(text)")
        }
        XCTAssertEqual(ExactNumber.text(Float(0.1)), "0.1", "the float's own shortest form, not 0.10000000149011612")
    }
}
