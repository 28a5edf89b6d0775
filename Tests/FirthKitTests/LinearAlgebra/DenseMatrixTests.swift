import FirthKit
import Foundation
import XCTest

final class DenseMatrixTests: XCTestCase {
    // MARK: - Creating and reading

    func testInitFromRowsStoresRowMajor() {
        let a = DenseMatrix([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(a.rows, 2)
        XCTAssertEqual(a.columns, 3)
        XCTAssertEqual(a.elements, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(a[1, 2], 6)
        XCTAssertEqual(a.row(1), [4, 5, 6])
        XCTAssertEqual(a.withRow(0) { $0.reduce(0, +) }, 6)
        XCTAssertEqual(a, DenseMatrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6]))
    }

    func testInitFromNoRowsIsEmpty() {
        let a = DenseMatrix([])
        XCTAssertEqual(a.rows, 0)
        XCTAssertEqual(a.columns, 0)
        XCTAssertEqual(a.elements, [])
    }

    func testSubscriptSetterWritesOneElement() {
        var a = DenseMatrix(rows: 2, columns: 2, repeating: 0)
        a[0, 1] = 5
        XCTAssertEqual(a.elements, [0, 5, 0, 0])
    }

    // MARK: - Products

    func testMultipliedMatchesHandComputedProductForEveryTransposeFlag() {
        let a = DenseMatrix([[1, 2], [3, 4], [5, 6]])
        let b = DenseMatrix([[7, 8, 9], [10, 11, 12]])
        // Small integers: every product and sum is exact in Float.
        let expected = DenseMatrix([[27, 30, 33], [61, 68, 75], [95, 106, 117]])
        XCTAssertEqual(a.multiplied(by: b), expected)
        XCTAssertEqual(a.transposed().multiplied(by: b, transposingSelf: true), expected)
        XCTAssertEqual(a.multiplied(by: b.transposed(), transposingOther: true), expected)
        XCTAssertEqual(
            a.transposed().multiplied(by: b.transposed(), transposingSelf: true, transposingOther: true),
            expected)
    }

    func testMultipliedMatchesReferenceOnRandomMatrices() {
        let a = DenseMatrix.randomGaussian(rows: 37, columns: 23, seed: 1)
        let b = DenseMatrix.randomGaussian(rows: 23, columns: 41, seed: 2)
        // Sums of 23 products of standard normals: Float rounding stays below 1e-5.
        assertEqual(a.multiplied(by: b), referenceProduct(a, b), accuracy: 1e-5)
    }

    func testMultipliedWithEmptyInnerDimensionIsZero() {
        let a = DenseMatrix(rows: 2, columns: 0, repeating: 0)
        let b = DenseMatrix(rows: 0, columns: 3, repeating: 0)
        XCTAssertEqual(a.multiplied(by: b), DenseMatrix(rows: 2, columns: 3, repeating: 0))
    }

    func testDenseMatrixAsLinearOperator() {
        let a = DenseMatrix([[1, 2], [3, 4], [5, 6]])
        let b = DenseMatrix([[1], [1]])
        let c = DenseMatrix([[1], [0], [-1]])
        XCTAssertEqual(a.multiply(b), DenseMatrix([[3], [7], [11]]))
        XCTAssertEqual(a.multiplyTransposed(c), DenseMatrix([[-4], [-4]]))
    }

    func testTransposed() {
        let a = DenseMatrix([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(a.transposed(), DenseMatrix([[1, 4], [2, 5], [3, 6]]))
        XCTAssertEqual(a.transposed().transposed(), a)
    }

    // MARK: - Scaling and norms

    func testScaleRowsAndColumns() {
        var a = DenseMatrix([[1, 2], [3, 4]])
        a.scaleRows(by: [2, -1])
        XCTAssertEqual(a, DenseMatrix([[2, 4], [-3, -4]]))
        a.scaleColumns(by: [0.5, 10])
        XCTAssertEqual(a, DenseMatrix([[1, 40], [-1.5, -40]]))
    }

    func testNormalizeRowsLeavesZeroRowsZero() {
        var a = DenseMatrix([[3, 4], [0, 0], [0, -2]])
        XCTAssertEqual(a.rowNorms(), [5, 0, 2])
        a.normalizeRows()
        assertEqual(a, DenseMatrix([[0.6, 0.8], [0, 0], [0, -1]]), accuracy: 1e-7)
        XCTAssertEqual(a.row(1), [0, 0])
        XCTAssertEqual(a, DenseMatrix([[3, 4], [0, 0], [0, -2]]).normalizedRows())
    }

    // MARK: - Random matrices

    func testRandomGaussianIsReproducibleFromItsSeed() {
        let a = DenseMatrix.randomGaussian(rows: 30, columns: 20, seed: 7)
        XCTAssertEqual(a, DenseMatrix.randomGaussian(rows: 30, columns: 20, seed: 7))
        XCTAssertNotEqual(a, DenseMatrix.randomGaussian(rows: 30, columns: 20, seed: 8))
    }

    func testRandomGaussianIsTheSequentialBoxMullerStream() {
        // The documented recipe, run sequentially: two SplitMix64 outputs per pair.
        var generator = SplitMix64(seed: 3)
        var expected: [Float] = []
        while expected.count < 40_001 {
            let u1 = (Double(generator.next() >> 11) + 1) * 0x1p-53
            let u2 = Double(generator.next() >> 11) * 0x1p-53
            let radius = (-2 * log(u1)).squareRoot()
            expected += [Float(radius * cos(2 * Double.pi * u2)), Float(radius * sin(2 * Double.pi * u2))]
        }
        // 40,001 elements span two parallel blocks of 2¹⁴ pairs and end with half a pair.
        let long = DenseMatrix.randomGaussian(rows: 1, columns: 40_001, seed: 3)
        let mismatch = long.elements.indices.first { long.elements[$0] != expected[$0] }
        XCTAssertNil(mismatch, "first element differing from the sequential stream")
        XCTAssertEqual(long.elements.count, 40_001)
        // The stream does not depend on the shape.
        XCTAssertEqual(DenseMatrix.randomGaussian(rows: 3, columns: 5, seed: 3).elements,
                       Array(expected.prefix(15)))
    }

    func testRandomGaussianHasStandardNormalMoments() {
        let samples = DenseMatrix.randomGaussian(rows: 200, columns: 500, seed: 11).elements.map(Double.init)
        let n = Double(samples.count)
        let mean = samples.reduce(0, +) / n
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let withinOne = Double(samples.filter { abs($0) < 1 }.count) / n
        // Standard errors for 10⁵ samples: mean 0.0032, variance 0.0045, P(|z| < 1) 0.0015;
        // the tolerances are about 5 of them.
        XCTAssertEqual(mean, 0, accuracy: 0.016)
        XCTAssertEqual(variance, 1, accuracy: 0.022)
        XCTAssertEqual(withinOne, 0.6827, accuracy: 0.0075)
    }

    // MARK: - QR

    func testOrthonormalizedColumnsAreOrthonormalAndSpanTheInput() {
        let a = DenseMatrix.randomGaussian(rows: 50, columns: 8, seed: 5)
        let q = a.orthonormalizedColumns()
        XCTAssertEqual(q.rows, 50)
        XCTAssertEqual(q.columns, 8)
        assertEqual(q.multiplied(by: q, transposingSelf: true), identity(8), accuracy: 1e-5)
        // Projecting A onto span(Q) changes nothing: Q Qᵀ A = A.
        let projected = q.multiplied(by: q.multiplied(by: a, transposingSelf: true))
        assertEqual(projected, a, accuracy: 1e-4)
    }

    func testOrthonormalizedColumnsOfDependentColumnsAreStillOrthonormal() {
        let column = DenseMatrix.randomGaussian(rows: 20, columns: 1, seed: 9)
        var a = DenseMatrix(rows: 20, columns: 3, repeating: 0)
        for i in 0..<20 { a[i, 0] = column[i, 0]; a[i, 1] = 2 * column[i, 0]; a[i, 2] = -column[i, 0] }
        let q = a.orthonormalizedColumns()
        assertEqual(q.multiplied(by: q, transposingSelf: true), identity(3), accuracy: 1e-5)
    }

    // MARK: - SVD

    func testThinSVDOfAKnownMatrix() throws {
        // AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5.
        let a = DenseMatrix([[3, 0], [4, 5]])
        let svd = try a.thinSVD()
        XCTAssertEqual(svd.singularValues[0], 3 * Float(5).squareRoot(), accuracy: 1e-5)
        XCTAssertEqual(svd.singularValues[1], Float(5).squareRoot(), accuracy: 1e-5)
        assertEqual(svd.reconstructed(), a, accuracy: 1e-5)
    }

    func testThinSVDReconstructsTallAndWideMatrices() throws {
        let tall = DenseMatrix.randomGaussian(rows: 9, columns: 4, seed: 21)
        for a in [tall, tall.transposed()] {
            let svd = try a.thinSVD()
            XCTAssertEqual(svd.u.rows, a.rows)
            XCTAssertEqual(svd.v.rows, a.columns)
            XCTAssertEqual(svd.rank, 4)
            XCTAssertEqual(svd.singularValues, svd.singularValues.sorted(by: >))
            assertEqual(svd.u.multiplied(by: svd.u, transposingSelf: true), identity(4), accuracy: 1e-5)
            assertEqual(svd.v.multiplied(by: svd.v, transposingSelf: true), identity(4), accuracy: 1e-5)
            assertEqual(svd.reconstructed(), a, accuracy: 1e-5)
        }
        // A and Aᵀ have the same singular values.
        let tallValues = try tall.thinSVD().singularValues
        let wideValues = try tall.transposed().thinSVD().singularValues
        for (x, y) in zip(tallValues, wideValues) { XCTAssertEqual(x, y, accuracy: 1e-5) }
    }

    func testThinSVDRejectsNaN() {
        let a = DenseMatrix([[1, .nan], [0, 1]])
        XCTAssertThrowsError(try a.thinSVD()) { error in
            guard case let .lapackFailure(routine, info) = error as? LinearAlgebraError else {
                return XCTFail("Unexpected error \(error)")
            }
            XCTAssertEqual(routine, "sgesdd")
            XCTAssertLessThan(info, 0, "LAPACKE reports NaN input as a bad argument")
        }
    }

    // MARK: - Nearest neighbours

    func testTopDotProductsOrdersByScoreThenRow() {
        let a = DenseMatrix([[1, 0], [0, 1], [1, 1], [-1, 0], [1, 1]])
        // Scores against (1, 1): 1, 1, 2, -1, 2.
        XCTAssertEqual(a.dotProducts(with: [1, 1]), [1, 1, 2, -1, 2])
        XCTAssertEqual(a.topDotProducts(with: [1, 1], count: 3), [
            ScoredRow(row: 2, score: 2), ScoredRow(row: 4, score: 2), ScoredRow(row: 0, score: 1),
        ])
        XCTAssertEqual(a.topDotProducts(with: [1, 1], count: 3, excluding: [2]).map(\.row), [4, 0, 1])
        XCTAssertEqual(a.topDotProducts(with: [1, 1], count: 10).map(\.row), [2, 4, 0, 1, 3])
        XCTAssertEqual(a.topDotProducts(with: [1, 1], count: 0), [])
    }

    func testTopDotProductsAgreesWithAFullSortOnRandomData() {
        let a = DenseMatrix.randomGaussian(rows: 500, columns: 16, seed: 4)
        let query = a.row(17)
        let scores = a.dotProducts(with: query)
        let expected = scores.enumerated()
            .filter { $0.offset != 17 }
            .sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
            .prefix(25)
            .map { ScoredRow(row: $0.offset, score: $0.element) }
        XCTAssertEqual(a.topDotProducts(with: query, count: 25, excluding: [17]), expected)
    }

    func testTopSelectionSkipsNaN() {
        XCTAssertEqual(ScoredRow.top(2, of: [.nan, 0.5, .nan, 0.7]).map(\.row), [3, 1])
    }
}
