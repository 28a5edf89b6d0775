import FirthKit
import XCTest

final class SparseMatrixTests: XCTestCase {
    // MARK: - Building

    func testBuilderSortsSumsDuplicatesAndDropsZeros() {
        var builder = SparseMatrix.Builder(rows: 3, columns: 4)
        builder.append(row: 2, column: 3, value: 1)
        builder.append(row: 0, column: 2, value: 5)
        builder.append(row: 2, column: 0, value: 2)
        builder.append(row: 0, column: 1, value: 0.25)
        builder.append(row: 0, column: 2, value: 0.5)   // duplicate of (0, 2)
        builder.append(row: 2, column: 1, value: 3)
        builder.append(row: 2, column: 1, value: -3)    // cancels (2, 1)
        builder.append(row: 1, column: 3, value: 0)     // explicit zero
        XCTAssertEqual(builder.count, 8)
        let a = builder.build()
        XCTAssertEqual(a.rows, 3)
        XCTAssertEqual(a.columns, 4)
        XCTAssertEqual(a.rowOffsets, [0, 2, 2, 4])
        XCTAssertEqual(a.columnIndices, [1, 2, 0, 3])
        XCTAssertEqual(a.values, [0.25, 5.5, 2, 1])
        XCTAssertEqual(a.nonZeroCount, 4)
        XCTAssertEqual(a[0, 2], 5.5)
        XCTAssertEqual(a[2, 1], 0)
        XCTAssertEqual(a[1, 3], 0)
    }

    func testBuilderKeepsAnEntryWhoseDuplicatesCancelThenRecover() {
        var builder = SparseMatrix.Builder(rows: 1, columns: 2)
        builder.append(row: 0, column: 1, value: 1)
        builder.append(row: 0, column: 1, value: -1)
        builder.append(row: 0, column: 1, value: 2)
        XCTAssertEqual(builder.build().values, [2])
    }

    func testEmptyBuilderGivesAnEmptyMatrix() {
        let a = SparseMatrix.Builder(rows: 3, columns: 2).build()
        XCTAssertEqual(a.rowOffsets, [0, 0, 0, 0])
        XCTAssertEqual(a.nonZeroCount, 0)
        XCTAssertEqual(a.multiply(DenseMatrix(rows: 2, columns: 5, repeating: 1)),
                       DenseMatrix(rows: 3, columns: 5, repeating: 0))
        XCTAssertEqual(a.transposed().rowOffsets, [0, 0, 0])
    }

    func testCSRInitializerAndDenseRoundTrip() {
        let a = SparseMatrix(rows: 2, columns: 3, rowOffsets: [0, 1, 3],
                             columnIndices: [2, 0, 1], values: [7, 8, 9])
        let dense = DenseMatrix([[0, 0, 7], [8, 9, 0]])
        XCTAssertEqual(DenseMatrix(a), dense)
        XCTAssertEqual(SparseMatrix(dense), a)
    }

    func testRowIsAViewOfTheRow() {
        let a = SparseMatrix(DenseMatrix([[0, 0, 7], [8, 9, 0]]))
        XCTAssertEqual(Array(a.row(1).indices), [0, 1])
        XCTAssertEqual(Array(a.row(1).values), [8, 9])
        XCTAssertEqual(a.row(0).nonZeroCount, 1)
    }

    func testTransposedMatchesDenseTranspose() {
        let a = randomSparseMatrix(rows: 30, columns: 17, density: 0.2, seed: 1)
        let t = a.transposed()
        XCTAssertEqual(DenseMatrix(t), DenseMatrix(a).transposed())
        XCTAssertEqual(t.transposed(), a)
    }

    // MARK: - Products with dense blocks

    func testMultiplyMatchesTheDenseProduct() {
        // 12,000 nonzeros × 64 columns is enough work for several parallel blocks.
        let a = randomSparseMatrix(rows: 400, columns: 300, density: 0.1, seed: 2)
        let b = DenseMatrix.randomGaussian(rows: 300, columns: 64, seed: 3)
        // The reference is BLAS on the dense form. About 30 terms per element of size ~1:
        // Float rounding stays below 1e-4.
        assertEqual(a.multiply(b), DenseMatrix(a).multiplied(by: b), accuracy: 1e-4)
    }

    func testMultiplyHandlesRowsWithFewerThanFourAndUnevenNonZeros() {
        let a = SparseMatrix(DenseMatrix([[1, 2, 3, 4, 5, 6, 7], [0, 0, 0, 0, 0, 0, 0], [0, 2, 0, 0, 0, 0, 1]]))
        let b = DenseMatrix((0..<7).map { i in [Float(i), 1, -Float(i)] })
        XCTAssertEqual(a.multiply(b), referenceProduct(DenseMatrix(a), b))
    }

