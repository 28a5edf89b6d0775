import Foundation
import XCTest
@testable import FirthKit

final class DispersionTests: XCTestCase {
    /// Documents in id order (name order of the files): C (3 tokens), D (5), A (3), B (4).
    /// war: 2, 2, 2, 0 of f = 6; shares s = 3/15, 5/15, 3/15, 4/15.
    func testHandComputedMeasuresOverTheFourSpeeches() throws {
        let store = try makeStore(self, files: speeches)
        let (documents, measures) = try store.dispersion(of: ["war", "Land", "bomb"])
        XCTAssertEqual(documents.map(\.tokens), [3, 5, 3, 4])
        let war = measures[0]
        XCTAssertEqual(war.counts, [2, 2, 2, 0])
        XCTAssertEqual(war.frequency, 6)
        XCTAssertEqual(war.documentFrequency, 3)
        // DP = ½(|2/6 − 3/15| + |2/6 − 5/15| + |2/6 − 3/15| + |0 − 4/15|) = ½(2/15 + 0 + 2/15 + 4/15) = 4/15.
        XCTAssertEqual(war.dp!, 4.0 / 15, accuracy: 1e-12)
        XCTAssertEqual(war.dpNorm!, (4.0 / 15) / (1 - 3.0 / 15), accuracy: 1e-12)
        // Relative frequencies 2/3, 2/5, 2/3, 0: mean 13/30; population variance Σ(p − mean)²/4.
        let p = [2.0 / 3, 0.4, 2.0 / 3, 0], mean = 13.0 / 30
        let sd = (p.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot()
        XCTAssertEqual(war.juillandD!, 1 - (sd / mean) / 3.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(war.juillandD!, 0.63647, accuracy: 1e-5)   // the same, worked on paper

        // land occurs only in B (2 of 4 tokens): DP = ½(3/15 + 5/15 + 3/15 + |1 − 4/15|) = 11/15.
        let land = measures[1]
        XCTAssertEqual(land.word, "land")
        XCTAssertEqual(land.documentFrequency, 1)
        XCTAssertEqual(land.dp!, 11.0 / 15, accuracy: 1e-12)
        // One part holds everything: V = √(n−1), so D = 0.
        XCTAssertEqual(land.juillandD!, 0, accuracy: 1e-12)

        // Over the subcorpus modern (C, D): bomb 1 of 3, 2 of 5.
        try store.defineSubcorpus(named: "modern", SubcorpusDefinition(condition: "year >= 1945"))
        let bomb = try store.dispersion(of: ["bomb"], in: "modern").measures[0]
        XCTAssertEqual(bomb.counts, [1, 2])
        XCTAssertEqual(bomb.dp!, 0.5 * (abs(1.0 / 3 - 3.0 / 8) + abs(2.0 / 3 - 5.0 / 8)), accuracy: 1e-12)
        let q = [1.0 / 3, 2.0 / 5], m = (q[0] + q[1]) / 2
        XCTAssertEqual(bomb.juillandD!, 1 - ((abs(q[0] - m)) / m) / 1, accuracy: 1e-12)
    }

    func testEvenAndAbsentWordsAndUnknownWords() throws {
        let even = Dispersion(word: "x", counts: [1, 2, 3], sizes: [10, 20, 30])
        XCTAssertEqual(even.dp!, 0, accuracy: 1e-12)
        XCTAssertEqual(even.juillandD!, 1, accuracy: 1e-12)
        let absent = Dispersion(word: "y", counts: [0, 0], sizes: [5, 5])
        XCTAssertNil(absent.dp)
        XCTAssertNil(absent.juillandD)
        XCTAssertNil(Dispersion(word: "z", counts: [4], sizes: [9]).juillandD)
        let store = try makeStore(self, files: speeches)
        XCTAssertThrowsError(try store.dispersion(of: ["wat"])) { XCTAssertTrue("\($0)".contains("unknown word 'wat'"), "\($0)") }
    }
}
