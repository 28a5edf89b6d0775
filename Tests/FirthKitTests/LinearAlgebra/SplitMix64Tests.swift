import FirthKit
import XCTest

final class SplitMix64Tests: XCTestCase {
    /// Outputs of Vigna's reference splitmix64.c (prng.di.unimi.it), compiled with gcc.
    func testMatchesTheReferenceImplementation() {
        var zero = SplitMix64(seed: 0)
        XCTAssertEqual((0..<3).map { _ in zero.next() },
                       [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var other = SplitMix64(seed: 1_234_567)
        XCTAssertEqual((0..<3).map { _ in other.next() },
                       [0x599E_D017_FB08_FC85, 0x2C73_F084_5854_0FA5, 0x883E_BCE5_A3F2_7C77])
    }

    func testSkippingEqualsDrawing() {
        var drawn = SplitMix64(seed: 99)
        for _ in 0..<1000 { _ = drawn.next() }
        XCTAssertEqual(SplitMix64(seed: 99, skipping: 1000), drawn)
    }
}
