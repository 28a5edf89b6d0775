import Foundation
import XCTest
@testable import FirthKit

final class SemanticShiftTests: XCTestCase {
    /// 60 random words in 8 dimensions, and the same rotated by a random orthogonal matrix.
    func vectors(seed: UInt64 = 3) -> (words: [String], original: DenseMatrix, rotated: DenseMatrix, rotation: DenseMatrix) {
        let words = (0..<60).map { "w\($0)" }
        let original = DenseMatrix.randomGaussian(rows: 60, columns: 8, seed: seed).normalizedRows()
        let rotation = DenseMatrix.randomGaussian(rows: 8, columns: 8, seed: seed + 1).orthonormalizedColumns()
        return (words, original, original.multiplied(by: rotation), rotation)
    }

    func testProcrustesAlignsARotatedCopyBack() throws {
        let (words, original, rotated, rotation) = vectors()
        let shift = try SemanticShift(from: WordVectors(name: "a", words: words, vectors: original),
                                      to: WordVectors(name: "b", words: words, vectors: rotated))
        XCTAssertEqual(shift.shared.count, 60)
        for change in shift.changes { XCTAssertEqual(change, 0, accuracy: 1e-5) }
        for (found, made) in zip(shift.rotation.elements, rotation.elements) { XCTAssertEqual(found, made, accuracy: 1e-4) }
        // Within a part a rotation changes no cosine: the neighbours are the same words.
        let n = try shift.neighborhood(of: "w7", count: 5)
        XCTAssertEqual(n.from.map(\.word), n.to.map(\.word))
        XCTAssertEqual(n.joined, [])
        XCTAssertEqual(n.left, [])
    }

    func testAMovedWordChangesMostAndNamesItsNewCompany() throws {
        let (words, original, rotated, _) = vectors()
        // In the second part w5 takes the place of w40 (its vector becomes w40's).
        var rows = (0..<60).map { rotated.row($0) }
        rows[5] = rows[40]
        let shift = try SemanticShift(from: WordVectors(name: "a", words: words, vectors: original),
                                      to: WordVectors(name: "b", words: words, vectors: DenseMatrix(rows)))
        let top = shift.mostChanged(top: 3)
        XCTAssertEqual(top[0].word, "w5")
        XCTAssertGreaterThan(top[0].change, 10 * top[1].change)
        XCTAssertEqual(shift.mostChanged(top: 1, where: { $0 != "w5" })[0].word, top[1].word)
        let n = try shift.neighborhood(of: "w5", count: 3)
        XCTAssertEqual(n.to.first?.word, "w40")
        XCTAssertTrue(n.joined.contains("w40"))
    }

    func testMismatchedOrMissingWordsAreRefused() throws {
        let (words, original, _, _) = vectors()
        let a = WordVectors(name: "a", words: words, vectors: original)
        XCTAssertThrowsError(try SemanticShift(from: a, to: WordVectors(name: "b", words: ["x"], vectors: DenseMatrix([[1, 0]]))))
        let part = WordVectors(name: "b", words: Array(words.prefix(30)), vectors: DenseMatrix((0..<30).map { original.row($0) }))
        let shift = try SemanticShift(from: a, to: part)
        XCTAssertThrowsError(try shift.neighborhood(of: "w50")) { XCTAssertTrue("\($0)".contains("no vector in b"), "\($0)") }
    }
}