    func testMultiplyRowsDoNotDependOnTheRestOfTheMatrix() {
        // Each output row is computed alone in storage order, so a one-row matrix gives
        // bitwise the same row as the parallel product of the whole matrix.
        let a = randomSparseMatrix(rows: 400, columns: 300, density: 0.1, seed: 4)
        let b = DenseMatrix.randomGaussian(rows: 300, columns: 64, seed: 5)
        let product = a.multiply(b)
        for i in [0, 137, 399] {
            let range = a.rowOffsets[i]..<a.rowOffsets[i + 1]
            let single = SparseMatrix(rows: 1, columns: 300, rowOffsets: [0, range.count],
                                      columnIndices: Array(a.columnIndices[range]),
                                      values: Array(a.values[range]))
            XCTAssertEqual(single.multiply(b).row(0), product.row(i))
        }
    }

    func testMultiplyTransposedMatchesTheDenseProduct() {
        let a = randomSparseMatrix(rows: 200, columns: 150, density: 0.1, seed: 6)
        let b = DenseMatrix.randomGaussian(rows: 200, columns: 32, seed: 7)
        assertEqual(a.multiplyTransposed(b), DenseMatrix(a).multiplied(by: b, transposingSelf: true),
                    accuracy: 1e-4)
    }

    // MARK: - Norms

    func testRowNormsAndNormalizeRowsLeaveEmptyRowsEmpty() {
        var a = SparseMatrix(DenseMatrix([[3, 0, 4], [0, 0, 0], [0, -2, 0]]))
        XCTAssertEqual(a.rowNorms(), [5, 0, 2])
        a.normalizeRows()
        assertEqual(DenseMatrix(a), DenseMatrix([[0.6, 0, 0.8], [0, 0, 0], [0, -1, 0]]), accuracy: 1e-7)
        XCTAssertEqual(a.row(1).nonZeroCount, 0)
    }

    // MARK: - Sparse vectors and nearest neighbours

    func testSparseVectorDotAndNorm() {
        let x = SparseVector(indices: [1, 3, 8], values: [2, 5, 1])
        let y = SparseVector(indices: [0, 3, 8, 9], values: [4, 2, -3, 7])
        XCTAssertEqual(x.dot(y), 7)   // 5·2 + 1·(−3)
        XCTAssertEqual(y.dot(x), 7)
        XCTAssertEqual(x.norm, Float(30).squareRoot())
        XCTAssertEqual(x.dot(SparseVector(indices: [], values: [])), 0)
    }

    func testProductsWithASparseVectorAgreeByBothRoutes() {
        let a = randomSparseMatrix(rows: 60, columns: 40, density: 0.15, seed: 8)
        let x = SparseVector(indices: [0, 5, 39], values: [1, -2, 0.5])
        let dense = DenseMatrix(a)
        let expected = (0..<60).map { i in dense[i, 0] - 2 * dense[i, 5] + 0.5 * dense[i, 39] }
        let gathered = a.multiply(x)
        let scattered = a.transposed().multiplyTransposed(x)
        for i in 0..<60 {
            XCTAssertEqual(gathered[i], expected[i], accuracy: 1e-6)
            XCTAssertEqual(scattered[i], expected[i], accuracy: 1e-6)
        }
    }

    func testTopDotProductsAndCosineSimilarities() {
        let a = SparseMatrix(DenseMatrix([
            [1, 0, 0],
            [2, 2, 0],
            [0, 0, 5],
            [3, 0, 0],
            [0, 0, 0],
        ]))
        let query = SparseVector(indices: [0], values: [1])
        // Dot products 1, 2, 0, 3, 0: magnitude counts.
        XCTAssertEqual(a.topDotProducts(with: query, count: 2), [
            ScoredRow(row: 3, score: 3), ScoredRow(row: 1, score: 2),
        ])
        // Cosines 1, 1/√2, 0, 1, 0: direction counts, and rows 0 and 3 tie.
        let cosines = a.topCosineSimilarities(to: query, count: 3, excluding: [0])
        XCTAssertEqual(cosines.map(\.row), [3, 1, 2])
        XCTAssertEqual(cosines[0].score, 1, accuracy: 1e-6)
        XCTAssertEqual(cosines[1].score, Float(0.5).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(cosines[2].score, 0)
    }
}
