import FirthKit
import XCTest

// Helpers shared by the linear-algebra tests: reference computations that do not go
// through the code under test, and matrix comparisons with explicit tolerances.

/// Asserts that two matrices have the same shape and differ by at most `accuracy` in
/// every element.
func assertEqual(
    _ actual: DenseMatrix, _ expected: DenseMatrix, accuracy: Float,
    _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) {
    guard actual.rows == expected.rows && actual.columns == expected.columns else {
        XCTFail("Shape \(actual.rows) × \(actual.columns) ≠ \(expected.rows) × \(expected.columns) \(message)",
                file: file, line: line)
        return
    }
    let difference = maxAbsoluteDifference(actual, expected)
    XCTAssertLessThanOrEqual(difference, accuracy, "largest difference \(message)", file: file, line: line)
}

/// The largest absolute difference between corresponding elements.
func maxAbsoluteDifference(_ a: DenseMatrix, _ b: DenseMatrix) -> Float {
    zip(a.elements, b.elements).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// The Frobenius norm, accumulated in Double.
func frobeniusNorm(_ a: DenseMatrix) -> Float {
    Float(a.elements.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
}

/// The textbook triple loop, in Double, as a reference for the BLAS and sparse products.
func referenceProduct(_ a: DenseMatrix, _ b: DenseMatrix) -> DenseMatrix {
    precondition(a.columns == b.rows)
    var c = DenseMatrix(rows: a.rows, columns: b.columns, repeating: 0)
    for i in 0..<a.rows {
        for j in 0..<b.columns {
            var sum = 0.0
            for p in 0..<a.columns { sum += Double(a[i, p]) * Double(b[p, j]) }
            c[i, j] = Float(sum)
        }
    }
    return c
}

/// The difference `a - b`.
func difference(_ a: DenseMatrix, _ b: DenseMatrix) -> DenseMatrix {
    DenseMatrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map { $0 - $1 })
}

/// The n × n identity.
func identity(_ n: Int) -> DenseMatrix {
    var matrix = DenseMatrix(rows: n, columns: n, repeating: 0)
    for i in 0..<n { matrix[i, i] = 1 }
    return matrix
}

/// Column `j` as an array.
func column(_ matrix: DenseMatrix, _ j: Int) -> [Float] {
    (0..<matrix.rows).map { matrix[$0, j] }
}

/// The dot product of two arrays, in Double.
func dot(_ x: [Float], _ y: [Float]) -> Float {
    Float(zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) })
}

/// A random sparse matrix: each element is nonzero with probability `density`, with a
/// value uniform in [-1, 1).
func randomSparseMatrix(rows: Int, columns: Int, density: Double, seed: UInt64) -> SparseMatrix {
    var generator = SplitMix64(seed: seed)
    var builder = SparseMatrix.Builder(rows: rows, columns: columns)
    for i in 0..<rows {
        for j in 0..<columns where Double.random(in: 0..<1, using: &generator) < density {
            builder.append(row: i, column: j, value: Float.random(in: -1..<1, using: &generator))
        }
    }
    return builder.build()
}

/// A matrix `U · diag(singularValues) · Vᵀ` whose singular triplets are known: U and V are
/// the orthonormalized columns of seeded Gaussian matrices.
struct MatrixWithKnownSVD {
    let matrix: DenseMatrix
    let u: DenseMatrix
    let singularValues: [Float]
    let v: DenseMatrix

    init(rows: Int, columns: Int, singularValues: [Float], seed: UInt64) {
        precondition(singularValues.count <= min(rows, columns))
        let k = singularValues.count
        u = DenseMatrix.randomGaussian(rows: rows, columns: k, seed: seed).orthonormalizedColumns()
        v = DenseMatrix.randomGaussian(rows: columns, columns: k, seed: seed &+ 1).orthonormalizedColumns()
        self.singularValues = singularValues
        var us = u
        us.scaleColumns(by: singularValues)
        matrix = us.multiplied(by: v, transposingOther: true)
    }
}
