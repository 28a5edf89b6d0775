import Foundation
import GRDB
import XCTest
@testable import FirthKit

final class EmbeddingBuilderTests: XCTestCase {
    func makeTable(_ test: XCTestCase) throws -> (CorpusStore, CooccurrenceTable) {
        let texts = ["the river flows over the stones and the water is cold", "the bank lends money and the loan is paid",
                     "fish swim in the river water", "the bank keeps money in the vault", "water and stones in the stream",
                     "a loan of money from the bank"]
        let store = try makeStore(test, documents: texts)
        var p = CountParameters()
        (p.window, p.minCount) = (3, 1)
        return (store, try CooccurrenceCounter(store: store).count(p).table)
    }

    /// The PPMI loaded into the sparse matrix is the SQL's, cell for cell.
    func testPPMIMatrixMatchesSQL() throws {
        let (store, table) = try makeTable(self)
        let ppmi = try PPMIMatrix.load(from: store, table: table)
        let sql = try store.dbQueue.inDatabase { db in
            try Row.fetchAll(db, sql: """
                SELECT w.word, c.word, s.value FROM (\(AssociationMeasure.selectSQL(.ppmi, table: table))) s
                JOIN words w ON w.word_id = s.word_id JOIN words c ON c.word_id = s.context_id WHERE s.value > 0
                """, arguments: try AssociationMeasure.prepare(db, table: table, smoothing: .init()))
        }
        XCTAssertEqual(ppmi.matrix.nonZeroCount, sql.count)
        let index = Dictionary(uniqueKeysWithValues: ppmi.words.enumerated().map { ($1, $0) })
        for row in sql {
            XCTAssertEqual(ppmi.matrix[index[row[0]]!, index[row[1]]!], Float(row[2] as Double), accuracy: 1e-6)
        }
        XCTAssertEqual(ppmi.words.first, "the", "rows are ordered by frequency")
    }

    func testEmbedStoresReloadsAndRepeats() throws {
        let (store, table) = try makeTable(self)
        var parameters = EmbeddingParameters()
        parameters.dimensions = 5
        parameters.removeTopComponents = 0   // this test checks plain U·Σ^p
        let builder = EmbeddingBuilder(store: store)
        let (embedding, reused) = try builder.embed(table: table, parameters: parameters)
        XCTAssertFalse(reused)
        XCTAssertEqual(embedding.name, "svd5.p0.5.abtt0." + table.name)
        XCTAssertEqual(embedding.dimensions, 5)
        XCTAssertEqual(embedding.singularValues.count, 5)
        XCTAssertEqual(embedding.singularValues, embedding.singularValues.sorted(by: >))
        XCTAssertTrue(try builder.embed(table: table, parameters: parameters).reused)

        let vectors = try store.wordVectors(named: embedding.name)
        XCTAssertEqual(vectors.words.count, table.vocabularySize)
        for norm in vectors.vectors.rowNorms() { XCTAssertEqual(norm, 1, accuracy: 1e-5) }
        // The stored vectors are U·Σ^p of the SVD, normalized: recompute and compare.
        let ppmi = try PPMIMatrix.load(from: store, table: table)
        let svd = try RandomizedSVD(rank: 5, oversampling: parameters.oversampling, powerIterations: parameters.powerIterations,
                                    seed: 1).decompose(ppmi.matrix)
        let expected = EmbeddingBuilder.wordVectors(svd, eigenWeight: 0.5).normalizedRows()
        for (got, want) in zip(vectors.vectors.elements, expected.elements) { XCTAssertEqual(got, want, accuracy: 1e-6) }
        // The BLOB layout itself is exact: float32, little-endian.
        let floats: [Float] = [1, -0.5, .pi, .leastNonzeroMagnitude, 3.4e38]
        XCTAssertEqual(CorpusStore.floats(CorpusStore.data(floats)), floats)
        // Forced again with the same seed: identical bits.
        try builder.embed(table: table, parameters: parameters, force: true)
        XCTAssertEqual(try store.wordVectors(named: embedding.name).vectors, vectors.vectors)
        XCTAssertEqual(try store.embeddings().count, 1)
    }

    func testRemovingTopComponentsLeavesNoMeanAndNoTopDirection() throws {
        var generator = SeededGenerator(seed: 3)
        let rows = (0..<40).map { _ in (0..<6).map { _ in Float.random(in: -1...1, using: &generator) + 2 } }
        let cleaned = try EmbeddingBuilder.removingTopComponents(DenseMatrix(rows), count: 1)
        for j in 0..<6 {
            XCTAssertEqual((0..<40).reduce(Float(0)) { $0 + cleaned[$1, j] } / 40, 0, accuracy: 1e-4)
        }
        // The remaining matrix has no variance along the removed direction: its top singular
        // value is below the original centred matrix's second one… and strictly below the first.
        let before = try DenseMatrix(rows).thinSVD().singularValues
        let after = try cleaned.thinSVD().singularValues
        XCTAssertLessThan(after[0], before[0])
        XCTAssertEqual(after.last!, 0, accuracy: 1e-3)
    }
}
