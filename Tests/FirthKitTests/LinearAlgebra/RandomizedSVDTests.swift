import FirthKit
import Foundation
import XCTest

final class RandomizedSVDTests: XCTestCase {
    /// A 60 × 40 matrix with singular values 0.7⁰ … 0.7³⁹ and random singular vectors.
    private let decaying = MatrixWithKnownSVD(
        rows: 60, columns: 40, singularValues: (0..<40).map { Float(pow(0.7, Double($0))) }, seed: 100)

    func testSingularValuesMatchLAPACKOnADecayingSpectrum() throws {
        let exact = try decaying.matrix.thinSVD().singularValues
        let svd = try RandomizedSVD(rank: 10, seed: 1).decompose(decaying.matrix)
        XCTAssertEqual(svd.rank, 10)
        for i in 0..<10 {
            // σ₁₀ = 0.04 and Float carries ~1e-7·σ₁ of absolute error: about 3e-6 relative
            // (measured: 6e-7 with 4 power iterations, 2e-4 with none).
            XCTAssertEqual(svd.singularValues[i], exact[i], accuracy: 1e-4 * exact[i], "σ\(i + 1)")
        }
    }

    func testRecoversAKnownSpectrumAndItsSingularVectors() throws {
        let sigma: [Float] = [10, 8, 6, 5, 4, 3, 2.5, 2, 1.5, 1] + (0..<30).map { 0.01 * Float(pow(0.5, Double($0))) }
        let known = MatrixWithKnownSVD(rows: 80, columns: 50, singularValues: sigma, seed: 200)
        let svd = try RandomizedSVD(rank: 10, seed: 2).decompose(known.matrix)
        for i in 0..<10 {
            XCTAssertEqual(svd.singularValues[i], sigma[i], accuracy: 1e-4 * sigma[i], "σ\(i + 1)")
            // Vectors are defined up to sign; the gap to the neighbours is ≥ 0.5.
            XCTAssertEqual(abs(dot(column(svd.u, i), column(known.u, i))), 1, accuracy: 1e-4, "u\(i + 1)")
            XCTAssertEqual(abs(dot(column(svd.v, i), column(known.v, i))), 1, accuracy: 1e-4, "v\(i + 1)")
        }
    }

    func testFactorsAreOrthonormalAndOrdered() throws {
        let svd = try RandomizedSVD(rank: 12, seed: 3).decompose(decaying.matrix)
        XCTAssertEqual(svd.u.rows, 60)
        XCTAssertEqual(svd.u.columns, 12)
        XCTAssertEqual(svd.v.rows, 40)
        XCTAssertEqual(svd.v.columns, 12)
        assertEqual(svd.u.multiplied(by: svd.u, transposingSelf: true), identity(12), accuracy: 1e-5)
        assertEqual(svd.v.multiplied(by: svd.v, transposingSelf: true), identity(12), accuracy: 1e-5)
        XCTAssertEqual(svd.singularValues, svd.singularValues.sorted(by: >))
        XCTAssertGreaterThan(svd.singularValues.last!, 0)
    }

    func testLargestEntryOfEachLeftVectorIsPositive() throws {
        let svd = try RandomizedSVD(rank: 8, seed: 4).decompose(decaying.matrix)
        for j in 0..<8 {
            let u = column(svd.u, j)
            let largest = u.max { abs($0) < abs($1) }!
            XCTAssertGreaterThan(largest, 0, "u\(j + 1)")
        }
    }

    func testReconstructionErrorIsNearTheEckartYoungOptimum() throws {
        // A Gaussian matrix has a flat spectrum, the hard case for random projection.
        let a = DenseMatrix.randomGaussian(rows: 60, columns: 40, seed: 5)
        let exact = try a.thinSVD().singularValues
        let k = 10
        let optimum = Float(exact[k...].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
        let svd = try RandomizedSVD(rank: k, seed: 6).decompose(a)
        let error = frobeniusNorm(difference(a, svd.reconstructed()))
        // No rank-k matrix beats the optimum. Measured: 4 power iterations come within
        // 0.014 % of it, 2 within 0.47 %, 1 within 2.2 %; the bound admits only q ≥ 3.
        XCTAssertGreaterThanOrEqual(error, optimum * (1 - 1e-5))
        XCTAssertLessThanOrEqual(error, optimum * 1.002)
    }

    func testFullRankRequestIsExact() throws {
        // k = min(m, n): the sketch is clamped to 40 columns and spans the whole range.
        let a = DenseMatrix.randomGaussian(rows: 60, columns: 40, seed: 7)
        let svd = try RandomizedSVD(rank: 40, seed: 8).decompose(a)
        assertEqual(svd.reconstructed(), a, accuracy: 1e-4)
    }

    func testWideMatricesWork() throws {
        let wide = decaying.matrix.transposed()
        let exact = try wide.thinSVD().singularValues
        let svd = try RandomizedSVD(rank: 10, seed: 9).decompose(wide)
        XCTAssertEqual(svd.u.rows, 40)
        XCTAssertEqual(svd.v.rows, 60)
        for i in 0..<10 { XCTAssertEqual(svd.singularValues[i], exact[i], accuracy: 1e-4 * exact[i]) }
    }

    func testSameSeedGivesBitwiseIdenticalResults() throws {
        let a = randomSparseMatrix(rows: 300, columns: 200, density: 0.05, seed: 10)
        let first = try RandomizedSVD(rank: 20, seed: 11).decompose(a)
        let second = try RandomizedSVD(rank: 20, seed: 11).decompose(a)
        XCTAssertEqual(first, second)
        let otherSeed = try RandomizedSVD(rank: 20, seed: 12).decompose(a)
        XCTAssertNotEqual(first.u, otherSeed.u)
    }

    func testSparseAndDenseOperatorsAgree() throws {
        // A decaying spectrum, so that the top singular vectors are well separated.
        let sparse = SparseMatrix(decaying.matrix)
        let method = RandomizedSVD(rank: 10, seed: 13)
        let fromSparse = try method.decompose(sparse)
        let fromDense = try method.decompose(decaying.matrix)
        // Same sketch, same algorithm; only the order of additions in the products differs,
        // which moves results by Float rounding (measured: below 1e-6).
        for i in 0..<10 {
            XCTAssertEqual(fromSparse.singularValues[i], fromDense.singularValues[i],
                           accuracy: 1e-5 * fromDense.singularValues[i])
        }
        assertEqual(fromSparse.u, fromDense.u, accuracy: 1e-5)
        assertEqual(fromSparse.v, fromDense.v, accuracy: 1e-5)
    }
}
