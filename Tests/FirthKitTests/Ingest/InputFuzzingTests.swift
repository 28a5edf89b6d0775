import Foundation
import XCTest
@testable import FirthKit

/// Replays every input `make fuzz` was seeded with or found failing (Tests/FuzzRegressions),
/// and a fixed sample of random inputs, through the fuzzer's own checks (InputFuzzing.swift).
final class InputFuzzingTests: XCTestCase {
    func testKeptFuzzInputsStillPass() throws {
        let folder = packageRoot.appendingPathComponent("Tests/FuzzRegressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 4, "the seeds are missing")
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            InputFuzzing.check(bytes)
        }
    }

    /// Random bytes drawn from a small alphabet of the characters the readers treat specially,
    /// so quotes, line ends, invalid UTF-8 and invisible characters meet often.
    func testRandomInputsFromSpecialCharacters() {
        let pieces: [[UInt8]] = ["\"", ",", "\n", "\r", " ", "a", "Z", "'", "-", ".", "{", "}", ":", "\\", "text",
                                 "\u{AD}", "\u{200D}", "\u{FEFF}", "é", "Σ", "中", "\u{301}", "’"].map { Array($0.utf8) }
            + [[0xFF], [0xC3], [0xA1, 0x58], [0x00], [0xFE, 0xFF], [0xD8, 0x00]]
        var generator = SplitMix64(seed: 13)
        for round in 0..<3000 {
            var input: [UInt8] = [UInt8(round % 3)]
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                input += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }
            InputFuzzing.check(input)
        }
    }
}
